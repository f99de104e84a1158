import datetime
import unicodedata
from zoneinfo import ZoneInfo

import pytest

from news.models import Article, ArticleStatus, Event, EventKind, Person, Unit
from tests.factories import ArticleFactory, EventFactory, PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def nfd(text):
    return unicodedata.normalize("NFD", text)


def is_nfc(text):
    return unicodedata.is_normalized("NFC", text)


def test_text_pasted_in_nfd_is_stored_in_nfc():
    unit = UnitFactory(name=nfd("Trung tâm Công nghệ thông tin & Liên lạc"), short_name=nfd("Trung tâm CNTT&LL"))
    person = PersonFactory(full_name=nfd("Đặng Đình Công"), position=nfd("Giám đốc Trung tâm"), unit=unit)
    article = ArticleFactory(
        title=nfd("Hội nghị tổng kết"), lead=nfd("Sáng ngày"), body=nfd("<p>Đảng ủy</p>"), unit=unit
    )
    for instance, fields in [
        (Unit.objects.get(pk=unit.pk), ["name", "short_name"]),
        (Person.objects.get(pk=person.pk), ["full_name", "position"]),
        (Article.objects.get(pk=article.pk), ["title", "lead", "body"]),
    ]:
        for field in fields:
            assert is_nfc(getattr(instance, field)), f"{type(instance).__name__}.{field} stored as NFD"
    assert Person.objects.filter(full_name="Đặng Đình Công").exists(), "an NFC search finds NFD-pasted text"


def test_slug_is_made_from_the_title_and_unique():
    first = ArticleFactory(title="Hội nghị tổng kết năm 2019")
    second = ArticleFactory(title="Hội nghị tổng kết năm 2019")
    assert first.slug == "hoi-nghi-tong-ket-nam-2019"
    assert second.slug != first.slug
    assert second.slug.startswith("hoi-nghi-tong-ket-nam-2019")


def test_slug_stays_when_the_title_is_edited():
    article = ArticleFactory(title="Hội nghị người lao động")
    article.title = "Hội nghị người lao động năm 2020 (cập nhật)"
    article.save()
    article.refresh_from_db()
    assert article.slug == "hoi-nghi-nguoi-lao-dong"


def test_person_slug_maps_d_bar():
    assert PersonFactory(full_name="Đặng Đình Công").slug == "dang-dinh-cong"


def test_people_are_listed_in_vietnamese_order_by_given_name():
    for name in ["Trần Công Thịnh", "Đặng Đình Công", "Cao Tùng Sơn", "Lê Văn Ân", "Phạm Thị Ăn", "Vũ Đức An"]:
        PersonFactory(full_name=name)
    assert [p.full_name for p in Person.objects.all()] == [
        "Vũ Đức An",
        "Phạm Thị Ăn",
        "Lê Văn Ân",
        "Đặng Đình Công",
        "Cao Tùng Sơn",
        "Trần Công Thịnh",
    ]


def test_sort_key_can_be_typed_for_names_written_surname_first():
    viktor = PersonFactory(full_name="Nebozhenko Viktor", sort_key="Nebozhenko Viktor")
    PersonFactory(full_name="Đặng Đình Công")
    PersonFactory(full_name="Trần Công Thịnh")
    assert viktor.sort_key == "nebozhenko viktor"
    assert [p.full_name for p in Person.objects.all()] == ["Đặng Đình Công", "Nebozhenko Viktor", "Trần Công Thịnh"]


def test_sort_key_follows_a_renamed_person_unless_typed_by_hand():
    person = PersonFactory(full_name="Nguyễn Văn An")
    person = Person.objects.get(pk=person.pk)
    person.full_name = "Nguyễn Văn Bình"
    person.save()
    assert person.sort_key.startswith("binh")

    typed = PersonFactory(full_name="Ivanov Petr", sort_key="Ivanov Petr")
    typed = Person.objects.get(pk=typed.pk)
    typed.full_name = "Ivanov Petr Sergeevich"
    typed.save()
    assert typed.sort_key == "ivanov petr"


XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
    '<svg onload="alert(1)"><circle/></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<p onmouseover="alert(1)" style="background:url(javascript:alert(1))">x</p>',
    '<object data="x.swf"></object><embed src="x.swf">',
    '<form action="https://evil.example/"><input name="p"></form>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<style>body{display:none}</style>",
    '<div><a href="vbscript:msgbox(1)">v</a></div>',
]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_article_body_is_sanitised_on_save(payload):
    article = ArticleFactory(body=f"<p>Trước</p>{payload}<p>Sau</p>")
    body = Article.objects.get(pk=article.pk).body.lower()
    for dangerous in [
        "<script",
        "onerror",
        "onload",
        "onmouseover",
        "javascript:",
        "vbscript:",
        "data:",
        "<iframe",
        "<object",
        "<embed",
        "<form",
        "<style",
        "<svg",
        "style=",
    ]:
        assert dangerous not in body
    assert "<p>trước</p>" in body and "<p>sau</p>" in body, "the harmless text around the payload is kept"


def test_sanitiser_keeps_structure_and_drops_word_clutter():
    pasted = (
        '<h2 class="MsoHeading2" style="mso-line-height-rule:exactly">Kết quả</h2>'
        '<p class="MsoNormal"><span style="mso-bidi-font-family:Arial">Vận hành <b>an toàn</b></span><o:p></o:p></p>'
        "<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->"
        "<ul><li>Một</li><li>Hai</li></ul><ol><li>Ba</li></ol>"
        '<p><a href="https://intranet.example/tin">liên kết</a></p>'
        "<table><thead><tr><th>Năm</th></tr></thead><tbody><tr><td>2019</td></tr></tbody></table>"
        "<blockquote>Trích dẫn</blockquote>"
        '<figure><img src="https://intranet.example/a.jpg" alt="Hội nghị"><figcaption>Quang cảnh</figcaption></figure>'
    )
    body = ArticleFactory(body=pasted).body
    for kept in [
        "<h2>Kết quả</h2>",
        "<b>an toàn</b>",
        "<ul><li>Một</li>",
        "<ol><li>Ba</li></ol>",
        '<a href="https://intranet.example/tin">liên kết</a>',
        "<th>Năm</th>",
        "<td>2019</td>",
        "<blockquote>Trích dẫn</blockquote>",
        "<figcaption>Quang cảnh</figcaption>",
        '<img src="https://intranet.example/a.jpg" alt="Hội nghị">',
    ]:
        assert kept in body
    for clutter in ["class=", "style=", "mso-", "<o:p", "<span", "WordDocument", "<!--"]:
        assert clutter not in body


def test_published_excludes_drafts_review_archived_and_scheduled(moments):
    visible = ArticleFactory(status=ArticleStatus.PUBLISHED, publish_at=moments.yesterday)
    ArticleFactory(status=ArticleStatus.PUBLISHED, publish_at=moments.tomorrow)
    for status in [ArticleStatus.DRAFT, ArticleStatus.REVIEW, ArticleStatus.ARCHIVED]:
        ArticleFactory(status=status, publish_at=moments.yesterday)
    assert list(Article.objects.published()) == [visible]


def test_scheduled_article_appears_when_its_time_comes(moments):
    scheduled = ArticleFactory(publish_at=moments.tomorrow)
    assert not Article.objects.published().exists()
    assert list(Article.objects.published(now=moments.tomorrow)) == [scheduled]


def test_publishing_without_a_time_publishes_now(moments):
    article = ArticleFactory(status=ArticleStatus.PUBLISHED, publish_at=None)
    assert article.publish_at is not None
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_conference_reports_are_published_articles_on_conference_events(moments):
    review = EventFactory(kind=EventKind.YEAR_END_REVIEW)
    workers = EventFactory(kind=EventKind.WORKERS_CONFERENCE)
    training = EventFactory(kind=EventKind.TRAINING)
    report = ArticleFactory(event=review)
    workers_report = ArticleFactory(event=workers)
    ArticleFactory(event=training)
    ArticleFactory(event=review, status=ArticleStatus.DRAFT)
    ArticleFactory(event=review, publish_at=moments.tomorrow)
    ArticleFactory()
    assert set(Article.objects.conference_reports()) == {report, workers_report}


def test_event_year_defaults_to_the_local_year_it_starts():
    # 31/12/2019 23:30 in Hà Nội time is still 2019 locally, though 2019-12-31 16:30 UTC.
    start = datetime.datetime(2019, 12, 31, 23, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    assert EventFactory(start=start, year=None).year == 2019
    assert EventFactory(start=start, year=2020).year == 2020
    assert Event.objects.get(year=2020).title
