"""Load the three seed plans and the demo users, then run the demo loaders every app registers
(``plans.demo_registry``, from each app's ``demo.py``: a year of history, this month's logs,
crisis, campaigns, media, the latest reports) in their order, then print the demo logins."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from indicators.services import seed_entity_load
from plans import demo_registry
from plans.models import Entity, User

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
# The C loader when PyYAML was built with libyaml: five times faster on the seed files.
YamlLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=YamlLoader)  # noqa: S506  # a safe loader (C or pure)


DEFAULT_PASSWORD = "plan-demo-2026"  # noqa: S105  # demo accounts only, printed by design


class Command(BaseCommand):
    help = "Carga los planes semilla (MinTIC, Segovia, Cartagena) y los usuarios de demostración."

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=os.environ.get("DEMO_PASSWORD", DEFAULT_PASSWORD),
            help="Contraseña de todos los usuarios de demostración.",
        )
        parser.add_argument("--quiet-logins", action="store_true", help="No imprimir los usuarios.")

    @transaction.atomic
    def handle(self, *args, password: str, quiet_logins: bool, **options):
        # One hash for every demo account: the password is the same and PBKDF2 is slow on purpose.
        password_hash = make_password(password)
        for path in sorted((FIXTURES / "plans").glob("*.yaml")):
            entity, plans, users = seed_entity_load(data=read_yaml(path), password_hash=password_hash)
            self.stdout.write(f"{entity.name}: {len(plans)} planes y {len(users)} usuarios nuevos ({path.name}).")
        demo = read_yaml(FIXTURES / "demo_users.yaml")
        for follower, followed in (demo.get("supervision") or {}).items():
            supervisor = Entity.objects.filter(name=follower).first()
            if supervisor is not None:
                supervisor.supervised_entities.add(*Entity.objects.filter(name__in=followed))
        for spec in demo.get("superusers", []):
            if not User.objects.filter(username=spec["username"]).exists():
                user = User(is_staff=True, is_superuser=True, password=password_hash, **spec)
                user.full_clean()
                user.save()
        # Each app's demo.py registers its loader when imported.
        autodiscover_modules("demo")
        for loader in demo_registry.loaders():
            line = loader.load()
            if line is not None:
                self.stdout.write(line)
        if not quiet_logins:
            self._print_logins(password)

    def _print_logins(self, password: str) -> None:
        usernames = [
            u["username"]
            for path in sorted((FIXTURES / "plans").glob("*.yaml"))
            for u in read_yaml(path).get("users", [])
        ]
        users = User.objects.filter(username__in=[*usernames, "admin"]).select_related("entity", "area")
        users = users.prefetch_related("groups").order_by("entity__name", "username")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Usuarios de demostración (contraseña: {password})"))
        for user in users:
            role = ", ".join(g.name for g in user.groups.all()) or ("Superusuario" if user.is_superuser else "")
            where = f"{user.entity or 'Todas las entidades'}{' · ' + user.area.name if user.area else ''}"
            self.stdout.write(f"  {user.username:<28} {role:<15} {where}")
        self.stdout.write("")
