"""Derived targets: whole units in whole numbers that add up, other units with their decimals.

The full roll-up runs these through the PostgreSQL statement on the PostgreSQL pass and through
the Python combination on SQLite: both read rollups.targets."""

from datetime import date
from decimal import Decimal

import pytest

from indicators.enums import Aggregation, PeriodType, TargetDerivation, Unit
from indicators.models import Target
from indicators.services import targets_split_annual
from rollups.models import PeriodValue
from rollups.services import rollup_plan
from rollups.tests.test_rollup import activity, indicator, plan, target  # noqa: F401  # fixtures

pytestmark = pytest.mark.django_db

D = Decimal


def targets(ind, period_type, year=2025):
    rows = PeriodValue.objects.filter(indicator=ind, period_type=period_type, period_start__year=year)
    return list(rows.order_by("period_start").values_list("target", flat=True))


def test_a_count_of_ten_a_year_is_three_three_two_two_by_quarter(plan, activity):  # noqa: F811
    ind = indicator(activity)
    target(ind, PeriodType.YEAR, date(2025, 1, 1), 10)
    rollup_plan(plan=plan)
    assert targets(ind, PeriodType.QUARTER) == [D(3), D(3), D(2), D(2)]
    assert targets(ind, PeriodType.MONTH) == [D(n) for n in (1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 0)]


def test_eight_surveys_a_year_are_two_a_quarter_and_one_one_zero_by_month(plan, activity):  # noqa: F811
    ind = indicator(activity)
    target(ind, PeriodType.YEAR, date(2025, 1, 1), 8)
    rollup_plan(plan=plan)
    assert targets(ind, PeriodType.QUARTER) == [D(2)] * 4
    assert targets(ind, PeriodType.MONTH) == [D(n) for n in (1, 1, 0) * 4]


def test_two_thousand_tickets_a_year_are_never_a_fraction_a_month(plan, activity):  # noqa: F811
    ind = indicator(activity)
    target(ind, PeriodType.YEAR, date(2025, 1, 1), 2000)
    rollup_plan(plan=plan)
    months = targets(ind, PeriodType.MONTH)
    assert months == [D(n) for n in (167, 167, 166) * 4]
    assert sum(months) == D(2000)


def test_months_share_their_quarters_own_targets_and_add_up_to_them(plan, activity):  # noqa: F811
    ind = indicator(activity)
    target(ind, PeriodType.YEAR, date(2025, 1, 1), 30)
    for month, value in ((1, 8), (4, 8), (7, 7), (10, 7)):
        target(ind, PeriodType.QUARTER, date(2025, month, 1), value)
    rollup_plan(plan=plan)
    assert targets(ind, PeriodType.MONTH) == [D(n) for n in (3, 3, 2, 3, 3, 2, 3, 2, 2, 3, 2, 2)]


def test_a_vigencia_target_splits_into_whole_years(plan, activity):  # noqa: F811
    ind = indicator(activity)
    target(ind, PeriodType.VIGENCIA, date(2025, 1, 1), 5)
    rollup_plan(plan=plan)
    assert targets(ind, PeriodType.YEAR) + targets(ind, PeriodType.YEAR, 2026) == [D(3), D(2)]


def test_a_milestone_divided_lands_in_the_first_quarter(plan, activity):  # noqa: F811
    ind = indicator(activity, unit=Unit.MILESTONE)
    target(ind, PeriodType.YEAR, date(2025, 1, 1), 1)
    rollup_plan(plan=plan)
    assert targets(ind, PeriodType.QUARTER) == [D(1), D(0), D(0), D(0)]


def test_pesos_keep_their_decimals(plan, activity):  # noqa: F811
    ind = indicator(activity, unit=Unit.COP)
    target(ind, PeriodType.YEAR, date(2025, 1, 1), 1000)
    rollup_plan(plan=plan)
    assert targets(ind, PeriodType.MONTH)[0] == D("83.3333")
    assert targets(ind, PeriodType.QUARTER)[0] == D(250)


def test_a_repeated_target_repeats_the_quarters_own_in_its_months(plan, activity):  # noqa: F811
    ind = indicator(
        activity, unit=Unit.PERCENTAGE, aggregation=Aggregation.AVERAGE, target_derivation=TargetDerivation.REPEAT
    )
    target(ind, PeriodType.YEAR, date(2025, 1, 1), 80)
    target(ind, PeriodType.QUARTER, date(2025, 4, 1), 60)
    rollup_plan(plan=plan)
    assert targets(ind, PeriodType.MONTH)[:6] == [D(80)] * 3 + [D(60)] * 3


@pytest.mark.parametrize("quarters", [None, (8, 8, 7, 7)])
def test_the_written_month_targets_are_the_ones_the_rollup_derives(plan, activity, quarters):  # noqa: F811
    derived, written = indicator(activity), indicator(activity)
    for ind in (derived, written):
        target(ind, PeriodType.YEAR, date(2025, 1, 1), 30)
        for month, value in zip((1, 4, 7, 10), quarters or (), strict=False):
            target(ind, PeriodType.QUARTER, date(2025, month, 1), value)
    targets_split_annual(indicator=written, into=PeriodType.MONTH)
    rollup_plan(plan=plan)
    stored = Target.objects.filter(indicator=written, period_type=PeriodType.MONTH, period_start__year=2025)
    assert [t.value for t in stored.order_by("period_start")] == targets(derived, PeriodType.MONTH)
