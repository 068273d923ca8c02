"""Give the roles their crisis permissions.

Prensa edits the protocol, its levels, roles, contacts and templates in the back office and
runs incidents on the web pages; Directivo reads everything. Área leads get nothing: the crisis
section is not theirs.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PROTOCOL_MODELS = ["crisisprotocol", "severitylevel", "crisisrole", "crisiscontact", "messagetemplate"]
INCIDENT_MODELS = ["incident", "incidentevent", "incidentmessage"]


def codenames(models, actions):
    return [f"{action}_{model}" for model in models for action in actions]


ROLE_PERMISSIONS = {
    "Prensa": codenames(PROTOCOL_MODELS, ["add", "change", "delete", "view"]) + codenames(INCIDENT_MODELS, ["view"]),
    "Directivo": codenames(PROTOCOL_MODELS + INCIDENT_MODELS, ["view"]),
}


def grant(apps, schema_editor):
    # Permissions are normally created after migrations run; create them now to attach them.
    app_config = apps.get_app_config("crisis")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = list(Permission.objects.filter(content_type__app_label="crisis", codename__in=names))
        missing = set(names) - {p.codename for p in permissions}
        if missing:
            raise RuntimeError(f"Missing permissions for {role}: {sorted(missing)}")
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="crisis"))


class Migration(migrations.Migration):
    dependencies = [
        ("crisis", "0001_initial"),
        ("indicators", "0003_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
