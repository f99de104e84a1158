"""The demo content, as plain data.

The seed article, the real report from the old intranet, is not here: it is imported from
``seed/`` through ``import_legacy``, as the old intranet's articles will be. Everything else is invented
for the demo: apart from the people named in the seed article, the people are fictional, and the
figures are plausible, not real.

Article specs are dicts with the keys ``title``, ``lead``, ``body`` (blocks, see ``spec.body_blocks``),
``unit``, ``category``, ``publish_at`` and optionally ``status`` (default published), ``featured``,
``author`` (a demo username, default "editor"), ``event`` (an event spec), ``mentions``
(name, position then), ``credits`` (role, a person's name or a name as printed) and ``photos``.
Units, people and categories are referred to by name.
"""

from typing import NamedTuple

from news.demo.spec import Relative, body_blocks
from news.models import ArticleStatus, CreditRole, EventKind
from news.roles import ADMINISTRATORS, CORRESPONDENTS, EDITORS

# ---------------------------------------------------------------------------------------------- units

VIETSOVPETRO = "Liên doanh Việt-Nga Vietsovpetro"
IT_CENTRE = "Trung tâm Công nghệ thông tin & Liên lạc"
PRODUCTION = "Xí nghiệp Khai thác Dầu khí"
DRILLING = "Xí nghiệp Khoan và Sửa giếng"
MARINE = "Xí nghiệp Vận tải biển và Công tác lặn"
NIPI = "Viện Nghiên cứu Khoa học và Thiết kế Dầu khí biển (NIPI)"
SAFETY_CENTRE = "Trung tâm An toàn Môi trường"
ELECTRICAL = "Xí nghiệp Cơ điện"
CONSTRUCTION = "Xí nghiệp Xây lắp, Khảo sát và Sửa chữa các công trình khai thác dầu khí"
GEOPHYSICS = "Xí nghiệp Địa vật lý giếng khoan"


class UnitData(NamedTuple):
    name: str
    short_name: str
    parent: str | None
    order: int
    aliases: tuple = ()
    description: str = ""


UNITS = [
    UnitData(
        VIETSOVPETRO,
        "Vietsovpetro",
        None,
        0,
        ("Vietsovpetro", "XNLD Vietsovpetro", "LD Việt-Nga Vietsovpetro"),
        "Liên doanh dầu khí Việt Nam – Liên bang Nga, thành lập ngày 19/6/1981, trụ sở tại Vũng Tàu.",
    ),
    UnitData(
        IT_CENTRE,
        "Trung tâm CNTT&LL",
        VIETSOVPETRO,
        10,
        ("Trung tâm Công nghệ TT&LL", "Trung tâm CNTT&LL", "Trung tâm Công nghệ thông tin & Liên lạc"),
        "Vận hành hệ thống công nghệ thông tin, mạng và viễn thông trên bờ và trên các công trình biển.",
    ),
    UnitData(
        PRODUCTION,
        "XN Khai thác Dầu khí",
        VIETSOVPETRO,
        20,
        ("XNKT", "Xí nghiệp Khai thác"),
        "Vận hành các giàn khai thác, hệ thống thu gom, xử lý và vận chuyển dầu khí.",
    ),
    UnitData(
        DRILLING,
        "XN Khoan và Sửa giếng",
        VIETSOVPETRO,
        30,
        ("XNK&SG", "Xí nghiệp Khoan"),
        "Khoan giếng mới và sửa chữa giếng bằng các giàn khoan tự nâng và giàn cố định.",
    ),
    UnitData(
        MARINE,
        "XN Vận tải biển và CTL",
        VIETSOVPETRO,
        40,
        ("XNVTB&CTL", "Xí nghiệp Vận tải biển"),
        "Đội tàu dịch vụ, tàu trực mỏ và các đội lặn phục vụ công trình biển.",
    ),
    UnitData(
        NIPI,
        "Viện NIPI",
        VIETSOVPETRO,
        50,
        ("NIPI", "Viện NCKH&TK", "Viện Nghiên cứu Khoa học và Thiết kế"),
        "Nghiên cứu địa chất, công nghệ khai thác và thiết kế công trình dầu khí biển.",
    ),
    UnitData(
        SAFETY_CENTRE,
        "Trung tâm ATMT",
        VIETSOVPETRO,
        60,
        ("TT An toàn Môi trường", "Trung tâm AT&MT"),
        "An toàn lao động, phòng chống cháy nổ, ứng cứu sự cố tràn dầu và bảo vệ môi trường.",
    ),
    UnitData(
        ELECTRICAL,
        "XN Cơ điện",
        VIETSOVPETRO,
        70,
        ("XNCĐ",),
        "Bảo dưỡng, sửa chữa thiết bị cơ khí, điện và tự động hóa trên bờ và trên biển.",
    ),
    UnitData(
        CONSTRUCTION,
        "XN Xây lắp",
        VIETSOVPETRO,
        80,
        ("XNXL", "Xí nghiệp Xây lắp, Khảo sát và Sửa chữa"),
        "Chế tạo, lắp đặt, khảo sát và sửa chữa các công trình khai thác dầu khí biển.",
    ),
    UnitData(
        GEOPHYSICS,
        "XN Địa vật lý",
        VIETSOVPETRO,
        90,
        ("XNĐVL", "Xí nghiệp Địa vật lý"),
        "Đo địa vật lý, bắn mìn và thử vỉa trong giếng khoan.",
    ),
]

# --------------------------------------------------------------------------------------------- people


class PersonData(NamedTuple):
    full_name: str
    unit: str
    position: str  # the current position
    sort_key: str = ""  # only for names written surname first: empty makes it from the name


PEOPLE = [
    # The people of the seed article, with the positions it names.
    PersonData("Cao Tùng Sơn", VIETSOVPETRO, "Phó Tổng giám đốc Vietsovpetro"),
    PersonData("Đặng Đình Công", IT_CENTRE, "Bí thư Đảng ủy, Giám đốc Trung tâm CNTT&LL"),
    PersonData("Nebozhenko Viktor", IT_CENTRE, "Chánh Kỹ sư Trung tâm CNTT&LL", "Nebozhenko Viktor"),
    PersonData("Trần Công Thịnh", IT_CENTRE, "Phó Chủ tịch Công đoàn Trung tâm CNTT&LL"),
    PersonData("Hoàng Tiến Lương", IT_CENTRE, "Cộng tác viên tin bài"),
    PersonData("Đinh Văn Tiến", IT_CENTRE, "Cộng tác viên ảnh"),
    # Fictional from here on.
    PersonData("Nguyễn Hoài Nam", VIETSOVPETRO, "Phó Tổng giám đốc Vietsovpetro"),
    PersonData("Petrov Andrey", VIETSOVPETRO, "Phó Tổng giám đốc thứ nhất Vietsovpetro", "Petrov Andrey"),
    PersonData("Bùi Quốc Khánh", VIETSOVPETRO, "Phó Tổng giám đốc Vietsovpetro"),
    PersonData("Vũ Đức Minh", VIETSOVPETRO, "Chủ tịch Công đoàn Vietsovpetro"),
    PersonData("Võ Thị Thanh Tâm", VIETSOVPETRO, "Chuyên viên truyền thông, Văn phòng Vietsovpetro"),
    PersonData("Lâm Hữu Phước", VIETSOVPETRO, "Phóng viên ảnh, Văn phòng Vietsovpetro"),
    PersonData("Kuznetsova Elena", VIETSOVPETRO, "Giảng viên tiếng Nga", "Kuznetsova Elena"),
    PersonData("Lê Quang Huy", IT_CENTRE, "Phó Giám đốc Trung tâm CNTT&LL"),
    PersonData("Phạm Quốc Bảo", IT_CENTRE, "Trưởng phòng Ứng dụng, Trung tâm CNTT&LL"),
    PersonData("Phan Thị Ngọc Anh", IT_CENTRE, "Chủ tịch Công đoàn Trung tâm CNTT&LL"),
    PersonData("Trương Văn Hải", PRODUCTION, "Giám đốc Xí nghiệp Khai thác Dầu khí"),
    PersonData("Ivanov Sergey", PRODUCTION, "Chánh Kỹ sư Xí nghiệp Khai thác Dầu khí", "Ivanov Sergey"),
    PersonData("Ngô Thị Lan", PRODUCTION, "Chủ tịch Công đoàn Xí nghiệp Khai thác Dầu khí"),
    PersonData("Đỗ Mạnh Cường", PRODUCTION, "Trưởng giàn MSP-4"),
    PersonData("Lại Thị Phương", PRODUCTION, "Cộng tác viên tin bài"),
    PersonData("Hồ Sỹ Phong", DRILLING, "Giám đốc Xí nghiệp Khoan và Sửa giếng"),
    PersonData("Smirnov Aleksandr", DRILLING, "Chánh Kỹ sư Xí nghiệp Khoan và Sửa giếng", "Smirnov Aleksandr"),
    PersonData("Lý Thị Mai", DRILLING, "Chủ tịch Công đoàn Xí nghiệp Khoan và Sửa giếng"),
    PersonData("Châu Văn Lộc", DRILLING, "Đốc công khoan giàn tự nâng Tam Đảo-03"),
    PersonData("Tạ Quang Vinh", MARINE, "Giám đốc Xí nghiệp Vận tải biển và Công tác lặn"),
    PersonData("Nguyễn Văn Dũng", MARINE, "Đội trưởng đội lặn số 2"),
    PersonData("Kiều Thị Hồng", MARINE, "Chủ tịch Công đoàn Xí nghiệp Vận tải biển và Công tác lặn"),
    PersonData("Phạm Thanh Bình", NIPI, "Viện trưởng Viện NIPI"),
    PersonData("Kozlov Dmitry", NIPI, "Phó Viện trưởng thứ nhất Viện NIPI", "Kozlov Dmitry"),
    PersonData("Trịnh Hoàng Yến", NIPI, "Trưởng phòng Thiết kế công nghệ, Viện NIPI"),
    PersonData("Mai Xuân Trường", NIPI, "Chủ tịch Công đoàn Viện NIPI"),
    PersonData("Lương Minh Đức", SAFETY_CENTRE, "Giám đốc Trung tâm An toàn Môi trường"),
    PersonData("Huỳnh Thị Kim Ngân", SAFETY_CENTRE, "Chuyên viên an toàn lao động"),
    PersonData("Dương Văn Thắng", ELECTRICAL, "Giám đốc Xí nghiệp Cơ điện"),
    PersonData("Quách Ngọc Sơn", CONSTRUCTION, "Giám đốc Xí nghiệp Xây lắp"),
    PersonData("Tô Minh Nhật", GEOPHYSICS, "Giám đốc Xí nghiệp Địa vật lý giếng khoan"),
]

# Earlier positions, by years (first, last, position); outside them a person held the current one.
POSITION_HISTORY = {
    "Bùi Quốc Khánh": [(2019, 2021, "Giám đốc Xí nghiệp Khai thác Dầu khí")],
    "Trương Văn Hải": [(2019, 2021, "Phó Giám đốc Xí nghiệp Khai thác Dầu khí")],
    "Nguyễn Văn Dũng": [(2019, 2022, "Thợ lặn, đội lặn số 2")],
}

# ----------------------------------------------------------------------------------------- categories

UNIT_NEWS = "Tin đơn vị"
CONFERENCES = "Hội nghị"
TRAINING = "Đào tạo"
CULTURE_SPORTS = "Văn hóa – Thể thao"
SAFETY = "An toàn"
SCIENCE = "Khoa học – Công nghệ"

CATEGORIES = [UNIT_NEWS, CONFERENCES, TRAINING, CULTURE_SPORTS, SAFETY, SCIENCE]  # in display order

# -------------------------------------------------------------------------------------------- sign-ins


class DemoUser(NamedTuple):
    username: str
    role: str  # as printed in the sign-in table
    first_name: str
    last_name: str
    group: str | None
    is_staff: bool = True
    is_superuser: bool = False
    units: tuple = ()  # the units a correspondent writes for
    works_in: str | None = None  # the unit whose news meant for it (audiences) reaches this user

    @property
    def password(self):
        """Known on purpose: a demo sign-in, reset on every load."""
        return f"demo-{self.username}-2024"

    @property
    def email(self):
        return f"{self.username}@vietsovpetro.invalid"


USERS = [
    DemoUser("admin", "administrator", "Quản trị", "Hệ thống", ADMINISTRATORS, is_superuser=True),
    DemoUser("editor", "editor", "Thanh Tâm", "Võ Thị", EDITORS),
    DemoUser(
        "correspondent",
        "correspondent",
        "Ngọc Anh",
        "Phan Thị",
        CORRESPONDENTS,
        units=(IT_CENTRE, DRILLING),
        works_in=IT_CENTRE,
    ),
    DemoUser("employee", "employee", "Văn Dũng", "Nguyễn", None, is_staff=False, works_in=IT_CENTRE),
]


class DemoReader(NamedTuple):
    """An employee who reads the portal but has no demo sign-in: their reads over the last weeks fill the reading
    statistics, and those who work where the must-read notice is meant acknowledge it."""

    username: str
    first_name: str
    last_name: str
    works_in: str
    acknowledges: bool = False  # the must-read notice, if it is meant for their unit

    @property
    def email(self):
        return f"{self.username}@vietsovpetro.invalid"


READERS = [
    DemoReader("reader.hoa", "Thị Hoa", "Trần", IT_CENTRE, acknowledges=True),
    DemoReader("reader.khanh", "Minh Khánh", "Lê", IT_CENTRE, acknowledges=True),
    DemoReader("reader.tuan", "Anh Tuấn", "Đỗ", IT_CENTRE, acknowledges=True),
    DemoReader("reader.phuong", "Thu Phương", "Vũ", IT_CENTRE),
    DemoReader("reader.long", "Hải Long", "Phạm", IT_CENTRE),
    DemoReader("reader.hung", "Quốc Hùng", "Nguyễn", PRODUCTION),
    DemoReader("reader.mai", "Thanh Mai", "Hoàng", PRODUCTION),
    DemoReader("reader.son", "Trường Sơn", "Bùi", DRILLING),
    DemoReader("reader.linh", "Khánh Linh", "Đặng", DRILLING),
    DemoReader("reader.thang", "Đức Thắng", "Ngô", MARINE),
    DemoReader("reader.ha", "Thu Hà", "Lý", NIPI),
    DemoReader("reader.quan", "Minh Quân", "Trịnh", NIPI),
    DemoReader("reader.nga", "Thúy Nga", "Huỳnh", SAFETY_CENTRE),
    DemoReader("reader.binh", "Thanh Bình", "Cao", ELECTRICAL),
    DemoReader("reader.dat", "Tiến Đạt", "Mai", CONSTRUCTION),
    DemoReader("reader.yen", "Hải Yến", "Tô", GEOPHYSICS),
]
# The demo sign-ins who acknowledge the must-read notice too; the demo employee has not yet, so it is pinned for them.
ACKNOWLEDGING_USERS = ("correspondent",)
# The demo employee has read the news of the last month up to this many days ago: what is newer is unread for them.
EMPLOYEE_UNREAD_DAYS = 4
# Reading history: how many days back, and how many articles a reader opens on a day they read (at most).
READ_HISTORY_DAYS = 30
MOST_READS_A_DAY = 3

# ------------------------------------------------------------------------------------- article parts


class PhotoData(NamedTuple):
    caption: str
    alt: str = ""  # empty: made from the caption
    people: tuple = ()  # names, left to right as the caption names them


TEXT, PHOTO, TEXT_AND_PHOTO = CreditRole.TEXT, CreditRole.PHOTO, CreditRole.TEXT_AND_PHOTO


# --------------------------------------------------------------------------------------- other events

TRAINING_COURSE = {
    "title": "Khóa đào tạo Ứng cứu sự cố an ninh mạng",
    "kind": EventKind.TRAINING,
    "unit": IT_CENTRE,
    "start": Relative(7, "08:00"),
    "end": Relative(9, "16:30"),
    "place": "Phòng đào tạo Trung tâm CNTT&LL, Vũng Tàu",
    "attendance": 30,
    "description": "Ba ngày lý thuyết và thực hành trên hệ thống mô phỏng, dành cho cán bộ phụ trách CNTT các đơn vị.",
    "participants": [("Lê Quang Huy", "khai giảng khóa học", "Phó Giám đốc Trung tâm CNTT&LL")],
}

SAFETY_CONTEST = {
    "title": "Hội thi An toàn vệ sinh viên giỏi Vietsovpetro",
    "kind": EventKind.OTHER,
    "unit": SAFETY_CENTRE,
    "start": Relative(14, "07:30"),
    "end": Relative(15, "17:00"),
    "place": "Cung Văn hóa Dầu khí, Vũng Tàu",
    "description": "Các đội thi của các đơn vị tranh tài phần lý thuyết, xử lý tình huống và thực hành sơ cấp cứu.",
    "participants": [("Lương Minh Đức", "trưởng ban tổ chức", "Giám đốc Trung tâm An toàn Môi trường")],
}

# Events without an article of their own.
EVENTS = [
    # Under way whenever the demo is loaded: from two days ago until three days ahead.
    {
        "title": "Triển lãm ảnh “Vietsovpetro – những chặng đường phát triển”",
        "kind": EventKind.OTHER,
        "unit": VIETSOVPETRO,
        "start": Relative(-2, "08:00"),
        "end": Relative(3, "17:00"),
        "place": "Cung Văn hóa Dầu khí, Vũng Tàu",
        "description": "Hơn 200 bức ảnh tư liệu về các công trình biển, con người và những mốc son của Liên doanh.",
    },
    {
        "title": "Lễ trao giải Hội thi Kỹ sư trẻ sáng tạo",
        "kind": EventKind.CEREMONY,
        "unit": VIETSOVPETRO,
        "start": Relative(24, "14:00"),
        "end": Relative(24, "16:30"),
        "place": "Hội trường Trụ sở Vietsovpetro, Vũng Tàu",
        "attendance": 150,
        "description": "Trao giải cho các đề tài, sáng kiến xuất sắc của kỹ sư trẻ dưới 35 tuổi.",
        "participants": [("Nguyễn Hoài Nam", "trao giải", "Phó Tổng giám đốc Vietsovpetro")],
    },
    {
        "title": "Hội nghị Khoa học Công nghệ Viện NIPI năm 2024",
        "kind": EventKind.OTHER,
        "unit": NIPI,
        "start": "15/11/2024 08:00",
        "end": "15/11/2024 16:30",
        "place": "Hội trường Viện NIPI, Vũng Tàu",
        "attendance": 120,
        "description": "Báo cáo các đề tài nghiên cứu về gia tăng thu hồi dầu và thiết kế công trình biển.",
        "participants": [
            ("Phạm Thanh Bình", "chủ trì", "Viện trưởng Viện NIPI"),
            ("Kozlov Dmitry", "đồng chủ trì", "Phó Viện trưởng thứ nhất Viện NIPI"),
        ],
    },
]

# ----------------------------------------------------------------------------------------- other news

NEWS = [
    {
        "title": "Vietsovpetro long trọng kỷ niệm 40 năm ngày thành lập (19/6/1981 – 19/6/2021)",
        "lead": (
            "Sáng 19/6/2021, Liên doanh Việt-Nga Vietsovpetro tổ chức Lễ kỷ niệm 40 năm ngày thành lập theo hình "
            "thức trực tiếp kết hợp trực tuyến, bảo đảm các biện pháp phòng chống dịch COVID-19."
        ),
        "publish_at": "19/06/2021 16:20",
        "unit": VIETSOVPETRO,
        "category": UNIT_NEWS,
        "featured": True,
        "event": {
            "title": "Lễ kỷ niệm 40 năm ngày thành lập Vietsovpetro",
            "kind": EventKind.CEREMONY,
            "unit": VIETSOVPETRO,
            "start": "19/06/2021 08:30",
            "end": "19/06/2021 11:00",
            "place": "Cung Văn hóa Dầu khí, Vũng Tàu",
            "attendance": 300,
            "participants": [
                ("Nguyễn Hoài Nam", "chủ trì", "Phó Tổng giám đốc Vietsovpetro"),
                ("Petrov Andrey", "phát biểu", "Phó Tổng giám đốc thứ nhất Vietsovpetro"),
            ],
        },
        "body": body_blocks(
            """
            Tham dự buổi lễ tại điểm cầu Vũng Tàu có đồng chí Petrov Andrey – Phó Tổng giám đốc thứ nhất
            Vietsovpetro, đồng chí Nguyễn Hoài Nam – Phó Tổng giám đốc Vietsovpetro, lãnh đạo các đơn vị cùng
            nhiều thế hệ cán bộ, kỹ sư, công nhân Việt Nam và Liên bang Nga đã gắn bó với Liên doanh.

            Trong 40 năm xây dựng và phát triển, Vietsovpetro đã tìm kiếm, thăm dò và đưa vào khai thác nhiều mỏ
            dầu khí trên thềm lục địa phía Nam, góp phần quan trọng vào sự phát triển của ngành Dầu khí Việt Nam.

            Phát biểu tại buổi lễ, đồng chí Petrov Andrey bày tỏ tin tưởng tập thể người lao động hai nước sẽ
            tiếp tục phát huy truyền thống đoàn kết, hữu nghị, hoàn thành thắng lợi các nhiệm vụ trong giai đoạn
            mới.

            Nhân dịp này, nhiều tập thể và cá nhân có thành tích xuất sắc đã được khen thưởng; Đoàn Thanh niên
            Vietsovpetro ra mắt công trình số hóa tư liệu lịch sử 40 năm của Liên doanh.
            """
        ),
        "mentions": [
            ("Petrov Andrey", "Phó Tổng giám đốc thứ nhất Vietsovpetro"),
            ("Nguyễn Hoài Nam", "Phó Tổng giám đốc Vietsovpetro"),
        ],
        "credits": [(TEXT, "Võ Thị Thanh Tâm"), (PHOTO, "Lâm Hữu Phước")],
        "photos": [
            PhotoData("Quang cảnh Lễ kỷ niệm 40 năm ngày thành lập Vietsovpetro"),
            PhotoData(
                "Đ/c Petrov Andrey – Phó Tổng giám đốc thứ nhất Vietsovpetro phát biểu tại buổi lễ",
                people=("Petrov Andrey",),
            ),
            PhotoData(
                "Đ/c Nguyễn Hoài Nam – Phó Tổng giám đốc Vietsovpetro trao khen thưởng cho các tập thể xuất sắc",
                people=("Nguyễn Hoài Nam",),
            ),
        ],
    },
    {
        "title": "Trung tâm CNTT&LL tổ chức khóa đào tạo an toàn thông tin cho cán bộ kỹ thuật",
        "lead": (
            "Từ ngày 11 đến 15/9/2023, 35 cán bộ kỹ thuật của các đơn vị được cập nhật kiến thức về phòng chống mã "
            "độc, lừa đảo qua thư điện tử và ứng cứu sự cố an ninh mạng."
        ),
        "publish_at": "15/09/2023 17:05",
        "unit": IT_CENTRE,
        "category": TRAINING,
        "event": {
            "title": "Khóa đào tạo An toàn thông tin cho cán bộ kỹ thuật năm 2023",
            "kind": EventKind.TRAINING,
            "unit": IT_CENTRE,
            "start": "11/09/2023 08:00",
            "end": "15/09/2023 16:30",
            "place": "Phòng đào tạo Trung tâm CNTT&LL, Vũng Tàu",
            "attendance": 35,
            "participants": [("Lê Quang Huy", "khai giảng khóa học", "Phó Giám đốc Trung tâm CNTT&LL")],
        },
        "body": body_blocks(
            """
            Khóa học do Trung tâm Công nghệ thông tin & Liên lạc phối hợp với Ban Đào tạo tổ chức, gồm phần lý
            thuyết và thực hành trên hệ thống mô phỏng được xây dựng riêng cho mạng điều hành sản xuất của
            Vietsovpetro.

            Phát biểu khai giảng, đồng chí Lê Quang Huy – Phó Giám đốc Trung tâm CNTT&LL nhấn mạnh: mỗi cán bộ kỹ
            thuật là lá chắn đầu tiên của hệ thống, cần nắm vững quy trình báo cáo và xử lý sự cố.

            Kết thúc khóa học, toàn bộ học viên đạt yêu cầu bài kiểm tra cuối khóa và được cấp chứng chỉ.
            """
        ),
        "mentions": [("Lê Quang Huy", "Phó Giám đốc Trung tâm CNTT&LL")],
        "credits": [(TEXT_AND_PHOTO, "Phan Thị Ngọc Anh")],
        "photos": [
            PhotoData(
                "Đ/c Lê Quang Huy – Phó Giám đốc Trung tâm CNTT&LL phát biểu khai giảng khóa học",
                people=("Lê Quang Huy",),
            ),
            PhotoData("Học viên thực hành xử lý sự cố trên hệ thống mô phỏng"),
        ],
    },
    {
        "title": "Diễn tập ứng cứu sự cố tràn dầu cấp cơ sở tại mỏ Bạch Hổ năm 2024",
        "lead": (
            "Sáng 17/10/2024, Trung tâm An toàn Môi trường phối hợp với Xí nghiệp Khai thác Dầu khí và Xí nghiệp "
            "Vận tải biển và Công tác lặn tổ chức diễn tập ứng cứu sự cố tràn dầu trên biển."
        ),
        "publish_at": "17/10/2024 15:30",
        "unit": SAFETY_CENTRE,
        "category": SAFETY,
        "featured": True,
        "event": {
            "title": "Diễn tập ứng cứu sự cố tràn dầu năm 2024",
            "kind": EventKind.OTHER,
            "unit": SAFETY_CENTRE,
            "start": "17/10/2024 07:30",
            "end": "17/10/2024 11:30",
            "place": "Mỏ Bạch Hổ",
            "attendance": 120,
            "participants": [
                ("Lương Minh Đức", "chỉ huy diễn tập", "Giám đốc Trung tâm An toàn Môi trường"),
                ("Tạ Quang Vinh", "chỉ huy lực lượng tàu", "Giám đốc Xí nghiệp Vận tải biển và Công tác lặn"),
            ],
        },
        "body": body_blocks(
            """
            Tình huống giả định: đường ống ngầm nối hai giàn bị rò rỉ, dầu loang trên diện tích khoảng 2 km² và
            có nguy cơ trôi dạt vào bờ. Ngay khi nhận tin báo, Ban Chỉ huy ứng cứu đã kích hoạt kế hoạch ứng phó,
            điều động tàu trực mỏ và đội ứng cứu đến hiện trường.

            Các lực lượng đã triển khai phao quây, thiết bị thu gom dầu và chất phân tán theo đúng quy trình; toàn
            bộ tình huống được xử lý trong 3 giờ.

            Đồng chí Lương Minh Đức – Giám đốc Trung tâm An toàn Môi trường đánh giá buổi diễn tập đạt yêu cầu,
            đồng thời đề nghị các đơn vị rà soát trang thiết bị, tăng cường huấn luyện để sẵn sàng ứng phó trong
            mọi tình huống. Đồng chí Tạ Quang Vinh – Giám đốc Xí nghiệp Vận tải biển và Công tác lặn cho biết đội
            tàu luôn có tàu trực sẵn sàng 24/24 giờ tại mỏ.
            """
        ),
        "mentions": [
            ("Lương Minh Đức", "Giám đốc Trung tâm An toàn Môi trường"),
            ("Tạ Quang Vinh", "Giám đốc Xí nghiệp Vận tải biển và Công tác lặn"),
        ],
        "credits": [(TEXT, "Huỳnh Thị Kim Ngân"), (PHOTO, "Lâm Hữu Phước")],
        "photos": [
            PhotoData("Tàu dịch vụ triển khai phao quây dầu quanh khu vực giả định sự cố"),
            PhotoData(
                "Đ/c Lương Minh Đức – Giám đốc Trung tâm An toàn Môi trường nhận xét buổi diễn tập",
                people=("Lương Minh Đức",),
            ),
            PhotoData("Lực lượng ứng cứu thu gom dầu giả định trên mặt biển"),
        ],
    },
    {
        "title": "Khai giảng lớp tiếng Nga chuyên ngành dầu khí cho kỹ sư trẻ",
        "lead": "Ngày 7/3/2022, 28 kỹ sư trẻ của các đơn vị bắt đầu khóa học tiếng Nga chuyên ngành kéo dài sáu tháng.",
        "publish_at": "08/03/2022 10:15",
        "unit": VIETSOVPETRO,
        "category": TRAINING,
        "event": {
            "title": "Lớp tiếng Nga chuyên ngành dầu khí năm 2022",
            "kind": EventKind.TRAINING,
            "unit": VIETSOVPETRO,
            "start": "07/03/2022 17:30",
            "end": "02/09/2022 19:30",
            "place": "Phòng học tầng 3, Trụ sở Vietsovpetro, Vũng Tàu",
            "attendance": 28,
            "participants": [("Kuznetsova Elena", "giảng viên", "Giảng viên tiếng Nga")],
        },
        "body": body_blocks(
            """
            Tiếng Nga là ngôn ngữ làm việc của Liên doanh cùng với tiếng Việt. Khóa học giúp kỹ sư trẻ đọc hiểu
            tài liệu kỹ thuật, trao đổi trực tiếp với chuyên gia Nga trên giàn và trong các cuộc họp kỹ thuật.

            Giảng viên chính của khóa học là cô Kuznetsova Elena, người đã có nhiều năm giảng dạy tiếng Nga cho cán
            bộ Vietsovpetro.

            Học viên hoàn thành khóa học sẽ được xét cử tham gia các chương trình trao đổi chuyên gia và thực tập
            tại Liên bang Nga.
            """
        ),
        "mentions": [("Kuznetsova Elena", "Giảng viên tiếng Nga")],
        "credits": [(TEXT_AND_PHOTO, "Võ Thị Thanh Tâm")],
        "photos": [
            PhotoData("Cô Kuznetsova Elena trong buổi học đầu tiên", people=("Kuznetsova Elena",)),
            PhotoData("Các học viên lớp tiếng Nga chuyên ngành dầu khí năm 2022"),
        ],
    },
    {
        "title": "Xí nghiệp Khoan và Sửa giếng vô địch Giải bóng đá mini CBCNV Vietsovpetro năm 2023",
        "lead": (
            "Sau hai tuần tranh tài sôi nổi của 12 đội bóng, chiều 25/3/2023 giải bóng đá mini cán bộ công nhân "
            "viên Vietsovpetro đã khép lại."
        ),
        "publish_at": "26/03/2023 08:40",
        "unit": VIETSOVPETRO,
        "category": CULTURE_SPORTS,
        "event": {
            "title": "Giải bóng đá mini CBCNV Vietsovpetro năm 2023",
            "kind": EventKind.OTHER,
            "unit": VIETSOVPETRO,
            "start": "11/03/2023 15:00",
            "end": "25/03/2023 18:00",
            "place": "Sân bóng Trung tâm Thể thao Dầu khí, Vũng Tàu",
            "attendance": 240,
            "participants": [("Vũ Đức Minh", "trao giải", "Chủ tịch Công đoàn Vietsovpetro")],
        },
        "body": body_blocks(
            """
            Giải do Công đoàn Vietsovpetro tổ chức chào mừng ngày thành lập Đoàn TNCS Hồ Chí Minh 26/3, tạo sân
            chơi rèn luyện sức khỏe và giao lưu giữa người lao động các đơn vị.

            Trận chung kết giữa đội Xí nghiệp Khoan và Sửa giếng và đội Xí nghiệp Cơ điện diễn ra hấp dẫn; đội Xí
            nghiệp Khoan và Sửa giếng, do anh Châu Văn Lộc làm đội trưởng, giành chiến thắng sau loạt sút luân lưu.

            Đồng chí Vũ Đức Minh – Chủ tịch Công đoàn Vietsovpetro đã trao cúp vô địch và các giải cá nhân cho các
            cầu thủ xuất sắc.
            """
        ),
        "mentions": [
            ("Vũ Đức Minh", "Chủ tịch Công đoàn Vietsovpetro"),
            ("Châu Văn Lộc", "Đội trưởng đội bóng Xí nghiệp Khoan và Sửa giếng"),
        ],
        "credits": [(TEXT_AND_PHOTO, "Minh Khoa")],
        "photos": [
            PhotoData("Pha tranh bóng trong trận chung kết"),
            PhotoData(
                "Đ/c Vũ Đức Minh trao cúp vô địch cho đội Xí nghiệp Khoan và Sửa giếng",
                people=("Vũ Đức Minh", "Châu Văn Lộc"),
            ),
        ],
    },
    {
        "title": "Vietsovpetro hưởng ứng Tháng hành động về an toàn, vệ sinh lao động năm 2024",
        "lead": (
            "Lễ phát động ngày 6/5/2024 mở đầu một tháng kiểm tra, huấn luyện và tuyên truyền an toàn trên các "
            "công trình biển và cơ sở trên bờ."
        ),
        "publish_at": "06/05/2024 14:10",
        "unit": SAFETY_CENTRE,
        "category": SAFETY,
        "body": body_blocks(
            """
            Trong tháng, các đơn vị tổ chức tự kiểm tra an toàn trên các giàn khoan, giàn khai thác và tàu dịch
            vụ; huấn luyện sơ cấp cứu, thoát hiểm và chữa cháy cho người lao động trước mỗi chuyến đi biển.

            Đồng chí Lương Minh Đức – Giám đốc Trung tâm An toàn Môi trường đề nghị mỗi người lao động thực hiện
            nghiêm quyền dừng công việc khi phát hiện nguy cơ mất an toàn.

            Trung tâm cũng phát hành bộ tài liệu hướng dẫn nhận diện mối nguy bằng tiếng Việt và tiếng Nga cho các
            tổ đội sản xuất.
            """
        ),
        "mentions": [("Lương Minh Đức", "Giám đốc Trung tâm An toàn Môi trường")],
        "credits": [(TEXT, "Huỳnh Thị Kim Ngân"), (PHOTO, "Lâm Hữu Phước")],
        "photos": [
            PhotoData("Lễ phát động Tháng hành động về an toàn, vệ sinh lao động năm 2024"),
            PhotoData("Huấn luyện thoát hiểm trên giàn MSP-4", people=("Đỗ Mạnh Cường",)),
        ],
    },
    {
        "title": "Viện NIPI hoàn thành hồ sơ thiết kế giàn đầu giếng không người ở",
        "lead": (
            "Sau 14 tháng, Viện NIPI đã bàn giao hồ sơ thiết kế kỹ thuật giàn đầu giếng không người ở, giải pháp "
            "giảm chi phí đầu tư và vận hành cho các mỏ nhỏ, cận biên."
        ),
        "publish_at": Relative(-6, "10:05"),
        "unit": NIPI,
        "category": SCIENCE,
        "body": body_blocks(
            """
            Thiết kế do đội ngũ kỹ sư của Viện thực hiện, áp dụng mô hình thông tin công trình 3D để phối hợp giữa
            các bộ môn công nghệ, kết cấu, điện và tự động hóa.

            Theo đồng chí Trịnh Hoàng Yến – Trưởng phòng Thiết kế công nghệ, việc tối ưu bố trí thiết bị đã giảm
            khoảng 15% khối lượng thép của khối thượng tầng so với các giàn nhẹ trước đây.

            Đồng chí Phạm Thanh Bình – Viện trưởng Viện NIPI khẳng định đây là bước tiến trong việc làm chủ công
            nghệ thiết kế công trình biển của Vietsovpetro.
            """
        ),
        "mentions": [
            ("Trịnh Hoàng Yến", "Trưởng phòng Thiết kế công nghệ"),
            ("Phạm Thanh Bình", "Viện trưởng Viện NIPI"),
        ],
        "credits": [(TEXT, "Hải Yến"), (PHOTO, "Lâm Hữu Phước")],
        "photos": [
            PhotoData("Mô hình 3D khối thượng tầng giàn đầu giếng không người ở"),
            PhotoData(
                "Đ/c Phạm Thanh Bình và đ/c Trịnh Hoàng Yến tại buổi bàn giao hồ sơ thiết kế",
                people=("Phạm Thanh Bình", "Trịnh Hoàng Yến"),
            ),
        ],
    },
    {
        "title": (
            "Xí nghiệp Cơ điện hoàn thành bảo dưỡng định kỳ tổ máy phát điện tua-bin khí trên giàn công nghệ trung tâm"
        ),
        "lead": "Công việc hoàn thành trước 2 ngày so với kế hoạch, bảo đảm cấp điện liên tục cho hoạt động khai thác.",
        "publish_at": Relative(-3, "15:40"),
        "unit": ELECTRICAL,
        "category": UNIT_NEWS,
        "body": body_blocks(
            """
            Trong 12 ngày làm việc trên biển, tổ công tác gồm 18 kỹ sư và công nhân đã kiểm tra, thay thế các chi
            tiết hao mòn và hiệu chỉnh hệ thống điều khiển của tổ máy.

            Đồng chí Dương Văn Thắng – Giám đốc Xí nghiệp Cơ điện biểu dương tinh thần trách nhiệm của tổ công tác,
            đồng thời yêu cầu tổng kết kinh nghiệm để áp dụng cho các tổ máy khác.
            """
        ),
        "mentions": [("Dương Văn Thắng", "Giám đốc Xí nghiệp Cơ điện")],
        "credits": [(TEXT_AND_PHOTO, "Ngọc Hân")],
        "photos": [
            PhotoData("Tổ công tác kiểm tra tổ máy phát điện tua-bin khí"),
            PhotoData("Thay thế chi tiết hao mòn trong buồng máy"),
        ],
    },
    {
        "title": "Sôi nổi hội thao kỹ năng nghề thợ lặn năm 2022",
        "lead": (
            "Ngày 15/11/2022, Xí nghiệp Vận tải biển và Công tác lặn tổ chức hội thao kỹ năng nghề cho 40 thợ lặn "
            "thuộc các đội lặn của Xí nghiệp."
        ),
        "publish_at": "16/11/2022 09:20",
        "unit": MARINE,
        "category": CULTURE_SPORTS,
        "event": {
            "title": "Hội thao kỹ năng nghề thợ lặn năm 2022",
            "kind": EventKind.OTHER,
            "unit": MARINE,
            "start": "15/11/2022 07:30",
            "end": "15/11/2022 16:30",
            "place": "Cảng Vietsovpetro, Vũng Tàu",
            "attendance": 40,
            "participants": [
                ("Tạ Quang Vinh", "trưởng ban tổ chức", "Giám đốc Xí nghiệp Vận tải biển và Công tác lặn"),
                ("Nguyễn Văn Dũng", "thí sinh", "Thợ lặn, đội lặn số 2"),
            ],
        },
        "body": body_blocks(
            """
            Các thí sinh tranh tài ở các nội dung: lặn tìm vật trong điều kiện tầm nhìn hạn chế, cắt hàn dưới
            nước, sơ cứu và cấp cứu thợ lặn gặp sự cố.

            Đồng chí Tạ Quang Vinh – Giám đốc Xí nghiệp cho biết hội thao là dịp để thợ lặn trau dồi kỹ năng, chuẩn
            bị cho khối lượng lớn công việc kiểm tra, sửa chữa chân đế và đường ống ngầm trong năm tới.

            Kết quả, đội lặn số 2 giành giải nhất toàn đoàn; thợ lặn Nguyễn Văn Dũng đoạt giải nhất nội dung cắt
            hàn dưới nước.
            """
        ),
        "mentions": [
            ("Tạ Quang Vinh", "Giám đốc Xí nghiệp Vận tải biển và Công tác lặn"),
            ("Nguyễn Văn Dũng", "Thợ lặn, đội lặn số 2"),
        ],
        "credits": [(TEXT, "Võ Thị Thanh Tâm"), (PHOTO, "Trung Kiên")],
        "photos": [
            PhotoData("Thí sinh chuẩn bị thiết bị trước phần thi lặn tìm vật"),
            PhotoData("Thợ lặn Nguyễn Văn Dũng ở phần thi cắt hàn dưới nước", people=("Nguyễn Văn Dũng",)),
        ],
    },
    {
        "title": "Xí nghiệp Xây lắp hạ thủy khối chân đế giàn nhẹ an toàn, vượt tiến độ",
        "lead": (
            "Ngày 9/6/2022, khối chân đế nặng hơn 2.000 tấn do Xí nghiệp Xây lắp chế tạo đã được hạ thủy an toàn "
            "tại bãi lắp ráp ở Vũng Tàu."
        ),
        "publish_at": "09/06/2022 18:25",
        "unit": CONSTRUCTION,
        "category": UNIT_NEWS,
        "body": body_blocks(
            """
            Khối chân đế được chế tạo trong 7 tháng với hơn 150.000 giờ công lao động an toàn, không để xảy ra sự
            cố.

            Đồng chí Quách Ngọc Sơn – Giám đốc Xí nghiệp Xây lắp cảm ơn sự phối hợp của Viện NIPI trong công tác
            thiết kế và giám sát, đồng thời cho biết Xí nghiệp sẽ lắp đặt khối chân đế ngoài biển trong quý III.
            """
        ),
        "mentions": [("Quách Ngọc Sơn", "Giám đốc Xí nghiệp Xây lắp")],
        "credits": [(TEXT, "Đức Anh"), (PHOTO, "Lâm Hữu Phước")],
        "photos": [
            PhotoData("Khối chân đế trên sà lan trước khi hạ thủy"),
            PhotoData("Đ/c Quách Ngọc Sơn kiểm tra công tác chuẩn bị hạ thủy", people=("Quách Ngọc Sơn",)),
        ],
    },
    {
        "title": "Mở đăng ký khóa đào tạo Ứng cứu sự cố an ninh mạng",
        "lead": (
            "Trung tâm CNTT&LL mở đăng ký khóa đào tạo ứng cứu sự cố an ninh mạng dành cho cán bộ phụ trách công "
            "nghệ thông tin của các đơn vị."
        ),
        "publish_at": Relative(-1, "09:00"),
        "unit": IT_CENTRE,
        "category": TRAINING,
        "event": TRAINING_COURSE,
        "body": body_blocks(
            """
            Khóa học kéo dài ba ngày, gồm: nhận diện dấu hiệu tấn công, thu thập chứng cứ số, khôi phục hệ thống và
            báo cáo sự cố theo quy trình của Vietsovpetro.

            Các đơn vị gửi danh sách học viên về Trung tâm CNTT&LL chậm nhất ba ngày trước ngày khai giảng; mỗi đơn
            vị cử tối đa 2 học viên.
            """
        ),
        "credits": [(TEXT, "Phan Thị Ngọc Anh")],
        "photos": [PhotoData("Phòng đào tạo của Trung tâm CNTT&LL")],
    },
    # For one unit only, and a notice its people must confirm they have read.
    {
        "title": "Thông báo đổi mật khẩu tài khoản miền theo chính sách mật khẩu mới",
        "lead": (
            "Toàn thể cán bộ, nhân viên Trung tâm CNTT&LL đổi mật khẩu tài khoản miền theo chính sách mật khẩu mới "
            "trong hai tuần và xác nhận đã đọc thông báo này."
        ),
        # Yesterday, not today: published (and pinned) whatever the hour the demo is loaded.
        "publish_at": Relative(-1, "07:30"),
        "unit": IT_CENTRE,
        "category": UNIT_NEWS,
        "for_units": (IT_CENTRE,),
        "must_read_within_days": 13,
        "body": body_blocks(
            """
            Mật khẩu mới dài ít nhất 12 ký tự, gồm chữ hoa, chữ thường, chữ số và ký tự đặc biệt, không trùng với
            năm mật khẩu gần nhất.

            Cán bộ gặp khó khăn khi đổi mật khẩu liên hệ bộ phận hỗ trợ người dùng của Trung tâm (số nội bộ 3366).
            """
        ),
        "credits": [(TEXT, "Phan Thị Ngọc Anh")],
    },
    # Scheduled: published, due in two days.
    {
        "title": "Thông báo tổ chức Hội thi An toàn vệ sinh viên giỏi Vietsovpetro",
        "lead": "Mỗi đơn vị thành lập một đội thi gồm 5 an toàn vệ sinh viên; hạn đăng ký là ba ngày trước hội thi.",
        "publish_at": Relative(2, "08:00"),
        "unit": SAFETY_CENTRE,
        "category": SAFETY,
        "event": SAFETY_CONTEST,
        "body": body_blocks(
            """
            Hội thi nhằm nâng cao kiến thức, kỹ năng của mạng lưới an toàn vệ sinh viên, góp phần phòng ngừa tai
            nạn lao động trên các công trình biển và cơ sở trên bờ.

            Nội dung thi gồm: phần lý thuyết về pháp luật an toàn, vệ sinh lao động; phần xử lý tình huống và phần
            thực hành sơ cấp cứu, chữa cháy ban đầu.
            """
        ),
        "mentions": [("Lương Minh Đức", "Giám đốc Trung tâm An toàn Môi trường")],
        "credits": [(TEXT, "Huỳnh Thị Kim Ngân")],
        "photos": [PhotoData("Hội thi An toàn vệ sinh viên giỏi lần trước")],
    },
    # Not published: a correspondent's draft and one waiting for review.
    {
        "title": "Trung tâm CNTT&LL thử nghiệm hệ thống hội nghị truyền hình cho các công trình biển",
        "lead": "Hệ thống mới cho phép các giàn tham gia giao ban trực tuyến với chất lượng hình ảnh cao qua vệ tinh.",
        "status": ArticleStatus.DRAFT,
        "publish_at": None,
        "author": "correspondent",
        "unit": IT_CENTRE,
        "category": UNIT_NEWS,
        "body": body_blocks(
            """
            Giai đoạn thử nghiệm kéo dài hai tháng trên giàn MSP-4 và giàn công nghệ trung tâm.

            (Chờ bổ sung ý kiến của lãnh đạo Trung tâm và ảnh.)
            """
        ),
        "credits": [(TEXT, "Phan Thị Ngọc Anh")],
    },
    {
        "title": "Xí nghiệp Khoan và Sửa giếng đạt mốc ba năm làm việc an toàn không có tai nạn lao động",
        "lead": "Hơn 2,5 triệu giờ công an toàn trên các giàn khoan tự nâng và giàn cố định.",
        "status": ArticleStatus.REVIEW,
        "publish_at": None,
        "author": "correspondent",
        "unit": DRILLING,
        "category": SAFETY,
        "body": body_blocks(
            """
            Kết quả có được nhờ việc tuân thủ nghiêm quy trình cấp phép làm việc và phân tích an toàn công việc
            trước mỗi ca.

            Đồng chí Hồ Sỹ Phong – Giám đốc Xí nghiệp Khoan và Sửa giếng khen thưởng các kíp khoan có thành tích
            xuất sắc.
            """
        ),
        "mentions": [("Hồ Sỹ Phong", "Giám đốc Xí nghiệp Khoan và Sửa giếng")],
        "credits": [(TEXT_AND_PHOTO, "Minh Khoa")],
        "photos": [PhotoData("Kíp khoan giàn tự nâng Tam Đảo-03", people=("Châu Văn Lộc",))],
    },
]

# ------------------------------------------------------------------------------ conference programmes

# Vietsovpetro's leaders who attend the units' year-end reviews, by years (first, last, name).
REVIEW_GUESTS = [(2019, 2025, "Nguyễn Hoài Nam"), (2019, 2025, "Petrov Andrey"), (2022, 2025, "Bùi Quốc Khánh")]
# Who attends the units' workers' conferences for the company's trade union.
WORKERS_GUEST = "Vũ Đức Minh"

YEAR_CONTEXT = {
    2020: "Năm 2020, trong điều kiện dịch bệnh COVID-19 diễn biến phức tạp và giá dầu giảm sâu",
    2021: "Năm 2021, vừa thực hiện nghiêm các biện pháp phòng chống dịch COVID-19 vừa duy trì sản xuất liên tục",
    2022: "Năm 2022, khi các hoạt động sản xuất trở lại trạng thái bình thường mới",
    2023: "Năm 2023, với nhiều nhiệm vụ mới của kế hoạch 5 năm 2021–2025",
    2024: "Năm 2024, năm tăng tốc để hoàn thành kế hoạch 5 năm 2021–2025",
    2025: "Năm 2025, năm cuối thực hiện kế hoạch 5 năm 2021–2025",
}

# Each unit's yearly conferences. Roles name a person, or list (first, last, name) when the holder changed.
# A year's facts fill the unit's ``results`` and ``plan`` templates ({year} and {next} are always there).
# ``review`` is when the year-end review was held (often late December, sometimes the next January);
# ``workers`` is (start, attendance) of that year's workers' conference, held early in the year;
# ``report`` is the status of the review's report when it is not published yet.
# Years left out are the gaps in the conference table.
CONFERENCE_PROGRAMMES = [
    {
        "unit": IT_CENTRE,
        "place": "Hội trường Trung tâm CNTT&LL, Vũng Tàu",
        "presenter": "Lê Quang Huy",
        "speaker": "Phạm Quốc Bảo",
        "union": "Phan Thị Ngọc Anh",
        "writer": "Phan Thị Ngọc Anh",
        "photographer": "Quang Minh",
        "topic": "giải pháp chuyển đổi số trong quản lý và điều hành sản xuất",
        "directive": (
            "tiếp tục đẩy mạnh chuyển đổi số và bảo đảm an toàn thông tin cho hệ thống điều hành sản xuất của "
            "Vietsovpetro"
        ),
        "results": [
            "Vận hành an toàn, ổn định và thông suốt 24/7 các hệ thống ứng dụng, CSDL, hạ tầng mạng và viễn thông "
            "trên bờ và trên {sites} công trình biển.",
            "Được Hội đồng SK-SC Vietsovpetro công nhận {initiatives} sáng kiến cải tiến kỹ thuật.",
            "Doanh thu dịch vụ cung cấp cho các đơn vị và các lô ngoài đạt {revenue} USD.",
        ],
        "plan": ["Bảo đảm thông tin liên lạc thông suốt giữa đất liền và các công trình biển năm {next}."],
        "years": {
            2020: {
                "review": "23/12/2020 08:00",
                "attendance": 52,
                "sites": 42,
                "initiatives": "02",
                "revenue": "245.000",
                "focus": "Hoàn thiện hệ thống họp trực tuyến, đáp ứng yêu cầu làm việc từ xa.",
            },
            2021: {
                "review": "28/12/2021 14:00",
                "attendance": 45,
                "sites": 44,
                "initiatives": "03",
                "revenue": "262.000",
                "focus": "Xây dựng kho dữ liệu dùng chung phục vụ điều hành sản xuất.",
                "workers": ("22/01/2021 08:00", 58),
            },
            2022: {
                "review": "27/12/2022 08:00",
                "attendance": 55,
                "sites": 45,
                "initiatives": "02",
                "revenue": "280.000",
                "focus": "Triển khai quản lý văn bản điện tử và chữ ký số trong toàn Liên doanh.",
            },
            2023: {
                "review": "26/12/2023 08:00",
                "attendance": 57,
                "sites": 46,
                "initiatives": "04",
                "revenue": "305.000",
                "focus": "Đưa vào vận hành trung tâm giám sát an toàn thông tin.",
                "workers": ("10/02/2023 08:00", 62),
            },
            2024: {
                "review": "25/12/2024 08:00",
                "attendance": 60,
                "sites": 47,
                "initiatives": "03",
                "revenue": "318.000",
                "focus": "Nghiên cứu ứng dụng trí tuệ nhân tạo trong phân tích dữ liệu vận hành thiết bị.",
                "workers": ("17/01/2024 08:00", 64),
            },
            2025: {
                "review": "24/12/2025 08:00",
                "attendance": 61,
                "sites": 48,
                "initiatives": "05",
                "revenue": "334.000",
                "focus": "Hoàn thành nền tảng dữ liệu số cho các mỏ đang khai thác.",
            },
        },
    },
    {
        "unit": PRODUCTION,
        "place": "Hội trường Xí nghiệp Khai thác Dầu khí, Vũng Tàu",
        "presenter": [(2020, 2021, "Bùi Quốc Khánh"), (2022, 2025, "Trương Văn Hải")],
        "speaker": [(2020, 2021, "Trương Văn Hải"), (2022, 2025, "Ivanov Sergey")],
        "union": "Ngô Thị Lan",
        "writer": "Lại Thị Phương",
        "photographer": "Lâm Hữu Phước",
        "topic": "giải pháp tối ưu chế độ khai thác các giếng ngập nước",
        "directive": (
            "tối ưu hóa chế độ vận hành giếng, tiết giảm chi phí và bảo đảm tuyệt đối an toàn trên các công trình biển"
        ),
        "results": [
            "Khai thác {oil} triệu tấn dầu, vượt {over}% kế hoạch năm.",
            "Vận hành an toàn {platforms} giàn cố định và giàn nhẹ, không để xảy ra sự cố nghiêm trọng.",
            "Đưa {wells} giếng mới vào khai thác.",
        ],
        "plan": ["Hoàn thành kế hoạch khai thác dầu khí năm {next} được Ban Tổng giám đốc giao."],
        "years": {
            2020: {
                "review": "29/12/2020 08:00",
                "attendance": 180,
                "oil": "3,56",
                "over": "2,1",
                "platforms": 28,
                "wells": 12,
                "focus": "Duy trì sản lượng trong điều kiện giá dầu thấp bằng các giải pháp tiết giảm chi phí.",
                "workers": ("16/01/2020 08:00", 150),
            },
            2021: {
                "review": "30/12/2021 08:00",
                "attendance": 160,
                "oil": "3,45",
                "over": "1,8",
                "platforms": 28,
                "wells": 10,
                "focus": "Bảo đảm phòng chống dịch cho người lao động làm việc theo ca dài ngày trên biển.",
            },
            2022: {
                "review": "28/12/2022 08:00",
                "attendance": 190,
                "oil": "3,31",
                "over": "3,2",
                "platforms": 30,
                "wells": 11,
                "focus": "Đưa các giàn nhẹ mới vào vận hành đúng tiến độ.",
                "workers": ("18/02/2022 08:00", 155),
            },
            2023: {
                "review": "27/12/2023 14:00",
                "attendance": 195,
                "oil": "3,12",
                "over": "2,5",
                "platforms": 30,
                "wells": 9,
                "focus": "Số hóa công tác giám sát vận hành giếng và thiết bị trên giàn.",
            },
            2024: {
                "review": "07/01/2025 08:00",
                "attendance": 200,
                "oil": "3,05",
                "over": "1,5",
                "platforms": 31,
                "wells": 8,
                "focus": "Thu hồi khí đồng hành để sử dụng trên các công trình biển, giảm phát thải.",
                "workers": ("24/01/2024 08:00", 160),
            },
            2025: {
                "review": "06/01/2026 08:00",
                "attendance": 205,
                "oil": "2,98",
                "over": "1,2",
                "platforms": 31,
                "wells": 9,
                "focus": "Chuẩn bị vận hành các giàn mới của kế hoạch 5 năm 2026–2030.",
            },
        },
    },
    {
        "unit": DRILLING,
        "place": "Hội trường Xí nghiệp Khoan và Sửa giếng, Vũng Tàu",
        "presenter": "Hồ Sỹ Phong",
        "speaker": "Smirnov Aleksandr",
        "union": "Lý Thị Mai",
        "writer": "Minh Khoa",
        "photographer": "Minh Khoa",
        "topic": "kinh nghiệm rút ngắn thời gian thi công giếng trên giàn tự nâng",
        "directive": "nâng cao hiệu quả sử dụng giàn khoan, tiết giảm chi phí và bảo đảm an toàn trong thi công giếng",
        "results": [
            "Hoàn thành khoan {new_wells} giếng mới và sửa chữa lớn {workovers} giếng.",
            "Thời gian thi công trung bình một giếng giảm {saved} ngày so với kế hoạch.",
            "Doanh thu dịch vụ khoan cho các đối tác bên ngoài đạt {revenue} triệu USD.",
        ],
        "plan": ["Bảo đảm tiến độ khoan theo chương trình năm {next}, ưu tiên các giếng có sản lượng ban đầu cao."],
        "years": {
            2020: {
                "review": "22/12/2020 08:00",
                "attendance": 140,
                "new_wells": 14,
                "workovers": 21,
                "saved": "3,5",
                "revenue": "12,4",
                "focus": "Nâng cao năng lực các đội sửa giếng để đáp ứng khối lượng công việc tăng.",
            },
            2021: {
                "review": "21/12/2021 08:00",
                "attendance": 120,
                "new_wells": 11,
                "workovers": 18,
                "saved": "4",
                "revenue": "10,8",
                "focus": "Hoàn thiện quy trình thay ca an toàn trong điều kiện dịch bệnh.",
                "workers": ("20/01/2021 14:00", 130),
            },
            2022: {
                "review": "20/12/2022 08:00",
                "attendance": 150,
                "new_wells": 15,
                "workovers": 24,
                "saved": "4,2",
                "revenue": "15,1",
                "focus": "Mở rộng cung cấp dịch vụ khoan cho các nhà thầu dầu khí trong nước.",
                "workers": ("25/02/2022 08:00", 135),
            },
            2023: {
                "review": "19/12/2023 08:00",
                "attendance": 155,
                "new_wells": 16,
                "workovers": 22,
                "saved": "5",
                "revenue": "17,6",
                "focus": "Áp dụng công nghệ khoan định hướng mới cho các giếng thân ngang dài.",
            },
            2024: {
                "review": "24/12/2024 08:00",
                "attendance": 160,
                "new_wells": 13,
                "workovers": 26,
                "saved": "5,5",
                "revenue": "19,2",
                "focus": "Đào tạo đội ngũ kỹ sư khoan trẻ, chuẩn bị nhân lực cho các dự án mới.",
            },
            2025: {
                "review": "23/12/2025 08:00",
                "attendance": 162,
                "new_wells": 14,
                "workovers": 25,
                "saved": "6",
                "revenue": "21,0",
                "focus": "Hiện đại hóa thiết bị của giàn tự nâng Tam Đảo-03.",
            },
        },
    },
    {
        "unit": NIPI,
        "place": "Hội trường Viện NIPI, Vũng Tàu",
        "presenter": "Phạm Thanh Bình",
        "speaker": "Kozlov Dmitry",
        "union": "Mai Xuân Trường",
        "writer": "Hải Yến",
        "photographer": "Lâm Hữu Phước",
        "topic": "các giải pháp gia tăng hệ số thu hồi dầu cho tầng móng",
        "directive": (
            "tăng cường nghiên cứu giải pháp gia tăng hệ số thu hồi dầu và làm chủ công nghệ thiết kế công trình biển"
        ),
        "results": [
            "Hoàn thành {projects} đề án, hồ sơ thiết kế và báo cáo nghiên cứu khoa học.",
            "Cập nhật sơ đồ công nghệ khai thác cho {fields} mỏ và cấu tạo.",
            "Được công nhận {initiatives} sáng kiến cải tiến kỹ thuật.",
        ],
        "plan": ["Bảo đảm chất lượng và tiến độ các hồ sơ thiết kế phục vụ kế hoạch năm {next}."],
        "years": {
            2020: {
                "review": "24/12/2020 14:00",
                "attendance": 210,
                "projects": 46,
                "fields": 7,
                "initiatives": "05",
                "focus": "Hoàn thiện báo cáo đánh giá lại trữ lượng các mỏ đang khai thác.",
            },
            2021: {
                "review": "29/12/2021 08:00",
                "attendance": 180,
                "projects": 51,
                "fields": 7,
                "initiatives": "06",
                "focus": "Thiết kế giàn nhẹ cho mỏ nhỏ, cận biên với chi phí tối ưu.",
                "report": ArticleStatus.REVIEW,
            },
            2022: {
                "review": "23/12/2022 08:00",
                "attendance": 220,
                "projects": 49,
                "fields": 8,
                "initiatives": "04",
                "focus": "Ứng dụng mô hình mô phỏng số trong thiết kế khai thác.",
            },
            2023: {
                "review": "22/12/2023 08:00",
                "attendance": 225,
                "projects": 55,
                "fields": 8,
                "initiatives": "07",
                "focus": "Nghiên cứu giải pháp thu hồi và sử dụng khí đồng hành.",
                "workers": ("03/03/2023 08:00", 190),
            },
            2024: {
                "review": "26/12/2024 14:00",
                "attendance": 230,
                "projects": 58,
                "fields": 9,
                "initiatives": "06",
                "focus": "Đẩy mạnh hợp tác nghiên cứu với các viện, trường đại học trong và ngoài nước.",
            },
        },
    },
    {
        "unit": MARINE,
        "place": "Hội trường Xí nghiệp Vận tải biển và Công tác lặn, Vũng Tàu",
        "presenter": "Tạ Quang Vinh",
        "speaker": "Nguyễn Văn Dũng",
        "union": "Kiều Thị Hồng",
        "writer": "Võ Thị Thanh Tâm",
        "photographer": "Trung Kiên",
        "topic": "bảo đảm an toàn trong công tác lặn sâu",
        "directive": "bảo đảm an toàn hàng hải, nâng cao chất lượng dịch vụ tàu và công tác lặn",
        "results": [
            "Đội tàu thực hiện {voyages} chuyến phục vụ các công trình biển an toàn.",
            "Các đội lặn hoàn thành {dives} giờ lặn kiểm tra, sửa chữa chân đế và đường ống ngầm.",
            "Hệ số sẵn sàng kỹ thuật của đội tàu đạt {readiness}%.",
        ],
        "plan": ["Bảo đảm tàu trực mỏ và tàu ứng cứu sẵn sàng 24/24 giờ trong năm {next}."],
        "years": {
            2021: {
                "review": "27/12/2021 08:00",
                "attendance": 130,
                "voyages": "1.850",
                "dives": "6.200",
                "readiness": 92,
                "focus": "Sửa chữa định kỳ các tàu dịch vụ đúng kế hoạch.",
            },
            2023: {
                "review": "21/12/2023 14:00",
                "attendance": 150,
                "voyages": "2.040",
                "dives": "7.100",
                "readiness": 94,
                "focus": "Trẻ hóa đội ngũ thuyền viên và thợ lặn.",
            },
            2024: {
                "review": "23/12/2024 08:00",
                "attendance": 155,
                "voyages": "2.110",
                "dives": "7.450",
                "readiness": 95,
                "focus": "Ứng dụng thiết bị lặn điều khiển từ xa (ROV) trong kiểm tra công trình ngầm.",
                "workers": ("19/01/2024 08:00", 140),
            },
        },
    },
]
