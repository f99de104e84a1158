"""Helpers for driving the newsroom (the admin) through HTTP as real users would."""

from html.parser import HTMLParser

from django.urls import reverse
from django.utils import timezone

from news.models import Article

ARTICLE_INLINES = {
    "photos": ("photos", ["caption", "alt_text", "credit", "order"]),
    "mentions": ("mentions", ["person", "position", "order"]),
    "credits": ("credits", ["role", "person", "name", "order"]),
}


def _value(value):
    if value is None:
        return ""
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, bool):
        return "on" if value else ""
    return value


def article_form_data(article=None, **overrides):
    """What the article change form posts: the article's current values (or a new article's), with changes."""
    data = {}
    if article is not None:
        publish_at = timezone.localtime(article.publish_at) if article.publish_at else None
        data = {
            "title": article.title,
            "lead": article.lead,
            "body": article.body,
            "unit": article.unit_id,
            "category": _value(article.category_id),
            "event": _value(article.event_id),
            "status": article.status,
            "publish_at_0": publish_at.strftime("%d/%m/%Y") if publish_at else "",
            "publish_at_1": publish_at.strftime("%H:%M:%S") if publish_at else "",
            "slug": article.slug,
            "version": article.version,
        }
        if article.featured:
            data["featured"] = "on"
    for prefix, (related, fields) in ARTICLE_INLINES.items():
        rows = list(getattr(article, related).all()) if article is not None else []
        data[f"{prefix}-TOTAL_FORMS"] = len(rows)
        data[f"{prefix}-INITIAL_FORMS"] = len(rows)
        for index, row in enumerate(rows):
            data[f"{prefix}-{index}-id"] = row.pk
            data[f"{prefix}-{index}-article"] = article.pk
            for field in fields:
                data[f"{prefix}-{index}-{field}"] = _value(getattr(row, field))
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def add_url():
    return reverse("admin:news_article_add")


def reload(article):
    return Article.objects.get(pk=article.pk)


class FormScraper(HTMLParser):
    """What a browser would post from a page's main form: inputs, checked boxes, selected options, textareas;
    and every option each select offers (``offered``)."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = [], None, None
        self.offered = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "button", "file", "image", "reset"):
            if attrs.get("type") in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if attrs.get("type") == "checkbox" else "")))
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select:
            self.offered.setdefault(self._select, set()).add(attrs.get("value", ""))
            if "selected" in attrs:
                self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data.append((name, ""))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            name, value = self.data[-1]
            self.data[-1] = (name, value + data)


TEXT_FIELDS = ["title", "caption", "full_name", "name", "first_name"]


def form_data(page, changed=True):
    """The form of ``page`` as a browser would post it, with one text field changed."""
    scraper = FormScraper()
    scraper.feed(page)
    data = {}
    for name, value in scraper.data:
        data.setdefault(name, []).append(value)
    data.pop("csrfmiddlewaretoken", None)
    if changed:
        for name in TEXT_FIELDS:
            if name in data:
                data[name] = [data[name][0] + " (sửa)"]
                break
    return data


def offered_choices(page):
    """{select name: the option values it offers} in ``page``."""
    scraper = FormScraper()
    scraper.feed(page)
    return scraper.offered
