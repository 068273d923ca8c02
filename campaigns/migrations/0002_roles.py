"""Give the role groups their permissions on campaigns, pieces and the electoral calendar.

Prensa adds, changes and reads them in the admin; Líder de área and Directivo read them (leads
propose pieces in the web pages, where the services decide what they may do).
"""

from django.db import migrations

from plans.migration_helpers import codenames, role_permissions_grant, role_permissions_revoke

EDITED = ["campaign", "contentpiece", "electoralwindow"]
READ_ONLY = ["piecetransition", "electionexception"]

ROLE_PERMISSIONS = {
    "Prensa": {"campaigns": codenames(EDITED, ["add", "change", "view"]) + codenames(READ_ONLY, ["view"])},
    "Líder de área": {"campaigns": codenames(EDITED + READ_ONLY, ["view"])},
    "Directivo": {"campaigns": codenames(EDITED + READ_ONLY, ["view"])},
}


def grant(apps, schema_editor):
    role_permissions_grant(apps, roles=ROLE_PERMISSIONS)


def revoke(apps, schema_editor):
    role_permissions_revoke(apps, roles=ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0001_initial"),
        ("indicators", "0003_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
