"""The demo's year of history and its latest reports (demo)."""

import random
from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from demo import measurement as demo
from execution.enums import LogStatus
from execution.models import ActivityLog, LogValue
from indicators.enums import Aggregation, Direction, PeriodType, TargetDerivation, Unit
from indicators.tests.factories import IndicatorFactory, TargetFactory
from plans.enums import ComponentKind, PlanStatus
from plans.models import Activity
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, ComponentFactory
from reports.models import Report
from rollups.models import PeriodValue

pytestmark = pytest.mark.django_db

TODAY = date(2026, 5, 20)


class FixedRandom(random.Random):
    """A generator whose factor is chosen by the test; nothing is skipped."""

    def __init__(self, factor: str):
        super().__init__(0)
        self.factor = Decimal(factor)

    def choice(self, seq):
        return self.factor

    def random(self):
        return 0.5


@pytest.fixture
def plan(entity):
    return ApprovedPlanFactory(
        entity=entity,
        title="Plan en ejecución",
        status=PlanStatus.IN_EXECUTION,
        vigencia_start=date(2025, 1, 1),
        vigencia_end=date(2027, 12, 31),
    )


@pytest.fixture
def activity(plan, area_a):
    component = ComponentFactory(plan=plan, name="Comunicación externa", kind=ComponentKind.EXTERNAL, order=1)
    activity = ActivityFactory(component=component, name="Comunicados de prensa", order=1)
    activity.responsible_areas.add(area_a)
    return activity


@pytest.fixture
def monthly_count(activity):
    """Twelve a year, divided: one a month."""
    indicator = IndicatorFactory(activity=activity, code="EXT-01", name="Comunicados publicados")
    for year in (2025, 2026, 2027):
        TargetFactory(indicator=indicator, period_start=date(year, 1, 1), value=Decimal(12))
    return indicator


def indicator(**fields):
    return IndicatorFactory.build(pk=5, **fields)


class TestHistoryValue:
    def test_a_count_carries_what_rounding_leaves_to_the_next_month(self):
        quarterly = indicator(unit=Unit.COUNT, aggregation=Aggregation.SUM)
        carry = {}
        values = [
            demo._history_value(quarterly, Decimal("0.3333"), date(2026, m, 1), FixedRandom("1.00"), carry).value
            for m in (1, 2, 3, 4, 5, 6)
        ]
        # 0.33 → 0 (carry 0.33); 0.67 → 1 (carry −0.33); 0 → 0: once a quarter, as targeted.
        assert values == [0, 1, 0, 0, 1, 0]

    def test_less_is_better_divides_by_the_factor(self):
        hours = indicator(unit=Unit.HOURS, aggregation=Aggregation.AVERAGE, direction=Direction.DECREASE)
        value = demo._history_value(hours, Decimal(24), date(2026, 3, 1), FixedRandom("0.80"), {})
        assert value.value == Decimal("30.00")  # 24 / 0.8: slower than the target

    def test_a_ratio_puts_the_percentage_over_two_hundred(self):
        ratio = indicator(unit=Unit.PERCENTAGE, aggregation=Aggregation.RATIO)
        value = demo._history_value(ratio, Decimal(60), date(2026, 3, 1), FixedRandom("0.90"), {})
        assert (value.numerator, value.denominator) == (Decimal(108), Decimal(200))  # 54 %

    def test_a_cumulative_figure_grows_through_the_year_towards_its_annual_target(self):
        cumulative = indicator(unit=Unit.COUNT, aggregation=Aggregation.LAST, target_derivation=TargetDerivation.REPEAT)
        june = demo._history_value(cumulative, Decimal(12), date(2026, 6, 1), FixedRandom("1.00"), {})
        december = demo._history_value(cumulative, Decimal(12), date(2026, 12, 1), FixedRandom("1.00"), {})
        assert (june.value, december.value) == (Decimal(6), Decimal(12))

    def test_a_percentage_stops_at_one_hundred(self):
        percentage = indicator(unit=Unit.PERCENTAGE, aggregation=Aggregation.AVERAGE)
        value = demo._history_value(percentage, Decimal(95), date(2026, 3, 1), FixedRandom("1.15"), {})
        assert value.value == Decimal(100)

    def test_a_milestone_once_reached_is_kept_for_the_rest_of_the_year(self):
        milestone = indicator(unit=Unit.MILESTONE, aggregation=Aggregation.LAST)  # pk 5: reached in July
        values = [
            demo._history_value(milestone, Decimal(1), date(2026, m, 1), FixedRandom("0.50"), {}).value
            for m in range(1, 13)
        ]
        assert values == [0] * 6 + [1] * 6


class TestHistoryLoad:
    def test_it_records_the_year_before_this_month_approved_and_rolled_up_once(
        self, plan, activity, monthly_count, press_officer
    ):
        created = demo.demo_history_load(today=TODAY)

        logs = ActivityLog.objects.filter(activity=activity)
        assert created == logs.count()
        assert set(logs.values_list("status", flat=True)) == {LogStatus.APPROVED}
        months = sorted({day.replace(day=1) for day in logs.values_list("date", flat=True)})
        # At most the twelve months May 2025 – April 2026; about one in twelve left unreported.
        assert months[0] >= date(2025, 5, 1)
        assert months[-1] <= date(2026, 4, 1)
        assert 9 <= len(months) <= 12
        # One a month targeted, drawn between half and 1.15 times it: whole numbers only.
        values = list(LogValue.objects.filter(indicator=monthly_count).values_list("value", flat=True))
        assert all(v == v.to_integral_value() and 0 <= v <= 2 for v in values)
        # The roll-up ran: the months reported carry their values.
        rolled = PeriodValue.objects.filter(
            indicator=monthly_count, period_type=PeriodType.MONTH, approved_count__gt=0
        ).count()
        assert rolled == len(months)

        assert demo.demo_history_load(today=TODAY) == 0
        assert ActivityLog.objects.count() == created

    def test_a_later_run_leaves_the_months_with_logs_alone(self, plan, activity, monthly_count, press_officer):
        first = demo.demo_history_load(today=TODAY)
        # A month later only May 2026 is new; June 2025 – April 2026 are left as they were.
        added = demo.demo_history_load(today=date(2026, 6, 20))
        assert added <= 1
        months = ActivityLog.objects.dates("date", "month")
        assert ActivityLog.objects.count() == first + added
        assert all(ActivityLog.objects.filter(date__month=m.month, date__year=m.year).count() == 1 for m in months)

    def test_it_stays_inside_the_vigencia(self, entity, area_a, press_officer):
        plan = ApprovedPlanFactory(
            entity=entity,
            status=PlanStatus.IN_EXECUTION,
            vigencia_start=date(2026, 2, 1),
            vigencia_end=date(2026, 12, 31),
        )
        assert demo._history_months(plan, TODAY) == [date(2026, 2, 1), date(2026, 3, 1), date(2026, 4, 1)]

    def test_a_plan_whose_entity_has_no_press_officer_gets_nothing(self, plan, activity, monthly_count):
        assert demo.demo_history_load(today=TODAY) == 0  # no press officer in the entity
        assert not Activity.objects.filter(logs__isnull=False).exists()


class TestReportsLoad:
    def test_it_generates_the_last_month_and_quarter_once_and_e_mails_nobody(
        self, settings, tmp_path, plan, activity, monthly_count, press_officer, manager
    ):
        settings.MEDIA_ROOT = tmp_path
        manager.email = "directivo@prueba.gov.co"  # who would get the e-mail of a scheduled report
        manager.save()
        demo.demo_history_load(today=TODAY)

        assert demo.demo_reports_load(today=TODAY) == 2

        reports = Report.objects.filter(plan=plan).order_by("period_type")
        assert [(r.period_type, r.period_start, r.version) for r in reports] == [
            (PeriodType.MONTH, date(2026, 4, 1), 1),
            (PeriodType.QUARTER, date(2026, 1, 1), 1),
        ]
        assert all(r.is_ready and r.xlsx and r.pdf for r in reports)
        assert mail.outbox == []
        assert demo.demo_reports_load(today=TODAY) == 0
