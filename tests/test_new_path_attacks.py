"""Attacks on the paths that landed with e-mail and the task workers, through HTTP as an attacker would send them:
"My settings" and the unsubscribe link, what the digest, must-read reminders and review notes can be made to send
and to whom, /media/ opened with a feed token, feeds' ETags and self links across readers, and the newsroom's new
list filter, list actions and the superusers' outgoing e-mail and task queue admins.

Each test asserts the secure behaviour; one that fails against the code is marked ``xfail(strict=True)`` with the
breach it shows."""

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail, signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from news.models import (
    Article,
    ArticleStatus,
    DigestFrequency,
    DirectoryAccount,
    EmailKind,
    EmailStatus,
    FeedToken,
    OutgoingEmail,
    Profile,
    TranslationStatus,
)
from news.roles import EDITORS
from news.services import audiences as audience_service
from news.services import mail as mail_service
from news.services import photos as photo_service
from tests import test_audience_attacks
from tests.factories import (
    ArticleFactory,
    PhotoFactory,
    UserFactory,
    administrator,
    correspondent,
    editor,
    jpeg_file,
    translation,
)
from tests.newsroom import article_form_data, change_url, reload

pytestmark = pytest.mark.django_db

SETTINGS_URL = "/account/settings/"
SECRET = "Bimatquocgia"  # one word that appears in no page or message unless the protected thing is shown


@pytest.fixture(autouse=True)
def outbox(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "https://portal.example"
    mail.outbox = []
    return mail.outbox


# The audience attacks' company: a centre, a department under it, another unit.
company = test_audience_attacks.company


def reader_of(unit, **kwargs):
    user = UserFactory(**kwargs)
    Profile.objects.update_or_create(user=user, defaults={"unit": unit})
    return user


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def unsubscribe_path(token):
    return reverse("news:unsubscribe", args=[token])


def digest_for(user):
    """The user's digest as stored now (not a Profile cached on the instance)."""
    stored = Profile.objects.filter(user_id=user.pk).values_list("digest", flat=True).first()
    return stored or DigestFrequency.WEEKLY


def all_text(messages):
    """Every message's subject, text and HTML, as one string to search."""
    parts = []
    for message in messages:
        parts.append(message.subject)
        parts.append(message.body)
        parts.extend(content for content, _type in getattr(message, "alternatives", []))
    return "\n".join(parts)


def recipients(messages):
    return sorted(address for message in messages for address in message.to)


# "My settings" ------------------------------------------------------------------------------------------------------


def test_settings_need_a_sign_in(client):
    assert client.get(SETTINGS_URL).status_code == 302
    assert client.post(SETTINGS_URL, {"digest": "never"}).status_code == 302
    assert not Profile.objects.exists()


def test_settings_change_only_ones_own_profile_whatever_is_posted(company):
    victim = reader_of(company["centre"], email="victim@vietsov.test")
    attacker = reader_of(company["other"], email="attacker@vietsov.test")
    victim_profile = Profile.of(victim)
    response = signed_in(attacker).post(
        SETTINGS_URL,
        {
            "digest": DigestFrequency.NEVER,
            "email_language": "ru",
            "user": victim.pk,
            "user_id": victim.pk,
            "id": victim_profile.pk,
            "pk": victim_profile.pk,
            "unit": company["centre"].pk,
            "read_all_before": "2000-01-01",
        },
    )
    assert response.status_code == 302
    victim_profile.refresh_from_db()
    assert victim_profile.digest == DigestFrequency.WEEKLY and victim_profile.email_language == ""
    mine = Profile.of(attacker)
    assert mine.digest == DigestFrequency.NEVER and mine.email_language == "ru"
    assert mine.unit == company["other"], "nobody sets the unit they work in"
    assert mine.read_all_before is None


@pytest.mark.parametrize(
    "data",
    [
        {"digest": "hourly", "email_language": ""},
        {"digest": "weekly", "email_language": "xx"},
        {"digest": "weekly", "email_language": "vi-VN-Latn-very-long-language"},
        {"digest": "week\x00ly", "email_language": ""},
        {"digest": "weekly", "email_language": "r\x00u"},
        {"digest": ["daily", "never"], "email_language": ["ru", "en"]},
        {"digest": "d" * 10_000},
        {},
    ],
)
def test_bad_settings_are_refused_without_an_error(company, data):
    user = reader_of(company["centre"])
    response = signed_in(user).post(SETTINGS_URL, data)
    profile = Profile.of(user)
    if response.status_code == 302:  # only a list's last valid value may be taken
        assert profile.digest in DigestFrequency.values
    else:
        assert response.status_code == 200
        assert profile.digest == DigestFrequency.WEEKLY and profile.email_language == ""


def test_settings_need_the_forms_csrf_token(company):
    user = reader_of(company["centre"])
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(SETTINGS_URL, {"digest": "never"}).status_code == 403
    assert digest_for(user) == DigestFrequency.WEEKLY


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_settings_take_no_other_method(company, method):
    user = reader_of(company["centre"])
    assert getattr(signed_in(user), method)(SETTINGS_URL).status_code == 405


def test_settings_page_is_never_cached_and_names_nobody_else(company):
    first = reader_of(company["centre"], email="first@vietsov.test", first_name="Thứ Nhất")
    second = reader_of(company["other"], email="second@vietsov.test", first_name="Thứ Hai")
    signed_in(first).post(SETTINGS_URL, {"digest": "daily", "email_language": "ru"})
    page = signed_in(second).get(SETTINGS_URL)
    assert page.status_code == 200
    assert "no-cache" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    html = page.content.decode()
    assert "first@vietsov.test" not in html and "Thứ Nhất" not in html
    # The second reader's form shows their own (default) setting, not the first reader's "daily".
    assert re.search(r'value="weekly"[^>]*checked', html)


# Unsubscribe --------------------------------------------------------------------------------------------------------


def test_the_unsubscribe_page_masks_the_owners_address(company):
    """Round three: anyone holding a forwarded digest read its owner's full address on the unsubscribe page."""
    owner = reader_of(company["centre"], email="vo.thanh.tam@vietsov.test")
    path = unsubscribe_path(mail_service.unsubscribe_token(owner))

    for response in (Client().get(path), Client().post(path)):
        page = response.content.decode()
        assert response.status_code == 200 and "v***@vietsov.test" in page
        assert "vo.thanh.tam" not in page


def test_the_calendar_is_private_to_its_reader(company):
    """Round three: /events.ics holds what its reader's audiences allow, and was sent without Cache-Control:
    private, so a shared cache could keep one reader's calendar for another."""
    reader = reader_of(company["centre"])
    for client, query in ((signed_in(reader), {}), (Client(), {"token": FeedToken.for_user(reader).key})):
        response = client.get(reverse("news:events_ics"), query)
        assert response.status_code == 200
        assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]


def test_a_forged_token_unsubscribes_nobody(company):
    victim = reader_of(company["centre"], email="victim@vietsov.test")
    attacker = reader_of(company["other"], email="attacker@vietsov.test")
    own = mail_service.unsubscribe_token(attacker)
    value, signature = own.rsplit(":", 1)
    forged = [
        signing.Signer().sign_object(victim.pk),  # the default salt
        signing.Signer(salt="portal.feeds").sign_object(victim.pk),
        signing.Signer(salt=mail_service.UNSUBSCRIBE_SALT, key="not-the-secret").sign_object(victim.pk),
        f"{signing.Signer(salt=mail_service.UNSUBSCRIBE_SALT).sign_object(attacker.pk).split(':')[0]}:{signature}x",
        f"{signing.b64_encode(str(victim.pk).encode()).decode()}:{signature}",  # victim id, attacker signature
        f"{value}:{signature.upper()}",
        signing.TimestampSigner(salt=mail_service.UNSUBSCRIBE_SALT, key="x").sign_object(victim.pk),
    ]
    for token in forged:
        anonymous = Client()
        assert anonymous.get(unsubscribe_path(token)).status_code == 404, token
        assert anonymous.post(unsubscribe_path(token)).status_code == 404, token
    assert digest_for(victim) == DigestFrequency.WEEKLY


@pytest.mark.parametrize(
    "path",
    [
        "/account/unsubscribe/abc/",
        "/account/unsubscribe/1/",
        "/account/unsubscribe/:/",
        "/account/unsubscribe/1:/",
        "/account/unsubscribe/%00/",
        "/account/unsubscribe/a%00b:c/",
        "/account/unsubscribe/%E2%80%AE:%FF/",
        "/account/unsubscribe/%ED%A0%80/",
        "/account/unsubscribe/" + "A" * 5000 + "/",
        "/account/unsubscribe/" + "A" * 5000 + ":" + "B" * 5000 + "/",
        "/account/unsubscribe/eyJ9:xx/",
        "/account/unsubscribe/..%2F..%2Fadmin/",
    ],
)
def test_garbage_unsubscribe_links_are_404_never_500(client, path):
    for method in (client.get, client.post, client.head):
        assert method(path).status_code == 404, (method, path)


def test_a_signed_token_that_is_not_a_user_id_is_404_never_500(company):
    """A value signed under the salt that is not a user's id (a future token format, a mistake): never a 500."""
    signer = signing.Signer(salt=mail_service.UNSUBSCRIBE_SALT)
    for value in ["abc", {"pk": 1}, [1, 2], None, 10**30, -1, 1.5, "1; DROP TABLE"]:
        response = Client().get(unsubscribe_path(signer.sign_object(value)))
        assert response.status_code == 404, value


def test_get_and_head_never_unsubscribe(company):
    user = reader_of(company["centre"], email="reader@vietsov.test")
    path = unsubscribe_path(mail_service.unsubscribe_token(user))
    assert Client().get(path).status_code == 200
    assert Client().head(path).status_code == 200
    assert Client().get(path + "?List-Unsubscribe=One-Click").status_code == 200
    assert digest_for(user) == DigestFrequency.WEEKLY


def test_the_token_decides_whose_digest_stops_not_the_session(company):
    owner = reader_of(company["centre"], email="owner@vietsov.test")
    other = reader_of(company["other"], email="other@vietsov.test")
    Profile.objects.filter(user=other).update(digest=DigestFrequency.DAILY)
    response = signed_in(other).post(unsubscribe_path(mail_service.unsubscribe_token(owner)))
    assert response.status_code == 200
    assert digest_for(owner) == DigestFrequency.NEVER
    assert Profile.objects.get(user=other).digest == DigestFrequency.DAILY
    assert b"other@vietsov.test" not in response.content


def test_a_token_still_names_only_its_owner_after_changes(company):
    """Reused after the reader subscribed again, changed address or name: it still stops their digest only."""
    user = reader_of(company["centre"], email="old@vietsov.test")
    token = mail_service.unsubscribe_token(user)
    assert Client().post(unsubscribe_path(token), {"List-Unsubscribe": "One-Click"}).status_code == 200
    signed_in(user).post(SETTINGS_URL, {"digest": "daily", "email_language": ""})
    user.email, user.username = "new@vietsov.test", "renamed"
    user.save()
    assert Client().post(unsubscribe_path(token)).status_code == 200
    assert digest_for(user) == DigestFrequency.NEVER
    user_id = user.pk
    user.delete()
    assert Client().post(unsubscribe_path(token)).status_code == 404
    assert not Profile.objects.filter(user_id=user_id).exists(), "no profile made for a user gone"


def test_a_deactivated_users_token_is_no_error_and_sends_nothing(company):
    user = reader_of(company["centre"], email="leaver@vietsov.test")
    token = mail_service.unsubscribe_token(user)
    user.is_active = False
    user.save()
    for method in ("get", "post", "head"):
        assert getattr(Client(), method)(unsubscribe_path(token)).status_code in (200, 404)
    ArticleFactory(publish_at=timezone.now() - datetime.timedelta(hours=2))
    mail_service.schedule_digests("weekly", timezone.now())
    assert "leaver@vietsov.test" not in recipients(mail.outbox)


def test_unsubscribe_takes_no_other_method(company):
    user = reader_of(company["centre"])
    path = unsubscribe_path(mail_service.unsubscribe_token(user))
    for method in ("put", "delete", "patch"):
        assert getattr(Client(), method)(path).status_code == 405
    assert digest_for(user) == DigestFrequency.WEEKLY


# What the digest may list -------------------------------------------------------------------------------------------


def test_the_digest_lists_only_what_the_reader_may_read(company):
    now = timezone.now()
    reader = reader_of(company["department"], email="reader@vietsov.test")
    Profile.objects.filter(user=reader).update(email_language="ru")
    reader_of(company["other"], email="outsider@vietsov.test")
    before = now - datetime.timedelta(hours=3)
    ArticleFactory(title="Tin chung cho mọi người", publish_at=before)
    restricted = ArticleFactory(
        title=f"{SECRET} khoan", lead=f"{SECRET} lead", unit=company["other"], publish_at=before
    )
    audience_service.set_audience(restricted, units=[company["other"]])
    ArticleFactory(title=f"{SECRET} nháp", status=ArticleStatus.DRAFT, publish_at=None, unit=company["centre"])
    ArticleFactory(title=f"{SECRET} đang duyệt", status=ArticleStatus.REVIEW, publish_at=None, unit=company["centre"])
    ArticleFactory(title=f"{SECRET} hẹn giờ", publish_at=now + datetime.timedelta(hours=2), unit=company["centre"])
    ArticleFactory(title=f"{SECRET} lưu trữ", status=ArticleStatus.ARCHIVED, publish_at=before, unit=company["centre"])
    translated = ArticleFactory(title="Bản gốc tiếng Việt", publish_at=before, unit=company["centre"])
    translation(translated, "ru", status=TranslationStatus.DRAFT, title=f"{SECRET} черновик", lead=f"{SECRET} лид")
    in_review = ArticleFactory(title="Bản gốc thứ hai", publish_at=before, unit=company["centre"])
    translation(in_review, "ru", status=TranslationStatus.REVIEW, title=f"{SECRET} на проверке")

    mail_service.schedule_digests("weekly", now)

    to_reader = [message for message in mail.outbox if message.to == ["reader@vietsov.test"]]
    assert len(to_reader) == 1
    text = all_text(to_reader)
    assert "Tin chung cho mọi người" in text and "Bản gốc tiếng Việt" in text and "Bản gốc thứ hai" in text
    assert SECRET not in text
    assert restricted.slug not in text
    # The outsider's digest has the restricted article (theirs), and nothing else secret.
    to_outsider = all_text([message for message in mail.outbox if message.to == ["outsider@vietsov.test"]])
    assert f"{SECRET} khoan" in to_outsider
    assert to_outsider.count(SECRET) == to_outsider.count(f"{SECRET} khoan") + to_outsider.count(f"{SECRET} lead")


def test_a_group_restricted_article_stays_out_of_other_digests(company):
    now = timezone.now()
    group = Group.objects.create(name="Ban Giám đốc")
    member = reader_of(company["centre"], email="member@vietsov.test")
    member.groups.add(group)
    reader_of(company["centre"], email="plain@vietsov.test")
    article = ArticleFactory(title=f"{SECRET} ban", publish_at=now - datetime.timedelta(hours=1))
    audience_service.set_audience(article, groups=[group])
    ArticleFactory(title="Tin công khai", publish_at=now - datetime.timedelta(hours=1))

    mail_service.schedule_digests("weekly", now)

    assert SECRET in all_text([m for m in mail.outbox if m.to == ["member@vietsov.test"]])
    assert SECRET not in all_text([m for m in mail.outbox if m.to == ["plain@vietsov.test"]])


def test_the_digest_goes_to_nobody_who_asked_for_none_or_left(company):
    now = timezone.now()
    ArticleFactory(publish_at=now - datetime.timedelta(hours=1))
    stopped = reader_of(company["centre"], email="stopped@vietsov.test")
    Client().post(unsubscribe_path(mail_service.unsubscribe_token(stopped)))
    leaver = reader_of(company["centre"], email="leaver@vietsov.test")
    leaver.is_active = False
    leaver.save()
    daily = reader_of(company["centre"], email="daily@vietsov.test")
    signed_in(daily).post(SETTINGS_URL, {"digest": "daily", "email_language": ""})
    reader_of(company["centre"], email="weekly@vietsov.test")

    mail_service.schedule_digests("weekly", now)

    assert recipients(mail.outbox) == ["weekly@vietsov.test"]


# Must-read reminders ------------------------------------------------------------------------------------------------


def test_must_read_reminders_go_only_to_the_audience(company):
    now = timezone.now()
    notice = ArticleFactory(
        title=f"{SECRET} phải đọc", unit=company["centre"], publish_at=now - datetime.timedelta(hours=1)
    )
    notice.must_read = True
    notice.must_read_due = timezone.localdate(now) + datetime.timedelta(days=1)
    notice.save()
    audience_service.set_audience(notice, units=[company["centre"]])
    reader_of(company["department"], email="inside@vietsov.test")
    reader_of(company["other"], email="outside@vietsov.test")
    UserFactory(email="nounit@vietsov.test")
    leaver = reader_of(company["centre"], email="leaver@vietsov.test")
    leaver.is_active = False
    leaver.save()
    editor(email="editor@vietsov.test")

    mail_service.schedule_reminders(now)

    assert recipients(mail.outbox) == ["inside@vietsov.test"]


def test_no_reminder_for_a_draft_or_scheduled_must_read(company):
    now = timezone.now()
    due = timezone.localdate(now) + datetime.timedelta(days=1)
    for title, status, publish_at in [
        (f"{SECRET} nháp", ArticleStatus.DRAFT, None),
        (f"{SECRET} hẹn", ArticleStatus.PUBLISHED, now + datetime.timedelta(hours=3)),
    ]:
        article = ArticleFactory(title=title, status=status, publish_at=publish_at, unit=company["centre"])
        article.must_read, article.must_read_due = True, due
        article.save()
    reader_of(company["centre"], email="inside@vietsov.test")

    mail_service.schedule_reminders(now)
    # Even a worker handed a draft's id (a stale or crafted task) composes nothing.
    for article in Article.objects.filter(title__startswith=SECRET):
        mail_service.build_reminders.call(article.pk, due.isoformat())

    assert mail.outbox == []


# Review notes -------------------------------------------------------------------------------------------------------


def test_a_correspondents_submission_notes_only_editors(company):
    writer = correspondent(username="phong-vien", email="writer@vietsov.test")
    company["centre"].correspondents.add(writer)
    fellow = correspondent(username="ctv-khac", email="fellow@vietsov.test")
    company["centre"].correspondents.add(fellow)
    admin_user = administrator(username="quan-tri", email="admin@vietsov.test")
    Profile.objects.create(user=admin_user, unit=company["centre"])
    reader_of(company["centre"], email="employee@vietsov.test")
    UserFactory(username="root", email="root@vietsov.test", is_staff=True, is_superuser=True)
    former = editor(username="bt-cu", email="former@vietsov.test", is_active=False)
    company["centre"].correspondents.add(former)
    reviewer = editor(username="bt", email="editor@vietsov.test")
    company["centre"].correspondents.add(reviewer)
    draft = ArticleFactory(unit=company["centre"], status=ArticleStatus.DRAFT, publish_at=None, title="Bài của CTV")

    response = signed_in(writer).post(change_url(draft), article_form_data(draft, _workflow="submit"))

    assert response.status_code == 302 and reload(draft).status == ArticleStatus.REVIEW
    assert recipients(mail.outbox) == ["editor@vietsov.test"]
    assert all(message.kind == EmailKind.REVIEW_NOTE for message in OutgoingEmail.objects.all())


def test_a_correspondent_cannot_make_the_portal_note_another_units_draft(company):
    writer = correspondent(username="phong-vien", email="writer@vietsov.test")
    company["centre"].correspondents.add(writer)
    editor(username="bt", email="editor@vietsov.test")
    foreign = ArticleFactory(
        unit=company["other"], status=ArticleStatus.DRAFT, publish_at=None, title=f"{SECRET} của đơn vị khác"
    )
    client = signed_in(writer)
    response = client.post(change_url(foreign), article_form_data(foreign, _workflow="submit"))
    assert response.status_code in (302, 403, 404)
    assert reload(foreign).status == ArticleStatus.DRAFT
    # Nor by moving it to their own unit in the same post.
    client.post(change_url(foreign), article_form_data(foreign, unit=company["centre"].pk, _workflow="submit"))
    assert reload(foreign).status == ArticleStatus.DRAFT and reload(foreign).unit == company["other"]
    # Nor through the list action.
    client.post(
        reverse("admin:news_article_changelist"),
        {"action": "submit", "_selected_action": [foreign.pk], "index": 0},
    )
    assert reload(foreign).status == ArticleStatus.DRAFT
    assert mail.outbox == [] and not OutgoingEmail.objects.exists()


def test_a_review_note_of_one_unit_reaches_no_editor_of_another_unit(company):
    writer = correspondent(username="phong-vien", email="writer@vietsov.test")
    company["department"].correspondents.add(writer)
    above = editor(username="bt-tren", email="above@vietsov.test")
    Profile.objects.create(user=above, unit=company["centre"])
    elsewhere = editor(username="bt-khac", email="elsewhere@vietsov.test")
    Profile.objects.create(user=elsewhere, unit=company["other"])
    draft = ArticleFactory(unit=company["department"], status=ArticleStatus.DRAFT, publish_at=None, title=SECRET)

    signed_in(writer).post(change_url(draft), article_form_data(draft, _workflow="submit"))

    assert recipients(mail.outbox) == ["above@vietsov.test"]


# /media/ with a feed token ------------------------------------------------------------------------------------------


def rendition_path(photo):
    return photo.image.storage.url(photo.renditions[0]["name"])


def original_path(photo):
    return photo.image.storage.url(photo.image.name)


def with_token(path, user):
    return f"{path}?token={FeedToken.for_user(user).key}"


@pytest.fixture
def restricted_photo(company):
    article = ArticleFactory(unit=company["other"], title=f"{SECRET} ảnh")
    audience_service.set_audience(article, units=[company["other"]])
    return PhotoFactory(article=article)


def test_a_token_opens_no_rendition_of_another_units_restricted_article(company, restricted_photo):
    outsider = reader_of(company["centre"])
    insider = reader_of(company["other"])
    assert Client().get(with_token(rendition_path(restricted_photo), outsider)).status_code == 404
    assert Client().get(with_token(rendition_path(restricted_photo), insider)).status_code == 200


def test_a_token_opens_no_rendition_of_a_draft_or_scheduled_article(company):
    reader = reader_of(company["centre"])
    draft = PhotoFactory(article=ArticleFactory(status=ArticleStatus.DRAFT, publish_at=None, unit=company["centre"]))
    scheduled = PhotoFactory(
        article=ArticleFactory(publish_at=timezone.now() + datetime.timedelta(days=1), unit=company["centre"])
    )
    for photo in (draft, scheduled):
        assert Client().get(with_token(rendition_path(photo), reader)).status_code == 404


def test_an_editors_token_opens_only_what_the_editors_feed_could_show(company, restricted_photo):
    """Round three, finding 5: a staff member's token fell through to the newsroom's view: an editor's token
    opened renditions of articles restricted to audiences the editor is not in, and of drafts. In a session the
    newsroom's view stays (an editor previews what they edit)."""
    chief = editor(username="bien-tap-token")
    draft = PhotoFactory(
        article=ArticleFactory(status=ArticleStatus.DRAFT, publish_at=None, unit=company["centre"]),
        image=jpeg_file("draft.jpg"),
    )
    public = PhotoFactory(article=ArticleFactory(unit=company["centre"]), image=jpeg_file("public.jpg"))
    for photo in (restricted_photo, draft):
        assert Client().get(with_token(rendition_path(photo), chief)).status_code == 404
        assert signed_in(chief).get(rendition_path(photo)).status_code == 200
    assert Client().get(with_token(rendition_path(public), chief)).status_code == 200


def test_a_correspondents_token_opens_no_rendition_of_another_units_draft(company):
    writer = correspondent()
    company["centre"].correspondents.add(writer)
    foreign = PhotoFactory(article=ArticleFactory(status=ArticleStatus.DRAFT, publish_at=None, unit=company["other"]))
    assert Client().get(with_token(rendition_path(foreign), writer)).status_code == 404


def test_a_token_never_opens_an_original_even_an_editors(company):
    photo = PhotoFactory(article=ArticleFactory(unit=company["centre"]))
    for user in (reader_of(company["centre"]), editor(), UserFactory(is_staff=True, is_superuser=True)):
        response = Client().get(with_token(original_path(photo), user))
        assert response.status_code in (302, 404), user
        assert not response.has_header("Content-Disposition")


def test_a_deactivated_or_reset_token_opens_nothing(company):
    photo = PhotoFactory(article=ArticleFactory(unit=company["centre"]))
    leaver = reader_of(company["centre"])
    path = with_token(rendition_path(photo), leaver)
    assert Client().get(path).status_code == 200
    leaver.is_active = False
    leaver.save()
    assert Client().get(path).status_code == 302
    resetter = reader_of(company["centre"])
    old = with_token(rendition_path(photo), resetter)
    FeedToken.reset(resetter)
    assert Client().get(old).status_code == 302


@pytest.mark.parametrize(
    "token", ["", "x", "\x00", "a" * 5000, "' OR 1=1 --", "%00", "1:abc:def", "😀" * 20, ["a", "b"]]
)
def test_garbage_media_tokens_are_the_sign_in_never_500(company, token):
    photo = PhotoFactory(article=ArticleFactory(unit=company["centre"]))
    response = Client().get(rendition_path(photo), {"token": token})
    assert response.status_code == 302


def test_a_token_beside_a_session_never_widens_the_session(company, restricted_photo):
    """A signed-in reader who holds someone else's token (a shared feed address) gets only what they may see."""
    outsider = reader_of(company["centre"])
    insider = reader_of(company["other"])
    response = signed_in(outsider).get(with_token(rendition_path(restricted_photo), insider))
    assert response.status_code == 404
    # Nor an original through an editor's token beside a reader's session.
    photo = PhotoFactory(article=ArticleFactory(unit=company["centre"]))
    assert signed_in(outsider).get(with_token(original_path(photo), editor())).status_code == 404


# Feeds ----------------------------------------------------------------------------------------------------------------


FEED = "/feeds/latest/"


def test_one_readers_etag_is_no_304_for_another_readers_feed(company):
    ArticleFactory(title="Tin chung")
    restricted = ArticleFactory(title=f"{SECRET} feed", unit=company["other"])
    audience_service.set_audience(restricted, units=[company["other"]])
    insider, outsider = reader_of(company["other"]), reader_of(company["centre"])

    insider_response = signed_in(insider).get(FEED)
    assert SECRET.encode() in insider_response.content
    etag, last_modified = insider_response["ETag"], insider_response["Last-Modified"]

    outsider_client = signed_in(outsider)
    response = outsider_client.get(FEED, headers={"If-None-Match": etag, "If-Modified-Since": last_modified})
    assert response.status_code == 200 and SECRET.encode() not in response.content
    assert response["ETag"] != etag
    # And the other way round, read with tokens as feed readers do.
    outsider_etag = Client().get(with_token(FEED, outsider))["ETag"]
    response = Client().get(with_token(FEED, insider), headers={"If-None-Match": outsider_etag})
    assert response.status_code == 200 and SECRET.encode() in response.content
    assert "private" in response["Cache-Control"]
    # One's own ETag still gets the 304 (the check is not simply switched off).
    own_etag = outsider_client.get(FEED)["ETag"]
    assert outsider_client.get(FEED, headers={"If-None-Match": own_etag}).status_code == 304


def test_an_etag_stops_matching_when_the_reader_leaves_the_audience(company):
    restricted = ArticleFactory(title=f"{SECRET} feed", unit=company["other"])
    audience_service.set_audience(restricted, units=[company["other"]])
    reader = reader_of(company["other"])
    client = signed_in(reader)
    etag = client.get(FEED)["ETag"]
    Profile.objects.filter(user=reader).update(unit=company["centre"])
    from news.models import scopes

    if hasattr(scopes, "forget"):
        scopes.forget(reader)
    client = signed_in(reader)
    response = client.get(FEED, headers={"If-None-Match": etag})
    if response.status_code == 200:
        assert SECRET.encode() not in response.content


def test_the_self_link_carries_the_token_read_with_and_no_other(company):
    owner, other = reader_of(company["centre"]), reader_of(company["other"])
    owner_key, other_key = FeedToken.for_user(owner).key, FeedToken.for_user(other).key
    page = Client().get(FEED, {"token": owner_key}).content.decode()
    assert f"token={owner_key}" in page
    # A session beside someone else's token: the feed is the session's, and the token is repeated nowhere.
    page = signed_in(owner).get(FEED, {"token": other_key}).content.decode()
    assert other_key not in page
    # A crafted ?lang= or extra parameter is not reflected into the self link as markup.
    page = Client().get(FEED, {"token": owner_key, "lang": '"><x>', "next": "https://evil.example"}).content.decode()
    assert "<x>" not in page and "evil.example" not in page


def test_feed_enclosures_follow_the_readers_audience_and_open_with_the_token(company, restricted_photo):
    public = PhotoFactory(article=ArticleFactory(title="Tin có ảnh", unit=company["centre"]), image=jpeg_file("x.jpg"))
    outsider = reader_of(company["centre"])
    key = FeedToken.for_user(outsider).key
    feed = Client().get(FEED, {"token": key}).content.decode()
    enclosures = re.findall(r'<enclosure [^>]*url="([^"]+)"', feed)
    assert enclosures and all(f"token={key}" in url for url in enclosures)
    restricted_names = {rendition["name"] for rendition in restricted_photo.renditions}
    assert not any(name in url for url in enclosures for name in restricted_names)
    for url in enclosures:
        path = url.replace("http://testserver", "").replace("&amp;", "&")
        assert Client().get(path).status_code == 200
    assert any(rendition["name"] in feed for rendition in public.renditions)


@pytest.mark.parametrize(
    "path", ["/feeds/units/khong-co/", "/feeds/units/%00/", "/feeds/latest/?lang=%00", "/feeds/latest/?token=%00"]
)
def test_odd_feed_requests_are_never_500(company, path):
    response = signed_in(reader_of(company["centre"])).get(path)
    assert response.status_code in (200, 302, 404)


# The newsroom: "Needs attention" ------------------------------------------------------------------------------------


ARTICLES = "/admin/news/article/"


def test_needs_attention_shows_a_correspondent_nothing_of_other_units(company):
    writer = correspondent()
    company["centre"].correspondents.add(writer)
    ArticleFactory(unit=company["centre"], status=ArticleStatus.DRAFT, publish_at=None, title="Nháp của tôi")
    for index in range(3):
        ArticleFactory(
            unit=company["other"], status=ArticleStatus.DRAFT, publish_at=None, title=f"{SECRET} nháp {index}"
        )
        ArticleFactory(
            unit=company["other"], status=ArticleStatus.REVIEW, publish_at=None, title=f"{SECRET} duyệt {index}"
        )
    ArticleFactory(unit=company["other"], title=f"{SECRET} đã đăng")
    client = signed_in(writer)
    for query in ["", "?show=attention", "?show=all", "?show=x", "?show=all&q=nháp", "?status=draft&show=all"]:
        response = client.get(ARTICLES + query)
        assert response.status_code == 200, query
        html = response.content.decode()
        assert SECRET not in html, query
        assert "Needs attention (1)" in html or "Cần xử lý (1)" in html or "(1)" in html, query
        assert "(7)" not in html and "(8)" not in html, query


@pytest.mark.parametrize(
    "query", ["?show=%00", "?show=" + "a" * 3000, "?show=attention&show=all", "?show=attention&o=99"]
)
def test_the_attention_filter_takes_odd_input_without_an_error(company, query):
    response = signed_in(editor()).get(ARTICLES + query)
    assert response.status_code in (200, 302)


def test_needs_attention_is_no_door_for_readers_or_administrators(company):
    for user in (reader_of(company["centre"]), administrator()):
        response = signed_in(user).get(ARTICLES + "?show=attention")
        assert response.status_code in (302, 403)


# The newsroom: "Make the renditions again" ---------------------------------------------------------------------------


PHOTOS = "/admin/news/photo/"


@pytest.fixture
def sent_to_workers(monkeypatch):
    sent = []
    monkeypatch.setattr(photo_service, "send_to_workers", lambda photos: sent.extend(photo.pk for photo in photos))
    return sent


def test_render_again_touches_no_photo_outside_the_users_scope(company, sent_to_workers):
    writer = correspondent()
    company["centre"].correspondents.add(writer)
    own = PhotoFactory(article=ArticleFactory(unit=company["centre"], status=ArticleStatus.DRAFT, publish_at=None))
    foreign_draft = PhotoFactory(
        article=ArticleFactory(unit=company["other"], status=ArticleStatus.DRAFT, publish_at=None)
    )
    foreign_published = PhotoFactory(article=ArticleFactory(unit=company["other"]))
    own_published = PhotoFactory(article=ArticleFactory(unit=company["centre"]))
    data = {
        "action": "render_again",
        "_selected_action": [own.pk, foreign_draft.pk, foreign_published.pk, own_published.pk],
        "index": 0,
    }
    response = signed_in(writer).post(PHOTOS, data)
    assert response.status_code in (200, 302)
    assert sent_to_workers == [own.pk]


def test_render_again_is_refused_to_readers_and_administrators(company, sent_to_workers):
    photo = PhotoFactory(article=ArticleFactory(unit=company["centre"]))
    data = {"action": "render_again", "_selected_action": [photo.pk], "index": 0}
    for user in (reader_of(company["centre"]), administrator(), correspondent()):
        response = signed_in(user).post(PHOTOS, data)
        assert response.status_code in (200, 302, 403)
    assert sent_to_workers == []


@pytest.mark.parametrize(
    "selected",
    [
        ["abc"],
        ["\x00"],
        ["-1"],
        # Past 64 bits: no id on any database (SQLite would overflow on the lookup).
        ["99999999999999999999"],
        [],
    ],
)
def test_render_again_with_odd_ids_is_no_error(company, sent_to_workers, selected):
    response = signed_in(editor()).post(PHOTOS, {"action": "render_again", "_selected_action": selected, "index": 0})
    assert response.status_code in (200, 302)
    assert sent_to_workers == []


# The newsroom: outgoing e-mail and the task queue -----------------------------------------------------------------


@pytest.fixture
def failed_message(company):
    reader = reader_of(company["centre"], email="reader@vietsov.test")
    return OutgoingEmail.objects.create(
        key="digest:weekly:2026-W01:1",
        kind=EmailKind.DIGEST,
        recipient=reader,
        to=reader.email,
        subject=f"{SECRET} digest",
        text_body=f"{SECRET} body",
        html_body=f"<p>{SECRET}</p>",
        message_id="<x@portal.example>",
        status=EmailStatus.FAILED,
        attempts=3,
        next_attempt_at=timezone.now(),
    )


def non_superusers(company):
    writer = correspondent()
    company["centre"].correspondents.add(writer)
    return [reader_of(company["centre"]), writer, editor(), administrator()]


def test_outgoing_email_is_for_superusers_only(company, failed_message):
    paths = [
        "/admin/news/outgoingemail/",
        f"/admin/news/outgoingemail/{failed_message.pk}/change/",
        f"/admin/news/outgoingemail/{failed_message.pk}/history/",
        f"/admin/news/outgoingemail/{failed_message.pk}/delete/",
        "/admin/news/outgoingemail/add/",
        "/admin/news/outgoingemail/?q=digest",
    ]
    for user in non_superusers(company):
        client = signed_in(user)
        for path in paths:
            response = client.get(path)
            assert response.status_code in (302, 403), (user, path)
            assert SECRET.encode() not in response.content
        response = client.post(
            "/admin/news/outgoingemail/", {"action": "send_again", "_selected_action": [failed_message.pk], "index": 0}
        )
        assert response.status_code in (302, 403)
        client.post(f"/admin/news/outgoingemail/{failed_message.pk}/delete/", {"post": "yes"})
    failed_message.refresh_from_db()
    assert failed_message.status == EmailStatus.FAILED and failed_message.attempts == 3
    assert mail.outbox == []


def test_a_superuser_reads_and_sends_again_but_edits_nothing(company, failed_message):
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = signed_in(root)
    assert client.get("/admin/news/outgoingemail/").status_code == 200
    assert client.get("/admin/news/outgoingemail/add/").status_code == 403
    client.post(
        f"/admin/news/outgoingemail/{failed_message.pk}/change/",
        {"to": "attacker@evil.example", "subject": "x", "status": "queued"},
    )
    failed_message.refresh_from_db()
    assert failed_message.to == "reader@vietsov.test" and failed_message.status == EmailStatus.FAILED
    client.post(
        "/admin/news/outgoingemail/", {"action": "send_again", "_selected_action": [failed_message.pk], "index": 0}
    )
    assert recipients(mail.outbox) == ["reader@vietsov.test"]
    # Again: a sent message is not sent twice.
    client.post(
        "/admin/news/outgoingemail/", {"action": "send_again", "_selected_action": [failed_message.pk], "index": 0}
    )
    assert len(mail.outbox) == 1


def test_the_task_queue_is_for_superusers_only_and_read_only(company, settings):
    from django_tasks_db.models import DBTaskResult

    photo = PhotoFactory()
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "renditions"]}}
    photo_service.send_to_workers([photo])
    task = DBTaskResult.objects.first()
    assert task is not None
    paths = ["/admin/django_tasks_database/dbtaskresult/", "/admin/django_tasks_database/dbtaskresult/add/"]
    if task is not None:
        paths += [f"/admin/django_tasks_database/dbtaskresult/{task.pk}/change/"]
    for user in non_superusers(company):
        client = signed_in(user)
        for path in paths:
            assert client.get(path).status_code in (302, 403, 404), (user, path)
    root = signed_in(UserFactory(username="root", is_staff=True, is_superuser=True))
    assert root.get("/admin/django_tasks_database/dbtaskresult/").status_code == 200
    assert root.get("/admin/django_tasks_database/dbtaskresult/add/").status_code == 403
    status = task.status
    assert root.get(f"/admin/django_tasks_database/dbtaskresult/{task.pk}/change/").status_code == 200
    root.post(f"/admin/django_tasks_database/dbtaskresult/{task.pk}/change/", {"status": "FAILED", "priority": 99})
    root.post(f"/admin/django_tasks_database/dbtaskresult/{task.pk}/delete/", {"post": "yes"})
    root.post(
        "/admin/django_tasks_database/dbtaskresult/",
        {"action": "delete_selected", "_selected_action": [task.pk], "post": "yes", "index": 0},
    )
    task.refresh_from_db()
    assert task.status == status
    for path in [
        "/admin/django_tasks_database/dbtaskresult/%00/change/",
        "/admin/django_tasks_database/dbtaskresult/abc/change/",
    ]:
        assert root.get(path).status_code in (302, 404)


# The newsroom: the user admin with directory accounts ------------------------------------------------------------


def test_an_administrator_sets_no_password_for_a_directory_user_nor_opens_a_superuser(company):
    person = UserFactory(username="anv", email="anv@vietsov.test")
    DirectoryAccount.objects.create(user=person, dn="cn=anv,ou=people,dc=vietsov")
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client = signed_in(administrator())
    before = person.password
    response = client.post(
        f"/admin/auth/user/{person.pk}/password/",
        {"password1": "Mat-khau-moi-2026!", "password2": "Mat-khau-moi-2026!", "usable_password": "true"},
    )
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.password == before
    # A superuser's account may be viewed (the policy's VIEW), never changed or given a new password.
    assert client.get(f"/admin/auth/user/{root.pk}/password/").status_code in (302, 403, 404)
    client.post(
        f"/admin/auth/user/{root.pk}/password/",
        {"password1": "Mat-khau-moi-2026!", "password2": "Mat-khau-moi-2026!", "usable_password": "true"},
    )
    client.post(
        f"/admin/auth/user/{root.pk}/change/",
        {"username": "root", "email": "attacker@evil.example", "is_active": "", "is_staff": "on"},
    )
    root.refresh_from_db()
    assert root.check_password("secret-pass-123") and root.is_active and root.email != "attacker@evil.example"


def test_an_administrator_cannot_make_a_user_an_editor_of_their_own_group(company):
    admin_user = administrator()
    target = UserFactory(username="nv", is_staff=True)
    client = signed_in(admin_user)
    page = client.get(f"/admin/auth/user/{target.pk}/change/")
    assert page.status_code == 200
    client.post(
        f"/admin/auth/user/{admin_user.pk}/change/",
        {"username": admin_user.username, "groups": [Group.objects.get(name=EDITORS).pk], "is_superuser": "on"},
    )
    admin_user.refresh_from_db()
    assert not admin_user.is_superuser and not admin_user.groups.filter(name=EDITORS).exists()


def test_a_correspondents_markup_in_a_title_is_text_in_every_message(company):
    """What a correspondent types reaches editors' mailboxes (the review note) and readers' (the digest, once
    published): as text in the HTML part, one line in the subject, never a header of its own."""
    writer = correspondent(username="phong-vien", first_name='<a href="https://evil.example">Bấm</a>')
    company["centre"].correspondents.add(writer)
    editor(username="bt", email="editor@vietsov.test")
    title = "<img src=x onerror=alert(1)> Tin Bcc: victim@evil.example"
    draft = ArticleFactory(unit=company["centre"], status=ArticleStatus.DRAFT, publish_at=None, title="Tạm")
    Article.objects.filter(pk=draft.pk).update(title=title, lead='<script>alert("x")</script>')
    draft = reload(draft)

    signed_in(writer).post(change_url(draft), article_form_data(draft, _workflow="submit"))

    assert recipients(mail.outbox) == ["editor@vietsov.test"]
    message = mail.outbox[0]
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.bcc == [] and message.cc == []
    html = message.alternatives[0][0]
    assert "<img src=x" not in html and "<script>" not in html and 'href="https://evil.example"' not in html
