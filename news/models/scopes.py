"""A reader's scope for audiences (news/models/audiences.py): their unit with the units above it, and their
groups. Read on every page, cached pages included (whose key holds it), so it comes from the cache: one
entry a reader, and the unit tree's parents in one entry, both dropped when what they are made of changes.
The reader's entry also holds the rest of their Profile that every page needs: when they last marked all as
read (their unread marks, news/personal.py)."""

import datetime
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save

from news.models.accounts import Profile
from news.models.units import Unit


@dataclass(frozen=True)
class ReaderScope:
    """What a reader belongs to, for audiences: unit ids (their unit and the units above it) and group ids."""

    unit_ids: frozenset = frozenset()
    group_ids: frozenset = frozenset()

    def key(self, targeted_units, targeted_groups):
        """The same for every reader who meets the same content, part of cached pages' keys: only the units and
        groups some content is meant for tell readers apart (none: every reader shares one copy)."""
        units = sorted(self.unit_ids & targeted_units)
        groups = sorted(self.group_ids & targeted_groups)
        return f"u{'.'.join(map(str, units))}-g{'.'.join(map(str, groups))}"


EVERYONE = ReaderScope()  # a reader of no unit and no group: content for everyone only

# How long a reader's facts and the unit tree are kept. A change drops them from a shared cache (Redis) at once;
# a process's own memory (no CACHE_URL) hears only of its own process's changes, so there they live briefly.
SHARED_SECONDS, OWN_MEMORY_SECONDS = 3600, 60


def seconds():
    return SHARED_SECONDS if settings.SHARED_CACHE else OWN_MEMORY_SECONDS


PARENTS_KEY = "audience:unit-parents"
TARGETED_KEY = "audience:targeted"


def _scope_key(user_id):
    return f"audience:reader:{user_id}"


class ReaderFacts(NamedTuple):
    unit_id: int | None
    group_ids: frozenset
    read_all_before: datetime.datetime | None


def _reader_facts(reader):
    """The ReaderFacts of a signed-in reader: kept on the user for the request, else from the cache."""
    cached = getattr(reader, "_reader_facts", None)
    if cached is None:
        cached = cache.get(_scope_key(reader.pk))
        if cached is None:
            profile = Profile.objects.filter(user_id=reader.pk).values_list("unit_id", "read_all_before").first()
            unit_id, read_all_before = profile or (None, None)
            cached = ReaderFacts(unit_id, frozenset(reader.groups.values_list("pk", flat=True)), read_all_before)
            cache.set(_scope_key(reader.pk), cached, seconds())
        reader._reader_facts = cached
    return cached


def unit_parents():
    """{unit id: parent id} of every unit."""
    parents = cache.get(PARENTS_KEY)
    if parents is None:
        parents = dict(Unit.objects.values_list("pk", "parent_id"))
        cache.set(PARENTS_KEY, parents, seconds())
    return parents


def with_units_above(unit_id):
    """``unit_id`` and every unit above it (a parent loop, which the admin does not prevent, ends the walk)."""
    parents, found = unit_parents(), []
    while unit_id is not None and unit_id not in found:
        found.append(unit_id)
        unit_id = parents.get(unit_id)
    return frozenset(found)


def reader_scope(reader):
    """The ReaderScope of ``reader``: a user (anonymous: content for everyone only) or a ReaderScope."""
    if isinstance(reader, ReaderScope):
        return reader
    if reader is None or not reader.is_authenticated:
        return EVERYONE
    scope = getattr(reader, "_reader_scope", None)
    if scope is None:
        # Made once a request: a page asks for it with each of its queries and for its cache key, and the unit
        # tree behind it is a cache round trip.
        facts = _reader_facts(reader)
        scope = reader._reader_scope = ReaderScope(with_units_above(facts.unit_id), facts.group_ids)
    return scope


def reader_unit_id(reader):
    """The unit a signed-in reader works in (their Profile's), read with their scope: on a page, which has read
    the scope already, no query and no cache round trip."""
    return _reader_facts(reader).unit_id


def reader_read_all_before(reader):
    """When a signed-in reader last marked all as read (None: never), read with their scope as the unit is."""
    return _reader_facts(reader).read_all_before


def targeted():
    """(unit ids, group ids) that some article or event is meant for."""
    found = cache.get(TARGETED_KEY)
    if found is None:
        from news.models import Article, Event  # they import this module

        units, groups = set(), set()
        for model in (Article, Event):
            units.update(model.audience_units.through.objects.values_list("unit_id", flat=True).distinct())
            groups.update(model.audience_groups.through.objects.values_list("group_id", flat=True).distinct())
        found = (frozenset(units), frozenset(groups))
        cache.set(TARGETED_KEY, found, seconds())
    return found


def audience_key(reader):
    """What tells ``reader``'s copy of a cached page or fragment from another reader's (ReaderScope.key)."""
    scope = reader_scope(reader)
    if not settings.SHARED_CACHE:
        # Each process would keep its own idea of what content targets, which another process's change does not
        # reach: a stale one would let readers of a newly targeted unit share copies with others. Key by the
        # reader's whole scope instead, which is right without anything shared.
        return scope.key(scope.unit_ids, scope.group_ids)
    return scope.key(*targeted())


def _audiences_changed(sender, action, **kwargs):
    if action.startswith("post_"):
        cache.delete(TARGETED_KEY)


def _profile_changed(sender, instance, **kwargs):
    cache.delete(_scope_key(instance.user_id))


def _groups_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if not reverse:  # user.groups changed: that user's
        if action.startswith("post_"):
            cache.delete(_scope_key(instance.pk))
    elif action == "pre_clear":  # group.user_set.clear(): its members, known only before they are removed
        instance._members_cleared = list(instance.user_set.values_list("pk", flat=True))
    elif action.startswith("post_"):  # group.user_set changed: the users named, or those it had
        members = pk_set if action != "post_clear" else getattr(instance, "_members_cleared", [])
        cache.delete_many([_scope_key(pk) for pk in members])


def _units_changed(sender, **kwargs):
    cache.delete(PARENTS_KEY)


def connect_signals():
    post_save.connect(_profile_changed, sender=Profile, dispatch_uid="audience-profile-save")
    post_delete.connect(_profile_changed, sender=Profile, dispatch_uid="audience-profile-delete")
    m2m_changed.connect(_groups_changed, sender=Group.user_set.through, dispatch_uid="audience-groups")
    from news.models import Article, Event

    for model in (Article, Event):
        for through in (model.audience_units.through, model.audience_groups.through):
            m2m_changed.connect(_audiences_changed, sender=through, dispatch_uid=f"audience-{through.__name__}")
    post_save.connect(_units_changed, sender=Unit, dispatch_uid="audience-units-save")
    post_delete.connect(_units_changed, sender=Unit, dispatch_uid="audience-units-delete")
