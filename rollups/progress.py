"""Progress of a plan, its components and its areas for one period, from the period values.

Each indicator with a status (a value and a target) scores its achievement capped at 100 %;
a component's progress is the weighted mean of its indicators (Indicator.weight), the plan's is
the weighted mean of its components (Component.weight) plus its plan-level indicators, and an
area's is the weighted mean of the indicators it is responsible for (the indicator's
responsible area, else the areas responsible for its activity). Indicators without data
are left out of the means and counted apart, so that a month nobody reported reads «sin datos»,
not 0 %.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from plans.models import Plan
from rollups.enums import ProgressStatus
from rollups.models import PeriodValue

HUNDRED = Decimal(100)


@dataclass
class Progress:
    """A weighted mean of capped achievements, with how many indicators it covers."""

    weighted: Decimal = Decimal(0)
    weights: Decimal = Decimal(0)
    with_data: int = 0
    without_data: int = 0
    statuses: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, achievement: Decimal | None, weight: Decimal, status: str) -> None:
        self.statuses[status] += 1
        if achievement is None:
            self.without_data += 1
            return
        self.with_data += 1
        self.weighted += min(achievement, HUNDRED) * weight
        self.weights += weight

    def add_progress(self, other: Progress, weight: Decimal) -> None:
        if other.percent is not None:
            self.weighted += other.percent * weight
            self.weights += weight
        self.with_data += other.with_data
        self.without_data += other.without_data
        for status, count in other.statuses.items():
            self.statuses[status] += count

    @property
    def percent(self) -> Decimal | None:
        if not self.weights:
            return None
        return (self.weighted / self.weights).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class PlanProgress:
    plan: Progress
    components: dict[int, Progress]
    areas: dict[int, Progress]
    component_names: dict[int, str]
    area_names: dict[int, str]
    plan_level: Progress  # the indicators that measure the plan as a whole
    no_area: Progress  # the indicators no area answers for


def plan_progress(*, plan: Plan, period_type: str, period_start: date) -> PlanProgress:
    """Return the progress of ``plan`` for one period: overall, by component and by area.

    Two queries whatever the plan's size.
    """
    rows = (
        PeriodValue.objects.filter(indicator__plan=plan, period_type=period_type, period_start=period_start)
        .select_related("indicator__activity__component", "indicator__responsible_area")
        .prefetch_related("indicator__activity__responsible_areas")
        .order_by("indicator__order", "indicator__code")
    )
    components: dict[int, Progress] = defaultdict(Progress)
    component_weights: dict[int, Decimal] = {}
    component_names: dict[int, str] = {}
    areas: dict[int, Progress] = defaultdict(Progress)
    area_names: dict[int, str] = {}
    plan_level = Progress()
    no_area = Progress()
    for row in rows:
        indicator = row.indicator
        achievement = row.achievement if row.status != ProgressStatus.NO_DATA else None
        weight = indicator.weight
        if indicator.activity_id:
            component = indicator.activity.component
            components[component.pk].add(achievement, weight, row.status)
            component_weights[component.pk] = component.weight
            component_names[component.pk] = component.name
        else:
            plan_level.add(achievement, weight, row.status)
        if indicator.responsible_area_id:
            responsible = [indicator.responsible_area]
        elif indicator.activity_id:
            responsible = list(indicator.activity.responsible_areas.all())
        else:
            responsible = []
        for area in responsible:
            areas[area.pk].add(achievement, weight, row.status)
            area_names[area.pk] = area.name
        if not responsible:
            no_area.add(achievement, weight, row.status)
    overall = Progress()
    for pk, progress in components.items():
        overall.add_progress(progress, component_weights[pk])
    if plan_level.with_data or plan_level.without_data:
        # Plan-level indicators count as one more component of weight 1.
        overall.add_progress(plan_level, Decimal(1))
    return PlanProgress(
        plan=overall,
        components=dict(components),
        areas=dict(areas),
        component_names=component_names,
        area_names=area_names,
        plan_level=plan_level,
        no_area=no_area,
    )
