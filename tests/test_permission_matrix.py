"""The permission matrix: every admin path, for every role, on objects inside and outside the role's scope.

The paths are not listed by hand: they are discovered from the admin site's registry and each
ModelAdmin's URLs (``get_urls()`` additions and django-reversion's included). A discovered path that
this file does not know fails ``test_every_admin_path_is_in_the_matrix``, so a new path cannot go
unchecked. Each cell (a role and a path) is a test of its own, so that a failure names it. For each role the
test sends GET and POST (a real change, built from the form a superuser
sees) and asserts that the database is unchanged wherever ``EXPECTED`` says no, and that the same
request does change it where the role may (so the attack is one that would have worked).

``allowed`` below is written from the README's policy table, not computed by news/policy.py.
"""

import re

import pytest
import reversion
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import Max
from django.urls import URLPattern, URLResolver, reverse
from django_tasks_db.models import DBTaskResult

from news.models import (
    Article,
    ArticleStatus,
    OldSlug,
    OutgoingEmail,
    PageTag,
    Photo,
    RoleChange,
    TranslationStatus,
)
from news.roles import ADMINISTRATORS
from news.services import audiences as audience_service
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    ArticleMentionFactory,
    CategoryFactory,
    EventFactory,
    PersonFactory,
    PhotoFactory,
    UnitFactory,
    UserFactory,
    administrator,
    correspondent,
    editor,
    translation,
)
from tests.newsroom import form_data, offered_choices

pytestmark = pytest.mark.django_db(transaction=False)

ROLES = ["anonymous", "employee", "correspondent", "correspondent_without_unit", "editor", "administrator", "superuser"]

# Every path of the admin site, by URL name (or by route for the unnamed redirects), and what it does.
OBJECT_VIEWS = {"change", "history", "delete"}
MODEL_VIEWS = {"changelist", "add"}
# "acknowledgements": a must-read article's report (GET, ?format=csv) and "ask again" (POST): editors only.
# "statistics" (the most read, readers per day) and "article_statistics" (one article's readers): editors only.
ARTICLE_VIEWS = {
    "preview",
    "compare",
    "revision",
    "recoverlist",
    "recover",
    "acknowledgements",
    "statistics",
    "article_statistics",
}
EXPECTED_MODEL_PATHS = {
    "news_article": MODEL_VIEWS | OBJECT_VIEWS | ARTICLE_VIEWS,
    "news_photo": MODEL_VIEWS | OBJECT_VIEWS,
    "news_articletranslation": MODEL_VIEWS | OBJECT_VIEWS,
    "news_category": MODEL_VIEWS | OBJECT_VIEWS,
    "news_event": MODEL_VIEWS | OBJECT_VIEWS,
    "news_person": MODEL_VIEWS | OBJECT_VIEWS,
    "news_unit": MODEL_VIEWS | OBJECT_VIEWS,
    "auth_user": MODEL_VIEWS | OBJECT_VIEWS | {"password_change"},
    "auth_group": MODEL_VIEWS | OBJECT_VIEWS,
    "axes_accessattempt": MODEL_VIEWS | OBJECT_VIEWS,
    "axes_accesslog": MODEL_VIEWS | OBJECT_VIEWS,
    "axes_accessfailurelog": MODEL_VIEWS | OBJECT_VIEWS,
    "django_tasks_database_dbtaskresult": MODEL_VIEWS | OBJECT_VIEWS,
    "news_outgoingemail": MODEL_VIEWS | OBJECT_VIEWS,
    "news_rolechange": MODEL_VIEWS | OBJECT_VIEWS,
}
# The site's own pages: no object behind them but what autocomplete and the "view on site" redirect reach,
# which have tests of their own below.
EXPECTED_SITE_PATHS = {
    "index",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "autocomplete",
    "jsi18n",
    "view_on_site",
    "app_list",
}
UNNAMED_ROUTES = re.compile(r"^(?:(\w+)/(\w+)/<path:object_id>/|\(\?P<url>\.\*\)\$)$")

# Objects inside and outside a correspondent's scope ("_in": of their unit).
ARTICLE_TARGETS = ["draft_in", "review_in", "published_in", "draft_out", "published_out"]
SCOPED_MODELS = {"article", "photo", "articletranslation"}
# A published translation of a draft in the correspondent's unit: theirs to see, an editor's to change.
PUBLISHED_TRANSLATION_OF_DRAFT = "published_translation_of_draft_in"


def discovered_admin_paths():
    """(name or route, route) of every URL pattern the admin site serves."""

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                assert isinstance(pattern, URLPattern)
                yield pattern.name, prefix + str(pattern.pattern)

    return list(walk(admin.site.get_urls()))


def split_name(name):
    for prefix, views in EXPECTED_MODEL_PATHS.items():
        if name.startswith(prefix + "_") and name[len(prefix) + 1 :] in views:
            return prefix, name[len(prefix) + 1 :]
    return None


def test_every_admin_path_is_in_the_matrix():
    unknown = []
    for name, route in discovered_admin_paths():
        if name is None:
            if not UNNAMED_ROUTES.match(route):
                unknown.append(route)
        elif name not in EXPECTED_SITE_PATHS and split_name(name) is None:
            unknown.append(name)
    assert not unknown, f"admin paths the permission matrix does not check: {unknown}"
    registered = {f"{m._meta.app_label}_{m._meta.model_name}" for m in admin.site._registry}
    assert registered == set(EXPECTED_MODEL_PATHS), "a model was registered or removed: add it to the matrix"


def test_every_model_admin_takes_the_policy():
    from news.admin.access import PolicyAdminMixin

    assert all(isinstance(model_admin, PolicyAdminMixin) for model_admin in admin.site._registry.values())


# What each role may do, from the README's table ------------------------------------------------------------------


def allowed(role, action, model, target):
    """May ``role`` take ``action`` (view/add/change/delete/revert/compare/recover) on ``target`` of ``model``?"""
    if model in AXES_MODELS and action == "add":
        return False  # sign-in records are written by sign-ins only
    if model in ("dbtaskresult", "outgoingemail", "rolechange"):
        # The task queue, outgoing e-mail and the record of role changes are the code's (and e-mail holds readers'
        # digests): superusers read them, and send failed e-mail again (the list action needs "view").
        return role == "superuser" and action == "view"
    if role == "superuser":
        return True
    if role in ("anonymous", "employee"):
        return False
    if action in ("publish", "revert", "compare", "recover"):
        return role == "editor"
    if model in ("accessattempt", "accesslog", "accessfailurelog"):
        return False  # the sign-in logs are the superuser's
    if role == "editor":
        return model not in ("user", "group")
    if role == "administrator":
        if model == "user":
            return action == "view" or action in ("add", "change") and target != "superuser_account"
        if model == "group":
            return action in ("view", "add") or action == "change" and target != "own_group"
        return model == "unit" and action == "view"
    # Correspondents: their units' articles and the photos of those, drafts only for any change.
    if model not in SCOPED_MODELS:
        return action == "view" and model not in ("user", "group")
    if model == "article" and action == "delete":
        return False  # correspondents hold no delete permission for articles
    if target in ("list", "new"):  # the list (scoped), the empty form: only within a unit of theirs
        return action == "view" or role == "correspondent"
    in_scope = role == "correspondent" and target.endswith("_in")
    if action == "view" or action == "add" and model == "article":  # a new article may be submitted at once
        return in_scope
    return in_scope and target.startswith("draft")


# The world ------------------------------------------------------------------------------------------------------


class World:
    """Two units, an article in each state on each side of the scope, their photos, credits and mentions,
    versions to revert to, a deleted article to recover, and one object of every other model."""

    def __init__(self):
        self.unit_in, self.unit_out = UnitFactory(), UnitFactory()
        self.superuser_pages = {}  # url: what the superuser was shown there (the matrix builds its POSTs from it)
        self.users = {
            "employee": UserFactory(username="employee"),
            "correspondent": correspondent(username="correspondent"),
            "correspondent_without_unit": correspondent(username="correspondent-without-unit"),
            "editor": editor(username="editor"),
            "administrator": administrator(username="administrator"),
            "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
        }
        self.unit_in.correspondents.add(self.users["correspondent"])
        self.targets = {"article": {}, "photo": {}, "articletranslation": {}}
        self.versions = {}
        for target in ARTICLE_TARGETS:
            state, side = target.split("_")
            status = {"draft": ArticleStatus.DRAFT, "review": ArticleStatus.REVIEW}.get(state, ArticleStatus.PUBLISHED)
            unit = self.unit_in if side == "in" else self.unit_out
            with reversion.create_revision():
                # Must read: each has an acknowledgements report to reach.
                article = ArticleFactory(unit=unit, status=status, title=f"Bài {target}", must_read=True)
                photo = PhotoFactory(article=article, caption=f"Ảnh {target}")
                ArticleCreditFactory(article=article)
                ArticleMentionFactory(article=article)
                self.targets["articletranslation"][target] = translation(
                    article, status=TranslationStatus.DRAFT, title=f"Перевод {target}"
                )
            if target == "draft_in":
                # An editor's draft for the board and both units: its correspondent is offered neither the group
                # nor the other unit, and must not drop them by saving.
                board = Group.objects.create(name="Ban giám đốc")
                audience_service.set_audience(article, units=[self.unit_in, self.unit_out], groups=[board])
            first = reversion.models.Version.objects.get_for_object(article).first()
            with reversion.create_revision():
                article.title = f"Bài {target} (bản 2)"
                article.save()
            self.targets["article"][target] = article
            self.targets["photo"][target] = photo
            self.versions[target] = first
        other_draft = ArticleFactory(unit=self.unit_in, status=ArticleStatus.DRAFT, title="Bản nháp có bản dịch")
        self.targets["articletranslation"][PUBLISHED_TRANSLATION_OF_DRAFT] = translation(other_draft, title="Перевод")
        self.event = EventFactory(unit=self.unit_out)
        self.targets["photo"]["event_photo"] = PhotoFactory(article=None, event=self.event, caption="Ảnh sự kiện")
        self.targets["event"] = {"any": self.event}
        self.targets["person"] = {"any": PersonFactory(unit=self.unit_out)}
        self.targets["unit"] = {"any": UnitFactory(name="Đơn vị chưa có bài")}  # deletable: no article protects it
        self.targets["category"] = {"any": CategoryFactory(name="Tin khác")}
        self.targets["user"] = {
            "plain_account": UserFactory(username="someone", first_name="Ai"),
            "superuser_account": UserFactory(username="root2", is_staff=True, is_superuser=True),
        }
        self.targets["group"] = {"own_group": Group.objects.get(name=ADMINISTRATORS)}
        log = {"user_agent": "x", "ip_address": "10.0.0.1", "username": "x", "http_accept": "x", "path_info": "/"}
        self.targets["accessattempt"] = {
            "any": AccessAttempt.objects.create(**log, get_data="", post_data="", failures_since_start=1)
        }
        self.targets["accesslog"] = {"any": AccessLog.objects.create(**log)}
        self.targets["accessfailurelog"] = {"any": AccessFailureLog.objects.create(**log)}
        self.targets["outgoingemail"] = {
            "any": OutgoingEmail.objects.create(
                key="digest:weekly:2026-W48:1",
                kind="digest",
                to="reader@example.com",
                subject="Tin tuần",
                text_body="…",
                html_body="<p>…</p>",
                status="failed",
                message_id="<1@portal>",
            )
        }
        self.targets["rolechange"] = {
            "any": RoleChange.objects.create(
                actor=self.users["administrator"], actor_name="administrator", account_name="someone", change="+X"
            )
        }
        self.targets["dbtaskresult"] = {
            "any": DBTaskResult.objects.create(
                task_path="news.services.photos.render_photo",
                args_kwargs={"args": [photo.pk], "kwargs": {}},
                backend_name="default",
                queue_name="renditions",
            )
        }
        with reversion.create_revision():
            gone = ArticleFactory(unit=self.unit_in, status=ArticleStatus.DRAFT, title="Bài đã xoá")
        self.deleted_version = reversion.models.Version.objects.get_for_object(gone).first()
        gone.delete()


@pytest.fixture
def world(db):
    return World()


# Reading the database and the forms --------------------------------------------------------------------------


# Sessions change with every request, page tags with what pages are rendered; neither is content.
NOT_CONTENT = {Session, ContentType, PageTag}


def snapshot():
    return {
        model._meta.label: list(model._default_manager.order_by("pk").values_list())
        for model in apps.get_models()
        if model not in NOT_CONTENT
    }


# The matrix -------------------------------------------------------------------------------------------------


def requests_for(world, prefix, view):
    """(target, action a GET needs, url, payload kind) of each request the matrix sends to one admin path."""
    model = prefix.rsplit("_", 1)[1]
    targets = world.targets[model]
    if view == "changelist":
        yield "list", "view", reverse(f"admin:{prefix}_changelist"), "actions"
    elif view == "add":
        yield "new", "add", reverse(f"admin:{prefix}_add"), "add"
    elif view == "recoverlist":
        yield "any", "recover", reverse(f"admin:{prefix}_recoverlist"), None
    elif view == "recover":
        yield "any", "recover", reverse(f"admin:{prefix}_recover", args=[world.deleted_version.pk]), "recover"
    elif view == "statistics":  # the editors' (policy.is_editor), as publishing is
        yield "list", "publish", reverse(f"admin:{prefix}_statistics"), None
    else:
        for target, obj in targets.items():
            if view == "revision":
                version = world.versions[target]
                yield target, "revert", reverse(f"admin:{prefix}_revision", args=[obj.pk, version.pk]), "revert"
            elif view == "compare":
                version = world.versions[target]
                newest = reversion.models.Version.objects.get_for_object(obj).first()
                query = f"?version_id1={version.pk}&version_id2={newest.pk}"
                yield target, "compare", reverse(f"admin:{prefix}_compare", args=[obj.pk]) + query, None
            elif view == "password_change":
                url = reverse(f"admin:{prefix}_password_change", args=[obj.pk])
                yield target, "change", url, "password"
            else:
                # A change page the role may only view is a read-only page: GET needs view, POST change.
                action = {
                    "change": "view",
                    "history": "view",
                    "delete": "delete",
                    "preview": "view",
                    "acknowledgements": "publish",
                    "article_statistics": "publish",
                }[view]
                yield target, action, reverse(f"admin:{prefix}_{view}", args=[obj.pk]), view


# What a list action needs, by its name (the workflow's steps, django-axes' and Django's own).
ACTION_NEEDS = {
    "delete_selected": "delete",
    "submit_selected": "change",
    "deactivate": "change",
    "confirm_current_selected": "change",
    "render_again": "change",
    "send_again": "view",
}


def payloads(kind, superuser_client, url, world, prefix, own_page=None):
    """(target, action needed, data, must change) of the POSTs that would change the database if the role
    were allowed, built from what a superuser sees; a change the role may make from its own form
    (``own_page``), which offers only the role's choices."""
    model = prefix.rsplit("_", 1)[1]
    targets = world.targets[model]
    if kind == "actions":
        model_admin = admin.site._registry[apps.get_model(*prefix.rsplit("_", 1))]
        for name in model_admin.get_actions(superuser_request(world)):
            needs = ACTION_NEEDS.get(name, "publish")
            for target, obj in targets.items():
                yield target, needs, {"action": name, "_selected_action": [obj.pk], "index": "0", "post": "yes"}, False
    elif kind == "add":
        # Each target's own form, as a new object: inline rows left out, so only the main object is added.
        for target, obj in targets.items():
            page = superuser_page(world, superuser_client, reverse(f"admin:{prefix}_change", args=[obj.pk]))
            data = {k: v for k, v in form_data(page).items() if not re.search(r"-\d+-", k)}
            for key in data:
                if key.endswith(("-TOTAL_FORMS", "-INITIAL_FORMS")):
                    data[key] = ["0"]
            data.pop("slug", None)
            data.pop("version", None)
            yield target, "add", data, False
    else:
        target = url_target(world, url, targets)
        if kind == "delete":
            yield target, "delete", {"post": "yes"}, True
        elif kind == "acknowledgements":  # "Ask for acknowledgement again": a new round
            yield target, "publish", {"ask_again": "1"}, True
        elif kind == "password":
            yield target, "change", {"password1": "Mật-khẩu-2026!", "password2": "Mật-khẩu-2026!"}, True
        elif kind in ("change", "revert", "recover"):
            page = own_page if kind == "change" and own_page else superuser_page(world, superuser_client, url)
            data = form_data(page, changed=kind == "change")
            action = {"change": "change", "revert": "revert", "recover": "recover"}[kind]
            yield target, action, data, model not in AXES_MODELS
            if prefix == "news_article" and kind == "change":
                yield target, "publish", {**data, "_workflow": "publish"}, False


def superuser_page(world, superuser_client, url):
    """The page a superuser gets at ``url``: the same for every role's cell, so fetched once per world."""
    if url not in world.superuser_pages:
        world.superuser_pages[url] = superuser_client.get(url).content.decode()
    return world.superuser_pages[url]


def url_target(world, url, targets):
    for target, obj in targets.items():
        if f"/{obj.pk}/" in url:
            return target
    return "any"


def superuser_request(world):
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = world.users["superuser"]
    return request


def post_unchanged(client, url, data):
    """POST inside a transaction that is rolled back: (response, whether the database changed)."""
    session = client.cookies.get(settings.SESSION_COOKIE_NAME)
    with transaction.atomic():
        before = snapshot()
        response = client.post(url, data)
        changed = snapshot() != before
        transaction.set_rollback(True)
    if session is not None:  # a password change cycles the session key, and the new session was rolled back
        client.cookies[settings.SESSION_COOKIE_NAME] = session.value
    return response, changed


def matrix_paths():
    """The URL names of the admin paths the matrix checks (those of the models' and the articles' views)."""
    return sorted({name for name, _route in discovered_admin_paths() if name and split_name(name)})


@pytest.fixture(scope="class")
def matrix_world(django_db_setup, django_db_blocker):
    """One world for the whole matrix, rolled back after it (each cell's own changes are rolled back after each
    test, and its POSTs roll back their own)."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield World()
        transaction.set_rollback(True)


class TestPermissionMatrix:
    """One test per role and admin path, so that a failure names its cell."""

    @pytest.mark.parametrize("name", matrix_paths())
    @pytest.mark.parametrize("role", ROLES)
    def test_cell(self, client, matrix_world, role, name):
        world = matrix_world
        superuser_client = type(client)()
        superuser_client.force_login(world.users["superuser"])
        if role != "anonymous":
            client.force_login(world.users[role])
        prefix, view = split_name(name)
        failures = []
        for target, action, url, kind in requests_for(world, prefix, view):
            failures += check_requests(client, superuser_client, world, role, prefix, target, action, url, kind)
        if view == "change":
            model = prefix.rsplit("_", 1)[1]
            for target, obj in world.targets[model].items():
                if allowed(role, "change", model, target):
                    failures += lost_choices(client, reverse(f"admin:{prefix}_change", args=[obj.pk]), obj)
        assert not failures, "\n".join(failures)


def stored_relations(obj):
    """{field name: ids} of what ``obj`` (read again) points at: its foreign keys and many-to-many fields."""
    obj = type(obj)._default_manager.get(pk=obj.pk)
    relations = {}
    for field in obj._meta.get_fields():
        if field.concrete and field.many_to_many:
            relations[field.name] = set(getattr(obj, field.name).values_list("pk", flat=True))
        elif field.concrete and field.many_to_one:
            relations[field.name] = {getattr(obj, field.attname)} - {None}
    return relations


def lost_choices(client, url, obj):
    """The role posts its change form as rendered for it (one text changed): whatever was stored that the form
    did not offer the role must still be stored after the save."""
    page = client.get(url).content.decode()
    offered = offered_choices(page)
    with transaction.atomic():
        before = stored_relations(obj)
        client.post(url, form_data(page))
        after = stored_relations(obj)
        transaction.set_rollback(True)
    failures = []
    for name, ids in before.items():
        lost = {pk for pk in ids if str(pk) not in offered.get(name, ())} - after[name]
        if lost:
            failures.append(f"POST {url} as rendered: {name} lost {sorted(lost)}, which the form did not offer")
    return failures


def check_requests(client, superuser_client, world, role, prefix, target, action, url, kind):
    """The failures of ``role``'s GET of ``url`` and of the POSTs that would change its object."""
    model = prefix.rsplit("_", 1)[1]
    failures = []
    may = allowed(role, action, model, target)
    response = client.get(url)
    if response.status_code >= 500:
        failures.append(f"GET {url} ({target}): {response.status_code}")
    elif not may and response.status_code == 200:
        failures.append(f"GET {url} ({target}): 200 for {role}, who may not {action}")
    elif may and response.status_code != 200:
        failures.append(f"GET {url} ({target}): {response.status_code} for {role}, who may {action}")
    own_page = response.content.decode() if kind == "change" and allowed(role, "change", model, target) else None
    for post_target, needs, data, must_change in payloads(kind, superuser_client, url, world, prefix, own_page):
        may = allowed(role, needs, model, post_target)
        response, changed = post_unchanged(client, url, data)
        what = data.get("action") or data.get("_workflow") or kind
        if response.status_code >= 500:
            failures.append(f"POST {url} ({post_target}, {what}): {response.status_code}")
        elif changed and not may:
            failures.append(f"POST {url} ({post_target}, {what}): changed the database as {role}")
        elif may and must_change and not changed:
            errors = response.context and response.context.get("errors")
            failures.append(f"POST {url} ({post_target}, {what}): {role} may, but nothing changed {errors}")
    return failures


AXES_MODELS = {"accessattempt", "accesslog", "accessfailurelog"}


# The site-wide paths that reach objects ------------------------------------------------------------------------


def test_autocomplete_offers_a_correspondent_only_their_units_articles(client, world):
    client.force_login(world.users["correspondent"])
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "news", "model_name": "photo", "field_name": "article", "term": "Bài"},
    )
    titles = {result["text"] for result in response.json()["results"]}
    assert titles == {"Bài draft_in (bản 2)", "Bài review_in (bản 2)", "Bài published_in (bản 2)"}


def test_a_photo_cannot_be_moved_to_an_article_outside_the_scope(client, world):
    client.force_login(world.users["correspondent"])
    photo = world.targets["photo"]["draft_in"]
    url = reverse("admin:news_photo_change", args=[photo.pk])
    superuser_client = type(client)()
    superuser_client.force_login(world.users["superuser"])
    data = form_data(superuser_client.get(url).content.decode())
    data["article"] = [str(world.targets["article"]["published_out"].pk)]
    client.post(url, data)
    assert Photo.objects.get(pk=photo.pk).article_id == world.targets["article"]["draft_in"].pk


def test_reverting_is_written_to_the_history(client, world):
    client.force_login(world.users["editor"])
    article = world.targets["article"]["published_in"]
    url = reverse("admin:news_article_revision", args=[article.pk, world.versions["published_in"].pk])
    response = client.post(url, form_data(client.get(url).content.decode(), changed=False))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.title == "Bài published_in"
    line = LogEntry.objects.filter(object_id=str(article.pk)).latest("action_time")
    assert (line.user, line.get_change_message()) == (world.users["editor"], "Đã khôi phục một phiên bản trước")


def test_a_correspondents_revert_of_another_units_article_changes_nothing(client, world):
    """The probe's finding: the POST reverted the article (back to review, old text), with no history line."""
    client.force_login(world.users["correspondent"])
    article = world.targets["article"]["published_out"]
    url = reverse("admin:news_article_revision", args=[article.pk, world.versions["published_out"].pk])
    before = snapshot()
    response = client.post(url, {"title": "Bài cũ", "status": ArticleStatus.REVIEW})
    assert response.status_code in (403, 404)
    assert snapshot() == before


def test_compare_shows_no_text_to_a_correspondent(client, world):
    client.force_login(world.users["correspondent"])
    article = world.targets["article"]["draft_in"]
    newest = reversion.models.Version.objects.get_for_object(article).first()
    query = {"version_id1": world.versions["draft_in"].pk, "version_id2": newest.pk}
    response = client.get(reverse("admin:news_article_compare", args=[article.pk]), query)
    assert response.status_code == 403
    assert "Bài draft_in" not in response.content.decode()


def test_compare_with_a_garbage_id_is_a_404(client, world):
    client.force_login(world.users["editor"])
    response = client.get("/admin/news/article/abc/history/compare/?version_id1=1&version_id2=2")
    assert response.status_code == 404


def test_the_year_filter_takes_any_number_without_a_500(client, world):
    client.force_login(world.users["editor"])
    for year in ["99999", "0", "-1", "２０２４", "1e3"]:
        assert client.get(reverse("admin:news_article_changelist"), {"year": year}).status_code < 500


def test_saving_a_group_unchanged_keeps_the_rights_its_editor_does_not_hold(client, world):
    """The probe's finding: an administrator saving "Biên tập viên" unchanged dropped it from 41 rights to 1."""
    editors = Group.objects.get(name="Biên tập viên")
    before = set(editors.permissions.values_list("pk", flat=True))
    client.force_login(world.users["administrator"])
    url = reverse("admin:auth_group_change", args=[editors.pk])
    response = client.post(url, form_data(client.get(url).content.decode(), changed=False))
    assert response.status_code == 302
    assert set(editors.permissions.values_list("pk", flat=True)) == before


def test_history_lists_steps_without_revert_links_for_a_correspondent(client, world):
    client.force_login(world.users["correspondent"])
    article = world.targets["article"]["draft_in"]
    page = client.get(reverse("admin:news_article_history", args=[article.pk])).content.decode()
    assert "/history/compare/" not in page
    assert reverse("admin:news_article_revision", args=[article.pk, world.versions["draft_in"].pk]) not in page


def test_view_on_site_redirects_only_to_objects_the_user_may_see(client, world):
    """Django's /admin/r/<type>/<id>/ would hand any staff user the address (the slug) of any draft."""
    article_type = ContentType.objects.get_for_model(world.targets["article"]["draft_in"])
    client.force_login(world.users["correspondent"])
    for target, expected in [("draft_in", 302), ("draft_out", 404), ("published_out", 404)]:
        url = reverse("admin:view_on_site", args=[article_type.pk, world.targets["article"][target].pk])
        assert client.get(url).status_code == expected, target
    for garbage in [("abc", "1"), (str(article_type.pk), "abc"), ("99999999999999999999", "1")]:
        assert client.get(reverse("admin:view_on_site", args=garbage)).status_code == 404


# What an attacker with the newsroom's accounts tried after the matrix passed --------------------------------------


def test_a_revision_url_takes_only_the_articles_own_versions(client, world):
    """django-reversion matched the version by object id alone: a photo's version with the article's id
    reverted that photo's revision, another article's, with no history line on it."""
    victim = world.targets["article"]["published_out"]
    # An id no article and no photo has yet (PostgreSQL's sequences do not roll back with the tests before).
    shared_id = max(Article.objects.aggregate(Max("pk"))["pk__max"], Photo.objects.aggregate(Max("pk"))["pk__max"]) + 1
    article = ArticleFactory(pk=shared_id, unit=world.unit_out, title="Bài 1000")
    with reversion.create_revision():
        victim.title = "Bài published_out (bản 3)"
        victim.save()
        PhotoFactory(pk=shared_id, article=victim)
    photo_version = reversion.models.Version.objects.get_for_object_reference(Photo, shared_id).get()
    client.force_login(world.users["editor"])
    url = reverse("admin:news_article_revision", args=[article.pk, photo_version.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"title": "x"}).status_code == 404
    victim.refresh_from_db()
    assert victim.title == "Bài published_out (bản 3)"


def test_recover_takes_only_deleted_articles_versions(client, world):
    client.force_login(world.users["editor"])
    live = world.versions["published_in"]
    photo_version = reversion.models.Version.objects.get_for_model(Photo).first()
    for version in (live, photo_version):
        assert client.get(reverse("admin:news_article_recover", args=[version.pk])).status_code == 404
    assert client.get(reverse("admin:news_article_recover", args=[world.deleted_version.pk])).status_code == 200


def test_a_correspondent_cannot_take_over_another_articles_old_links(client, world):
    """The old links of a renamed article must not be re-pointed at a correspondent's draft."""
    victim = world.targets["article"]["published_out"]
    client.force_login(world.users["editor"])
    url = reverse("admin:news_article_change", args=[victim.pk])
    data = form_data(client.get(url).content.decode(), changed=False)
    old_slug = data["slug"][0]
    assert client.post(url, {**data, "slug": ["ten-moi"]}).status_code == 302
    client.force_login(world.users["correspondent"])
    draft = world.targets["article"]["draft_in"]
    url = reverse("admin:news_article_change", args=[draft.pk])
    data = form_data(client.get(url).content.decode(), changed=False)
    response = client.post(url, {**data, "slug": [old_slug]})
    assert response.status_code == 200 and "slug" in response.context["adminform"].form.errors
    assert OldSlug.objects.get(slug=old_slug).article_id == victim.pk


def test_a_correspondent_cannot_feature_or_date_their_draft(client, world):
    client.force_login(world.users["correspondent"])
    draft = world.targets["article"]["draft_in"]
    planned = draft.publish_at
    url = reverse("admin:news_article_change", args=[draft.pk])
    data = form_data(client.get(url).content.decode(), changed=False)
    data |= {"featured": ["on"], "publish_at_0": ["01/01/2001"], "publish_at_1": ["08:00:00"], "_workflow": ["submit"]}
    assert client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.featured, draft.publish_at) == (ArticleStatus.REVIEW, False, planned)


def test_an_event_page_shows_no_photo_of_an_unpublished_article(client, world):
    """A photo of a draft that also names the event was shown on the event's public page."""
    draft_photo = world.targets["photo"]["draft_out"]
    draft_photo.event = world.event
    draft_photo.save()
    client.force_login(world.users["employee"])
    page = client.get(world.event.get_absolute_url()).content.decode()
    assert "Ảnh sự kiện" in page
    assert "Ảnh draft_out" not in page
