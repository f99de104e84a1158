"""No newsroom page answers a 500, whatever its URL holds (issue 12, "No 500 from input").

Like tests/test_bad_input.py for the reader pages, the property test walks the admin site's own URL
patterns (so a new admin path is covered by itself), fills each object id and version id with
garbage and edge values, adds the query parameters the changelists read (their filters, search,
ordering, paging, date drill-down, compare's version ids) with out-of-range and malformed values,
and asks as a superuser, who reaches every path.
"""

import re
import urllib.parse

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ArticleFactory, PhotoFactory, UserFactory

pytestmark = pytest.mark.django_db

GARBAGE = [
    "abc",
    "0",
    "-1",
    "99999999999999999999",
    "1e3",
    "\x00",
    "１２",
    "Đ",
    "%",
    "%00",
    "1/2",
    " ",
    "9" * 300,
    "null",
    "_5F",
]
# What changelists and compare read from the query string, besides each list filter's own parameter.
ADMIN_PARAMETERS = ["p", "o", "q", "e", "all", "_to_field", "_popup", "_changelist_filters"]
ADMIN_PARAMETERS += ["version_id1", "version_id2", "year", "status", "image", "unit__id__exact", "featured__exact"]
ADMIN_PARAMETERS += [
    f"{field}__{part}" for field in ("publish_at", "start", "uploaded_at") for part in ("year", "month", "day")
]


def admin_routes(patterns=None, prefix=""):
    """Every route of the admin site, with its placeholders (``<path:object_id>``, regex groups)."""
    for entry in admin.site.get_urls() if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            yield from admin_routes(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern)


PLACEHOLDER = re.compile(r"<(?:\w+:)?\w+>|\((?:\?P<\w+>)?[^)]*\)")


def concrete(route, values):
    """The route with each placeholder replaced by the next value, regex anchors dropped."""
    route = route.replace("^", "").replace("$", "")
    values = iter(values)
    return "/admin/" + PLACEHOLDER.sub(lambda _match: urllib.parse.quote(next(values), safe=""), route)


ROUTES = sorted(set(admin_routes()))


@pytest.fixture
def superuser_client(client):
    article = ArticleFactory()
    PhotoFactory(article=article)
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


values = st.one_of(st.sampled_from(GARBAGE), st.text(max_size=20), st.integers(-(10**20), 10**20).map(str))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_admin_page_answers_500(superuser_client, data):
    route = data.draw(st.sampled_from(ROUTES), label="route")
    path = concrete(route, [data.draw(values, label="id") for _ in PLACEHOLDER.findall(route)])
    query = data.draw(st.dictionaries(st.sampled_from(ADMIN_PARAMETERS), values, max_size=3), label="query")
    url = path + ("?" + urllib.parse.urlencode(query) if query else "")
    response = superuser_client.get(url)
    assert response.status_code < 500, url


def test_every_route_is_filled(superuser_client):
    """Each admin route answers a request built from it (the walk above reaches them all)."""
    for route in ROUTES:
        url = concrete(route, ["1"] * len(PLACEHOLDER.findall(route)))
        assert superuser_client.get(url).status_code < 500, url


LISTS = [route for route in ROUTES if route.count("/") == 2 and "<" not in route and "(" not in route]


def test_the_lists_include_the_articles():
    assert "news/article/" in LISTS


@pytest.mark.parametrize("route", LISTS)
def test_every_list_takes_every_parameter_out_of_range(superuser_client, route):
    """The property test samples; the lists' parameters are few enough to try each with the worst values."""
    for parameter in ADMIN_PARAMETERS:
        for value in ("99999999999999999999", "9999", "\x00", "abc", "-1"):
            url = f"/admin/{route}?{urllib.parse.urlencode({parameter: value})}"
            assert superuser_client.get(url).status_code < 500, url


def test_an_empty_to_field_is_no_500(superuser_client):
    """Django looked up ``?_to_field=`` (empty) as a field name on the change and delete pages."""
    for route in ROUTES:
        if route.endswith(("/change/", "/delete/", "/history/")):
            url = concrete(route, ["1"] * len(PLACEHOLDER.findall(route))) + "?_to_field="
            assert superuser_client.get(url).status_code < 500, url


def test_an_add_form_takes_any_initial_value_without_a_500(superuser_client):
    """An add form fills its fields from the query string (the article page links a new translation with
    ?article=<id>): a value no related row can have is ignored, not looked up."""
    for model in admin.site._registry:
        relations = [f.name for f in model._meta.get_fields() if f.is_relation and f.concrete and f.related_model]
        add_url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/add/"
        for name in relations:
            for value in ("abc", "1.5", "²", "\x00", "99999999999999999999", "1,abc"):
                url = f"{add_url}?{urllib.parse.urlencode({name: value})}"
                assert superuser_client.get(url).status_code < 500, url
