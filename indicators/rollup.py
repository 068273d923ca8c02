"""The roll-up: approved log values → one value per indicator and month, quarter, year and vigencia.

Set-based and idempotent. One aggregate query groups the log values of every indicator by
(indicator, month, status) — the month is stored on each value, so there is no date truncation —
and one window query finds the latest value of the cumulative indicators. The months are then
combined in Python (a plan of 300 indicators over 48 months is ~15,000 small rows), compared with
the period values already stored, and only the rows that changed are written, with one bulk
upsert. It always recomputes from the logs and never increments, so running it twice, or twice
at once, leaves the same rows.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection, transaction
from django.db.models import Count, F, Max, Sum
from django.db.models.expressions import Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from indicators.enums import (
    Aggregation,
    Direction,
    LogStatus,
    PeriodType,
    ProgressStatus,
    RollupKind,
    TargetDerivation,
)
from indicators.models import Indicator, LogValue, PeriodValue, RollupMark, RollupRun, Target
from indicators.periods import period_end, period_start
from plans.models import Plan

logger = logging.getLogger(__name__)

FOUR_PLACES = Decimal("0.0001")
TWO_PLACES = Decimal("0.01")
# The statuses the roll-up reads: approved values make the value, submitted ones the pending figure.
COUNTED = {LogStatus.APPROVED: "approved", LogStatus.SUBMITTED: "pending"}
COMPARED_FIELDS = [
    "value",
    "numerator",
    "denominator",
    "pending_value",
    "target",
    "achievement",
    "status",
    "approved_count",
    "pending_count",
]


@dataclass
class MonthAggregate:
    """What one month contributes for one indicator and one status."""

    total: Decimal = Decimal(0)
    count: int = 0
    peak: Decimal | None = None
    numerator: Decimal = Decimal(0)
    denominator: Decimal = Decimal(0)
    rows: int = 0
    last: Decimal | None = None


@dataclass
class IndicatorMonths:
    approved: dict[date, MonthAggregate] = field(default_factory=dict)
    pending: dict[date, MonthAggregate] = field(default_factory=dict)


def _q(value: Decimal | None, places: Decimal = FOUR_PLACES) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(places, rounding=ROUND_HALF_UP)


def plan_periods(plan: Plan) -> list[tuple[str, date, date]]:
    """Return every (type, start, end) of the plan's vigencia: its months, quarters, years and
    the vigencia itself. A period that only partly overlaps the vigencia is kept (its months
    outside simply have no logs)."""
    periods: list[tuple[str, date, date]] = []
    for period_type in (PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR):
        start = period_start(period_type, plan.vigencia_start)
        while start <= plan.vigencia_end:
            end = period_end(period_type, start)
            periods.append((period_type, start, end))
            start = date.fromordinal(end.toordinal() + 1)
    periods.append((PeriodType.VIGENCIA, plan.vigencia_start, plan.vigencia_end))
    return periods


def _month_aggregates(indicators: list[Indicator]) -> dict[int, IndicatorMonths]:
    """Run the two set-based queries and return each indicator's monthly aggregates."""
    ids = [i.pk for i in indicators]
    result: dict[int, IndicatorMonths] = defaultdict(IndicatorMonths)
    rows = (
        LogValue.objects.filter(indicator_id__in=ids, status__in=list(COUNTED))
        .values("indicator_id", "month", "status")
        .annotate(
            total=Sum("value"),
            count=Count("value"),
            peak=Max("value"),
            num=Sum("numerator"),
            den=Sum("denominator"),
            rows=Count("id"),
        )
        .order_by()
    )
    for row in rows:
        months = getattr(result[row["indicator_id"]], COUNTED[row["status"]])
        months[row["month"]] = MonthAggregate(
            total=row["total"] or Decimal(0),
            count=row["count"],
            peak=row["peak"],
            numerator=row["num"] or Decimal(0),
            denominator=row["den"] or Decimal(0),
            rows=row["rows"],
        )
    cumulative = [i.pk for i in indicators if i.aggregation == Aggregation.LAST]
    if cumulative:
        # The latest value of each month: a window over (indicator, month, status).
        latest = (
            LogValue.objects.filter(indicator_id__in=cumulative, status__in=list(COUNTED), value__isnull=False)
            .annotate(
                rank=Window(
                    RowNumber(),
                    partition_by=[F("indicator_id"), F("month"), F("status")],
                    order_by=[F("date").desc(), F("pk").desc()],
                )
            )
            .filter(rank=1)
            .values_list("indicator_id", "month", "status", "value")
        )
        for indicator_id, month, status, value in latest:
            getattr(result[indicator_id], COUNTED[status])[month].last = value
    return result


def _combine(
    indicator: Indicator, months: list[MonthAggregate]
) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """Combine the months of a period by the indicator's rule. Return (value, numerator,
    denominator); the months are in calendar order."""
    months = [m for m in months if m.rows]
    if not months:
        return None, None, None
    rule = indicator.aggregation
    if rule == Aggregation.SUM:
        return _q(sum((m.total for m in months), Decimal(0))), None, None
    if rule == Aggregation.AVERAGE:
        count = sum(m.count for m in months)
        return (_q(sum((m.total for m in months), Decimal(0)) / count) if count else None), None, None
    if rule == Aggregation.MAX:
        peaks = [m.peak for m in months if m.peak is not None]
        return (_q(max(peaks)) if peaks else None), None, None
    if rule == Aggregation.LAST:
        lasts = [m.last for m in months if m.last is not None]
        return (_q(lasts[-1]) if lasts else None), None, None
    # A ratio: rolled-up numerator over rolled-up denominator, never an average of percentages.
    numerator = sum((m.numerator for m in months), Decimal(0))
    denominator = sum((m.denominator for m in months), Decimal(0))
    if not denominator:
        return None, _q(numerator), None
    return _q(numerator / denominator * 100), _q(numerator), _q(denominator)


class Targets:
    """The targets of one indicator: its own per period, else derived from the annual one."""

    def __init__(self, indicator: Indicator, own: dict[tuple[str, date], Decimal], plan: Plan):
        self.indicator = indicator
        self.own = own
        self.plan = plan
        self.years = {start.year: value for (ptype, start), value in own.items() if ptype == PeriodType.YEAR}

    def _periods_in_year(self, period_type: str, year: int) -> int:
        step = 1 if period_type == PeriodType.MONTH else 3
        return sum(
            1
            for month in range(1, 13, step)
            if self.plan.vigencia_start <= period_end(period_type, date(year, month, 1))
            and date(year, month, 1) <= self.plan.vigencia_end
        )

    def for_period(self, period_type: str, start: date) -> Decimal | None:
        own = self.own.get((period_type, start))
        if own is not None:
            return own
        divide = self.indicator.target_derivation == TargetDerivation.DIVIDE
        if period_type in (PeriodType.MONTH, PeriodType.QUARTER):
            annual = self.years.get(start.year)
            if annual is None:
                return None
            return _q(annual / self._periods_in_year(period_type, start.year)) if divide else annual
        if period_type == PeriodType.YEAR:
            vigencia = self.own.get((PeriodType.VIGENCIA, self.plan.vigencia_start))
            if vigencia is None:
                return None
            years = self.plan.vigencia_end.year - self.plan.vigencia_start.year + 1
            return _q(vigencia / years) if divide else vigencia
        # The whole vigencia: the sum of the years for a periodic indicator, else the last year's.
        if not self.years:
            return None
        if divide:
            return sum(self.years.values(), Decimal(0))
        return self.years[max(self.years)]


def achievement_and_status(
    *, value: Decimal | None, target: Decimal | None, direction: str, plan: Plan
) -> tuple[Decimal | None, str]:
    """Return the % achievement and the traffic light of a value against its target.

    Less-is-better indicators (tiempo de resolución) achieve target / value: reaching half the
    target time is 200 %, twice the target time is 50 %.
    """
    if value is None or target is None:
        return None, ProgressStatus.NO_DATA
    if direction == Direction.DECREASE and value == 0:
        # Nothing at all where less is better: on target if the target was zero, else double.
        achievement = Decimal(100) if target == 0 else Decimal(200)
    elif direction == Direction.DECREASE:
        achievement = target / value * 100
    elif target == 0:
        achievement = Decimal(100)
    else:
        achievement = value / target * 100
    achievement = _q(achievement, TWO_PLACES)
    if achievement >= plan.threshold_on_track:
        return achievement, ProgressStatus.ON_TRACK
    if achievement >= plan.threshold_at_risk:
        return achievement, ProgressStatus.AT_RISK
    return achievement, ProgressStatus.LATE


def _compute_rows(plan: Plan, indicators: list[Indicator], now) -> list[PeriodValue]:
    aggregates = _month_aggregates(indicators)
    own_targets: dict[int, dict[tuple[str, date], Decimal]] = defaultdict(dict)
    for indicator_id, ptype, start, value in Target.objects.filter(indicator__in=indicators).values_list(
        "indicator_id", "period_type", "period_start", "value"
    ):
        own_targets[indicator_id][(ptype, start)] = value
    periods = plan_periods(plan)
    rows: list[PeriodValue] = []
    for indicator in indicators:
        months = aggregates.get(indicator.pk, IndicatorMonths())
        targets = Targets(indicator, own_targets[indicator.pk], plan)
        approved_months = sorted(months.approved)
        pending_months = sorted(months.pending)
        for period_type, start, end in periods:
            approved = [months.approved[m] for m in approved_months if start <= m <= end]
            pending = [months.pending[m] for m in pending_months if start <= m <= end]
            value, numerator, denominator = _combine(indicator, approved)
            pending_value = _combine(indicator, pending)[0]
            target = _q(targets.for_period(period_type, start))
            achievement, status = achievement_and_status(
                value=value, target=target, direction=indicator.direction, plan=plan
            )
            rows.append(
                PeriodValue(
                    indicator_id=indicator.pk,
                    period_type=period_type,
                    period_start=start,
                    value=value,
                    numerator=numerator,
                    denominator=denominator,
                    pending_value=pending_value,
                    target=target,
                    achievement=achievement,
                    status=status,
                    approved_count=sum(m.rows for m in approved),
                    pending_count=sum(m.rows for m in pending),
                    computed_at=now,
                )
            )
    return rows


def _same(stored: PeriodValue, fresh: PeriodValue) -> bool:
    return all(getattr(stored, name) == getattr(fresh, name) for name in COMPARED_FIELDS)


def _lock_plan(plan_id: int) -> None:
    """Serialise roll-ups of one plan across workers (PostgreSQL); SQLite's IMMEDIATE
    transactions already admit one writer at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [0x504C414E, plan_id])


@transaction.atomic
def rollup_plan(*, plan: Plan, indicator_ids: Iterable[int] | None = None, kind: str = RollupKind.FULL) -> int:
    """Recompute the period values of ``plan`` (all its indicators, or ``indicator_ids``).

    One transaction: a worker killed mid-way leaves the previous rows untouched. Writes only
    the rows whose figures changed, drops rows of periods the vigencia no longer has, and
    records a RollupRun. Return the number of rows written.
    """
    started = timezone.now()
    _lock_plan(plan.pk)
    plan = Plan.objects.get(pk=plan.pk)  # the vigencia and thresholds as committed now
    indicators = plan.indicators.all()
    if indicator_ids is not None:
        indicators = indicators.filter(pk__in=list(indicator_ids))
    indicators = list(indicators)
    if not indicators:
        return 0
    fresh = _compute_rows(plan, indicators, started)
    stored = {
        (pv.indicator_id, pv.period_type, pv.period_start): pv
        for pv in PeriodValue.objects.filter(indicator__in=indicators)
    }
    changed = []
    for row in fresh:
        key = (row.indicator_id, row.period_type, row.period_start)
        current = stored.pop(key, None)
        if current is None or not _same(current, row):
            changed.append(row)
    if stored:
        PeriodValue.objects.filter(pk__in=[pv.pk for pv in stored.values()]).delete()
    if changed:
        PeriodValue.objects.bulk_create(
            changed,
            batch_size=2000,
            update_conflicts=True,
            unique_fields=["indicator", "period_type", "period_start"],
            update_fields=[*COMPARED_FIELDS, "computed_at"],
        )
    RollupRun.objects.create(
        plan=plan,
        kind=kind,
        started_at=started,
        finished_at=timezone.now(),
        indicators=len(indicators),
        rows_written=len(changed),
    )
    return len(changed)


def mark_for_rollup(*, indicator_ids: Iterable[int]) -> None:
    """Mark indicators for the next incremental roll-up (inside the caller's transaction)."""
    now = timezone.now()
    RollupMark.objects.bulk_create(
        [RollupMark(indicator_id=pk, marked_at=now) for pk in set(indicator_ids)],
        update_conflicts=True,
        unique_fields=["indicator"],
        update_fields=["marked_at"],
    )


def rollup_marked() -> int:
    """Recompute the marked indicators, plan by plan, and clear the marks they had when the
    run began (a mark made meanwhile stays for the next run). Return rows written."""
    cutoff = timezone.now()
    by_plan: dict[int, list[int]] = defaultdict(list)
    for indicator_id, plan_id in RollupMark.objects.values_list("indicator_id", "indicator__plan_id"):
        by_plan[plan_id].append(indicator_id)
    written = 0
    for plan in Plan.objects.filter(pk__in=by_plan):
        with transaction.atomic():
            written += rollup_plan(plan=plan, indicator_ids=by_plan[plan.pk], kind=RollupKind.INCREMENTAL)
            RollupMark.objects.filter(indicator_id__in=by_plan[plan.pk], marked_at__lte=cutoff).delete()
    return written
