"""What a reader notices on the article and people pages (issue 19, "Reading"): the lightbox's sizes, no image
without a source, the portrait, a person's unit named once, the event box's heading, a photo credit printed once.
Each through HTTP, the rendered HTML parsed."""

from html.parser import HTMLParser

import pytest

from news import images
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    EventFactory,
    PersonFactory,
    PhotoFactory,
    UnitFactory,
    UserFactory,
    jpeg_file,
)

pytestmark = pytest.mark.django_db

VOID = {"img", "source", "br", "hr", "input", "link", "meta", "wbr", "area", "base", "col", "embed", "track"}


class Element:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []  # elements and text

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag, **attrs):
        """Elements ``tag`` with these attribute values (``True``: the attribute is there, with any value)."""
        return [
            element
            for element in self.iter()
            if element.tag == tag
            and all(
                name in element.attrs if value is True else element.attrs.get(name) == value
                for name, value in attrs.items()
            )
        ]

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def text_content(self):
        """The text inside, in document order, white space collapsed."""
        return " ".join("".join(self._texts()).split())

    def _texts(self):
        for child in self.children:
            if isinstance(child, Element):
                yield from child._texts()
            else:
                yield child


class Tree(HTMLParser):
    """The page as a tree of elements: enough structure to ask what is inside what."""

    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Element("#document", [], None)
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs, self.current)
        self.current.children.append(element)
        if tag not in VOID:
            self.current = element

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Element(tag, attrs, self.current))

    def handle_endtag(self, tag):
        element = self.current
        while element is not None and element.tag != tag:
            element = element.parent
        if element is not None and element.parent is not None:
            self.current = element.parent

    def handle_data(self, data):
        self.current.children.append(data)


@pytest.fixture
def reader(client):
    client.force_login(UserFactory())
    return client


def parsed(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return Tree(response.content.decode()).root


def by_class(root, tag, name):
    return [element for element in root.find_all(tag) if name in element.classes()]


# Lightbox -----------------------------------------------------------------------------------------------------


def test_a_photo_between_standard_widths_gets_a_rendition_at_its_own_width_and_the_lightbox_offers_it(reader):
    photo = PhotoFactory(image=jpeg_file("hoi-truong.jpg", size=(1200, 800)), caption="Hội trường")
    for fmt in ("webp", "jpeg"):
        assert sorted(r["width"] for r in photo.renditions if r["format"] == fmt) == [320, 640, 1200]
    by_width = {(r["format"], r["width"]): photo.image.storage.url(r["name"]) for r in photo.renditions}

    root = parsed(reader, photo.article.get_absolute_url())
    [link] = root.find_all("a", **{"data-lightbox": True})
    assert link.attrs["href"] == by_width["jpeg", 1200], "the enlarged photo is the 1,200-px one, not 640"
    assert (link.attrs["data-width"], link.attrs["data-height"]) == ("1200", "800")
    # The lightbox chooses among every size for the screen it opens on (lightbox.js: srcset and sizes).
    assert f"{by_width['jpeg', 1200]} 1200w" in link.attrs["data-srcset"]
    assert f"{by_width['jpeg', 640]} 640w" in link.attrs["data-srcset"]
    assert f"{by_width['webp', 1200]} 1200w" in link.attrs["data-webp-srcset"]
    [img] = link.find_all("img")
    assert f"{by_width['jpeg', 1200]} 1200w" in img.attrs["srcset"], "the gallery's picture offers it too"


def test_own_width_only_between_standard_widths_and_only_for_photos():
    assert images.widths_for(1200, own_width=True) == [320, 640, 1200]
    assert images.widths_for(1280, own_width=True) == [320, 640, 1280], "a standard width: nothing more"
    assert images.widths_for(2400, own_width=True) == [320, 640, 1280, 1920], "wider than all: the standard ones"
    assert images.widths_for(200, own_width=True) == [200]
    assert images.widths_for(1200) == [320, 640], "portraits keep their standard widths"


def test_a_photo_rendered_before_keeps_working_with_the_renditions_it_has(reader):
    photo = PhotoFactory(image=jpeg_file("cu.jpg", size=(1200, 800)))
    older = [r for r in photo.renditions if r["width"] != 1200]  # as rendered before this rule
    type(photo).objects.filter(pk=photo.pk).update(renditions=older)
    root = parsed(reader, photo.article.get_absolute_url())
    [link] = root.find_all("a", **{"data-lightbox": True})
    assert link.attrs["href"].endswith("-640.jpg") and "1200w" not in link.attrs["data-srcset"]


def test_the_article_page_has_no_image_without_a_source(reader):
    article = ArticleFactory(event=EventFactory())
    for number in range(2):
        PhotoFactory(article=article, image=jpeg_file(f"anh-{number}.jpg", size=(700, 500)))
    root = parsed(reader, article.get_absolute_url())
    imgs = root.find_all("img")
    assert len(imgs) >= 2
    assert all(img.attrs.get("src") for img in imgs), [img.attrs for img in imgs if not img.attrs.get("src")]
    [dialog] = root.find_all("dialog", id="lightbox")
    assert not dialog.find_all("img"), "the lightbox's photo is built when it opens"


# People -------------------------------------------------------------------------------------------------------


@pytest.fixture
def director():
    unit = UnitFactory(name="Viện Nghiên cứu Khoa học và Thiết kế dầu khí biển", short_name="Viện NIPI")
    return PersonFactory(
        full_name="Trần Văn Viện",
        unit=unit,
        position="Viện trưởng Viện NIPI",
        portrait=jpeg_file("chan-dung.jpg", size=(300, 400)),
    )


def test_person_page_shows_the_portrait_rendition_and_the_unit_once(reader, director):
    root = parsed(reader, director.get_absolute_url())
    [main] = root.find_all("main")
    [portrait] = [img for img in main.find_all("img") if "portrait" in img.classes()]
    rendition_urls = {director.portrait.storage.url(r["name"]) for r in director.portrait_renditions}
    assert portrait.attrs["alt"] == "Trần Văn Viện"
    assert portrait.attrs["src"] in rendition_urls and portrait.attrs["src"] != director.portrait.url
    assert all(url.split()[0] in rendition_urls for url in portrait.attrs["srcset"].split(", "))

    [meta] = [p for p in by_class(main, "p", "meta") if "Viện trưởng" in p.text_content()]
    assert meta.text_content() == "Viện trưởng Viện NIPI", "the unit once, not “…Viện NIPI, Viện NIPI”"
    [link] = meta.find_all("a")
    assert link.attrs["href"] == director.unit.get_absolute_url() and link.text_content() == "Viện NIPI"


def test_a_position_without_the_unit_is_followed_by_it(reader):
    person = PersonFactory(full_name="Lê Thị Kế", position="Kế toán trưởng", unit=UnitFactory(short_name="XN Khoan"))
    [main] = parsed(reader, person.get_absolute_url()).find_all("main")
    [meta] = [p for p in by_class(main, "p", "meta") if "Kế toán" in p.text_content()]
    assert meta.text_content() == "Kế toán trưởng, XN Khoan"
    assert not [img for img in main.find_all("img") if "portrait" in img.classes()], "no portrait, no image"


def test_a_unit_named_without_diacritics_or_in_other_case_counts_as_named(reader):
    person = PersonFactory(position="Giám đốc xn khoan", unit=UnitFactory(short_name="XN Khoan"))
    [main] = parsed(reader, person.get_absolute_url()).find_all("main")
    [meta] = [p for p in by_class(main, "p", "meta") if "Giám đốc" in p.text_content()]
    assert meta.text_content() == "Giám đốc xn khoan"
    # Part of a word is not the unit: "XN Khoann" does not name "XN Khoan".
    other = PersonFactory(position="Trưởng XN Khoann", unit=UnitFactory(short_name="XN Khoan"))
    [main] = parsed(reader, other.get_absolute_url()).find_all("main")
    assert [p for p in by_class(main, "p", "meta") if p.text_content() == "Trưởng XN Khoann, XN Khoan"]


def test_directory_lists_a_small_portrait_and_the_unit_once(reader, director):
    PersonFactory(full_name="Lê Thị Kế", position="Kế toán trưởng", unit=UnitFactory(short_name="XN Khoan"))
    root = parsed(reader, "/people/")
    [entry] = [li for li in root.find_all("li") if "Trần Văn Viện" in li.text_content()]
    assert entry.text_content() == "Trần Văn Viện Viện trưởng Viện NIPI"
    [link] = entry.find_all("a")
    [thumbnail] = link.find_all("img")
    assert "portrait-small" in thumbnail.classes() and thumbnail.attrs["alt"] == "", "the name beside it says it"
    assert thumbnail.attrs["src"] in {director.portrait.storage.url(r["name"]) for r in director.portrait_renditions}
    [other] = [li for li in root.find_all("li") if "Lê Thị Kế" in li.text_content()]
    assert other.text_content() == "Lê Thị Kế Kế toán trưởng, XN Khoan" and not other.find_all("img")


# Article page -------------------------------------------------------------------------------------------------


def test_event_box_says_event_once(reader):
    event = EventFactory(title="Hội nghị tổng kết năm 2025", place="Hội trường")
    article = ArticleFactory(event=event)
    root = parsed(reader, article.get_absolute_url())
    [box] = by_class(root, "aside", "event-box")
    assert box.text_content().count("Sự kiện") == 1
    [heading] = box.find_all("h2")
    assert heading.text_content() == "Sự kiện"
    [link] = [a for a in box.find_all("a") if a.attrs["href"] == event.get_absolute_url()]
    assert link.text_content() == "Hội nghị tổng kết năm 2025"
    assert [dt.text_content() for dt in box.find_all("dt")] == ["Ngày", "Địa điểm"]


def test_the_articles_photo_credit_is_printed_once_and_a_different_one_under_its_photo(reader):
    article = ArticleFactory()
    for number in range(3):
        PhotoFactory(article=article, credit="Đinh Văn Tiến", caption=f"Ảnh số {number}")
    PhotoFactory(article=article, credit="Lê Khách Mời", caption="Ảnh của khách")
    ArticleCreditFactory(article=article, name="Hoàng Tiến Lương", role="text")
    ArticleCreditFactory(article=article, name="Đinh Văn Tiến", role="photo")
    root = parsed(reader, article.get_absolute_url())
    [gallery] = by_class(root, "section", "gallery")
    assert [span.text_content() for span in by_class(gallery, "span", "credit")] == ["Ảnh: Lê Khách Mời"]
    [article_element] = root.find_all("article")
    assert article_element.text_content().count("Đinh Văn Tiến") == 1, "once, in the credits at the end"
    [credits] = by_class(article_element, "footer", "credits")
    assert "Ảnh: Đinh Văn Tiến" in credits.text_content()
    # The lightbox, which shows one photo at a time, still names who took it.
    links = gallery.find_all("a", **{"data-lightbox": True})
    assert [link.attrs.get("data-credit") for link in links] == ["Ảnh: Đinh Văn Tiến"] * 3 + [None]


def test_without_the_articles_photo_credit_each_photo_keeps_its_own(reader):
    article = ArticleFactory()
    PhotoFactory(article=article, credit="Đinh Văn Tiến")
    ArticleCreditFactory(
        article=article, name="Đinh Văn Tiến", role="text"
    )  # wrote it; the photo credit is the photo's
    [gallery] = by_class(parsed(reader, article.get_absolute_url()), "section", "gallery")
    assert [span.text_content() for span in by_class(gallery, "span", "credit")] == ["Ảnh: Đinh Văn Tiến"]
