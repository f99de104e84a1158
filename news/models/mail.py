"""E-mail the portal sends (news/services/mail.py): what a reader asked for, and each message as composed.

A message is a row before it is anything else: composing writes it with a ``key`` that names what it is (a
digest of one period for one reader, a reminder of one notice, a note on one submission), unique, so composing
the same message again inserts nothing; the workers then send the queued rows and mark them sent, so no message
goes out twice.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DigestFrequency(models.TextChoices):
    """How often a reader receives the digest of the news they have not opened (their Profile's ``digest``)."""

    NEVER = "never", _("Never")
    DAILY = "daily", _("Every day")
    WEEKLY = "weekly", _("Every week")


# A reader who never chose (or has no Profile yet) receives the weekly digest.
DEFAULT_DIGEST = DigestFrequency.WEEKLY


class EmailKind(models.TextChoices):
    DIGEST = "digest", _("Digest")
    REMINDER = "reminder", _("Must-read reminder")
    REVIEW_NOTE = "review", _("Draft to review")


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class OutgoingEmailQuerySet(models.QuerySet):
    def due(self, now=None):
        """Messages a sender may take now: queued and due, or "sending" for longer than a task may run (the worker
        sending them died; the same Message-ID lets mail clients drop the copy should it have got through)."""
        now = now or timezone.now()
        abandoned_before = now - datetime.timedelta(seconds=settings.PORTAL_TASK_LEASE_SECONDS)
        return self.filter(
            Q(status=EmailStatus.QUEUED, next_attempt_at__lte=now)
            | Q(status=EmailStatus.SENDING, claimed_at__lt=abandoned_before)
        )


class OutgoingEmail(models.Model):
    """One message to one address, kept from composition to delivery (and afterwards, as the record of it)."""

    # What the message is, e.g. "digest:weekly:2026-W48:42", "reminder:<article>:<user>",
    # "review:<article>:<version>:<user>".
    key = models.CharField(_("key"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=EmailKind.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    to = models.EmailField(_("to"))
    subject = models.CharField(_("subject"), max_length=255)
    text_body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML"))
    headers = models.JSONField(_("extra headers"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=EmailStatus.choices, default=EmailStatus.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed by a sender"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    # Made once, when composed: every attempt carries the same Message-ID.
    message_id = models.CharField(_("Message-ID"), max_length=255)
    # For a digest, the moment it covers the news up to: the next digest starts there.
    created_at = models.DateTimeField(_("composed"), default=timezone.now)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            # The sender's query: what is queued and due, or sending for too long.
            models.Index(fields=["status", "next_attempt_at"], name="outgoing_email_due_idx"),
            # A reader's previous digest, where their next one starts.
            models.Index(fields=["recipient", "kind", "-created_at"], name="outgoing_email_recipient_idx"),
        ]

    def __str__(self):
        return self.key
