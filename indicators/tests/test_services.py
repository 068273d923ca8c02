from datetime import date
from decimal import Decimal

import pytest

from indicators.enums import Aggregation, PeriodType, TargetDerivation, Unit
from indicators.models import Target
from indicators.selectors import indicator_target_mismatches
from indicators.services import target_split, targets_split_annual
from indicators.tests.factories import IndicatorFactory, TargetFactory
from plans.tests.factories import ActivityFactory, ComponentFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(entity):
    return PlanFactory(entity=entity, vigencia_start=date(2025, 1, 1), vigencia_end=date(2026, 12, 31))


def make_indicator(plan, **kwargs):
    return IndicatorFactory(activity=ActivityFactory(component=ComponentFactory(plan=plan)), **kwargs)


def values(indicator, period_type):
    return [
        (t.period_start, t.value)
        for t in Target.objects.filter(indicator=indicator, period_type=period_type).order_by("period_start")
    ]


class TestSplittingAnnualTargets:
    def test_a_count_splits_into_whole_quarters_that_add_up(self, plan):
        indicator = make_indicator(plan)
        TargetFactory(indicator=indicator, period_start=date(2025, 1, 1), value=Decimal(10))
        targets_split_annual(indicator=indicator, into=PeriodType.QUARTER)
        assert values(indicator, PeriodType.QUARTER) == [
            (date(2025, 1, 1), Decimal(3)),
            (date(2025, 4, 1), Decimal(3)),
            (date(2025, 7, 1), Decimal(2)),
            (date(2025, 10, 1), Decimal(2)),
        ]

    def test_whole_units_split_by_the_largest_remainder_earlier_periods_first(self):
        assert target_split(Decimal(10), 4, whole=True) == [Decimal(n) for n in (3, 3, 2, 2)]
        assert target_split(Decimal(8), 12, whole=True) == [Decimal(1)] * 8 + [Decimal(0)] * 4

    def test_a_count_splits_into_whole_months_quarter_by_quarter(self, plan):
        indicator = make_indicator(plan)
        TargetFactory(indicator=indicator, period_start=date(2025, 1, 1), value=Decimal(8))
        targets_split_annual(indicator=indicator, into=PeriodType.MONTH)
        assert [v for _, v in values(indicator, PeriodType.MONTH)] == [Decimal(n) for n in (1, 1, 0) * 4]

    def test_months_split_their_quarters_own_targets(self, plan):
        indicator = make_indicator(plan)
        TargetFactory(indicator=indicator, period_start=date(2025, 1, 1), value=Decimal(30))
        for month, value in ((1, 8), (4, 8), (7, 7), (10, 7)):
            TargetFactory(
                indicator=indicator, period_type=PeriodType.QUARTER, period_start=date(2025, month, 1), value=value
            )
        targets_split_annual(indicator=indicator, into=PeriodType.MONTH)
        assert [v for _, v in values(indicator, PeriodType.MONTH)] == [
            Decimal(n) for n in (3, 3, 2, 3, 3, 2, 3, 2, 2, 3, 2, 2)
        ]

    def test_an_amount_in_pesos_splits_into_months_to_the_cent(self, plan):
        indicator = make_indicator(plan, unit=Unit.COP)
        TargetFactory(indicator=indicator, period_start=date(2026, 1, 1), value=Decimal("1000000"))
        targets_split_annual(indicator=indicator, into=PeriodType.MONTH)
        months = values(indicator, PeriodType.MONTH)
        assert len(months) == 12
        assert months[0] == (date(2026, 1, 1), Decimal("83333.33"))
        assert months[-1] == (date(2026, 12, 1), Decimal("83333.37"))
        assert sum(v for _, v in months) == Decimal("1000000")

    def test_an_average_repeats_the_annual_target_in_each_period(self, plan):
        indicator = make_indicator(
            plan, unit=Unit.PERCENTAGE, aggregation=Aggregation.AVERAGE, target_derivation=TargetDerivation.REPEAT
        )
        TargetFactory(indicator=indicator, period_start=date(2025, 1, 1), value=Decimal(80))
        targets_split_annual(indicator=indicator, into=PeriodType.QUARTER)
        assert [v for _, v in values(indicator, PeriodType.QUARTER)] == [Decimal(80)] * 4

    def test_splitting_again_updates_the_periods_and_keeps_their_history(self, plan):
        indicator = make_indicator(plan)
        annual = TargetFactory(indicator=indicator, period_start=date(2025, 1, 1), value=Decimal(8))
        targets_split_annual(indicator=indicator, into=PeriodType.QUARTER)
        annual.value = Decimal(12)
        annual.save()
        written = targets_split_annual(indicator=indicator, into=PeriodType.QUARTER)
        assert len(written) == 4
        first = Target.objects.get(indicator=indicator, period_type=PeriodType.QUARTER, period_start=date(2025, 1, 1))
        assert first.value == Decimal(3)
        assert [h.value for h in first.history.order_by("history_date")] == [Decimal(2), Decimal(3)]

    def test_splitting_twice_writes_nothing_the_second_time(self, plan):
        indicator = make_indicator(plan)
        TargetFactory(indicator=indicator, period_start=date(2025, 1, 1), value=Decimal(8))
        targets_split_annual(indicator=indicator, into=PeriodType.QUARTER)
        assert targets_split_annual(indicator=indicator, into=PeriodType.QUARTER) == []


class TestTargetSumWarning:
    def test_quarters_that_do_not_add_up_to_the_annual_target_are_reported(self, plan):
        indicator = make_indicator(plan)
        TargetFactory(indicator=indicator, period_start=date(2025, 1, 1), value=Decimal(10))
        for month, value in [(1, 3), (4, 3), (7, 3)]:
            TargetFactory(
                indicator=indicator, period_type=PeriodType.QUARTER, period_start=date(2025, month, 1), value=value
            )
        [mismatch] = indicator_target_mismatches(indicators=[indicator])
        assert (mismatch.year, mismatch.period_type, mismatch.annual, mismatch.total) == (
            2025,
            PeriodType.QUARTER,
            Decimal(10),
            Decimal(9),
        )

    def test_quarters_that_add_up_raise_no_warning(self, plan):
        indicator = make_indicator(plan)
        TargetFactory(indicator=indicator, period_start=date(2025, 1, 1), value=Decimal(10))
        targets_split_annual(indicator=indicator, into=PeriodType.QUARTER)
        assert indicator_target_mismatches(indicators=[indicator]) == []

    def test_averages_are_never_summed(self, plan):
        indicator = make_indicator(
            plan, unit=Unit.PERCENTAGE, aggregation=Aggregation.AVERAGE, target_derivation=TargetDerivation.REPEAT
        )
        TargetFactory(indicator=indicator, period_start=date(2025, 1, 1), value=Decimal(80))
        targets_split_annual(indicator=indicator, into=PeriodType.QUARTER)
        assert indicator_target_mismatches(indicators=[indicator]) == []
