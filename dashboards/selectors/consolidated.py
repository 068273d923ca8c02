"""The consolidated view of the entities an entity follows (a ministry and its sector, a
governorship and its municipalities): the share of indicators on track, at risk and late, by
entity, by component type and by quarter, from the roll-up's approved figures of plans that are
not drafts. A fixed number of queries per page, whatever the number of entities."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from indicators.enums import PeriodType
from indicators.periods import period_label
from plans.enums import ComponentKind, PlanStatus
from plans.models import Entity, Plan
from rollups.enums import ProgressStatus
from rollups.models import PeriodValue

STATUSES = [ProgressStatus.ON_TRACK, ProgressStatus.AT_RISK, ProgressStatus.LATE, ProgressStatus.NO_DATA]
PLAN_LEVEL = "plan"


@dataclass
class StatusShare:
    """Indicators by traffic light, with each one's share of the total."""

    label: str
    counts: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    key: object = None

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, status: str) -> int | None:
        return round(100 * self.counts[status] / self.total) if self.total else None

    @property
    def cells(self) -> list[tuple[int, int | None]]:
        return [(self.counts[status], self.share(status)) for status in STATUSES]


def followed_entities(user) -> QuerySet[Entity]:
    """The entities the user's entity follows (every entity but none's own for a superuser)."""
    if user.is_superuser:
        return Entity.objects.all().order_by("name", "pk")
    return Entity.objects.filter(supervisors=user.entity_id).order_by("name", "pk")


def _values(year: int):
    """Approved roll-up figures of the year and its quarters, of plans that are not drafts."""
    return PeriodValue.objects.filter(
        period_type__in=[PeriodType.YEAR, PeriodType.QUARTER],
        period_start__gte=date(year, 1, 1),
        period_start__lte=date(year, 12, 31),
    ).exclude(indicator__plan__status=PlanStatus.DRAFT)


def _kind_label(kind: str | None) -> str:
    return str(ComponentKind(kind).label) if kind in ComponentKind.values else _("Indicadores del plan en su conjunto")


@dataclass
class Consolidated:
    year: int
    overall: StatusShare
    by_kind: list[StatusShare]
    by_quarter: list[StatusShare]
    by_entity: list[StatusShare]


def consolidated(*, followed: QuerySet[Entity], page_entities: list[Entity], year: int) -> Consolidated:
    """The consolidated figures of every followed entity (one aggregated query) and the rows of
    the page's entities (one more)."""
    totals = (
        _values(year)
        .filter(indicator__plan__entity__in=followed.values("pk"))
        .values("period_type", "period_start", "indicator__activity__component__kind", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    overall = StatusShare(_("Todas las entidades"))
    kinds: dict[str, StatusShare] = {}
    quarters: dict[date, StatusShare] = {}
    for row in totals:
        status, n = row["status"], row["n"]
        if row["period_type"] == PeriodType.YEAR:
            overall.counts[status] += n
            kind = row["indicator__activity__component__kind"] or PLAN_LEVEL
            kinds.setdefault(kind, StatusShare(_kind_label(kind), key=kind)).counts[status] += n
        else:
            start = row["period_start"]
            quarters.setdefault(start, StatusShare(period_label(PeriodType.QUARTER, start), key=start)).counts[
                status
            ] += n
    rows = (
        _values(year)
        .filter(period_type=PeriodType.YEAR, indicator__plan__entity__in=page_entities)
        .values("indicator__plan__entity_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_entity = {entity.pk: StatusShare(entity.name, key=entity) for entity in page_entities}
    for row in rows:
        by_entity[row["indicator__plan__entity_id"]].counts[row["status"]] += row["n"]
    return Consolidated(
        year=year,
        overall=overall,
        by_kind=sorted(kinds.values(), key=lambda share: (share.key == PLAN_LEVEL, share.label)),
        by_quarter=[quarters[start] for start in sorted(quarters)],
        by_entity=list(by_entity.values()),
    )


def entity_drilldown(*, entity: Entity, year: int) -> list[tuple[Plan, StatusShare]]:
    """A followed entity's plans that are not drafts, each with its indicators by traffic light
    for the year. Two queries."""
    plans = list(Plan.objects.filter(entity=entity).exclude(status=PlanStatus.DRAFT).order_by("-vigencia_start"))
    shares = {plan.pk: StatusShare(plan.title, key=plan) for plan in plans}
    rows = (
        _values(year)
        .filter(period_type=PeriodType.YEAR, indicator__plan__in=plans)
        .values("indicator__plan_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        shares[row["indicator__plan_id"]].counts[row["status"]] += row["n"]
    return [(plan, shares[plan.pk]) for plan in plans]


def status_headers() -> list[str]:
    return [str(ProgressStatus(status).label) for status in STATUSES]
