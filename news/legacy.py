"""Parser for the old intranet's text export of an article. Pure functions: no ORM, no files.

The format (one article a file):

    line 1   the title
    line 2   Ngày phát hành: M/D/YYYY h:mm:ss AM|PM   (month first, local time)
    then     body paragraphs, one a line
    maybe    a line introducing photos ("Một số hình ảnh hội nghị:"), then one caption a line
    last     credits: "Tin: NAME", "Ảnh: NAME", "Tin và ảnh: NAME" / "Tin & ảnh: NAME"

A translation's export (``parse_translation``) has the same layout in its own language (``EXPORT_LANGUAGES``):
in Russian the date line says "Дата публикации:" (the Vietnamese label is accepted too, and a translation
may leave the line out), photos are introduced by "Несколько фотографий:" and the credits are "Текст:",
"Фото:", "Текст и фото:" and "Перевод:" (the translator).
"""

import datetime
import re
import unicodedata
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from news.text import fold

LOCAL_TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")

# Every upper-case letter a Vietnamese or Russian (Latin-written) name may start with.
_UPPER = "".join(ch for ch in map(chr, range(0x41, 0x1F00)) if ch.isupper() and ch.isalpha())
_NAME_WORD = rf"[{re.escape(_UPPER)}][^\W\d_]*"
HONORIFIC = re.compile(r"(?:(?<=\W)|^)(?:đồng chí|Đồng chí|ĐỒNG CHÍ|Đ/c|đ/c|Đ/C)\s+")
NAME = re.compile(rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,5}}")
DASH = re.compile(r"\s*[-–—]\s*")
PUBLISHED_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])$")
EVENT_DATE = re.compile(r"\bngày (\d{1,2})/(\d{1,2})/(\d{4})")
ATTENDANCE = re.compile(
    r"\b(?:gần|hơn|khoảng|trên|với|có)?\s*(\d{1,3}(?:[.,]\d{3})*|\d+)\s+"
    r"(?:CBCNV|cán bộ|đại biểu|người|công nhân viên|người lao động|khách mời|đoàn viên)\b",
    re.IGNORECASE,
)
YEAR_IN_TITLE = re.compile(r"\bnăm (\d{4})\b", re.IGNORECASE)

# Where a position stops in running text: a new clause, a companion, or a verb taking over the sentence.
POSITION_STOPS = [
    ";",
    " cùng ",
    ". ",
    " đã ",
    " sẽ ",
    " đang ",
    " vừa ",
    " đánh giá",
    " phát biểu",
    " trình bày",
    " cho biết",
    " nhấn mạnh",
    " chúc mừng",
    " tin tưởng",
    " khẳng định",
    " chủ trì",
    " công bố",
    " trao ",
    " khai mạc",
    " bế mạc",
    " tặng",
    " nhận ",
    " báo cáo",
    " phát động",
    " đọc ",
    " ghi nhận",
    " yêu cầu",
    " đề nghị",
    " gửi ",
    " thăm",
    " kiểm tra",
    " tham dự",
    " dẫn đầu",
    " làm việc",
    " động viên",
    " biểu dương",
    " giới thiệu",
    " quán triệt",
    " ký ",
    " tuyên bố",
    " cắt băng",
    " tham quan",
    " điều hành",
    " thông qua",
    " tổng kết",
]

TRAILING_CONJUNCTION = re.compile(r"(?:[\s,]+(?:và|cùng|với))+$")


class ExportLanguage:
    """How an export in one language labels its parts; the layout is the same in every language."""

    def __init__(self, code, date_label, photo_intro, credit_roles):
        self.code = code
        self.date_label = date_label
        self.photo_intro = re.compile(photo_intro, re.IGNORECASE)
        self.credit_roles = credit_roles  # label in lower case -> "text", "photo", "text_photo" or "translator"
        labels = "|".join(re.escape(label) for label in credit_roles)
        self.credit = re.compile(rf"^({labels})\s*:\s*(\S.*)$", re.IGNORECASE)

    def credit_role(self, label):
        return self.credit_roles[label.lower()]


VIETNAMESE = ExportLanguage(
    "vi",
    date_label="Ngày phát hành",
    photo_intro=r"^(?:một số )?(?:hình ảnh|ảnh)\b.*:$",
    credit_roles={
        "tin": "text",
        "ảnh": "photo",
        "tin và ảnh": "text_photo",
        "tin & ảnh": "text_photo",
        "tin, ảnh": "text_photo",
    },
)
EXPORT_LANGUAGES = {
    language.code: language
    for language in (
        VIETNAMESE,
        ExportLanguage(
            "ru",
            date_label="Дата публикации",
            photo_intro=r"^(?:несколько )?(?:фотографии|фотографий|фото|фоторепортаж)\b.*:$",
            credit_roles={
                "текст": "text",
                "фото": "photo",
                "текст и фото": "text_photo",
                "текст & фото": "text_photo",
                "текст, фото": "text_photo",
                "перевод": "translator",
            },
        ),
        ExportLanguage(
            "en",
            date_label="Published",
            photo_intro=r"^(?:some |a few )?(?:photos|photographs|pictures)\b.*:$",
            credit_roles={
                "text": "text",
                "photos": "photo",
                "photo": "photo",
                "text and photos": "text_photo",
                "text & photos": "text_photo",
                "text, photos": "text_photo",
                "translation": "translator",
            },
        ),
    )
}


class LegacyFormatError(ValueError):
    """A file that does not follow the format; ``line`` is 1-based."""

    def __init__(self, reason, line):
        super().__init__(f"line {line}: {reason}")
        self.reason = reason
        self.line = line


@dataclass
class NamedPerson:
    name: str
    position: str = ""  # empty: named without a position (a mention of someone already named)


@dataclass
class Caption:
    text: str
    people: list = field(default_factory=list)  # NamedPerson, in the order named


@dataclass
class LegacyEvent:
    kind: str  # an EventKind value
    title: str
    year: int
    date: datetime.date | None
    attendance: int | None


@dataclass
class LegacyExport:
    """An export's parts, in any language. A translation's export is no more than this."""

    title: str
    published_at: datetime.datetime | None  # None: a translation without a date line
    paragraphs: list
    captions: list  # Caption, in the order of the photos
    credits: list  # (role, name): role is "text", "photo", "text_photo" or (in a translation) "translator"

    @property
    def lead(self):
        return self.paragraphs[0] if self.paragraphs else ""

    def credited(self, *roles):
        return [name for role, name in self.credits if role in roles]

    @property
    def translator(self):
        """Who translated it: the translation credit, else the writer (translators often sign as the writer)."""
        return ", ".join(self.credited("translator") or self.credited("text", "text_photo"))


@dataclass
class LegacyArticle(LegacyExport):
    """A Vietnamese original, with what its text tells about people and the conference it reports on."""

    people: list = field(default_factory=list)  # NamedPerson with their position, first naming first
    event: LegacyEvent | None = None


def decode(data):
    """Text of a file's bytes: UTF-8 (with or without BOM), NFC, no trailing spaces. Raises LegacyFormatError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LegacyFormatError("not UTF-8 text", data[: error.start].count(b"\n") + 1) from error
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def parse(text):
    """Parse a whole Vietnamese export (as ``decode`` returns it) into a LegacyArticle. Raises LegacyFormatError."""
    export = read_export(text, VIETNAMESE, (VIETNAMESE,), date_required=True)
    captions = [Caption(caption.text, people_named(caption.text)) for caption in export.captions]
    people = first_namings(
        [*(p for line in export.paragraphs for p in people_named(line)), *(p for c in captions for p in c.people)]
    )
    return LegacyArticle(
        title=export.title,
        published_at=export.published_at,
        paragraphs=export.paragraphs,
        captions=captions,
        credits=export.credits,
        people=people,
        event=event_of(export.title, export.paragraphs, export.published_at),
    )


def parse_translation(text, language):
    """Parse an export in ``language`` (a key of EXPORT_LANGUAGES) into a LegacyExport. Its date line may say
    the date in that language or in Vietnamese, or be left out: the original's date is the article's.
    Raises LegacyFormatError."""
    export_language = EXPORT_LANGUAGES[language]
    return read_export(text, export_language, (export_language, VIETNAMESE), date_required=False)


def read_export(text, language, date_languages, date_required):
    """The layout every export shares, its parts labelled in ``language`` (an ExportLanguage), its date line
    in one of ``date_languages``."""
    lines = [(number, " ".join(line.split())) for number, line in enumerate(text.split("\n"), start=1)]
    if not lines or not lines[0][1]:
        raise LegacyFormatError("no title on the first line", 1)
    title = lines[0][1]
    second = lines[1][1] if len(lines) > 1 else ""
    published_at = published_line(second, date_languages)
    if published_at is None and date_required:
        raise LegacyFormatError(f"no publish date (“{date_format(date_languages)}”)", 2)
    first_content = 3 if published_at else 2
    content = [(number, line) for number, line in lines[first_content - 1 :] if line]
    if not content:
        raise LegacyFormatError("nothing after the title and date", first_content)

    credits = []
    while content and (match := language.credit.match(content[-1][1])):
        credits.insert(0, (language.credit_role(match.group(1)), match.group(2).strip()))
        content.pop()
    body, captions = split_photo_captions([line for _number, line in content], language.photo_intro)
    if not body:
        raise LegacyFormatError("no body text", content[0][0] if content else first_content)
    return LegacyExport(
        title=title,
        published_at=published_at,
        paragraphs=body,
        captions=[Caption(caption) for caption in captions],
        credits=credits,
    )


def published_line(line, date_languages):
    """The time a date line (line 2) states, labelled as one of ``date_languages`` says; None when the line
    states no date (a translation may leave it out)."""
    label, colon, date = (part.strip() for part in line.partition(":"))
    if colon and label.casefold() in {language.date_label.casefold() for language in date_languages}:
        return parse_published(date, line)
    if colon and PUBLISHED_DATE.match(date):
        # A date under another label is a mistyped date line, not the first paragraph.
        raise LegacyFormatError(f"“{label}” is not a date label (“{date_format(date_languages)}”)", 2)
    return None


def date_format(date_languages):
    return " or ".join(f"{language.date_label}: M/D/YYYY h:mm:ss AM" for language in date_languages)


def parse_published(date, line):
    match = PUBLISHED_DATE.match(date)
    if not match:
        raise LegacyFormatError(f"not a publish date: “{line}”", 2)
    month, day, year, hour, minute, second, half = match.groups()
    hour = int(hour) % 12 + (12 if half.upper() == "PM" else 0)
    try:
        return datetime.datetime(
            int(year), int(month), int(day), hour, int(minute), int(second or 0), tzinfo=LOCAL_TIME_ZONE
        )
    except ValueError as error:
        raise LegacyFormatError(f"impossible publish date: “{line}”", 2) from error


def split_photo_captions(lines, photo_intro):
    """(body lines, caption lines): captions follow the line that introduces the photos."""
    for index, line in enumerate(lines):
        if photo_intro.match(line):
            return lines[:index], lines[index + 1 :]
    return lines, []


def people_named(text):
    """Everyone named with an honorific ("đồng chí", "Đ/c") in a line, with the position given if any."""
    starts = [match.end() for match in HONORIFIC.finditer(text)]
    named = []
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(text)
        segment = text[start:end]
        name = NAME.match(segment)
        if not name:
            continue
        dash = DASH.match(segment, name.end())
        position = cut_position(segment[dash.end() :]) if dash else ""
        named.append(NamedPerson(name.group(0), position))
    return named


def cut_position(text):
    """The position at the start of ``text``: up to the first stop, without trailing punctuation."""
    text = HONORIFIC.split(text, maxsplit=1)[0]
    cut = len(text)
    for stop in POSITION_STOPS:
        found = text.find(stop)
        if found != -1:
            cut = min(cut, found)
    # "… Vietsovpetro và đồng chí …": the conjunction before the next person is not part of the position.
    return TRAILING_CONJUNCTION.sub("", text[:cut].strip(" ,.;:–-")).strip(" ,")


def first_namings(named):
    """Each person once, with the first position they were given (a later bare naming adds nothing)."""
    people = {}
    for person in named:
        key = name_key(person.name)
        if key not in people or (not people[key].position and person.position):
            people[key] = person
    return list(people.values())


def name_key(name):
    """How two writings of a name are compared: NFC, case and spacing ignored (diacritics matter)."""
    return " ".join(unicodedata.normalize("NFC", name).casefold().split())


def event_of(title, body, published_at):
    """The conference an article reports on, when its title names one."""
    folded = fold(title)
    if "hoi nghi" not in folded:
        return None
    year_match = YEAR_IN_TITLE.search(title)
    year = int(year_match.group(1)) if year_match else published_at.year
    if "hoi nghi tong ket" in folded:
        kind, name = "year_end_review", "Hội nghị tổng kết năm {year}"
    elif "hoi nghi nguoi lao dong" in folded:
        kind, name = "workers_conference", "Hội nghị người lao động năm {year}"
    else:
        kind, name = "conference", conference_title(title)
    return LegacyEvent(kind, name.format(year=year), year, event_date(body), attendance(body))


def conference_title(title):
    """“X tổ chức Hội nghị khoa học công nghệ lần thứ 5” → “Hội nghị khoa học công nghệ lần thứ 5”."""
    start = fold(title).index("hoi nghi")
    return title[start:].strip().replace("{", "(").replace("}", ")")


def event_date(body):
    for line in body:
        if match := EVENT_DATE.search(line):
            day, month, year = map(int, match.groups())
            try:
                return datetime.date(year, month, day)
            except ValueError:
                continue
    return None


def attendance(body):
    for line in body:
        if match := ATTENDANCE.search(line):
            return int(re.sub(r"[.,]", "", match.group(1)))
    return None
