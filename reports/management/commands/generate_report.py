"""Generate periodic reports by hand, in this process (no worker needed), showing progress."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from indicators.enums import PeriodType
from plans.enums import PlanStatus
from plans.models import Plan
from reports.enums import ReportStatus
from reports.models import Report, ReportSchedule
from reports.services import REPORT_PERIOD_TYPES, last_completed_period, report_generate_now, report_request


def parse_period(text: str) -> date:
    """«2026-03» (a month of the period) or «2026» (its January)."""
    for fmt, length in (("%Y-%m", 7), ("%Y", 4)):
        if len(text) == length:
            try:
                return datetime.strptime(text, fmt).date()  # a calendar date, no time
            except ValueError:
                break
    raise CommandError(f"Periodo no válido: «{text}». Use AAAA-MM (un mes del periodo) o AAAA.")


class Command(BaseCommand):
    help = (
        "Genera informes de seguimiento en este proceso: el de un plan y periodo (una versión nueva), "
        "o con --all-due los que tocan según las programaciones y los que quedaron pendientes."
    )

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, help="Id del plan.")
        parser.add_argument(
            "--period-type",
            choices=REPORT_PERIOD_TYPES,
            default=PeriodType.MONTH,
            help="mes, trimestre, anio o vigencia (por defecto: mes).",
        )
        parser.add_argument(
            "--period", help="Un mes del periodo, AAAA-MM, o un año, AAAA (por defecto: el último periodo terminado)."
        )
        parser.add_argument(
            "--all-due",
            action="store_true",
            help="Los informes que tocan en todas las programaciones activas y los pendientes.",
        )

    def handle(self, *args, plan=None, period_type=PeriodType.MONTH, period=None, all_due=False, **options):
        if all_due == (plan is not None):
            raise CommandError("Indique --plan o --all-due (uno de los dos).")
        reports = self._due() if all_due else [self._requested(plan, period_type, period)]
        if not reports:
            self.stdout.write("No hay informes por generar.")
            return
        failed = 0
        for number, report in enumerate(reports, start=1):
            self.stdout.write(f"({number}/{len(reports)}) {report}")
            failed += not self._generate(report)
        ready = len(reports) - failed
        self.stdout.write(
            self.style.SUCCESS(f"{ready} informes listos.") if not failed else f"{ready} informes listos."
        )
        if failed:
            raise CommandError(f"{failed} informes fallaron; el motivo quedó en cada informe (admin).")

    def _requested(self, plan_id: int, period_type: str, period: str | None) -> Report:
        plan = Plan.objects.filter(pk=plan_id).first()
        if plan is None:
            raise CommandError(f"No existe el plan {plan_id}.")
        if period is not None:
            day = parse_period(period)
        elif period_type == PeriodType.VIGENCIA:
            day = plan.vigencia_start
        else:
            day = last_completed_period(period_type, timezone.localdate())
        try:
            return report_request(plan=plan, period_type=period_type, period_start=day, enqueue=False)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None

    def _due(self) -> list[Report]:
        """The first version of every enabled schedule's last completed period that does not
        exist yet, plus the reports left pending."""
        today = timezone.localdate()
        schedules = ReportSchedule.objects.filter(
            enabled=True, plan__status__in=[PlanStatus.IN_EXECUTION, PlanStatus.CLOSED]
        ).select_related("plan")
        for schedule in schedules.order_by("plan_id", "period_type"):
            start = last_completed_period(schedule.period_type, today)
            exists = Report.objects.filter(
                plan=schedule.plan, period_type=schedule.period_type, period_start=start, version=1
            ).exists()
            if not exists:
                try:
                    report_request(
                        plan=schedule.plan, period_type=schedule.period_type, period_start=start, enqueue=False
                    )
                except ValidationError:
                    continue  # outside the vigencia
        return list(
            Report.objects.filter(status=ReportStatus.PENDING).select_related("plan").order_by("created_at", "pk")
        )

    def _generate(self, report: Report) -> bool:
        steps = iter(range(1, 6))

        def progress(message: str) -> None:
            self.stdout.write(f"  [{next(steps, 5)}/5] {message}")

        report = report_generate_now(report_id=report.pk, progress=progress)
        if report is None or report.status == ReportStatus.FAILED:
            self.stderr.write(
                f"  Falló tras {report.attempts if report else 0} intentos: {report.error if report else ''}"
            )
            return False
        if report.status != ReportStatus.READY:
            self.stderr.write("  No se generó: otro proceso lo está generando.")
            return False
        self.stdout.write(f"  Listo: {report.xlsx.name} y {report.pdf.name}")
        return True
