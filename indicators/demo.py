"""Demo execution logs, so that someone trying the demo sees the reporting cycle at work.

Everything goes through the services of indicators.logs, exactly as the web pages do.
"""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from indicators import logs
from indicators.enums import Aggregation, PeriodType, Unit
from indicators.logs import ValueInput
from indicators.models import ActivityLog, Indicator, ReportingPeriod
from indicators.periods import period_start
from indicators.reports import report_schedules_ensure
from indicators.rollup import rollup_plan
from plans.enums import ActivityStatus, ComponentKind, PlanStatus, Role
from plans.models import Activity, Plan, User

# Demo logs carry submission tokens derived from this namespace: a second run finds them and
# records nothing again.
DEMO_NAMESPACE = uuid.UUID("6f1d2c1e-3b0a-4c55-9a51-4d454d4f2d31")
ACTIVITIES_PER_LEAD = 3
DESCRIPTIONS = [
    "Se publicaron las piezas previstas del mes en los canales de la entidad.",
    "Se realizó la jornada con los servidores públicos; se adjunta la lista de asistencia.",
    "Se actualizaron los contenidos y se verificó su publicación en el sitio web.",
    "Se preparó el material del próximo envío; queda pendiente la revisión final.",
]
RETURN_COMMENT = "Adjunte la lista de asistencia o el enlace a la publicación, por favor."


def _next_month_fifth(month: date) -> date:
    if month.month == 12:
        return date(month.year + 1, 1, 5)
    return date(month.year, month.month + 1, 5)


def _demo_value(indicator: Indicator, n: int) -> ValueInput:
    if indicator.aggregation == Aggregation.RATIO:
        return ValueInput(numerator=Decimal(45 + n), denominator=Decimal(60))
    amount = {
        Unit.MILESTONE: Decimal(1),
        Unit.PERCENTAGE: Decimal(85),
        Unit.COP: Decimal(1_500_000),
        Unit.HOURS: Decimal(4),
        Unit.DAYS: Decimal(2),
        Unit.MINUTES: Decimal(30),
    }.get(indicator.unit, Decimal(n + 2))
    return ValueInput(value=amount)


def _token(plan: Plan, lead: User, month: date, n: int) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, f"{plan.pk}:{lead.area_id}:{month.isoformat()}:{n}")


def _record(lead: User, activity: Activity, day: date, n: int, token: uuid.UUID) -> ActivityLog:
    internal = activity.component.kind == ComponentKind.INTERNAL
    return logs.log_record(
        user=lead,
        activity=activity,
        area=lead.area,
        date=day,
        values={i.pk: _demo_value(i, n) for i in activity.indicators.all()},
        description=DESCRIPTIONS[n % len(DESCRIPTIONS)],
        reach_total=40 + 10 * n,
        reach_public_servants=25 if internal else None,
        reach_contractors=10 if internal else None,
        submission_token=token,
    )


def _lead_logs(plan: Plan, period: ReportingPeriod, press: User, lead: User, today: date) -> int:
    """Record, submit and review a handful of logs of ``lead``'s area; return how many."""
    activities = list(
        Activity.objects.filter(component__plan=plan, responsible_areas=lead.area_id)
        .exclude(status__in=[ActivityStatus.DONE, ActivityStatus.SUSPENDED])
        .select_related("component")
        .prefetch_related("indicators")
        .order_by("component__order", "order", "pk")[:ACTIVITIES_PER_LEAD]
    )
    if not activities:
        return 0
    tokens = [_token(plan, lead, period.period_start, n) for n in range(len(activities) + 1)]
    if ActivityLog.objects.filter(submission_token__in=tokens).exists():
        return 0  # already loaded
    submitted = []
    for n, activity in enumerate(activities):
        day = max(period.period_start, today - timedelta(days=2 * (n + 1)))
        submitted.append(_record(lead, activity, day, n, tokens[n]))
    logs.area_period_submit(user=lead, reporting_period=period)
    # The press office approves the first ones, returns the last with a comment and leaves
    # one waiting in its review queue, so that every role finds something to do.
    if len(submitted) == 1:
        logs.log_approve(user=press, log=submitted[0])
    else:
        waiting = submitted[-2] if len(submitted) > 2 else None
        for log in submitted[:-1]:
            if log is not waiting:
                logs.log_approve(user=press, log=log)
        logs.log_return(user=press, log=submitted[-1], comment=RETURN_COMMENT)
    # And one more, still in draft: what the lead has not sent yet.
    _record(lead, activities[0], today, len(activities), tokens[-1])
    return len(submitted) + 1


@transaction.atomic
def demo_logs_load(*, today: date | None = None) -> int:
    """For every plan in execution, open the reporting period of ``today``'s month (deadline:
    the 5th of the next month) if it is missing, and record, submit, approve and return a
    handful of logs of the entity's demo area leads (three per lead at most, plus one draft).

    Idempotent: a second run finds the period and the logs (by their submission tokens) and
    adds nothing. Recomputes the period values of the plans it touched. Return how many logs it
    recorded.
    """
    today = today or timezone.localdate()
    month = period_start(PeriodType.MONTH, today)
    created = 0
    for plan in Plan.objects.filter(status=PlanStatus.IN_EXECUTION).order_by("pk"):
        # Its monthly and quarterly reports, scheduled as a press office would find them.
        report_schedules_ensure(plan=plan)
        if not plan.vigencia_start <= today <= plan.vigencia_end:
            continue
        press = User.objects.with_role(Role.PRESS).filter(entity_id=plan.entity_id, is_active=True).order_by("pk")
        press = press.first()
        if press is None:
            continue
        period = ReportingPeriod.objects.filter(plan=plan, period_start=month).first()
        if period is None:
            try:
                period = logs.reporting_period_open(
                    user=press, plan=plan, month=month, deadline=_next_month_fifth(month)
                )
            except ValidationError:
                continue  # the month is only partly inside the vigencia
        if period.is_closed:
            continue
        leads = (
            User.objects.with_role(Role.AREA_LEAD)
            .filter(entity_id=plan.entity_id, is_active=True, area__isnull=False)
            .select_related("area")
            .order_by("username")
        )
        recorded = sum(_lead_logs(plan, period, press, lead, today) for lead in leads)
        if recorded:
            rollup_plan(plan=plan)
        created += recorded
    return created
