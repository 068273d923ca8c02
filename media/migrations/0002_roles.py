"""Give the roles their permissions on free-press monitoring.

Prensa keeps the outlets, the tariff table and the mentions (add, change, delete, view) and
imports mentions from a spreadsheet; Directivo reads them. Líder de área gets none: the media
pages are the press office's and the managers'.
"""

from django.db import migrations

from plans.migration_helpers import codenames, role_permissions_grant, role_permissions_revoke

MODELS = ["outlet", "tariff", "mediamention"]
ROLE_PERMISSIONS = {
    "Prensa": {"media_monitoring": codenames(MODELS, ["add", "change", "delete", "view"]) + ["import_mediamention"]},
    "Directivo": {"media_monitoring": codenames(MODELS, ["view"])},
}


def add_permissions(apps, schema_editor):
    role_permissions_grant(apps, roles=ROLE_PERMISSIONS)


def remove_permissions(apps, schema_editor):
    role_permissions_revoke(apps, roles=ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("media_monitoring", "0001_mentions_outlets_tariffs"),
        ("indicators", "0003_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
