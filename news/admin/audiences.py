"""Who an article or event is for, in the newsroom: chosen beside where it belongs, shown in the lists.
Correspondents may only target their own units (and no group); the rule readers meet is on the querysets."""

from django.contrib import admin
from django.contrib.auth.models import Group
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from news import policy
from news.models import Unit
from news.services import audiences as audience_service

AUDIENCE_FIELDS = ["audience_units", "audience_groups"]


class AudienceAdminMixin:
    """For the admins of articles and events: the audience fields, their choices, the list column, and the
    ``restricted`` flag kept in step once the form has saved them."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "audience_units":
            kwargs["queryset"] = policy.assignable_units(request.user, Unit.objects.all())
        elif db_field.name == "audience_groups" and not policy.is_editor(request.user):
            kwargs["queryset"] = Group.objects.none()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_queryset(self, request):
        # The list shows each one's audience: read for the whole page at once.
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch("audience_units", queryset=Unit.objects.only("name", "short_name")), "audience_groups"
            )
        )

    @admin.display(description=_("for"))
    def audience(self, content):
        names = [unit.label for unit in content.audience_units.all()]
        names += [group.name for group in content.audience_groups.all()]
        return ", ".join(names) if names else _("Everyone")

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        audience_service.audience_saved(form.instance)
