"""Parser for the old intranet's text export of an article. Pure functions: no ORM, no files.

The format (one article a file):

    line 1   the title
    line 2   Ngày phát hành: M/D/YYYY h:mm:ss AM|PM   (month first, local time)
    then     body paragraphs, one a line
    maybe    a line introducing photos ("Một số hình ảnh hội nghị:"), then one caption a line
    last     credits: "Tin: NAME", "Ảnh: NAME", "Tin và ảnh: NAME" / "Tin & ảnh: NAME"
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
PUBLISHED_LINE = re.compile(
    r"^Ngày phát hành\s*:\s*(\d{1,2})/(\d{1,2})/(\d{4})\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])$"
)
PHOTO_INTRO = re.compile(r"^(?:một số )?(?:hình ảnh|ảnh)\b.*:$", re.IGNORECASE)
CREDIT = re.compile(r"^(tin và ảnh|tin & ảnh|tin, ảnh|tin|ảnh)\s*:\s*(\S.*)$", re.IGNORECASE)
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

CREDIT_ROLES = {"tin": "text", "ảnh": "photo"}  # anything else names both


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
class LegacyArticle:
    title: str
    published_at: datetime.datetime
    paragraphs: list
    captions: list
    credits: list  # (role, name): role is "text", "photo" or "text_photo"
    people: list  # NamedPerson with the position given in the body or captions, first naming first
    event: LegacyEvent | None

    @property
    def lead(self):
        return self.paragraphs[0] if self.paragraphs else ""

    def credited(self, *roles):
        return [name for role, name in self.credits if role in roles]


def decode(data):
    """Text of a file's bytes: UTF-8 (with or without BOM), NFC, no trailing spaces. Raises LegacyFormatError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise LegacyFormatError("not UTF-8 text", data[: error.start].count(b"\n") + 1) from error
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n"))


def parse(text):
    """Parse a whole export (as ``decode`` returns it) into a LegacyArticle. Raises LegacyFormatError."""
    lines = [(number, " ".join(line.split())) for number, line in enumerate(text.split("\n"), start=1)]
    if not lines or not lines[0][1]:
        raise LegacyFormatError("no title on the first line", 1)
    title = lines[0][1]
    if len(lines) < 2 or not lines[1][1]:
        raise LegacyFormatError("no publish date (“Ngày phát hành: M/D/YYYY h:mm:ss AM”)", 2)
    published_at = parse_published(lines[1][1])
    content = [(number, line) for number, line in lines[2:] if line]
    if not content:
        raise LegacyFormatError("nothing after the title and date", 3)

    credits = []
    while content and (match := CREDIT.match(content[-1][1])):
        credits.insert(0, (credit_role(match.group(1)), match.group(2).strip()))
        content.pop()
    body, captions = split_photo_captions([line for _number, line in content])
    if not body:
        raise LegacyFormatError("no body text", content[0][0] if content else 3)

    parsed_captions = [Caption(text, people_named(text)) for text in captions]
    people = first_namings(
        [*(p for line in body for p in people_named(line)), *(p for caption in parsed_captions for p in caption.people)]
    )
    return LegacyArticle(
        title=title,
        published_at=published_at,
        paragraphs=body,
        captions=parsed_captions,
        credits=credits,
        people=people,
        event=event_of(title, body, published_at),
    )


def parse_published(line):
    match = PUBLISHED_LINE.match(line)
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


def credit_role(label):
    return CREDIT_ROLES.get(label.lower(), "text_photo")


def split_photo_captions(lines):
    """(body lines, caption lines): captions follow the line that introduces the photos."""
    for index, line in enumerate(lines):
        if PHOTO_INTRO.match(line):
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
