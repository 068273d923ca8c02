from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from indicators.enums import PeriodType
from indicators.tests.factories import IndicatorFactory
from plans.tests.factories import ActivityFactory, ComponentFactory, PlanFactory
from rollups.enums import ProgressStatus
from rollups.models import PeriodValue
from rollups.progress import plan_progress

pytestmark = pytest.mark.django_db
D = Decimal
MONTH = date(2025, 3, 1)


def value(indicator, achievement, status=ProgressStatus.ON_TRACK):
    return PeriodValue.objects.create(
        indicator=indicator,
        period_type=PeriodType.MONTH,
        period_start=MONTH,
        achievement=None if achievement is None else D(achievement),
        status=status if achievement is not None else ProgressStatus.NO_DATA,
        computed_at=timezone.now(),
    )


def test_components_weigh_their_indicators_and_the_plan_weighs_its_components(entity, area_a, area_b):
    plan = PlanFactory(entity=entity)
    external = ComponentFactory(plan=plan, name="Externa", weight=D(3))
    internal = ComponentFactory(plan=plan, name="Interna", weight=D(1))
    a = IndicatorFactory(activity=ActivityFactory(component=external), weight=D(1), responsible_area=area_a)
    b = IndicatorFactory(activity=ActivityFactory(component=external), weight=D(3), responsible_area=area_b)
    c = IndicatorFactory(activity=ActivityFactory(component=internal), weight=D(1), responsible_area=area_a)
    nothing = IndicatorFactory(activity=ActivityFactory(component=internal), responsible_area=area_b)
    value(a, 40)  # weight 1
    value(b, 150)  # capped at 100, weight 3 → external = (40 + 300) / 4 = 85
    value(c, 60)  # internal = 60
    value(nothing, None)

    progress = plan_progress(plan=plan, period_type=PeriodType.MONTH, period_start=MONTH)

    assert progress.components[external.pk].percent == D("85.0")
    assert progress.components[internal.pk].percent == D("60.0")
    # (85 × 3 + 60 × 1) / 4 = 78.75
    assert progress.plan.percent == D("78.8")
    assert (progress.plan.with_data, progress.plan.without_data) == (3, 1)
    # Area A: (40 + 60) / 2; area B: 100 (the indicator without data is left out).
    assert progress.areas[area_a.pk].percent == D("50.0")
    assert progress.areas[area_b.pk].percent == D("100.0")


def test_a_period_without_data_has_no_progress(entity):
    plan = PlanFactory(entity=entity)
    value(IndicatorFactory(activity=ActivityFactory(component=ComponentFactory(plan=plan))), None)
    assert plan_progress(plan=plan, period_type=PeriodType.MONTH, period_start=MONTH).plan.percent is None


def test_an_indicator_without_responsible_area_counts_for_its_activitys_areas(entity, area_a, area_b):
    plan = PlanFactory(entity=entity)
    activity = ActivityFactory(component=ComponentFactory(plan=plan))
    activity.responsible_areas.add(area_a, area_b)
    value(IndicatorFactory(activity=activity), 30)
    progress = plan_progress(plan=plan, period_type=PeriodType.MONTH, period_start=MONTH)
    assert (progress.areas[area_a.pk].percent, progress.areas[area_b.pk].percent) == (D("30.0"), D("30.0"))


def test_it_runs_two_queries_whatever_the_plan_size(entity):
    plan = PlanFactory(entity=entity)
    for _ in range(15):
        value(IndicatorFactory(activity=ActivityFactory(component=ComponentFactory(plan=plan))), 50)
    with CaptureQueriesContext(connection) as queries:
        plan_progress(plan=plan, period_type=PeriodType.MONTH, period_start=MONTH)
    assert len(queries) == 2
