"""The plan dashboard: progress overall, by component and by area, and the indicator table with
its sparklines, for the chosen period and filters; and its export."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property

from django.db.models import (
    Case,
    F,
    FilteredRelation,
    IntegerField,
    Q,
    Value,
    When,
)
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from dashboards.cache import LastRollup, plan_cache_prefix, plan_last_rollup, plan_progress_cached
from dashboards.figures import (
    STATUS_RANK,
    STATUS_SYMBOLS,
    ProgressRow,
    Sparkline,
    SparklineTexts,
    format_figure,
    format_percent,
    progress_chart,
    progress_row,
    sparkline,
    sparkline_series,
    status_label,
    trend_starts,
)
from dashboards.filters import (
    DASHBOARD_PERIOD_TYPES,
    ORDERINGS,
    DashboardFilters,
    dashboard_filters,
    period_number,
    period_options,
    plan_period_starts,
)
from indicators.enums import PeriodType
from indicators.models import Indicator
from plans.models import Area, Component, Plan
from rollups.enums import ProgressStatus
from rollups.progress import PlanProgress

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
        return progress_row(self.plan.pk, self.plan.title, self.progress.plan)

    @cached_property
    def component_progress(self) -> list[ProgressRow]:
        names = {c.pk: c.name for c in self.components}
        return [
            progress_row(c.pk, names[c.pk], self.progress.components[c.pk])
            for c in self.components
            if c.pk in self.progress.components
        ]

    @cached_property
    def area_progress(self) -> list[ProgressRow]:
        progress = self.progress
        return sorted(
            (progress_row(pk, progress.area_names[pk], area) for pk, area in progress.areas.items()),
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
    starts = plan_period_starts(plan)  # once: the filters, the years and the options read them
    filters = dashboard_filters(
        plan=plan,
        params=params,
        today=today,
        component_ids={c.pk for c in components},
        area_ids={a.pk for a in areas},
        starts=starts,
    )
    last = plan_last_rollup(plan=plan)
    return PlanDashboard(
        plan=plan,
        filters=filters,
        last_rollup=last,
        prefix=plan_cache_prefix(plan.pk, last.run_id),
        components=components,
        areas=areas,
        years=sorted({start.year for start in starts[filters.period_type]}),
        options=period_options(plan, filters.year, starts),
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
