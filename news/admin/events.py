from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from news.admin.access import PolicyAdminMixin, PolicyInlineMixin
from news.admin.audiences import AUDIENCE_FIELDS, AudienceAdminMixin
from news.admin.photos import AccessibleInlineFormSet, PhotoFormsetMixin, PhotoInline
from news.models import Event, EventParticipant


class EventParticipantInline(PolicyInlineMixin, admin.TabularInline):
    model = EventParticipant
    formset = AccessibleInlineFormSet
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "role", "role_ru", "position", "position_ru", "position_en", "order"]


@admin.register(Event)
class EventAdmin(PolicyAdminMixin, AudienceAdminMixin, PhotoFormsetMixin, admin.ModelAdmin):
    list_display = ["title", "kind", "unit", "audience", "start", "year", "attendance"]
    list_filter = ["kind", ("unit", admin.RelatedOnlyFieldListFilter), "year"]
    search_fields = ["title", "title_ru", "place", "slug"]
    autocomplete_fields = ["unit", *AUDIENCE_FIELDS]
    date_hierarchy = "start"
    list_select_related = ["unit"]
    inlines = [EventParticipantInline, PhotoInline]
    fieldsets = [
        (None, {"fields": [("title", "title_ru", "title_en"), "kind", "unit", "year"]}),
        (_("When and where"), {"fields": ["start", "end", ("place", "place_ru", "place_en"), "attendance"]}),
        (_("Details"), {"fields": ["slug", ("description", "description_ru", "description_en")]}),
        (_("Readers"), {"fields": AUDIENCE_FIELDS}),
    ]
