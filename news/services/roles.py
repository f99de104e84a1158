"""A person's roles, written down when they change: every path that changes a user's groups, staff or superuser
flag (the newsroom's user form, the company directory at sign-in and in the nightly sync) takes the account's
roles before and records the difference after, in ``RoleChange`` (superusers read it in the newsroom)."""

from typing import NamedTuple

from django.utils.translation import gettext as _

from news.models import RoleChange


class Roles(NamedTuple):
    groups: frozenset
    staff: bool
    superuser: bool


def roles_of(account):
    """What ``account`` holds now, read from the database (not from a form's unsaved state)."""
    if account.pk is None:
        return Roles(frozenset(), False, False)
    flags = type(account)._default_manager.filter(pk=account.pk).values_list("is_staff", "is_superuser").first()
    staff, superuser = flags or (False, False)
    return Roles(frozenset(account.groups.values_list("name", flat=True)), staff, superuser)


def describe(before, after):
    """The difference, in words an auditor reads: "+Biên tập viên; −Cộng tác viên; newsroom access: yes"."""
    parts = [f"+{name}" for name in sorted(after.groups - before.groups)]
    parts += [f"−{name}" for name in sorted(before.groups - after.groups)]
    if before.staff != after.staff:
        parts.append(_("newsroom access: yes") if after.staff else _("newsroom access: no"))
    if before.superuser != after.superuser:
        parts.append(_("superuser: yes") if after.superuser else _("superuser: no"))
    return "; ".join(parts)


def record(actor, account, before):
    """Write what changed in ``account``'s roles since ``before`` (roles_of, taken before the change), by
    ``actor`` (None: the company directory). Nothing when nothing changed."""
    change = describe(before, roles_of(account))
    if not change:
        return None
    return RoleChange.objects.create(
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "",
        account=account,
        account_name=account.get_username(),
        change=change,
    )
