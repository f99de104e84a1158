"""Must-read notices: readers acknowledge them, editors ask again and read who has and who has not.

An article marked "must read" (with a due date) is pinned for its audience until each reader presses "I have
read this". An acknowledgement records who, when, in which round and which text (the article's
``text_fingerprint``: any language's reader confirms the same article). Asking again starts a new round:
earlier acknowledgements stay recorded but no longer count. Only editors see the names (the report).
"""

from dataclasses import dataclass, field

from django.db.models import F
from django.utils.translation import gettext as _

from news.models import Acknowledgement, Article
from news.services.audiences import audience_members
from news.services.workflow import log
from news.text import collation_key


class NotForReader(Exception):
    """The article is not a published must-read notice meant for this reader."""


def acknowledge(user, article):
    """``user`` has read ``article``: recorded once a round, with the text they confirmed. Refused (NotForReader)
    unless the article is published, must read, and meant for them."""
    current = (
        Article.objects.for_reader(user)
        .filter(pk=article.pk, must_read=True)
        .values_list("acknowledgement_round", "text_fingerprint")
        .first()
    )
    if current is None:
        raise NotForReader
    round_, fingerprint = current
    acknowledgement, _created = Acknowledgement.objects.get_or_create(
        article_id=article.pk, user=user, round=round_, defaults={"text_fingerprint": fingerprint}
    )
    return acknowledgement


def ask_again(article, by=None):
    """Ask ``article``'s audience to acknowledge it again (its text changed materially): a new round, in which
    nobody has acknowledged yet. Written to the article's history when ``by`` (an editor) is named."""
    Article.objects.filter(pk=article.pk).update(acknowledgement_round=F("acknowledgement_round") + 1)
    article.refresh_from_db(fields=["acknowledgement_round"])
    if by is not None:
        log(
            by,
            article,
            _("Asked for acknowledgement again (round %(round)d)") % {"round": article.acknowledgement_round},
        )
    return article.acknowledgement_round


def pending_for(user):
    """The published must-read notices meant for ``user`` that they have not acknowledged in the current round,
    the soonest due first."""
    return Article.objects.for_reader(user).must_read().not_acknowledged_by(user)


# The report -------------------------------------------------------------------------------------------------


@dataclass
class Person:
    """One member of the audience: their unit, and their acknowledgement of this round (None: not yet) or, not
    counted, of an earlier one."""

    user: object
    unit: object
    acknowledgement: object = None
    earlier: object = None
    text_changed: bool = False  # acknowledged a text that has changed since

    @property
    def name(self):
        return self.user.get_full_name() or self.user.username


@dataclass
class UnitLine:
    unit: object  # None: members of no unit
    members: int = 0
    acknowledged: int = 0

    @property
    def percentage(self):
        return percentage(self.acknowledged, self.members)


@dataclass
class Report:
    article: object
    units: list = field(default_factory=list)
    acknowledged: list = field(default_factory=list)  # Person, by unit then name
    pending: list = field(default_factory=list)

    @property
    def members(self):
        return len(self.acknowledged) + len(self.pending)

    @property
    def percentage(self):
        return percentage(len(self.acknowledged), self.members)

    @property
    def people(self):
        return sorted(self.acknowledged + self.pending, key=_person_order)


def percentage(part, whole):
    """Whole percent, rounded down: 100 only when everyone has."""
    return 100 * part // whole if whole else 0


def report(article):
    """Who of ``article``'s audience has acknowledged it in the current round and who not yet, by unit."""
    members = list(audience_members(article).select_related("profile__unit").order_by())
    latest = {}  # each member's newest acknowledgement, of any round
    for acknowledgement in Acknowledgement.objects.filter(article=article).order_by("user_id", "-round"):
        latest.setdefault(acknowledgement.user_id, acknowledgement)
    result = Report(article)
    lines = {}
    for user in members:
        profile = getattr(user, "profile", None)
        unit = profile.unit if profile is not None else None
        person = Person(user, unit)
        found = latest.get(user.pk)
        if found is not None and found.round == article.acknowledgement_round:
            person.acknowledgement = found
            person.text_changed = found.text_fingerprint != article.text_fingerprint
            result.acknowledged.append(person)
        else:
            person.earlier = found
            result.pending.append(person)
        line = lines.setdefault(unit.pk if unit else None, UnitLine(unit))
        line.members += 1
        line.acknowledged += person.acknowledgement is not None
    result.acknowledged.sort(key=_person_order)
    result.pending.sort(key=_person_order)
    result.units = sorted(lines.values(), key=lambda line: _unit_order(line.unit))
    return result


def _unit_order(unit):
    # Members of no unit last.
    return (unit is None, collation_key(str(unit.label)) if unit else "")


def _person_order(person):
    return (*_unit_order(person.unit), collation_key(person.name), person.user.username)
