"""Reads of the dashboards, the indicator and area pages, the overview and the public
transparency page with its open data.

Everything here reads the rolled-up period values (PeriodValue), never the raw logs, except the
area page's «what is missing or returned», which is about logs by nature. Each page costs a
fixed number of queries whatever the size of the plan.

Caching: the expensive parts (plan_progress, the sparkline series, the rendered indicator table
and the public page) are cached under a per-plan prefix made of

* a version kept in the cache, bumped by ``plan_cache_bump`` once a roll-up of the plan commits
  (indicators.rollup.rollup_plan registers it with ``transaction.on_commit``), and
* the id of the plan's latest RollupRun, which the pages read anyway to show when the data were
  last computed. It makes a roll-up run by a Celery worker visible to every web process even
  when each process has its own in-memory cache (LocMemCache, the default), where the bump only
  reaches the process that ran the roll-up.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property
from urllib.parse import urlencode

from django.core.cache import cache
from django.db.models import (
    Case,
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Least
from django.http import Http404
from django.utils.formats import date_format, get_format
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from indicators.enums import LogStatus, PeriodType, ProgressStatus, ReportingPeriodStatus, Unit
from indicators.models import (
    ActivityLog,
    AreaSubmission,
    Indicator,
    PeriodValue,
    ReportingPeriod,
    RollupRun,
    Target,
)
from indicators.periods import period_end, period_label, period_start
from indicators.progress import PlanProgress, Progress, plan_progress
from indicators.rollup import plan_periods
from indicators.selectors import activity_is_due, log_list_for_user, log_scope_for_user, log_sent_filter_for_user
from plans.models import Activity, Area, Component, Entity, Plan, User

# Ten minutes: a roll-up drops the cached figures at once (see the module docstring), and the
# back-office edits of thresholds, names and weights ask for one (indicators.admin); the
# timeout only bounds how long a change made some other way (the shell) takes to show.
CACHE_TIMEOUT = 10 * 60
PUBLIC_MAX_AGE = 5 * 60
DASHBOARD_PERIOD_TYPES = [PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR]
# How many periods a sparkline shows, ending with the chosen one.
TREND_LENGTH = {PeriodType.MONTH: 6, PeriodType.QUARTER: 4, PeriodType.YEAR: 4}
HUNDRED = Decimal(100)
# The worst first when sorting by status: what needs attention comes up.
STATUS_RANK = [ProgressStatus.LATE, ProgressStatus.AT_RISK, ProgressStatus.ON_TRACK, ProgressStatus.NO_DATA]
# Shown next to each status label; decoration only (aria-hidden): the label carries the meaning.
STATUS_SYMBOLS = {
    ProgressStatus.ON_TRACK: "✓",
    ProgressStatus.AT_RISK: "!",
    ProgressStatus.LATE: "✕",
    ProgressStatus.NO_DATA: "–",
}


# --- cache ----------------------------------------------------------------------------------


def _version_key(plan_id: int) -> str:
    return f"dashboards:plan:{plan_id}:version"


def plan_cache_version(plan_id: int) -> int:
    """Return the current cache version of a plan's dashboards (created on first use)."""
    key = _version_key(plan_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key, 0)
    return version


def plan_cache_bump(*, plan_id: int) -> None:
    """Drop every cached figure and page of the plan: a new version makes the old keys
    unreachable (they expire on their own). Called once a roll-up of the plan commits."""
    cache.set(_version_key(plan_id), time.time_ns(), timeout=None)


def plan_cache_prefix(plan_id: int, run_id: int | None) -> str:
    return f"dashboards:plan:{plan_id}:v{plan_cache_version(plan_id)}:r{run_id or 0}"


def cached(key: str, compute):
    """Return the cached value of ``key``, computing and storing it (CACHE_TIMEOUT) when absent."""
    result = cache.get(key)
    if result is None:
        result = compute()
        cache.set(key, result, CACHE_TIMEOUT)
    return result


@dataclass(frozen=True)
class LastRollup:
    run_id: int | None
    finished_at: datetime | None


def plan_last_rollup(*, plan: Plan) -> LastRollup:
    """Return the plan's latest roll-up run (id and end). One query, on the index
    rollup_run_latest."""
    row = RollupRun.objects.filter(plan=plan).order_by("-finished_at", "-pk").values_list("pk", "finished_at").first()
    return LastRollup(*row) if row else LastRollup(None, None)


def plan_progress_cached(*, plan: Plan, period_type: str, period_start: date, prefix: str) -> PlanProgress:
    """Return indicators.progress.plan_progress for the period, from the cache when it can."""
    return cached(
        f"{prefix}:progress:{period_type}:{period_start.isoformat()}",
        lambda: plan_progress(plan=plan, period_type=period_type, period_start=period_start),
    )


# --- periods and filters --------------------------------------------------------------------


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


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


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
) -> DashboardFilters:
    """Return the dashboard's filters from the query string: ``anio``, ``tipo`` (mes,
    trimestre, anio), ``periodo`` (the month 1–12 or the quarter 1–4), ``componente``,
    ``dependencia`` and ``orden`` (a column, ``-`` first for descending). By default: the month
    under way (or the vigencia's last or first month when today is outside it)."""
    starts = plan_period_starts(plan)
    period_type = params.get("tipo") if params.get("tipo") in starts else PeriodType.MONTH
    typed = starts[period_type]
    years = sorted({start.year for start in typed})
    default = default_period_start(typed, today)
    year = _int(params.get("anio"))
    if year not in years:
        year = default.year
    in_year = [start for start in typed if start.year == year]
    number = _int(params.get("periodo"))
    chosen = next((start for start in in_year if period_number(period_type, start) == number), None)
    if chosen is None:
        chosen = default if default in in_year else default_period_start(in_year, today)
    component_id = _int(params.get("componente"))
    area_id = _int(params.get("dependencia"))
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


def period_options(plan: Plan, year: int) -> dict[str, list[tuple[int, str]]]:
    """Return, for each period type, the periods of ``year`` as (number, label): the options of
    the «Periodo» list (dashboard.js swaps them when the type changes)."""
    return {
        ptype: [(period_number(ptype, start), period_label(ptype, start)) for start in starts if start.year == year]
        for ptype, starts in plan_period_starts(plan).items()
    }


# --- figures --------------------------------------------------------------------------------


UNIT_SUFFIX = {Unit.PERCENTAGE: " %", Unit.COP: " COP", Unit.HOURS: " h", Unit.DAYS: " d", Unit.MINUTES: " min"}


_SEPARATORS: dict[str, tuple[str, str]] = {}


def _localized(value: Decimal) -> str:
    """Return ``value`` (at most two decimals) as django.utils.formats.number_format would in
    the active language, with grouping: «1.234.567,5» in Spanish. Done by hand with the
    separators looked up once per language: a table of 300 indicators formats ~5,000 numbers,
    and number_format looks the locale up again for each."""
    language = get_language()
    separators = _SEPARATORS.get(language)
    if separators is None:
        separators = _SEPARATORS[language] = (get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR"))
    decimal_separator, thousand_separator = separators
    value = _trim(value)
    integer, _point, fraction = format(abs(value), "f").partition(".")
    grouped = f"{int(integer):,}".replace(",", thousand_separator)
    return ("-" if value < 0 else "") + grouped + (decimal_separator + fraction if fraction else "")


def format_figure(value: Decimal | None, unit: str) -> str:
    """Return a value as a person reads it, Colombian style: «1.234,5», «85 %», «Sí»."""
    if value is None:
        return "—"
    if unit == Unit.MILESTONE:
        return _("Sí") if value >= 1 else _("No")
    return _localized(value) + UNIT_SUFFIX.get(unit, "")


def format_percent(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return _localized(value) + " %"


def _trim(value: Decimal) -> Decimal:
    """At most two decimals and none when they are zeros: 12.5000 → 12.5, 3.0000 → 3."""
    value = Decimal(value).quantize(Decimal("0.01"))
    return value.to_integral_value() if value == value.to_integral_value() else value.normalize()


def status_label(status: str | None) -> str:
    return str(ProgressStatus(status or ProgressStatus.NO_DATA).label)


@dataclass
class ProgressRow:
    """A line of a progress table: the plan, a component, an area or a plan of the overview."""

    pk: int | None
    name: str
    percent: Decimal | None
    with_data: int
    without_data: int
    statuses: dict[str, int]

    @property
    def percent_display(self) -> str:
        return format_percent(self.percent)

    @property
    def on_track(self) -> int:
        return self.statuses.get(ProgressStatus.ON_TRACK, 0)

    @property
    def at_risk(self) -> int:
        return self.statuses.get(ProgressStatus.AT_RISK, 0)

    @property
    def late(self) -> int:
        return self.statuses.get(ProgressStatus.LATE, 0)

    @property
    def no_data(self) -> int:
        return self.statuses.get(ProgressStatus.NO_DATA, 0)

    @property
    def bar(self) -> int:
        """The width of a progress bar, in steps of 5 % (a CSS class each: no inline style)."""
        return 0 if self.percent is None else int(min(self.percent, HUNDRED) // 5 * 5)


def _progress_row(pk: int | None, name: str, progress: Progress) -> ProgressRow:
    return ProgressRow(
        pk=pk,
        name=name,
        percent=progress.percent,
        with_data=progress.with_data,
        without_data=progress.without_data,
        statuses=dict(progress.statuses),
    )


def progress_chart(rows: list[ProgressRow], *, value_label: str) -> dict:
    """Return the data of a horizontal bar chart of progress with its target (100 %)."""
    return {
        "type": "bar",
        "indexAxis": "y",
        "unit": "%",
        "max": 100,
        "labels": [row.name for row in rows],
        "datasets": [
            {"label": value_label, "role": "value", "data": [_number(row.percent) for row in rows]},
            {"label": _("Meta (100 %)"), "role": "target", "data": [100 for _row in rows]},
        ],
    }


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# --- the sparklines -------------------------------------------------------------------------


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 100, 28, 3


@dataclass
class Sparkline:
    """A small SVG trend of an indicator's value (solid line, dots) and target (dashed line),
    drawn by the server: three hundred of them cost no JavaScript, print as they are and carry
    their figures as text in ``label``."""

    label: str
    value_segments: list[str]
    dots: list[tuple[str, str]]
    target_points: str


@dataclass(frozen=True)
class SparklineTexts:
    """The words of the sparklines' text alternative, translated once for a whole table."""

    labels: dict[date, str]
    no_data: str
    point: str
    target: str
    trend: str

    @classmethod
    def for_periods(cls, period_type: str, starts: list[date]) -> SparklineTexts:
        return cls(
            labels={start: period_label(period_type, start) for start in starts},
            no_data=_("%(period)s: sin datos"),
            point=_("%(period)s: %(value)s"),
            target=_(" (meta %(target)s)"),
            trend=_("Tendencia: %(points)s."),
        )


def sparkline(points: list[tuple[date, Decimal | None, Decimal | None]], unit: str, texts: SparklineTexts) -> Sparkline:
    """Return the sparkline of ``points`` (period start, value, target), oldest first."""
    figures = [v for _s, value, target in points for v in (value, target) if v is not None]
    top = max(figures, default=Decimal(0)) or Decimal(1)
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(points) - 1, 1)

    def xy(index: int, value: Decimal) -> tuple[str, str]:
        x = SPARK_PAD + index * step if len(points) > 1 else SPARK_WIDTH / 2
        y = SPARK_HEIGHT - SPARK_PAD - float(value / top) * (SPARK_HEIGHT - 2 * SPARK_PAD)
        return f"{x:.1f}", f"{y:.1f}"

    segments: list[list[str]] = [[]]
    dots: list[tuple[str, str]] = []
    targets: list[str] = []
    parts: list[str] = []
    for index, (start, value, target) in enumerate(points):
        label = texts.labels[start]
        if value is None:
            segments.append([])
            parts.append(texts.no_data % {"period": label})
        else:
            x, y = xy(index, value)
            segments[-1].append(f"{x},{y}")
            dots.append((x, y))
            parts.append(
                texts.point % {"period": label, "value": format_figure(value, unit)}
                + (texts.target % {"target": format_figure(target, unit)} if target is not None else "")
            )
        if target is not None:
            targets.append(",".join(xy(index, target)))
    return Sparkline(
        label=texts.trend % {"points": "; ".join(parts)},
        value_segments=[" ".join(segment) for segment in segments if len(segment) > 1],
        dots=dots,
        target_points=" ".join(targets) if len(targets) > 1 else "",
    )


def trend_starts(plan: Plan, period_type: str, start: date) -> list[date]:
    starts = [s for s in plan_period_starts(plan)[period_type] if s <= start]
    return starts[-TREND_LENGTH[period_type] :]


def sparkline_series(
    *, plan: Plan, period_type: str, period_start: date, prefix: str
) -> dict[int, list[tuple[date, Decimal | None, Decimal | None]]]:
    """Return, for every indicator of the plan, its value and target over the last periods up
    to ``period_start`` (oldest first). One query, cached."""

    def compute():
        starts = trend_starts(plan, period_type, period_start)
        found: dict[int, dict[date, tuple]] = defaultdict(dict)
        rows = PeriodValue.objects.filter(
            indicator__plan=plan, period_type=period_type, period_start__in=starts
        ).values_list("indicator_id", "period_start", "value", "target")
        for indicator_id, start, value, target in rows:
            found[indicator_id][start] = (value, target)
        return {
            indicator_id: [(start, *by_start.get(start, (None, None))) for start in starts]
            for indicator_id, by_start in found.items()
        }

    return cached(f"{prefix}:trend:{period_type}:{period_start.isoformat()}", compute)


# --- the plan dashboard ---------------------------------------------------------------------


@dataclass
class IndicatorRow:
    indicator: Indicator
    component: str
    area: str
    area_id: int | None
    value: Decimal | None
    target: Decimal | None
    achievement: Decimal | None
    status: str
    pending: Decimal | None
    sparkline: Sparkline | None = None

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def status_symbol(self) -> str:
        return STATUS_SYMBOLS[self.status]

    @property
    def value_display(self) -> str:
        return format_figure(self.value, self.indicator.unit)

    @property
    def target_display(self) -> str:
        return format_figure(self.target, self.indicator.unit)

    @property
    def pending_display(self) -> str:
        return format_figure(self.pending, self.indicator.unit)

    @property
    def achievement_display(self) -> str:
        return format_percent(self.achievement)


def _order_by(order: str) -> list:
    """The ORDER BY of the indicator table for ``?orden=``; NULLs (no data) always last."""
    key = order.lstrip("-")
    descending = order.startswith("-")
    plan_order = ["activity__component__order", "activity__component_id", "order", "code"]
    if not key:
        return [F("activity__component__order").asc(nulls_first=True), *plan_order[1:]]
    expressions = {
        "codigo": F("code"),
        "indicador": F("name"),
        "componente": F("activity__component__order"),
        "dependencia": F("responsible_area__name"),
        "valor": F("pv_value"),
        "meta": F("pv_target"),
        "cumplimiento": F("pv_achievement"),
        "estado": F("pv_rank"),
    }
    expression = expressions[key]
    first = expression.desc(nulls_last=True) if descending else expression.asc(nulls_last=True)
    return [first, *plan_order[2:]]


def plan_indicator_rows(*, plan: Plan, filters: DashboardFilters, prefix: str | None = None) -> list[IndicatorRow]:
    """Return the plan's indicators with their figures for the filters' period, filtered by
    component and area and sorted by ``filters.order``; with their sparklines when ``prefix``
    (the plan's cache prefix) is given. One query (plus the cached sparkline series)."""
    period = FilteredRelation(
        "period_values",
        condition=Q(period_values__period_type=filters.period_type, period_values__period_start=filters.period_start),
    )
    indicators = (
        Indicator.objects.filter(plan=plan)
        .annotate(pv=period)
        .annotate(
            pv_value=F("pv__value"),
            pv_target=F("pv__target"),
            pv_achievement=F("pv__achievement"),
            pv_status=F("pv__status"),
            pv_pending=F("pv__pending_value"),
            pv_rank=Case(
                *[When(pv__status=status, then=Value(rank)) for rank, status in enumerate(STATUS_RANK)],
                default=Value(len(STATUS_RANK) - 1),
                output_field=IntegerField(),
            ),
        )
        .select_related("activity__component", "responsible_area")
        .order_by(*_order_by(filters.order))
    )
    if filters.component_id:
        indicators = indicators.filter(activity__component_id=filters.component_id)
    if filters.area_id:
        indicators = indicators.filter(responsible_area_id=filters.area_id)
    series = (
        sparkline_series(plan=plan, period_type=filters.period_type, period_start=filters.period_start, prefix=prefix)
        if prefix
        else {}
    )
    texts = SparklineTexts.for_periods(
        filters.period_type, trend_starts(plan, filters.period_type, filters.period_start)
    )
    plan_level = _("Indicador del plan")
    rows = []
    for indicator in indicators:
        component = indicator.activity.component if indicator.activity_id else None
        points = series.get(indicator.pk)
        rows.append(
            IndicatorRow(
                indicator=indicator,
                component=component.name if component else plan_level,
                area=indicator.responsible_area.name if indicator.responsible_area_id else "",
                area_id=indicator.responsible_area_id,
                value=indicator.pv_value,
                target=indicator.pv_target,
                achievement=indicator.pv_achievement,
                status=indicator.pv_status or ProgressStatus.NO_DATA,
                pending=indicator.pv_pending,
                sparkline=sparkline(points, indicator.unit, texts) if points else None,
            )
        )
    return rows


@dataclass
class PlanDashboard:
    """What the plan dashboard shows. The figures are computed when the template asks for them,
    so that a cached page fragment costs no query."""

    plan: Plan
    filters: DashboardFilters
    last_rollup: LastRollup
    prefix: str
    components: list[Component]
    areas: list[Area]
    years: list[int]
    options: dict[str, list[tuple[int, str]]]

    @property
    def period_types(self) -> list[tuple[str, str]]:
        return [(ptype, PeriodType(ptype).label) for ptype in DASHBOARD_PERIOD_TYPES]

    @property
    def current_options(self) -> list[tuple[int, str]]:
        return self.options[self.filters.period_type]

    @property
    def current_number(self) -> int:
        return period_number(self.filters.period_type, self.filters.period_start)

    @property
    def cache_key(self) -> str:
        return f"{self.prefix}:{self.filters.token}:{get_language()}"

    @cached_property
    def progress(self) -> PlanProgress:
        return plan_progress_cached(
            plan=self.plan,
            period_type=self.filters.period_type,
            period_start=self.filters.period_start,
            prefix=self.prefix,
        )

    @cached_property
    def overall(self) -> ProgressRow:
        return _progress_row(self.plan.pk, self.plan.title, self.progress.plan)

    @cached_property
    def component_progress(self) -> list[ProgressRow]:
        names = {c.pk: c.name for c in self.components}
        return [
            _progress_row(c.pk, names[c.pk], self.progress.components[c.pk])
            for c in self.components
            if c.pk in self.progress.components
        ]

    @cached_property
    def area_progress(self) -> list[ProgressRow]:
        progress = self.progress
        return sorted(
            (_progress_row(pk, progress.area_names[pk], area) for pk, area in progress.areas.items()),
            key=lambda row: row.name,
        )

    @cached_property
    def rows(self) -> list[IndicatorRow]:
        return plan_indicator_rows(plan=self.plan, filters=self.filters, prefix=self.prefix)

    @cached_property
    def charts(self) -> dict:
        return {
            "components": progress_chart(self.component_progress, value_label=_("Avance (%)")),
            "areas": progress_chart(self.area_progress, value_label=_("Avance (%)")),
        }

    def sort_links(self) -> list[dict]:
        """The table's sortable headers: the link each offers and its aria-sort."""
        links = []
        for key, label in ORDERINGS.items():
            current = self.filters.order.lstrip("-") == key
            descending = self.filters.order.startswith("-")
            next_order = f"-{key}" if current and not descending else key
            links.append(
                {
                    "key": key,
                    "label": label,
                    "query": self.filters.querystring(orden=next_order),
                    "aria_sort": ("descending" if descending else "ascending") if current else "",
                }
            )
        return links


def plan_dashboard(*, plan: Plan, params: Mapping[str, str], today: date) -> PlanDashboard:
    """Return the plan dashboard for the query string ``params``. Three queries (the latest
    roll-up, the components and the areas of the filters); the figures come later, from the
    cache or from three more queries (plan_progress, the sparklines, the indicator table)."""
    components = list(plan.components.order_by("order", "pk"))
    areas = list(Area.objects.filter(indicators__plan=plan).distinct().order_by("name"))
    filters = dashboard_filters(
        plan=plan,
        params=params,
        today=today,
        component_ids={c.pk for c in components},
        area_ids={a.pk for a in areas},
    )
    last = plan_last_rollup(plan=plan)
    return PlanDashboard(
        plan=plan,
        filters=filters,
        last_rollup=last,
        prefix=plan_cache_prefix(plan.pk, last.run_id),
        components=components,
        areas=areas,
        years=sorted({start.year for start in plan_period_starts(plan)[filters.period_type]}),
        options=period_options(plan, filters.year),
    )


DASHBOARD_EXPORT_HEADER = [
    gettext_lazy("Código"),
    gettext_lazy("Indicador"),
    gettext_lazy("Componente"),
    gettext_lazy("Dependencia"),
    gettext_lazy("Unidad"),
    gettext_lazy("Periodo"),
    gettext_lazy("Valor"),
    gettext_lazy("Meta"),
    gettext_lazy("Cumplimiento (%)"),
    gettext_lazy("Estado"),
    gettext_lazy("Valor enviado sin aprobar"),
]


def plan_dashboard_export(*, plan: Plan, filters: DashboardFilters) -> tuple[list[str], list[list]]:
    """Return the header and rows of the dashboard's indicator table as exported (same filters
    and order as the page)."""
    label = filters.period_label
    header = [str(name) for name in DASHBOARD_EXPORT_HEADER]
    rows = [
        [
            row.indicator.code,
            row.indicator.name,
            row.component,
            row.area,
            row.indicator.get_unit_display(),
            label,
            row.value,
            row.target,
            row.achievement,
            row.status_label,
            row.pending,
        ]
        for row in plan_indicator_rows(plan=plan, filters=filters)
    ]
    return header, rows


# --- the indicator page ---------------------------------------------------------------------


def indicator_get_for_user(*, user: User, indicator_id: int) -> Indicator:
    """Return the indicator if ``user`` may see its plan, with its plan, activity and area, or
    raise Http404."""
    try:
        return (
            Indicator.objects.for_user(user)
            .select_related("plan__entity", "activity__component", "responsible_area")
            .get(pk=indicator_id)
        )
    except (Indicator.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


FICHA_FIELDS = [
    "code",
    "name",
    "definition",
    "kind",
    "unit",
    "aggregation",
    "numerator_definition",
    "denominator_definition",
    "direction",
    "baseline",
    "baseline_date",
    "frequency",
    "target_derivation",
    "data_source",
    "verification_means",
    "responsible_area",
    "activity",
    "plan",
    "weight",
    "order",
]


def indicator_ficha(indicator: Indicator) -> list[tuple[str, str]]:
    """Return the ficha técnica: every field of the indicator as (Spanish label, value)."""
    rows = []
    for name in FICHA_FIELDS:
        model_field = Indicator._meta.get_field(name)
        value = getattr(indicator, name)
        if model_field.choices:
            display = getattr(indicator, f"get_{name}_display")()
        elif value is None or value == "":
            display = "—"
        elif name == "baseline":
            display = format_figure(value, indicator.unit)
        elif name == "weight":
            display = _localized(value)
        elif isinstance(value, date):
            display = date_format(value, "SHORT_DATE_FORMAT")
        else:
            display = str(value)
        label = str(model_field.verbose_name)
        rows.append((label[:1].upper() + label[1:], display))
    return rows


@dataclass
class SeriesPoint:
    start: date
    label: str
    value: Decimal | None
    target: Decimal | None
    achievement: Decimal | None
    status: str
    pending: Decimal | None
    unit: str

    @property
    def value_display(self) -> str:
        return format_figure(self.value, self.unit)

    @property
    def target_display(self) -> str:
        return format_figure(self.target, self.unit)

    @property
    def pending_display(self) -> str:
        return format_figure(self.pending, self.unit)

    @property
    def achievement_display(self) -> str:
        return format_percent(self.achievement)

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def status_symbol(self) -> str:
        return STATUS_SYMBOLS[self.status]

    @property
    def month_param(self) -> str:
        return self.start.strftime("%Y-%m")


@dataclass
class Series:
    period_type: str
    label: str
    points: list[SeriesPoint]

    @property
    def chart(self) -> dict:
        return {
            "type": "bar",
            "unit": "",
            "labels": [p.label for p in self.points],
            "datasets": [
                {"label": _("Valor"), "role": "value", "data": [_number(p.value) for p in self.points]},
                {"label": _("Meta"), "role": "target", "data": [_number(p.target) for p in self.points]},
            ],
        }


def indicator_series(indicator: Indicator) -> list[Series]:
    """Return the indicator's value and target by month, quarter and year over the vigencia.
    One query."""
    rows = {
        (pv.period_type, pv.period_start): pv
        for pv in PeriodValue.objects.filter(indicator=indicator, period_type__in=DASHBOARD_PERIOD_TYPES)
    }
    series = []
    for ptype, starts in plan_period_starts(indicator.plan).items():
        points = []
        for start in starts:
            pv = rows.get((ptype, start))
            points.append(
                SeriesPoint(
                    start=start,
                    label=period_label(ptype, start),
                    value=pv.value if pv else None,
                    target=pv.target if pv else None,
                    achievement=pv.achievement if pv else None,
                    status=pv.status if pv else ProgressStatus.NO_DATA,
                    pending=pv.pending_value if pv else None,
                    unit=indicator.unit,
                )
            )
        series.append(Series(period_type=ptype, label=PeriodType(ptype).label, points=points))
    return series


@dataclass
class TargetChange:
    when: datetime
    who: str
    kind: str
    period: str
    old: str
    new: str
    note: str


def indicator_target_history(indicator: Indicator) -> list[TargetChange]:
    """Return every change of the indicator's targets, newest first: who, when, the period and
    the value before and after (from the targets' history). One query."""
    records = (
        Target.history.filter(indicator_id=indicator.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    kinds = {"+": _("Creada"), "~": _("Modificada"), "-": _("Eliminada")}
    previous: dict[int, Decimal] = {}
    changes = []
    for record in records:
        old = previous.get(record.id)
        user = record.history_user
        changes.append(
            TargetChange(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else _("Sistema o importación"),
                kind=kinds.get(record.history_type, record.history_type),
                period=period_label(record.period_type, record.period_start),
                old=format_figure(old, indicator.unit) if old is not None and record.history_type != "+" else "—",
                new=format_figure(record.value, indicator.unit) if record.history_type != "-" else "—",
                note=record.note,
            )
        )
        previous[record.id] = record.value
    changes.reverse()
    return changes


def indicator_logs(*, user: User, indicator: Indicator, month: date | None = None) -> QuerySet[ActivityLog]:
    """Return the logs that give the indicator a value, as ``user`` may read them (an area
    lead: its own area's), newest first, optionally of one month; the logs list's selector with
    its prefetches, so a page costs the same whatever the number of logs.

    Only the logs sent to the press office, not the area leads' drafts (see
    ``log_sent_filter_for_user``: the press office also sees what it returned, a lead its own
    area's unsent work)."""
    return (
        log_list_for_user(user=user, plan=indicator.plan, month=month)
        .filter(values__indicator=indicator)
        .filter(log_sent_filter_for_user(user))
    )


# --- the area page --------------------------------------------------------------------------


def area_get_for_user(*, user: User, area_id: int) -> Area:
    """Return the area if it belongs to ``user``'s entity (any for a superuser), or raise Http404."""
    try:
        return Area.objects.for_user(user).select_related("entity").get(pk=area_id)
    except (Area.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass
class AreaIndicator:
    indicator: Indicator
    month: IndicatorRow
    year: IndicatorRow


@dataclass
class AreaPlan:
    plan: Plan
    month_progress: ProgressRow | None
    year_progress: ProgressRow | None
    indicators: list[AreaIndicator] = field(default_factory=list)


@dataclass
class AreaPeriod:
    period: ReportingPeriod
    submitted_at: datetime | None


@dataclass
class AreaDashboard:
    area: Area
    month: date
    year: date
    plans: list[AreaPlan]
    missing: list[Activity]
    returned: list[ActivityLog]
    submitted: int
    periods: list[AreaPeriod]

    @property
    def month_label(self) -> str:
        return period_label(PeriodType.MONTH, self.month)

    @property
    def year_label(self) -> str:
        return str(self.year.year)

    @property
    def chart(self) -> dict:
        """The area's indicators' achievement this year against their own targets (100 %)."""
        indicators = [i for p in self.plans for i in p.indicators]
        return {
            "type": "bar",
            "indexAxis": "y",
            "unit": "%",
            "labels": [f"{i.indicator.code} · {i.indicator.name}"[:60] for i in indicators],
            "datasets": [
                {
                    "label": _("Cumplimiento del año (%)"),
                    "role": "value",
                    "data": [_number(i.year.achievement) for i in indicators],
                },
                {"label": _("Meta (100 %)"), "role": "target", "data": [100 for _i in indicators]},
            ],
        }


def _figures(indicator: Indicator, pv: PeriodValue | None) -> IndicatorRow:
    return IndicatorRow(
        indicator=indicator,
        component="",
        area="",
        area_id=indicator.responsible_area_id,
        value=pv.value if pv else None,
        target=pv.target if pv else None,
        achievement=pv.achievement if pv else None,
        status=pv.status if pv else ProgressStatus.NO_DATA,
        pending=pv.pending_value if pv else None,
    )


def area_dashboard(*, user: User, area: Area, today: date) -> AreaDashboard:
    """Return the area page: the indicators the area is responsible for in its entity's plans
    in execution, with their figures for the month under way and the year; the area's progress
    in each plan; the activities due this month it has not logged, its logs returned by the press
    office, those waiting for review, and the open reporting periods it has (or not) submitted.

    A fixed number of queries whatever the number of indicators and logs (plan_progress once
    per plan in execution, cached).
    """
    month = period_start(PeriodType.MONTH, today)
    month_end = period_end(PeriodType.MONTH, month)
    year = date(today.year, 1, 1)
    plans = list(Plan.objects.for_entity(area.entity_id).in_execution().order_by("-vigencia_start", "title"))
    indicators = list(
        Indicator.objects.filter(plan__in=plans, responsible_area=area)
        .select_related("activity__component")
        .order_by("plan_id", "activity__component__order", "order", "code")
    )
    values = {
        (pv.indicator_id, pv.period_type): pv
        for pv in PeriodValue.objects.filter(indicator__in=indicators).filter(
            Q(period_type=PeriodType.MONTH, period_start=month) | Q(period_type=PeriodType.YEAR, period_start=year)
        )
    }
    runs = dict(
        RollupRun.objects.filter(plan__in=plans)
        .values("plan_id")
        .annotate(last=Max("pk"))
        .values_list("plan_id", "last")
    )
    area_plans = []
    for plan in plans:
        prefix = plan_cache_prefix(plan.pk, runs.get(plan.pk))
        progress = {}
        for ptype, start in ((PeriodType.MONTH, month), (PeriodType.YEAR, year)):
            if plan.vigencia_start <= period_end(ptype, start) and start <= plan.vigencia_end:
                found = plan_progress_cached(plan=plan, period_type=ptype, period_start=start, prefix=prefix)
                area_progress = found.areas.get(area.pk)
                progress[ptype] = _progress_row(area.pk, area.name, area_progress) if area_progress else None
        area_plan = AreaPlan(
            plan=plan, month_progress=progress.get(PeriodType.MONTH), year_progress=progress.get(PeriodType.YEAR)
        )
        area_plan.indicators = [
            AreaIndicator(
                indicator=i,
                month=_figures(i, values.get((i.pk, PeriodType.MONTH))),
                year=_figures(i, values.get((i.pk, PeriodType.YEAR))),
            )
            for i in indicators
            if i.plan_id == plan.pk
        ]
        area_plans.append(area_plan)

    activities = list(
        Activity.objects.filter(component__plan__in=plans, responsible_areas=area)
        .select_related("component__plan")
        .order_by("component__plan__title", "component__order", "order", "pk")
    )
    logged = set(
        ActivityLog.objects.filter(area=area, activity__in=activities, date__range=(month, month_end))
        .exclude(status=LogStatus.WITHDRAWN)
        .values_list("activity_id", flat=True)
        .distinct()
    )
    missing = [a for a in activities if a.pk not in logged and activity_is_due(a, month, month_end)]
    area_logs = log_scope_for_user(user).filter(area=area, activity__component__plan__in=plans)
    returned = list(
        area_logs.filter(status=LogStatus.RETURNED)
        .select_related("activity__component__plan", "reviewed_by")
        .order_by("date", "pk")
    )
    submitted = area_logs.filter(status=LogStatus.SUBMITTED).count()
    periods = list(
        ReportingPeriod.objects.filter(plan__in=plans, status=ReportingPeriodStatus.OPEN)
        .select_related("plan")
        .order_by("plan__title", "-period_start")
    )
    sent = dict(
        AreaSubmission.objects.filter(reporting_period__in=periods, area=area).values_list(
            "reporting_period_id", "submitted_at"
        )
    )
    return AreaDashboard(
        area=area,
        month=month,
        year=year,
        plans=area_plans,
        missing=missing,
        returned=returned,
        submitted=submitted,
        periods=[AreaPeriod(period=p, submitted_at=sent.get(p.pk)) for p in periods],
    )


# --- the overview ---------------------------------------------------------------------------


@dataclass
class PlanOverview:
    plan: Plan
    progress: ProgressRow | None
    last_rollup: datetime | None

    @property
    def in_year(self) -> bool:
        return self.progress is not None


def overview_plans(*, entity_id: int, year: int) -> list[PlanOverview]:
    """Return every plan of the entity with its progress for ``year`` (plan_progress, cached)
    and its latest roll-up. One query for the plans, plus plan_progress for each plan whose
    vigencia covers the year when it is not cached."""
    plans = list(
        Plan.objects.for_entity(entity_id)
        .select_related("entity")
        .annotate(last_run_id=Max("rollup_runs__id"), last_rollup=Max("rollup_runs__finished_at"))
        .order_by("-vigencia_start", "title")
    )
    start = date(year, 1, 1)
    result = []
    for plan in plans:
        progress = None
        if plan.vigencia_start.year <= year <= plan.vigencia_end.year:
            found = plan_progress_cached(
                plan=plan,
                period_type=PeriodType.YEAR,
                period_start=start,
                prefix=plan_cache_prefix(plan.pk, plan.last_run_id),
            )
            progress = _progress_row(plan.pk, plan.title, found.plan)
        result.append(PlanOverview(plan=plan, progress=progress, last_rollup=plan.last_rollup))
    return result


def overview_chart(plans: list[PlanOverview]) -> dict:
    rows = [p.progress for p in plans if p.progress is not None]
    return progress_chart(rows, value_label=_("Avance del año (%)"))


OVERVIEW_EXPORT_HEADER = [
    gettext_lazy("Plan"),
    gettext_lazy("Inicio de la vigencia"),
    gettext_lazy("Fin de la vigencia"),
    gettext_lazy("Estado"),
    gettext_lazy("Año"),
    gettext_lazy("Avance (%)"),
    gettext_lazy("Al día"),
    gettext_lazy("En riesgo"),
    gettext_lazy("Atrasado"),
    gettext_lazy("Sin datos"),
    gettext_lazy("Último cálculo"),
]


def overview_export(*, plans: list[PlanOverview], year: int) -> tuple[list[str], list[list]]:
    rows = []
    for item in plans:
        progress = item.progress
        rows.append(
            [
                item.plan.title,
                item.plan.vigencia_start,
                item.plan.vigencia_end,
                item.plan.get_status_display(),
                year,
                progress.percent if progress else None,
                progress.on_track if progress else None,
                progress.at_risk if progress else None,
                progress.late if progress else None,
                progress.no_data if progress else None,
                item.last_rollup,
            ]
        )
    return [str(name) for name in OVERVIEW_EXPORT_HEADER], rows


# The comparison across entities: one aggregated query per page of entities.

_ACHIEVED = ~Q(status=ProgressStatus.NO_DATA)


def _plan_parts(rows) -> dict[int, Progress]:
    """Combine rows summed by (plan, component) into each plan's overall progress, by the rule
    of plan_progress: components weighted by Component.weight, plan-level indicators as one more
    component of weight 1. Reuses indicators.progress.Progress so the arithmetic is the same."""
    parts: dict[int, list[tuple[Decimal, Progress]]] = defaultdict(list)
    for row in rows:
        statuses = defaultdict(int, {s: row[f"n_{s}"] for s in ProgressStatus.values if row[f"n_{s}"]})
        part = Progress(
            weighted=Decimal(row["weighted"] or 0),
            weights=Decimal(row["weights"] or 0),
            with_data=row["with_data"],
            without_data=statuses.get(ProgressStatus.NO_DATA, 0),
            statuses=statuses,
        )
        is_component = row["indicator__activity__component_id"] is not None
        weight = row["indicator__activity__component__weight"] if is_component else Decimal(1)
        parts[row["indicator__plan_id"]].append((Decimal(weight), part))
    result = {}
    for plan_id, plan_parts in parts.items():
        overall = Progress()
        for weight, part in plan_parts:
            overall.add_progress(part, weight)
        result[plan_id] = overall
    return result


@dataclass
class EntityComparison:
    entity: Entity
    plans: int
    progress: Progress

    @property
    def percent_display(self) -> str:
        return format_percent(self.progress.percent)

    @property
    def row(self) -> ProgressRow:
        return _progress_row(self.entity.pk, self.entity.name, self.progress)


def entity_get(entity_id, *, among: QuerySet[Entity] | None = None) -> Entity:
    """Return an entity by id among ``among`` (the entities the user compares), or raise
    Http404."""
    try:
        return (among if among is not None else Entity.objects.all()).get(pk=entity_id)
    except (Entity.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def entity_queryset(among: QuerySet[Entity] | None = None) -> QuerySet[Entity]:
    """The entities of the comparison (all, or ``among``), by name, each with how many plans
    it has."""
    base = Entity.objects.filter(pk__in=among.values("pk")) if among is not None else Entity.objects.all()
    return base.annotate(plan_count=Count("plans")).order_by("name", "pk")


def entity_comparison(*, entities: list[Entity], year: int) -> list[EntityComparison]:
    """Return, for a page of entities, their progress for ``year``: the mean of their plans'
    progress (plans without data left out) and their indicators by status. One aggregated query
    for the page, whatever the number of entities, plans and indicators."""
    start = date(year, 1, 1)
    capped = ExpressionWrapper(
        Least(F("achievement"), Value(HUNDRED)) * F("indicator__weight"),
        output_field=DecimalField(max_digits=30, decimal_places=6),
    )
    # Summed by the database per (entity, plan, component): a few rows per plan reach Python.
    # The filter on the page's entities keeps the query on the foreign-key indexes and the
    # period value's unique index (indicator, period_type, period_start).
    rows = list(
        PeriodValue.objects.filter(
            indicator__plan__entity__in=entities, period_type=PeriodType.YEAR, period_start=start
        )
        .values(
            "indicator__plan__entity_id",
            "indicator__plan_id",
            "indicator__activity__component_id",
            "indicator__activity__component__weight",
        )
        .annotate(
            weighted=Sum(capped, filter=_ACHIEVED),
            weights=Sum("indicator__weight", filter=_ACHIEVED),
            with_data=Count("pk", filter=_ACHIEVED),
            **{f"n_{status}": Count("pk", filter=Q(status=status)) for status in ProgressStatus.values},
        )
        .order_by()
    )
    plan_entity = {row["indicator__plan_id"]: row["indicator__plan__entity_id"] for row in rows}
    by_entity: dict[int, Progress] = defaultdict(Progress)
    for plan_id, overall in _plan_parts(rows).items():
        # Each plan with data weighs the same in its entity's figure.
        by_entity[plan_entity[plan_id]].add_progress(overall, Decimal(1))
    return [
        EntityComparison(entity=entity, plans=entity.plan_count, progress=by_entity.get(entity.pk, Progress()))
        for entity in entities
    ]


COMPARISON_EXPORT_HEADER = [
    gettext_lazy("Entidad"),
    gettext_lazy("Planes"),
    gettext_lazy("Año"),
    gettext_lazy("Avance (%)"),
    gettext_lazy("Al día"),
    gettext_lazy("En riesgo"),
    gettext_lazy("Atrasado"),
    gettext_lazy("Sin datos"),
]


def entity_comparison_export(
    *, year: int, among: QuerySet[Entity] | None = None, chunk: int = 200
) -> tuple[list[str], list[list]]:
    """Return every compared entity's row of the comparison, one aggregated query per
    ``chunk`` entities (each query stays on the indexes, as a page does)."""
    entities = list(entity_queryset(among))
    rows = []
    for index in range(0, len(entities), chunk):
        for item in entity_comparison(entities=entities[index : index + chunk], year=year):
            row = item.row
            rows.append(
                [item.entity.name, item.plans, year, row.percent, row.on_track, row.at_risk, row.late, row.no_data]
            )
    return [str(name) for name in COMPARISON_EXPORT_HEADER], rows


# --- the public transparency page and its open data -----------------------------------------


def public_plan_get(*, plan_id: int) -> Plan:
    """Return the plan if it is published on the transparency page, with its entity and latest
    roll-up, or raise Http404. One query."""
    try:
        return (
            Plan.objects.filter(is_public=True)
            .select_related("entity")
            .annotate(last_run_id=Max("rollup_runs__id"), last_rollup=Max("rollup_runs__finished_at"))
            .get(pk=plan_id)
        )
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


@dataclass
class PublicIndicator:
    indicator: Indicator
    component: str
    year: IndicatorRow
    quarters: list[tuple[str, IndicatorRow]]


@dataclass
class PublicPlan:
    plan: Plan
    year: int
    years: list[int]
    components: list[Component]
    indicators: list[PublicIndicator]
    progress: list[ProgressRow]
    overall: ProgressRow

    @property
    def chart(self) -> dict:
        return progress_chart(self.progress, value_label=_("Avance del año (%)"))

    @property
    def quarter_labels(self) -> list[str]:
        return [label for label, _row in self.indicators[0].quarters] if self.indicators else []


def public_year(plan: Plan, params: Mapping[str, str], today: date) -> tuple[int, list[int]]:
    """Return the year the public page shows (``?anio=``, else the current one within the
    vigencia) and the vigencia's years."""
    years = list(range(plan.vigencia_start.year, plan.vigencia_end.year + 1))
    year = _int(params.get("anio"))
    if year not in years:
        year = min(max(today.year, years[0]), years[-1])
    return year, years


def public_plan_page(*, plan: Plan, year: int, years: list[int]) -> PublicPlan:
    """Return what the transparency page shows for ``year``: the components and each
    indicator's result for the year and its quarters. No person, log or evidence: only the
    plan's structure and its rolled-up figures. Three queries (plus plan_progress, cached)."""
    components = list(plan.components.order_by("order", "pk"))
    indicators = list(
        Indicator.objects.filter(plan=plan)
        .select_related("activity__component")
        .order_by(F("activity__component__order").asc(nulls_first=True), "activity__component_id", "order", "code")
    )
    starts = plan_period_starts(plan)
    quarters = [s for s in starts[PeriodType.QUARTER] if s.year == year]
    values = {
        (pv.indicator_id, pv.period_type, pv.period_start): pv
        for pv in PeriodValue.objects.filter(indicator__plan=plan).filter(
            Q(period_type=PeriodType.YEAR, period_start=date(year, 1, 1))
            | Q(period_type=PeriodType.QUARTER, period_start__in=quarters)
        )
    }
    rows = []
    for indicator in indicators:
        component = indicator.activity.component.name if indicator.activity_id else _("Indicador del plan")
        rows.append(
            PublicIndicator(
                indicator=indicator,
                component=component,
                year=_figures(indicator, values.get((indicator.pk, PeriodType.YEAR, date(year, 1, 1)))),
                quarters=[
                    (
                        period_label(PeriodType.QUARTER, q),
                        _figures(indicator, values.get((indicator.pk, PeriodType.QUARTER, q))),
                    )
                    for q in quarters
                ],
            )
        )
    progress = plan_progress_cached(
        plan=plan,
        period_type=PeriodType.YEAR,
        period_start=date(year, 1, 1),
        prefix=plan_cache_prefix(plan.pk, getattr(plan, "last_run_id", None)),
    )
    names = {c.pk: c.name for c in components}
    return PublicPlan(
        plan=plan,
        year=year,
        years=years,
        components=components,
        indicators=rows,
        progress=[_progress_row(pk, names[pk], progress.components[pk]) for pk in names if pk in progress.components],
        overall=_progress_row(plan.pk, plan.title, progress.plan),
    )


# The open data's columns, in their fixed order: (name, type, description). The page documents
# them from this list, and the CSV and JSON downloads follow it, so the three cannot disagree.
OPEN_DATA_COLUMNS = [
    ("plan_id", gettext_lazy("entero"), gettext_lazy("Identificador del plan en este sitio.")),
    ("entidad", gettext_lazy("texto"), gettext_lazy("Nombre de la entidad.")),
    ("plan", gettext_lazy("texto"), gettext_lazy("Título del plan de comunicaciones.")),
    (
        "componente",
        gettext_lazy("texto"),
        gettext_lazy("Componente del plan; vacío para los indicadores del plan en su conjunto."),
    ),
    ("indicador_codigo", gettext_lazy("texto"), gettext_lazy("Código del indicador, único dentro del plan.")),
    ("indicador", gettext_lazy("texto"), gettext_lazy("Nombre del indicador.")),
    (
        "unidad",
        gettext_lazy("texto (código)"),
        gettext_lazy("Unidad de medida: numero, porcentaje, hito (1 = cumplido), cop (pesos), horas, dias o minutos."),
    ),
    ("tipo_periodo", gettext_lazy("texto (código)"), gettext_lazy("trimestre o anio (año calendario).")),
    ("inicio_periodo", gettext_lazy("fecha (AAAA-MM-DD)"), gettext_lazy("Primer día del periodo.")),
    (
        "valor",
        gettext_lazy("número decimal"),
        gettext_lazy("Valor alcanzado con los registros aprobados; vacío si no hay datos."),
    ),
    ("meta", gettext_lazy("número decimal"), gettext_lazy("Meta del periodo; vacía si no tiene.")),
    (
        "cumplimiento_pct",
        gettext_lazy("número decimal"),
        gettext_lazy("Valor frente a la meta, en porcentaje; vacío sin valor o sin meta."),
    ),
    ("estado", gettext_lazy("texto (código)"), gettext_lazy("Semáforo: al_dia, en_riesgo, atrasado o sin_datos.")),
]
OPEN_DATA_PERIOD_TYPES = [PeriodType.QUARTER, PeriodType.YEAR]


def open_data_rows(*, plan: Plan) -> list[list]:
    """Return the plan's open data: one row per indicator and quarter or year of the vigencia,
    in OPEN_DATA_COLUMNS order (numbers as Decimal, dates as date). One query."""
    values = (
        PeriodValue.objects.filter(indicator__plan=plan, period_type__in=OPEN_DATA_PERIOD_TYPES)
        .select_related("indicator__activity__component")
        .order_by(
            F("indicator__activity__component__order").asc(nulls_first=True),
            "indicator__activity__component_id",
            "indicator__order",
            "indicator__code",
            "-period_type",  # trimestre before anio
            "period_start",
        )
    )
    entity = plan.entity.name
    rows = []
    for pv in values:
        indicator = pv.indicator
        rows.append(
            [
                plan.pk,
                entity,
                plan.title,
                indicator.activity.component.name if indicator.activity_id else "",
                indicator.code,
                indicator.name,
                indicator.unit,
                pv.period_type,
                pv.period_start,
                pv.value,
                pv.target,
                pv.achievement,
                pv.status,
            ]
        )
    return rows


def open_data_json(*, plan: Plan) -> dict:
    """Return the open data as a JSON document: the columns and one object per row (numbers as
    JSON numbers, dates as ISO text)."""
    names = [name for name, _type, _description in OPEN_DATA_COLUMNS]

    def cell(value):
        if isinstance(value, Decimal):
            return int(value) if value == value.to_integral_value() else float(value)
        if isinstance(value, date):
            return value.isoformat()
        return value

    return {
        "plan_id": plan.pk,
        "columnas": names,
        "datos": [dict(zip(names, [cell(v) for v in row], strict=True)) for row in open_data_rows(plan=plan)],
    }


def public_cache_key(*, plan: Plan, year: int) -> str:
    return f"{plan_cache_prefix(plan.pk, getattr(plan, 'last_run_id', None))}:public:{year}:{get_language()}"


def open_data_cached(*, plan: Plan, fmt: str, compute):
    """Return the open data download of ``fmt`` from the cache (same prefix as the page)."""
    return cached(f"{plan_cache_prefix(plan.pk, getattr(plan, 'last_run_id', None))}:open-data:{fmt}", compute)
