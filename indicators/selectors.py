"""Reads of the plan matrix (components, activities and their indicators) and of the targets
that do not add up to the annual one."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch

from indicators.enums import Aggregation, PeriodType
from indicators.models import Indicator, Target
from plans.models import Activity, Component, Plan
from plans.selectors import matrix_lines


@dataclass
class MatrixActivity:
    activity: Activity
    indicators: list[Indicator]

    @property
    def rowspan(self) -> int:
        return max(1, len(self.indicators))


@dataclass
class MatrixLine:
    """A responsibility beside the activity that carries it out (either may be missing)."""

    responsibility: str
    activity: MatrixActivity | None

    @property
    def rowspan(self) -> int:
        return self.activity.rowspan if self.activity else 1


@dataclass
class MatrixComponent:
    component: Component
    responsibilities: list[str]
    activities: list[MatrixActivity] = field(default_factory=list)
    lines: list[MatrixLine] = field(default_factory=list)

    @property
    def rowspan(self) -> int:
        return max(1, sum(line.rowspan for line in self.lines))


@dataclass
class MatrixRow:
    """One printed row: the component, responsibility and activity cells appear on their first
    row only."""

    component: MatrixComponent | None
    line: MatrixLine | None
    indicator: Indicator | None

    @property
    def activity(self) -> MatrixActivity | None:
        return self.line.activity if self.line else None


def matrix_rows(components: list[MatrixComponent]) -> list[MatrixRow]:
    """Flatten the matrix into table rows with their row spans, as the seeds print it."""
    rows: list[MatrixRow] = []
    for component in components:
        if not component.lines:
            rows.append(MatrixRow(component, None, None))
            continue
        for l_index, line in enumerate(component.lines):
            indicators = line.activity.indicators if line.activity else []
            for i_index, indicator in enumerate(indicators or [None]):
                rows.append(
                    MatrixRow(
                        component if l_index == 0 and i_index == 0 else None,
                        line if i_index == 0 else None,
                        indicator,
                    )
                )
    return rows


def plan_matrix(*, plan: Plan) -> tuple[list[MatrixComponent], list[Indicator]]:
    """Return the plan as the seeds print it: componente → responsabilidades → actividades →
    indicadores, plus the plan-level indicators that measure no single activity.

    Four queries whatever the plan's size.
    """
    indicators = Indicator.objects.order_by("order", "code").select_related("responsible_area")
    activities = Activity.objects.order_by("order", "pk").prefetch_related(
        Prefetch("indicators", queryset=indicators), "responsible_areas"
    )
    components = plan.components.order_by("order", "pk").prefetch_related(
        "responsibilities", Prefetch("activities", queryset=activities)
    )
    matrix = []
    for component in components:
        responsibilities = list(component.responsibilities.all())
        entries = [
            MatrixActivity(activity=activity, indicators=list(activity.indicators.all()))
            for activity in component.activities.all()
        ]
        lines = [
            MatrixLine(responsibility.text if responsibility else "", entry)
            for responsibility, entry in matrix_lines(responsibilities, entries, activity_of=lambda e: e.activity)
        ]
        matrix.append(
            MatrixComponent(
                component=component,
                responsibilities=[r.text for r in responsibilities],
                activities=entries,
                lines=lines,
            )
        )
    plan_level = list(indicators.filter(plan=plan, activity__isnull=True))
    return matrix, plan_level


@dataclass(frozen=True)
class TargetMismatch:
    indicator: Indicator
    year: int
    period_type: str
    annual: Decimal
    total: Decimal


def indicator_target_mismatches(*, indicators) -> list[TargetMismatch]:
    """Return, for indicators whose values add up, each year whose month or quarter targets do
    not add up to the annual target. One query for any number of indicators.
    """
    summed = {i.pk: i for i in indicators if i.aggregation == Aggregation.SUM}
    if not summed:
        return []
    annual: dict[tuple[int, int], Decimal] = {}
    totals: dict[tuple[int, int, str], Decimal] = defaultdict(Decimal)
    rows = Target.objects.filter(
        indicator_id__in=summed,
        period_type__in=[PeriodType.YEAR, PeriodType.QUARTER, PeriodType.MONTH],
    ).values_list("indicator_id", "period_type", "period_start", "value")
    for indicator_id, period_type, start, value in rows:
        if period_type == PeriodType.YEAR:
            annual[(indicator_id, start.year)] = value
        else:
            totals[(indicator_id, start.year, period_type)] += value
    mismatches = [
        TargetMismatch(summed[ind], year, ptype, annual[(ind, year)], total)
        for (ind, year, ptype), total in sorted(totals.items(), key=lambda kv: (kv[0][0], kv[0][1], kv[0][2]))
        if (ind, year) in annual and total != annual[(ind, year)]
    ]
    return mismatches
