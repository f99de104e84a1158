"""The newsroom's roles. The groups themselves are created by migration 0002_roles; what each may do is
news/policy.py's to say."""

EDITORS = "Biên tập viên"
CORRESPONDENTS = "Cộng tác viên"
ADMINISTRATORS = "Quản trị"

PUBLISH_PERMISSION = "news.publish_article"
