"""Recompute period values by hand: a whole entity, one plan or one indicator."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from indicators.models import Indicator
from plans.models import Entity, Plan
from rollups.enums import RollupKind
from rollups.services import rollup_plan


def progress_bar(done: int, total: int, width: int = 30) -> str:
    filled = int(width * done / total) if total else width
    return f"[{'#' * filled}{'.' * (width - filled)}]"


class Command(BaseCommand):
    @property
    def help(self) -> str:
        # A property, not a lazy string: argparse needs a real str for the description, and
        # gettext at import time would freeze the language the module was first imported in.
        return _("Recalcula los valores por periodo de una entidad, un plan o un indicador.")

    def add_arguments(self, parser):
        target = parser.add_mutually_exclusive_group(required=True)
        target.add_argument("--entity", type=int, help=_("Id de la entidad: todos sus planes."))
        target.add_argument("--plan", type=int, help=_("Id del plan."))
        target.add_argument("--indicator", type=int, help=_("Id del indicador."))
        target.add_argument("--all", action="store_true", help=_("Todos los planes de todas las entidades."))

    def handle(self, *args, entity=None, plan=None, indicator=None, all=False, **options):  # the option's name
        indicator_ids = None
        if indicator is not None:
            found = Indicator.objects.select_related("plan").filter(pk=indicator).first()
            if found is None:
                raise CommandError(_("No existe el indicador %(id)s.") % {"id": indicator})
            plans = [found.plan]
            indicator_ids = [found.pk]
        elif plan is not None:
            plans = list(Plan.objects.filter(pk=plan))
            if not plans:
                raise CommandError(_("No existe el plan %(id)s.") % {"id": plan})
        elif entity is not None:
            if not Entity.objects.filter(pk=entity).exists():
                raise CommandError(_("No existe la entidad %(id)s.") % {"id": entity})
            plans = list(Plan.objects.filter(entity_id=entity))
        else:
            plans = list(Plan.objects.all())
        written = 0
        # One line per plan as it finishes (not a bar redrawn with \r): a long plan still shows
        # that it ended and how long it took, and the lines read the same in a log file.
        for done, current in enumerate(plans, start=1):
            started = time.perf_counter()
            written += rollup_plan(plan=current, indicator_ids=indicator_ids, kind=RollupKind.FULL)
            progress = _("%(done)s/%(total)s %(plan)s (%(seconds)s s)") % {
                "done": done,
                "total": len(plans),
                "plan": current.title[:50],
                "seconds": number_format(time.perf_counter() - started, decimal_pos=1),
            }
            self.stdout.write(f"{progress_bar(done, len(plans))} {progress}")
        summary = ngettext(
            "%(plans)s plan recalculado; %(rows)s filas escritas.",
            "%(plans)s planes recalculados; %(rows)s filas escritas.",
            len(plans),
        ) % {"plans": len(plans), "rows": number_format(written, force_grouping=True)}
        self.stdout.write(self.style.SUCCESS(summary))
