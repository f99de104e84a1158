"""Attacks on audiences, must-read notices and reading statistics through HTTP, beyond test_audiences.py,
test_must_read.py and test_reading_stats.py: side doors to a restricted article (the newsroom's "view on
site", an old slug, another language, a unit feed with a token), acknowledging what one may not, crafted
newsroom forms, names on statistics pages, and a reader's scope kept after they leave a group."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from news.models import Acknowledgement, Article, ArticleRead, FeedToken, Profile
from news.services import acknowledgements as acknowledgement_service
from news.services import articles as article_service
from news.services import audiences as audience_service
from tests.factories import ArticleFactory, EventFactory, UnitFactory, UserFactory, correspondent, editor, translation
from tests.newsroom import add_url, article_form_data, change_url, form_data

pytestmark = pytest.mark.django_db

SECRET = "Mattuyetdoi"  # one word, never in a page unless the article is shown


@pytest.fixture
def company():
    centre = UnitFactory(name="Trung tâm CNTT")
    department = UnitFactory(name="Phòng Mạng", parent=centre)
    other = UnitFactory(name="Xí nghiệp Khoan")
    return {"centre": centre, "department": department, "other": other}


def reader_of(unit, **kwargs):
    user = UserFactory(**kwargs)
    Profile.objects.create(user=user, unit=unit)
    return user


@pytest.fixture
def secret(company):
    """A must-read notice for the centre only."""
    article = ArticleFactory(title=f"{SECRET} thông báo", lead=f"{SECRET} tóm tắt", unit=company["centre"])
    article.must_read = True
    article.save()
    audience_service.set_audience(article, units=[company["centre"]])
    return article


def signed_in(client, user):
    client.force_login(user)
    return client


# Side doors to a restricted article -----------------------------------------------------------------------------


def test_view_on_site_takes_nobody_past_the_audience(client, company, secret):
    from django.contrib.contenttypes.models import ContentType

    url = reverse("admin:view_on_site", args=[ContentType.objects.get_for_model(Article).pk, secret.pk])
    # An employee outside the newsroom: to the newsroom's sign-in, the article's address never given.
    response = signed_in(client, reader_of(company["other"])).get(url)
    assert response.status_code == 302 and secret.slug not in response["Location"]
    # A correspondent of another unit may be sent to its address, but the page stays closed to them.
    writer = correspondent(username="ctv-khoan")
    company["other"].correspondents.add(writer)
    Profile.objects.create(user=writer, unit=company["other"])
    response = signed_in(client, writer).get(url, follow=True)
    assert response.status_code == 404 and SECRET not in response.content.decode()


def test_an_old_slug_redirects_only_readers_of_the_audience(client, company, secret):
    old_address = secret.get_absolute_url()
    article_service.change_slug(secret, "dia-chi-moi")
    secret.refresh_from_db()
    assert secret.get_absolute_url() != old_address
    assert signed_in(client, reader_of(company["other"])).get(old_address).status_code == 404
    response = signed_in(client, reader_of(company["department"])).get(old_address)
    assert response.status_code == 301 and response["Location"] == secret.get_absolute_url()


@pytest.mark.parametrize("language", ["ru", "en", "vi"])
def test_another_language_opens_no_side_door(client, company, secret, language):
    translation(secret, language="ru", title=f"{SECRET} по-русски")
    outsider = signed_in(client, reader_of(company["other"]))
    response = outsider.get(secret.get_absolute_url(), {"lang": language})
    assert response.status_code == 404 and SECRET not in response.content.decode()


def test_a_unit_feed_is_read_for_the_session_not_for_a_token_borrowed_beside_it(client, company, secret):
    insider_key = FeedToken.for_user(reader_of(company["centre"])).key
    url = reverse("news:feed_unit", args=[company["centre"].slug])
    outsider = signed_in(client, reader_of(company["other"]))
    assert SECRET not in outsider.get(url, {"token": insider_key}).content.decode()
    client.logout()
    outsider_key = FeedToken.for_user(reader_of(company["other"])).key
    assert SECRET not in client.get(url, {"token": outsider_key}).content.decode()
    assert SECRET in client.get(url, {"token": insider_key}).content.decode()


# Acknowledging -----------------------------------------------------------------------------------------------------


def test_nobody_acknowledges_a_notice_outside_their_audience(client, company, secret):
    outsider = signed_in(client, reader_of(company["other"]))
    assert outsider.post(reverse("news:acknowledge", args=[secret.pk]), {"next": "/"}).status_code == 404
    assert not Acknowledgement.objects.exists()
    assert not acknowledgement_service.report(secret).acknowledged


def test_a_notice_for_a_group_is_acknowledged_by_its_members_only(client, company):
    group = Group.objects.create(name="Ban an toàn")
    article = ArticleFactory(title=f"{SECRET} nhóm", must_read=True)
    audience_service.set_audience(article, groups=[group])
    member = reader_of(company["other"])
    member.groups.add(group)
    url = reverse("news:acknowledge", args=[article.pk])
    assert signed_in(client, reader_of(company["centre"])).post(url).status_code == 404
    assert signed_in(client, member).post(url).status_code == 302
    assert list(Acknowledgement.objects.values_list("user", flat=True)) == [member.pk]


# The newsroom ------------------------------------------------------------------------------------------------------


def test_a_correspondent_adding_an_article_cannot_aim_it_at_another_unit_or_a_group(client, company):
    writer = correspondent(username="ctv")
    company["centre"].correspondents.add(writer)
    group = Group.objects.create(name="Ban giám đốc")
    signed_in(client, writer)
    own = {"audience_units": [company["centre"].pk]}
    for crafted in ({"audience_units": [company["other"].pk]}, {"audience_groups": [group.pk]}, own):
        data = article_form_data(
            None, title=f"{SECRET} mới", lead="Tóm tắt", body="<p>Nội dung.</p>", unit=company["centre"].pk, **crafted
        )
        data.update(status="draft", publish_at_0="", publish_at_1="", version=0)
        response = client.post(add_url(), data)
    assert response.status_code == 302 and Article.objects.count() == 1  # the honest form is accepted
    for article in Article.objects.all():
        assert not article.audience_units.exclude(pk=company["centre"].pk).exists()
        assert not article.audience_groups.exists()


def test_a_correspondent_cannot_widen_an_editors_restricted_article(client, company, secret):
    """A draft for the centre's readers: the centre's correspondent may not add another unit's readers to it."""
    writer = correspondent(username="ctv")
    company["centre"].correspondents.add(writer)
    draft = ArticleFactory(title=f"{SECRET} nháp", unit=company["centre"], status="draft")
    audience_service.set_audience(draft, units=[company["centre"]])
    signed_in(client, writer)
    client.post(
        change_url(draft),
        article_form_data(draft, audience_units=[company["centre"].pk, company["other"].pk]),
    )
    assert list(Article.objects.get(pk=draft.pk).audience_units.all()) == [company["centre"]]


def test_a_correspondents_plain_save_keeps_the_audience_it_was_not_offered(client, company):
    """Round three, finding 1: an editor's draft for the centre and the board; the correspondent's form offers
    neither the other unit nor any group, so a plain "Save" of the form as rendered dropped them, and the draft
    became for everyone."""
    writer = correspondent(username="ctv")
    company["centre"].correspondents.add(writer)
    board = Group.objects.create(name="Ban giám đốc")
    draft = ArticleFactory(title=f"{SECRET} nháp", unit=company["centre"], status="draft")
    audience_service.set_audience(draft, units=[company["centre"], company["other"]], groups=[board])
    signed_in(client, writer)
    page = client.get(change_url(draft)).content.decode()

    response = client.post(change_url(draft), form_data(page))

    assert response.status_code == 302
    draft = Article.objects.get(pk=draft.pk)
    assert draft.title.endswith("(sửa)")  # the save went through
    assert set(draft.audience_units.all()) == {company["centre"], company["other"]}
    assert list(draft.audience_groups.all()) == [board] and draft.restricted


def test_an_article_for_everyone_shows_its_restricted_event_to_the_events_audience_only(client, company):
    """Round three, finding 3: the article page's event box printed a restricted event's title, place and link
    to every reader of the article, while the event's own page was a 404 for them."""
    event = EventFactory(title=f"{SECRET} họp kín", place=f"{SECRET} phòng họp", unit=company["centre"])
    audience_service.set_audience(event, units=[company["centre"]])
    article = ArticleFactory(title="Bài cho mọi người", unit=company["centre"], event=event)
    outsider, insider = reader_of(company["other"]), reader_of(company["department"])

    page = signed_in(client, outsider).get(article.get_absolute_url())

    assert page.status_code == 200 and "Bài cho mọi người" in page.content.decode()
    assert SECRET not in page.content.decode() and event.get_absolute_url() not in page.content.decode()
    assert client.get(event.get_absolute_url()).status_code == 404
    page = signed_in(client, insider).get(article.get_absolute_url()).content.decode()
    assert f"{SECRET} họp kín" in page and f"{SECRET} phòng họp" in page


def test_a_correspondent_reads_no_restricted_event_outside_their_scope_in_the_newsroom(client, company):
    """Round three, finding 6: the event admin and the article form's event autocomplete showed every
    correspondent restricted events (title, place, description, participants)."""
    writer = correspondent(username="ctv")
    company["centre"].correspondents.add(writer)
    board_meeting = EventFactory(title=f"{SECRET} họp", place=f"{SECRET} nơi họp", unit=company["other"])
    audience_service.set_audience(board_meeting, units=[company["other"]])
    open_event = EventFactory(title="Hội thao mở", unit=company["other"])
    draft = ArticleFactory(title="Nháp", unit=company["centre"], status="draft", event=board_meeting)
    signed_in(client, writer)

    listing = client.get(reverse("admin:news_event_changelist")).content.decode()
    assert "Hội thao mở" in listing and SECRET not in listing
    assert client.get(reverse("admin:news_event_change", args=[board_meeting.pk])).status_code in (302, 404)
    found = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "news", "model_name": "article", "field_name": "event", "term": ""},
    ).json()["results"]
    assert str(open_event.pk) in {row["id"] for row in found} and SECRET not in str(found)
    page = client.get(change_url(draft)).content.decode()
    assert SECRET not in page
    # The link an editor made is the correspondent's to keep, not to see or drop by saving.
    assert client.post(change_url(draft), form_data(page)).status_code == 302
    assert Article.objects.get(pk=draft.pk).event_id == board_meeting.pk


def test_statistics_count_readers_and_never_name_them(client, company, secret):
    reader = reader_of(company["centre"], username="nguoidoc", first_name="Thu", last_name="Phạm Thị")
    signed_in(client, reader).get(secret.get_absolute_url())
    assert ArticleRead.objects.filter(user=reader).exists()
    chief = signed_in(client, editor(username="bien-tap"))
    for url in (reverse("admin:news_article_statistics"), article_statistics_url(secret)):
        html = chief.get(url).content.decode()
        assert "Phạm Thị" not in html and "nguoidoc" not in html


def article_statistics_url(article):
    return reverse("admin:news_article_article_statistics", args=[article.pk])


def test_a_correspondent_of_the_unit_reads_neither_report_nor_statistics(client, company, secret):
    writer = correspondent(username="ctv")
    company["centre"].correspondents.add(writer)
    signed_in(client, writer)
    for url in (
        reverse("admin:news_article_acknowledgements", args=[secret.pk]) + "?format=csv",
        reverse("admin:news_article_statistics"),
        article_statistics_url(secret),
    ):
        assert client.get(url).status_code == 403, url


# Cached pages and redirects --------------------------------------------------------------------------------------


def test_a_cached_front_page_keeps_each_readers_banner_and_marks(client, company, secret):
    first, second = reader_of(company["centre"]), reader_of(company["centre"])
    signed_in(client, first).post(reverse("news:acknowledge", args=[secret.pk]))
    client.post(reverse("news:mark_all_read"))
    first_page = client.get("/").content.decode()
    other = type(client)()
    other.force_login(second)
    second_page = other.get("/").content.decode()
    assert 'class="must-read"' not in first_page
    assert 'class="must-read"' in second_page and SECRET in second_page


@pytest.mark.parametrize("target", ["//evil.example/", "/\\evil.example/", "https:evil.example", "\\\\evil.example"])
def test_mark_all_read_goes_back_to_this_site_only(client, company, target):
    signed_in(client, reader_of(company["centre"]))
    response = client.post(reverse("news:mark_all_read"), {"next": target})
    assert response["Location"] == "/"


# A reader's scope after they leave ------------------------------------------------------------------------------


def test_members_removed_from_a_group_at_once_lose_its_content(client, company):
    group = Group.objects.create(name="Ban kiểm soát")
    article = ArticleFactory(title=f"{SECRET} ban kiểm soát")
    audience_service.set_audience(article, groups=[group])
    member = reader_of(company["other"])
    group.user_set.add(member)
    signed_in(client, member)
    assert client.get(article.get_absolute_url()).status_code == 200
    group.user_set.clear()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_member_removed_one_by_one_loses_the_content(client, company):
    group = Group.objects.create(name="Ban kiểm soát")
    article = ArticleFactory(title=f"{SECRET} ban kiểm soát")
    audience_service.set_audience(article, groups=[group])
    member = reader_of(company["other"])
    group.user_set.add(member)
    signed_in(client, member)
    assert client.get(article.get_absolute_url()).status_code == 200
    group.user_set.remove(member)
    assert client.get(article.get_absolute_url()).status_code == 404
    member.groups.add(group)
    assert client.get(article.get_absolute_url()).status_code == 200
    member.groups.clear()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_a_reader_moved_to_another_unit_at_once_loses_its_content(client, company, secret):
    reader = reader_of(company["department"])
    signed_in(client, reader)
    assert client.get(secret.get_absolute_url()).status_code == 200
    profile = Profile.objects.get(user=reader)
    profile.unit = company["other"]
    profile.save()
    assert client.get(secret.get_absolute_url()).status_code == 404
    assert SECRET not in client.get("/").content.decode()


def test_a_department_moved_out_of_the_centre_at_once_loses_its_content(client, company, secret):
    reader = reader_of(company["department"])
    signed_in(client, reader)
    assert SECRET in client.get("/").content.decode()
    department = company["department"]
    department.parent = company["other"]
    department.save()
    assert client.get(secret.get_absolute_url()).status_code == 404
    assert SECRET not in client.get("/").content.decode()
