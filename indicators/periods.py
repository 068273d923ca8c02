"""Calendar periods of a plan: month, quarter, year and the whole vigencia.

A period is stored as its type and its first day; everything else (its last day, its label,
its months) is derived here so that targets, logs and roll-ups agree on the calendar.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from indicators.enums import PeriodType

if TYPE_CHECKING:
    from plans.models import Plan


def period_start(period_type: str, day: date, *, vigencia_start: date | None = None) -> date:
    """Return the first day of the period of ``period_type`` that contains ``day``."""
    if period_type == PeriodType.MONTH:
        return day.replace(day=1)
    if period_type == PeriodType.QUARTER:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    if period_type == PeriodType.YEAR:
        return date(day.year, 1, 1)
    if period_type == PeriodType.VIGENCIA:
        if vigencia_start is None:
            raise ValueError("A vigencia period needs the plan's start date.")
        return vigencia_start
    raise ValueError(f"Unknown period type: {period_type}")


def period_end(period_type: str, start: date, *, vigencia_end: date | None = None) -> date:
    """Return the last day of the period of ``period_type`` that starts on ``start``."""
    if period_type == PeriodType.MONTH:
        return start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if period_type == PeriodType.QUARTER:
        last_month = start.month + 2
        return date(start.year, last_month, calendar.monthrange(start.year, last_month)[1])
    if period_type == PeriodType.YEAR:
        return date(start.year, 12, 31)
    if period_type == PeriodType.VIGENCIA:
        if vigencia_end is None:
            raise ValueError("A vigencia period needs the plan's end date.")
        return vigencia_end
    raise ValueError(f"Unknown period type: {period_type}")


def is_period_start(period_type: str, day: date) -> bool:
    if period_type == PeriodType.VIGENCIA:
        return True
    return period_start(period_type, day) == day


QUARTER_NUMERALS = ("I", "II", "III", "IV")


def period_label(period_type: str, start: date) -> str:
    """Return how a person names the period: «abril de 2020», «II trimestre de 2020», «2020»
    (localised: «April 2020», «Q2 2020» in English). Lower case: inside a sentence a month
    stays lower case; where the label starts a sentence or a heading, capitalise it there."""
    if period_type == PeriodType.MONTH:
        return date_format(start, "YEAR_MONTH_FORMAT")
    if period_type == PeriodType.QUARTER:
        quarter = (start.month - 1) // 3 + 1
        # Translators: a quarter of a year as Colombian offices write it, in Roman numerals:
        # «III trimestre de 2026». In English write Q%(quarter)s %(year)s: «Q3 2026».
        # (The translation uses another of the arguments than the source: no format check.)
        # xgettext:no-python-format
        return _("%(numeral)s trimestre de %(year)s") % {
            "numeral": QUARTER_NUMERALS[quarter - 1],
            "quarter": quarter,
            "year": start.year,
        }
    if period_type == PeriodType.YEAR:
        return str(start.year)
    return _("Vigencia")


def subperiods_of_year(year: int, period_type: str) -> list[date]:
    """Return the first days of the months or quarters of ``year``."""
    step = 1 if period_type == PeriodType.MONTH else 3
    return [date(year, month, 1) for month in range(1, 13, step)]


@dataclass(frozen=True)
class Period:
    type: str
    start: date
    end: date

    @property
    def label(self) -> str:
        return period_label(self.type, self.start)


def plan_periods(plan: Plan) -> list[tuple[str, date, date]]:
    """Return every (type, start, end) of the plan's vigencia: its months, quarters, years and
    the vigencia itself. A period that only partly overlaps the vigencia is kept (its months
    outside simply have no logs)."""
    periods: list[tuple[str, date, date]] = []
    for period_type in (PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR):
        start = period_start(period_type, plan.vigencia_start)
        while start <= plan.vigencia_end:
            end = period_end(period_type, start)
            periods.append((period_type, start, end))
            start = date.fromordinal(end.toordinal() + 1)
    periods.append((PeriodType.VIGENCIA, plan.vigencia_start, plan.vigencia_end))
    return periods
