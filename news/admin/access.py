"""The access policy (news/policy.py) wired into the admin: every ModelAdmin and inline of the newsroom
takes its permissions, querysets and save checks from here, so no admin path decides on its own."""

from django import forms
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError

from news import policy


class PolicyAdminMixin:
    """A ModelAdmin whose permissions, object by object, and whose querysets are the policy's."""

    def get_queryset(self, request):
        return policy.scope_queryset(request.user, super().get_queryset(request))

    # Both the policy and the ModelAdmin's own rule must agree: a third-party admin may forbid more
    # (django-axes' records cannot be added by hand), never less.

    def has_view_permission(self, request, obj=None):
        return policy.can(request.user, policy.VIEW, obj, model=self.model) and super().has_view_permission(
            request, obj
        )

    def has_add_permission(self, request):
        return policy.can(request.user, policy.ADD, model=self.model) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return policy.can(request.user, policy.CHANGE, obj, model=self.model) and super().has_change_permission(
            request, obj
        )

    def has_delete_permission(self, request, obj=None):
        return policy.can(request.user, policy.DELETE, obj, model=self.model) and super().has_delete_permission(
            request, obj
        )

    # A relation's choices narrowed for a role (a correspondent's own units and no groups, the rights an
    # administrator holds) leave out stored values the form then cannot post back: they are kept on save, on
    # every ModelAdmin, or a plain "Save" would drop them (a draft meant for the board would become for everyone).

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if isinstance(field, forms.ModelChoiceField) and field.queryset.query.has_filters():
            field.keeps_stored_values_it_does_not_offer = True
        return field

    def save_model(self, request, obj, form, change):
        if change:
            for name, stored in unoffered_stored_values(form, multiple=False).items():
                setattr(obj, self.model._meta.get_field(name).attname, stored)
        # The form may have pointed the object elsewhere (another unit, another article): check where it lands.
        if not policy.may_keep(request.user, obj):
            raise PermissionDenied
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        kept = unoffered_stored_values(form, multiple=True) if change else {}
        super().save_related(request, form, formsets, change)
        for name, related in kept.items():
            getattr(form.instance, name).add(*related)

    def get_object(self, request, object_id, from_field=None):
        # Django looks up ?_to_field= as given: an empty one ("") names no field, which is a 500 there.
        try:
            return super().get_object(request, object_id, from_field or None)
        except FieldDoesNotExist:
            return None

    def get_changeform_initial_data(self, request):
        # An add form takes initial values from the query string (?article=12): a value that is no id of the
        # related model is dropped, or the related field's widget would look it up and fail (a 500).
        initial = super().get_changeform_initial_data(request)
        for name, value in list(initial.items()):
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if field.is_relation and field.related_model is not None:
                values = value if isinstance(value, list) else [value]
                if not all(is_possible_id(field.related_model, one) for one in values):
                    del initial[name]
        return initial

    def get_changelist(self, request, **kwargs):
        # Every ModelAdmin passes here, so the one guard every changelist needs is here too.
        return BoundedChangeList

    def response_action(self, request, queryset):
        # A list action's posted ids go straight into a pk__in lookup: one that is no id ("abc", a NUL byte,
        # a number past 64 bits) is a 500 there. Such ids select nothing, so they are dropped.
        selected = request.POST.getlist(helpers.ACTION_CHECKBOX_NAME)
        possible = [value for value in selected if is_possible_id(self.model, value)]
        if possible != selected:
            request.POST = request.POST.copy()
            request.POST.setlist(helpers.ACTION_CHECKBOX_NAME, possible)
        return super().response_action(request, queryset)

    def delete_queryset(self, request, queryset):
        if not all(policy.can(request.user, policy.DELETE, obj) for obj in queryset):
            raise PermissionDenied
        super().delete_queryset(request, queryset)


def unoffered_stored_values(form, multiple):
    """{field name: what is stored that the field does not offer} for the narrowed relation fields of a change
    form: the related objects of many-to-many fields (``multiple``), else a foreign key's stored id."""
    found = {}
    for name, field in form.fields.items():
        is_multiple = isinstance(field, forms.ModelMultipleChoiceField)
        if not getattr(field, "keeps_stored_values_it_does_not_offer", False) or is_multiple != multiple:
            continue
        stored = form.initial.get(name)
        if multiple:
            stored_ids = {getattr(value, "pk", value) for value in stored or ()}
            unoffered = stored_ids - set(field.queryset.filter(pk__in=stored_ids).values_list("pk", flat=True))
            if unoffered:
                found[name] = list(field.queryset.model._default_manager.filter(pk__in=unoffered))
        elif stored is not None and not field.queryset.filter(pk=getattr(stored, "pk", stored)).exists():
            found[name] = getattr(stored, "pk", stored)
    return found


# What a 64-bit integer primary key can hold (a longer number overflows SQLite's integers in a lookup).
LARGEST_ID = 2**63 - 1


def is_possible_id(model, value):
    """Could ``value`` (from a query string) be the primary key of a ``model`` row?"""
    try:
        key = model._meta.pk.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return False
    return not isinstance(key, int) or -LARGEST_ID <= key <= LARGEST_ID


class BoundedChangeList(ChangeList):
    """Django's changelist, answering a date drill-down out of range (``?publish_at__year=9999`` or a
    number too long for a date), or a NUL byte in any filter, like any other bad lookup, with the list and
    "?e=1", not a 500."""

    def get_filters(self, request):
        # A NUL byte is no value of any field, and PostgreSQL refuses to compare one (a 500 otherwise).
        if any("\x00" in value for values in request.GET.lists() for value in values[1]):
            raise IncorrectLookupParameters("NUL in a filter's value")
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


class PolicyInlineMixin:
    """An inline's rows may be changed by whoever may change the object they belong to (and its kind of row)."""

    def _allowed(self, request, action, parent):
        if not policy.can(request.user, action, model=self.model):
            return False
        if parent is None or parent.pk is None:
            return True
        return policy.can(request.user, policy.VIEW if action == policy.VIEW else policy.CHANGE, parent)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, policy.VIEW, obj)

    def has_add_permission(self, request, obj):
        return self._allowed(request, policy.ADD, obj)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, policy.CHANGE, obj)

    def has_delete_permission(self, request, obj=None):
        return self._allowed(request, policy.DELETE, obj)


def cover_every_model_admin(site):
    """Put the admins of other apps (django-axes' sign-in logs) under the policy too, so no admin path
    decides on its own. Runs once all admin modules are loaded (NewsConfig.ready)."""
    for model, model_admin in list(site._registry.items()):
        if not isinstance(model_admin, PolicyAdminMixin):
            site.unregister(model)
            site.register(model, type(type(model_admin).__name__, (PolicyAdminMixin, type(model_admin)), {}))


class ReadOnlyAdminMixin:
    """For records the code writes and people only read (the task queue, outgoing e-mail): nobody adds,
    changes or deletes one through the newsroom, whatever the policy would allow."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
