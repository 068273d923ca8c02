"""The dashboards' filters: period type and period, component, area and order, read from the
query string with safe defaults."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlencode

from django.utils.translation import gettext_lazy

from indicators.enums import PeriodType
from indicators.periods import period_end, period_label, plan_periods
from plans.models import Plan

DASHBOARD_PERIOD_TYPES = [PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR]


# --- periods and filters --------------------------------------------------------------------

# The columns the indicator table sorts by.
ORDERINGS = {
    "codigo": gettext_lazy("Código"),
    "indicador": gettext_lazy("Indicador"),
    "componente": gettext_lazy("Componente"),
    "dependencia": gettext_lazy("Dependencia"),
    "valor": gettext_lazy("Valor"),
    "meta": gettext_lazy("Meta"),
    "cumplimiento": gettext_lazy("Cumplimiento"),
    "estado": gettext_lazy("Estado"),
}


def plan_period_starts(plan: Plan) -> dict[str, list[date]]:
    """Return the first days of the plan's months, quarters and years, in order."""
    starts: dict[str, list[date]] = {ptype: [] for ptype in DASHBOARD_PERIOD_TYPES}
    for ptype, start, _end in plan_periods(plan):
        if ptype in starts:
            starts[ptype].append(start)
    return starts


def default_period_start(starts: list[date], today: date) -> date | None:
    """Return the latest period that has begun by ``today``, else the first one."""
    begun = [start for start in starts if start <= today]
    if begun:
        return begun[-1]
    return starts[0] if starts else None


def period_number(period_type: str, start: date) -> int:
    """Return the month (1–12) or quarter (1–4) of a period; 1 for a year."""
    if period_type == PeriodType.MONTH:
        return start.month
    if period_type == PeriodType.QUARTER:
        return (start.month - 1) // 3 + 1
    return 1


def parse_month(value: str | None) -> date | None:
    """Return the first day of a month written ``AAAA-MM`` (``?mes=``), or None."""
    try:
        return datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return None


def int_param(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class DashboardFilters:
    """The choices of the plan dashboard's GET form, validated: anything invalid falls back to
    its default, so a hand-edited address never breaks the page."""

    year: int
    period_type: str
    period_start: date
    component_id: int | None = None
    area_id: int | None = None
    order: str = ""

    @property
    def period_label(self) -> str:
        return period_label(self.period_type, self.period_start)

    @property
    def period_end(self) -> date:
        return period_end(self.period_type, self.period_start)

    def params(self, **changes) -> dict[str, str]:
        params = {
            "anio": str(self.year),
            "tipo": self.period_type,
            "periodo": str(period_number(self.period_type, self.period_start)),
            "componente": str(self.component_id or ""),
            "dependencia": str(self.area_id or ""),
            "orden": self.order,
        }
        params.update({key: str(value) for key, value in changes.items()})
        return {key: value for key, value in params.items() if value}

    def querystring(self, **changes) -> str:
        return urlencode(self.params(**changes))

    @property
    def token(self) -> str:
        return self.querystring()


def dashboard_filters(
    *,
    plan: Plan,
    params: Mapping[str, str],
    today: date,
    component_ids: set[int],
    area_ids: set[int],
    starts: dict[str, list[date]] | None = None,
) -> DashboardFilters:
    """Return the dashboard's filters from the query string: ``anio``, ``tipo`` (mes,
    trimestre, anio), ``periodo`` (the month 1–12 or the quarter 1–4), ``componente``,
    ``dependencia`` and ``orden`` (a column, ``-`` first for descending). By default: the month
    under way (or the vigencia's last or first month when today is outside it). ``starts``:
    the plan's period starts when the caller has them already (plan_period_starts)."""
    starts = starts or plan_period_starts(plan)
    period_type = params.get("tipo") if params.get("tipo") in starts else PeriodType.MONTH
    typed = starts[period_type]
    years = sorted({start.year for start in typed})
    default = default_period_start(typed, today)
    year = int_param(params.get("anio"))
    if year not in years:
        year = default.year
    in_year = [start for start in typed if start.year == year]
    number = int_param(params.get("periodo"))
    chosen = next((start for start in in_year if period_number(period_type, start) == number), None)
    if chosen is None:
        chosen = default if default in in_year else default_period_start(in_year, today)
    component_id = int_param(params.get("componente"))
    area_id = int_param(params.get("dependencia"))
    order = params.get("orden") or ""
    if order.lstrip("-") not in ORDERINGS:
        order = ""
    return DashboardFilters(
        year=year,
        period_type=period_type,
        period_start=chosen,
        component_id=component_id if component_id in component_ids else None,
        area_id=area_id if area_id in area_ids else None,
        order=order,
    )


def period_options(
    plan: Plan, year: int, starts: dict[str, list[date]] | None = None
) -> dict[str, list[tuple[int, str]]]:
    """Return, for each period type, the periods of ``year`` as (number, label): the options of
    the «Periodo» list (dashboard.js swaps them when the type changes). ``starts``: as in
    dashboard_filters."""
    return {
        ptype: [(period_number(ptype, start), period_label(ptype, start)) for start in typed if start.year == year]
        for ptype, typed in (starts or plan_period_starts(plan)).items()
    }
