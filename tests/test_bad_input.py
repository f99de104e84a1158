"""No reader page answers a 500, whatever its URL holds: a 4xx or a normal page (issue 12, "No 500 from input").

The property test walks ``news.urls.urlpatterns`` (a new reader URL is covered by itself), fills each
path converter with values its regex accepts and with edge values it may refuse, adds the query
parameters the reader views read (found in their source, so a new one is covered too) with
out-of-range numbers, NUL bytes, long strings, Unicode and broken %-escapes, and asks as a signed-in
employee. The named cases below it are the regressions the probe found.
"""

import datetime
import inspect
import re
import string
import urllib.parse
from pathlib import Path

import pytest
from django.urls import URLPattern, URLResolver
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from news import urls as news_urls
from news.models import CONFERENCE_KINDS
from tests.factories import (
    ArticleFactory,
    CategoryFactory,
    EventFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
    conference_report,
)

pytestmark = pytest.mark.django_db

# The parameters the issue names, whether or not a view's source reads them in a way GET_READ finds.
EXTRA_PARAMETERS = {"page", "year", "until", "kind", "letter", "type", "unit", "category", "q", "token", "next"}


def reader_patterns(patterns=news_urls.urlpatterns, prefix=""):
    """(route, URLPattern) for every reader URL, through any include()."""
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from reader_patterns(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


NEWS = Path(news_urls.__file__).parent
# request.GET.get("q"), or a helper given the request and a parameter's name: object_param(request, "unit", …).
GET_READ = re.compile(r"""(?:GET\.get\(|\(request,)\s*["'](\w+)["']""")


def query_parameters():
    """Every query parameter a reader view reads, from the views' source, with the ones named above."""
    found = set(EXTRA_PARAMETERS)
    for module in ("views.py", "feeds.py"):
        source = (NEWS / module).read_text(encoding="utf-8")
        found.update(GET_READ.findall(source))
    return sorted(found)


def parameters_read(callback):
    """The query parameters one view reads, from its source and the portal functions it calls (empty when
    its source cannot be read, as for a feed object): these are the ones worth varying most on its URL."""
    found, seen = set(), set()
    pending = [callback]
    while pending:
        func = pending.pop()
        if func in seen or not inspect.isfunction(func):
            continue
        seen.add(func)
        pending.append(getattr(func, "__wrapped__", None))  # under decorators such as cached_page
        if not Path(func.__code__.co_filename).is_relative_to(NEWS):
            continue  # a decorator's wrapper from Django, which copies the view's name and module
        found.update(GET_READ.findall(inspect.getsource(func.__code__)))  # its own, not what it wraps
        for name in func.__code__.co_names:
            helper = func.__globals__.get(name)
            if inspect.isfunction(helper):
                pending.append(helper)
    return sorted(found)


PATTERNS = list(reader_patterns())
PARAMETERS = query_parameters()
CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")

# Values a converter's regex may or may not accept: boundaries of years, months and days, odd slugs.
EDGE_VALUES = [
    *("0000", "0001", "0006", "0007", "1899", "9998", "9999", "00", "01", "02", "12", "13", "29", "30", "31", "99"),
    *("-", "_", "--", "a" * 300, "%00", "%zz", "..", "Đặng", "\u200b", "x\x00y"),
]
edge_numbers = st.sampled_from([f"{year:04d}" for year in [*range(11), 1899, 1900, 9998, 9999]] + ["-1", "10000"])
numbers = st.one_of(
    edge_numbers,
    st.integers(min_value=0, max_value=9999).map("{:04d}".format),  # any four-digit year
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.sampled_from(["1e9", "0x10", "+1", " 1", "1.5", "٣", "²", "NaN", "-0"]),
)
texts = st.one_of(
    st.text(max_size=40),  # any Unicode, NUL and other control characters included
    st.builds(lambda piece, times: piece * times, st.text(min_size=1, max_size=4), st.integers(50, 3000)),
    st.text(alphabet=string.printable + "\x00Đđơ\u0301\ufeff", max_size=40),
)
known = st.sampled_from(["hoi-nghi", *CONFERENCE_KINDS, "articles", "people", "events", "Đ", "N", "vi", "ru", "/"])
values = st.one_of(numbers, texts, known)
# What each known parameter is meant to hold comes up most: a view refuses a bad ?kind= before it reads
# ?until=, so valid choices let the later parameters be reached. A newly found parameter gets ``values``.
NUMERIC = {"page", "year", "until"}
CHOICES = {
    "kind": ["", *CONFERENCE_KINDS],
    "type": ["", "articles", "people", "events"],
    "language": ["vi", "ru", "en"],
    "letter": ["Đ", "N", "A"],
    "unit": ["", "trung-tam-cntt"],  # the portal fixture's
    "category": ["", "hoi-nghi"],
}
# Written into the query string as is: broken escapes, stray separators, bytes that are not UTF-8.
raw_queries = st.text(alphabet="%0123456789abcdefABCDEFzZ&=+;#?/ ", max_size=30)


@pytest.fixture
def portal():
    """A little of everything the reader pages show; its slugs and dates are among the values tried."""
    unit = UnitFactory(name="Trung tâm CNTT", slug="trung-tam-cntt")
    category = CategoryFactory(name="Hội nghị", slug="hoi-nghi")
    report = conference_report(unit, 2019, category=category)
    article = ArticleFactory(unit=unit, title="Tin tức")
    person = PersonFactory(full_name="Đặng Đình Công", unit=unit)
    event = EventFactory(unit=unit, title="Hội thao")
    publish = article.publish_at
    return [
        unit.slug,
        category.slug,
        report.slug,
        article.slug,
        person.slug,
        event.slug,
        report.event.slug,
        f"{publish.year:04d}",
        f"{publish.month:02d}",
        f"{publish.day:02d}",
        "2019",
    ]


@pytest.fixture
def employee(client):
    client.force_login(UserFactory())
    return client


def path_value(data, converter, known_values):
    """A value for one path converter: one its regex accepts (the view runs), or an edge value."""
    return data.draw(
        st.one_of(
            st.from_regex(converter.regex, fullmatch=True),
            st.sampled_from(EDGE_VALUES),
            st.sampled_from(known_values),
        )
    )


def weighted(*choices):
    """Draw from one of ``(weight, strategy)`` pairs in proportion to the weights (st.one_of would weigh the
    branches of nested one_of strategies alike, drowning a small strategy of edge values)."""
    return st.sampled_from([strategy for weight, strategy in choices for _ in range(weight)]).flatmap(lambda s: s)


def parameter_values(name, known_value):
    """Values for one query parameter, weighted towards its own kind (numbers, choices, slugs of the portal)."""
    if name in NUMERIC:
        return weighted((2, edge_numbers), (1, numbers), (1, texts))
    if name in CHOICES:
        return weighted((3, st.sampled_from(CHOICES[name])), (1, texts))
    return weighted((1, numbers), (2, texts), (1, known), (1, known_value))


def build_url(data, route, pattern, known_values):
    converters = pattern.pattern.converters

    def fill(match):
        value = path_value(data, converters[match["name"]], known_values)
        return urllib.parse.quote(value, safe="")

    path = "/" + CONVERTER.sub(fill, route)
    known_value = st.sampled_from(known_values)
    own = parameters_read(pattern.callback)
    params = data.draw(st.fixed_dictionaries({}, optional={name: parameter_values(name, known_value) for name in own}))
    # Now and then one the view does not read (or, for a view whose source is not read, any one).
    params |= data.draw(
        st.dictionaries(
            st.sampled_from(PARAMETERS), st.one_of(values, known_value), max_size=1 if own else len(PARAMETERS)
        )
    )
    query = urllib.parse.urlencode(params)
    raw = data.draw(st.one_of(st.just(""), raw_queries))
    return f"{path}?{query}&{raw}" if raw else f"{path}?{query}"


@pytest.mark.parametrize(("route", "pattern"), PATTERNS, ids=[route or "/" for route, _ in PATTERNS])
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_reader_url_answers_500(employee, portal, route, pattern, data):
    url = build_url(data, route, pattern, portal)
    response = employee.get(url)  # an exception in the view is raised here, with its traceback
    assert response.status_code < 500, url


# The cases the probe named, and their neighbours ---------------------------------------------------------------------


@pytest.fixture
def reader(employee):
    conference_report(UnitFactory(), 2023)
    return employee


@pytest.mark.parametrize("until", [f"{year:04d}" for year in range(10)] + ["9999"])
def test_conference_table_answers_every_four_digit_year(reader, until):
    response = reader.get("/conferences/", {"until": until})
    assert response.status_code == 200
    years = response.context["years"]
    assert len(years) == 8 and years[-1] >= 1


def test_conference_table_stops_at_year_one(reader):
    response = reader.get("/conferences/", {"until": "0003"})
    assert response.context["years"] == [8, 7, 6, 5, 4, 3, 2, 1]
    html = response.content.decode()
    linked = {int(year) for year in re.findall(r"until=(-?\d+)", html)}
    assert linked and min(linked) >= 1, "no link to years before year 1"
    assert 'href="/conferences/0001/"' in html


@pytest.mark.parametrize("url", ["/news/?year=0001", "/search/?q=tin&year=0001", "/news/?year=9999"])
def test_news_of_a_year_at_the_ends_of_the_calendar_is_an_empty_list(reader, url):
    response = reader.get(url)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 0


def test_year_filter_still_follows_local_time(reader):
    """Published 00:30 on 1 January in Hà Nội is still the previous year in UTC: it belongs to the new year."""
    new_year = timezone.make_aware(datetime.datetime(2020, 1, 1, 0, 30))
    ArticleFactory(title="Tin đầu năm", publish_at=new_year)
    assert reader.get("/news/", {"year": "2020"}).context["page_obj"].paginator.count == 1
    assert reader.get("/news/", {"year": "2019"}).context["page_obj"].paginator.count == 0


@pytest.mark.parametrize(
    "url",
    [
        "/news/?unit=%00",
        "/news/?unit=a%00b",
        "/news/?category=%00",
        "/news/?unit=Tr%C6%B0%E1%BB%9Dng",
        "/search/?q=tin&unit=%00",
    ],
)
def test_a_filter_that_no_slug_can_be_is_404(reader, url):
    assert reader.get(url).status_code == 404


@pytest.mark.parametrize("q", ["a\x00b", "\x00", "tin\x00", "tin\x07\x1b[31m"])
def test_search_reads_control_characters_as_spaces(reader, q):
    ArticleFactory(title="Tin tức mới")
    response = reader.get("/search/", {"q": q})
    assert response.status_code == 200
    assert "\x00" not in response.context["query"]


def test_search_takes_a_very_long_query(reader):
    assert reader.get("/search/", {"q": "hội nghị " * 2000}).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/news/0000/00/00/tin/",
        "/news/2019/02/31/tin/",
        "/news/2019/13/01/tin/",
        "/news/9999/12/31/tin/",
        "/conferences/0000/",
        "/events/0000/khong-co/",
        "/people/%00/",
        "/units/x%00/",
        "/news/?page=-1",
        "/news/?page=99999999999999999999999",
        "/news/?page=%00",
        "/people/?letter=%00",
        "/conferences/?kind=%00",
        "/search/?q=tin&type=%00",
    ],
)
def test_odd_paths_and_parameters_are_a_page_or_4xx(reader, url):
    assert reader.get(url).status_code < 500
