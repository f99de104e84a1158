"""E-mail that people want (issue 18): the digest of unread news, must-read reminders and review notes, received
by a real SMTP server on a local port (tests/mail_server.py) and read as a mail client reads them: headers, both
parts, links. Where the behaviour depends on the workers (sent later, retried, never twice), the tasks go
through the database queue and a real ``db_worker``.

"Now" is frozen (``clock``): Monday 08:00 in Hà Nội, when the daily and the weekly digests are both due; tests
move it to reach a retry's time or next week.
"""

import datetime
import io
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core import signing
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext

from news.models import ArticleRead, ArticleStatus, DigestFrequency, EmailKind, EmailStatus, OutgoingEmail, Profile
from news.services import acknowledgements as acknowledgement_service
from news.services import audiences as audience_service
from news.services import background
from news.services import mail as mail_service
from tests.factories import ArticleFactory, UnitFactory, UserFactory, correspondent, editor
from tests.factories import translation as translate
from tests.mail_server import MailServer
from tests.newsroom import article_form_data, change_url, reload

pytestmark = pytest.mark.django_db

MONDAY_MORNING = datetime.datetime(2026, 11, 16, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
BASE_URL = "https://portal.example"
DATABASE_QUEUE = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "renditions", "email"]}
}


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += datetime.timedelta(**delta)


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    """``timezone.now()`` for everything that asks: services, schedules, factories, the worker's "due" test."""
    clock = Clock(MONDAY_MORNING.astimezone(datetime.UTC))
    monkeypatch.setattr(timezone, "now", clock)
    return clock


@pytest.fixture
def mail_server(settings):
    """A real SMTP server the portal sends to, as it would to the company's."""
    with MailServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = server.host, server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        settings.PORTAL_BASE_URL = BASE_URL
        yield server


@pytest.fixture
def database_queue(settings):
    """Tasks wait in the database for a worker instead of running at once."""
    settings.TASKS = DATABASE_QUEUE


# The worker commits as it goes (and closes the connection between tasks): such tests commit too.
through_the_workers = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def run_worker():
    """A real worker, in this process: every task ready now, then it stops."""
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-startup-delay", "--no-reload", verbosity=0)


def reader(username, unit=None, digest=None, language="", **fields):
    """An employee with an address; a Profile only when something is chosen (without one: the defaults)."""
    user = UserFactory(username=username, email=f"{username}@vietsov.test", **fields)
    if unit is not None or digest is not None or language:
        Profile.objects.update_or_create(
            user=user, defaults={"unit": unit, "digest": digest or DigestFrequency.WEEKLY, "email_language": language}
        )
    return user


def ago(**delta):
    return timezone.now() - datetime.timedelta(**delta)


def parts(message):
    """(plain text, HTML) of a received message, with the line ends Python's own."""
    return tuple(message.get_body((kind,)).get_content().replace("\r\n", "\n") for kind in ("plain", "html"))


def header(message, name):
    """A header as a mail client shows it: decoded, unfolded (Django folds long ones after the colon)."""
    return str(message[name]).strip()


def recipients(server):
    return sorted(str(message["To"]) for message in server.messages)


def in_language(language, text):
    with translation.override(language):
        return gettext(text)


# The digest -------------------------------------------------------------------------------------------------------


def test_the_weekly_digest_brings_the_unread_news_meant_for_the_reader(mail_server):
    drilling, it_centre = UnitFactory(name="Xí nghiệp Khoan"), UnitFactory(name="Trung tâm CNTT")
    an = reader("an", unit=drilling, first_name="An", last_name="Nguyễn Văn")
    unread = ArticleFactory(title="Hội nghị người lao động năm 2026", publish_at=ago(days=2))
    for_drilling = ArticleFactory(title="Thông báo của Xí nghiệp Khoan", unit=drilling, publish_at=ago(days=1))
    audience_service.set_audience(for_drilling, units=[drilling])
    opened = ArticleFactory(title="Tin đã đọc rồi", publish_at=ago(days=3))
    ArticleRead.objects.create(article=opened, user=an, day=timezone.localdate())
    for_it = ArticleFactory(title="Chỉ dành cho Trung tâm CNTT", publish_at=ago(days=1))
    audience_service.set_audience(for_it, units=[it_centre])
    ArticleFactory(title="Bản nháp chưa đăng", status=ArticleStatus.DRAFT, publish_at=None)
    ArticleFactory(title="Tin của tuần trước", publish_at=ago(days=8))
    ArticleFactory(title="Tin hẹn giờ đăng", publish_at=timezone.now() + datetime.timedelta(hours=2))
    # Someone who has opened everything meant for them gets no (empty) digest.
    binh = reader("binh")
    for article in (unread, opened):
        ArticleRead.objects.create(article=article, user=binh, day=timezone.localdate())

    mail_service.schedule_digests("weekly", timezone.now())

    assert recipients(mail_server) == ["an@vietsov.test"]
    [message] = mail_server.messages
    # The subject: decoded as a mail client shows it, with its diacritics; on the wire, RFC 2047 in ASCII.
    assert header(message, "Subject").startswith(in_language("vi", "News of the week"))
    assert "“Thông báo của Xí nghiệp Khoan”" in header(message, "Subject"), "the newest first"
    [raw] = mail_server.raw_messages
    raw_headers = raw.split(b"\r\n\r\n", 1)[0]
    raw_headers.decode("ascii")  # nothing unencoded
    assert re.search(rb"\r\nSubject:\s+=\?utf-8\?", raw_headers)
    assert message["From"].addresses[0].display_name == "Cổng thông tin"
    assert message["Message-ID"] == OutgoingEmail.objects.get(recipient=an).message_id
    # Both parts, with the unread news meant for An only.
    assert message.get_content_type() == "multipart/alternative"
    text, html = parts(message)
    for part in (text, html):
        assert "Hội nghị người lao động năm 2026" in part and "Thông báo của Xí nghiệp Khoan" in part
        for absent in ["Tin đã đọc rồi", "Chỉ dành cho Trung tâm CNTT", "Bản nháp chưa đăng", "Tin của tuần trước"]:
            assert absent not in part
        assert "Tin hẹn giờ đăng" not in part
        assert "Nguyễn Văn An" in part or "An Nguyễn Văn" in part
    # Absolute links, to the article and to the reader's settings.
    assert f"{BASE_URL}{unread.get_absolute_url()}" in text
    assert f'href="{BASE_URL}{unread.get_absolute_url()}"' in html
    assert f"{BASE_URL}/account/settings/" in text
    # One-click unsubscribe (RFC 8058).
    unsubscribe = f"{BASE_URL}/account/unsubscribe/{mail_service.unsubscribe_token(an)}/"
    assert header(message, "List-Unsubscribe") == f"<{unsubscribe}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert unsubscribe in text and f'href="{unsubscribe}"' in html
    assert not OutgoingEmail.objects.filter(recipient=binh).exists()


def test_a_digest_is_in_the_readers_language_with_the_published_translations(mail_server):
    ivan = reader("ivan", language="ru")
    translated = ArticleFactory(title="Hội nghị tổng kết năm 2026", publish_at=ago(days=1))
    translate(translated, "ru", title="Конференция по итогам 2026 года")
    ArticleFactory(title="Tin chỉ có tiếng Việt", publish_at=ago(days=2))

    mail_service.schedule_digests("weekly", timezone.now())

    [message] = mail_server.to(ivan.email)
    assert header(message, "Subject").startswith(in_language("ru", "News of the week"))
    assert "Конференция по итогам 2026 года" in header(message, "Subject")
    text, html = parts(message)
    assert "Конференция по итогам 2026 года" in text and "Hội nghị tổng kết năm 2026" not in text
    assert '<html lang="ru">' in html
    assert 'lang="vi">Tin chỉ có tiếng Việt<' in html, "an original shown as such"
    # Links open the pages in Russian, without changing the language Ivan chose on the portal.
    assert f"{BASE_URL}{translated.get_absolute_url()}?lang=ru" in text


def test_the_digest_lists_the_newest_twenty_and_says_how_many_more(mail_server):
    reader("an")
    for hours in range(1, 26):
        ArticleFactory(title=f"Tin số {hours:02d}", publish_at=ago(hours=hours))

    mail_service.schedule_digests("weekly", timezone.now())

    [message] = mail_server.messages
    text, html = parts(message)
    assert "Tin số 01" in text and "Tin số 20" in text and "Tin số 21" not in text
    assert f"{BASE_URL}/news/" in text and f'href="{BASE_URL}/news/"' in html
    assert re.search(rf"\b5\b.*{re.escape(BASE_URL)}/news/\n", text), "and 5 more, on the news list"


def test_the_next_digest_starts_where_the_previous_one_ended(mail_server, clock):
    reader("an")
    ArticleFactory(title="Tin tuần này", publish_at=ago(days=1))
    mail_service.schedule_digests("weekly", timezone.now())
    clock.advance(days=7)
    ArticleFactory(title="Tin tuần sau", publish_at=ago(days=2))

    mail_service.schedule_digests("weekly", timezone.now())

    first, second = (parts(message)[0] for message in mail_server.messages)
    assert "Tin tuần này" in first
    assert "Tin tuần sau" in second and "Tin tuần này" not in second


def test_each_reader_gets_the_digest_as_often_as_they_chose(mail_server):
    reader("hang-ngay", digest=DigestFrequency.DAILY)
    reader("hang-tuan", digest=DigestFrequency.WEEKLY)
    reader("khong-bao-gio", digest=DigestFrequency.NEVER)
    reader("chua-chon")  # no Profile: weekly, the default
    reader("nghi-viec", is_active=False)
    ArticleFactory(publish_at=ago(hours=3))

    mail_service.schedule_digests("daily", timezone.now())
    assert recipients(mail_server) == ["hang-ngay@vietsov.test"]

    mail_service.schedule_digests("weekly", timezone.now())
    assert recipients(mail_server) == ["chua-chon@vietsov.test", "hang-ngay@vietsov.test", "hang-tuan@vietsov.test"]


def test_my_settings_page_chooses_the_digest_and_the_language_of_email(client, mail_server):
    an = reader("an")
    client.force_login(an)
    page = client.get(reverse("news:mail_settings"))
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert re.search(r'value="weekly"[^>]* checked', page.content.decode())

    refused = client.post(reverse("news:mail_settings"), {"digest": "hourly", "email_language": "xx"})
    assert refused.status_code == 200 and Profile.objects.get(user=an).digest == DigestFrequency.WEEKLY
    saved = client.post(reverse("news:mail_settings"), {"digest": "daily", "email_language": "en"})
    assert saved.status_code == 302
    profile = Profile.objects.get(user=an)
    assert (profile.digest, profile.email_language) == ("daily", "en")

    ArticleFactory(publish_at=ago(hours=2))
    mail_service.schedule_digests("daily", timezone.now())
    [message] = mail_server.to(an.email)
    assert header(message, "Subject").startswith("News of the day")
    assert reverse("news:mail_settings") in client.get(reverse("news:subscriptions")).content.decode()


def test_my_settings_page_needs_a_sign_in():
    response = Client().get(reverse("news:mail_settings"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# Unsubscribing ----------------------------------------------------------------------------------------------------


def test_the_unsubscribe_link_asks_first_then_stops_the_digest_without_a_sign_in(mail_server, clock):
    an = reader("an")
    ArticleFactory(publish_at=ago(days=1))
    mail_service.schedule_digests("weekly", timezone.now())
    [message] = mail_server.messages
    link = re.search(rf"{re.escape(BASE_URL)}(/account/unsubscribe/\S+/)", parts(message)[0]).group(1)
    assert link == urlsplit(header(message, "List-Unsubscribe").strip("<>")).path

    mail_client = Client(enforce_csrf_checks=True)  # a mail client: no session, no CSRF token
    page = mail_client.get(link)  # what a link scanner does: nothing changes
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    html = page.content.decode()
    assert 'method="post"' in html and "a***@vietsov.test" in html
    assert mail_service.digest_frequency(reload_user(an)) == DigestFrequency.WEEKLY

    done = mail_client.post(link, {"List-Unsubscribe": "One-Click"})
    assert done.status_code == 200
    assert Profile.objects.get(user=an).digest == DigestFrequency.NEVER

    clock.advance(days=7)
    ArticleFactory(publish_at=ago(days=1))
    mail_service.schedule_digests("weekly", timezone.now())
    assert len(mail_server.to(an.email)) == 1, "no digest after unsubscribing"


def reload_user(user):
    return type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unsubscribe_link_the_portal_did_not_sign_is_a_404(method):
    user = reader("an")
    forged = [
        "42",
        "NDI:abc",
        signing.Signer(salt="another.purpose").sign_object(user.pk),
        mail_service.unsubscribe_token(user)[:-1],
        signing.dumps(user.pk),
    ]
    gone = reader("da-xoa")
    gone_token = mail_service.unsubscribe_token(gone)
    gone.delete()
    for token in [*forged, gone_token]:
        response = getattr(Client(), method)(f"/account/unsubscribe/{token}/")
        assert response.status_code == 404, token
    assert Profile.objects.filter(digest=DigestFrequency.NEVER).count() == 0


# Schedules --------------------------------------------------------------------------------------------------------


def test_run_schedules_twice_in_a_minute_sends_nothing_twice(mail_server, clock):
    reader("an")
    reader("binh", digest=DigestFrequency.DAILY)
    ArticleFactory(publish_at=ago(hours=5))

    call_command("run_schedules", stdout=io.StringIO())
    clock.advance(seconds=20)
    call_command("run_schedules", stdout=io.StringIO())

    assert recipients(mail_server) == ["an@vietsov.test", "binh@vietsov.test"]


@through_the_workers
def test_digests_are_composed_and_sent_by_the_workers(mail_server, database_queue, clock):
    reader("an")
    reader("binh", digest=DigestFrequency.DAILY)
    ArticleFactory(title="Tin sáng thứ Hai", publish_at=ago(hours=5))

    call_command("run_schedules", stdout=io.StringIO())
    assert mail_server.messages == [], "run_schedules only enqueues"
    run_worker()
    assert recipients(mail_server) == ["an@vietsov.test", "binh@vietsov.test"]

    clock.advance(seconds=30)
    call_command("run_schedules", stdout=io.StringIO())
    run_worker()
    assert len(mail_server.messages) == 2

    clock.advance(days=1)  # Tuesday: the daily digest again, with Tuesday's news only
    ArticleFactory(title="Tin sáng thứ Ba", publish_at=ago(hours=1))
    call_command("run_schedules", stdout=io.StringIO())
    run_worker()
    [tuesday] = mail_server.to("binh@vietsov.test")[1:]
    assert "Tin sáng thứ Ba" in parts(tuesday)[0] and "Tin sáng thứ Hai" not in parts(tuesday)[0]
    assert len(mail_server.to("an@vietsov.test")) == 1


# Must-read reminders ----------------------------------------------------------------------------------------------


def test_a_must_read_notice_is_reminded_the_day_before_it_is_due_to_those_who_have_not_confirmed(mail_server, clock):
    unit, other_unit = UnitFactory(name="Xí nghiệp Khoan"), UnitFactory(name="Trung tâm CNTT")
    never = DigestFrequency.NEVER  # this Monday morning's digests aside
    confirmed = reader("lan", unit=unit, digest=never)
    pending = reader("duc", unit=unit, digest=never)
    russian = reader("ivan", unit=unit, digest=never, language="ru")
    reader("ngoai", unit=other_unit, digest=never)  # outside the notice's audience
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    notice = ArticleFactory(
        title="Quy định an toàn mới", unit=unit, must_read=True, must_read_due=tomorrow, publish_at=ago(days=2)
    )
    audience_service.set_audience(notice, units=[unit])
    translate(notice, "ru", title="Новые правила безопасности")
    ArticleFactory(title="Hạn tuần sau", must_read=True, must_read_due=tomorrow + datetime.timedelta(days=6))
    acknowledgement_service.acknowledge(confirmed, notice)

    call_command("run_schedules", stdout=io.StringIO())

    reminders = OutgoingEmail.objects.filter(kind=EmailKind.REMINDER)
    assert sorted(reminders.values_list("to", flat=True)) == ["duc@vietsov.test", "ivan@vietsov.test"]
    [message] = mail_server.to(pending.email)
    with translation.override("vi"):
        due = date_format(tomorrow, "SHORT_DATE_FORMAT")
    assert "“Quy định an toàn mới”" in header(message, "Subject") and due in header(message, "Subject")
    text, html = parts(message)
    assert f"{BASE_URL}{notice.get_absolute_url()}" in text and f'href="{BASE_URL}{notice.get_absolute_url()}"' in html
    [in_russian] = mail_server.to(russian.email)
    assert "Новые правила безопасности" in header(in_russian, "Subject")
    assert "Hạn tuần sau" not in str([header(message, "Subject") for message in mail_server.messages])

    clock.advance(hours=1)  # the next hour's run: nobody is reminded twice
    call_command("run_schedules", stdout=io.StringIO())
    assert len(mail_server.messages) == 2


# Review notes -----------------------------------------------------------------------------------------------------


@through_the_workers
def test_the_units_editors_get_a_note_when_a_correspondent_submits_a_draft(client, mail_server, database_queue):
    company = UnitFactory(name="Tổng công ty")
    drilling = UnitFactory(name="Xí nghiệp Khoan", short_name="XNK", parent=company)
    it_centre = UnitFactory(name="Trung tâm CNTT")
    writer = correspondent(username="phong-vien", first_name="Hoa", last_name="Trần Thị")
    drilling.correspondents.add(writer)
    assigned = editor(username="bt-khoan", email="bt-khoan@vietsov.test")
    drilling.correspondents.add(assigned)
    above = editor(username="bt-tong", email="bt-tong@vietsov.test")
    Profile.objects.create(user=above, unit=company)
    elsewhere = editor(username="bt-cntt", email="bt-cntt@vietsov.test")
    it_centre.correspondents.add(elsewhere)
    UserFactory(username="quan-tri", email="quan-tri@vietsov.test", is_staff=True, is_superuser=True)
    draft = ArticleFactory(unit=drilling, status=ArticleStatus.DRAFT, publish_at=None, title="Giếng khoan mới")

    client.force_login(writer)
    response = client.post(change_url(draft), article_form_data(draft, _workflow="submit"))
    assert response.status_code == 302 and reload(draft).status == ArticleStatus.REVIEW
    assert mail_server.messages == [], "the request only queues the note: the workers send it"

    run_worker()

    assert recipients(mail_server) == ["bt-khoan@vietsov.test", "bt-tong@vietsov.test"]
    message = mail_server.to("bt-khoan@vietsov.test")[0]
    assert "“Giếng khoan mới”" in header(message, "Subject")
    text, html = parts(message)
    admin_url = f"{BASE_URL}/admin/news/article/{draft.pk}/change/"
    assert admin_url in text and f'href="{admin_url}"' in html
    assert "Trần Thị Hoa" in text or "Hoa Trần Thị" in text


def test_a_draft_of_a_unit_without_editors_goes_to_every_editor_but_the_one_who_submitted_it(client, mail_server):
    unit = UnitFactory()
    submitter = editor(username="bt-mot", email="bt-mot@vietsov.test")
    editor(username="bt-hai", email="bt-hai@vietsov.test")
    draft = ArticleFactory(unit=unit, status=ArticleStatus.DRAFT, publish_at=None)

    client.force_login(submitter)
    client.post(change_url(draft), article_form_data(draft, _workflow="submit"))

    assert recipients(mail_server) == ["bt-hai@vietsov.test"]


# Sending: retries, never twice ------------------------------------------------------------------------------------


@through_the_workers
def test_a_send_the_server_refuses_is_retried_later_and_delivered_once(mail_server, database_queue, clock):
    an = reader("an")
    ArticleFactory(publish_at=ago(hours=2))
    mail_server.refuse_next(1)

    mail_service.schedule_digests("weekly", timezone.now())
    run_worker()

    assert mail_server.messages == [] and mail_server.refused == 1
    queued = OutgoingEmail.objects.get()
    assert (queued.status, queued.attempts) == (EmailStatus.QUEUED, 1) and "451" in queued.last_error
    run_worker()  # too early for the retry
    assert mail_server.refused == 1 and mail_server.messages == []

    clock.advance(seconds=31)
    run_worker()

    [message] = mail_server.to(an.email)
    sent = OutgoingEmail.objects.get()
    assert (sent.status, sent.attempts) == (EmailStatus.SENT, 2)
    assert message["Message-ID"] == queued.message_id, "the same Message-ID on every attempt"
    clock.advance(hours=1)
    run_worker()
    mail_service.send_queued.call()
    assert len(mail_server.messages) == 1


def test_after_the_last_attempt_a_message_stays_failed(mail_server, clock):
    reader("an")
    ArticleFactory(publish_at=ago(hours=2))
    mail_server.refuse_next(background.MAX_ATTEMPTS)

    mail_service.schedule_digests("weekly", timezone.now())
    for _attempt in range(background.MAX_ATTEMPTS - 1):
        clock.advance(minutes=10)
        mail_service.send_queued.call()

    failed = OutgoingEmail.objects.get()
    assert (failed.status, failed.attempts) == (EmailStatus.FAILED, background.MAX_ATTEMPTS)
    clock.advance(hours=1)
    mail_service.send_queued.call()
    assert mail_server.messages == [] and mail_server.refused == background.MAX_ATTEMPTS


def test_a_message_is_never_sent_twice(mail_server, clock, settings):
    an, binh = reader("an"), reader("binh")
    ArticleFactory(publish_at=ago(hours=2))
    Profile.objects.create(user=binh, digest=DigestFrequency.NEVER)
    mail_service.schedule_digests("weekly", timezone.now())
    mail_service.send_queued.call()
    mail_service.send_queued.call()
    assert len(mail_server.to(an.email)) == 1

    # A message another sender is sending is left to it; once that sender is gone past the lease, it is taken.
    stuck = message_row(binh, "test:stuck", status=EmailStatus.SENDING, claimed_at=timezone.now())
    mail_service.send_queued.call()
    assert mail_server.to(binh.email) == []
    clock.advance(seconds=settings.PORTAL_TASK_LEASE_SECONDS + 1)
    mail_service.send_queued.call()
    mail_service.send_queued.call()
    [message] = mail_server.to(binh.email)
    assert message["Message-ID"] == "<test.stuck@portal.example>"
    stuck.refresh_from_db()
    assert stuck.status == EmailStatus.SENT


def message_row(user, key, **fields):
    return OutgoingEmail.objects.create(
        key=key,
        kind=EmailKind.REVIEW_NOTE,
        recipient=user,
        to=user.email,
        subject="Thư thử",
        text_body="Nội dung",
        html_body="<p>Nội dung</p>",
        message_id=f"<{key.replace(':', '.')}@portal.example>",
        **fields,
    )


def test_the_hourly_run_sends_what_waits_without_a_task_and_forgets_old_messages(mail_server):
    an = reader("an", digest=DigestFrequency.NEVER)
    message_row(an, "test:waiting", next_attempt_at=timezone.now())  # its task lost (a queue emptied by hand)
    message_row(an, "test:long-ago", status=EmailStatus.SENT, created_at=ago(days=91))
    message_row(an, "test:last-month", status=EmailStatus.SENT, created_at=ago(days=30))

    call_command("run_schedules", stdout=io.StringIO())  # the hourly "mail-upkeep"

    [message] = mail_server.to(an.email)
    assert header(message, "Message-ID") == "<test.waiting@portal.example>"
    assert sorted(OutgoingEmail.objects.values_list("key", flat=True)) == ["test:last-month", "test:waiting"]


def test_a_superuser_sends_a_failed_message_again_from_the_newsroom(client, mail_server):
    an = reader("an", digest=DigestFrequency.NEVER)
    failed = message_row(an, "test:failed", status=EmailStatus.FAILED, attempts=background.MAX_ATTEMPTS)
    listing = reverse("admin:news_outgoingemail_changelist")
    client.force_login(editor())
    assert client.get(listing).status_code == 403  # readers' digests are nobody else's to read

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    failures = client.get(listing + "?status=failed")
    assert [m.pk for m in failures.context["cl"].result_list] == [failed.pk]
    client.post(listing, {"action": "send_again", "_selected_action": [failed.pk]})

    [message] = mail_server.to(an.email)
    assert header(message, "Message-ID") == "<test.failed@portal.example>"
    failed.refresh_from_db()
    assert failed.status == EmailStatus.SENT
