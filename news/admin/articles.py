import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.admin.views.main import SEARCH_VAR
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Prefetch, Q, Value, When
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.urls import path
from django.utils import formats, timezone, translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion_compare.admin import CompareVersionAdmin

from news import policy, views
from news.admin.access import PolicyAdminMixin, PolicyInlineMixin
from news.admin.acknowledgements import MustReadAdminMixin
from news.admin.audiences import AUDIENCE_FIELDS, AudienceAdminMixin
from news.admin.editor import TranslatedEditorMixin
from news.admin.photos import AccessibleInlineFormSet, PhotoFormsetMixin, PhotoInline
from news.admin.reading import ReadingStatisticsAdminMixin
from news.admin.translations import TranslationNeedFilter, translation_links, translation_states
from news.forms import MultipleImageField, describe_rejected
from news.models import (
    Article,
    ArticleCredit,
    ArticleMention,
    ArticleStatus,
    ArticleTranslation,
    Category,
    Event,
    Unit,
)
from news.services import articles as article_service
from news.services import photos as photo_service
from news.services import revisions, workflow
from news.services.workflow import local_time

# The fields whose changes are worth naming when a save is refused as out of date.
TRACKED_FIELDS = [
    "title",
    "lead",
    "body",
    "language",
    "unit",
    "category",
    "event",
    "status",
    "publish_at",
    "featured",
    "slug",
]


class ArticleAdminForm(forms.ModelForm):
    user = None  # set per request by ArticleAdmin.get_form

    # The version the editor opened, checked on save so that nobody overwrites a newer one.
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    new_photos = MultipleImageField(
        label=_("Add photos"),
        help_text=_("Choose many photos at once; they are added in file-name order, ready for captions."),
    )

    class Meta:
        model = Article
        fields = [*TRACKED_FIELDS, *AUDIENCE_FIELDS, "must_read", "must_read_due"]
        widgets = {"lead": forms.Textarea(attrs={"rows": 3, "cols": 80})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.workflow_action = None
        self.fields["version"].initial = self.instance.version
        if "language" in self.fields and self.is_bound and "language" not in self.data:
            # A form posted without it (a script, a page opened before the field existed) keeps the language.
            self.fields["language"].disabled = True
        if "publish_at" in self.fields:  # the admin's split date and time inputs have no <label> of their own
            date_input, time_input = self.fields["publish_at"].widget.widgets
            date_input.attrs["aria-label"] = _("Publish date")
            time_input.attrs["aria-label"] = _("Publish time")
        if "status" in self.fields and self.user is not None and not policy.is_editor(self.user):
            allowed = {ArticleStatus.DRAFT, ArticleStatus.REVIEW, self.instance.status}
            self.fields["status"].choices = [(v, label) for v, label in ArticleStatus.choices if v in allowed]

    def clean(self):
        cleaned = super().clean()
        loaded = cleaned.get("version")
        if self.instance.pk and loaded is not None:  # a form without the field (a script) is not checked
            self._check_not_out_of_date(loaded)
        # The saved count is incremented by the database (Article.save), whatever the form says.
        cleaned["version"] = self.instance.version or 1
        self._check_workflow(cleaned)
        return cleaned

    def _check_not_out_of_date(self, loaded):
        # Lock the row until this request commits, so two saves cannot both pass this check.
        current = Article.objects.select_for_update().get(pk=self.instance.pk)
        if loaded == current.version:
            return
        changed = [
            str(Article._meta.get_field(name).verbose_name)
            for name in TRACKED_FIELDS
            if name in self.cleaned_data and _value(self.cleaned_data[name]) != _value(getattr(current, name))
        ]
        raise forms.ValidationError(
            _(
                "%(user)s saved this article at %(time)s, after you opened it. Your changes were not saved, "
                "so theirs are not lost. Fields that now differ from yours: %(fields)s. Copy your changes, "
                "reload the page and apply them again."
            ),
            code="out_of_date",
            params={
                "user": current.updated_by or _("Someone"),
                "time": local_time(current.updated_at),
                "fields": ", ".join(changed) or _("none (only photos, people or credits)"),
            },
        )

    def _check_workflow(self, cleaned):
        """A workflow button, or a change of the status field, must be allowed for this user."""
        old_status = self.instance.status if self.instance.pk else ArticleStatus.DRAFT
        button = self.data.get("_workflow")
        try:
            if button:
                if button not in workflow.ACTIONS:
                    raise workflow.WorkflowError(_("Unknown action."))
                action = workflow.ACTIONS[button]
            else:
                action = workflow.action_for_status_change(
                    old_status, cleaned.get("status", old_status), cleaned.get("publish_at")
                )
            if action is None:
                return
            workflow.check(self.user, self.instance, action, old_status=old_status)
            workflow.apply(Article(status=old_status, publish_at=cleaned.get("publish_at")), action)  # a dry run
        except (PermissionDenied, workflow.WorkflowError) as error:
            raise forms.ValidationError(str(error), code="workflow") from error
        # The form saves the other changes; the step itself is workflow.perform's (ArticleAdmin.save_related).
        cleaned["status"] = old_status
        self.workflow_action = action


def _value(value):
    return getattr(value, "pk", value)


def _date_and_time(moment, *more):
    """A list cell's time on two short lines: the date, then the time (and ``more``, e.g. who)."""
    moment = timezone.localtime(moment)
    second_line = " · ".join([formats.time_format(moment, "TIME_FORMAT"), *filter(None, more)])
    return format_html(
        '{}<small class="list-notes">{}</small>', formats.date_format(moment, "SHORT_DATE_FORMAT"), second_line
    )


class StatusFilter(admin.SimpleListFilter):
    """Status with the number of articles in each, within what the user may see."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        counts = dict(model_admin.get_queryset(request).order_by().values_list("status").annotate(count=Count("pk")))
        return [(value, f"{label} ({counts.get(value, 0)})") for value, label in ArticleStatus.choices]

    def queryset(self, request, queryset):
        if self.value() in ArticleStatus.values:
            return queryset.filter(status=self.value())
        return queryset


def needs_attention(user):
    """What waits for ``user`` in the newsroom. Editors: articles in review, scheduled ones, and the drafts they
    wrote or last changed. Correspondents (who see only their units' articles): the drafts and those in review.
    "Scheduled" is by the portal's clock, as ``published()`` is, not the database server's."""
    if policy.is_editor(user):
        return (
            Q(status=ArticleStatus.REVIEW)
            | Q(status=ArticleStatus.PUBLISHED, publish_at__gt=timezone.now())
            | Q(status=ArticleStatus.DRAFT) & (Q(created_by=user) | Q(updated_by=user))
        )
    return Q(status__in=[ArticleStatus.DRAFT, ArticleStatus.REVIEW])


def attention_rank(user):
    """The order in which the list shows what waits: for editors what is in review, then scheduled, then their
    drafts; for correspondents their drafts, then what is in review; everything else after."""
    if policy.is_editor(user):
        steps = [
            Q(status=ArticleStatus.REVIEW),
            Q(status=ArticleStatus.PUBLISHED, publish_at__gt=timezone.now()),
            Q(status=ArticleStatus.DRAFT) & (Q(created_by=user) | Q(updated_by=user)),
        ]
    else:
        steps = [Q(status=ArticleStatus.DRAFT), Q(status=ArticleStatus.REVIEW)]
    return Case(
        *(When(condition, then=Value(rank)) for rank, condition in enumerate(steps)),
        default=Value(len(steps)),
        output_field=IntegerField(),
    )


class AttentionFilter(admin.SimpleListFilter):
    """The list opens on what needs the user's attention (``needs_attention``), with everything one click away.
    Any other filter or a search looks through everything; so does the list when nothing waits."""

    title = _("show")
    parameter_name = "show"
    template = "admin/news/article/attention_filter.html"
    ATTENTION, ALL = "attention", "all"

    def __init__(self, request, params, model, model_admin):
        # Built first (list_filter's first), so ``params`` still holds every other filter's parameters.
        self.other_choices = any(name != self.parameter_name for name in params) or bool(request.GET.get(SEARCH_VAR))
        counts = (
            model_admin.get_queryset(request)
            .order_by()
            .aggregate(waiting=Count("pk", filter=needs_attention(request.user)), total=Count("pk"))
        )
        self.waiting, self.total = counts["waiting"], counts["total"]
        super().__init__(request, params, model, model_admin)

    def mode(self):
        if self.value() in (self.ATTENTION, self.ALL):
            return self.value()
        return self.ATTENTION if self.waiting and not self.other_choices else self.ALL

    def lookups(self, request, model_admin):
        return [
            (self.ATTENTION, _("Needs attention (%(count)d)") % {"count": self.waiting}),
            (self.ALL, _("All articles (%(count)d)") % {"count": self.total}),
        ]

    def choices(self, changelist):
        # No "All" of Django's own (no parameter): without one the list chooses for itself (``mode``).
        for value, label in self.lookup_choices:
            yield {
                "selected": self.mode() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        if self.mode() == self.ATTENTION:
            return queryset.filter(needs_attention(request.user))
        return queryset


class PublishYearFilter(admin.SimpleListFilter):
    title = _("publish year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = (
            model_admin.get_queryset(request)
            .exclude(publish_at=None)
            .annotate(publish_year=ExtractYear("publish_at"))
            .values_list("publish_year", flat=True)
            .distinct()
            .order_by("-publish_year")
        )
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        # Four digits: a longer number is past the last year a date can hold (a 500 otherwise).
        if self.value() and self.value().isascii() and self.value().isdigit() and len(self.value()) == 4:
            return queryset.filter(publish_at__year=int(self.value()))
        return queryset


class ArticleCreditInline(PolicyInlineMixin, admin.TabularInline):
    model = ArticleCredit
    formset = AccessibleInlineFormSet
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["role", "person", "name", "order"]


class ArticleMentionInline(PolicyInlineMixin, admin.TabularInline):
    model = ArticleMention
    formset = AccessibleInlineFormSet
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "position", "position_ru", "position_en", "order"]


@admin.register(Category)
class CategoryAdmin(PolicyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "name_ru", "name_en", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name", "name_ru"]
    fields = [("name", "name_ru", "name_en"), "slug", "order"]


def workflow_list_action(name):
    """A changelist action running one workflow step on every selected article the user may change."""
    action = workflow.ACTIONS[name]

    def run(modeladmin, request, queryset):
        done, refused = 0, []
        for article in queryset:
            try:
                if not modeladmin.has_change_permission(request, article):
                    raise PermissionDenied
                workflow.perform(request.user, article, name)
                done += 1
            except (PermissionDenied, workflow.WorkflowError):
                refused.append(article.title)
        if done:
            modeladmin.message_user(
                request,
                ngettext("%(action)s: %(count)d article.", "%(action)s: %(count)d articles.", done)
                % {"action": action.done, "count": done},
                messages.SUCCESS,
            )
        if refused:
            modeladmin.message_user(
                request,
                _("Not possible for: %(titles)s") % {"titles": "; ".join(refused)},
                messages.WARNING,
            )

    run.__name__ = f"{name}_selected"
    permissions = ["publish"] if action.needs_publish_permission else ["change"]
    return admin.action(description=action.label, permissions=permissions)(run)


# The step that moves an article on, offered as the form's main button beside "Save".
PRIMARY_STEPS = ("publish", "submit")


def workflow_buttons(user, article):
    """The change form's workflow buttons (submit_line.html): the step that moves the article on (an editor
    publishes, a correspondent submits for review) as the main button, the others after the save buttons."""
    actions = workflow.available_actions(user, article)
    names = {action.name for action in actions}
    primary = next((workflow.ACTIONS[name] for name in PRIMARY_STEPS if name in names), None)
    return {
        "workflow_actions": actions,
        "workflow_primary": primary,
        "workflow_others": [action for action in actions if action is not primary],
    }


@admin.register(Article)
class ArticleAdmin(
    PolicyAdminMixin,
    TranslatedEditorMixin,
    MustReadAdminMixin,
    ReadingStatisticsAdminMixin,
    AudienceAdminMixin,
    PhotoFormsetMixin,
    CompareVersionAdmin,
):
    form = ArticleAdminForm
    change_list_template = "admin/news/article/change_list.html"
    # Six columns fit beside the filters at 1366 px: the category goes under the unit, "featured" and the
    # translations under the status, times on two lines (who changed it last under when).
    list_display = [
        "title",
        "unit_and_category",
        "status_and_translations",
        "audience",
        "publish_time",
        "last_change",
    ]
    list_filter = [
        AttentionFilter,
        StatusFilter,
        TranslationNeedFilter,
        ("unit", admin.RelatedOnlyFieldListFilter),
        "category",
        PublishYearFilter,
        "featured",
        "must_read",
    ]
    list_select_related = ["unit", "category", "updated_by"]
    search_fields = ["title", "lead", "slug"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["unit", "category", "event", *AUDIENCE_FIELDS]
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    inlines = [PhotoInline, ArticleMentionInline, ArticleCreditInline]
    actions = [
        *(workflow_list_action(name) for name in ("submit", "publish", "unpublish", "archive")),
        "ask_again_selected",
    ]
    fieldsets = [
        (None, {"fields": ["title", "lead", "body"]}),
        (_("Photos"), {"fields": ["new_photos"]}),
        (_("Where it belongs"), {"fields": ["unit", "category", "event", "language"]}),
        (_("Readers"), {"fields": [*AUDIENCE_FIELDS, "must_read", "must_read_due"]}),
        (_("Publishing"), {"fields": ["status", "publish_at", "featured", "slug", "version"]}),
        (
            _("History"),
            {"classes": ["collapse"], "fields": ["created_at", "created_by", "updated_at", "updated_by"]},
        ),
    ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fieldsets
        # Read-only view: the form-only fields (photo upload, version) have nothing to show.
        form_only = {"new_photos", "version"}
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in form_only]})
            for name, options in fieldsets
            if any(f not in form_only for f in options["fields"])
        ]

    class Media:
        css = {"all": ["news/admin.css"]}
        js = ["news/admin-a11y.js"]

    def view_on_site(self, article):
        # Readers' URLs of unpublished articles are 404s: point at the preview instead (in the object tools).
        return article.get_absolute_url() if article.is_published else None

    def get_queryset(self, request):
        # The list shows each article's translations: read for the whole page at once, without their text.
        translations = ArticleTranslation.objects.defer("body", "lead")
        return super().get_queryset(request).prefetch_related(Prefetch("translations", queryset=translations))

    @admin.display(description=Article._meta.get_field("unit").verbose_name, ordering="unit__name")
    def unit_and_category(self, article):
        if not article.category_id:
            return article.unit.label
        return format_html('{}<small class="list-notes">{}</small>', article.unit.label, article.category)

    @admin.display(description=_("status"), ordering="status")
    def status_and_translations(self, article):
        notes = []
        if article.featured:
            notes.append(format_html('<small class="list-notes">{}</small>', _("featured")))
        if article.translations.all():  # prefetched (get_queryset)
            notes.append(format_html('<span class="list-notes">{}</span>', translation_states(article)))
        return format_html_join("", "{}", [(self.status_badge(article),), *((note,) for note in notes)])

    @admin.display(description=Article._meta.get_field("publish_at").verbose_name, ordering="publish_at")
    def publish_time(self, article):
        return _date_and_time(article.publish_at) if article.publish_at else "—"

    @admin.display(description=_("last change"), ordering="updated_at")
    def last_change(self, article):
        by = article.updated_by.get_username() if article.updated_by else ""
        return _date_and_time(article.updated_at, by)

    def get_ordering(self, request):
        # What waits for the user first (AttentionFilter), then the newest; sorting by a column replaces this.
        return [attention_rank(request.user).asc(), *Article._meta.ordering]

    @admin.display(description=_("status"), ordering="status")
    def status_badge(self, article):
        label = _("Scheduled") if article.is_scheduled else article.get_status_display()
        state = "scheduled" if article.is_scheduled else article.status
        return format_html('<span class="status status-{}">{}</span>', state, label)

    # Who sees and changes what ------------------------------------------------------------------------

    # Who sees and changes what is news/policy.py's (through PolicyAdminMixin); here only what the form offers.

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not policy.can(request.user, policy.PUBLISH):
            # When and how prominently an article appears is the editors' decision ("Publish now" keeps a
            # past date, so a correspondent's back-dated draft would go live back-dated).
            readonly += ["publish_at", "featured", "must_read", "must_read_due"]
        return readonly

    def has_publish_permission(self, request):
        return policy.can(request.user, policy.PUBLISH)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "unit":
            kwargs["queryset"] = policy.assignable_units(request.user, Unit.objects.all())
        elif db_field.name == "event":  # an event outside the scope is neither offered nor named (but kept)
            kwargs["queryset"] = policy.scope_queryset(request.user, Event.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if not policy.is_editor(request.user) and "unit" not in initial:
            units = list(request.user.assigned_units.values_list("pk", flat=True)[:2])
            if len(units) == 1:
                initial["unit"] = units[0]
        return initial

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # get_form builds a new class each request, so this does not leak between users.
        form.user = request.user
        return form

    # Saving ----------------------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        # In the revert view django-reversion has already put the old slug in the row (and the form's initial).
        previous_slug = getattr(request, "slug_before_revert", None) or (form.initial.get("slug") if change else None)
        article_service.saved(obj, previous_slug=previous_slug)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._add_uploaded_photos(request, form)
        if form.workflow_action:
            # The one path for every status change: checked again, applied, kept and written to the history,
            # in one line with the form's other changes (the admin's own line is then left out, log_change).
            changes = "" if not change else self.describe_changes(request, form, formsets)
            workflow.perform(request.user, form.instance, form.workflow_action.name, changes, added=not change)
            request.workflow_step_logged = True
            self.message_user(request, workflow.describe(form.instance, form.workflow_action), messages.SUCCESS)

    def describe_changes(self, request, form, formsets):
        """What the change form changed besides the step, as words ("Changed title."); the status and publish
        time are the step's own ("Scheduled for …")."""
        message = self.construct_change_message(request, form, formsets)
        with translation.override(None):  # the message keeps the labels in English, as Django writes them
            implied = {str(form.fields[name].label) for name in ("status", "publish_at") if name in form.fields}
        for entry in message:
            if "changed" in entry and "name" not in entry["changed"]:  # the article's own fields, not an inline's
                entry["changed"]["fields"] = [f for f in entry["changed"]["fields"] if f not in implied]
        message = [entry for entry in message if "changed" not in entry or entry["changed"]["fields"]]
        return LogEntry(change_message=json.dumps(message)).get_change_message() if message else ""

    def _add_uploaded_photos(self, request, form):
        uploads = form.cleaned_data.get("new_photos") or []
        photo_service.attach_many(form.instance, uploads)
        if uploads:
            self.message_user(
                request,
                ngettext(
                    "%(count)d photo added: readers see it once its renditions are made, in a few moments.",
                    "%(count)d photos added: readers see them once their renditions are made, in a few moments.",
                    len(uploads),
                )
                % {"count": len(uploads)},
                messages.SUCCESS,
            )
        rejected = getattr(form.fields["new_photos"], "rejected", [])
        if rejected:
            self.message_user(request, describe_rejected(rejected), messages.WARNING)

    def log_change(self, request, obj, message):
        if request.resolver_match and request.resolver_match.url_name.endswith("_revision"):
            message = _("Restored an earlier version")
        elif getattr(request, "workflow_step_logged", False):
            return None  # the step's line names the other changes too (save_related)
        return super().log_change(request, obj, message)

    def log_addition(self, request, obj, message):
        if getattr(request, "workflow_step_logged", False):
            return None  # the step's line records the addition (save_related)
        return super().log_addition(request, obj, message)

    # Extra pages: preview, workflow buttons, recovery only for editors --------------------------------------

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name="{}_{}_preview".format(*info),
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """The article exactly as readers will see it, for those who may work on it."""
        article = self.get_object(request, object_id)
        if article is None or not self.has_view_or_change_permission(request, article):
            raise Http404
        return views.render_article(request, article.pk, Article.objects.all(), preview=True)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        article = self.get_object(request, object_id)
        extra_context = extra_context or {}
        if article is not None and self.has_change_permission(request, article):
            extra_context.update(workflow_buttons(request.user, article))
        if article is not None:
            extra_context["translation_links"] = translation_links(request.user, article)
        return super().change_view(request, object_id, form_url, extra_context)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {**workflow_buttons(request.user, Article()), **(extra_context or {})}
        return super().add_view(request, form_url, extra_context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {"can_recover": policy.can(request.user, policy.RECOVER), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    # History: django-reversion checks the model permission only, and keeps a revert whenever the form view
    # redirects (which it also does for an object the user may not see). Each view asks the policy first.

    def _object_or_404(self, request, object_id, action):
        article = self.get_object(request, object_id)  # scoped; None for garbage ids too
        if article is None:
            raise Http404
        if not policy.can(request.user, action, article):
            raise PermissionDenied
        return article

    def history_view(self, request, object_id, extra_context=None):
        self._object_or_404(request, object_id, policy.VIEW)
        if policy.can(request.user, policy.COMPARE):
            return super().history_view(request, object_id, extra_context)
        # Who did what and when, without the versions' links (reverting and comparing are the editors').
        response = admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        response.template_name = "admin/object_history.html"
        return response

    def compare_view(self, request, object_id, extra_context=None):
        self._object_or_404(request, object_id, policy.COMPARE)
        return super().compare_view(request, object_id, extra_context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        article = self._object_or_404(request, object_id, policy.REVERT)
        if not revisions.is_own_version(article, version_id):
            raise Http404
        request.slug_before_revert = article.slug  # so that the address it leaves keeps redirecting
        return super().revision_view(request, object_id, version_id, extra_context)

    def recoverlist_view(self, request, extra_context=None):
        if not policy.can(request.user, policy.RECOVER):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not policy.can(request.user, policy.RECOVER):
            raise PermissionDenied
        if not revisions.is_deleted_article_version(version_id):  # django-reversion would take any version
            raise Http404
        return super().recover_view(request, version_id, extra_context)
