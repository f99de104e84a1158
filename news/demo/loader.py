"""Write the demo content into the database, idempotently.

Every row is found by its natural key (a unit's or category's name; a person's, event's or article's slug;
a username; (article, order) for photos; (parent, person) or (parent, order) for the rows in between;
(article, language) for translations) and updated in place, so loading again duplicates nothing and resets the
demo content to the data. A photo's image file is drawn only when the photo has none yet.

Translations (``translations``) are written with the rows they translate; the seed article's rows come from
the importer, so theirs are added after it, and the articles' translations last, when every original is there.
"""

import datetime
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction

from news import legacy
from news.demo import activity, data, translations
from news.demo.images import render_photo
from news.demo.reports import conference_reports
from news.demo.spec import body_html, local_datetime, local_today
from news.models import (
    CONFERENCE_KINDS,
    Article,
    ArticleCredit,
    ArticleMention,
    ArticleStatus,
    ArticleTranslation,
    Category,
    Event,
    EventParticipant,
    Person,
    Photo,
    PhotoPerson,
    Profile,
    Unit,
)
from news.services import audiences as audience_service
from news.services import importing
from news.services import photos as photo_service
from news.services import translations as translation_service
from news.text import slugify_vi

SLUG_LENGTH = 200


SEED_FILE = Path(__file__).parent / "seed" / "000_617e90ef54e27c7d.txt"


class DemoDataError(Exception):
    """The demo data or the database is not as the loader needs it (the command reports it)."""


def load_demo():
    """Load (or reload) all the demo content in one transaction; return what the run did."""
    loader = DemoLoader()
    with transaction.atomic():
        loader.load()
        loader.translate_imported(import_seed_article())
        loader.load_translations()
        loader.load_activity()
        # The demo shows its photos at once, before any worker has started.
        photo_service.render_waiting()
    return loader.result


def import_seed_article():
    """The real article from the old intranet, imported as every legacy article is, with drawn photos (once:
    a later load finds it imported). Returns it."""
    parsed = legacy.parse(legacy.decode(SEED_FILE.read_bytes()))
    with tempfile.TemporaryDirectory() as folder:
        for number, caption in enumerate(parsed.captions, start=1):
            (Path(folder) / f"seed-{number:02d}.jpg").write_bytes(render_photo(caption.text, seed=f"seed-{number}"))
        importing.import_file(SEED_FILE, None, "published", importing.image_files(folder))
    return article_titled(parsed.title)


def article_titled(title):
    """The demo's article of that title (the first made, should an editor have written another one)."""
    article = Article.objects.filter(title=title).order_by("pk").first()
    if article is None:
        raise DemoDataError(f"The demo has no article titled “{title}”.")
    return article


def all_articles():
    return [*conference_reports(), *data.NEWS]


def save_row(model, defaults, **lookup):
    """The row found by ``lookup`` (or a new one) given ``defaults``, saved whole.

    Not ``update_or_create``: on an update it saves only the fields given, and the models derive others on
    save (search text, an article's text fingerprint), which would keep the values of the last load."""
    return save_with(model.objects.filter(**lookup).first() or model(**lookup), defaults)


def sync_rows(manager, key, rows):
    """Make a related manager hold exactly ``rows`` (dicts of field values), each matched on its ``key``
    field; rows no longer in the data are removed."""
    kept = []
    for row in rows:
        values = dict(row)
        obj, _ = manager.update_or_create(**{key: values.pop(key)}, defaults=values)
        kept.append(obj.pk)
    manager.exclude(pk__in=kept).delete()


def event_slug(spec, unit):
    """Conference titles repeat from unit to unit ("Hội nghị tổng kết năm 2019"): their slugs name the unit."""
    if spec["kind"] in CONFERENCE_KINDS:
        return slugify_vi(f"{spec['title']} {unit.short_name}", SLUG_LENGTH)
    return slugify_vi(spec["title"], SLUG_LENGTH)


def event_translations(title, place):
    """An event's translated columns, looked up by its title and its place."""
    text = translations.EVENTS.get(title, translations.EventText())
    return {**text._asdict(), "place_ru": translations.PLACES.get(place, "")}


def participant_translations(role, position):
    return {"role_ru": translations.ROLES.get(role, ""), **position_translations(position)}


def position_translations(position):
    """A person's, a mention's or a participant's translated position."""
    return {"position_ru": translations.POSITIONS.get(position, "")}


def save_with(obj, values):
    """``obj`` given ``values`` and saved whole."""
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save()
    return obj


def has_file(photo):
    return bool(photo.image) and photo.image.storage.exists(photo.image.name)


@dataclass
class LoadResult:
    photos_drawn: int = 0
    articles: int = 0
    translations: int = 0
    reads: int = 0
    acknowledgements: int = 0
    kept_accounts: list = field(default_factory=list)  # existing accounts the demo did not make, left as they are


@dataclass
class DemoLoader:
    today: object = field(default_factory=local_today)
    units: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)
    categories: dict = field(default_factory=dict)
    users: dict = field(default_factory=dict)
    readers: dict = field(default_factory=dict)
    result: LoadResult = field(default_factory=LoadResult)

    def load(self):
        for user in data.USERS:
            self.load_user(user)
        for unit in data.UNITS:
            self.load_unit(unit)
        for user in data.USERS:
            if user.username in self.result.kept_accounts:
                continue
            self.users[user.username].assigned_units.set([self.units[name] for name in user.units])
            works_in = self.units[user.works_in] if user.works_in else None
            Profile.objects.update_or_create(user=self.users[user.username], defaults={"unit": works_in})
        for reader in data.READERS:
            self.load_reader(reader)
        for person in data.PEOPLE:
            self.load_person(person)
        for order, name in enumerate(data.CATEGORIES):
            names = translations.CATEGORY_NAMES.get(name, translations.CategoryNames())
            self.categories[name] = save_row(Category, {"order": order, **names._asdict()}, name=name)
        for spec in data.EVENTS:
            self.load_event(spec)
        for spec in all_articles():
            self.load_article(spec)

    # --- sign-ins, units, people

    def demo_account(self, username, values):
        """The account ``username`` given ``values``, made (or reset) as the demo's own; None when an account of
        that name exists that the demo did not make: it is left exactly as it is (``result.kept_accounts``)."""
        user = get_user_model().objects.filter(username=username).first()
        if user is not None and not Profile.objects.filter(user=user, created_by_demo=True).exists():
            self.result.kept_accounts.append(username)
            return None
        user = save_row(get_user_model(), values, username=username)
        Profile.objects.update_or_create(user=user, defaults={"created_by_demo": True})
        return user

    def load_user(self, spec):
        user = self.demo_account(
            spec.username,
            {
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": spec.email,
                "is_active": True,
                "is_staff": spec.is_staff,
                "is_superuser": spec.is_superuser,
            },
        )
        if user is None:  # someone else's account: the demo's content may name it, but changes nothing of it
            self.users[spec.username] = get_user_model().objects.get(username=spec.username)
            return
        user.set_password(spec.password)
        user.save(update_fields=["password"])
        user.groups.set([self.group(spec.group)] if spec.group else [])
        self.users[spec.username] = user

    def load_reader(self, spec):
        values = {"first_name": spec.first_name, "last_name": spec.last_name, "email": spec.email, "is_active": True}
        user = self.demo_account(spec.username, values)
        if user is None:
            return
        if user.has_usable_password():
            user.set_unusable_password()  # a reader in the statistics, not a sign-in
            user.save(update_fields=["password"])
        Profile.objects.update_or_create(user=user, defaults={"unit": self.units[spec.works_in]})
        self.readers[spec.username] = user

    @staticmethod
    def group(name):
        try:
            return Group.objects.get(name=name)
        except Group.DoesNotExist:
            raise DemoDataError(f"The group “{name}” is missing: run “manage.py migrate” first.") from None

    def load_unit(self, spec):
        self.units[spec.name] = save_row(
            Unit,
            {
                "short_name": spec.short_name,
                "parent": self.units[spec.parent] if spec.parent else None,
                "order": spec.order,
                "aliases": "\n".join(spec.aliases),
                "description": spec.description,
                **translations.UNIT_NAMES.get(spec.name, translations.UnitNames())._asdict(),
            },
            name=spec.name,
        )

    def load_person(self, spec):
        self.people[spec.full_name] = save_row(
            Person,
            {
                "full_name": spec.full_name,
                "sort_key": spec.sort_key,  # empty: made from the name on save
                "unit": self.units[spec.unit],
                "position": spec.position,
                **position_translations(spec.position),
            },
            slug=slugify_vi(spec.full_name),
        )

    def person(self, name):
        try:
            return self.people[name]
        except KeyError:
            raise DemoDataError(f"Demo data names “{name}”, who is not in data.PEOPLE.") from None

    # --- events

    def load_event(self, spec):
        unit = self.units[spec["unit"]]
        event = save_row(
            Event,
            {
                "title": spec["title"],
                "kind": spec["kind"],
                "unit": unit,
                "start": local_datetime(spec["start"], self.today),
                "end": local_datetime(spec.get("end"), self.today),
                "place": spec.get("place", ""),
                "year": spec.get("year"),  # empty: the year it starts
                "attendance": spec.get("attendance"),
                "description": spec.get("description", ""),
                **event_translations(spec["title"], spec.get("place", "")),
            },
            slug=event_slug(spec, unit),
        )
        sync_rows(
            event.participations,
            "person",
            [
                {
                    "person": self.person(name),
                    "role": role,
                    "position": position,
                    "order": order,
                    **participant_translations(role, position),
                }
                for order, (name, role, position) in enumerate(spec.get("participants", ()))
            ],
        )
        return event

    # --- articles

    def load_article(self, spec):
        status = spec.get("status", ArticleStatus.PUBLISHED)
        author = self.users[spec.get("author", "editor")]
        article = save_row(
            Article,
            {
                "title": spec["title"],
                "lead": spec["lead"],
                "body": body_html(spec["body"]),
                "unit": self.units[spec["unit"]],
                "category": self.categories[spec["category"]],
                "event": self.load_event(spec["event"]) if spec.get("event") else None,
                "status": status,
                "publish_at": local_datetime(spec["publish_at"], self.today),
                "featured": spec.get("featured", False),
                "must_read": "must_read_within_days" in spec,
                "must_read_due": self.today + datetime.timedelta(days=spec["must_read_within_days"])
                if "must_read_within_days" in spec
                else None,
                "created_by": author,
                "updated_by": author,
            },
            slug=slugify_vi(spec["title"], SLUG_LENGTH),
        )
        sync_rows(
            article.mentions,
            "person",
            [
                {"person": self.person(name), "position": position, "order": order, **position_translations(position)}
                for order, (name, position) in enumerate(spec.get("mentions", ()))
            ],
        )
        sync_rows(
            article.credits, "order", [self.credit(order, *credit) for order, credit in enumerate(spec["credits"])]
        )
        audience_service.set_audience(article, units=[self.units[name] for name in spec.get("for_units", ())])
        photo_credit = next((name for role, name in spec["credits"] if role != data.TEXT), "")
        for order, photo in enumerate(spec.get("photos", ())):
            self.load_photo(article, order, photo, photo_credit)
        self.result.articles += 1

    def credit(self, order, role, name):
        """A credit names a person when the demo has one of that name, else the name as printed."""
        person = self.people.get(name)
        return {"order": order, "role": role, "person": person, "name": "" if person else name}

    def load_photo(self, article, order, spec, credit):
        # Photos are added or updated, never removed: a photo an editor added to a demo article stays.
        photo = Photo.objects.filter(article=article, order=order).first() or Photo(article=article, order=order)
        photo.caption = spec.caption
        photo.alt_text = spec.alt or f"{spec.caption} ({article.unit.short_name})"
        photo.credit = credit
        drawn = not has_file(photo)
        if drawn:
            image = render_photo(spec.caption, seed=f"{article.slug}-{order}")
            photo.image.save(f"{article.slug[:80]}-{order + 1}.jpg", ContentFile(image), save=False)
            self.result.photos_drawn += 1
        photo.save()
        photo_service.saved(photo, image_changed=drawn)
        sync_rows(
            photo.people_shown,
            "person",
            [{"person": self.person(name), "order": position} for position, name in enumerate(spec.people)],
        )

    # --- translations

    def translate_imported(self, article):
        """The importer writes originals only: the seed's event, participants and mentions get their
        translations here, looked up as the loader's own rows' are."""
        if article.event:
            save_with(article.event, event_translations(article.event.title, article.event.place))
            for participant in article.event.participations.all():
                save_with(participant, participant_translations(participant.role, participant.position))
        for mention in article.mentions.all():
            save_with(mention, position_translations(mention.position))

    def load_translations(self):
        for spec in translations.ARTICLES:
            self.load_translation(spec)

    def load_translation(self, spec):
        article = article_titled(spec.article)
        for photo in article.photos.filter(order__lt=len(spec.captions)):
            photo.caption_ru = spec.captions[photo.order]
            photo.save(update_fields=["caption_ru"])
            photo_service.saved(photo, image_changed=False)
        translation = article.translations.filter(language=spec.language).first() or ArticleTranslation(
            article=article, language=spec.language
        )
        translation.title, translation.lead, translation.body = spec.title, spec.lead, body_html(spec.body)
        translation.translator, translation.status = spec.translator, spec.status
        translation_service.save(translation, user=self.users[spec.editor], made_current=True)
        if spec.added_to_original_since:
            # Out of date on purpose: the original changes after its translation was made current, so their
            # fingerprints differ (translation_service.out_of_date()). Loading again first resets the original
            # (load_article), makes the translation current again, then changes the original again: the same
            # rows every time.
            article.body += body_html(spec.added_to_original_since)
            article.save()
        self.result.translations += 1

    # --- what readers did: reads (statistics, unread marks) and acknowledgements (the must-read report)

    def load_activity(self):
        demo_users = {name: user for name, user in self.users.items() if name not in self.result.kept_accounts}
        demo_users.update(self.readers)
        acknowledging = [
            self.readers[spec.username] for spec in data.READERS if spec.acknowledges and spec.username in self.readers
        ]
        acknowledging += [demo_users[name] for name in data.ACKNOWLEDGING_USERS if name in demo_users]
        employee = demo_users.get("employee")
        result = activity.load(demo_users.values(), employee, acknowledging, self.today)
        self.result.reads, self.result.acknowledgements = result


def counts():
    """What exists now, for the command's summary."""
    articles = Article.objects.all()
    return {
        "units": Unit.objects.count(),
        "people": Person.objects.count(),
        "categories": Category.objects.count(),
        "events": Event.objects.count(),
        "event participants": EventParticipant.objects.count(),
        "articles": articles.count(),
        "  published (due)": articles.published().count(),
        "  scheduled": articles.scheduled().count(),
        "  in review": articles.filter(status=ArticleStatus.REVIEW).count(),
        "  drafts": articles.filter(status=ArticleStatus.DRAFT).count(),
        "  conference reports": articles.conference_reports().count(),
        "people mentioned": ArticleMention.objects.count(),
        "credits": ArticleCredit.objects.count(),
        "photos": Photo.objects.count(),
        "people shown in photos": PhotoPerson.objects.count(),
        "article translations": ArticleTranslation.objects.count(),
        "  out of date": translation_service.out_of_date().count(),
        "users": get_user_model().objects.count(),
    }
