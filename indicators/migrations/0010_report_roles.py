"""Give the roles their permissions on the periodic reports and their schedules.

Prensa reads reports and regenerates them (the admin action needs «change»), and edits the
report schedules; Directivo reads reports (in the web pages). Líder de área gets none.
"""

from django.db import migrations

from plans.migration_helpers import role_permissions_grant, role_permissions_revoke

ROLE_PERMISSIONS = {
    "Prensa": {
        "indicators": [
            "view_report",
            "change_report",
            "add_reportschedule",
            "change_reportschedule",
            "delete_reportschedule",
            "view_reportschedule",
        ]
    },
    "Directivo": {"indicators": ["view_report"]},
}


def add_permissions(apps, schema_editor):
    role_permissions_grant(apps, roles=ROLE_PERMISSIONS)


def remove_permissions(apps, schema_editor):
    role_permissions_revoke(apps, roles=ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0009_reports"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
