"""Reader pages. Thin: visibility rules live on the querysets, grouping in news/conferences.py."""

import datetime
import functools

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_not_required, login_required
from django.core.paginator import Page, Paginator
from django.core.validators import slug_re
from django.db.models import Count, Max, Min, Prefetch, Q, Window, prefetch_related_objects
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from news import conferences, page_cache
from news.feeds import personal_feed_url
from news.icalendar_feed import calendar_events, events_calendar
from news.models import (
    CONFERENCE_KINDS,
    Article,
    ArticleCredit,
    ArticleMention,
    ArticleTranslation,
    Category,
    DigestFrequency,
    Event,
    EventKind,
    FeedToken,
    LocalizedText,
    OldSlug,
    Person,
    Photo,
    PhotoPerson,
    Profile,
    Unit,
    reader_language,
    reader_scope,
)
from news.models.scopes import audience_key
from news.models.translations import ORIGINAL_LANGUAGE, TRANSLATED_INTO
from news.page_cache import cached_page, depends_on
from news.services import acknowledgements as acknowledgement_service
from news.services import mail as mail_service
from news.services import reading as reading_service
from news.text import clean_query, collation_key, index_letter, index_letter_prefix, search_terms

NEWS_PER_PAGE = 20
PEOPLE_PER_PAGE = 100


def paginate(request, items, per_page, paginator=Paginator):
    """The page asked for; a page number that is not a number or too large gives the first or last page."""
    return paginator(items, per_page).get_page(request.GET.get("page"))


FURTHEST_PAGE = 100_000  # beyond, the offset alone would be absurd: treated as past the end


def page_number(value):
    """The page number a query string asks for: 1 unless it is a whole number above 1."""
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


class UncountedPage(Page):
    """A page that knows whether another follows without knowing how many there are."""

    uncounted = True

    def __init__(self, object_list, number, paginator, more):
        super().__init__(object_list, number, paginator)
        self.more = more

    def has_next(self):
        return self.more

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1


class UncountedPaginator(Paginator):
    """Pages without COUNT(*) over the whole archive (the news list's cost stays flat as it grows): a page
    reads one row more than it shows to know whether another follows. Only a number past the end counts,
    to show the last page instead, as Paginator.get_page does."""

    def get_page(self, number):
        number = page_number(number)
        if number <= FURTHEST_PAGE:
            start = (number - 1) * self.per_page
            rows = list(self.object_list[start : start + self.per_page + 1])
            if rows or number == 1:
                return UncountedPage(rows[: self.per_page], number, self, more=len(rows) > self.per_page)
        return super().get_page(number)


def year_param(value):
    """A four-digit year from a query string, or 404."""
    if value is None or value == "":
        return None
    if not (value.isascii() and value.isdigit() and len(value) == 4):
        raise Http404(_("Unknown year."))
    return int(value)


def published_in_year(articles, year):
    """``articles`` published in the local calendar ``year``: what ``publish_at__year`` means, but with
    bounds that exist for any four-digit year (year 1 starts before the first UTC instant here)."""
    articles = articles.filter(publish_at__gte=year_start(year))
    return articles.filter(publish_at__lt=year_start(year + 1)) if year < datetime.MAXYEAR else articles


def year_start(year):
    """The first instant of a local year in UTC, or the earliest instant Python has when it lies before it."""
    try:
        return timezone.make_aware(datetime.datetime(year, 1, 1)).astimezone(datetime.UTC)
    except OverflowError:
        return datetime.datetime.min.replace(tzinfo=datetime.UTC)


def object_param(request, name, model):
    """The object whose slug a query parameter names, None when it is absent, or 404 (also for a value no
    slug can be, such as one with a NUL byte, which PostgreSQL would refuse to compare)."""
    value = request.GET.get(name)
    if not value:
        return None
    if not slug_re.fullmatch(value):
        raise Http404(_("No such item."))
    return get_object_or_404(model, slug=value)


MUST_READ_SHOWN = 50  # more open must-read notices than this is for the newsroom to tidy, not for a page


@cached_page("news", "events", "photos")
def home(request):
    reader = request.user
    published = Article.objects.for_reader(reader).for_listing()
    featured = list(published.filter(featured=True)[:3])
    context = {
        # Pinned above everything: every reader of the audience gets them, each keeps theirs (news/personal.py).
        "must_read": Article.objects.for_reader(reader).must_read().localized().without_texts()[:MUST_READ_SHOWN],
        "featured": featured,
        "latest": published.exclude(pk__in=[a.pk for a in featured])[:10],
        "upcoming_events": Event.objects.upcoming().visible_to(reader).select_related("unit")[:5],
        "conference_reports": Article.objects.conference_reports()
        .visible_to(reader)
        .localized()
        .select_related("unit", "event")
        .without_texts()[:6],
        "recent_photos": Photo.objects.for_reader(reader)
        .select_related("article", "event")
        .order_by("-uploaded_at")[:12],  # whole rows of 6, 4 or 3 (portal.css)
    }
    return render(request, "news/home.html", context)


@cached_page("news")
def news_list(request):
    articles = Article.objects.for_reader(request.user).for_listing()
    chips = []
    unit_slug, category_slug = request.GET.get("unit"), request.GET.get("category")
    year = year_param(request.GET.get("year"))
    unit, category = object_param(request, "unit", Unit), object_param(request, "category", Category)
    if unit:
        articles = articles.for_unit(unit)
        chips.append(("unit", unit.label))
    if year:
        articles = published_in_year(articles, year)
        chips.append(("year", year))
    if category:
        articles = articles.filter(category=category)
        chips.append(("category", category.localized("name")))
    context = {
        "page_obj": paginate(request, articles, NEWS_PER_PAGE, UncountedPaginator),
        "chips": chips,
        "units": Unit.objects.tree(),
        "categories": Category.objects.all(),
        "years": publish_years(request.user),
        "selected": {"unit": unit_slug, "year": year, "category": category_slug},
    }
    return render(request, "news/news_list.html", context)


def publish_years(reader):
    """The years with published news, newest first: from the first and last dates, not a scan of every row."""
    span = Article.objects.for_reader(reader).aggregate(first=Min("publish_at"), last=Max("publish_at"))
    if not span["first"]:
        return []
    first, last = (timezone.localtime(span[end]).year for end in ("first", "last"))
    return list(range(last, first - 1, -1))


def recording_reads(view):
    """Record a signed-in reader's read of the article a page shows (``page_cache.note(request, article=…)``),
    also when the page is served from the cache and the view does not run. A 304 is a read too: the browser
    asks because the reader opened the page again. A HEAD is not (link checkers, previews)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        article_id = getattr(request, "page_notes", {}).get("article")
        shown = request.method == "GET" and response.status_code in (200, 304)
        if article_id and shown and request.user.is_authenticated:
            reading_service.record_read(request.user, article_id)
        return response

    return wrapped


@recording_reads
@cached_page()
def article_detail(request, year, month, day, slug):
    try:
        datetime.date(year, month, day)
    except ValueError as error:
        raise Http404(_("No such date.")) from error
    published = Article.objects.for_reader(request.user)
    article = published.filter(slug=slug).first()
    if article is None:
        # An old link: the slug was changed by an editor since.
        old = OldSlug.objects.filter(slug=slug, article__in=published).select_related("article").first()
        if old is None:
            raise Http404(_("No such article."))
        return redirect(old.article, permanent=True)
    if timezone.localtime(article.publish_at).date() != datetime.date(year, month, day):
        raise Http404(_("No such article on this date."))
    # The article, and the related ones beside it: its unit's and its event's.
    event_tag = [f"event:{article.event_id}"] if article.event_id else []
    depends_on(request, f"article:{article.pk}", f"unit:{article.unit_id}", *event_tag)
    page_cache.note(request, article=article.pk)
    return render_article(request, article.pk, published)


def render_article(request, pk, articles, preview=False):
    """The article page, from ``articles`` (readers: published only; the newsroom's preview: any)."""
    article = (
        articles.localized()
        .select_related("unit", "category", "event", "event__unit")
        .prefetch_related(
            Prefetch(
                "photos",
                queryset=Photo.objects.shown().prefetch_related(
                    Prefetch("people_shown", queryset=PhotoPerson.objects.select_related("person"))
                ),
            ),
            Prefetch("mentions", queryset=ArticleMention.objects.select_related("person")),
            Prefetch("credits", queryset=ArticleCredit.objects.select_related("person")),
        )
        .get(pk=pk)
    )
    related = (
        Article.objects.for_reader(request.user)
        .localized()
        .exclude(pk=article.pk)
        .select_related("unit")
        .without_texts()
    )
    same_story = Q(event=article.event) | Q(unit=article.unit) if article.event_id else Q(unit=article.unit)
    context = {
        "article": article,
        # An article for everyone may belong to an event for some: the event box shows it to its audience only.
        "event": article.event if preview or event_visible(request.user, article.event_id) else None,
        "article_languages": [article.language, *article.translations.published().values_list("language", flat=True)],
        "related": related.filter(same_story)[:5],
        "preview": preview,
    }
    return render(request, "news/article_detail.html", context)


def event_visible(reader, event_id):
    return event_id is not None and Event.objects.visible_to(reader).filter(pk=event_id).exists()


def conference_kind_param(request):
    kind = request.GET.get("kind") or None
    if kind and kind not in CONFERENCE_KINDS:
        raise Http404(_("Unknown conference kind."))
    return kind


@cached_page("conferences:latest")
def conference_table(request):
    kind = conference_kind_param(request)
    reader = reader_scope(request.user)
    latest = conferences.latest_report_year(reader)
    years = conferences.year_window(latest, until=year_param(request.GET.get("until")))
    year_tags = [f"conferences:{year}" for year in years]
    depends_on(request, "conferences:latest", *year_tags)

    def render_table():
        rows = conferences.conference_table(years, reader, kind)
        return render_to_string("news/includes/conference_grid.html", {"years": years, "rows": rows})

    context = {
        "years": years,
        # 200 units by 8 years: rendered again only once a report of those years or a unit has changed.
        "table": page_cache.fragment(
            "conference-table", (years, kind, audience_key(reader), page_cache.stamp(*year_tags)), render_table
        ),
        "kind": kind,
        "kinds": [(value, label) for value, label in EventKind.choices if value in CONFERENCE_KINDS],
        "older": years[-1] - 1 if years[-1] > conferences.FIRST_YEAR else None,
        "newer": years[0] + conferences.YEARS_SHOWN if years[0] < latest else None,
    }
    return render(request, "news/conference_table.html", context)


@cached_page()
def conference_year(request, year):
    kind = conference_kind_param(request)
    depends_on(request, f"conferences:{year}")
    reader = reader_scope(request.user)
    of_year = Article.objects.conference_reports().visible_to(reader).filter(event__year=year)
    reports = of_year.filter(event__kind=kind) if kind else of_year
    if not of_year.exists():
        raise Http404(_("No conference reports for this year."))
    reports = reports.order_by("event__start", "publish_at")

    def render_groups():
        groups = conferences.reports_by_unit(reports)
        return render_to_string("news/includes/conference_year_groups.html", {"year": year, "groups": groups})

    # Hundreds of reports: rendered again only once a report of that year or a unit has changed.
    groups = page_cache.fragment(
        "conference-year", (year, kind, audience_key(reader), page_cache.stamp(f"conferences:{year}")), render_groups
    )
    return render(request, "news/conference_year.html", {"year": year, "groups": groups, "kind": kind})


@cached_page("news")
def unit_list(request):
    units = Unit.objects.annotate(
        news_count=Count("articles", filter=Q(articles__in=Article.objects.for_reader(request.user)), distinct=True)
    )
    counts = dict(units.values_list("pk", "news_count"))
    tree = Unit.objects.tree()
    for unit in tree:
        unit.news_count = counts.get(unit.pk, 0)
    return render(request, "news/unit_list.html", {"units": tree})


@cached_page()
def unit_detail(request, slug):
    unit = get_object_or_404(Unit.objects.select_related("parent"), slug=slug)
    depends_on(request, f"unit:{unit.pk}", f"unit-people:{unit.pk}")
    context = {
        "unit": unit,
        "children": unit.children.all(),
        "news": Article.objects.for_reader(request.user).for_unit(unit).for_listing()[:10],
        "upcoming_events": Event.objects.upcoming().visible_to(request.user).for_unit(unit)[:5],
        "past_events": Event.objects.past().visible_to(request.user).for_unit(unit)[:5],
        "reports_by_year": conferences.unit_reports_by_year(unit, request.user),
        "people": unit.people.all()[:50],
    }
    return render(request, "news/unit_detail.html", context)


@cached_page()
def unit_conferences(request, slug):
    unit = get_object_or_404(Unit, slug=slug)
    depends_on(request, f"unit:{unit.pk}")
    context = {"unit": unit, "reports_by_year": conferences.unit_reports_by_year(unit, request.user)}
    return render(request, "news/unit_conferences.html", context)


@cached_page("people")
def person_list(request):
    letters = sorted(
        {index_letter(key) for key in Person.objects.values_list("sort_key", flat=True)}, key=collation_key
    )
    people = Person.objects.select_related("unit")
    letter = request.GET.get("letter")
    if letter:
        if letter not in letters:
            raise Http404(_("No one is listed under this letter."))
        prefix, longer = index_letter_prefix(letter)
        people = people.filter(sort_key__startswith=prefix)
        if longer:
            people = people.exclude(sort_key__startswith=longer)
    page = paginate(request, people, PEOPLE_PER_PAGE)
    return render(request, "news/person_list.html", {"page_obj": page, "letters": letters, "letter": letter})


@cached_page()
def person_detail(request, slug):
    person = get_object_or_404(Person.objects.select_related("unit"), slug=slug)
    depends_on(request, f"person:{person.pk}")
    published = Article.objects.for_reader(request.user)
    mentions = person.mentions.filter(article__in=published)
    photos = Photo.objects.for_reader(request.user).filter(people_shown__person=person)
    photos = photos.select_related("article", "event").distinct()
    # The newest only: someone named in every report for years would otherwise list them all.
    shown_mentions = list(
        mentions.select_related("article").defer(*TEXTS_OF_MENTIONED).order_by("-article__publish_at")[:MENTIONS_SHOWN]
    )
    ArticleTranslation.objects.attach_to([mention.article for mention in shown_mentions])
    context = {
        "person": person,
        "mentions": shown_mentions,
        "mention_count": mentions.count(),
        "positions": positions_named(mentions),
        "photos": photos[:24],
    }
    return render(request, "news/person_detail.html", context)


MENTIONS_SHOWN = 50
TEXTS_OF_MENTIONED = ("article__body", "article__search_document", "article__search_title")


def positions_named(mentions):
    """Each position the person was named with, with the first and last time (newest first), counted by the
    database over every mention."""
    language = reader_language()
    translated = f"position_{language}" if language in TRANSLATED_INTO else "position"
    spans = (
        mentions.exclude(position="")
        .values("position", translated)
        .annotate(first=Min("article__publish_at"), last=Max("article__publish_at"))
        .order_by("-last")
    )
    return [
        (
            LocalizedText(span[translated], language)
            if span[translated]
            else LocalizedText(span["position"], ORIGINAL_LANGUAGE),
            span["first"],
            span["last"],
        )
        for span in spans
    ]


@cached_page("events")
def event_list(request):
    now = timezone.now()
    events = Event.objects.visible_to(request.user).select_related("unit")
    past = events.past(now)
    context = {
        "upcoming": events.upcoming(now),
        "past_by_year": conferences.group_by(past, lambda event: timezone.localtime(event.start).year),
    }
    return render(request, "news/event_list.html", context)


@cached_page()
def event_detail(request, year, slug):
    event = get_object_or_404(Event.objects.visible_to(request.user).select_related("unit"), slug=slug)
    if event.get_absolute_url() != request.path:
        return redirect(event, permanent=True)
    depends_on(request, f"event:{event.pk}")
    prefetch_related_objects([event], "participations__person")
    context = {
        "event": event,
        "reports": Article.objects.for_reader(request.user)
        .filter(event=event)
        .localized()
        .select_related("unit")
        .without_texts(),
        "photos": event.photos.for_reader(request.user),  # a draft's photo may point at the event too
    }
    return render(request, "news/event_detail.html", context)


def events_ics(request):
    """The iCalendar feed: upcoming and ongoing events and those of the last 90 days (news/icalendar_feed.py)."""
    events = calendar_events(Event.objects.visible_to(request.feed_reader)).select_related("unit")
    response = HttpResponse(events_calendar(events, request), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="events.ics"'
    return response  # private to its reader: feeds.feed_access


SEARCH_TYPES = ("articles", "people", "events")
SEARCH_PER_PAGE = 20
SEARCH_PREVIEW = 5  # people and events shown beside the articles before "show all"


@cached_page("news", "people", "events", "photos")  # photos: captions are searched once shown
def search_view(request):
    query = clean_query(request.GET.get("q"))
    terms = search_terms(query)
    result_type = request.GET.get("type") or ""  # ?type=: the one list of results shown in full
    if result_type and result_type not in SEARCH_TYPES:
        raise Http404(_("Unknown result type."))
    year = year_param(request.GET.get("year"))
    unit = object_param(request, "unit", Unit)
    context = {
        "query": query,
        "terms": terms,
        "result_type": result_type,
        "unit": unit,
        "year": year,
        "units": Unit.objects.tree(),
    }
    if terms:
        found = {
            "articles": Article.objects.for_reader(request.user)
            .search(query)
            .localized()
            .select_related("unit", "category"),
            "people": Person.objects.select_related("unit").search(query),
            "events": Event.objects.visible_to(request.user).select_related("unit").search(query),
        }
        if unit:
            found["articles"] = found["articles"].for_unit(unit)
            found["events"] = found["events"].for_unit(unit)
            found["people"] = found["people"].filter(unit=unit)
        if year:
            found["articles"] = published_in_year(found["articles"], year)
            found["events"] = found["events"].filter(year=year)
        shown = result_type or "articles"
        context["page_obj"], shown_count = counted_page(request, found[shown], SEARCH_PER_PAGE)
        context["counts"] = {shown: shown_count}
        context["shown"] = shown
        for name, results in found.items():
            if name == shown:
                continue
            if result_type:  # one kind shown in full: the others only counted
                context["counts"][name] = results.count()
            else:  # the others previewed beside it, with their totals
                context[name], context["counts"][name] = first_and_total(results, 0, SEARCH_PREVIEW)
    return render(request, "news/search.html", context)


def first_and_total(results, start, stop):
    """``results[start:stop]`` and how many results there are in all. Ranking the results reads every match
    anyway, so the total comes with the ranking (COUNT(*) OVER ()), where a second COUNT(*) would read them
    again; and the ranking reads only ids, so that thousands of matches are not carried whole through it.
    The rows shown are then read by id (the queryset's select_related kept)."""
    ranked = list(results.annotate(total_found=Window(Count("pk"))).values_list("pk", "total_found")[start:stop])
    if not ranked:
        return [], (results.count() if start else 0)
    shown = results.model._default_manager.filter(pk__in=[pk for pk, _ in ranked])
    if "reader_translation" in results.query._filtered_relations:  # articles in the reader's language
        shown = shown.localized()
    shown.query.select_related = results.query.select_related
    by_pk = {row.pk: row for row in shown}
    return [by_pk[pk] for pk, _ in ranked if pk in by_pk], ranked[0][1]


def counted_page(request, results, per_page):
    """The page of ``results`` asked for, as Paginator.get_page gives it (a bad number: the first page, one
    too large: the last), and the total, read with the page."""
    number = page_number(request.GET.get("page"))
    start = (number - 1) * per_page
    if number <= FURTHEST_PAGE:
        rows, total = first_and_total(results, start, start + per_page)
    else:
        rows, total = [], results.count()
    paginator = Paginator(results, per_page)
    paginator.count = total
    if rows or number == 1:
        return Page(rows, number, paginator), total
    return paginator.get_page(number), total


def local_path(request, target, default="/"):
    """``target`` if it is a path on this site (where a form says to go back to), else ``default``. A path to
    redirect to, never a view name: redirect("0000") would look one up and fail with a 500."""
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure())
    ):
        return target
    return default


@login_not_required
def choose_language(request):
    """Remember the reader's language (a cookie) and go back. A GET, so pages stay free of
    per-user CSRF tokens and can be cached whole (news/page_cache.py)."""
    language = request.GET.get("language")
    response = HttpResponseRedirect(local_path(request, request.GET.get("next")))
    if language in dict(settings.LANGUAGES):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def subscriptions(request):
    """The signed-in user's personal feed addresses ("My subscriptions"); a POST resets them.

    Never cached, unlike the reader pages: it holds the user's feed key, which must reach no one else.
    """
    if request.method == "POST":
        FeedToken.reset(request.user)
        messages.success(request, _("Your feed addresses have been reset: the old ones no longer work."))
        return redirect("news:subscriptions")
    token = FeedToken.for_user(request.user)
    context = {
        "personal_latest": personal_feed_url(request, token, "news:feed_latest"),
        "personal_events": personal_feed_url(request, token, "news:events_ics"),
        "personal_units": [
            (unit, personal_feed_url(request, token, "news:feed_unit", unit.slug)) for unit in Unit.objects.tree()
        ],
    }
    return render(request, "news/subscriptions.html", context)


class MailSettingsForm(forms.ModelForm):
    """What a reader chooses about the e-mail the portal sends them (their Profile)."""

    class Meta:
        model = Profile
        fields = ["digest", "email_language"]
        widgets = {"digest": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = dict(settings.LANGUAGES)[settings.LANGUAGE_CODE]
        self.fields["email_language"].choices = [
            ("", _("The portal's language (%(language)s)") % {"language": default}),
            *settings.LANGUAGES,
        ]


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def mail_settings(request):
    """The signed-in reader's e-mail settings ("My settings"): how often the digest comes, and in which language
    e-mail is written. Never cached: it is one reader's."""
    form = MailSettingsForm(request.POST or None, instance=Profile.of(request.user))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your settings have been saved."))
        return redirect("news:mail_settings")
    return render(request, "news/mail_settings.html", {"form": form})


@never_cache
@csrf_exempt  # RFC 8058 one-click: a mail client POSTs "List-Unsubscribe=One-Click", with no session or token
@login_not_required  # from the mailbox, signed in or not: the signed token says whose digest it is
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """The unsubscribe link of a digest. GET shows the reader's setting and one button, so that link scanners
    opening every link in a message unsubscribe nobody; POST stops the digest. A token the portal did not
    sign is a 404."""
    reader = mail_service.reader_for_unsubscribe_token(token)
    if reader is None:
        raise Http404(_("This unsubscribe link is not valid."))
    unsubscribed = request.method == "POST"
    if unsubscribed:
        mail_service.unsubscribe(reader)
    context = {
        "address": masked_address(reader.email),  # a forwarded digest's link must not tell its owner's address
        "digest": DigestFrequency(mail_service.digest_frequency(reader)),  # read after the POST's change
        "unsubscribed": unsubscribed,
    }
    return render(request, "news/unsubscribe.html", context)


def masked_address(address):
    """An e-mail address its owner recognises and others cannot read: the first letter of the name, then the
    domain ("vo.tam@vietsov.com.vn" → "v***@vietsov.com.vn")."""
    name, _at, domain = address.rpartition("@")
    return f"{name[:1]}***@{domain}" if name else "***"


@never_cache
@login_required
@require_POST
def acknowledge(request, pk):
    """A reader's "I have read this" on a must-read notice: recorded for the current round, then back where they
    pressed it (the notice gone, for them only). A notice not meant for the reader is a 404."""
    try:
        acknowledgement_service.acknowledge(request.user, get_object_or_404(Article.objects.only("pk"), pk=pk))
    except acknowledgement_service.NotForReader as error:
        raise Http404(_("No such notice.")) from error
    return HttpResponseRedirect(local_path(request, request.POST.get("next")))


@never_cache
@login_required
@require_POST
def mark_all_read(request):
    """The reader's "Mark all as read": no unread mark on anything published until now; then back."""
    reading_service.mark_all_read(request.user)
    return HttpResponseRedirect(local_path(request, request.POST.get("next")))


def sign_out(request):
    """GET asks for confirmation (signing out must be a POST); POST signs out."""
    if request.method == "POST":
        logout(request)
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "registration/sign_out.html")


@login_not_required
def favicon(request):
    """Browsers ask for /favicon.ico on pages without an icon link (the admin's)."""
    return redirect(static("news/favicon.svg"), permanent=True)
