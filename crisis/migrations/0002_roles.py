"""Give the roles their crisis permissions.

Prensa edits the protocol, its levels, roles, contacts and templates in the back office and
runs incidents on the web pages; Directivo reads everything. Área leads get nothing: the crisis
section is not theirs.
"""

from django.db import migrations

from plans.migration_helpers import codenames, role_permissions_grant, role_permissions_revoke

PROTOCOL_MODELS = ["crisisprotocol", "severitylevel", "crisisrole", "crisiscontact", "messagetemplate"]
INCIDENT_MODELS = ["incident", "incidentevent", "incidentmessage"]

ROLE_PERMISSIONS = {
    "Prensa": {
        "crisis": codenames(PROTOCOL_MODELS, ["add", "change", "delete", "view"]) + codenames(INCIDENT_MODELS, ["view"])
    },
    "Directivo": {"crisis": codenames(PROTOCOL_MODELS + INCIDENT_MODELS, ["view"])},
}


def grant(apps, schema_editor):
    role_permissions_grant(apps, roles=ROLE_PERMISSIONS)


def revoke(apps, schema_editor):
    role_permissions_revoke(apps, roles=ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("crisis", "0001_initial"),
        ("indicators", "0003_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
