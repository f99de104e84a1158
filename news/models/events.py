from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from news.models.audiences import AudienceQuerySet, WithAudience
from news.models.base import PortalModel, url_maker
from news.models.search import contains_as_typed, contains_every, parse_query, ranked_first
from news.models.translations import Translatable, translated_columns, translation_of
from news.text import normalize_model_text, search_text

# What a calendar app shows of an event: a change to any of these is a new SEQUENCE in the iCalendar feed, so
# subscribed calendars replace their copy (RFC 5545 3.8.7.4).
SCHEDULE_FIELDS = ("title", "title_ru", "title_en", "start", "end", "place", "place_ru", "place_en")


class EventKind(models.TextChoices):
    YEAR_END_REVIEW = "year_end_review", _("Year-end review conference")
    WORKERS_CONFERENCE = "workers_conference", _("Workers' conference")
    PARTY_REVIEW = "party_review", _("Party review conference")
    CONFERENCE = "conference", _("Other conference")
    TRAINING = "training", _("Training")
    CEREMONY = "ceremony", _("Ceremony")
    OTHER = "other", _("Other")


# The kinds whose reports are "conference reports".
CONFERENCE_KINDS = (
    EventKind.YEAR_END_REVIEW,
    EventKind.WORKERS_CONFERENCE,
    EventKind.PARTY_REVIEW,
    EventKind.CONFERENCE,
)


# Short names for tight places such as the cells of the conference table.
SHORT_KIND_LABELS = {
    EventKind.YEAR_END_REVIEW: _("Year-end review"),
    EventKind.WORKERS_CONFERENCE: _("Workers"),
    EventKind.PARTY_REVIEW: _("Party review"),
    EventKind.CONFERENCE: _("Conference"),
}


class EventQuerySet(AudienceQuerySet):
    def conferences(self):
        return self.filter(kind__in=CONFERENCE_KINDS)

    def upcoming(self, now=None):
        return self.filter(start__gte=now or timezone.now()).order_by("start")

    def past(self, now=None):
        return self.filter(start__lt=now or timezone.now()).order_by("-start")

    def since(self, moment):
        """Events not over before ``moment``: those starting or ending since then (so also every ongoing and
        upcoming one), soonest first. An event without an end is over when it starts."""
        return self.filter(models.Q(start__gte=moment) | models.Q(end__gte=moment)).order_by("start", "pk")

    def for_unit(self, unit):
        return self.filter(unit=unit)

    def search(self, query):
        """Events holding every word of ``query`` (rules in news/models/search.py), best first: the whole
        query as typed in the title, place or description, then the latest. Finds nothing without a word."""
        query, terms = parse_query(query)
        if not terms:
            return self.none()
        return (
            self.filter(contains_every(terms, "search_document"))
            .annotate(exact_match=ranked_first(contains_as_typed(query, "title", "place", "description")))
            .order_by("-exact_match", "-start", "pk")
        )


class Event(WithAudience, Translatable, PortalModel):
    """Something that happened or will happen; above all a unit's yearly conferences."""

    title = models.CharField(_("title"), max_length=255)
    title_ru = translation_of(title, "ru")
    title_en = translation_of(title, "en")
    slug = models.SlugField(_("slug"), max_length=255, unique=True, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=EventKind.choices, default=EventKind.OTHER)
    unit = models.ForeignKey(
        "news.Unit", verbose_name=_("organising unit"), related_name="events", on_delete=models.PROTECT
    )
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    place_ru = translation_of(place, "ru")
    place_en = translation_of(place, "en")
    year = models.PositiveSmallIntegerField(
        _("year"),
        blank=True,
        db_index=True,
        help_text=_(
            "The year the event is named for (“Hội nghị tổng kết năm 2019” → 2019). "
            "Leave empty to use the year it starts."
        ),
    )
    attendance = models.PositiveIntegerField(_("attendance"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    description_ru = translation_of(description, "ru")
    description_en = translation_of(description, "en")
    search_document = models.TextField(editable=False, blank=True, default="")
    # For calendar apps (the iCalendar feed's LAST-MODIFIED and SEQUENCE): when it last changed, and how many
    # times what a calendar shows of it (SCHEDULE_FIELDS) has changed.
    updated_at = models.DateTimeField(_("last edited"), auto_now=True)
    sequence = models.PositiveIntegerField(_("version"), default=0, editable=False)
    participants = models.ManyToManyField(
        "news.Person",
        through="news.EventParticipant",
        related_name="events",
        blank=True,
        verbose_name=_("participants"),
    )

    objects = EventQuerySet.as_manager()
    slug_source = "title"
    translated_fields = ("title", "place", "description")
    remembered_fields = ("unit_id", "kind", "year")  # the page cache throws away the old ones' pages too

    class Meta:
        ordering = ["-start"]
        # The conference table and a year's reports select events by kind and year.
        indexes = [models.Index(fields=["kind", "year"], name="event_kind_year_idx")]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__isnull=True) | models.Q(end__gte=models.F("start")),
                name="event_ends_after_start",
                violation_error_message=_("An event cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self._count_schedule_change(kwargs)
        if not self.year and self.start:
            self.year = timezone.localtime(self.start).year
        self.search_document = search_text(
            *(
                getattr(self, name)
                for name in ("title", "place", "description", *translated_columns(*self.translated_fields))
            )
        )
        super().save(*args, **kwargs)

    def _count_schedule_change(self, kwargs):
        """One more ``sequence`` when the title, time or place differs from the stored row's (read here, not
        from what was loaded: an old form or a copy made elsewhere must not count down or miss a change)."""
        if self._state.adding or self.pk is None:
            return
        stored = Event.objects.filter(pk=self.pk).values("sequence", *SCHEDULE_FIELDS).first()
        if stored is None:
            return
        normalize_model_text(self)  # as saving will: a title only re-typed in another Unicode form is no change
        self.sequence = max(self.sequence or 0, stored["sequence"])
        if any(stored[name] != getattr(self, name) for name in SCHEDULE_FIELDS):
            self.sequence += 1
        if kwargs.get("update_fields"):  # a partial save is a change too, seen by calendar apps
            kwargs["update_fields"] = {*kwargs["update_fields"], "sequence", "updated_at"}

    def get_absolute_url(self):
        return url_maker("news:event_detail", "year", "slug")(year=timezone.localtime(self.start).year, slug=self.slug)

    @property
    def short_kind_label(self):
        return SHORT_KIND_LABELS.get(self.kind) or self.get_kind_display()

    @property
    def is_conference(self):
        return self.kind in CONFERENCE_KINDS


class EventParticipant(Translatable, PortalModel):
    """A person at an event, with the role they had there."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(
        "news.Person", verbose_name=_("person"), on_delete=models.CASCADE, related_name="participations"
    )
    role = models.CharField(
        _("role at the event"), max_length=255, blank=True, help_text=_("E.g. “chủ trì”, “khách mời”.")
    )
    role_ru = translation_of(role, "ru")
    role_en = translation_of(role, "en")
    position = models.CharField(_("position then"), max_length=255, blank=True)
    position_ru = translation_of(position, "ru")
    position_en = translation_of(position, "en")
    order = models.PositiveIntegerField(_("order"), default=0)

    translated_fields = ("role", "position")

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [models.UniqueConstraint(fields=["event", "person"], name="event_participant_once")]

    def __str__(self):
        return f"{self.person} ({self.role})" if self.role else str(self.person)
