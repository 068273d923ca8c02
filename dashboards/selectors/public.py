"""The public transparency page of a plan and its open data (CSV and JSON): only published
plans, only approved figures, cached per plan version."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import (
    F,
    Max,
    Q,
)
from django.http import Http404
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from dashboards.cache import cached, plan_cache_prefix, plan_progress_cached
from dashboards.figures import ProgressRow, progress_chart, progress_row
from dashboards.filters import int_param, plan_period_starts
from dashboards.selectors.area import indicator_figures
from dashboards.selectors.plan import IndicatorRow
from indicators.enums import PeriodType
from indicators.models import Indicator
from indicators.periods import period_label
from plans.models import Component, Plan
from rollups.models import PeriodValue

PUBLIC_MAX_AGE = 5 * 60


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
    year = int_param(params.get("anio"))
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
                year=indicator_figures(indicator, values.get((indicator.pk, PeriodType.YEAR, date(year, 1, 1)))),
                quarters=[
                    (
                        period_label(PeriodType.QUARTER, q),
                        indicator_figures(indicator, values.get((indicator.pk, PeriodType.QUARTER, q))),
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
        progress=[progress_row(pk, names[pk], progress.components[pk]) for pk in names if pk in progress.components],
        overall=progress_row(plan.pk, plan.title, progress.plan),
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
