"""Test data shared by the dashboard, public page and export tests: a plan in execution over
last, this and next year, two components, an indicator of area A and one of area B, and logs
written straight to the tables the roll-up reads, dated this month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from execution.enums import LogStatus
from execution.models import ActivityLog, Evidence, LogValue
from indicators.enums import PeriodType
from indicators.models import Indicator, Target
from indicators.tests.factories import IndicatorFactory
from plans.enums import ComponentKind, PlanStatus
from plans.models import Activity, Plan
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, ComponentFactory, UserFactory
from rollups.services import rollup_plan

D = Decimal
DESCRIPTION = "Boletín sobre la feria de servicios con la lista de asistentes"


def today() -> date:
    return timezone.localdate()


def this_month() -> date:
    return today().replace(day=1)


def this_year() -> int:
    return today().year


@dataclass
class World:
    plan: Plan
    activity_a: Activity
    activity_b: Activity
    releases: Indicator  # EXT-01, area A, 120 a year → 10 a month
    intranet: Indicator  # INT-01, area B, 12 a year → 1 a month


def make_plan(entity, **kwargs) -> Plan:
    year = this_year()
    kwargs.setdefault("title", "Plan estratégico de comunicaciones")
    return ApprovedPlanFactory(
        entity=entity,
        status=PlanStatus.IN_EXECUTION,
        vigencia_start=date(year - 1, 1, 1),
        vigencia_end=date(year + 1, 12, 31),
        general_objective="Informar a la ciudadanía sobre la gestión de la entidad.",
        **kwargs,
    )


def build(entity, area_a, area_b, **plan_kwargs) -> World:
    plan = make_plan(entity, **plan_kwargs)
    external = ComponentFactory(plan=plan, name="Comunicación externa", kind=ComponentKind.EXTERNAL, order=1)
    internal = ComponentFactory(plan=plan, name="Comunicación interna", kind=ComponentKind.INTERNAL, order=2)
    activity_a = ActivityFactory(component=external, name="Comunicados de prensa", order=1)
    activity_a.responsible_areas.add(area_a)
    activity_b = ActivityFactory(component=internal, name="Actualizar la intranet", order=1)
    activity_b.responsible_areas.add(area_b)
    releases = IndicatorFactory(
        activity=activity_a, code="EXT-01", name="Número de comunicados elaborados", responsible_area=area_a, order=1
    )
    intranet = IndicatorFactory(
        activity=activity_b, code="INT-01", name="Contenidos publicados en la intranet", responsible_area=area_b
    )
    for indicator, annual in ((releases, 120), (intranet, 12)):
        Target.objects.create(
            indicator=indicator, period_type=PeriodType.YEAR, period_start=date(this_year(), 1, 1), value=D(annual)
        )
    return World(plan, activity_a, activity_b, releases, intranet)


def log(indicator, value, *, day=None, status=LogStatus.APPROVED, user=None, description=DESCRIPTION, area=None):
    """A log with one value, written straight to the tables the roll-up reads."""
    day = day or today()
    entry = ActivityLog.objects.create(
        activity=indicator.activity,
        area=area or indicator.responsible_area,
        date=day,
        description=description,
        status=status,
        reported_by=user or UserFactory(entity=indicator.plan.entity),
    )
    LogValue.objects.create(
        log=entry, indicator=indicator, date=day, month=day.replace(day=1), status=status, value=D(value)
    )
    return entry


def evidence(entry, name="lista-de-asistencia-firmada.pdf"):
    return Evidence.objects.create(
        log=entry,
        file=f"evidence/{entry.area.entity_id}/x",
        original_name=name,
        content_type="application/pdf",
        size=10,
        uploaded_by=entry.reported_by,
    )


def with_figures(world: World, reporter) -> World:
    """This month: EXT-01 8 approved (80 % of 10: en riesgo) and 3 sent for review; INT-01 2
    approved (200 % of 1: al día). Rolled up."""
    log(world.releases, 8, user=reporter)
    log(world.releases, 3, user=reporter, status=LogStatus.SUBMITTED)
    log(world.intranet, 2, user=reporter)
    rollup_plan(plan=world.plan)
    return world


def many_indicators(plan, activity, count: int) -> list[Indicator]:
    """``count`` more indicators on ``activity`` (bulk: their history does not matter here),
    each with an annual target and an approved log this month; rolled up."""
    start = Indicator.objects.filter(plan=plan).count()
    created = Indicator.objects.bulk_create(
        [
            Indicator(plan=plan, activity=activity, code=f"N-{start + n:04d}", name=f"Indicador {n}", order=100 + n)
            for n in range(count)
        ]
    )
    Target.objects.bulk_create(
        [
            Target(indicator=i, period_type=PeriodType.YEAR, period_start=date(this_year(), 1, 1), value=D(12))
            for i in created
        ]
    )
    user = UserFactory(entity=plan.entity)
    area = activity.responsible_areas.first()
    logs = ActivityLog.objects.bulk_create(
        [
            ActivityLog(
                activity=activity, area=area, date=today(), description="x", status="aprobado", reported_by=user
            )
            for _i in created
        ]
    )
    LogValue.objects.bulk_create(
        [
            LogValue(
                log=entry,
                indicator=i,
                date=today(),
                month=this_month(),
                status=LogStatus.APPROVED,
                value=D(n % 3),
            )
            for n, (entry, i) in enumerate(zip(logs, created, strict=True))
        ]
    )
    rollup_plan(plan=plan)
    return created
