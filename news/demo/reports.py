"""Conference report specs made from each unit's yearly facts (``data.CONFERENCE_PROGRAMMES``).

Pure Python: the same article spec shape as the hand-written news, with the event inline.
"""

import datetime

from news.demo import data
from news.demo.spec import local_datetime
from news.models import ArticleStatus, CreditRole, EventKind

UNITS = {unit.name: unit for unit in data.UNITS}
PEOPLE = {person.full_name: person for person in data.PEOPLE}
REVIEW_LENGTH = datetime.timedelta(hours=3, minutes=30)
WORKERS_CONFERENCE_LENGTH = datetime.timedelta(hours=3)


def conference_reports():
    """Article specs for every unit and year of the programmes: the year-end review, and the workers'
    conference where there was one."""
    for index, programme in enumerate(data.CONFERENCE_PROGRAMMES):
        for year, facts in programme["years"].items():
            yield year_end_review(index, programme, year, facts)
            if "workers" in facts:
                yield workers_conference(index, programme, year, facts)


def holder(role, year):
    """Who held a programme role that year: the role is a name, or a list of (first, last, name)."""
    if isinstance(role, str):
        return role
    return next(name for first, last, name in role if first <= year <= last)


def position_then(name, year):
    """The position a person held in ``year``: from ``POSITION_HISTORY``, else the current one."""
    for first, last, position in data.POSITION_HISTORY.get(name, ()):
        if first <= year <= last:
            return position
    return PEOPLE[name].position


def review_guest(index, year):
    """The company leader at a unit's year-end review, taking turns between units and years."""
    guests = [name for first, last, name in data.REVIEW_GUESTS if first <= year <= last]
    return guests[(index + year) % len(guests)]


def named(name, year):
    """ "Name – position then", as the articles write people."""
    return f"{name} – {position_then(name, year)}"


def credits(programme):
    writer, photographer = programme["writer"], programme["photographer"]
    if writer == photographer:
        return [(CreditRole.TEXT_AND_PHOTO, writer)]
    return [(CreditRole.TEXT, writer), (CreditRole.PHOTO, photographer)]


def publish_time(start, index, year):
    """A plausible publishing time a day or two after the event: varied, but the same on every load."""
    day = start.date() + datetime.timedelta(days=1 + (index + year) % 2)
    minutes = 9 * 60 + 7 * index + 13 * (year % 5)
    return datetime.datetime.combine(day, datetime.time(minutes // 60, minutes % 60), tzinfo=start.tzinfo)


def part_of_day(start):
    return "Sáng" if start.hour < 12 else "Chiều"


def year_end_review(index, programme, year, facts):
    unit = UNITS[programme["unit"]]
    start = local_datetime(facts["review"])
    guest = review_guest(index, year)
    presenter = holder(programme["presenter"], year)
    speaker = holder(programme["speaker"], year)
    values = {**facts, "year": year, "next": year + 1}
    status = facts.get("report", ArticleStatus.PUBLISHED)
    event_title = f"Hội nghị tổng kết năm {year}"
    photos = [
        data.PhotoData(
            "Quang cảnh Hội nghị", f"Quang cảnh {programme['place']} trong {event_title.lower()} của {unit.short_name}"
        ),
        data.PhotoData(f"Đ/c {named(presenter, year)} trình bày Báo cáo tổng kết năm {year}", people=(presenter,)),
        data.PhotoData(f"Đ/c {named(guest, year)} phát biểu chỉ đạo Hội nghị", people=(guest,)),
        data.PhotoData(
            f"Đ/c {guest} và đ/c {presenter} trao khen thưởng cho các tập thể, cá nhân xuất sắc năm {year}",
            people=(guest, presenter),
        ),
    ]
    return {
        "title": f"{unit.short_name} tổ chức Hội nghị tổng kết năm {year} và triển khai nhiệm vụ năm {year + 1}",
        "lead": (
            f"{unit.short_name} đã hoàn thành kế hoạch sản xuất kinh doanh năm {year} và đề ra các nhiệm vụ trọng "
            f"tâm cho năm {year + 1}."
        ),
        "status": status,
        "publish_at": publish_time(start, index, year) if status == ArticleStatus.PUBLISHED else None,
        "author": "editor" if status == ArticleStatus.PUBLISHED else "correspondent",
        "unit": unit.name,
        "category": data.CONFERENCES,
        "event": {
            "title": event_title,
            "kind": EventKind.YEAR_END_REVIEW,
            "unit": unit.name,
            "year": year,
            "start": start,
            "end": start + REVIEW_LENGTH,
            "place": programme["place"],
            "attendance": facts["attendance"],
            "description": (
                f"Tổng kết hoạt động sản xuất kinh doanh năm {year} và triển khai nhiệm vụ năm {year + 1} "
                f"của {unit.name}."
            ),
            "participants": [
                (guest, "khách mời, phát biểu chỉ đạo", position_then(guest, year)),
                (presenter, "chủ trì, trình bày báo cáo tổng kết", position_then(presenter, year)),
                (speaker, "trình bày tham luận", position_then(speaker, year)),
            ],
        },
        "body": [
            f"{part_of_day(start)} ngày {start:%d/%m/%Y}, tại {programme['place']}, {unit.name} đã tổ chức Hội "
            f"nghị tổng kết hoạt động sản xuất kinh doanh năm {year} và triển khai nhiệm vụ năm {year + 1}.",
            f"Đến dự Hội nghị có đồng chí {named(guest, year)}; đồng chí {named(presenter, year)} cùng "
            f"{facts['attendance']} cán bộ công nhân viên của {unit.short_name}.",
            f"{data.YEAR_CONTEXT[year]}, {unit.short_name} đã hoàn thành và hoàn thành vượt mức các chỉ tiêu kế "
            "hoạch được giao:",
            [result.format(**values) for result in programme["results"]],
            f"Kế hoạch năm {year + 1} tập trung vào các nhiệm vụ trọng tâm sau:",
            [*(item.format(**values) for item in programme["plan"]), facts["focus"]],
            f"Tại Hội nghị, đồng chí {named(speaker, year)} đã trình bày tham luận về {programme['topic']}.",
            f"Phát biểu chỉ đạo, đồng chí {guest} ghi nhận và biểu dương những kết quả {unit.short_name} đạt được "
            f"trong năm {year}, đồng thời đề nghị đơn vị {programme['directive']}.",
            f"Hội nghị đã công bố quyết định khen thưởng các tập thể, cá nhân có thành tích xuất sắc năm {year} và "
            f"phát động phong trào thi đua năm {year + 1}.",
        ],
        "mentions": [(name, position_then(name, year)) for name in (guest, presenter, speaker)],
        "credits": credits(programme),
        "photos": photos[: 2 + (index + year) % 3],
    }


def workers_conference(index, programme, year, facts):
    unit = UNITS[programme["unit"]]
    start_text, attendance = facts["workers"]
    start = local_datetime(start_text)
    union = holder(programme["union"], year)
    presenter = holder(programme["presenter"], year)
    guest = data.WORKERS_GUEST
    event_title = f"Hội nghị người lao động năm {year}"
    photos = [
        data.PhotoData(f"Quang cảnh {event_title}"),
        data.PhotoData(
            f"Đ/c {named(union, year)} báo cáo kết quả thực hiện Thỏa ước lao động tập thể", people=(union,)
        ),
        data.PhotoData("Đại biểu biểu quyết thông qua Nghị quyết Hội nghị"),
    ]
    return {
        "title": f"{unit.short_name} tổ chức Hội nghị người lao động năm {year}",
        "lead": (
            "Hội nghị đã đánh giá việc thực hiện Thỏa ước lao động tập thể, quy chế dân chủ cơ sở và thông qua "
            f"Nghị quyết năm {year}."
        ),
        "publish_at": publish_time(start, index, year),
        "unit": unit.name,
        "category": data.CONFERENCES,
        "event": {
            "title": event_title,
            "kind": EventKind.WORKERS_CONFERENCE,
            "unit": unit.name,
            "year": year,
            "start": start,
            "end": start + WORKERS_CONFERENCE_LENGTH,
            "place": programme["place"],
            "attendance": attendance,
            "description": f"Hội nghị người lao động năm {year} của {unit.name}.",
            "participants": [
                (presenter, "chủ trì", position_then(presenter, year)),
                (union, "đồng chủ trì, báo cáo", position_then(union, year)),
                (guest, "khách mời", position_then(guest, year)),
            ],
        },
        "body": [
            f"Ngày {start:%d/%m/%Y}, {unit.name} đã tổ chức Hội nghị người lao động năm {year} với sự tham dự "
            f"của {attendance} đại biểu đại diện cho người lao động toàn đơn vị. Đến dự Hội nghị có đồng chí "
            f"{named(guest, year)}.",
            f"Hội nghị đã nghe đồng chí {named(union, year)} báo cáo kết quả thực hiện Thỏa ước lao động tập thể và "
            f"quy chế dân chủ cơ sở năm {year - 1}; đồng chí {named(presenter, year)} trả lời các kiến nghị của "
            "người lao động về tiền lương, chế độ làm việc trên biển và điều kiện an toàn lao động.",
            f"Hội nghị đã biểu quyết thông qua Nghị quyết Hội nghị người lao động năm {year} và bầu đoàn đại biểu "
            "dự Hội nghị người lao động Vietsovpetro.",
        ],
        "mentions": [(name, position_then(name, year)) for name in (guest, union, presenter)],
        "credits": credits(programme),
        "photos": photos[: 2 + (index + year) % 2],
    }
