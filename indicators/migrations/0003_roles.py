"""Create the three role groups with their permissions.

Prensa edits the plan and its indicators; Líder de área and Directivo read them (they work in
the web pages, not in the admin). Later apps add their permissions in their own migrations.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

PLAN_MODELS = ["area", "audience", "channel", "plan", "objective", "component", "responsibility", "activity"]
INDICATOR_MODELS = ["indicator", "target"]


def codenames(models, actions):
    return [f"{action}_{model}" for model in models for action in actions]


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
    # Permissions are normally created after migrations run; create them now to attach them.
    for app_label in ("plans", "indicators"):
        app_config = apps.get_app_config(app_label)
        # Migration app configs carry no models module; create_permissions needs one set.
        app_config.models_module = True
        create_permissions(app_config, verbosity=0, apps=apps)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, by_app in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        for app_label, names in by_app.items():
            permissions = list(
                Permission.objects.filter(content_type__app_label=app_label, codename__in=names)
            )
            missing = set(names) - {p.codename for p in permissions}
            if missing:
                raise RuntimeError(f"Missing permissions for {role}: {sorted(missing)}")
            group.permissions.add(*permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0002_initial"),
        ("plans", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
