"""Give the roles their listening permissions in the back office.

Prensa builds surveys and records trainings (with attendance and materials) and lists the
suggestions (their triage is on the web pages); Directivo reads everything."""

from django.db import migrations

from plans.migration_helpers import codenames, role_permissions_grant, role_permissions_revoke

EDITED = ["survey", "question", "trainingsession", "attendance", "trainingmaterial"]
READ = ["suggestion", "surveyresponse", "answer"]

ROLE_PERMISSIONS = {
    "Prensa": {"listening": codenames(EDITED, ["add", "change", "delete", "view"]) + codenames(READ, ["view"])},
    "Directivo": {"listening": codenames(EDITED + READ, ["view"])},
}


def grant(apps, schema_editor):
    role_permissions_grant(apps, roles=ROLE_PERMISSIONS)


def revoke(apps, schema_editor):
    role_permissions_revoke(apps, roles=ROLE_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("listening", "0001_initial"),
        ("indicators", "0003_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
