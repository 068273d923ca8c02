"""Give the roles their permissions on free-press monitoring.

Prensa keeps the outlets, the tariff table and the mentions (add, change, delete, view) and
imports mentions from a spreadsheet; Directivo reads them. Líder de área gets none: the media
pages are the press office's and the managers'.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODELS = ["outlet", "tariff", "mediamention"]
ROLE_PERMISSIONS = {
    "Prensa": [f"{action}_{model}" for model in MODELS for action in ("add", "change", "delete", "view")]
    + ["import_mediamention"],
    "Directivo": [f"view_{model}" for model in MODELS],
}


def add_permissions(apps, schema_editor):
    app_config = apps.get_app_config("media_monitoring")
    # Permissions are normally created after migrations run; create them now to attach them.
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = list(Permission.objects.filter(content_type__app_label="media_monitoring", codename__in=names))
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
                *Permission.objects.filter(content_type__app_label="media_monitoring", codename__in=names)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("media_monitoring", "0001_mentions_outlets_tariffs"),
        ("indicators", "0003_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
