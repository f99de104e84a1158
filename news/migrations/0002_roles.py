"""Create the newsroom's groups with their permissions, so every install has them.

The names and permission lists are frozen here on purpose: a later change of
roles is a new migration, not an edit of this one.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

NEWS_CONTENT_MODELS = [
    "unit",
    "person",
    "event",
    "eventparticipant",
    "category",
    "article",
    "articlecredit",
    "articlemention",
    "photo",
    "photoperson",
]
ARTICLE_PARTS = ["articlecredit", "articlemention", "photo", "photoperson"]

ROLES = {
    # Editors: edit everything; publish, schedule, unpublish, archive; manage people, events, units.
    "Biên tập viên": [
        *[(f"{action}_{model}", "news") for model in NEWS_CONTENT_MODELS for action in ("add", "change", "delete", "view")],
        ("publish_article", "news"),
    ],
    # Correspondents: write drafts (with their photos, credits and people) and submit them.
    "Cộng tác viên": [
        ("add_article", "news"),
        ("change_article", "news"),
        ("view_article", "news"),
        *[(f"{action}_{model}", "news") for model in ARTICLE_PARTS for action in ("add", "change", "delete", "view")],
        *[(f"view_{model}", "news") for model in ("unit", "person", "event", "eventparticipant", "category")],
    ],
    # Administrators: manage users, groups and unit assignments.
    "Quản trị": [
        ("add_user", "auth"),
        ("change_user", "auth"),
        ("view_user", "auth"),
        ("add_group", "auth"),
        ("change_group", "auth"),
        ("view_group", "auth"),
        ("view_unit", "news"),
    ],
}


def create_roles(apps, schema_editor):
    # Permissions are normally made after all migrations ran; make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        for codename, app_label in codenames:
            group.permissions.add(
                Permission.objects.get(codename=codename, content_type__app_label=app_label)
            )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
