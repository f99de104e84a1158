"""Who may do what: administrators manage users, their groups and unit assignments.

Nobody can raise their own rights (the object rules are in news/policy.py): one's own groups, staff and active flags
cannot be changed; only a superuser may grant superuser status, single
permissions or touch a superuser's account; and a group can only be given
permissions its editor holds, never by a member of that group.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import FilteredSelectMultiple
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from news import policy
from news.admin.access import PolicyAdminMixin
from news.directory import managed_user_fields
from news.models import DirectoryAccount, Profile, Unit
from news.services import roles as role_service

User = get_user_model()
# Also the unit one works in: news meant for a unit reaches its people, so choosing one's own would be a way in.
ROLE_FIELDS = ["is_active", "is_staff", "is_superuser", "groups", "user_permissions", "units", "work_unit"]


class UnitsFieldMixin(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("units"),
        queryset=Unit.objects.all(),
        required=False,
        widget=FilteredSelectMultiple(_("units"), is_stacked=False),
        help_text=_("A correspondent writes for these units only."),
    )
    work_unit = forms.ModelChoiceField(
        label=_("works in"),
        queryset=Unit.objects.all(),
        required=False,
        help_text=_("News meant for this unit (or a unit above it) reaches this employee."),
    )

    locked_fields = ()  # set per request by PortalUserAdmin.get_form for one's own account
    actor = None  # who fills the form in, set per request by PortalUserAdmin.get_form

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["units"].initial = list(self.instance.assigned_units.values_list("pk", flat=True))
            self.fields["work_unit"].initial = (
                Profile.objects.filter(user=self.instance).values_list("unit_id", flat=True).first()
            )
        # Disabled fields ignore whatever is posted: nobody grants themselves a role. (On this form's own
        # copies: the class's base fields are shared by every form, every user's, in the process.)
        for name in self.locked_fields:
            if name in self.fields:
                self.fields[name].disabled = True

    def clean(self):
        cleaned = super().clean()
        groups = cleaned.get("groups")
        if self.actor is None or groups is None or "groups" not in self.changed_data:
            return cleaned
        given = set(groups) - set(self.instance.groups.all() if self.instance.pk else ())
        beyond = policy.rights_of_groups(given) - policy.held_rights(self.actor)
        # The add form's password check has turned its "usable_password" choice into this flag.
        creating_with_password = self.instance.pk is None and cleaned.get("set_usable_password", False)
        if beyond and not policy.may_grant_rights(self.actor, self.instance, creating_with_password):
            self.add_error(
                "groups",
                _(
                    "Roles are granted by someone else: you know this account's password, so you may not give it "
                    "rights you do not hold. Create it without a password (it signs in with the company "
                    "directory), or ask a superuser."
                ),
            )
        return cleaned

    def _save_m2m(self):
        super()._save_m2m()
        if "units" in self.cleaned_data:
            self.instance.assigned_units.set(self.cleaned_data["units"])
        if "work_unit" in self.changed_data:
            Profile.objects.update_or_create(user=self.instance, defaults={"unit": self.cleaned_data["work_unit"]})


class PortalUserChangeForm(UnitsFieldMixin, UserChangeForm):
    def clean_username(self):
        # As the add form does: "ANV" beside "anv" is one person to the directory and to people reading the list.
        username = self.cleaned_data.get("username")
        if username and User.objects.filter(username__iexact=username).exclude(pk=self.instance.pk).exists():
            raise ValidationError(self.instance.unique_error_message(User, ["username"]), code="unique")
        return username

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "password" in self.fields and is_directory_user(self.instance):
            self.fields["password"].help_text = _(
                "The company directory keeps this person's password: it is changed there, not here."
            )


class PortalUserCreationForm(UnitsFieldMixin, AdminUserCreationForm):
    pass


admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class PortalUserAdmin(PolicyAdminMixin, UserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    list_display = ["username", "get_full_name", "email", "is_active", "is_staff", "roles", "unit_names", "directory"]
    list_filter = [
        "is_active",
        "is_staff",
        "groups",
        "assigned_units",
        ("directory_account", admin.EmptyFieldListFilter),
    ]
    actions = ["deactivate"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email", "work_unit"]}),
        (_("Roles"), {"fields": ["is_active", "is_staff", "groups", "units"]}),
        (_("Superuser only"), {"classes": ["collapse"], "fields": ["is_superuser", "user_permissions"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (None, {"classes": ["wide"], "fields": ["username", "usable_password", "password1", "password2"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email", "work_unit"]}),
        (_("Roles"), {"fields": ["is_staff", "groups", "units"]}),
    ]
    readonly_fields = ["last_login", "date_joined"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("directory_account")
            .prefetch_related("groups", "assigned_units")
        )

    @admin.display(description=_("company directory"), boolean=True, ordering="directory_account")
    def directory(self, user):
        return is_directory_user(user)

    @admin.display(description=_("groups"))
    def roles(self, user):
        return ", ".join(group.name for group in user.groups.all())

    @admin.display(description=_("units"))
    def unit_names(self, user):
        return ", ".join(str(unit) for unit in user.assigned_units.all())

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [(name, options) for name, options in fieldsets if name != _("Superuser only")]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        locked = set()  # get_form made this class for this request only
        if obj is not None and obj.pk == request.user.pk:
            locked.update(ROLE_FIELDS)
        if obj is not None and is_directory_user(obj):
            locked.update(managed_user_fields())  # the directory's say, refreshed at each sign-in
        form.locked_fields = sorted(locked)
        form.actor = request.user
        return form

    def user_change_password(self, request, id, form_url=""):
        user = self.get_object(request, id)
        if user is not None and is_directory_user(user):
            # A portal password would outlive the directory account: a leaver could still sign in with it.
            raise PermissionDenied
        if user is not None and not policy.may_set_password(request.user, user):
            raise PermissionDenied  # an administrator setting an editor's password could then publish
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        # Roles are read before the save and compared after the groups are saved too (save_related).
        request.roles_before_save = role_service.roles_of(obj)
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data:
            # An administrator's decision: the directory no longer opens or closes this account by itself.
            DirectoryAccount.objects.filter(user=obj).update(closed_by_directory=False)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        role_service.record(request.user, form.instance, request.roles_before_save)

    @admin.action(description=_("Deactivate selected users"), permissions=["change"])
    def deactivate(self, request, queryset):
        targets = queryset.exclude(pk=request.user.pk)
        if not request.user.is_superuser:
            targets = targets.exclude(is_superuser=True)
        # One save each, not a bulk update: the signals must reach the signed-in user cache (portal/auth.py).
        count = 0
        for user in targets.filter(is_active=True):
            user.is_active = False
            user.save(update_fields=["is_active"])
            DirectoryAccount.objects.filter(user=user).update(closed_by_directory=False)  # as in save_model
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d user deactivated.", "%(count)d users deactivated.", count) % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Group)
class PortalGroupAdmin(PolicyAdminMixin, GroupAdmin):
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        # Only the rights its editor holds are offered; those it does not offer survive the save (PolicyAdminMixin).
        if db_field.name == "permissions" and not request.user.is_superuser:
            kwargs["queryset"] = policy.held_permissions(request.user)
        return super().formfield_for_manytomany(db_field, request=request, **kwargs)


def is_directory_user(user):
    return user.pk is not None and hasattr(user, "directory_account")
