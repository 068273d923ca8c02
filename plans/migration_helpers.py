"""Helpers for the data migrations of every app: the roles' permissions and the content types
of models that move between apps.

Migrations call these with their historical ``apps``; nothing here imports a model, so a
migration written today still runs unchanged on tomorrow's code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.contrib.auth.management import create_permissions


def codenames(models: Iterable[str], actions: Iterable[str]) -> list[str]:
    """Return the permission codenames ``<action>_<model>`` for every model and action."""
    actions = list(actions)
    return [f"{action}_{model}" for model in models for action in actions]


def _create_permissions(apps, app_label: str) -> None:
    # Permissions are normally created after migrations run; create them now to attach them.
    app_config = apps.get_app_config(app_label)
    # Migration app configs carry no models module; create_permissions needs one set.
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None


def role_permissions_grant(apps, *, roles: Mapping[str, Mapping[str, Iterable[str]]]) -> None:
    """Give each role group (created when missing) the permissions named per app label:
    ``{"Prensa": {"campaigns": ["view_campaign", …]}}``. Raise when one does not exist, so a
    typo stops the migration instead of leaving a role without its permission."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_label in {label for by_app in roles.values() for label in by_app}:
        _create_permissions(apps, app_label)
    for role, by_app in roles.items():
        group, _ = Group.objects.get_or_create(name=role)
        for app_label, names in by_app.items():
            names = list(names)
            permissions = list(Permission.objects.filter(content_type__app_label=app_label, codename__in=names))
            missing = set(names) - {p.codename for p in permissions}
            if missing:
                raise RuntimeError(f"Missing permissions for {role}: {sorted(missing)}")
            group.permissions.add(*permissions)


def role_permissions_revoke(apps, *, roles: Mapping[str, Mapping[str, Iterable[str]]]) -> None:
    """Take back what ``role_permissions_grant`` gave (the reverse of a migration)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, by_app in roles.items():
        group = Group.objects.filter(name=role).first()
        if group is None:
            continue
        for app_label, names in by_app.items():
            group.permissions.remove(
                *Permission.objects.filter(content_type__app_label=app_label, codename__in=list(names))
            )


def content_types_move(apps, *, models: Iterable[str], source: str, target: str) -> None:
    """Hand the content types of ``models`` from app ``source`` to app ``target``, for models
    that moved between apps keeping their tables: their permissions (and the roles that hold
    them), admin log entries and history keep pointing at the same rows.

    Where the target already has a content type of its own (created after an earlier
    migrate), the source's permissions are merged into it and the source's row removed."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    LogEntry = apps.get_model("admin", "LogEntry") if "admin" in apps.app_configs else None
    for model in models:
        old = ContentType.objects.filter(app_label=source, model=model).first()
        if old is None:
            continue
        new = ContentType.objects.filter(app_label=target, model=model).first()
        if new is None:
            old.app_label = target
            old.save(update_fields=["app_label"])
            continue
        for permission in Permission.objects.filter(content_type=old):
            twin = Permission.objects.filter(content_type=new, codename=permission.codename).first()
            if twin is None:
                permission.content_type = new
                permission.save(update_fields=["content_type"])
                continue
            for group in permission.group_set.all():
                group.permissions.add(twin)
            for user in permission.user_set.all():
                user.user_permissions.add(twin)
            permission.delete()
        if LogEntry is not None:
            LogEntry.objects.filter(content_type=old).update(content_type=new)
        old.delete()
