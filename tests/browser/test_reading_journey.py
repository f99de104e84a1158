"""Journey 8, unread marks and reading statistics: a reader sees a quiet mark on the news she has not opened, opens
one (its mark is gone when she comes back, though her browser asks with the copy it has), and marks all as read;
the editor sees how many read what, per day and by unit, and nobody's name.

Screenshots of the key screens go to test-results/journey8-<screen>.png.
"""

import re

import pytest
from playwright.sync_api import expect

from news.models import ArticleRead, Profile
from tests.browser.browsing import axe_check, shot
from tests.factories import ArticleFactory


@pytest.fixture
def latest(newsroom):
    Profile.objects.create(user=newsroom.employee, unit=newsroom.unit)
    return [
        ArticleFactory(title="Khánh thành trạm viễn thông mới", unit=newsroom.unit),
        ArticleFactory(title="Giải bóng đá công nhân viên", unit=newsroom.other_unit),
    ]


def card(page, article):
    return page.locator("article.card").filter(has=page.get_by_role("link", name=re.compile(re.escape(article.title))))


def test_unread_marks_and_reading_statistics(browsing, newsroom, latest):
    opened, other = latest
    page = browsing.sign_in(newsroom.employee, next_path="/")
    for article in latest:
        expect(card(page, article).locator(".unread-mark")).to_have_count(1)
    # The mark is a dot for the eye and words for a screen reader, inside the link.
    expect(page.get_by_role("link", name=re.compile(re.escape(opened.title) + r".+"))).to_have_count(1)
    axe_check(page, "front page with unread marks")
    shot(page, "journey8-unread-marks")

    with page.expect_navigation():
        card(page, opened).get_by_role("link").first.click()
    expect(page.locator("h1")).to_have_text(opened.title)
    assert ArticleRead.objects.filter(user=newsroom.employee, article=opened, unit=newsroom.unit).count() == 1
    page.goto(f"{browsing.url}/")  # the browser revalidates the copy it has: the new answer has no mark on it
    expect(card(page, opened).locator(".unread-mark")).to_have_count(0)
    expect(card(page, other).locator(".unread-mark")).to_have_count(1)

    with page.expect_navigation():
        page.get_by_role("button", name="Đánh dấu tất cả là đã đọc").click()
    expect(page.locator(".unread-mark")).to_have_count(0)
    expect(page.get_by_role("button", name="Đánh dấu tất cả là đã đọc")).to_have_count(0)
    page.watch.assert_clean("the front page, all read")

    editor = browsing.sign_in(newsroom.editor, next_path="/admin/news/article/")
    with editor.expect_navigation():
        editor.get_by_role("link", name="Thống kê lượt đọc").click()
    expect(editor.locator("table.most-read").first).to_contain_text(opened.title)
    expect(editor.locator("figure.readers-chart svg rect")).to_have_count(30)
    axe_check(editor, "reading statistics")
    shot(editor, "journey8-newsroom-statistics")
    with editor.expect_navigation():
        editor.locator("table.most-read").first.get_by_role("link", name=opened.title).click()
    expect(editor.locator(".reading-total")).to_contain_text("Tổng cộng 1 người đọc.")
    expect(editor.locator("table.readers-by-unit")).to_contain_text(str(newsroom.unit.short_name))
    axe_check(editor, "article reading statistics")
    shot(editor, "journey8-article-statistics")
    for name in (newsroom.employee.username, newsroom.employee.get_full_name()):
        assert name not in editor.content()
    editor.watch.assert_clean("the statistics pages")
