"""The newsroom and the reader in a real browser: one article from the correspondent's first keystroke
to an employee reading it, then the language switch and who is kept out.

Screenshots of the key screens go to test-results/journey<N>-<screen>.png.
"""

import re

from playwright.sync_api import expect

from news.models import Article, ArticleStatus
from tests.browser.browsing import CAPTIONS, PHOTO_CREDIT, axe_check, shot, sign_in_on
from tests.factories import ArticleFactory

TITLE = "Hội nghị tổng kết năm {year}: Trung tâm CNTT&LL hoàn thành vượt kế hoạch"
LEAD = "Sáng nay, Trung tâm Công nghệ thông tin và Liên lạc tổ chức Hội nghị tổng kết công tác năm."
LINK = "https://intranet.example/bao-cao-tong-ket"


def test_article_from_correspondent_to_reader(browsing, newsroom, jpegs):
    """Journeys 1–3: a correspondent writes and submits, an editor publishes, an employee reads."""
    title = TITLE.format(year=newsroom.year)
    article = correspondent_writes_and_submits(browsing, newsroom, jpegs, title)
    editor_reviews_and_publishes(browsing, newsroom, article)
    employee_reads(browsing, newsroom, Article.objects.get(pk=article.pk))


# Journey 1 ------------------------------------------------------------------------------------------------


def correspondent_writes_and_submits(browsing, newsroom, jpegs, title):
    page = browsing.sign_in(newsroom.correspondent, next_path="/admin/news/article/add/")
    expect(page).to_have_url(re.compile(r"/admin/news/article/add/$"))
    page.watch.assert_clean("the add form")
    expect(page.locator("button[name=_workflow][value=submit]")).to_be_visible()
    expect(page.locator("button[name=_workflow][value=publish]")).to_have_count(0)
    assert "published" not in page.locator("select[name=status] option").evaluate_all("os => os.map(o => o.value)")

    page.locator("input[name=title]").fill(title)
    page.locator("textarea[name=lead]").fill(LEAD)
    write_body(page)
    page.locator("input[name=new_photos]").set_input_files(jpegs)
    # The correspondent has one unit: it is chosen for them.
    expect(page.locator("select[name=unit] option:checked")).to_have_text(newsroom.unit.short_name)
    shot(page, "journey1-admin-form")

    with page.expect_navigation():
        page.locator("input[name=_continue]").click()
    expect(page.locator("ul.messagelist")).to_contain_text("3")  # "3 photos added."
    page.watch.assert_clean("the change form after the first save")
    article = Article.objects.get(title=title)
    assert article.status == ArticleStatus.DRAFT
    assert article.unit == newsroom.unit
    assert article.photos.count() == 3
    body = article.body
    assert "<h2>Kết quả nổi bật</h2>" in body
    assert "<strong>vượt kế hoạch</strong>" in body
    assert re.search(r"<ul>\s*<li>\s*<p>Nâng cấp hạ tầng mạng</p>\s*</li>\s*<li>\s*<p>Triển khai cổng thông tin", body)
    assert f'<a href="{LINK}"' in body and ">báo cáo đầy đủ</a>" in body

    # Captions, credits and the people shown, in the photo rows the upload made (file-name order).
    rows = page.locator("input[name^=photos-][name$=-id][value]:not([value=''])")
    expect(rows).to_have_count(3)
    for index, caption in enumerate(CAPTIONS):
        page.locator(f"textarea[name=photos-{index}-caption]").fill(caption)
        page.locator(f"input[name=photos-{index}-credit]").fill(PHOTO_CREDIT)
    choose_autocomplete(page, "photos-0-people_in_photo", "dang dinh", newsroom.person.full_name)
    choose_autocomplete(page, "event", "tong ket", newsroom.conference.title)
    axe_check(page, "admin article form")
    shot(page, "journey1-photos-captioned")
    expect(page.locator("button[name=_workflow][value=publish]")).to_have_count(0)

    with page.expect_navigation():
        page.locator("button[name=_workflow][value=submit]").click()
    expect(page.locator("ul.messagelist .success").first).to_be_visible()
    expect(page.locator("ul.errorlist")).to_have_count(0)
    expect(page.locator("#result_list")).to_contain_text(title)
    expect(page.locator("#result_list span.status-review")).to_have_count(1)
    shot(page, "journey1-submitted")
    page.watch.assert_clean("after submitting for review")

    article.refresh_from_db()
    assert article.status == ArticleStatus.REVIEW
    assert article.event == newsroom.conference
    photos = list(article.photos.order_by("order"))
    assert [photo.caption for photo in photos] == CAPTIONS
    assert {photo.credit for photo in photos} == {PHOTO_CREDIT}
    assert [link.person for link in photos[0].people_shown.all()] == [newsroom.person]
    # Submitted: the article is the editors' now, and still not something a correspondent can publish.
    browsing.visit(page, f"/admin/news/article/{article.pk}/change/")
    expect(page.locator("button[name=_workflow]")).to_have_count(0)
    page.context.close()
    return article


def write_body(page):
    """Heading, bold, a bullet list and a link, through the rich-text editor's menu and shortcuts."""
    editor = page.locator("div.ProseMirror[contenteditable=true]")
    menu = page.locator(".prose-menubar")
    editor.click()
    menu.locator(".prose-menubar__selected").first.click()
    menu.locator(".prose-menubar__option[data-name=heading2]").click()
    page.keyboard.type("Kết quả nổi bật")
    page.keyboard.press("Enter")
    page.keyboard.type("Năm qua, Trung tâm đã hoàn thành ")
    page.keyboard.press("Control+b")
    page.keyboard.type("vượt kế hoạch")
    page.keyboard.press("Control+b")
    page.keyboard.type(" mọi chỉ tiêu.")
    page.keyboard.press("Enter")
    menu.locator("button[data-name=bulletList]").click()
    page.keyboard.type("Nâng cấp hạ tầng mạng")
    page.keyboard.press("Enter")
    page.keyboard.type("Triển khai cổng thông tin mới")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty item ends the list
    page.keyboard.type("Xem báo cáo đầy đủ")
    for _ in "báo cáo đầy đủ":
        page.keyboard.press("Shift+ArrowLeft")
    menu.locator("button[data-name=link]").click()
    dialog = page.locator("dialog.prose-editor-dialog")
    dialog.locator("input[name=href]").fill(LINK)
    dialog.locator("button[type=submit]").click()
    expect(dialog).to_have_count(0)
    expect(editor.locator("h2")).to_have_text("Kết quả nổi bật")
    expect(editor.locator("strong")).to_have_text("vượt kế hoạch")
    expect(editor.locator("ul > li")).to_have_count(2)
    expect(editor.locator(f"a[href='{LINK}']")).to_have_text("báo cáo đầy đủ")


def choose_autocomplete(page, name, typed, choice):
    """Pick ``choice`` in the admin's select2 autocomplete for the field ``name``, typing ``typed``."""
    page.locator(f"select[name='{name}'] + .select2 .select2-selection").click()
    search = page.locator(".select2-container--open .select2-search__field")
    search.press_sequentially(typed)
    page.locator(".select2-container--open .select2-results__option", has_text=choice).click()
    expect(page.locator(f"select[name='{name}'] option:checked")).to_have_text(choice)


# Journey 2 ------------------------------------------------------------------------------------------------


def editor_reviews_and_publishes(browsing, newsroom, article):
    page = browsing.sign_in(newsroom.editor, next_path="/admin/news/article/")
    expect(page).to_have_url(re.compile(r"/admin/news/article/$"))
    with page.expect_navigation():
        page.locator("#changelist-filter a[href*='status=review']").click()
    expect(page).to_have_url(re.compile(r"status=review"))
    expect(page.locator("#result_list tbody tr")).to_have_count(1)
    shot(page, "journey2-in-review")
    with page.expect_navigation():
        page.locator("#result_list").get_by_role("link", name=article.title).click()
    expect(page.locator("button[name=_workflow][value=publish]")).to_be_visible()

    # The preview opens in a new tab, exactly as readers will see the article.
    with page.context.expect_page() as new_tab:
        page.locator(f"a[href$='/admin/news/article/{article.pk}/preview/']").click()
    preview = new_tab.value
    preview.wait_for_load_state("load")
    expect(preview.locator(".preview-banner")).to_be_visible()
    expect(preview.locator("article h1")).to_have_text(article.title)
    expect(preview.locator(".gallery figure")).to_have_count(3)
    shot(preview, "journey2-preview")
    preview.close()
    page.watch.assert_clean("the preview")

    with page.expect_navigation():
        page.locator("button[name=_workflow][value=publish]").click()
    expect(page.locator("ul.messagelist .success").first).to_be_visible()
    expect(page.locator("ul.errorlist")).to_have_count(0)
    article.refresh_from_db()
    assert article.status == ArticleStatus.PUBLISHED
    assert Article.objects.published().filter(pk=article.pk).exists()

    browsing.visit(page, article.get_absolute_url())
    expect(page.locator("article h1")).to_have_text(article.title)
    expect(page.locator(".preview-banner")).to_have_count(0)
    shot(page, "journey2-live")
    page.context.close()


# Journey 3 ------------------------------------------------------------------------------------------------


def employee_reads(browsing, newsroom, article):
    page = browsing.sign_in(newsroom.employee)
    expect(page).to_have_url(browsing.url + "/")
    page.watch.assert_clean("the front page")
    expect(page.locator("section[aria-labelledby=latest-heading]")).to_contain_text(article.title)
    expect(page.locator("section[aria-labelledby=reports-heading]")).to_contain_text(article.title)
    axe_check(page, "front page")
    shot(page, "journey3-front-page")

    with page.expect_navigation():
        page.locator("section[aria-labelledby=latest-heading]").get_by_role("link", name=article.title).click()
    expect(page).to_have_url(browsing.url + article.get_absolute_url())
    body = page.locator("article .body")
    expect(body.locator("h2")).to_have_text("Kết quả nổi bật")
    expect(body.locator("strong")).to_have_text("vượt kế hoạch")
    expect(body.locator("ul li")).to_have_count(2)
    expect(body.locator(f"a[href='{LINK}']")).to_have_text("báo cáo đầy đủ")
    expect(page.locator(".event-box")).to_contain_text(newsroom.conference.title)
    figures = page.locator(".gallery figure")
    expect(figures).to_have_count(3)
    for index, caption in enumerate(CAPTIONS):
        expect(figures.nth(index).locator("figcaption")).to_contain_text(caption)
        expect(figures.nth(index).locator(".credit")).to_contain_text(PHOTO_CREDIT)
    page.watch.assert_clean("the article")
    axe_check(page, "article")
    shot(page, "journey3-article")

    # The lightbox: a photo opens, the arrow key moves on, Escape closes, focus returns to the photo.
    # (The full keyboard tour is test_lightbox_keyboard_tour: it stops after one step, an app bug.)
    links = page.locator("a[data-lightbox]")
    dialog = page.locator("#lightbox")
    position = dialog.locator("[data-lightbox-position]")
    caption = dialog.locator("[data-lightbox-caption]")
    links.first.focus()
    page.keyboard.press("Enter")
    expect(dialog).to_have_attribute("open", "")
    expect(position).to_have_text("1 / 3")
    expect(caption).to_contain_text(CAPTIONS[0])
    expect(caption).to_contain_text(PHOTO_CREDIT)
    expect(caption).to_contain_text(newsroom.person.full_name)
    expect(dialog.locator("img")).to_have_js_property("complete", True)
    assert dialog.locator("img").evaluate("img => img.naturalWidth") > 0
    shot(page, "journey3-lightbox")
    page.keyboard.press("ArrowRight")
    expect(position).to_have_text("2 / 3")
    expect(caption).to_contain_text(CAPTIONS[1])
    expect(caption).to_contain_text(PHOTO_CREDIT)
    page.keyboard.press("Escape")
    expect(dialog).not_to_have_attribute("open", "")
    expect(links.first).to_be_focused()
    page.watch.assert_clean("the lightbox")

    # A person tagged on the first photo has a page of their own, and the directory lists them.
    with page.expect_navigation():
        figures.first.locator(".people-shown").get_by_role("link", name=newsroom.person.full_name).click()
    expect(page).to_have_url(browsing.url + newsroom.person.get_absolute_url())
    expect(page.locator("main h1")).to_have_text(newsroom.person.full_name)
    photos = page.locator("section[aria-labelledby=photos-heading]")
    expect(photos.locator("figcaption")).to_have_text(CAPTIONS[0])
    expect(photos.locator(f"a[href='{article.get_absolute_url()}'] img")).to_be_visible()
    page.watch.assert_clean("the person's page")
    shot(page, "journey3-person")
    with page.expect_navigation():
        page.locator("nav.main-nav a[href='/people/']").click()
    expect(page.locator("main")).to_contain_text(newsroom.person.full_name)
    page.watch.assert_clean("the people directory")
    axe_check(page, "people directory")

    # Search without diacritics, from the header's box.
    search = page.locator("header.site-header input[name=q]")
    search.fill("hoi nghi tong ket vuot ke hoach")
    with page.expect_navigation():
        search.press("Enter")
    expect(page).to_have_url(re.compile(r"/search/\?q=hoi\+nghi"))
    expect(page.locator("ol.search-results")).to_contain_text(article.title)
    page.watch.assert_clean("search")
    axe_check(page, "search")
    shot(page, "journey3-search")

    # The conference table: the report under its unit and year.
    with page.expect_navigation():
        page.locator("nav.main-nav a[href='/conferences/']").click()
    years = page.locator("table.conference-table thead th").all_inner_texts()
    column = years.index(str(newsroom.year))  # 0 is the unit column, so this is the cell's index + 1
    row = page.locator("table.conference-table tbody tr").filter(
        has=page.locator("th", has_text=newsroom.unit.short_name)
    )
    cell = row.locator("td").nth(column - 1)
    expect(cell.locator(f"a[href='{article.get_absolute_url()}']")).to_have_text("Tổng kết")
    page.watch.assert_clean("the conference table")
    axe_check(page, "conference table")
    shot(page, "journey3-conferences")
    with page.expect_navigation():
        cell.locator("a").click()
    expect(page.locator("article h1")).to_have_text(article.title)
    page.context.close()


def test_lightbox_keyboard_tour(browsing, newsroom, published_report):
    """Journey 3's gallery, every step by keyboard: arrows move both ways and wrap around."""
    page = browsing.sign_in(newsroom.employee, next_path=published_report.get_absolute_url())
    links = page.locator("a[data-lightbox]")
    dialog = page.locator("#lightbox")
    position = dialog.locator("[data-lightbox-position]")
    caption = dialog.locator("[data-lightbox-caption]")
    links.first.focus()
    page.keyboard.press("Enter")
    expect(position).to_have_text("1 / 3")
    for expected in [2, 3, 1]:
        page.keyboard.press("ArrowRight")
        expect(position).to_have_text(f"{expected} / 3", timeout=2000)
        expect(caption).to_contain_text(CAPTIONS[expected - 1])
    for expected in [3, 2]:
        page.keyboard.press("ArrowLeft")
        expect(position).to_have_text(f"{expected} / 3", timeout=2000)
    page.keyboard.press("Escape")
    expect(dialog).not_to_have_attribute("open", "")
    expect(links.first).to_be_focused()


# Journey 4 ------------------------------------------------------------------------------------------------


def switch_language(page, code):
    """Click the language's name in the header's language list (behind the menu button on a phone)."""
    toggle = page.locator(".menu-toggle")
    if toggle.is_visible() and toggle.get_attribute("aria-expanded") != "true":
        toggle.click()
    with page.expect_navigation():
        page.locator(f"ul.languages a[lang={code}]").click()


def test_employee_switches_to_russian_and_back(browsing, newsroom):
    ArticleFactory(title="Tin mới của Trung tâm", unit=newsroom.unit)
    page = browsing.sign_in(newsroom.employee)
    nav = page.locator("nav.main-nav")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(nav).to_contain_text("Tin tức")

    switch_language(page, "ru")
    expect(page).to_have_url(browsing.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(nav).to_contain_text("Новости")
    expect(page.locator("ul.languages a[aria-current]")).to_have_attribute("lang", "ru")
    # The choice is remembered on the next page.
    browsing.visit(page, "/conferences/")
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    shot(page, "journey4-russian")

    switch_language(page, "vi")
    expect(page).to_have_url(browsing.url + "/conferences/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(nav).to_contain_text("Tin tức")
    expect(nav).not_to_contain_text("Новости")
    page.watch.assert_clean("after switching languages")


# Journey 5 ------------------------------------------------------------------------------------------------


def test_correspondent_is_refused_another_units_article(browsing, newsroom):
    other = newsroom.other_article
    page = browsing.sign_in(newsroom.correspondent, next_path="/admin/")
    browsing.visit(page, f"/admin/news/article/{other.pk}/change/")
    expect(page).not_to_have_url(re.compile(rf"/article/{other.pk}/change/"))
    expect(page.locator("form#article_form")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text(other.title)
    shot(page, "journey5-refused")
    # Nor is it in their list.
    browsing.visit(page, "/admin/news/article/")
    expect(page.locator("body")).not_to_contain_text(other.title)
    other.refresh_from_db()
    assert other.status == ArticleStatus.DRAFT


def test_anonymous_visitor_signs_in_and_comes_back(browsing, newsroom):
    article = ArticleFactory(title="Hội nghị người lao động năm nay", unit=newsroom.unit)
    page = browsing.page()
    browsing.visit(page, article.get_absolute_url())
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=" + re.escape(article.get_absolute_url())))
    expect(page.locator("form.login-form")).to_be_visible()
    shot(page, "journey5-sign-in")
    sign_in_on(page, newsroom.employee)
    expect(page).to_have_url(browsing.url + article.get_absolute_url())
    expect(page.locator("article h1")).to_have_text(article.title)
    page.watch.assert_clean("back at the article")
