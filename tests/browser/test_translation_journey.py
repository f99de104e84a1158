"""Journey 6, Vietnamese and Russian content: an editor translates the seed article into Russian beside its
original, a reader with the Russian interface reads it (and an untranslated article in Vietnamese, marked as
such), and an edit of the original shows the translation out of date in the newsroom's list.

Screenshots of the key screens go to test-results/journey6-<screen>.png.
"""

import re

import pytest
from playwright.sync_api import expect

from news import legacy
from news.demo.data import IT_CENTRE
from news.demo.loader import import_seed_article
from news.models import ArticleTranslation, TranslationStatus
from news.services import translations as translation_service
from tests.browser.browsing import ROOT, axe_check, axe_violations, describe_violations, shot
from tests.browser.test_journeys import switch_language

# The Russian export of the seed article, as the old intranet's translators wrote it.
RUSSIAN = legacy.parse_translation(legacy.decode((ROOT / "tests" / "legacy" / "seed.ru.txt").read_bytes()), "ru")
RUSSIAN_BODY = RUSSIAN.paragraphs[1:3]  # typed into the editor: the lead is paragraph 0
ORIGINAL_BODY_SAMPLE = "Vận hành an toàn, ổn định và thông suốt 24/7"  # in the seed's body
ONLY_IN_VIETNAMESE = "Статья доступна только на вьетнамском языке."
ADDED_TO_LEAD = " Hội nghị đã biểu dương các tập thể và cá nhân xuất sắc."


@pytest.fixture
def seed_article(newsroom):
    """The real report from the old intranet, imported as the demo imports it, under the newsroom's IT centre
    (whose full name the export spells with "&", as the demo's alias does)."""
    newsroom.unit.aliases = IT_CENTRE
    newsroom.unit.save()
    article = import_seed_article()
    assert article.unit == newsroom.unit
    assert not article.translations.exists()
    return article


def test_seed_article_translated_into_russian_read_then_outdated(browsing, newsroom, seed_article, published_report):
    """The issue's "Done when": translated beside the original and published, read in Russian (an untranslated
    article marked as Vietnamese), then out of date in the article list once the original's lead changed."""
    editor = editor_translates_into_russian(browsing, newsroom, seed_article)
    reader_reads_in_russian(browsing, newsroom, seed_article, published_report)
    editor_changes_the_original(editor, seed_article)


# The editor translates --------------------------------------------------------------------------------------


def editor_translates_into_russian(browsing, newsroom, article):
    """Returns the editor's page, still signed in, on the article list."""
    page = browsing.sign_in(newsroom.editor, next_path="/admin/news/article/")
    expect(page).to_have_url(re.compile(r"/admin/news/article/$"))
    # "Needs Russian" lists the articles without a published Russian translation: the seed article among them.
    filter_by_translation(page, "needs-ru")
    expect(article_row(page, article)).to_have_count(1)
    expect(article_row(page, article).locator("a.translation-state")).to_have_count(0)
    with page.expect_navigation():
        article_row(page, article).get_by_role("link", name=article.title, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/admin/news/article/{article.pk}/change/"))
    page.watch.assert_clean("the seed article's change page")
    panel = page.locator("fieldset.translations-panel")
    expect(panel).to_be_visible()
    shot(page, "journey6-article-translations-panel")
    # The editor's interface is Vietnamese: "Translate into Russian" reads "Dịch sang tiếng Nga".
    with page.expect_navigation():
        panel.get_by_role("link", name="Dịch sang tiếng Nga").click()
    expect(page).to_have_url(re.compile(rf"/admin/news/articletranslation/add/\?article={article.pk}&language=ru$"))
    page.watch.assert_clean("the new translation's form")

    # The original, read-only, beside the form.
    original = page.locator("section.original-text")
    expect(original).to_have_attribute("lang", "vi")
    expect(original.locator("h3")).to_have_text(article.title)
    expect(original.locator(".lead")).to_have_text(article.lead)
    expect(original.locator(".original-body")).to_contain_text(ORIGINAL_BODY_SAMPLE)
    form = page.locator("form#articletranslation_form")
    expect(form.locator("select[name=article] option:checked")).to_have_text(article.title)
    expect(form.locator("select[name=language] option:checked")).to_have_attribute("value", "ru")
    assert original.bounding_box()["x"] < page.locator(".translation-fields").bounding_box()["x"]

    form.locator("input[name=title]").fill(RUSSIAN.title)
    form.locator("textarea[name=lead]").fill(RUSSIAN.lead)
    write_russian_body(page)
    form.locator("input[name=translator]").fill(RUSSIAN.translator)
    form.locator("select[name=status]").select_option(TranslationStatus.PUBLISHED.value)
    page.watch.assert_clean("filling the translation")
    axe_check(page, "admin translation form")
    shot(page, "journey6-translation-form")

    with page.expect_navigation():
        form.locator("input[name=_save]").click()
    expect(page.locator("ul.messagelist .success").first).to_be_visible()
    expect(page.locator("ul.errorlist")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/admin/news/articletranslation/$"))
    expect(page.locator("#result_list")).to_contain_text(RUSSIAN.title)
    page.watch.assert_clean("after saving the translation")

    translation = ArticleTranslation.objects.get(article=article, language="ru")
    assert translation.status == TranslationStatus.PUBLISHED
    assert translation.translator == RUSSIAN.translator
    assert translation.body.count("<p>") == len(RUSSIAN_BODY)
    assert not translation.is_out_of_date
    # The article list shows it published, not out of date, and no longer as needing Russian.
    open_article_list(page)
    row = article_row(page, article)
    expect(row.locator("a.translation-state.translation-published")).to_contain_text("RU")
    expect(row.locator("a.translation-state.translation-outdated")).to_have_count(0)
    filter_by_translation(page, "needs-ru")
    expect(page.locator("#result_list tbody tr")).not_to_have_count(0)
    expect(article_row(page, article)).to_have_count(0)
    return page


def open_article_list(page):
    """Every article, from the newsroom's side menu."""
    with page.expect_navigation():
        page.locator("#nav-sidebar a[href$='/admin/news/article/']").click()
    expect(page).to_have_url(re.compile(r"/admin/news/article/$"))


def filter_by_translation(page, value):
    """Choose ``value`` (needs-ru, outdated-ru, …) in the article list's "translations" filter."""
    with page.expect_navigation():
        page.locator(f"#changelist-filter a[href*='translation={value}']").click()
    expect(page).to_have_url(re.compile(rf"translation={value}"))
    page.watch.assert_clean(f"the article list filtered by {value}")


def write_russian_body(page):
    """Two paragraphs of the Russian export, typed into the rich-text editor."""
    editor = page.locator("div.ProseMirror[contenteditable=true]")
    editor.click()
    for number, paragraph in enumerate(RUSSIAN_BODY):
        if number:
            page.keyboard.press("Enter")
        page.keyboard.type(paragraph)
    expect(editor.locator("p")).to_have_count(len(RUSSIAN_BODY))
    expect(editor.locator("p").last).to_have_text(RUSSIAN_BODY[-1])


def article_row(page, article):
    return page.locator("#result_list tbody tr").filter(has=page.get_by_role("link", name=article.title, exact=True))


# The reader reads in Russian ------------------------------------------------------------------------------------


def reader_reads_in_russian(browsing, newsroom, article, untranslated):
    page = browsing.sign_in(newsroom.employee)
    switch_language(page, "ru")
    expect(page.locator("html")).to_have_attribute("lang", "ru")

    # The news list names the article by its Russian title; it opens at its one address.
    with page.expect_navigation():
        page.locator("nav.main-nav a[href='/news/']").click()
    with page.expect_navigation():
        page.get_by_role("link", name=RUSSIAN.title).click()
    expect(page).to_have_url(browsing.url + article.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    heading = page.locator("article h1")
    expect(heading).to_have_text(RUSSIAN.title)
    expect(heading).not_to_have_attribute("lang", re.compile("."))
    expect(page.locator("article .lead")).to_have_text(RUSSIAN.lead)
    body = page.locator("article .body")
    expect(body.locator("p")).to_have_text(RUSSIAN_BODY)
    expect(body).not_to_contain_text(ORIGINAL_BODY_SAMPLE)
    expect(page.locator("article .translator")).to_contain_text(RUSSIAN.translator)
    expect(page.locator(".language-note")).to_have_count(0)
    page.watch.assert_clean("the Russian article")
    axe_check(page, "Russian article")
    shot(page, "journey6-russian-article")

    # An article nobody translated: the Vietnamese original, marked as Vietnamese, with a note in Russian.
    browsing.visit(page, untranslated.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    heading = page.locator("article h1")
    expect(heading).to_have_text(untranslated.title)
    expect(heading).to_have_attribute("lang", "vi")
    expect(page.locator("article .lead")).to_have_attribute("lang", "vi")
    expect(page.locator("article .body")).to_have_attribute("lang", "vi")
    expect(page.locator("article .language-note")).to_have_text(ONLY_IN_VIETNAMESE)
    page.watch.assert_clean("the untranslated article")
    shot(page, "journey6-untranslated-article")
    page.context.close()


# The editor changes the original --------------------------------------------------------------------------------


def editor_changes_the_original(page, article):
    open_article_list(page)
    with page.expect_navigation():
        article_row(page, article).get_by_role("link", name=article.title, exact=True).click()
    expect(page).to_have_url(re.compile(rf"/admin/news/article/{article.pk}/change/$"))
    lead = page.locator("textarea[name=lead]")
    lead.press("Control+End")  # the end of the text, not of its first wrapped line
    lead.press_sequentially(ADDED_TO_LEAD)
    with page.expect_navigation():
        page.locator("input[name=_save]").click()
    expect(page.locator("ul.messagelist .success").first).to_be_visible()
    expect(page.locator("ul.errorlist")).to_have_count(0)
    expect(page).to_have_url(re.compile(r"/admin/news/article/$"))
    page.watch.assert_clean("after editing the original")
    article.refresh_from_db()
    assert article.lead.endswith(ADDED_TO_LEAD)

    outdated = article_row(page, article).locator("a.translation-state.translation-outdated")
    expect(outdated).to_contain_text("RU")
    outdated.scroll_into_view_if_needed()  # the list's last columns are past the table's right edge at 1280px
    axe_check(page, "admin article list")
    shot(page, "journey6-translation-outdated")

    # The filter "Russian out of date" lists it, and only it.
    filter_by_translation(page, "outdated-ru")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.get_by_role("link", name=article.title, exact=True)).to_be_visible()
    page.watch.assert_clean("the outdated-ru filter")

    # The badge opens the translation, which says why it is out of date, beside the original's new lead.
    with page.expect_navigation():
        rows.locator("a.translation-state.translation-outdated").click()
    expect(page.locator("p.translation-outdated")).to_be_visible()
    expect(page.locator("section.original-text .lead")).to_have_text(article.lead)
    page.watch.assert_clean("the out-of-date translation")
    shot(page, "journey6-outdated-translation-form")
    page.context.close()


# The feature's newsroom pages at their fullest ---------------------------------------------------------------


@pytest.mark.parametrize("name", ["admin translation form", "admin article list"])
def test_translation_pages_pass_axe_in_full(browsing, newsroom, seed_article, name):
    """Scanned in full: the seed article's long original (scrolling on its own) beside a new translation's form,
    and the article list with a published Russian translation's badge."""
    translation_service.save(
        ArticleTranslation(
            article=seed_article,
            language="ru",
            title=RUSSIAN.title,
            lead=RUSSIAN.lead,
            status=TranslationStatus.PUBLISHED,
        )
    )
    path = {
        "admin translation form": f"/admin/news/articletranslation/add/?article={seed_article.pk}&language=en",
        "admin article list": "/admin/news/article/",
    }[name]
    page = browsing.sign_in(newsroom.editor, next_path=path)
    page.wait_for_load_state("load")
    page.watch.assert_clean(name)
    violations = axe_violations(page)
    assert not violations, f"axe-core on the {name} ({page.url}):\n{describe_violations(violations)}"
