"""Give the roles their permissions on the periodic reports and their schedules.

Prensa reads reports and regenerates them (the admin action needs «change»), and edits the
report schedules; Directivo reads reports (in the web pages). Líder de área gets none.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE_PERMISSIONS = {
    "Prensa": [
        "view_report",
        "change_report",
        "add_reportschedule",
        "change_reportschedule",
        "delete_reportschedule",
        "view_reportschedule",
    ],
    "Directivo": ["view_report"],
}


def add_permissions(apps, schema_editor):
    app_config = apps.get_app_config("indicators")
    # Permissions are normally created after migrations run; create them now to attach them.
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = list(Permission.objects.filter(content_type__app_label="indicators", codename__in=names))
        missing = set(names) - {p.codename for p in permissions}
        if missing:
            raise RuntimeError(f"Missing permissions for {role}: {sorted(missing)}")
        group.permissions.add(*permissions)


def remove_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group = Group.objects.filter(name=role).first()
        if group is not None:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="indicators", codename__in=names)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0009_reports"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
