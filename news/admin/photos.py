from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from news.models import Person, Photo, PhotoPerson


class PhotoForm(forms.ModelForm):
    """A photo with the people shown, chosen by autocomplete and kept in the order chosen."""

    people_shown = forms.ModelMultipleChoiceField(
        label=_("people shown"),
        queryset=Person.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(Photo._meta.get_field("people"), admin.site),
    )

    class Meta:
        model = Photo
        fields = ["image", "caption", "alt_text", "credit", "order"]
        widgets = {"caption": forms.Textarea(attrs={"rows": 2, "cols": 40})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["people_shown"] = [link.person_id for link in self.instance.people_shown.all()]

    def _save_m2m(self):
        super()._save_m2m()
        if "people_shown" not in self.changed_data:
            return
        people = self.cleaned_data.get("people_shown") or []
        # Keep the order the editor chose, which the queryset's own order would lose.
        chosen_ids = [int(pk) for pk in self.data.getlist(self.add_prefix("people_shown"))] if self.data else []
        order = {pk: index for index, pk in enumerate(chosen_ids)}
        self.instance.people_shown.all().delete()
        PhotoPerson.objects.bulk_create(
            PhotoPerson(photo=self.instance, person=person, order=order.get(person.pk, 0)) for person in people
        )


def photo_preview(photo):
    if not photo or not photo.image:
        return "—"
    return format_html(
        '<img src="{}" alt="{}" style="max-width:120px;max-height:90px" loading="lazy">',
        photo.image.url,
        photo.description,
    )


class PhotoInline(admin.TabularInline):
    model = Photo
    form = PhotoForm
    extra = 0
    fields = ["preview", "image", "caption", "alt_text", "credit", "people_shown", "order"]
    readonly_fields = ["preview"]
    ordering = ["order", "pk"]

    @admin.display(description=_("preview"))
    def preview(self, photo):
        return photo_preview(photo)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("people_shown")


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    form = PhotoForm
    list_display = ["preview", "caption", "article", "event", "credit", "uploaded_at"]
    list_display_links = ["preview", "caption"]
    list_select_related = ["article", "event"]
    search_fields = ["caption", "alt_text", "credit", "article__title", "event__title"]
    autocomplete_fields = ["article", "event"]
    fields = ["preview", "image", "article", "event", "caption", "alt_text", "credit", "people_shown", "order"]
    readonly_fields = ["preview"]
    date_hierarchy = "uploaded_at"

    @admin.display(description=_("preview"))
    def preview(self, photo):
        return photo_preview(photo)
