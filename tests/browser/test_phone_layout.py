"""Every reader page on a phone (390×844, as an iPhone 13 to 15 shows it) and on a desktop (1366×900): nothing
wider than the screen, the compact header's menu behind one button with search in view, and the front
page's first screen holding what matters. Screenshots of the front page, an article, the conference table
and the newsroom's article form at both sizes go to test-results/layout-<page>-<size>.png.
"""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.browsing import shot
from tests.factories import ArticleFactory

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}


def overflow(page):
    """How many CSS pixels the page is wider than the screen (0: no sideways panning)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def reader_pages(newsroom, published_report):
    return {
        "front-page": "/",
        "news": reverse("news:news_list"),
        "article": published_report.get_absolute_url(),
        "conferences": reverse("news:conference_table"),
        "conference-year": reverse("news:conference_year", args=[newsroom.year]),
        "units": reverse("news:unit_list"),
        "unit": newsroom.unit.get_absolute_url(),
        "people": reverse("news:person_list"),
        "person": newsroom.person.get_absolute_url(),
        "events": reverse("news:event_list"),
        "event": newsroom.conference.get_absolute_url(),
        "search": reverse("news:search") + "?q=hoi+nghi",
        "my-settings": reverse("news:mail_settings"),
        "my-subscriptions": reverse("news:subscriptions"),
    }


SCREENSHOTS = {"front-page", "article", "conferences"}


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_no_reader_page_is_wider_than_the_screen(browsing, newsroom, published_report, size):
    ArticleFactory(title="Tin nổi bật của tuần", unit=newsroom.unit, featured=True)
    page = browsing.sign_in(newsroom.employee)
    page.set_viewport_size(PHONE if size == "phone" else DESKTOP)
    too_wide = {}
    for name, path in reader_pages(newsroom, published_report).items():
        browsing.visit(page, path)
        if overflow(page) > 0:
            too_wide[name] = overflow(page)
        if name in SCREENSHOTS:
            shot(page, f"layout-{name}-{size}")
    assert not too_wide, f"pages wider than a {size} screen (extra px): {too_wide}"

    page.goto(browsing.url + reverse("login"))  # signed in: the sign-in page still shows
    assert overflow(page) == 0


def test_the_phone_header_folds_its_menu_and_keeps_search_in_view(browsing, newsroom):
    page = browsing.sign_in(newsroom.employee)
    page.set_viewport_size(PHONE)
    browsing.visit(page, "/")
    toggle = page.locator(".menu-toggle")
    header = page.locator(".site-header")

    expect(toggle).to_be_visible()
    expect(page.locator(".main-nav")).to_be_hidden()
    expect(page.locator(".site-search input")).to_be_visible()
    assert header.bounding_box()["height"] <= 140  # was about 200 px: the menu wrapped over four lines

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(page.locator(".main-nav")).to_be_visible()
    expect(page.locator("ul.languages")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator(".main-nav")).to_be_hidden()
    expect(toggle).to_be_focused()


def test_the_phone_front_page_shows_upcoming_events_early(browsing, newsroom, published_report):
    for number in range(8):
        ArticleFactory(title=f"Tin số {number}", unit=newsroom.unit)
    newsroom.conference.start = newsroom.conference.start.replace(year=newsroom.year + 2)
    newsroom.conference.save()
    page = browsing.sign_in(newsroom.employee)
    page.set_viewport_size(PHONE)
    browsing.visit(page, "/")

    events = page.locator("#events-heading")
    latest = page.locator("#latest-heading")
    assert events.bounding_box()["y"] < latest.bounding_box()["y"]


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_the_newsroom_article_form_screenshots(browsing, newsroom, published_report, size):
    page = browsing.sign_in(newsroom.editor, next_path=reverse("admin:news_article_change", args=[published_report.pk]))
    page.set_viewport_size(PHONE if size == "phone" else DESKTOP)
    page.reload()
    page.wait_for_load_state("load")
    shot(page, f"layout-article-form-{size}")
    if size == "desktop":
        assert overflow(page) == 0
