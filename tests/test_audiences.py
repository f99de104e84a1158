"""Audiences through HTTP: content meant for some units (with their sub-units) or groups never reaches a
reader outside them, on any path; the newsroom shows and limits who it is for."""

import re
import xml.etree.ElementTree as ElementTree

import icalendar
import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from news.models import Article, FeedToken, Profile
from news.roles import CORRESPONDENTS
from news.services import audiences as audience_service
from tests.factories import (
    ArticleFactory,
    ArticleMentionFactory,
    EventFactory,
    PersonFactory,
    PhotoFactory,
    UnitFactory,
    UserFactory,
    conference_report,
    correspondent,
    editor,
)

pytestmark = pytest.mark.django_db

SECRET = "Thongbaonoibo"  # one word, so that search finds it whole


@pytest.fixture
def company():
    """A company with a centre and a department of that centre, and another enterprise."""
    top = UnitFactory(name="Liên doanh")
    centre = UnitFactory(name="Trung tâm CNTT", parent=top)
    department = UnitFactory(name="Phòng Mạng", parent=centre)
    other = UnitFactory(name="Xí nghiệp Khoan", parent=top)
    return {"top": top, "centre": centre, "department": department, "other": other}


def reader_of(unit, **kwargs):
    user = UserFactory(**kwargs)
    Profile.objects.create(user=user, unit=unit)
    return user


@pytest.fixture
def notice(company, moments):
    """A report for the centre only (its department included), on a conference, with a photo and a person."""
    article = conference_report(company["centre"], 2024, title=f"{SECRET} Hội nghị nội bộ", lead=f"{SECRET} tóm tắt")
    audience_service.set_audience(article, units=[company["centre"]])
    PhotoFactory(article=article, caption=f"{SECRET} ảnh")
    ArticleMentionFactory(article=article, person=PersonFactory(full_name="Người Được Nêu Tên"))
    return article


def pages_for(client, article):
    """Every reader path that could show ``article`` (or its title)."""
    person = article.mentions.get().person
    return {
        "front page": reverse("news:home"),
        "news list": reverse("news:news_list"),
        "news list of the unit": reverse("news:news_list") + f"?unit={article.unit.slug}",
        "search": reverse("news:search") + f"?q={SECRET}",
        "search of articles": reverse("news:search") + f"?q={SECRET}&type=articles",
        "feed": reverse("news:feed_latest"),
        "unit feed": reverse("news:feed_unit", args=[article.unit.slug]),
        "conference table": reverse("news:conference_table"),
        "conference year": reverse("news:conference_year", args=[2024]),
        "unit conferences": reverse("news:unit_conferences", args=[article.unit.slug]),
        "unit page": article.unit.get_absolute_url(),
        "person page": person.get_absolute_url(),
        "event page": article.event.get_absolute_url(),
    }


def shows(client, url, article):
    """Does ``url`` show ``article``: its address, or (except on search pages, which repeat the query) its words?"""
    response = client.get(url)
    html = response.content.decode()
    words = SECRET in html and not url.startswith(reverse("news:search"))
    return response.status_code == 200 and (article.slug in html or words)


def test_a_reader_of_the_unit_and_of_a_sub_unit_meets_the_article_everywhere(client, company, notice):
    for unit in (company["centre"], company["department"]):
        client.force_login(reader_of(unit))
        assert client.get(notice.get_absolute_url()).status_code == 200
        missing = [name for name, url in pages_for(client, notice).items() if not shows(client, url, notice)]
        # The conference year page lists titles: the secret word is in the title.
        assert missing == [], f"{unit}: {missing}"


@pytest.mark.parametrize("who", ["another unit", "the unit above", "no unit"])
def test_a_reader_outside_the_audience_never_meets_it(client, company, notice, who):
    unit = {"another unit": company["other"], "the unit above": company["top"], "no unit": None}[who]
    client.force_login(reader_of(unit))
    assert client.get(notice.get_absolute_url()).status_code == 404
    seen = [name for name, url in pages_for(client, notice).items() if shows(client, url, notice)]
    assert seen == []
    photo = notice.photos.get()
    for rendition in photo.renditions:
        assert client.get(photo.image.storage.url(rendition["name"])).status_code == 404


def test_counts_leave_it_out(client, company, notice):
    client.force_login(reader_of(company["other"]))
    html = client.get(reverse("news:unit_list")).content.decode()
    count = re.search(rf"{company['centre'].name}</a>.*?(\d+) ", html, re.S)
    assert count and count.group(1) == "0"
    client.force_login(reader_of(company["centre"]))
    html = client.get(reverse("news:unit_list")).content.decode()
    count = re.search(rf"{company['centre'].name}</a>.*?(\d+) ", html, re.S)
    assert count and count.group(1) == "1"


def test_related_articles_leave_it_out(client, company, notice):
    other_article = ArticleFactory(unit=notice.unit, title="Tin công khai")
    client.force_login(reader_of(company["other"]))
    assert SECRET not in client.get(other_article.get_absolute_url()).content.decode()
    client.force_login(reader_of(company["centre"]))
    assert SECRET in client.get(other_article.get_absolute_url()).content.decode()


def test_a_personal_feed_follows_its_owners_audience(client, company, notice):
    inside, outside = reader_of(company["department"]), reader_of(company["other"])
    for owner, expected in ((inside, True), (outside, False)):
        key = FeedToken.for_user(owner).key
        xml = client.get(reverse("news:feed_latest"), {"token": key}).content
        titles = [item.findtext("title") for item in ElementTree.fromstring(xml).iter("item")]
        assert any(SECRET in title for title in titles) is expected


def test_a_group_audience(client, company):
    group = Group.objects.create(name="Đoàn thanh niên")
    article = ArticleFactory(title=f"{SECRET} đoàn viên")
    audience_service.set_audience(article, groups=[group])
    member, other = reader_of(company["other"]), reader_of(company["other"])
    member.groups.add(group)
    client.force_login(member)
    assert client.get(article.get_absolute_url()).status_code == 200
    client.force_login(other)
    assert client.get(article.get_absolute_url()).status_code == 404


def test_joining_a_unit_opens_what_was_cached_closed(client, company, notice):
    user = reader_of(company["other"])
    client.force_login(user)
    assert SECRET not in client.get(reverse("news:home")).content.decode()
    profile = user.profile
    profile.unit = company["centre"]
    profile.save()
    assert SECRET in client.get(reverse("news:home")).content.decode()


def test_two_readers_of_different_units_never_share_a_cached_page(client, company, notice):
    inside, outside = reader_of(company["centre"]), reader_of(company["other"])
    client.force_login(inside)
    assert SECRET in client.get(reverse("news:news_list")).content.decode()
    client.force_login(outside)
    assert SECRET not in client.get(reverse("news:news_list")).content.decode()
    client.force_login(inside)
    assert SECRET in client.get(reverse("news:news_list")).content.decode()


def test_restricting_an_article_reaches_pages_already_cached(client, company):
    article = ArticleFactory(title=f"{SECRET} công khai")
    client.force_login(reader_of(company["other"]))
    assert SECRET in client.get(reverse("news:home")).content.decode()
    audience_service.set_audience(article, units=[company["centre"]])
    assert SECRET not in client.get(reverse("news:home")).content.decode()
    audience_service.set_audience(article)
    assert SECRET in client.get(reverse("news:home")).content.decode()


def test_events_for_a_unit(client, company, moments):
    event = EventFactory(title=f"{SECRET} tập huấn", start=moments.tomorrow, unit=company["centre"])
    audience_service.set_audience(event, units=[company["centre"]])
    PhotoFactory(article=None, event=event, caption="Ảnh sự kiện")
    client.force_login(reader_of(company["other"]))
    assert client.get(event.get_absolute_url()).status_code == 404
    for url in (reverse("news:event_list"), reverse("news:home"), reverse("news:search") + f"?q={SECRET}"):
        assert event.get_absolute_url() not in client.get(url).content.decode(), url
    calendar = icalendar.Calendar.from_ical(client.get(reverse("news:events_ics")).content)
    assert not [e for e in calendar.walk("VEVENT") if SECRET in str(e["summary"])]
    client.force_login(reader_of(company["department"]))
    assert client.get(event.get_absolute_url()).status_code == 200
    calendar = icalendar.Calendar.from_ical(client.get(reverse("news:events_ics")).content)
    assert [e for e in calendar.walk("VEVENT") if SECRET in str(e["summary"])]


def test_lists_cost_the_same_queries_with_audiences(client, company, django_assert_max_num_queries):
    reader = reader_of(company["department"])
    for number in range(5):
        article = ArticleFactory(title=f"Bài {number}")
        if number % 2:
            audience_service.set_audience(article, units=[company["centre"]])
    client.force_login(reader)
    client.get(reverse("news:news_list"))  # the session, the user and the reader's scope are cached from now on
    with django_assert_max_num_queries(8):  # another address: the page is rendered again, not taken from the cache
        html = client.get(reverse("news:news_list"), {"x": "1"}).content.decode()
    assert html.count('class="card"') == 5


# The newsroom -------------------------------------------------------------------------------------------------


def article_form(article, **overrides):
    from tests.newsroom import article_form_data

    return article_form_data(article, **overrides)


def test_a_correspondent_may_only_target_their_own_units(client, company):
    writer = correspondent(username="writer")
    company["centre"].correspondents.add(writer)
    draft = ArticleFactory(unit=company["centre"], status="draft")
    client.force_login(writer)
    url = reverse("admin:news_article_change", args=[draft.pk])
    client.post(url, article_form(draft, audience_units=[company["other"].pk]))
    assert not draft.audience_units.exists()
    group = Group.objects.get(name=CORRESPONDENTS)
    client.post(url, article_form(Article.objects.get(pk=draft.pk), audience_groups=[group.pk]))
    assert not draft.audience_groups.exists()
    response = client.post(url, article_form(Article.objects.get(pk=draft.pk), audience_units=[company["centre"].pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert list(draft.audience_units.all()) == [company["centre"]] and draft.restricted


def test_editors_see_the_audience_in_the_list_and_set_it(client, company):
    chief = editor(username="chief")
    article = ArticleFactory(title="Thông báo")
    client.force_login(chief)
    url = reverse("admin:news_article_change", args=[article.pk])
    response = client.post(url, article_form(article, audience_units=[company["centre"].pk]))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.restricted
    listing = client.get(reverse("admin:news_article_changelist")).content.decode()
    assert company["centre"].label in listing
    client.post(url, article_form(Article.objects.get(pk=article.pk)))
    article.refresh_from_db()
    assert not article.restricted and not article.audience_units.exists()


def test_nobody_chooses_their_own_unit(client, company):
    from tests.factories import administrator

    admin_user = administrator(username="quantri")
    client.force_login(admin_user)
    someone = UserFactory(username="someone")
    url = reverse("admin:auth_user_change", args=[someone.pk])
    page = client.get(url).content.decode()
    assert 'name="work_unit"' in page
    own = client.get(reverse("admin:auth_user_change", args=[admin_user.pk])).content.decode()
    assert re.search(r'<select[^>]*name="work_unit"[^>]*disabled', own)


def test_without_a_shared_cache_readers_of_different_units_never_share_a_fragment(client, company, settings):
    """Each gunicorn process keeps its own memory then: it must not rely on hearing of audience changes made in
    another process. Here the change reaches the database behind the signals' back, as another process's would."""
    settings.SHARED_CACHE = False
    report = conference_report(company["centre"], 2024, title=f"{SECRET} báo cáo")
    conference_report(company["other"], 2024)  # for everyone: the year's page exists for every reader
    inside, outside = reader_of(company["centre"]), reader_of(company["other"])
    client.force_login(outside)
    client.get(reverse("news:conference_table"))  # what content targets is now known in this process: nothing
    Article.audience_units.through.objects.create(article=report, unit=company["centre"])
    Article.objects.filter(pk=report.pk).update(restricted=True)
    client.force_login(inside)
    assert report.slug in client.get(reverse("news:conference_year", args=[2024])).content.decode()
    client.force_login(outside)
    assert report.slug not in client.get(reverse("news:conference_year", args=[2024])).content.decode()


# What a page shows as part of another ------------------------------------------------------------------------------

HIDDEN = "Matkinbenle"  # one word, in every restricted object shown beside a public one


def test_no_reader_page_shows_a_restricted_object_beside_a_public_one(client, company):
    """Round three: objects shown as part of another (an article's event box, a person's events and photos, a
    unit's events, the calendar, the front page's photos, mentions, related news, the digest) pass the reader's
    audience rule like the objects themselves. The walk: every reader page, as a reader of another unit."""
    from news.models import DigestFrequency, EventParticipant
    from news.services.mail import compose_digest

    centre, outsider = company["centre"], reader_of(company["other"], email="ngoai@vietsov.test")
    person = PersonFactory(full_name="Người Công Khai", unit=centre)
    event = EventFactory(title=f"{HIDDEN} họp", place=f"{HIDDEN} phòng", unit=centre, description=HIDDEN)
    audience_service.set_audience(event, units=[centre])
    EventParticipant.objects.create(event=event, person=person, role=HIDDEN, position=HIDDEN, order=0)
    PhotoFactory(article=None, event=event, caption=f"{HIDDEN} ảnh sự kiện")
    public = ArticleFactory(title="Tin công khai", unit=centre, event=event)
    ArticleMentionFactory(article=public, person=person)
    hidden = ArticleFactory(title=f"{HIDDEN} tin", unit=centre, lead=HIDDEN)
    audience_service.set_audience(hidden, units=[centre])
    ArticleMentionFactory(article=hidden, person=person, position=HIDDEN)
    PhotoFactory(article=hidden, caption=f"{HIDDEN} ảnh bài")
    client.force_login(outsider)

    pages = {
        "front page": reverse("news:home"),
        "news list": reverse("news:news_list"),
        "the public article": public.get_absolute_url(),
        "unit page": centre.get_absolute_url(),
        "person page": person.get_absolute_url(),
        "people": reverse("news:person_list"),
        "events": reverse("news:event_list"),
        "calendar": reverse("news:events_ics"),
        "feed": reverse("news:feed_latest"),
        "unit feed": reverse("news:feed_unit", args=[centre.slug]),
        "search for the person": reverse("news:search") + "?q=Người+Công+Khai",
    }
    shown = {name: url for name, url in pages.items() if HIDDEN in client.get(url).content.decode()}
    assert shown == {}
    for url in (event.get_absolute_url(), hidden.get_absolute_url()):
        assert client.get(url).status_code == 404
    digest = compose_digest(outsider, DigestFrequency.WEEKLY, "digest:test", public.publish_at)
    assert digest is None or (HIDDEN not in digest.text_body and HIDDEN not in digest.html_body)
