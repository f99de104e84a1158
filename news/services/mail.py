"""E-mail that people want (README, "E-mail"): the digest of unread news, must-read reminders, review notes.

Composing and sending are apart. Composing renders a message in its reader's language, with absolute links
(there is no request: PORTAL_BASE_URL), and writes it as an ``OutgoingEmail`` row whose unique key names what
it is, so composing it again (a schedule run twice, a task retried) inserts nothing. Sending is the workers'
(``send_queued`` on the "email" queue): each claims a batch of due rows, sends them over one SMTP connection
and marks each sent as soon as the server took it; a message marked sent is never taken again. A failed send
waits and is tried again (background.RETRY_DELAYS), until background.MAX_ATTEMPTS, then stays "failed".

Readers choose on "My settings" (news/views.py) how often they get the digest (never, daily, weekly: the
default) and in which language their e-mail is written; every digest carries a one-click unsubscribe link and
header (RFC 8058), a signed token of the reader's id.
"""

import datetime
import logging
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Exists, Min, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from news.models import (
    Acknowledgement,
    Article,
    ArticleRead,
    DigestFrequency,
    EmailKind,
    EmailStatus,
    OutgoingEmail,
    Profile,
)
from news.models.mail import DEFAULT_DIGEST
from news.models.scopes import with_units_above
from news.roles import PUBLISH_PERMISSION
from news.services import background
from news.services.audiences import audience_members
from news.services.background import task

logger = logging.getLogger(__name__)

DIGEST_ARTICLES = 20  # newest first; the rest is "and N more" with a link to the news list
DIGEST_BATCH = 200  # readers one build_digests task composes for
DIGEST_PERIODS = {DigestFrequency.DAILY: datetime.timedelta(days=1), DigestFrequency.WEEKLY: datetime.timedelta(days=7)}
SEND_BATCH = 50
# How long sent (and failed) messages are kept, as the record of what went out. Longer than any digest period:
# the next digest starts where the previous one ended, and a key is kept while its period can come again.
KEEP_SENT = datetime.timedelta(days=90)
UNSUBSCRIBE_SALT = "portal.unsubscribe"


# Readers' preferences and links ----------------------------------------------------------------------------------


def digest_frequency(user):
    """How often ``user`` wants the digest: their Profile's choice, else the default (weekly)."""
    profile = getattr(user, "profile", None)
    return profile.digest if profile is not None else DEFAULT_DIGEST


def email_language(user):
    """The language ``user``'s e-mail is written in: their choice, else the portal's default."""
    profile = getattr(user, "profile", None)
    return (profile.email_language if profile is not None else "") or settings.LANGUAGE_CODE


def absolute_url(path, language=None):
    """``path`` on the portal as readers reach it; ``?lang=`` shows a reader's page in the message's language
    without changing the language they chose on the portal."""
    url = settings.PORTAL_BASE_URL + path
    if language and language != settings.LANGUAGE_CODE:
        url += f"?lang={language}"
    return url


def unsubscribe_token(user):
    """The user's id, signed: the same in every digest (no timestamp), so an old digest's link still works."""
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(user.pk)


def reader_for_unsubscribe_token(token):
    """The user an unsubscribe link was made for, or None for a token the portal did not sign (or a user gone)."""
    try:
        user_id = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except signing.BadSignature:
        return None
    if not isinstance(user_id, int) or isinstance(user_id, bool) or not 0 < user_id < 2**63:
        return None  # signed by us, but no user's id
    return get_user_model().objects.filter(pk=user_id).first()


def unsubscribe(user):
    """No more digests for ``user`` (the link in every digest, and its List-Unsubscribe header)."""
    Profile.objects.update_or_create(user=user, defaults={"digest": DigestFrequency.NEVER})


def unsubscribe_url(user, language=None):
    return absolute_url(reverse("news:unsubscribe", args=[unsubscribe_token(user)]), language)


# Composing ------------------------------------------------------------------------------------------------------


def compose(*, key, kind, recipient, subject, template, context, headers=None, created_at=None):
    """An unsaved message to ``recipient`` from ``email/<template>.txt`` and ``.html``, in the active language."""
    language, now = translation.get_language(), timezone.now()
    context = {
        "language": language,
        "reader_name": recipient.get_full_name() or recipient.username,
        "settings_url": absolute_url(reverse("news:mail_settings"), language),
        **context,
    }
    return OutgoingEmail(
        key=key,
        kind=kind,
        recipient=recipient,
        to=recipient.email,
        subject=" ".join(str(subject).split())[:255],  # one line, whatever a title held
        text_body=render_to_string(f"email/{template}.txt", context),
        html_body=render_to_string(f"email/{template}.html", context),
        headers=headers or {},
        message_id=make_msgid(domain=urlsplit(settings.PORTAL_BASE_URL).hostname or "localhost"),
        created_at=created_at or now,
        next_attempt_at=now,
    )


def queue(messages):
    """Write composed messages; one whose key exists already is left out (INSERT … ON CONFLICT DO NOTHING)."""
    OutgoingEmail.objects.bulk_create(messages, ignore_conflicts=True)


def article_item(article, language):
    """What a message shows of an article read with ``localized(language)``: its text as the reader sees it."""
    shown = article.shown
    return {
        "title": shown.title,
        "lead": shown.lead,
        "text_language": shown.language,
        "unit": article.unit.localized("short_name", "name", language=language),
        "published": article.publish_at,
        "url": absolute_url(article.get_absolute_url(), language),
    }


# The digest -------------------------------------------------------------------------------------------------------


def digest_period(frequency, now):
    """The period a digest of ``now`` belongs to, part of its key: the local day, or the ISO week."""
    local = timezone.localtime(now)
    if frequency == DigestFrequency.DAILY:
        return local.date().isoformat()
    year, week, _day = local.isocalendar()
    return f"{year}-W{week:02d}"


def digest_key(frequency, period, user_id):
    return f"digest:{frequency}:{period}:{user_id}"


def digest_readers(frequency):
    """Active users with an address who want the digest this often (no Profile: the default, weekly)."""
    wants = Q(profile__digest=frequency)
    if frequency == DEFAULT_DIGEST:
        wants |= Q(profile__isnull=True)
    return get_user_model().objects.filter(wants, is_active=True).exclude(email="")


def schedule_digests(frequency, now):
    """Enqueue the digests of ``frequency`` ("daily" or "weekly") due at ``now``, a task per batch of readers
    (run_schedules calls this once per period: news/services/schedules.py)."""
    period = digest_period(frequency, now)
    user_ids = list(digest_readers(frequency).order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(user_ids), DIGEST_BATCH):
        build_digests.enqueue(frequency, period, user_ids[start : start + DIGEST_BATCH], now.isoformat())
    return len(user_ids)


@task(queue_name="email")
def build_digests(frequency, period, user_ids, until):
    """A worker's part: compose the digests of these readers (those who still want it) covering the news up to
    ``until`` (ISO time: the schedule's), then send them. Safe to run again: a digest composed is skipped."""
    until = datetime.datetime.fromisoformat(until)
    keys = {user_id: digest_key(frequency, period, user_id) for user_id in user_ids}
    composed = set(OutgoingEmail.objects.filter(key__in=keys.values()).values_list("key", flat=True))
    readers = digest_readers(frequency).filter(pk__in=user_ids).select_related("profile").order_by("pk")
    messages = [
        message
        for reader in readers
        if keys[reader.pk] not in composed
        and (message := compose_digest(reader, frequency, keys[reader.pk], until)) is not None
    ]
    queue(messages)
    if messages:
        send_queued.enqueue()
    return len(messages)


def unread_for_digest(reader, frequency, until):
    """The published news meant for ``reader`` that they have not opened, published since their previous
    digest (at most one period back) until ``until``, newest first."""
    since = until - DIGEST_PERIODS[frequency]
    previous = (
        OutgoingEmail.objects.filter(recipient=reader, kind=EmailKind.DIGEST, created_at__lt=until)
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    profile = getattr(reader, "profile", None)
    read_all_before = profile.read_all_before if profile is not None else None
    since = max(moment for moment in (since, previous, read_all_before) if moment is not None)
    opened = ArticleRead.objects.filter(article=OuterRef("pk"), user=reader)
    return (
        Article.objects.for_reader(reader, now=until)
        .filter(publish_at__gt=since)
        .exclude(Exists(opened))
        .order_by("-publish_at", "-pk")
    )


def compose_digest(reader, frequency, key, until):
    """``reader``'s digest as a message, or None when there is nothing they have not read (no empty digest)."""
    language = email_language(reader)
    unread = unread_for_digest(reader, frequency, until)
    articles = list(unread.select_related("unit").localized(language).without_texts()[:DIGEST_ARTICLES])
    if not articles:
        return None
    total = unread.count() if len(articles) == DIGEST_ARTICLES else len(articles)
    unsubscribe_link = unsubscribe_url(reader, language)
    with translation.override(language):
        label = _("News of the day") if frequency == DigestFrequency.DAILY else _("News of the week")
        title, others = articles[0].shown.title, total - 1
        if others:
            subject = ngettext(
                "%(label)s: “%(title)s” and %(count)d more article",
                "%(label)s: “%(title)s” and %(count)d more articles",
                others,
            ) % {"label": label, "title": title, "count": others}
        else:
            subject = _("%(label)s: “%(title)s”") % {"label": label, "title": title}
        return compose(
            key=key,
            kind=EmailKind.DIGEST,
            recipient=reader,
            subject=subject,
            template="digest",
            context={
                "frequency": frequency,
                "articles": [article_item(article, language) for article in articles],
                "more": total - len(articles),
                "news_url": absolute_url(reverse("news:news_list"), language),
                "unsubscribe_url": unsubscribe_link,
            },
            headers={
                "List-Unsubscribe": f"<{unsubscribe_link}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
            created_at=until,  # the next digest starts where this one ends
        )


# Must-read reminders ----------------------------------------------------------------------------------------------


def schedule_reminders(now):
    """Enqueue reminders of the must-read notices due tomorrow (local date) to the readers who have not
    acknowledged them (run_schedules calls this every hour: a notice made today for tomorrow is reminded too)."""
    due = timezone.localdate(now) + datetime.timedelta(days=1)
    notices = Article.objects.published(now).filter(must_read=True, must_read_due=due).values_list("pk", flat=True)
    for article_id in notices:
        build_reminders.enqueue(article_id, due.isoformat())
    return len(notices)


def tidy_outbox(now):
    """Hourly (run_schedules): send what waits without a task to send it (a queue emptied by hand, a backup
    restored), and forget messages done with long ago (a digest a week for every reader adds up)."""
    if OutgoingEmail.objects.due(now).exists():
        send_queued.enqueue()
    OutgoingEmail.objects.filter(
        status__in=[EmailStatus.SENT, EmailStatus.FAILED], created_at__lt=now - KEEP_SENT
    ).delete()


def reminder_key(article_id, user_id):
    return f"reminder:{article_id}:{user_id}"


@task(queue_name="email")
def build_reminders(article_id, due):
    """A worker's part: compose the reminders of one notice due on ``due`` (ISO date), then send them. Safe to
    run again: one reminder a notice and reader, ever."""
    due = datetime.date.fromisoformat(due)
    article = Article.objects.published().filter(pk=article_id, must_read=True, must_read_due=due).first()
    if article is None:
        return 0  # unpublished, no longer must-read, or its date moved since
    acknowledged = Acknowledgement.objects.filter(
        article=article, round=article.acknowledgement_round, user=OuterRef("pk")
    )
    readers = audience_members(article).exclude(email="").exclude(Exists(acknowledged)).select_related("profile")
    composed = set(
        OutgoingEmail.objects.filter(key__startswith=reminder_key(article.pk, "")).values_list("key", flat=True)
    )
    localized = {}  # the article in each language its readers read e-mail in, read once a language
    messages = []
    for reader in readers:
        key = reminder_key(article.pk, reader.pk)
        if key in composed:
            continue
        language = email_language(reader)
        if language not in localized:
            localized[language] = Article.objects.filter(pk=article.pk).select_related("unit").localized(language).get()
        shown = localized[language]
        with translation.override(language):
            subject = _("Please read by %(date)s: “%(title)s”") % {
                "date": date_format(due, "SHORT_DATE_FORMAT"),
                "title": shown.shown.title,
            }
            messages.append(
                compose(
                    key=key,
                    kind=EmailKind.REMINDER,
                    recipient=reader,
                    subject=subject,
                    template="reminder",
                    context={"article": article_item(shown, language), "due": due},
                )
            )
    queue(messages)
    if messages:
        send_queued.enqueue()
    return len(messages)


# Review notes -------------------------------------------------------------------------------------------------------


def editors():
    """Active users who may publish: through their groups or their own permissions, not merely as superusers
    (a superuser outside the editors' group does not review drafts)."""
    users = get_user_model().objects.with_perm(
        PUBLISH_PERMISSION, include_superusers=False, backend="django.contrib.auth.backends.ModelBackend"
    )
    return users.distinct()


def unit_editors(article, submitter):
    """Who reviews ``article``: the editors assigned to its unit or working in it or in a unit above it; without
    any, every editor. Never the one who submitted it."""
    everyone = editors().exclude(pk=submitter.pk)
    of_unit = everyone.filter(
        Q(assigned_units=article.unit_id) | Q(profile__unit__in=with_units_above(article.unit_id))
    ).distinct()
    return of_unit if of_unit.exists() else everyone


def note_review_requested(article, by_user):
    """A note to the unit's editors that ``by_user`` submitted ``article`` for review (workflow.perform's
    "submit"), each in their language, with a link to the article in the newsroom; then sent."""
    submitted_by = by_user.get_full_name() or by_user.username
    admin_url = absolute_url(reverse("admin:news_article_change", args=[article.pk]))
    messages = []
    for editor in unit_editors(article, by_user).exclude(email="").select_related("profile"):
        language = email_language(editor)
        with translation.override(language):
            messages.append(
                compose(
                    # The article's version tells one submission from the next (each save raises it).
                    key=f"review:{article.pk}:{article.version}:{editor.pk}",
                    kind=EmailKind.REVIEW_NOTE,
                    recipient=editor,
                    subject=_("For review: “%(title)s”") % {"title": article.title},
                    template="review_note",
                    context={
                        "title": article.title,
                        "lead": article.lead,
                        "article_language": article.language,
                        "unit": article.unit.localized("short_name", "name", language=language),
                        "submitted_by": submitted_by,
                        "admin_url": admin_url,
                    },
                )
            )
    queue(messages)
    if messages:
        send_queued.enqueue()
    return len(messages)


# Sending --------------------------------------------------------------------------------------------------------


@task(queue_name="email")
def send_queued(batch_size=SEND_BATCH):
    """A worker's part: send a batch of due messages over one connection, then leave the rest to the next task."""
    messages = claim(batch_size)
    if messages:
        deliver(messages)
    enqueue_next()
    return len(messages)


def claim(batch_size, now=None):
    """Take up to ``batch_size`` due messages for this sender: each marked "sending" only if still due (a
    compare-and-set, so two senders never take one message, on SQLite too); PostgreSQL skips rows another
    sender is claiming rather than waiting for them."""
    now = now or timezone.now()
    with transaction.atomic():
        candidates = list(
            OutgoingEmail.objects.due(now)
            .select_for_update(skip_locked=True)
            .order_by("next_attempt_at", "pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        claimed = [
            pk
            for pk in candidates
            if OutgoingEmail.objects.due(now).filter(pk=pk).update(status=EmailStatus.SENDING, claimed_at=now)
        ]
    return list(OutgoingEmail.objects.filter(pk__in=claimed).order_by("pk"))


def deliver(messages):
    """Send claimed messages over one connection, recording each outcome as soon as it is known."""
    connection = get_connection()
    try:
        connection.open()
    except Exception as error:  # the server is down or refuses us: every message waits for a later attempt
        for message in messages:
            failed(message, error)
        return
    try:
        for message in messages:
            try:
                if connection.send_messages([as_email(message)]) != 1:
                    raise RuntimeError("the mail backend did not send the message")
            except Exception as error:  # this message's failure, recorded and retried; the others go on
                failed(message, error)
                connection.close()  # the session may be unusable: the next message opens a new one
            else:
                OutgoingEmail.objects.filter(pk=message.pk, status=EmailStatus.SENDING).update(
                    status=EmailStatus.SENT, sent_at=timezone.now(), attempts=message.attempts + 1, last_error=""
                )
    finally:
        connection.close()


def as_email(message):
    """The message as Django sends it: plain text with an HTML alternative, its Message-ID the same every attempt."""
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text_body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[message.to],
        headers={"Message-ID": message.message_id, **message.headers},
    )
    email.attach_alternative(message.html_body, "text/html")
    return email


def failed(message, error):
    """One more failed attempt: queued again after a delay, or "failed" after the last attempt."""
    attempt = message.attempts + 1
    gives_up = attempt >= background.MAX_ATTEMPTS
    logger.warning(
        "Sending e-mail %s failed (attempt %s of %s): %s", message.key, attempt, background.MAX_ATTEMPTS, error
    )
    delays = background.RETRY_DELAYS
    OutgoingEmail.objects.filter(pk=message.pk, status=EmailStatus.SENDING).update(
        status=EmailStatus.FAILED if gives_up else EmailStatus.QUEUED,
        attempts=attempt,
        next_attempt_at=timezone.now() + delays[min(attempt, len(delays)) - 1],
        claimed_at=None,
        last_error=f"{type(error).__name__}: {error}"[:1000],
    )


def send_again(failed_messages):
    """Failed messages (the newsroom's "Send again") back in the queue for a new round of attempts; how many."""
    count = failed_messages.filter(status=EmailStatus.FAILED).update(
        status=EmailStatus.QUEUED, attempts=0, next_attempt_at=timezone.now(), claimed_at=None
    )
    if count:
        send_queued.enqueue()
    return count


def enqueue_next():
    """The next sender: at once while due messages remain (a full batch), else when the earliest retry is due.

    The state is recorded before this is called, and a backend without a queue (tests) runs a task at once: so
    only messages due now, which that task then takes or fails for good, make it enqueue one at once; a retry
    due later waits for a backend that can defer (the database queue) or the hourly resumption."""
    if OutgoingEmail.objects.due().exists():
        send_queued.enqueue()
    elif send_queued.get_backend().supports_defer:
        earliest = OutgoingEmail.objects.filter(status=EmailStatus.QUEUED).aggregate(at=Min("next_attempt_at"))["at"]
        if earliest is not None:
            send_queued.using(run_after=earliest).enqueue()
