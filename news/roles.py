"""The newsroom's roles. The groups themselves are created by migration 0002_roles."""

EDITORS = "Biên tập viên"
CORRESPONDENTS = "Cộng tác viên"
ADMINISTRATORS = "Quản trị"

PUBLISH_PERMISSION = "news.publish_article"


def can_publish(user):
    return user.has_perm(PUBLISH_PERMISSION)
