"""Give the roles their privacy permissions in the back office.

Prensa keeps the distribution lists (with each contact's consent) and reads the privacy notices
and the log of the data subjects' requests; Directivo reads them."""

from django.db import migrations

from plans.migration_helpers import codenames, role_permissions_grant, role_permissions_revoke

EDITED = ["contactlist", "listcontact"]
READ = ["privacynotice", "rightsrequest"]

ROLE_PERMISSIONS = {
    "Prensa": {"privacy": codenames(EDITED, ["add", "change", "delete", "view"]) + codenames(READ, ["view"])},
    "Directivo": {"privacy": codenames(EDITED + READ, ["view"])},
}


def grant(apps, schema_editor):
    role_permissions_grant(apps, roles=ROLE_PERMISSIONS)


def revoke(apps, schema_editor):
    role_permissions_revoke(apps, roles=ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_initial"),
        ("indicators", "0003_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
