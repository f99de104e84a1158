from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from news.admin.access import PolicyAdminMixin
from news.models import Unit


@admin.register(Unit)
class UnitAdmin(PolicyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "short_name", "parent", "order"]
    list_editable = ["order"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "short_name", "name_ru", "short_name_ru", "aliases", "slug"]
    autocomplete_fields = ["parent"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    ("name", "name_ru", "name_en"),
                    ("short_name", "short_name_ru", "short_name_en"),
                    "parent",
                    "order",
                ]
            },
        ),
        (_("Details"), {"fields": ["slug", "aliases", "description"]}),
    ]
