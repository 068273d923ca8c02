"""Give the role groups their permissions on campaigns, pieces and the electoral calendar.

Prensa adds, changes and reads them in the admin; Líder de área and Directivo read them (leads
propose pieces in the web pages, where the services decide what they may do).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITED = ["campaign", "contentpiece", "electoralwindow"]
READ_ONLY = ["piecetransition", "electionexception"]


def codenames(models, actions):
    return [f"{action}_{model}" for model in models for action in actions]


ROLE_PERMISSIONS = {
    "Prensa": codenames(EDITED, ["add", "change", "view"]) + codenames(READ_ONLY, ["view"]),
    "Líder de área": codenames(EDITED + READ_ONLY, ["view"]),
    "Directivo": codenames(EDITED + READ_ONLY, ["view"]),
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("campaigns")
    # Migration app configs carry no models module; create_permissions needs one set.
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = list(Permission.objects.filter(content_type__app_label="campaigns", codename__in=names))
        missing = set(names) - {p.codename for p in permissions}
        if missing:
            raise RuntimeError(f"Missing permissions for {role}: {sorted(missing)}")
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for role, names in ROLE_PERMISSIONS.items():
        group = Group.objects.filter(name=role).first()
        if group:
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label="campaigns", codename__in=names)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("indicators", "0003_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
