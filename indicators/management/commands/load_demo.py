"""Load the three seed plans and the demo users, then print the demo logins."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from indicators.services import seed_entity_load
from plans.models import User

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
DEFAULT_PASSWORD = "plan-demo-2026"  # noqa: S105 -- demo accounts only, printed on screen by design


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
        for path in sorted((FIXTURES / "plans").glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            entity, plans, users = seed_entity_load(data=data, password=password)
            self.stdout.write(f"{entity.name}: {len(plans)} planes y {len(users)} usuarios nuevos ({path.name}).")
        demo = yaml.safe_load((FIXTURES / "demo_users.yaml").read_text(encoding="utf-8"))
        for spec in demo.get("superusers", []):
            if not User.objects.filter(username=spec["username"]).exists():
                User.objects.create_superuser(password=password, **spec)
        if not quiet_logins:
            self._print_logins(password)

    def _print_logins(self, password: str) -> None:
        usernames = [
            u["username"]
            for path in sorted((FIXTURES / "plans").glob("*.yaml"))
            for u in yaml.safe_load(path.read_text(encoding="utf-8")).get("users", [])
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
