"""Articles' translations in the newsroom: written beside the original (read-only, on the left), published by
editors, flagged when the original changed since, and kept in the article's history."""

import reversion
from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from news import policy
from news.admin.access import PolicyAdminMixin, is_possible_id
from news.admin.editor import TranslatedEditorMixin
from news.models import Article, ArticleTranslation, TranslationStatus
from news.models.translations import LANGUAGE_NAMES
from news.services import translations as translation_service

TEXT_FIELDS = ("title", "lead", "body")
# Whole phrases per language, not "Needs %(language)s": Vietnamese writes a language's name in lower case
# mid-sentence ("cần bản tiếng Nga") but capitalised alone ("Tiếng Nga").
NEEDS = {"vi": _("Needs Vietnamese"), "ru": _("Needs Russian"), "en": _("Needs English")}
OUT_OF_DATE = {"vi": _("Vietnamese out of date"), "ru": _("Russian out of date"), "en": _("English out of date")}
TRANSLATE_INTO = {
    "vi": _("Translate into Vietnamese"),
    "ru": _("Translate into Russian"),
    "en": _("Translate into English"),
}


class TranslationForm(forms.ModelForm):
    user = None  # set per request by ArticleTranslationAdmin.get_form

    confirm_current = forms.BooleanField(
        label=_("Matches the original as it is now"),
        required=False,
        help_text=_(
            "Tick when you checked the translation against the original's latest text and it needs no change: "
            "it is then no longer marked out of date. Saving changes to the text does the same."
        ),
    )

    class Meta:
        model = ArticleTranslation
        fields = ["article", "language", "title", "lead", "body", "translator", "status"]
        widgets = {"lead": forms.Textarea(attrs={"rows": 3, "cols": 80})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields and self.user is not None and not policy.is_editor(self.user):
            allowed = {TranslationStatus.DRAFT, TranslationStatus.REVIEW, self.instance.status}
            self.fields["status"].choices = [(v, label) for v, label in TranslationStatus.choices if v in allowed]

    def clean(self):
        cleaned = super().clean()
        article = cleaned.get("article") or (self.instance.article if self.instance.article_id else None)
        language = cleaned.get("language") or self.instance.language
        if article is not None and language == article.language:
            self.add_error("language", _("The article is written in this language: choose another one."))
        was_published = self.instance.pk is not None and self.instance.status == TranslationStatus.PUBLISHED
        publishes = cleaned.get("status", self.instance.status) == TranslationStatus.PUBLISHED
        if was_published != publishes and not policy.can(self.user, policy.PUBLISH):
            self.add_error("status", _("Only editors may publish or unpublish translations."))
        return cleaned


class OutOfDateFilter(admin.SimpleListFilter):
    title = _("up to date")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("no", _("Out of date")), ("yes", _("Up to date"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return translation_service.out_of_date(queryset)
        if self.value() == "yes":
            return queryset.filter(source_fingerprint=F("article__text_fingerprint"))
        return queryset


def kept_in_history(request, translations, comment):
    """Keep the articles of ``translations`` in their history as they are now (each with all its translations:
    restoring that version brings the translation back with its article)."""
    with reversion.create_revision():
        for translation in translations:
            reversion.add_to_revision(translation.article)
        reversion.set_user(request.user)
        reversion.set_comment(comment)


def save_each(modeladmin, request, queryset, comment, done, status=None):
    """A list action: save each selected translation the user may change (with ``status`` if given), keep
    their articles in history and say how many (``done(count)``, a message with %(count)d)."""
    chosen = [t for t in queryset.select_related("article") if modeladmin.has_change_permission(request, t)]
    for translation in chosen:
        translation.status = status or translation.status
        # Confirming makes a translation current; publishing leaves that as it was.
        translation_service.save(translation, user=request.user, made_current=status is None)
    kept_in_history(request, chosen, str(comment))
    modeladmin.message_user(request, done(len(chosen)) % {"count": len(chosen)}, messages.SUCCESS)


@admin.action(description=_("Mark as matching the original"), permissions=["change"])
def confirm_current_selected(modeladmin, request, queryset):
    def done(count):
        return ngettext("%(count)d translation marked up to date.", "%(count)d translations marked up to date.", count)

    save_each(modeladmin, request, queryset, _("Translation marked as matching the original"), done)


@admin.action(description=_("Publish the selected translations"), permissions=["publish"])
def publish_selected(modeladmin, request, queryset):
    def done(count):
        return ngettext("%(count)d translation published.", "%(count)d translations published.", count)

    save_each(modeladmin, request, queryset, _("Translation published"), done, status=TranslationStatus.PUBLISHED)


@admin.register(ArticleTranslation)
class ArticleTranslationAdmin(PolicyAdminMixin, TranslatedEditorMixin, admin.ModelAdmin):
    form = TranslationForm
    change_form_template = "admin/news/articletranslation/change_form.html"
    list_display = ["title", "article", "language", "status", "up_to_date", "translator", "updated_at"]
    list_filter = ["language", "status", OutOfDateFilter]
    list_select_related = ["article"]
    search_fields = ["title", "article__title", "translator"]
    autocomplete_fields = ["article"]
    actions = [confirm_current_selected, publish_selected]
    fieldsets = [
        (None, {"fields": ["article", "language", "title", "lead", "body", "translator"]}),
        (_("Publishing"), {"fields": ["status", "confirm_current"]}),
    ]

    class Media:
        css = {"all": ["news/admin.css"]}
        js = ["news/admin-a11y.js"]

    @admin.display(description=_("up to date"), boolean=True)
    def up_to_date(self, translation):
        return not translation.is_out_of_date

    def has_publish_permission(self, request):
        return policy.can(request.user, policy.PUBLISH)

    def get_readonly_fields(self, request, obj=None):
        # A translation stays with its article and language; another one is a new translation.
        return ["article", "language"] if obj is not None else []

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        return [(name, {**o, "fields": [f for f in o["fields"] if f != "confirm_current"]}) for name, o in fieldsets]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "article":
            kwargs["queryset"] = policy.changeable_articles(request.user, Article.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        form.user = request.user  # a new class each request: no leak between users
        return form

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        translation = self.get_object(request, object_id) if object_id else None
        original = translation.article if translation is not None else self._article_asked_for(request)
        extra_context = {
            "original_article": original,
            "out_of_date": translation is not None and translation.is_out_of_date,
            **(extra_context or {}),
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _article_asked_for(self, request):
        """The article of ``?article=`` (a new translation's original), if the user may see it."""
        article_id = request.GET.get("article", "")
        if not is_possible_id(Article, article_id):
            return None
        article = Article.objects.filter(pk=article_id).first()
        return article if article is not None and policy.can(request.user, policy.VIEW, article) else None

    def save_model(self, request, obj, form, change):
        if not policy.may_keep(request.user, obj):
            raise PermissionDenied
        text_changed = not change or any(name in form.changed_data for name in TEXT_FIELDS)
        made_current = text_changed or form.cleaned_data.get("confirm_current", False)
        with reversion.create_revision():
            translation_service.save(obj, user=request.user, made_current=made_current)
            reversion.add_to_revision(obj.article)
            reversion.set_user(request.user)
            reversion.set_comment(
                str(_("Translation saved (%(language)s)")) % {"language": LANGUAGE_NAMES[obj.language]}
            )

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        translation_service.deleted(obj.article)

    def delete_queryset(self, request, queryset):
        articles = {translation.article for translation in queryset.select_related("article")}
        super().delete_queryset(request, queryset)
        for article in articles:
            translation_service.deleted(article)


# The article list's view of translations ----------------------------------------------------------------------


def translation_states(article):
    """Per translation of ``article`` (prefetched): a link to it, saying whether it is published and current."""
    rows = []
    for translation in article.translations.all():
        if translation.is_out_of_date:
            state, label = "outdated", _("out of date")
        elif translation.is_published:
            state, label = "published", _("published")
        else:
            state, label = "draft", translation.get_status_display()
        url = reverse("admin:news_articletranslation_change", args=[translation.pk])
        rows.append((state, url, LANGUAGE_NAMES[translation.language], translation.language.upper(), label))
    if not rows:
        return "—"
    return format_html_join(
        " ",
        '<a class="translation-state translation-{}" href="{}" title="{}">{} <small>{}</small></a>',
        rows,
    )


def translation_links(user, article):
    """For the article's change page: each other language, with its translation (and its state) or, where the user
    may write one, a link to start it."""
    existing = {translation.language: translation for translation in article.translations.all()}
    may_add = policy.can(user, policy.ADD, model=ArticleTranslation) and policy.can(user, policy.CHANGE, article)
    links = []
    for code, name in LANGUAGE_NAMES.items():
        translation = existing.get(code)
        if translation is not None:
            links.append(
                {
                    "name": name,
                    "translation": translation,
                    "url": reverse("admin:news_articletranslation_change", args=[translation.pk]),
                }
            )
        elif code != article.language and may_add:
            add_url = reverse("admin:news_articletranslation_add") + f"?article={article.pk}&language={code}"
            links.append({"name": name, "add_url": add_url, "label": TRANSLATE_INTO[code]})
    return links


class TranslationNeedFilter(admin.SimpleListFilter):
    """ "Needs Russian" (no published Russian translation) and "Russian out of date", for every language."""

    title = _("translations")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [
            choice
            for code in LANGUAGE_NAMES
            for choice in [(f"needs-{code}", NEEDS[code]), (f"outdated-{code}", OUT_OF_DATE[code])]
        ]

    def queryset(self, request, queryset):
        need, _dash, code = (self.value() or "").partition("-")
        if code not in LANGUAGE_NAMES:
            return queryset
        of_article = ArticleTranslation.objects.filter(article=OuterRef("pk"), language=code)
        if need == "needs":
            return queryset.exclude(language=code).exclude(Exists(of_article.published()))
        if need == "outdated":
            return queryset.filter(Exists(of_article.exclude(source_fingerprint=OuterRef("text_fingerprint"))))
        return queryset
