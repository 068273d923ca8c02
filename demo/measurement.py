"""Demo execution, so that someone trying the demo sees the reporting cycle at work: a year of
approved history, this month's logs in every state of the cycle, and the latest reports.

Everything goes through the services of execution.services and reports.services, exactly as the
web pages and the history import do.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from execution import services as logs
from execution.historical import LogEntry, logs_record_historical
from execution.models import ActivityLog, ReportingPeriod
from execution.services import ValueInput
from indicators.enums import Aggregation, Direction, PeriodType, Source, TargetDerivation, Unit
from indicators.models import Indicator
from indicators.periods import period_end, period_start
from plans.enums import ActivityStatus, ComponentKind, PlanStatus, Role
from plans.models import Activity, Plan, User
from reports.models import Report
from reports.services import last_completed_period, report_generate, report_request, report_schedules_ensure
from rollups.models import PeriodValue
from rollups.services import rollup_plan

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


# --- a year of history --------------------------------------------------------------------------

HISTORY_MONTHS = 12
HISTORY_REASON = "Histórico de demostración"
# How a month's value compares with its target: mostly on track, some at risk, a few behind.
HISTORY_FACTORS = [Decimal(f) for f in ("1.15", "1.05", "1.00", "1.00", "0.95", "0.90", "0.80", "0.70", "0.50")]


def _history_months(plan: Plan, today: date) -> list[date]:
    """The months, oldest first, of the year before ``today``'s month inside the vigencia."""
    first = period_start(PeriodType.MONTH, today)
    months = []
    month = first
    for _ in range(HISTORY_MONTHS):
        month = period_start(PeriodType.MONTH, month - timedelta(days=1))
        if period_end(PeriodType.MONTH, month) < plan.vigencia_start or month > plan.vigencia_end:
            continue
        months.append(month)
    return months[::-1]


def _round(amount: Decimal, places: str = "1") -> Decimal:
    return amount.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def _history_value(
    indicator: Indicator, target: Decimal | None, month: date, rng: random.Random, carry: dict[int, Decimal]
) -> ValueInput:
    """A plausible value of ``indicator`` for ``month``: its month's target times a factor drawn
    from HISTORY_FACTORS (inverted when less is better), in the indicator's unit. ``carry``
    holds what each count has left over from rounding its earlier months."""
    factor = rng.choice(HISTORY_FACTORS)
    if target is None or target <= 0:
        return _demo_value(indicator, rng.randrange(3))
    if indicator.unit == Unit.MILESTONE:
        # Reached in a month of the year of its own, and kept from then on.
        return ValueInput(value=Decimal(1 if month.month >= 2 + indicator.pk % 9 else 0))
    if indicator.direction == Direction.DECREASE:
        factor = 1 / factor
    amount = target * factor
    if indicator.aggregation == Aggregation.RATIO:
        # value = numerator / denominator × 100: over 200 the numerator carries the percentage.
        return ValueInput(numerator=_round(amount * 2), denominator=Decimal(200))
    if indicator.aggregation == Aggregation.LAST and indicator.target_derivation != TargetDerivation.DIVIDE:
        amount = amount * month.month / 12  # a cumulative figure grows towards the annual target
    if indicator.unit == Unit.PERCENTAGE:
        return ValueInput(value=min(Decimal(100), _round(amount, "0.1")))
    if indicator.unit == Unit.COUNT:
        if indicator.aggregation != Aggregation.SUM:
            return ValueInput(value=_round(amount))
        # What rounding leaves over passes to the next month, so that a target of one a
        # quarter (a third a month) is met once a quarter rather than never.
        total = amount + carry.get(indicator.pk, Decimal(0))
        value = max(Decimal(0), _round(total))
        carry[indicator.pk] = total - value
        return ValueInput(value=value)
    return ValueInput(value=_round(amount, "0.01"))


def _history_entries(plan: Plan, months: list[date]) -> list[LogEntry]:
    """One approved log a month for every activity with reported indicators, by its first
    responsible area; about one month in twelve left unreported, as happens."""
    activities = list(
        Activity.objects.filter(component__plan=plan, indicators__source=Source.MANUAL)
        .distinct()
        .select_related("component__plan")
        .prefetch_related("responsible_areas")
        .order_by("component__order", "order", "pk")
    )
    manual = {}
    for indicator in Indicator.objects.filter(activity__component__plan=plan, source=Source.MANUAL):
        manual.setdefault(indicator.activity_id, []).append(indicator)
    rows = PeriodValue.objects.filter(
        indicator__activity__component__plan=plan, period_type=PeriodType.MONTH, period_start__in=months
    ).values_list("indicator_id", "period_start", "target")
    targets = {(indicator_id, start): target for indicator_id, start, target in rows}
    entries = []
    for activity in activities:
        areas = sorted(activity.responsible_areas.all(), key=lambda area: area.pk)
        if not areas:
            continue
        carry: dict[int, Decimal] = {}
        for month in months:
            rng = random.Random(f"{plan.pk}:{activity.pk}:{month.isoformat()}")  # noqa: S311  # demo data
            if rng.random() < 1 / 12:
                continue
            day = max(plan.vigencia_start, month + timedelta(days=rng.randrange(2, 26)))
            values = {
                indicator.pk: _history_value(indicator, targets.get((indicator.pk, month)), month, rng, carry)
                for indicator in manual[activity.pk]
            }
            internal = activity.component.kind == ComponentKind.INTERNAL
            reach = 30 + rng.randrange(170)
            entries.append(
                LogEntry(
                    activity=activity,
                    area=areas[0],
                    date=day,
                    values=values,
                    description=DESCRIPTIONS[rng.randrange(3)],
                    reach_total=reach,
                    reach_public_servants=reach // 2 if internal else None,
                    reach_contractors=reach // 4 if internal else None,
                )
            )
    return entries


@transaction.atomic
def demo_history_load(*, today: date | None = None) -> int:
    """For every plan in execution, record a year of approved logs before ``today``'s month, as
    the press office would import its history (execution.services.logs_record_historical), and
    recompute the plan's period values.

    Idempotent: a month that has logs gets none, so a second run adds nothing, nor does a run in
    a later month to the months loaded before. Return how many logs it recorded.
    """
    today = today or timezone.localdate()
    created = 0
    for plan in Plan.objects.filter(status=PlanStatus.IN_EXECUTION).order_by("pk"):
        press = User.objects.with_role(Role.PRESS).filter(entity_id=plan.entity_id, is_active=True).order_by("pk")
        press = press.first()
        # A month with any log already (this demo's, or the entity's own) is left as it is.
        logged = set(ActivityLog.objects.filter(activity__component__plan=plan).dates("date", "month"))
        months = [month for month in _history_months(plan, today) if month not in logged]
        if press is None or not months:
            continue
        # The monthly targets the values aim at are those the roll-up stores.
        rollup_plan(plan=plan)
        outcome = logs_record_historical(
            user=press, entries=_history_entries(plan, months), change_reason=HISTORY_REASON
        )
        if outcome.errors:
            raise ValidationError(list(outcome.errors.values()))
        if outcome.created:
            rollup_plan(plan=plan)
        created += len(outcome.created)
    return created


# --- the latest reports ---------------------------------------------------------------------------


def demo_reports_load(*, today: date | None = None) -> int:
    """For every plan in execution, generate the report of the last month and of the last
    quarter that ended before ``today``, if it has none, as the monthly and quarterly schedules
    would. The demo managers get no e-mail. Return how many reports it generated."""
    today = today or timezone.localdate()
    generated = 0
    plans = Plan.objects.filter(status=PlanStatus.IN_EXECUTION, indicators__isnull=False).distinct().order_by("pk")
    for plan in plans:
        for period_type in (PeriodType.MONTH, PeriodType.QUARTER):
            start = last_completed_period(period_type, today)
            if period_end(period_type, start) < plan.vigencia_start or start > plan.vigencia_end:
                continue
            if Report.objects.filter(plan=plan, period_type=period_type, period_start=start).exists():
                continue
            report = report_request(plan=plan, period_type=period_type, period_start=start, enqueue=False)
            report_generate(report_id=report.pk, notify=False)
            generated += 1
    return generated
