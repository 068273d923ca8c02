"""The entity's overview of its plans, its export, and the comparison with the entities it
follows."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import (
    Count,
    DecimalField,
    ExpressionWrapper,
    F,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Least
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboards.cache import plan_cache_prefix, plan_progress_cached
from dashboards.figures import HUNDRED, ProgressRow, format_percent, progress_chart, progress_row
from indicators.enums import PeriodType
from plans.models import Entity, Plan
from rollups.enums import ProgressStatus
from rollups.models import PeriodValue
from rollups.progress import Progress

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
            progress = progress_row(plan.pk, plan.title, found.plan)
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
    component of weight 1. Reuses rollups.progress.Progress so the arithmetic is the same."""
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
        return progress_row(self.entity.pk, self.entity.name, self.progress)


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
