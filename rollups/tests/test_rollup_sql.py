"""The one-statement full roll-up of PostgreSQL (rollups.sql) against the Python
combination (rollups.services._compute_rows, the path of SQLite and of incremental runs), row
for row, on data that exercises every rule, direction, target derivation and status."""

import random
from datetime import date

import pytest
from django.db import connection, transaction
from django.utils import timezone

from execution.enums import LogStatus
from indicators.enums import Aggregation, Direction, PeriodType, TargetDerivation, Unit
from rollups.models import PeriodValue
from rollups.services import COLUMNS, _compute_rows, _months_from_logs, rollup_plan
from rollups.sql import rollup_full_postgresql
from rollups.tests.test_rollup import activity, indicator, log, plan, target  # noqa: F401  # fixtures

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]

RULES = [Aggregation.SUM, Aggregation.LAST, Aggregation.AVERAGE, Aggregation.MAX, Aggregation.RATIO]


def _mixed_plan(plan, activity):  # noqa: F811  # the fixtures imported above
    """Ten indicators (each rule in both directions and both derivations), with own and annual
    targets, approved and submitted values, values outside the vigencia and ratios."""
    rng = random.Random(20261123)  # noqa: S311  # repeatable test data, not a secret
    indicators = []
    for number, rule in enumerate(RULES * 2):
        ratio = rule == Aggregation.RATIO
        ind = indicator(
            activity,
            aggregation=rule,
            unit=Unit.PERCENTAGE if ratio else Unit.COUNT,
            direction=Direction.DECREASE if number % 2 else Direction.INCREASE,
            # Only summed indicators may divide their annual target.
            target_derivation=TargetDerivation.DIVIDE
            if rule == Aggregation.SUM and number < 5
            else TargetDerivation.REPEAT,
            numerator_definition="Atendidas" if ratio else "",
            denominator_definition="Recibidas" if ratio else "",
        )
        indicators.append(ind)
        target(ind, PeriodType.YEAR, date(2025, 1, 1), rng.choice(["0", "12", "37.5", "240"]))
        target(ind, PeriodType.QUARTER, date(2026, 4, 1), rng.choice(["0", "3", "9.25"]))
        target(ind, PeriodType.MONTH, date(2025, 2, 1), "1")
        if number % 3 == 0:
            target(ind, PeriodType.VIGENCIA, date(2025, 1, 1), "400")
        days = [date(2024, 12, 15), date(2027, 1, 3)] + [
            date(rng.choice([2025, 2026]), rng.randint(1, 12), rng.randint(1, 28)) for _ in range(25)
        ]
        for day in days:
            status = rng.choice([LogStatus.APPROVED, LogStatus.APPROVED, LogStatus.SUBMITTED, LogStatus.RETURNED])
            if rule == Aggregation.RATIO:
                log(ind, day, status=status, numerator=rng.randint(0, 9), denominator=rng.randint(1, 9))
            else:
                log(ind, day, rng.choice(["0", "1", "2.5", "7", "13.3333"]), status=status)
    at_risk = indicator(activity, target_derivation=TargetDerivation.REPEAT)
    target(at_risk, PeriodType.MONTH, date(2025, 3, 1), "10")
    log(at_risk, date(2025, 3, 9), "7")  # 70 %: between the plan's two thresholds
    indicators.append(at_risk)
    return indicators


def _stored():
    return sorted(PeriodValue.objects.values_list(*COLUMNS))


def test_the_sql_statement_computes_what_the_python_combination_computes(plan, activity):  # noqa: F811
    indicators = _mixed_plan(plan, activity)
    assert connection.vendor == "postgresql"
    now = timezone.now()
    with transaction.atomic():
        written = rollup_full_postgresql(plan, indicators, now)
    in_sql = _stored()
    assert written == len(in_sql) == len(indicators) * 35  # 24 months, 8 quarters, 2 years, 1 vigencia

    PeriodValue.objects.all().delete()
    from rollups.services import _upsert

    rows = _compute_rows(plan, indicators, _months_from_logs(indicators))
    with transaction.atomic():
        _upsert(rows, now)
    in_python = _stored()

    assert in_sql == in_python
    # The data reaches every status and rule, so the comparison covers them.
    statuses = {row[COLUMNS.index("status")] for row in in_sql}
    assert statuses == {"al_dia", "en_riesgo", "atrasado", "sin_datos"}


def test_a_second_full_run_writes_nothing(plan, activity):  # noqa: F811
    _mixed_plan(plan, activity)
    assert rollup_plan(plan=plan) > 0
    assert rollup_plan(plan=plan) == 0
