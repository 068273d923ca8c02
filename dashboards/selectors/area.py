"""The area page: the area's indicators in the plans in execution, with what is missing or
returned for the open reporting periods."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import (
    Max,
    Q,
)
from django.http import Http404
from django.utils.translation import gettext as _

from dashboards.cache import plan_cache_prefix, plan_progress_cached
from dashboards.figures import ProgressRow, figure_number, progress_row
from dashboards.selectors.plan import IndicatorRow
from execution.enums import LogStatus, ReportingPeriodStatus
from execution.models import ActivityLog, AreaSubmission, ReportingPeriod
from execution.selectors import activity_is_due, log_scope_for_user
from indicators.enums import PeriodType
from indicators.models import Indicator
from indicators.periods import period_end, period_label, period_start
from plans.models import Activity, Area, Plan, User
from rollups.enums import ProgressStatus
from rollups.models import PeriodValue, RollupRun

# --- the area page --------------------------------------------------------------------------


def area_get_for_user(*, user: User, area_id: int) -> Area:
    """Return the area if it belongs to ``user``'s entity (any for a superuser), or raise Http404."""
    try:
        return Area.objects.for_user(user).select_related("entity").get(pk=area_id)
    except (Area.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass
class AreaIndicator:
    indicator: Indicator
    month: IndicatorRow
    year: IndicatorRow


@dataclass
class AreaPlan:
    plan: Plan
    month_progress: ProgressRow | None
    year_progress: ProgressRow | None
    indicators: list[AreaIndicator] = field(default_factory=list)


@dataclass
class AreaPeriod:
    period: ReportingPeriod
    submitted_at: datetime | None


@dataclass
class AreaDashboard:
    area: Area
    month: date
    year: date
    plans: list[AreaPlan]
    missing: list[Activity]
    returned: list[ActivityLog]
    submitted: int
    periods: list[AreaPeriod]

    @property
    def month_label(self) -> str:
        return period_label(PeriodType.MONTH, self.month)

    @property
    def year_label(self) -> str:
        return str(self.year.year)

    @property
    def chart(self) -> dict:
        """The area's indicators' achievement this year against their own targets (100 %)."""
        indicators = [i for p in self.plans for i in p.indicators]
        return {
            "type": "bar",
            "indexAxis": "y",
            "unit": "%",
            "labels": [f"{i.indicator.code} · {i.indicator.name}"[:60] for i in indicators],
            "datasets": [
                {
                    "label": _("Cumplimiento del año (%)"),
                    "role": "value",
                    "data": [figure_number(i.year.achievement) for i in indicators],
                },
                {"label": _("Meta (100 %)"), "role": "target", "data": [100 for _i in indicators]},
            ],
        }


def indicator_figures(indicator: Indicator, pv: PeriodValue | None) -> IndicatorRow:
    return IndicatorRow(
        indicator=indicator,
        component="",
        area="",
        area_id=indicator.responsible_area_id,
        value=pv.value if pv else None,
        target=pv.target if pv else None,
        achievement=pv.achievement if pv else None,
        status=pv.status if pv else ProgressStatus.NO_DATA,
        pending=pv.pending_value if pv else None,
    )


def _area_plans(*, area: Area, plans: list[Plan], month: date, year: date) -> list[AreaPlan]:
    """The area's indicators in each plan with their month and year figures, and the area's
    progress in the plan (plan_progress from the cache)."""
    indicators = list(
        Indicator.objects.filter(plan__in=plans, responsible_area=area)
        .select_related("activity__component")
        .order_by("plan_id", "activity__component__order", "order", "code")
    )
    values = {
        (pv.indicator_id, pv.period_type): pv
        for pv in PeriodValue.objects.filter(indicator__in=indicators).filter(
            Q(period_type=PeriodType.MONTH, period_start=month) | Q(period_type=PeriodType.YEAR, period_start=year)
        )
    }
    runs = dict(
        RollupRun.objects.filter(plan__in=plans)
        .values("plan_id")
        .annotate(last=Max("pk"))
        .values_list("plan_id", "last")
    )
    area_plans = []
    for plan in plans:
        prefix = plan_cache_prefix(plan.pk, runs.get(plan.pk))
        progress = {}
        for ptype, start in ((PeriodType.MONTH, month), (PeriodType.YEAR, year)):
            if plan.vigencia_start <= period_end(ptype, start) and start <= plan.vigencia_end:
                found = plan_progress_cached(plan=plan, period_type=ptype, period_start=start, prefix=prefix)
                area_progress = found.areas.get(area.pk)
                progress[ptype] = progress_row(area.pk, area.name, area_progress) if area_progress else None
        area_plan = AreaPlan(
            plan=plan, month_progress=progress.get(PeriodType.MONTH), year_progress=progress.get(PeriodType.YEAR)
        )
        area_plan.indicators = [
            AreaIndicator(
                indicator=i,
                month=indicator_figures(i, values.get((i.pk, PeriodType.MONTH))),
                year=indicator_figures(i, values.get((i.pk, PeriodType.YEAR))),
            )
            for i in indicators
            if i.plan_id == plan.pk
        ]
        area_plans.append(area_plan)

    return area_plans


def _area_logging(*, user: User, area: Area, plans: list[Plan], month: date) -> tuple:
    """What the area has to do: the activities due this month it has not logged, its returned
    logs, how many wait for review, and the open reporting periods with their submission."""
    month_end = period_end(PeriodType.MONTH, month)
    activities = list(
        Activity.objects.filter(component__plan__in=plans, responsible_areas=area)
        .select_related("component__plan")
        .order_by("component__plan__title", "component__order", "order", "pk")
    )
    logged = set(
        ActivityLog.objects.filter(area=area, activity__in=activities, date__range=(month, month_end))
        .exclude(status=LogStatus.WITHDRAWN)
        .values_list("activity_id", flat=True)
        .distinct()
    )
    missing = [a for a in activities if a.pk not in logged and activity_is_due(a, month, month_end)]
    area_logs = log_scope_for_user(user).filter(area=area, activity__component__plan__in=plans)
    returned = list(
        area_logs.filter(status=LogStatus.RETURNED)
        .select_related("activity__component__plan", "reviewed_by")
        .order_by("date", "pk")
    )
    submitted = area_logs.filter(status=LogStatus.SUBMITTED).count()
    periods = list(
        ReportingPeriod.objects.filter(plan__in=plans, status=ReportingPeriodStatus.OPEN)
        .select_related("plan")
        .order_by("plan__title", "-period_start")
    )
    sent = dict(
        AreaSubmission.objects.filter(reporting_period__in=periods, area=area).values_list(
            "reporting_period_id", "submitted_at"
        )
    )
    return missing, returned, submitted, [AreaPeriod(period=p, submitted_at=sent.get(p.pk)) for p in periods]


def area_dashboard(*, user: User, area: Area, today: date) -> AreaDashboard:
    """Return the area page: the indicators the area is responsible for in its entity's plans
    in execution, with their figures for the month under way and the year; the area's progress
    in each plan; the activities due this month it has not logged, its logs returned by the press
    office, those waiting for review, and the open reporting periods it has (or not) submitted.

    A fixed number of queries whatever the number of indicators and logs (plan_progress once
    per plan in execution, cached).
    """
    month = period_start(PeriodType.MONTH, today)
    year = date(today.year, 1, 1)
    plans = list(Plan.objects.for_entity(area.entity_id).in_execution().order_by("-vigencia_start", "title"))
    missing, returned, submitted, periods = _area_logging(user=user, area=area, plans=plans, month=month)
    return AreaDashboard(
        area=area,
        month=month,
        year=year,
        plans=_area_plans(area=area, plans=plans, month=month, year=year),
        missing=missing,
        returned=returned,
        submitted=submitted,
        periods=periods,
    )
