from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from news import images, policy
from news.admin.access import PolicyAdminMixin, PolicyInlineMixin
from news.models import Article, Event, Person, Photo, PhotoPerson, RenditionState
from news.services import photos as photo_service


class AccessibleInlineFormSet(forms.BaseInlineFormSet):
    """Tabular rows label their inputs only by the column heading: give every input its name."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for field in form.fields.values():
            field.widget.attrs.setdefault("aria-label", str(field.label))


class PhotoForm(forms.ModelForm):
    """A photo with the people shown, chosen by autocomplete and kept in the order chosen."""

    people_in_photo = forms.ModelMultipleChoiceField(
        label=_("people shown"),
        queryset=Person.objects.all(),
        required=False,
        widget=AutocompleteSelectMultiple(Photo._meta.get_field("people"), admin.site),
    )

    class Meta:
        model = Photo
        fields = [
            "image",
            "caption",
            "caption_ru",
            "caption_en",
            "alt_text",
            "alt_text_ru",
            "alt_text_en",
            "credit",
            "order",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2, "cols": 30}) for name in ("caption", "caption_ru", "caption_en")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["people_in_photo"] = [link.person_id for link in self.instance.people_shown.all()]

    def _save_m2m(self):
        super()._save_m2m()
        if "people_in_photo" not in self.changed_data:
            return
        people = self.cleaned_data.get("people_in_photo") or []
        # Keep the order the editor chose, which the queryset's own order would lose.
        chosen_ids = [int(pk) for pk in self.data.getlist(self.add_prefix("people_in_photo"))] if self.data else []
        order = {pk: index for index, pk in enumerate(chosen_ids)}
        self.instance.people_shown.all().delete()
        PhotoPerson.objects.bulk_create(
            PhotoPerson(photo=self.instance, person=person, order=order.get(person.pk, 0)) for person in people
        )


class PhotoFormsetMixin:
    """For the admins with a photo inline: the photos the inline saved get their renditions and their
    article's search text through the photo service, as every other path does."""

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is not Photo:
            return
        for photo in formset.new_objects:
            photo_service.saved(photo, image_changed=bool(photo.image))
        for photo, changed_fields in formset.changed_objects:
            photo_service.saved(photo, image_changed="image" in changed_fields)
        photo_service.deleted({photo.article_id for photo in formset.deleted_objects})


class PhotoDisplayMixin:
    """What read-only pages show for a photo (the form's fields are not there)."""

    @admin.display(description=_("preview"))
    def preview(self, photo):
        return photo_preview(photo)

    @admin.display(description=_("people shown"))
    def people_in_photo(self, photo):
        return ", ".join(str(link.person) for link in photo.people_shown.all()) or "—"


def photo_preview(photo):
    if not photo or not photo.pk:
        return "—"
    if not photo.image:
        return format_html('<span class="status status-review">{}</span>', _("awaiting image"))
    if photo.rendition_state == RenditionState.PENDING:
        return format_html('<span class="status status-review">{}</span>', _("processing"))
    if photo.rendition_state == RenditionState.FAILED:
        return format_html(
            '<span class="status status-failed" title="{}">{}</span>', photo.rendition_error, _("renditions failed")
        )
    thumbnail = images.best_rendition(photo, "jpeg", 320)
    url = photo.image.storage.url(thumbnail["name"]) if thumbnail else photo.image.url
    return format_html('<img src="{}" alt="{}" class="photo-preview" loading="lazy">', url, photo.description)


class AwaitingImageFilter(admin.SimpleListFilter):
    """Captions imported from the old intranet wait here until someone attaches their image."""

    title = _("image")
    parameter_name = "image"

    def lookups(self, request, model_admin):
        return [("awaiting", _("awaiting image")), ("present", _("has an image"))]

    def queryset(self, request, queryset):
        if self.value() == "awaiting":
            return queryset.filter(image="")
        if self.value() == "present":
            return queryset.with_image()
        return queryset


class PhotoInline(PolicyInlineMixin, PhotoDisplayMixin, admin.StackedInline):
    """One card per photo, its thumbnail beside its fields (admin.css): a table of eight columns was wider than
    the screen, with the order and delete boxes out of sight."""

    class Media:
        css = {"all": ["news/admin.css"]}

    model = Photo
    form = PhotoForm
    formset = AccessibleInlineFormSet
    extra = 0
    classes = ["photo-cards"]
    # The Russian caption beside the original; every language of caption and alt text is in the photo's own form.
    fields = ["preview", ("caption", "caption_ru"), ("alt_text", "credit"), "people_in_photo", ("image", "order")]
    readonly_fields = ["preview"]
    ordering = ["order", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("people_shown__person")


@admin.register(Photo)
class PhotoAdmin(PolicyAdminMixin, PhotoDisplayMixin, admin.ModelAdmin):
    class Media:
        css = {"all": ["news/admin.css"]}

    form = PhotoForm
    list_display = ["preview", "caption", "article", "event", "credit", "uploaded_at"]
    list_display_links = ["preview", "caption"]
    list_select_related = ["article", "event"]
    list_filter = [AwaitingImageFilter, "rendition_state"]
    actions = ["render_again"]
    search_fields = ["caption", "alt_text", "credit", "article__title", "event__title"]
    autocomplete_fields = ["article", "event"]
    fields = [
        "preview",
        "image",
        "article",
        "event",
        ("caption", "caption_ru", "caption_en"),
        ("alt_text", "alt_text_ru", "alt_text_en"),
        "credit",
        "people_in_photo",
        "order",
    ]
    readonly_fields = ["preview"]
    date_hierarchy = "uploaded_at"

    @admin.action(description=_("Make the renditions again"), permissions=["change"])
    def render_again(self, request, queryset):
        photos = [
            photo
            for photo in queryset.with_image().exclude(rendition_state=RenditionState.PENDING)
            if policy.can(request.user, policy.CHANGE, photo)
        ]
        photo_service.send_to_workers(photos)
        self.message_user(
            request,
            ngettext("%(count)d photo sent to the workers.", "%(count)d photos sent to the workers.", len(photos))
            % {"count": len(photos)},
            messages.SUCCESS,
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        photo_service.saved(
            obj, image_changed="image" in form.changed_data, previous_article_id=form.initial.get("article")
        )

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        photo_service.deleted({obj.article_id})

    def delete_queryset(self, request, queryset):
        article_ids = set(queryset.values_list("article_id", flat=True))
        super().delete_queryset(request, queryset)
        photo_service.deleted(article_ids)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only where the user may put a photo; anything else posted fails validation.
        if db_field.name == "article":
            kwargs["queryset"] = policy.changeable_articles(request.user, Article.objects.all())
        elif db_field.name == "event" and not policy.can(request.user, policy.CHANGE, model=Event):
            kwargs["queryset"] = Event.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
