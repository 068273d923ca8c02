"""Recompute period values by hand: a whole entity, one plan or one indicator."""

from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from indicators.enums import RollupKind
from indicators.models import Indicator
from indicators.rollup import rollup_plan
from plans.models import Entity, Plan


def progress_bar(done: int, total: int, label: str, width: int = 30) -> str:
    filled = int(width * done / total) if total else width
    return f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {label}"


class Command(BaseCommand):
    help = "Recalcula los valores por periodo de una entidad, un plan o un indicador."

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--entity", type=int, help="Id de la entidad: todos sus planes.")
        target.add_argument("--plan", type=int, help="Id del plan.")
        target.add_argument("--indicator", type=int, help="Id del indicador.")
        target.add_argument("--all", action="store_true", help="Todos los planes de todas las entidades.")

    def handle(self, *args, entity=None, plan=None, indicator=None, all=False, **options):  # the option's name
        indicator_ids = None
        if indicator is not None:
            found = Indicator.objects.select_related("plan").filter(pk=indicator).first()
            if found is None:
                raise CommandError(f"No existe el indicador {indicator}.")
            plans = [found.plan]
            indicator_ids = [found.pk]
        elif plan is not None:
            plans = list(Plan.objects.filter(pk=plan))
            if not plans:
                raise CommandError(f"No existe el plan {plan}.")
        elif entity is not None:
            if not Entity.objects.filter(pk=entity).exists():
                raise CommandError(f"No existe la entidad {entity}.")
            plans = list(Plan.objects.filter(entity_id=entity))
        else:
            plans = list(Plan.objects.all())
        written = 0
        interactive = self.stdout.isatty() if hasattr(self.stdout, "isatty") else sys.stdout.isatty()
        for done, current in enumerate(plans, start=1):
            written += rollup_plan(plan=current, indicator_ids=indicator_ids, kind=RollupKind.FULL)
            if interactive or len(plans) > 1:
                self.stdout.write(progress_bar(done, len(plans), current.title[:50]), ending="")
        if plans:
            self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"{len(plans)} planes recalculados; {written} filas escritas."))
