from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from news.models.base import PortalModel, url_maker
from news.models.translations import Translatable, translation_of


class UnitQuerySet(models.QuerySet):
    def tree(self):
        """All units depth first, each under its parent, with ``depth`` set (0 for top units)."""
        units = list(self.order_by("order", "name"))
        children = {}
        for unit in units:
            children.setdefault(unit.parent_id, []).append(unit)
        known = {unit.pk for unit in units}
        ordered = []

        def visit(unit, depth):
            unit.depth = depth
            ordered.append(unit)
            for child in children.get(unit.pk, []):
                visit(child, depth + 1)

        for unit in units:
            if unit.parent_id is None or unit.parent_id not in known:
                visit(unit, 0)
        return ordered


class Unit(Translatable, PortalModel):
    """An organisational unit: the company, a centre, an enterprise, an institute."""

    name = models.CharField(_("full name"), max_length=255, unique=True)
    short_name = models.CharField(
        _("short name"), max_length=100, blank=True, help_text=_("For example “Trung tâm CNTT&LL”.")
    )
    name_ru = translation_of(name, "ru")
    name_en = translation_of(name, "en")
    short_name_ru = translation_of(short_name, "ru")
    short_name_en = translation_of(short_name, "en")
    slug = models.SlugField(_("slug"), max_length=120, unique=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        related_name="children",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
    )
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_("Other names this unit is written as, one a line (used when importing)."),
    )
    description = models.TextField(_("description"), blank=True)
    correspondents = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("correspondents"),
        related_name="assigned_units",
        blank=True,
        help_text=_("Correspondents who write for this unit."),
    )
    order = models.PositiveIntegerField(_("display order"), default=0)

    objects = UnitQuerySet.as_manager()
    slug_source = "name"
    translated_fields = ("name", "short_name")

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.short_name or self.name

    @property
    def label(self):
        """The name readers see where space is short: the short name, else the full name, in their language."""
        return self.localized("short_name", "name")

    @property
    def full_label(self):
        return self.localized("name")

    def get_absolute_url(self):
        return url_maker("news:unit_detail", "slug")(slug=self.slug)

    @property
    def alias_list(self):
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def all_names(self):
        return [n for n in (self.name, self.short_name, *self.alias_list) if n]
