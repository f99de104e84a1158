import re
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news.models.mail import DEFAULT_DIGEST, DigestFrequency

KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def new_feed_key():
    """A fresh unguessable key: 32 random bytes, URL-safe (43 characters)."""
    return secrets.token_urlsafe(32)


class FeedTokenQuerySet(models.QuerySet):
    def user_for_key(self, key):
        """The active user owning ``key``, or None for an unknown key or an inactive owner.

        The key is looked up through its unique index, so no secret is compared character by
        character in Python; ``is_active`` is read now, so deactivating an account stops its
        feeds at once.
        """
        # Anything that cannot be a key (an old signed token, a NUL byte PostgreSQL would
        # reject) is refused before it reaches the database.
        if not isinstance(key, str) or not KEY_PATTERN.fullmatch(key):
            return None
        token = self.select_related("user").filter(key=key, user__is_active=True).first()
        return token.user if token else None


class FeedToken(models.Model):
    """A user's secret for reading feeds without a session (feed readers, calendar apps).

    Stable: the same key every time the owner's page shows it, until the owner resets it.
    """

    KEY_LENGTH = 64

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="feed_token",
        verbose_name=_("user"),
    )
    key = models.CharField(_("key"), max_length=KEY_LENGTH, unique=True, default=new_feed_key)
    # When the current key was made: a reset renews it.
    created = models.DateTimeField(_("created"), default=timezone.now)

    objects = FeedTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("feed token")
        verbose_name_plural = _("feed tokens")

    def __str__(self):
        return str(self.user)

    @classmethod
    def for_user(cls, user):
        """The user's token, created on first use."""
        token, _created = cls.objects.get_or_create(user=user)
        return token

    @classmethod
    def reset(cls, user):
        """Give the user a new key; the old one stops working at once."""
        token = cls.for_user(user)
        token.key = new_feed_key()
        token.created = timezone.now()
        token.save(update_fields=["key", "created"])
        return token


class Profile(models.Model):
    """What the portal knows of an employee beyond their account: their unit (audiences, reading statistics)
    and when they last marked all news as read."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile", verbose_name=_("user")
    )
    unit = models.ForeignKey(
        "news.Unit",
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        help_text=_("The unit the employee works in: news meant for it (and the units above it) reaches them."),
    )
    # Everything published before this counts as read ("Mark all as read").
    read_all_before = models.DateTimeField(_("all read before"), null=True, blank=True)
    # E-mail (news/services/mail.py): the digest of unread news, and the language messages are written in.
    digest = models.CharField(
        _("news digest by e-mail"), max_length=10, choices=DigestFrequency.choices, default=DEFAULT_DIGEST
    )
    # Empty: the portal's default language (LANGUAGE_CODE).
    email_language = models.CharField(_("language of e-mail"), max_length=8, choices=settings.LANGUAGES, blank=True)
    # Made by ``manage.py load_demo``: only such an account may the demo reset (its published password, its
    # roles); an account someone else made keeps what it has.
    created_by_demo = models.BooleanField(_("demo account"), default=False, editable=False)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self):
        return str(self.user)

    @classmethod
    def of(cls, user):
        profile, _created = cls.objects.get_or_create(user=user)
        return profile


class DirectoryAccount(models.Model):
    """The mark of an account whose person lives in the company directory (news/services/directory.py):
    their name, e-mail, unit and the roles the directory's groups map to come from there at each sign-in
    and each ``sync_directory``, and the newsroom shows those fields read-only. Accounts without one are
    the portal's own (break-glass administrators, installations without a directory)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="directory_account", verbose_name=_("user")
    )
    dn = models.CharField(_("directory entry"), max_length=1024)
    # The entry's own identity (objectGUID, entryUUID), which a user name is not: a newcomer may be given a
    # leaver's name, and must not be given the leaver's account with it.
    directory_id = models.CharField(_("directory identity"), max_length=255, blank=True)
    synced_at = models.DateTimeField(_("last read from the directory"), default=timezone.now)
    # Set when the directory, not an administrator, closed the account (disabled or deleted there): only such
    # an account opens again by itself when the directory lets the person sign in again.
    closed_by_directory = models.BooleanField(_("closed by the directory"), default=False)

    class Meta:
        verbose_name = _("directory account")
        verbose_name_plural = _("directory accounts")

    def __str__(self):
        return self.dn


class RoleChange(models.Model):
    """A change of a person's roles (groups) or newsroom access (staff, superuser): who made it (empty: the company
    directory), to whom, what, when. Written by the code on every path that changes them (news/services/roles.py);
    superusers read it, nobody edits it. Names are kept as text too: the record outlives the accounts."""

    changed_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(_("by (name)"), max_length=150, blank=True)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("account"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    account_name = models.CharField(_("account (name)"), max_length=150)
    change = models.TextField(_("change"))

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")

    def __str__(self):
        return f"{self.account_name}: {self.change}"
