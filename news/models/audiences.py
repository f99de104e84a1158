"""Who content is for: everyone (the default), or chosen units (each with its sub-units) and groups.

A reader's ``ReaderScope`` (news/models/scopes.py) holds their unit with every unit above it (an article for a
centre reaches the people of its departments) and their groups; ``audience_condition`` is the rule querysets
apply, next to the visibility rule of news/models/visibility.py. ``restricted`` is False on content for
everyone, so the common case costs one column test.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from news.models.scopes import reader_scope


def audience_condition(model, scope, outer="pk", prefix=""):
    """``model`` rows (articles or events, reached through ``prefix``) meant for a reader of ``scope``: for
    everyone, or for one of the reader's units or groups. Subqueries, not joins: no row is repeated."""
    condition = Q(**{f"{prefix}restricted": False})
    if scope.unit_ids:
        units = model.audience_units.through.objects.filter(**{f"{model._meta.model_name}_id": OuterRef(outer)})
        condition |= Exists(units.filter(unit_id__in=scope.unit_ids))
    if scope.group_ids:
        groups = model.audience_groups.through.objects.filter(**{f"{model._meta.model_name}_id": OuterRef(outer)})
        condition |= Exists(groups.filter(group_id__in=scope.group_ids))
    return condition


class WithAudience(models.Model):
    """Content (articles, events) for everyone, or for chosen units and groups."""

    audience_units = models.ManyToManyField(
        "news.Unit",
        verbose_name=_("for units"),
        related_name="+",
        blank=True,
        help_text=_("Empty (and no group chosen): for everyone. A unit includes its sub-units."),
    )
    audience_groups = models.ManyToManyField("auth.Group", verbose_name=_("for groups"), related_name="+", blank=True)
    # False when for everyone (no unit, no group): set with the audience by news/services/audiences.py.
    restricted = models.BooleanField(_("for some readers only"), default=False, editable=False, db_index=True)

    class Meta:
        abstract = True


class AudienceQuerySet(models.QuerySet):
    def visible_to(self, reader):
        """Those meant for ``reader`` (a user or a ReaderScope): for everyone, or for their unit or group."""
        return self.filter(audience_condition(self.model, reader_scope(reader)))
