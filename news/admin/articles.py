from django import forms
from django.contrib import admin
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext_lazy as _

from news.admin.photos import PhotoInline
from news.models import Article, ArticleCredit, ArticleMention, ArticleStatus, Category
from news.roles import can_publish

# Statuses only a user with the publish permission may set.
PUBLISHING_STATUSES = {ArticleStatus.PUBLISHED, ArticleStatus.ARCHIVED}


class ArticleAdminForm(forms.ModelForm):
    user = None  # set per request by ArticleAdmin.get_form

    class Meta:
        model = Article
        fields = ["title", "lead", "body", "unit", "category", "event", "status", "publish_at", "featured", "slug"]
        widgets = {"lead": forms.Textarea(attrs={"rows": 3, "cols": 80})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "status" in self.fields and self.user is not None and not can_publish(self.user):
            self.fields["status"].choices = [
                (value, label) for value, label in ArticleStatus.choices if value not in PUBLISHING_STATUSES
            ]

    def clean_status(self):
        status = self.cleaned_data["status"]
        # Checked here too, not only by hiding the choices: a crafted POST must fail as well.
        if status in PUBLISHING_STATUSES and not can_publish(self.user):
            raise forms.ValidationError(_("You may not publish or archive articles; submit it for review."))
        return status


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
        if self.value() and self.value().isdigit():
            return queryset.filter(publish_at__year=int(self.value()))
        return queryset


class ArticleCreditInline(admin.TabularInline):
    model = ArticleCredit
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["role", "person", "name", "order"]


class ArticleMentionInline(admin.TabularInline):
    model = ArticleMention
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["person", "position", "order"]


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleAdminForm
    list_display = ["title", "unit", "category", "status", "publish_at", "featured", "updated_at"]
    list_filter = ["status", ("unit", admin.RelatedOnlyFieldListFilter), "category", PublishYearFilter, "featured"]
    list_select_related = ["unit", "category"]
    search_fields = ["title", "lead", "slug"]
    date_hierarchy = "publish_at"
    autocomplete_fields = ["unit", "category", "event"]
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    inlines = [PhotoInline, ArticleMentionInline, ArticleCreditInline]
    fieldsets = [
        (None, {"fields": ["title", "lead", "body"]}),
        (_("Where it belongs"), {"fields": ["unit", "category", "event"]}),
        (_("Publishing"), {"fields": ["status", "publish_at", "featured", "slug"]}),
        (
            _("History"),
            {"classes": ["collapse"], "fields": ["created_at", "created_by", "updated_at", "updated_by"]},
        ),
    ]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # get_form builds a new class each request, so this does not leak between users.
        form.user = request.user
        return form

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
