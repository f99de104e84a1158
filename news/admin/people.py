from django.contrib import admin

from news.admin.access import PolicyAdminMixin
from news.models import Person
from news.services import photos as photo_service


@admin.register(Person)
class PersonAdmin(PolicyAdminMixin, admin.ModelAdmin):
    list_display = ["full_name", "position", "unit"]
    list_filter = [("unit", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["full_name", "position", "slug"]
    autocomplete_fields = ["unit"]
    fields = ["full_name", "unit", ("position", "position_ru", "position_en"), "portrait", "slug", "sort_key"]
    list_select_related = ["unit"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        photo_service.portrait_saved(obj, portrait_changed="portrait" in form.changed_data)
