"""The target of every period the roll-up writes: the indicator's own, else derived.

One definition for both paths of the roll-up: the Python combination (services._compute_rows)
reads it directly and the PostgreSQL statement (sql.py) receives its results in a temporary
table, so the two give the same targets by construction. It derives as the admin action that
writes targets divides them (indicators.services.targets_split_annual):

- a quarter shares its year's target among the year's quarters in the vigencia;
- a month shares its quarter's own target among the quarter's months, or else the annual
  target among the year's months; whole units (counts, milestones) share their quarter's part
  instead, so that months add up to their quarter and quarters to the year;
- a year shares the vigencia's target among the years; the vigencia sums its years (or takes
  the last year's when the target repeats).

Whole units divide by the largest remainder (indicators.services.target_split: 10 in quarters
is 3, 3, 2, 2); other units divide to four decimals, as before.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from indicators.enums import PeriodType, TargetDerivation
from indicators.models import Indicator, Target
from indicators.periods import period_start
from indicators.services import WHOLE_UNITS, target_split
from plans.models import Plan

FOUR_PLACES = Decimal("0.0001")


def _is_whole(value: Decimal) -> bool:
    return value == value.to_integral_value()


@dataclass
class TargetCalendar:
    """The periods of a vigencia grouped as a divided target is shared: the months and the
    quarters of each year, the months of each quarter, the years. Built once per plan."""

    months_of_year: dict[int, list[date]] = field(default_factory=lambda: defaultdict(list))
    quarters_of_year: dict[int, list[date]] = field(default_factory=lambda: defaultdict(list))
    months_of_quarter: dict[date, list[date]] = field(default_factory=lambda: defaultdict(list))
    years: list[date] = field(default_factory=list)

    @classmethod
    def of(cls, periods: list[tuple[str, date, date]]) -> TargetCalendar:
        """Group ``periods`` (indicators.periods.plan_periods, in calendar order)."""
        calendar = cls()
        for period_type, start, _end in periods:
            if period_type == PeriodType.MONTH:
                calendar.months_of_year[start.year].append(start)
                calendar.months_of_quarter[period_start(PeriodType.QUARTER, start)].append(start)
            elif period_type == PeriodType.QUARTER:
                calendar.quarters_of_year[start.year].append(start)
            elif period_type == PeriodType.YEAR:
                calendar.years.append(start)
        return calendar


class Targets:
    """The targets of one indicator: its own per period, else derived (module docstring)."""

    def __init__(
        self, indicator: Indicator, own: dict[tuple[str, date], Decimal], plan: Plan, calendar: TargetCalendar
    ):
        self.own = own
        self.plan = plan
        self.calendar = calendar
        self.divide = indicator.target_derivation == TargetDerivation.DIVIDE
        self.whole = indicator.unit in WHOLE_UNITS
        self.years = {start.year: value for (ptype, start), value in own.items() if ptype == PeriodType.YEAR}
        # The whole-unit shares already computed: (id of the periods list, total) → {start: share}.
        self._shares: dict[tuple[int, Decimal], dict[date, Decimal]] = {}

    def for_period(self, period_type: str, start: date) -> Decimal | None:
        own = self.own.get((period_type, start))
        if own is not None:
            return own
        if period_type == PeriodType.MONTH:
            return self._month(start)
        if period_type == PeriodType.QUARTER:
            annual = self.years.get(start.year)
            return None if annual is None else self._share(annual, self.calendar.quarters_of_year[start.year], start)
        if period_type == PeriodType.YEAR:
            vigencia = self.own.get((PeriodType.VIGENCIA, self.plan.vigencia_start))
            return None if vigencia is None else self._share(vigencia, self.calendar.years, start)
        # The whole vigencia: the sum of the years for a periodic indicator, else the last year's.
        if not self.years:
            return None
        if self.divide:
            return sum(self.years.values(), Decimal(0))
        return self.years[max(self.years)]

    def _month(self, start: date) -> Decimal | None:
        quarter = period_start(PeriodType.QUARTER, start)
        months = self.calendar.months_of_quarter[quarter]
        quarter_own = self.own.get((PeriodType.QUARTER, quarter))
        if quarter_own is not None:
            return self._share(quarter_own, months, start)
        annual = self.years.get(start.year)
        if annual is None:
            return None
        if self.divide and self.whole and _is_whole(annual):
            # Months share their quarter's part, so that they add up to it.
            return self._share(self.for_period(PeriodType.QUARTER, quarter), months, start)
        return self._share(annual, self.calendar.months_of_year[start.year], start)

    def _share(self, total: Decimal, starts: list[date], start: date) -> Decimal:
        """The part of ``total`` that falls to ``start`` among ``starts``."""
        if not self.divide:
            return total
        if self.whole and _is_whole(total):
            key = (id(starts), total)
            shares = self._shares.get(key)
            if shares is None:
                parts = target_split(total, len(starts), whole=True)
                shares = self._shares[key] = dict(zip(starts, parts, strict=True))
            return shares[start]
        return (total / len(starts)).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def targets_by_indicator(plan: Plan, indicators: list[Indicator], periods: list) -> dict[int, Targets]:
    """Each indicator's targets (its own, else derived): one query for all of them."""
    own_targets: dict[int, dict[tuple[str, date], Decimal]] = defaultdict(dict)
    for indicator_id, ptype, start, value in Target.objects.filter(indicator__in=indicators).values_list(
        "indicator_id", "period_type", "period_start", "value"
    ):
        own_targets[indicator_id][(ptype, start)] = value
    calendar = TargetCalendar.of(periods)
    return {i.pk: Targets(i, own_targets[i.pk], plan, calendar) for i in indicators}
