"""The frozen snapshot of a report: everything its files and pages show, read once from the
rolled-up values and the logs, as JSON."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from execution.enums import LogStatus
from execution.models import ActivityLog, AreaSubmission, LogValue, ReportingPeriod
from execution.selectors import activity_is_due
from indicators.enums import PeriodType
from indicators.models import Indicator
from indicators.periods import period_end, period_label, period_start
from plans.models import Activity, Plan
from rollups.enums import ProgressStatus
from rollups.models import PeriodValue, RollupRun
from rollups.progress import plan_progress

# How many periods of the report's type the trend shows, the report's own included.
TREND_PERIODS = 6
HUNDRED = Decimal(100)
SNAPSHOT_SCHEMA = 1


def _dec(value: Decimal | None) -> str | None:
    """A decimal as the snapshot keeps it: a plain string without trailing zeros (JSON has no
    decimals, and a float would lose cents)."""
    if value is None:
        return None
    return format(Decimal(value).normalize(), "f")


class _Group:
    """How many indicators a component, an area or the plan has, by status. Its progress comes
    from rollups.progress, the definition the dashboards use."""

    def __init__(self, name: str, weight: Decimal | None = None):
        self.name = name
        self.weight = weight
        self.counts = {status.value: 0 for status in ProgressStatus}
        self.with_data = 0

    def add(self, status: str, achievement: Decimal | None) -> None:
        self.counts[status] += 1
        if status != ProgressStatus.NO_DATA and achievement is not None:
            self.with_data += 1

    def as_dict(self, progress) -> dict:
        data = {
            "name": self.name,
            "indicators": sum(self.counts.values()),
            "with_data": self.with_data,
            "counts": self.counts,
            "progress": _dec(_percent(progress)),
        }
        if self.weight is not None:
            data["weight"] = _dec(self.weight)
        return data


def _trend_starts(plan: Plan, period_type: str, start: date) -> list[date]:
    """The first days of the last TREND_PERIODS periods of ``period_type`` up to ``start``,
    oldest first, none before the vigencia's first period."""
    if period_type == PeriodType.VIGENCIA:
        return [start]
    first = period_start(period_type, plan.vigencia_start)
    starts = [start]
    while len(starts) < TREND_PERIODS:
        previous = period_start(period_type, starts[-1] - timedelta(days=1))
        if previous < first:
            break
        starts.append(previous)
    return list(reversed(starts))


def _months_of(plan: Plan, start: date, end: date, today: date) -> list[date]:
    """The months of [start, end] inside the vigencia that have begun by ``today``."""
    months = []
    month = max(start, plan.vigencia_start).replace(day=1)
    last = min(end, plan.vigencia_end, today)
    while month <= last:
        months.append(month)
        month = (month + timedelta(days=32)).replace(day=1)
    return months


def _missing_submissions(plan: Plan, start: date, end: date, today: date) -> list[dict]:
    """The areas responsible for due activities that did not submit each month of the period
    (the reporting cycle), with whether the month was opened for reporting. In a month never
    opened an area cannot submit: it counts as missing only when it has no log sent for the
    month either (an imported history, for one, is approved without a submission). Five queries."""
    months = _months_of(plan, start, end, today)
    if not months:
        return []
    activities = list(Activity.objects.filter(component__plan=plan).prefetch_related("responsible_areas"))
    periods = {p.period_start: p for p in ReportingPeriod.objects.filter(plan=plan, period_start__in=months)}
    submitted = set(
        AreaSubmission.objects.filter(reporting_period__in=list(periods.values())).values_list(
            "reporting_period__period_start", "area_id"
        )
    )
    unopened = [month for month in months if month not in periods]
    if unopened:
        # The value rows carry the month and the status, so this reads the roll-up index.
        submitted |= set(
            LogValue.objects.filter(
                indicator__plan=plan, month__in=unopened, status__in=[LogStatus.SUBMITTED, LogStatus.APPROVED]
            )
            .values_list("month", "log__area_id")
            .distinct()
        )
    missing = []
    for month in months:
        month_end = period_end(PeriodType.MONTH, month)
        areas = {
            area.pk: area
            for activity in activities
            if activity_is_due(activity, month, month_end)
            for area in activity.responsible_areas.all()
        }
        reporting_period = periods.get(month)
        for area in sorted(areas.values(), key=lambda a: a.name):
            if (month, area.pk) in submitted:
                continue
            missing.append(
                {
                    "month": month.isoformat(),
                    "month_label": period_label(PeriodType.MONTH, month),
                    "area": area.name,
                    "period_status": str(reporting_period.get_status_display())
                    if reporting_period
                    else _("No abierto, sin registros"),
                    "deadline": reporting_period.deadline.isoformat() if reporting_period else None,
                }
            )
    return missing


def _returned_logs(plan: Plan, start: date, end: date) -> list[dict]:
    """The logs of the period the press office returned to their areas, with its comment."""
    logs = (
        ActivityLog.objects.filter(activity__component__plan=plan, status=LogStatus.RETURNED, date__range=(start, end))
        .select_related("activity", "area", "reviewed_by")
        .order_by("date", "pk")
    )
    return [
        {
            "date": log.date.isoformat(),
            "activity": log.activity.name,
            "area": log.area.name,
            "comment": log.review_comment,
            "reviewed_by": (log.reviewed_by.get_full_name() or log.reviewed_by.username) if log.reviewed_by else "",
        }
        for log in logs
    ]


def _percent(progress) -> Decimal | None:
    return None if progress is None else progress.percent


def _indicators_of(plan: Plan) -> list[Indicator]:
    """The plan's indicators in the order of the matrix: by component, then their own order."""
    return list(
        Indicator.objects.filter(plan=plan)
        .select_related("activity__component", "responsible_area")
        .prefetch_related("activity__responsible_areas")
        .order_by(
            F("activity__component__order").asc(nulls_last=True),
            F("activity__component_id").asc(nulls_last=True),
            "order",
            "code",
        )
    )


def _area_names(indicator: Indicator) -> list[str]:
    """The areas an indicator is reported by: its own, else its activity's, else none."""
    if indicator.responsible_area is not None:
        return [indicator.responsible_area.name]
    if indicator.activity is not None:
        return sorted(a.name for a in indicator.activity.responsible_areas.all())
    return []


class _Tally:
    """The indicator rows of a snapshot and their counts by the plan, component and area."""

    def __init__(self, plan: Plan, values: dict[tuple[int, date], tuple], period_start: date, trend_starts):
        self.values = values
        self.period_start = period_start
        self.trend_starts = trend_starts
        self.plan_level = _("Indicadores del plan")
        self.no_area = _("Sin dependencia asignada")
        self.components = {c.pk: _Group(c.name, c.weight) for c in plan.components.order_by("order", "pk")}
        self.plan_group = _Group(self.plan_level)
        self.areas: dict[str, _Group] = {}
        self.overall = _Group(plan.title)
        self.rows: list[dict] = []

    def add(self, indicator: Indicator) -> None:
        value, pending, target, achievement, status = self.values.get(
            (indicator.pk, self.period_start), (None, None, None, None, ProgressStatus.NO_DATA)
        )
        area_names = _area_names(indicator)
        component = indicator.activity.component if indicator.activity else None
        group = self.components[component.pk] if component else self.plan_group
        area_groups = [self.areas.setdefault(name, _Group(name)) for name in area_names or [self.no_area]]
        for target_group in [self.overall, group, *area_groups]:
            target_group.add(status, achievement)
        self.rows.append(
            {
                "code": indicator.code,
                "name": indicator.name,
                "component": component.name if component else self.plan_level,
                "area": ", ".join(area_names) or self.no_area,
                "unit": indicator.unit,
                "unit_label": indicator.get_unit_display(),
                "direction": indicator.direction,
                "weight": _dec(indicator.weight),
                "target": _dec(target),
                "value": _dec(value),
                "pending_value": _dec(pending),
                "achievement": _dec(achievement),
                "status": status,
                "status_label": str(ProgressStatus(status).label),
                "trend": [_dec(self.values.get((indicator.pk, start), (None,))[0]) for start in self.trend_starts],
            }
        )

    def groups(self, progress) -> tuple[dict, list[dict], list[dict]]:
        """The plan's, the components' and the areas' counts with the progress of
        rollups.progress (components weigh their indicators, the plan weighs its components:
        the report shows the dashboards' numbers)."""
        components = [group.as_dict(progress.components.get(pk)) for pk, group in self.components.items()]
        if sum(self.plan_group.counts.values()):
            components.append(self.plan_group.as_dict(progress.plan_level))
        area_progress = {progress.area_names[pk]: area for pk, area in progress.areas.items()}
        area_progress[self.no_area] = progress.no_area
        names = sorted(self.areas, key=lambda n: (n == self.no_area, n))
        areas = [self.areas[name].as_dict(area_progress.get(name)) for name in names]
        return self.overall.as_dict(progress.plan), components, areas


def _plan_and_period(plan: Plan, period_type: str, period_start: date, end: date) -> dict:
    return {
        "plan": {
            "id": plan.pk,
            "title": plan.title,
            "entity": plan.entity.name,
            "vigencia_start": plan.vigencia_start.isoformat(),
            "vigencia_end": plan.vigencia_end.isoformat(),
        },
        "period": {
            "type": period_type,
            "type_label": str(PeriodType(period_type).label),
            "start": period_start.isoformat(),
            "end": end.isoformat(),
            "label": period_label(period_type, period_start),
        },
    }


def report_snapshot(*, plan: Plan, period_type: str, period_start: date, today: date | None = None) -> dict:
    """Return the figures of ``plan`` for the period, as a JSON-ready dict to freeze in a report.

    Reads the period values the roll-up wrote (never the logs): the plan's overall progress and
    its progress by component and by area (rollups.progress, as the dashboards show it), the
    indicator table with the trend of the last periods of the same type, what is missing (areas
    that did not submit a month of the period, returned logs with their comment) and when the
    roll-up last ran. A dozen queries whatever the plan's size.
    """
    today = today or timezone.localdate()
    end = period_end(period_type, period_start, vigencia_end=plan.vigencia_end)
    trend_starts = _trend_starts(plan, period_type, period_start)
    values: dict[tuple[int, date], tuple] = {
        (indicator_id, start): rest
        for indicator_id, start, *rest in PeriodValue.objects.filter(
            indicator__plan=plan, period_type=period_type, period_start__in=trend_starts
        ).values_list("indicator_id", "period_start", "value", "pending_value", "target", "achievement", "status")
    }
    tally = _Tally(plan, values, period_start, trend_starts)
    for indicator in _indicators_of(plan):
        tally.add(indicator)
    overall, components, areas = tally.groups(
        plan_progress(plan=plan, period_type=period_type, period_start=period_start)
    )
    rollup_at = (
        RollupRun.objects.filter(plan=plan).order_by("-finished_at").values_list("finished_at", flat=True).first()
    )
    submitted_logs = ActivityLog.objects.filter(
        activity__component__plan=plan, status=LogStatus.SUBMITTED, date__range=(period_start, end)
    ).count()
    return {
        "schema": SNAPSHOT_SCHEMA,
        **_plan_and_period(plan, period_type, period_start, end),
        "taken_at": timezone.now().isoformat(),
        # A period not over on the day of the snapshot (today included: its day is not over):
        # its figures stop at ``cut_off`` and the report says so.
        "cut_off": today.isoformat(),
        "partial": end >= today,
        "rollup_at": rollup_at.isoformat() if rollup_at else None,
        "overall": overall,
        "components": components,
        "areas": areas,
        "trend_labels": [period_label(period_type, start) for start in trend_starts],
        "indicators": tally.rows,
        "missing": _missing_submissions(plan, period_start, end, today),
        "returned": _returned_logs(plan, period_start, end),
        "submitted_logs": submitted_logs,
    }
