"""Create the three role groups with their permissions.

Prensa edits the plan and its indicators; Líder de área and Directivo read them (they work in
the web pages, not in the admin). Later apps add their permissions in their own migrations.
"""

from django.db import migrations

from plans.migration_helpers import codenames, role_permissions_grant

PLAN_MODELS = ["area", "audience", "channel", "plan", "objective", "component", "responsibility", "activity"]
INDICATOR_MODELS = ["indicator", "target"]

ROLE_PERMISSIONS = {
    "Prensa": {
        "plans": codenames(PLAN_MODELS, ["add", "change", "delete", "view"]) + ["view_entity"],
        "indicators": codenames(INDICATOR_MODELS, ["add", "change", "delete", "view"]),
    },
    "Líder de área": {
        "plans": codenames(PLAN_MODELS + ["entity"], ["view"]),
        "indicators": codenames(INDICATOR_MODELS, ["view"]),
    },
    "Directivo": {
        "plans": codenames(PLAN_MODELS + ["entity"], ["view"]),
        "indicators": codenames(INDICATOR_MODELS, ["view"]),
    },
}


def create_roles(apps, schema_editor):
    role_permissions_grant(apps, roles=ROLE_PERMISSIONS)


def remove_roles(apps, schema_editor):
    # This migration created the groups: going back removes them, not only their permissions.
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0002_initial"),
        ("plans", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
