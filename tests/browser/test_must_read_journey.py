"""Journey 7, a must-read notice: an editor publishes one for a single unit; a reader of that unit sees it pinned
on the front page and acknowledges it (it is gone for her, still there for her colleague); a reader of another
unit never meets it (front page, news list, search, feed, its address); the editor's report shows one of two
acknowledged (50%) and exports a CSV that Excel opens with the Vietnamese names intact.

Screenshots of the key screens go to test-results/journey7-<screen>.png.
"""

import csv
import datetime
import io
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from news.models import Acknowledgement, Article, Profile
from tests.browser.browsing import axe_check, shot
from tests.browser.conftest import with_password
from tests.browser.test_journeys import choose_autocomplete
from tests.factories import UserFactory

TITLE = "Thông báo: quy định bảo mật mật khẩu từ tháng sau"
LEAD = "Mọi cán bộ của Trung tâm cần đọc và xác nhận quy định mới về mật khẩu."
BODY = "Mật khẩu phải đổi ba tháng một lần và không dùng lại mật khẩu cũ."
SEARCHED = "bao mat mat khau"  # words of the title, typed without diacritics


@pytest.fixture
def readers(newsroom):
    """Lan (the newsroom's employee) and Minh work in the unit; Hùng in the other one."""
    colleague = with_password(UserFactory(username="minh.nv", first_name="Minh", last_name="Phạm Văn"))
    outsider = with_password(UserFactory(username="hung.xnk", first_name="Hùng", last_name="Lê"))
    Profile.objects.create(user=newsroom.employee, unit=newsroom.unit)
    Profile.objects.create(user=colleague, unit=newsroom.unit)
    Profile.objects.create(user=outsider, unit=newsroom.other_unit)
    return {"lan": newsroom.employee, "minh": colleague, "hung": outsider}


def test_must_read_notice_for_one_unit(browsing, newsroom, readers):
    """The issue's "Done when" for must-read notices."""
    editor_page, article = editor_publishes_a_notice(browsing, newsroom)
    reader_acknowledges(browsing, readers["lan"], article)
    colleague_still_sees_it(browsing, readers["minh"], article)
    outsider_never_meets_it(browsing, readers["hung"], article)
    editor_reads_the_report(browsing, editor_page, article, readers)


# The editor publishes ----------------------------------------------------------------------------------------


def editor_publishes_a_notice(browsing, newsroom):
    """Returns the editor's page, still signed in, and the published article."""
    page = browsing.sign_in(newsroom.editor, next_path="/admin/news/article/add/")
    expect(page).to_have_url(re.compile(r"/admin/news/article/add/$"))
    page.watch.assert_clean("the add form")
    page.locator("input[name=title]").fill(TITLE)
    page.locator("textarea[name=lead]").fill(LEAD)
    page.locator("div.ProseMirror[contenteditable=true]").click()
    page.keyboard.type(BODY)
    choose_autocomplete(page, "unit", "CNTT", newsroom.unit.short_name)
    # Readers: the unit only, must read within two weeks.
    choose_autocomplete(page, "audience_units", "CNTT", newsroom.unit.short_name)
    page.locator("input[name=must_read]").check()
    due = timezone.localdate() + datetime.timedelta(days=14)
    page.locator("input[name=must_read_due]").fill(due.strftime("%d/%m/%Y"))
    shot(page, "journey7-must-read-form")
    with page.expect_navigation():
        page.locator("button[name=_workflow][value=publish]").click()
    expect(page.locator("ul.errorlist")).to_have_count(0)
    expect(page.locator("ul.messagelist .success").first).to_be_visible()
    page.watch.assert_clean("after publishing the notice")

    article = Article.objects.get(title=TITLE)
    assert Article.objects.published().filter(pk=article.pk).exists()
    assert (article.must_read, article.must_read_due, article.restricted) == (True, due, True)
    assert list(article.audience_units.all()) == [newsroom.unit]
    # The list marks it as must read.
    row = page.locator("#result_list tbody tr").filter(has=page.get_by_role("link", name=TITLE, exact=True))
    expect(row.locator(".must-read-badge")).to_be_visible()
    return page, article


# Readers ----------------------------------------------------------------------------------------------------


def reader_acknowledges(browsing, reader, article):
    page = browsing.sign_in(reader)
    expect(page).to_have_url(browsing.url + "/")
    banner = page.locator("main section.must-read")
    expect(banner).to_be_visible()
    expect(banner.get_by_role("link", name=TITLE)).to_have_attribute("href", article.get_absolute_url())
    expect(banner.locator("time")).to_have_attribute("datetime", article.must_read_due.isoformat())
    # Pinned: the first thing on the page.
    assert page.locator("main > section").first.get_attribute("class") == "must-read"
    page.watch.assert_clean("the front page with a notice")
    axe_check(page, "front page with a must-read notice")
    shot(page, "journey7-banner")

    with page.expect_navigation():
        banner.locator("button[type=submit]").click()
    expect(page).to_have_url(browsing.url + "/")
    expect(page.locator("main section.must-read")).to_have_count(0)
    expect(page.locator("section[aria-labelledby=latest-heading]")).to_contain_text(TITLE)  # no longer pinned
    page.watch.assert_clean("after acknowledging")
    shot(page, "journey7-acknowledged")
    acknowledgement = Acknowledgement.objects.get(user=reader, article=article)
    assert (acknowledgement.round, acknowledgement.text_fingerprint) == (1, article.text_fingerprint)

    # The article says she has confirmed; coming back to the front page brings nothing back.
    browsing.visit(page, article.get_absolute_url())
    expect(page.locator(".must-read-done")).to_be_visible()
    expect(page.locator("form.must-read-acknowledge")).to_have_count(0)
    browsing.visit(page, "/")
    expect(page.locator("main section.must-read")).to_have_count(0)
    page.context.close()


def colleague_still_sees_it(browsing, colleague, article):
    page = browsing.sign_in(colleague)
    expect(page.locator("main section.must-read")).to_contain_text(TITLE)
    browsing.visit(page, article.get_absolute_url())
    expect(page.locator(".must-read-note form.must-read-acknowledge")).to_be_visible()
    page.context.close()


def outsider_never_meets_it(browsing, outsider, article):
    page = browsing.sign_in(outsider)
    expect(page).to_have_url(browsing.url + "/")
    expect(page.locator("main section.must-read")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text(TITLE)
    browsing.visit(page, "/news/")
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text(TITLE)
    search = page.locator("header.site-header input[name=q]")
    search.fill(SEARCHED)
    with page.expect_navigation():
        search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=bao\+mat"))
    expect(page.locator("body")).not_to_contain_text(TITLE)
    page.watch.assert_clean("the outsider's lists and search")
    feed = page.request.get(browsing.url + "/feeds/latest/")
    assert feed.status == 200 and "<rss" in feed.text()
    assert TITLE not in feed.text() and article.get_absolute_url() not in feed.text()
    response = page.goto(browsing.url + article.get_absolute_url())
    assert response.status == 404
    expect(page.locator("body")).not_to_contain_text(TITLE)
    # The 404 was the point: not a problem of the page.
    page.watch.problems = [problem for problem in page.watch.problems if article.get_absolute_url() not in problem]
    page.watch.assert_clean("the notice's address, for an outsider")
    assert not Acknowledgement.objects.filter(user=outsider).exists()
    page.context.close()


# The editor's report ------------------------------------------------------------------------------------------


def editor_reads_the_report(browsing, page, article, readers):
    browsing.visit(page, f"/admin/news/article/{article.pk}/change/")
    with page.expect_navigation():
        page.locator("a.acknowledgements-link").click()
    expect(page).to_have_url(re.compile(rf"/admin/news/article/{article.pk}/acknowledgements/$"))
    page.watch.assert_clean("the report")
    expect(page.locator(".acknowledgement-totals")).to_contain_text("1")
    expect(page.locator(".acknowledgement-totals")).to_contain_text("50%")
    by_unit = page.locator("table.acknowledgements-by-unit tbody tr")
    expect(by_unit).to_have_count(1)
    expect(by_unit.first.locator("td")).to_have_text(["2", "1", "50%"])
    expect(page.locator("table.acknowledged-people tbody")).to_contain_text("Lan Nguyễn")
    expect(page.locator("table.pending-people tbody")).to_contain_text("Minh Phạm Văn")
    expect(page.locator("body")).not_to_contain_text("Hùng")
    axe_check(page, "acknowledgements report")
    shot(page, "journey7-report")

    with page.expect_download() as download:
        page.locator("a[href='?format=csv']").click()
    content = download.value.path().read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert len(rows) == 3  # the header and the two members of the unit
    by_username = {row[1]: row for row in rows[1:]}
    assert by_username["nhan.vien"][0] == "Lan Nguyễn" and by_username["nhan.vien"][3]
    assert by_username["minh.nv"][0] == "Minh Phạm Văn" and by_username["minh.nv"][3] == ""
    page.watch.assert_clean("the CSV export")
    page.context.close()
