"""Write articles exported from the old intranet into the database (news/legacy.py parses them): Vietnamese
originals as articles, exports in another language as an existing article's translation.

``manage.py import_legacy`` is the command; this is the work, callable from anywhere (the demo loader).
"""

import datetime
import hashlib
import html
from pathlib import Path
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.translation import gettext as _

from news import images, legacy
from news.images import validate_image
from news.models import (
    Article,
    ArticleCredit,
    ArticleMention,
    ArticleStatus,
    ArticleTranslation,
    Category,
    Event,
    EventParticipant,
    OldSlug,
    Person,
    Photo,
    PhotoPerson,
    TranslationStatus,
    Unit,
)
from news.services import photos as photo_service
from news.services import translations as translation_service
from news.text import fold

CONFERENCE_CATEGORY = "Hội nghị"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp"}
EVENT_START_HOUR = 8  # the exports say "sáng ngày …": conferences start in the morning


class DryRun(Exception):
    """Raised inside a file's transaction to undo everything a dry run wrote."""


def image_files(directory):
    """The images in ``directory`` for the captions, in file-name order."""
    folder = Path(directory)
    if not folder.is_dir():
        raise ImportFailed(f"{directory} is not a directory.")
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in IMAGE_SUFFIXES)


def import_file(path, unit, status, images, dry_run=False):
    """Import one export: ``("imported" | "skipped", detail)``; raises legacy.LegacyFormatError,
    ImportFailed or OSError, having written nothing (its rows rolled back, its new files deleted)."""
    text = legacy.decode(path.read_bytes())
    parsed = legacy.parse(text)
    key = hashlib.sha256(text.encode()).hexdigest()
    existing = Article.objects.filter(import_key=key).first()
    if existing:
        return "skipped", f"already imported as “{existing.title}”"
    writer = ArticleWriter(parsed, key, unit or find_unit(parsed.title), status, [] if dry_run else images)
    # The rows are rolled back on failure; their image files must go too.
    return "imported", in_transaction(
        lambda: summary(writer.write(), parsed), dry_run, on_failure=writer.delete_saved_files
    )


def import_translation(path, article, language, status, dry_run=False):
    """Import one export in ``language`` as ``article``'s translation (translation_target finds them):
    ``("imported" | "updated", detail)``. Importing again replaces that translation. Raises
    legacy.LegacyFormatError, ImportFailed or OSError, having written nothing."""
    parsed = legacy.parse_translation(legacy.decode(path.read_bytes()), language)
    return in_transaction(lambda: write_translation(article, language, parsed, status), dry_run)


def in_transaction(write, dry_run, on_failure=None):
    """``write()``'s result, its rows kept unless this is a dry run or it raised (then ``on_failure()``)."""
    try:
        with transaction.atomic():
            result = write()
            if dry_run:
                raise DryRun
    except DryRun:
        pass
    except Exception:
        if on_failure:
            on_failure()
        raise
    return result


class ImportFailed(Exception):
    def __init__(self, reason, line=None):
        super().__init__(reason)
        self.line = line


def describe_failure(path, error):
    line = getattr(error, "line", None)
    reason = getattr(error, "reason", None) or str(error)
    return f"{path}:{line}: {reason}" if line else f"{path}: {reason}"


def find_unit(title):
    """The unit whose name, short name or alias appears in the title (the longest such name wins)."""
    folded_title = fold(title)
    best, best_length = None, 0
    for unit in Unit.objects.all():
        for name in unit.all_names:
            folded = fold(name)
            if folded and folded in folded_title and len(folded) > best_length:
                best, best_length = unit, len(folded)
    if best is None:
        raise ImportFailed("no unit named in the title matches a unit's name, short name or alias; use --unit", 1)
    return best


def conference_category():
    return Category.objects.get_or_create(name=CONFERENCE_CATEGORY)[0]


def translation_target(reference, language):
    """The article ``reference`` names (an id, its reader address or its admin address, with or without the
    site) if it may have a translation into ``language``; raises ImportFailed."""
    article = find_article(reference)
    if article is None:
        message = _("No article “%(reference)s”: give its id, its address or its admin address.")
        raise ImportFailed(message % {"reference": reference})
    if article.language == language:
        message = _("“%(title)s” is written in %(language)s: it is the original, not a translation.")
        raise ImportFailed(message % {"title": article.title, "language": article.get_language_display()})
    return article


def find_article(reference):
    """The article an id, a reader address (an old one too) or an admin address names; None if none."""
    reference = reference.strip()
    if reference.isdigit():
        return Article.objects.filter(pk=int(reference)).first()
    try:
        match = resolve(urlsplit(reference).path or "/")
    except Resolver404:
        return None
    if match.view_name == "news:article_detail":
        slug = match.kwargs["slug"]
        old = OldSlug.objects.filter(slug=slug).select_related("article").first()
        return Article.objects.filter(slug=slug).first() or (old.article if old else None)
    object_id = match.kwargs.get("object_id", "")
    if match.url_name and match.url_name.startswith("news_article_") and object_id.isdigit():
        return Article.objects.filter(pk=int(object_id)).first()
    return None


def write_translation(article, language, parsed, status):
    """Write ``parsed`` (a legacy.LegacyExport) as ``article``'s translation into ``language``, its captions
    into the article's photos in order; ``("imported" | "updated", detail)``."""
    translation = article.translations.filter(language=language).first()
    outcome = "updated" if translation else "imported"
    translation = translation or ArticleTranslation(article=article, language=language)
    translation.title = parsed.title
    translation.lead = parsed.lead
    translation.body = body_html(parsed.paragraphs[1:])
    translation.translator = parsed.translator
    translation.status = TranslationStatus.PUBLISHED if status == "published" else TranslationStatus.DRAFT
    try:
        translation.full_clean(exclude=["article"])
    except ValidationError as error:
        raise ImportFailed("; ".join(f"{name}: {' '.join(messages)}" for name, messages in error)) from error
    photos = list(article.photos.all()) if parsed.captions else []
    caption_field = f"caption_{language}"
    for photo, caption in zip(photos, parsed.captions, strict=False):
        setattr(photo, caption_field, caption.text)
        photo.save(update_fields=[caption_field])
    # After the captions: saving the translation refreshes the article's search text, captions included.
    translation_service.save(translation)
    parts = [
        f"translation ({language}) of “{article.title}”: “{translation.title}”",
        f"translated by {translation.translator}" if translation.translator else "no translator credited",
        translation.status,
        f"{min(len(photos), len(parsed.captions))} caption(s)",
    ]
    if len(parsed.captions) > len(photos):
        parts.append(f"{len(parsed.captions) - len(photos)} caption(s) more than the article's photos, not saved")
    return outcome, ", ".join(parts)


def body_html(paragraphs):
    """Paragraphs as an imported body (an import's lead is its first paragraph, the body the rest)."""
    return "".join(f"<p>{html.escape(paragraph)}</p>" for paragraph in paragraphs)


def summary(article, parsed):
    parts = [f"“{article.title}” ({article.unit})", f"{len(parsed.captions)} photo(s)", f"{len(parsed.people)} people"]
    if parsed.event:
        parts.append(f"event {parsed.event.title}")
    return ", ".join(parts)


class ArticleWriter:
    """Writes one parsed export into the database (inside the caller's transaction)."""

    def __init__(self, parsed, key, unit, status, images):
        self.parsed, self.key, self.unit, self.status, self.images = parsed, key, unit, status, images
        self.people = {}
        self._known = None  # every existing person by normalised name, read once when first needed
        self.saved_files = []

    def write(self):
        parsed = self.parsed
        event = self.event()
        article = Article.objects.create(
            title=parsed.title,
            lead=parsed.lead,
            body=body_html(parsed.paragraphs[1:]),
            unit=self.unit,
            event=event,
            category=Category.objects.get_or_create(name=CONFERENCE_CATEGORY)[0]
            if event and event.is_conference
            else None,
            status=ArticleStatus.PUBLISHED if self.status == "published" else ArticleStatus.DRAFT,
            publish_at=parsed.published_at,
            import_key=self.key,
        )
        for order, named in enumerate(p for p in parsed.people if p.position):
            ArticleMention.objects.create(
                article=article, person=self.person(named), position=named.position, order=order
            )
            if event:
                EventParticipant.objects.get_or_create(
                    event=event, person=self.person(named), defaults={"position": named.position, "order": order}
                )
        self.credits(article)
        self.photos(article)
        return article

    def person(self, named):
        """The person of that name: the one met earlier in this file, else an existing one, else a new one."""
        key = legacy.name_key(named.name)
        if key not in self.people:
            found = self.existing_person(key)
            # A new person's current position is the one named; an existing person's is left alone.
            self.people[key] = found or Person.objects.create(full_name=named.name, position=named.position)
        return self.people[key]

    def existing_person(self, key):
        if self._known is None:
            self._known = {legacy.name_key(p.full_name): p for p in Person.objects.all()}
        return self._known.get(key)

    def known_person(self, named):
        """A person named without a position is tagged only if already named in this file or known."""
        key = legacy.name_key(named.name)
        if named.position or key in self.people:
            return self.person(named)
        return self.existing_person(key)

    def event(self):
        found = self.parsed.event
        if found is None:
            return None
        existing = Event.objects.filter(unit=self.unit, kind=found.kind, year=found.year)
        if found.kind == "conference":
            existing = existing.filter(title=found.title)
        event = existing.first()
        if event is None:
            day = found.date or timezone.localtime(self.parsed.published_at).date()
            start = datetime.datetime(day.year, day.month, day.day, EVENT_START_HOUR, tzinfo=legacy.LOCAL_TIME_ZONE)
            event = Event.objects.create(
                title=found.title,
                kind=found.kind,
                unit=self.unit,
                year=found.year,
                start=start,
                attendance=found.attendance,
            )
        elif event.attendance is None and found.attendance:
            event.attendance = found.attendance
            event.save(update_fields=["attendance"])
        return event

    def credits(self, article):
        for order, (role, name) in enumerate(self.parsed.credits):
            ArticleCredit.objects.create(
                article=article, role=role, person=self.person(legacy.NamedPerson(name)), order=order
            )

    def photos(self, article):
        photographers = ", ".join(self.parsed.credited("photo", "text_photo"))
        captions = [caption.text for caption in self.parsed.captions]
        count = max(len(captions), len(self.images))
        for order in range(count):
            photo = Photo(
                article=article,
                caption=captions[order] if order < len(captions) else "",
                credit=photographers,
                order=order,
            )
            stored_now = False
            if order < len(self.images):
                # The same image stored already belongs to others too: undoing this import must keep it.
                stored_now = attach_image(photo, self.images[order])
                if stored_now:
                    self.saved_files.append(photo.image.name)
            photo.save()
            photo_service.saved(photo, image_changed=bool(photo.image))
            if stored_now:
                self.saved_files.extend(rendition["name"] for rendition in photo.renditions)
            if order < len(self.parsed.captions):
                self.tag(photo, self.parsed.captions[order])

    def tag(self, photo, caption):
        for order, named in enumerate(caption.people):
            person = self.known_person(named)
            if person is not None:
                PhotoPerson.objects.get_or_create(photo=photo, person=person, defaults={"order": order})

    def delete_saved_files(self):
        images.delete_files(self.saved_files)


def attach_image(photo, path):
    """Check and store the image at ``path`` as every upload is (news/uploads.py names it), or raise ImportFailed.

    Returns whether the file was written now (False: the same image was stored already)."""
    with path.open("rb") as handle:
        image = File(handle, name=path.name)
        try:
            validate_image(image)
        except Exception as error:
            raise ImportFailed(f"{path.name}: {' '.join(getattr(error, 'messages', [str(error)]))}") from error
        field_file = photo.image
        field_file.save(path.name, image, save=False)
        return field_file.stored_now
