"""Employees' accounts kept by the company directory (README, "Sign-in with the company directory").

Sign-in goes through ``DirectoryBackend``, django-auth-ldap's backend with the portal's rules:

- the directory signs in only its own people: never as an account the portal made itself (a break-glass
  administrator named like a directory user stays the portal's), never a disabled directory account;
- the first sign-in makes the account (name and e-mail from the entry, unusable password), every sign-in
  brings it in step with the entry (``apply_entry``): the unit they work in, from an attribute matched to a
  unit's name, short name or alias; the portal groups the directory's groups map to (nested groups count);
  the units they write for, if the directory says that too; the newsroom is theirs while they hold a role;
- a directory that is down or slow fails a directory user's sign-in within LDAP_TIMEOUT seconds, marks the
  request so the sign-in page can say so, and for a few seconds later sign-ins fail at once; local accounts
  never wait for it.

``sync_directory`` (the nightly command) closes the accounts of people the directory no longer has or has
disabled, refreshes everyone else's, and reports each change. An account the directory closed opens again
by itself when the directory lets the person sign in again; one an administrator closed stays closed.
"""

import logging
from dataclasses import dataclass, field

import ldap
import ldap.dn
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django_auth_ldap.backend import LDAPBackend, ldap_error, populate_user
from ldap.controls import SimplePagedResultsControl

from news.directory import directory, directory_username, open_connection
from news.models import DirectoryAccount, Profile, Unit
from news.services import roles as role_service
from news.text import fold

logger = logging.getLogger(__name__)

ACCOUNT_DISABLED = 0x2  # Active Directory's userAccountControl flag ACCOUNTDISABLE
OUTAGE_KEY = "directory-unavailable"
OUTAGE_SECONDS = 15
PAGE_SIZE = 500


class DirectoryUnavailable(Exception):
    """The directory could not be asked (down, slow, refusing the portal's own bind)."""


# What the directory says of one person -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DirectoryEntry:
    dn: str
    directory_id: str = ""
    unit_name: str = ""
    group_dns: frozenset = field(default_factory=frozenset)  # normalized: every group, nested ones included


def normalize_dn(dn):
    """One spelling per DN, for comparing a setting with what the directory returns."""
    try:
        return ldap.dn.dn2str(ldap.dn.str2dn(dn.strip())).lower()
    except ldap.DECODING_ERROR:
        return dn.strip().lower()


def values_of(attrs, name):
    return attrs.get(name) or attrs.get(name.lower()) or []


def first_value(attrs, name):
    values = values_of(attrs, name)
    return str(values[0]).strip() if values else ""


def identity(attrs):
    """The entry's identity as text: objectGUID is 16 raw bytes (which django-auth-ldap may have decoded as
    text), entryUUID is text; hex of the bytes is the same however it was read."""
    values = values_of(attrs, directory()["id_attribute"])
    if not values:
        return ""
    value = values[0]
    return (value.encode() if isinstance(value, str) else value).hex()


def is_disabled(attrs):
    try:
        return bool(int(first_value(attrs, "userAccountControl") or 0) & ACCOUNT_DISABLED)
    except ValueError:
        return False


def entry_of(ldap_user):
    """The entry django-auth-ldap found, with the groups it resolved (nested ones included)."""
    attrs = ldap_user.attrs or {}
    return DirectoryEntry(
        dn=ldap_user.dn,
        directory_id=identity(attrs),
        unit_name=first_value(attrs, directory()["unit_attribute"]),
        group_dns=frozenset(normalize_dn(dn) for dn in ldap_user.group_dns),
    )


# Bringing an account in step with its entry --------------------------------------------------------------------------


def unit_named(name):
    """The unit a directory attribute names: by full name, short name or alias; exactly, else ignoring case and
    diacritics (directories are often typed without them). None when no unit or several answer to it."""
    if not name:
        return None
    units = list(Unit.objects.only("pk", "name", "short_name", "aliases"))
    for compare in (str.casefold, fold):
        wanted = compare(name)
        found = {unit for unit in units for known in unit.all_names if compare(known) == wanted}
        if len(found) == 1:
            return found.pop()
        if found:
            logger.warning("The directory's unit %r matches several units: %s", name, sorted(map(str, found)))
            return None
    return None


def in_any(entry, dns):
    return any(normalize_dn(dn) in entry.group_dns for dn in dns)


@dataclass
class Outcome:
    may_sign_in: bool
    changes: list


def apply_entry(user, entry):
    """Make a saved user's portal account what the directory says; the changes, named for a report."""
    config = directory()
    changes = []
    with transaction.atomic():
        account, _created = DirectoryAccount.objects.update_or_create(
            user=user, defaults={"dn": entry.dn, "synced_at": timezone.now()}
        )
        if entry.directory_id and not account.directory_id:  # an account older than identities: this is it
            account.directory_id = entry.directory_id
            account.save(update_fields=["directory_id"])
        if not user.is_active:
            if not account.closed_by_directory:
                return Outcome(may_sign_in=False, changes=[])  # closed by an administrator: stays closed
            user.is_active = True
            user.save(update_fields=["is_active"])
            account.closed_by_directory = False
            account.save(update_fields=["closed_by_directory"])
            changes.append("reopened")

        unit = unit_named(entry.unit_name)
        profile = Profile.of(user)
        if profile.unit_id != (unit.pk if unit else None):
            changes.append(f"unit: {profile.unit or '-'} → {unit or '-'}")
            profile.unit = unit
            profile.save(update_fields=["unit"])

        role_groups = config["role_groups"]
        if role_groups:
            roles_before = role_service.roles_of(user)
            wanted = {name for name, dns in role_groups.items() if in_any(entry, dns)}
            held = set(user.groups.filter(name__in=role_groups).values_list("name", flat=True))
            if wanted - held:
                user.groups.add(*Group.objects.filter(name__in=wanted - held))
                changes.extend(f"+{name}" for name in sorted(wanted - held))
            if held - wanted:
                user.groups.remove(*Group.objects.filter(name__in=held - wanted))
                changes.extend(f"-{name}" for name in sorted(held - wanted))
            # The newsroom is theirs exactly while they hold a role.
            staff = user.is_superuser or user.groups.exists()
            if user.is_staff != staff:
                user.is_staff = staff
                user.save(update_fields=["is_staff"])
                changes.append("newsroom" if staff else "no newsroom")
            role_service.record(None, user, roles_before)  # by the company directory

        source = config["correspondent_units"]
        if source:
            if source == "unit":
                units = {unit} if unit else set()
            else:
                units = {
                    found
                    for name, dns in config["unit_groups"].items()
                    if in_any(entry, dns)
                    for found in [unit_named(name)]
                    if found
                }
            current = set(user.assigned_units.all())
            if current != units:
                user.assigned_units.set(units)
                changes.append("writes for: " + (", ".join(sorted(map(str, units))) or "-"))
    return Outcome(may_sign_in=True, changes=changes)


def is_local_account(username):
    """A portal-made account by this name: the directory never signs in as it."""
    return get_user_model().objects.filter(username__iexact=username, directory_account__isnull=True).exists()


# Sign-in -------------------------------------------------------------------------------------------------------------


class DirectoryBackend(LDAPBackend):
    """django-auth-ldap's backend under the portal's rules (the module's docstring); portal/auth.py installs it."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        name = directory_username(username)
        if not name or len(name) > USERNAME_LENGTH or not password or is_local_account(name):
            return None
        if cache.get(OUTAGE_KEY):
            mark_unavailable(request)
            return None
        return super().authenticate(request, username=name, password=password)

    def get_or_build_user(self, username, ldap_user):
        if is_disabled(ldap_user.attrs or {}):
            raise ldap_user.AuthenticationFailed("the directory account is disabled")
        users = get_user_model().objects
        # The directory's account of this name; never a local one, even if an administrator named it alike.
        user = users.filter(username__iexact=username, directory_account__isnull=False).first()
        if user is not None:
            known = user.directory_account.directory_id
            new = identity(ldap_user.attrs or {})
            if not (known and new and known != new):
                return user, False
            retire(user)  # the name's former holder left; this is someone else, with an account of their own
        elif users.filter(username__iexact=username).exists():
            raise ldap_user.AuthenticationFailed("a local account has this name")
        return users.model(username=username.lower()), True

    def authenticate_ldap_user(self, ldap_user, password):
        with transaction.atomic():
            user = super().authenticate_ldap_user(ldap_user, password)
            if user is None or not apply_entry(user, entry_of(ldap_user)).may_sign_in:
                return None
        return user

    # Permissions come from the groups through ModelBackend, never from the directory at each request.
    def get_all_permissions(self, user, obj=None):
        return set()

    def get_group_permissions(self, user, obj=None):
        return set()

    def has_perm(self, user, perm, obj=None):
        return False

    def has_module_perms(self, user, app_label):
        return False


USERNAME_LENGTH = 150  # the user model's; Active Directory's names are at most 20 characters


def fit_to_columns(sender, user, ldap_user, **kwargs):
    """A directory value longer than its portal column (a 300-character display name) is cut, not a server error;
    an e-mail address that does not fit is left out rather than cut into another address."""
    for name in ("first_name", "last_name"):
        limit = user._meta.get_field(name).max_length
        setattr(user, name, (getattr(user, name) or "")[:limit])
    if len(user.email or "") > user._meta.get_field("email").max_length:
        user.email = ""


populate_user.connect(fit_to_columns, dispatch_uid="portal-directory-fit-to-columns")


def mark_unavailable(request):
    if request is not None:
        request.directory_unavailable = True


def note_directory_error(sender, context, user, request, exception, **kwargs):
    """django-auth-ldap swallows the directory's errors into a failed sign-in: remember an outage briefly (later
    sign-ins fail at once instead of each waiting LDAP_TIMEOUT) and tell the sign-in page why it failed."""
    logger.warning("The directory failed while %s: %r", context, exception)
    if isinstance(exception, ldap.SERVER_DOWN | ldap.TIMEOUT | ldap.CONNECT_ERROR):
        cache.set(OUTAGE_KEY, True, OUTAGE_SECONDS)
    mark_unavailable(request)


ldap_error.connect(note_directory_error, dispatch_uid="portal-directory-error")


# The nightly sync ----------------------------------------------------------------------------------------------------


@dataclass
class SyncReport:
    closed: list = field(default_factory=list)  # (username, why)
    changed: list = field(default_factory=list)  # (username, [changes])
    failed: list = field(default_factory=list)  # (username, what went wrong)
    unchanged: int = 0


def directory_people():
    """``{username: Person}`` for every account the directory holds under LDAP_USER_SEARCH_BASE (paged:
    Active Directory answers at most 1,000 entries a page)."""
    config = directory()
    attribute = config["username_attribute"]
    try:
        connection = open_connection()
        people = {}
        control = SimplePagedResultsControl(True, size=PAGE_SIZE, cookie="")
        while True:
            msgid = connection.search_ext(
                config["user_base"],
                ldap.SCOPE_SUBTREE,
                f"(&{config['people_filter']}({attribute}=*))",
                [attribute, "userAccountControl", config["id_attribute"]],
                serverctrls=[control],
            )
            _type, results, _msgid, controls = connection.result3(msgid, timeout=config["timeout"] * 10)
            for dn, attrs in results:
                if dn is None:  # a referral
                    continue
                raw = {key.lower(): values for key, values in attrs.items()}
                attrs = {key: [v.decode(errors="replace") for v in values] for key, values in raw.items()}
                name = first_value(attrs, attribute.lower()).lower()
                if name:
                    people[name] = Person(
                        disabled=is_disabled({"userAccountControl": attrs.get("useraccountcontrol", [])}),
                        directory_id=(values[0].hex() if (values := raw.get(config["id_attribute"].lower())) else ""),
                    )
            cookie = next((c.cookie for c in controls if c.controlType == SimplePagedResultsControl.controlType), b"")
            if not cookie:
                break
            control.cookie = cookie
        connection.unbind_s()
    except ldap.LDAPError as error:
        raise DirectoryUnavailable(str(error)) from error
    return people


@dataclass(frozen=True)
class Person:
    disabled: bool
    directory_id: str


def leaving(account, person):
    """Why an account's person has left the directory, or None: their name is gone, disabled, or now someone
    else's (another identity)."""
    if person is None:
        return "gone"
    if person.disabled:
        return "disabled"
    if account.directory_id and person.directory_id and account.directory_id != person.directory_id:
        return "gone"
    return None


def sync_directory(dry_run=False):
    """Close the accounts the directory has dropped or disabled, refresh the others; what changed (or would)."""
    people = directory_people()
    accounts = list(
        DirectoryAccount.objects.select_related("user").filter(user__is_active=True).order_by("user__username")
    )
    if accounts and not people:
        # An empty answer is a wrong search base or filter far more often than everybody leaving at once.
        raise DirectoryUnavailable("the directory returned no accounts under LDAP_USER_SEARCH_BASE")
    report = SyncReport()
    backend = DirectoryBackend()
    # Leavers first: whatever goes wrong refreshing someone, nobody who left keeps an open account.
    staying = []
    for account in accounts:
        user = account.user
        name = user.username.lower()
        why = leaving(account, people.get(name))
        if why is None:
            staying.append(account)
            continue
        report.closed.append((user.username, why))
        if not dry_run:
            close_account(account)
    if dry_run:
        return report
    for account in staying:
        user = account.user
        before = (user.first_name, user.last_name, user.email)
        try:
            changes = refresh(backend, user)
        except Exception as error:  # one account's trouble is reported; the others are still refreshed
            logger.exception("Refreshing %s from the directory failed", user.username)
            report.failed.append((user.username, f"{type(error).__name__}: {error}"))
            continue
        after = get_user_model().objects.values_list("first_name", "last_name", "email").get(pk=user.pk)
        if before != after:
            changes.insert(0, "name or e-mail")
        if changes:
            report.changed.append((user.username, changes))
        else:
            report.unchanged += 1
    return report


def refresh(backend, user):
    """Read one person's entry again with the portal's bind and apply it; the changes."""
    with transaction.atomic():
        refreshed = backend.populate_user(user.username)
        if refreshed is None:
            return []
        return apply_entry(refreshed, entry_of(refreshed.ldap_user)).changes


def retire(user):
    """Close a leaver's account for good and free its name for the person who now holds it in the directory;
    what the leaver wrote and did stays with the renamed account."""
    former = user.username
    with transaction.atomic():
        user.username = f"{former}.left.{user.pk}"
        user.is_active = False
        user.save(update_fields=["username", "is_active"])
        DirectoryAccount.objects.filter(user=user).update(closed_by_directory=False)
    logger.warning("The directory gave %s to someone else: the former account is now %s", former, user.username)


def close_account(account):
    with transaction.atomic():
        account.user.is_active = False
        account.user.save(update_fields=["is_active"])  # a save: the signed-in user cache forgets them at once
        account.closed_by_directory = True
        account.save(update_fields=["closed_by_directory"])
