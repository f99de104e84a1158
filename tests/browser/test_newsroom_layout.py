"""The newsroom on a 1366 × 900 laptop screen: the article form and the article list fit without scrolling
sideways, the title takes the form's width, the photos are cards with their order and delete boxes in view, the
step that moves an article on is the main button beside "Save", the editor's menu speaks the user's language,
and the list opens on what needs attention.

Screenshots go to test-results/newsroom-<screen>-1366.png.
"""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone, translation
from playwright.sync_api import expect

from news.admin.editor import editor_labels
from news.models import Article, ArticleStatus
from tests.browser.browsing import axe_check, shot
from tests.factories import ArticleFactory

WIDTH, HEIGHT = 1366, 900

# What the page measures: how wide the document is against the window, and the parts that must fit.
OVERFLOW = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def laptop_page(browsing, user, language=None):
    """A 1366 × 900 page signed in as ``user`` (a session made on the server: this file is about the newsroom's
    layout, the sign-in page has its own journeys), in ``language`` if given."""
    client = Client()
    client.force_login(user)
    page = browsing.page()
    page.set_viewport_size({"width": WIDTH, "height": HEIGHT})
    cookies = [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value}]
    if language:
        cookies.append({"name": settings.LANGUAGE_COOKIE_NAME, "value": language})
    page.context.add_cookies([{**cookie, "url": browsing.url} for cookie in cookies])
    return page


def assert_no_sideways_scrolling(page, where):
    scroll_width, client_width = page.evaluate(OVERFLOW)
    assert scroll_width <= client_width, f"{where}: {scroll_width} px wide in a {client_width} px window"


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def expected_labels(language):
    with translation.override(language):
        return editor_labels()


def assert_menu_from_catalogue(page, language):
    """The editor's buttons and style menu carry the names our catalogue gives (news/admin/editor.py)."""
    labels = expected_labels(language)
    menu = page.locator(".prose-menubar").first
    expect(menu.locator("button[data-name=bold]")).to_have_attribute("title", labels["bold"])
    expect(menu.locator("button[data-name=bold]")).to_have_attribute("aria-label", labels["bold"])
    options = menu.locator(".prose-menubar__option")
    expect(options.filter(has=page.locator("h2"))).to_have_text(labels["Heading 2"])
    expect(options.filter(has=page.locator("p"))).to_have_text(labels["paragraph"])
    # The menu's current style (a copy of the heading or paragraph button, made anew) is named too.
    expect(menu.locator(".prose-menubar__selected > button")).not_to_have_attribute("title", "paragraph")
    # The style menu's arrow is drawn, not a character the font lacks (a box on screen).
    arrow = menu.locator(".prose-menubar__selected").evaluate("el => getComputedStyle(el, '::after').content")
    assert arrow in ('""', "none"), arrow
    return menu


def assert_no_english_in_menu(page, language):
    """Nothing in the menu is left as the editor wrote it in English."""
    labels = expected_labels(language)
    assert labels["bold"] != "Bold", f"the {language} catalogue lacks the editor's names (news/admin/editor.py)"
    menu = page.locator(".prose-menubar").first
    names = menu.locator(".prose-menubar__button").evaluate_all("bs => bs.map(b => b.title)")
    names += menu.locator(".prose-menubar__option").evaluate_all("os => os.map(o => o.textContent.trim())")
    english = set(labels) & set(names)
    assert not english, f"English left in the editor's menu: {sorted(english)}"


@pytest.fixture
def article_in_review(newsroom, published_report):
    """The journeys' report with its three photos, submitted by the correspondent and waiting for an editor."""
    Article.objects.filter(pk=published_report.pk).update(status=ArticleStatus.REVIEW, publish_at=None)
    return Article.objects.get(pk=published_report.pk)


def test_the_article_form_fits_a_laptop_screen(browsing, newsroom, article_in_review):
    page = laptop_page(browsing, newsroom.editor)
    browsing.visit(page, f"/admin/news/article/{article_in_review.pk}/change/")
    expect(page.locator(".prose-menubar")).to_be_visible()
    assert_no_sideways_scrolling(page, "the article form")

    # The title input takes most of the form's width; the heading is not under the status and the links.
    form_width = box(page, "form#article_form")["width"]
    assert box(page, "input[name=title]")["width"] >= 0.6 * form_width
    heading, tools = box(page, "#content > h2"), box(page, "#content-main > .object-tools")
    assert heading["y"] + heading["height"] <= tools["y"], "the object tools run over the article's title"
    expect(page.locator(".object-tools a[href$='/preview/']")).to_be_visible()

    # The photos: one card each, thumbnail, order and delete in view.
    cards = page.locator(".photo-cards .inline-related:not(.empty-form)")
    expect(cards).to_have_count(3)
    for index in range(3):
        card = cards.nth(index)
        card.scroll_into_view_if_needed()  # the thumbnails load as they come into view
        expect(card.locator("img.photo-preview")).to_be_visible()
        for control in (f"input[name=photos-{index}-order]", f"input[name=photos-{index}-DELETE]"):
            expect(card.locator(control)).to_be_visible()
            right = card.locator(control).bounding_box()
            assert right["x"] + right["width"] <= WIDTH, f"{control} is off the screen"

    # "Publish now" is the main button, in the row with "Save".
    primary = page.locator(".submit-row button[name=_workflow].default")
    expect(primary).to_have_count(1)
    expect(primary).to_have_text("Đăng ngay")
    expect(primary).to_have_attribute("value", "publish")
    row = page.locator(".submit-row").filter(has=page.locator("button[name=_workflow].default"))
    expect(row.locator("input[name=_save]")).to_be_visible()
    expect(page.locator(".submit-row input[name=_save].default")).to_have_count(0)

    assert_menu_from_catalogue(page, "vi")
    axe_check(page, "admin article form")
    page.evaluate("window.scrollTo(0, 0)")  # the navigation sidebar sticks where the page is scrolled
    shot(page, "newsroom-article-form-1366")
    page.watch.assert_clean("the article form")


def test_a_correspondents_draft_offers_submitting_as_the_main_button(browsing, newsroom):
    draft = ArticleFactory(unit=newsroom.unit, status=ArticleStatus.DRAFT, publish_at=None, title="Bản nháp của CTV")
    page = laptop_page(browsing, newsroom.correspondent)
    browsing.visit(page, f"/admin/news/article/{draft.pk}/change/")
    primary = page.locator(".submit-row button[name=_workflow].default")
    expect(primary).to_have_text("Gửi duyệt")
    expect(page.locator("button[name=_workflow][value=publish]")).to_have_count(0)
    assert_no_sideways_scrolling(page, "the correspondent's draft")


@pytest.mark.parametrize("language", ["vi", "ru"])
def test_the_editors_menu_speaks_the_users_language(browsing, newsroom, article_in_review, language):
    page = laptop_page(browsing, newsroom.editor, language=language)
    browsing.visit(page, f"/admin/news/article/{article_in_review.pk}/change/")
    expect(page.locator(".prose-menubar")).to_be_visible()
    assert_menu_from_catalogue(page, language)
    assert_no_english_in_menu(page, language)


def test_the_article_list_opens_on_what_needs_attention(browsing, newsroom, article_in_review):
    now = timezone.now()
    ArticleFactory(unit=newsroom.unit, title="Lịch tiếp dân tháng tới", publish_at=now + datetime.timedelta(days=2))
    ArticleFactory(
        unit=newsroom.unit,
        status=ArticleStatus.DRAFT,
        publish_at=None,
        title="Bản nháp của biên tập viên",
        created_by=newsroom.editor,
    )
    for number in range(30):
        ArticleFactory(
            unit=newsroom.other_unit,
            title=f"Tin đã đăng số {number} về hoạt động sản xuất kinh doanh của Xí nghiệp Khoan",
            publish_at=now - datetime.timedelta(days=number + 1),
        )
    page = laptop_page(browsing, newsroom.editor)
    browsing.visit(page, "/admin/news/article/")
    rows = page.locator("#result_list tbody tr")
    # In review, scheduled, the editor's own draft, in that order; not the published news nor others' drafts.
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text(article_in_review.title)
    expect(rows.nth(1)).to_contain_text("Lịch tiếp dân tháng tới")
    expect(rows.nth(2)).to_contain_text("Bản nháp của biên tập viên")
    assert_no_sideways_scrolling(page, "the article list")
    results = page.locator("#changelist .results")
    assert results.evaluate("el => el.scrollWidth <= el.clientWidth"), "columns cut off in the article list"
    expect(page.locator(".attention-filter li.selected")).to_contain_text("(3)")
    axe_check(page, "admin article list")
    shot(page, "newsroom-article-list-1366")

    # Everything is one click away.
    with page.expect_navigation():
        page.locator(".attention-filter a[href*='show=all']").click()
    expect(rows).to_have_count(34)
    expect(rows.first).to_contain_text(article_in_review.title)  # what waits still comes first
    assert_no_sideways_scrolling(page, "the whole article list")
    assert results.evaluate("el => el.scrollWidth <= el.clientWidth"), "columns cut off in the whole list"
    shot(page, "newsroom-article-list-all-1366")
    page.watch.assert_clean("the article list")
