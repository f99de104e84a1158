"""Editors and correspondents may work on articles' translations as on the articles' other parts (what each may
do with which translation is news/policy.py's to say). Frozen here, as in 0002_roles."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ACTIONS = ("add", "change", "delete", "view")
ROLES = {
    "Biên tập viên": [f"{action}_articletranslation" for action in ACTIONS],
    "Cộng tác viên": [f"{action}_articletranslation" for action in ACTIONS],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("news")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group = Group.objects.filter(name=name).first()
        if group is not None:  # an install may have removed a role
            group.permissions.add(*Permission.objects.filter(codename__in=codenames, content_type__app_label="news"))


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLES):
        group.permissions.remove(*Permission.objects.filter(codename__endswith="_articletranslation"))


class Migration(migrations.Migration):
    dependencies = [("news", "0016_content_translations")]

    operations = [migrations.RunPython(grant, revoke)]
