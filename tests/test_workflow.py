"""The newsroom's rules through HTTP, with real users in the real groups."""

import datetime

import pytest
import reversion
from django.contrib.admin.models import ADDITION, LogEntry
from django.urls import reverse
from django.utils import timezone, translation
from reversion.models import Version

from news.models import Article, ArticleStatus, Photo
from news.services.workflow import ACTIONS
from tests.factories import (
    ArticleFactory,
    PhotoFactory,
    UnitFactory,
    UserFactory,
    correspondent,
    editor,
    jpeg_file,
    stored_name,
)
from tests.newsroom import add_url, article_form_data, change_url, reload

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    return UnitFactory(name="Trung tâm CNTT&LL"), UnitFactory(name="Xí nghiệp Khoan")


@pytest.fixture
def writer(units):
    user = correspondent(username="phong-vien")
    units[0].correspondents.add(user)
    return user


def signed_in(client, user):
    client.force_login(user)
    return client


def new_article_data(unit, **overrides):
    return article_form_data(
        title="Hội nghị người lao động năm 2024",
        lead="Tóm tắt",
        body="<p>Nội dung</p>",
        unit=unit.pk,
        status=ArticleStatus.DRAFT,
        slug="",
        **overrides,
    )


def history(article):
    return list(
        LogEntry.objects.filter(object_id=str(article.pk))
        .order_by("pk")
        .values_list("user__username", "change_message")
    )


def done(action_name):
    """The history line of a workflow action, as the (Vietnamese) newsroom writes it."""
    with translation.override("vi"):
        return str(ACTIONS[action_name].done)


# Correspondents --------------------------------------------------------------------------------------------


def test_correspondent_writes_a_draft_for_their_unit_and_submits_it(client, writer, units):
    signed_in(client, writer)
    response = client.post(add_url(), new_article_data(units[0]))
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == ArticleStatus.DRAFT and article.created_by == writer

    response = client.post(change_url(article), article_form_data(article, _workflow="submit"))
    assert response.status_code == 302
    assert reload(article).status == ArticleStatus.REVIEW
    assert ("phong-vien", done("submit")) in history(article)


def test_correspondent_cannot_write_for_another_unit(client, writer, units):
    signed_in(client, writer)
    response = client.post(add_url(), new_article_data(units[1]))
    assert response.status_code == 200 and "unit" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_correspondent_sees_only_their_units_articles(client, writer, units):
    mine = ArticleFactory(unit=units[0], status=ArticleStatus.DRAFT, title="Tin của tôi")
    ArticleFactory(unit=units[1], status=ArticleStatus.DRAFT, title="Tin đơn vị khác")
    response = signed_in(client, writer).get(reverse("admin:news_article_changelist"))
    assert list(response.context["cl"].result_list) == [mine]


def test_correspondent_cannot_open_or_edit_another_units_draft(client, writer, units):
    other = ArticleFactory(unit=units[1], status=ArticleStatus.DRAFT, title="Tin đơn vị khác")
    signed_in(client, writer)
    response = client.get(change_url(other))
    assert response.status_code == 302 and "Tin đơn vị khác" not in response.content.decode()
    client.post(change_url(other), article_form_data(other, title="Sửa trộm"))
    assert reload(other).title == "Tin đơn vị khác"
    preview = reverse("admin:news_article_preview", args=[other.pk])
    assert client.get(preview).status_code == 404


@pytest.mark.parametrize(
    "crafted",
    [
        {"status": ArticleStatus.PUBLISHED},
        {"_workflow": "publish"},
        {"_workflow": "schedule"},
        {"status": ArticleStatus.ARCHIVED},
        {"_workflow": "archive"},
    ],
)
def test_correspondent_cannot_publish_or_schedule_even_by_crafting_the_post(client, writer, units, crafted):
    draft = ArticleFactory(unit=units[0], status=ArticleStatus.DRAFT, publish_at=None)
    tomorrow = timezone.localtime() + datetime.timedelta(days=1)
    data = article_form_data(draft, publish_at_0=tomorrow.strftime("%d/%m/%Y"), publish_at_1="08:00", **crafted)
    response = signed_in(client, writer).post(change_url(draft), data)
    assert response.status_code == 200
    assert reload(draft).status == ArticleStatus.DRAFT
    assert not Article.objects.published(now=timezone.now() + datetime.timedelta(days=2)).exists()


def test_correspondent_cannot_edit_once_submitted_or_published(client, writer, units):
    for status in [ArticleStatus.REVIEW, ArticleStatus.PUBLISHED]:
        article = ArticleFactory(unit=units[0], status=status, title="Bản đã gửi")
        PhotoFactory(article=article, caption="Ảnh đã gửi")
        signed_in(client, writer)
        page = client.get(change_url(article))
        assert page.status_code == 200 and 'name="_save"' not in page.content.decode(), "shown read-only"
        response = client.post(change_url(article), article_form_data(article, title="Sửa sau khi gửi"))
        assert response.status_code == 403
        assert reload(article).title == "Bản đã gửi"


def test_correspondent_has_no_publishing_list_actions(client, writer):
    response = signed_in(client, writer).get(reverse("admin:news_article_changelist"))
    actions = {name for name, _label in response.context["action_form"].fields["action"].choices}
    assert "submit_selected" in actions
    assert not {"publish_selected", "unpublish_selected", "archive_selected"} & actions


def test_correspondent_list_action_cannot_publish(client, writer, units):
    draft = ArticleFactory(unit=units[0], status=ArticleStatus.DRAFT)
    signed_in(client, writer).post(
        reverse("admin:news_article_changelist"), {"action": "publish_selected", "_selected_action": [draft.pk]}
    )
    assert reload(draft).status == ArticleStatus.DRAFT


# Editors ---------------------------------------------------------------------------------------------------


def test_editor_publishes_with_the_button_and_it_is_live(client, units):
    article = ArticleFactory(unit=units[0], status=ArticleStatus.REVIEW, publish_at=None)
    signed_in(client, editor(username="bien-tap"))
    response = client.post(change_url(article), article_form_data(article, _workflow="publish"))
    assert response.status_code == 302
    article = reload(article)
    assert article.is_published and Article.objects.published().filter(pk=article.pk).exists()
    assert ("bien-tap", done("publish")) in history(article)


def test_editor_schedules_and_the_article_appears_on_time(client, units):
    article = ArticleFactory(unit=units[0], status=ArticleStatus.REVIEW, publish_at=None)
    when = timezone.localtime() + datetime.timedelta(hours=3)
    data = article_form_data(
        article, _workflow="schedule", publish_at_0=when.strftime("%d/%m/%Y"), publish_at_1=when.strftime("%H:%M")
    )
    assert signed_in(client, editor()).post(change_url(article), data).status_code == 302
    article = reload(article)
    assert article.is_scheduled
    assert not Article.objects.published().filter(pk=article.pk).exists()
    assert Article.objects.published(now=timezone.now() + datetime.timedelta(hours=4)).filter(pk=article.pk).exists()
    assert history(article)[-1][1].startswith("Hẹn đăng lúc")


def test_scheduling_needs_a_future_time(client, units):
    article = ArticleFactory(unit=units[0], status=ArticleStatus.REVIEW, publish_at=None)
    response = signed_in(client, editor()).post(change_url(article), article_form_data(article, _workflow="schedule"))
    assert response.status_code == 200
    assert reload(article).status == ArticleStatus.REVIEW


def test_editor_unpublishes_and_archives(client, units):
    article = ArticleFactory(unit=units[0])
    signed_in(client, editor(username="bien-tap"))
    client.post(change_url(article), article_form_data(article, _workflow="archive"))
    assert reload(article).status == ArticleStatus.ARCHIVED
    article = reload(article)
    client.post(change_url(article), article_form_data(article, _workflow="unpublish"))
    assert reload(article).status == ArticleStatus.DRAFT
    assert [message for _user, message in history(article)] == [done("archive"), done("unpublish")]


def test_editor_list_actions_publish_and_archive_many(client, units):
    drafts = [ArticleFactory(unit=units[0], status=ArticleStatus.REVIEW, publish_at=None) for _ in range(3)]
    signed_in(client, editor())
    url = reverse("admin:news_article_changelist")
    client.post(url, {"action": "publish_selected", "_selected_action": [a.pk for a in drafts]})
    assert Article.objects.published().count() == 3
    client.post(url, {"action": "archive_selected", "_selected_action": [drafts[0].pk]})
    assert reload(drafts[0]).status == ArticleStatus.ARCHIVED


def test_changelist_shows_status_with_counts(client, units):
    ArticleFactory(status=ArticleStatus.DRAFT)
    ArticleFactory(status=ArticleStatus.DRAFT)
    ArticleFactory(status=ArticleStatus.REVIEW)
    ArticleFactory(publish_at=timezone.now() + datetime.timedelta(days=1))
    html = signed_in(client, editor()).get(reverse("admin:news_article_changelist")).content.decode()
    assert "Bản nháp (2)" in html and "Chờ duyệt (1)" in html
    assert "status-scheduled" in html and "status-review" in html


def test_change_page_offers_the_workflow_buttons_allowed(client, writer, units):
    draft = ArticleFactory(unit=units[0], status=ArticleStatus.DRAFT)
    as_writer = signed_in(client, writer).get(change_url(draft)).content.decode()
    assert 'value="submit"' in as_writer and 'value="publish"' not in as_writer
    as_editor = signed_in(client, editor()).get(change_url(draft)).content.decode()
    assert 'value="publish"' in as_editor and 'value="schedule"' in as_editor


# Preview ---------------------------------------------------------------------------------------------------


def test_preview_shows_the_unpublished_article_as_readers_will_see_it(client, writer, units):
    draft = ArticleFactory(
        unit=units[0], status=ArticleStatus.DRAFT, title="Bản nháp xem trước", body="<h2>Kết quả</h2><p>Nội dung</p>"
    )
    PhotoFactory(article=draft, caption="Quang cảnh Hội nghị")
    url = reverse("admin:news_article_preview", args=[draft.pk])
    for user in [writer, editor()]:
        html = signed_in(client, user).get(url).content.decode()
        for text in ["Bản nháp xem trước", "<h2>Kết quả</h2>", "Quang cảnh Hội nghị", 'class="preview-banner"']:
            assert text in html


def test_nobody_else_can_open_the_preview(client, units):
    draft = ArticleFactory(unit=units[0], status=ArticleStatus.DRAFT, title="Bí mật")
    url = reverse("admin:news_article_preview", args=[draft.pk])
    assert client.get(url).status_code == 302, "anonymous: sign in first"
    employee_response = signed_in(client, UserFactory(is_staff=False)).get(url)
    assert employee_response.status_code == 302 and "Bí mật" not in employee_response.content.decode()
    other_writer = correspondent()
    units[1].correspondents.add(other_writer)
    assert signed_in(client, other_writer).get(url).status_code == 404
    assert signed_in(client, UserFactory(is_staff=False)).get(draft.get_absolute_url()).status_code == 404


# Revisions -------------------------------------------------------------------------------------------------


def test_every_save_keeps_a_version_and_editors_can_compare_and_restore_with_photos(client, units):
    from reversion.models import Version

    article = ArticleFactory(unit=units[0], status=ArticleStatus.DRAFT, title="Tiêu đề đầu tiên")
    first_photo = PhotoFactory(article=article, caption="Ảnh đầu tiên")
    signed_in(client, editor())
    assert client.post(change_url(article), article_form_data(article)).status_code == 302
    article = reload(article)
    first_photo_pk = first_photo.pk
    first_photo.delete()
    response = client.post(change_url(article), article_form_data(article, title="Tiêu đề thứ hai"))
    assert response.status_code == 302
    versions = list(Version.objects.get_for_object(article))  # newest first
    assert len(versions) == 2

    history_page = client.get(reverse("admin:news_article_history", args=[article.pk]))
    assert history_page.status_code == 200
    compare = client.get(
        reverse("admin:news_article_compare", args=[article.pk]),
        {"version_id1": versions[1].pk, "version_id2": versions[0].pk},
    )
    assert compare.status_code == 200
    assert "Tiêu đề đầu tiên" in compare.content.decode() and "Tiêu đề thứ hai" in compare.content.decode()

    revision_url = reverse("admin:news_article_revision", args=[article.pk, versions[1].pk])
    form = client.get(revision_url)
    assert form.status_code == 200
    data = article_form_data(reload(article), title="Tiêu đề đầu tiên")
    data |= {
        "photos-TOTAL_FORMS": 1,
        "photos-INITIAL_FORMS": 1,
        "photos-0-id": first_photo_pk,
        "photos-0-article": article.pk,
        "photos-0-caption": "Ảnh đầu tiên",
        "photos-0-order": 0,
    }
    data["version"] = form.context["adminform"].form.initial["version"]
    assert client.post(revision_url, data).status_code == 302
    restored = reload(article)
    assert restored.title == "Tiêu đề đầu tiên"
    assert list(restored.photos.values_list("caption", flat=True)) == ["Ảnh đầu tiên"]
    assert "Đã khôi phục một phiên bản trước" in [message for _user, message in history(article)]


def test_a_deleted_article_can_be_recovered_with_its_photos(client, units):
    from reversion.models import Version

    article = ArticleFactory(unit=units[0], status=ArticleStatus.DRAFT, title="Bài bị xóa nhầm")
    PhotoFactory(article=article, caption="Ảnh của bài bị xóa")
    signed_in(client, editor())
    client.post(change_url(article), article_form_data(article))
    client.post(reverse("admin:news_article_delete", args=[article.pk]), {"post": "yes"})
    assert not Article.objects.exists() and not Photo.objects.exists()

    recover_list = client.get(reverse("admin:news_article_recoverlist"))
    assert "Bài bị xóa nhầm" in recover_list.content.decode()
    version = Version.objects.get_deleted(Article).get()
    recover_url = reverse("admin:news_article_recover", args=[version.pk])
    form = client.get(recover_url)
    data = {
        key: value
        for key, value in form.context["adminform"].form.initial.items()
        if key in ("title", "lead", "body", "status", "slug", "unit", "version")
    }
    inline = form.context["inline_admin_formsets"][0].formset
    data |= {
        "photos-TOTAL_FORMS": 1,
        "photos-INITIAL_FORMS": 1,
        "photos-0-id": inline.forms[0].instance.pk,
        "photos-0-article": inline.forms[0].instance.article_id,
        "photos-0-caption": "Ảnh của bài bị xóa",
        "photos-0-order": 0,
    }
    for prefix in ("mentions", "credits"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    assert client.post(recover_url, data).status_code == 302
    recovered = Article.objects.get()
    assert recovered.title == "Bài bị xóa nhầm"
    assert list(recovered.photos.values_list("caption", flat=True)) == ["Ảnh của bài bị xóa"]


def test_correspondent_cannot_recover_deleted_articles(client, writer):
    assert signed_in(client, writer).get(reverse("admin:news_article_recoverlist")).status_code == 403


# No lost updates -------------------------------------------------------------------------------------------


def test_second_save_from_an_older_version_is_refused_with_what_changed(client, units):
    article = ArticleFactory(unit=units[0], status=ArticleStatus.DRAFT, title="Bản gốc")
    opened_by_first = article_form_data(reload(article))
    opened_by_second = article_form_data(reload(article))

    signed_in(client, editor(username="nguoi-thu-nhat"))
    assert client.post(change_url(article), opened_by_first | {"title": "Bản của người thứ nhất"}).status_code == 302

    signed_in(client, editor(username="nguoi-thu-hai"))
    response = client.post(change_url(article), opened_by_second | {"title": "Bản của người thứ hai"})
    assert response.status_code == 200
    message = " ".join(response.context["adminform"].form.non_field_errors())
    assert "nguoi-thu-nhat" in message and "tiêu đề" in message
    assert reload(article).title == "Bản của người thứ nhất"


# Many photos at once ---------------------------------------------------------------------------------------


def test_many_photos_at_once_in_file_name_order_bad_ones_named(client, writer, units):
    draft = ArticleFactory(unit=units[0], status=ArticleStatus.DRAFT)
    files = [jpeg_file(f"DSC_{n:04d}.jpg") for n in (12, 3, 7)]
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("DSC_0005.jpg", b"this is not a photo", content_type="image/jpeg")
    data = article_form_data(draft, new_photos=[*files, bad])
    response = signed_in(client, writer).post(change_url(draft), data, follow=True)
    assert response.status_code == 200
    names = [photo.image.name for photo in reload(draft).photos.order_by("order")]
    assert names == [stored_name(jpeg_file(f"DSC_{n:04d}.jpg").read()) for n in (3, 7, 12)], "in file-name order"
    warnings = " ".join(str(m) for m in response.context["messages"])
    assert "DSC_0005.jpg" in warnings


# Audit -----------------------------------------------------------------------------------------------------


def test_history_page_shows_who_did_each_step(client, writer, units):
    signed_in(client, writer)
    client.post(add_url(), new_article_data(units[0]))
    article = Article.objects.get()
    client.post(change_url(article), article_form_data(article, _workflow="submit"))
    signed_in(client, editor(username="bien-tap"))
    client.post(change_url(reload(article)), article_form_data(reload(article), _workflow="publish"))
    client.post(change_url(reload(article)), article_form_data(reload(article), _workflow="unpublish"))
    page = client.get(reverse("admin:news_article_history", args=[article.pk])).content.decode()
    for text in ["phong-vien", "bien-tap", "Đã gửi duyệt", "Đã đăng", "Đã gỡ xuống"]:
        assert text in page


def test_only_editors_are_offered_recovery_of_deleted_articles(client, writer):
    url = reverse("admin:news_article_changelist")
    assert "recoverlink" not in signed_in(client, writer).get(url).content.decode()
    assert "recoverlink" in signed_in(client, editor()).get(url).content.decode()


def test_a_step_and_other_changes_make_one_history_line_and_one_revision_comment(client, units):
    """The step and the fields saved with it are named together, in the history and in the version list."""
    article = ArticleFactory(unit=units[0], status=ArticleStatus.DRAFT, publish_at=None)
    before = len(history(article))
    data = article_form_data(article, _workflow="publish", title="Tiêu đề mới")
    assert signed_in(client, editor()).post(change_url(article), data).status_code == 302
    lines = history(article)[before:]
    assert len(lines) == 1
    line = lines[0][1]
    assert line.startswith("Đã đăng. ") and "Tiêu đề" in line
    newest = Version.objects.get_for_object(reload(article)).first()
    assert newest.revision.comment == line


def test_a_step_alone_on_the_add_form_is_one_line_recording_the_addition(client, writer, units):
    signed_in(client, writer).post(add_url(), new_article_data(units[0], _workflow="submit"))
    article = Article.objects.get()
    entries = LogEntry.objects.filter(object_id=str(article.pk))
    assert [(entry.action_flag, entry.change_message) for entry in entries] == [(ADDITION, "Đã gửi duyệt")]
    assert Version.objects.get_for_object(article).first().revision.comment == "Đã gửi duyệt"


def test_reverting_to_an_older_slug_keeps_the_newer_address_redirecting(client, units):
    article = ArticleFactory(unit=units[0], slug="phien-ban-mot")
    signed_in(client, editor())
    with reversion.create_revision():
        article.save()
    first = Version.objects.get_for_object(article).first()
    client.post(change_url(article), article_form_data(article, slug="phien-ban-hai"))
    assert reload(article).slug == "phien-ban-hai"
    url = reverse("admin:news_article_revision", args=[article.pk, first.pk])
    page = client.get(url)
    data = article_form_data(
        reload(article), slug="phien-ban-mot", version=page.context["adminform"].form["version"].value()
    )
    assert client.post(url, data).status_code == 302
    article = reload(article)
    assert article.slug == "phien-ban-mot"
    newer = article.get_absolute_url().replace("phien-ban-mot", "phien-ban-hai")
    response = client.get(newer)
    assert response.status_code == 301 and response["Location"] == article.get_absolute_url()
