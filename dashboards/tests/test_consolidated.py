"""The consolidated view of the followed entities: shares by entity, component type and quarter,
drafts never counted, one query per page whatever the number of entities."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from indicators.enums import PeriodType
from indicators.models import Indicator
from indicators.tests.factories import IndicatorFactory
from plans.enums import ComponentKind, PlanStatus
from plans.models import Activity, Component, Entity, Plan
from plans.tests.factories import ApprovedPlanFactory, EntityFactory
from rollups.enums import ProgressStatus
from rollups.models import PeriodValue

YEAR = 2026


def _value(indicator, status, period_type=PeriodType.YEAR, start=date(YEAR, 1, 1)):
    return PeriodValue(
        indicator=indicator, period_type=period_type, period_start=start, status=status, computed_at=timezone.now()
    )


@pytest.fixture
def sector(entity, other_entity):
    """The press officer's entity follows «Gobernación Ajena» and a third one."""
    third = EntityFactory(name="Alcaldía Tercera")
    entity.supervised_entities.add(other_entity, third)
    values = []
    for followed, kind, status in [
        (other_entity, ComponentKind.EXTERNAL, ProgressStatus.ON_TRACK),
        (other_entity, ComponentKind.INTERNAL, ProgressStatus.LATE),
        (third, ComponentKind.DIGITAL, ProgressStatus.AT_RISK),
    ]:
        plan = Plan.objects.filter(entity=followed).first() or ApprovedPlanFactory(
            entity=followed, status=PlanStatus.IN_EXECUTION, title=f"Plan {followed.name}", is_public=True
        )
        indicator = IndicatorFactory(activity__component__plan=plan, activity__component__kind=kind)
        values += [_value(indicator, status), _value(indicator, status, PeriodType.QUARTER, date(YEAR, 4, 1))]
    draft = ApprovedPlanFactory(
        entity=third, status=PlanStatus.DRAFT, approved_on=None, approval_body="", title="Borrador secreto"
    )
    hidden = IndicatorFactory(activity__component__plan=draft)
    values.append(_value(hidden, ProgressStatus.LATE))
    PeriodValue.objects.bulk_create(values)
    return third


def test_the_press_office_sees_shares_by_entity_kind_and_quarter_without_drafts(client, press_officer, sector):
    client.force_login(press_officer)
    response = client.get(reverse("dashboards:consolidated"), {"anio": YEAR})

    data = response.context["data"]
    assert data.overall.total == 3  # the draft's indicator is not counted
    assert (data.overall.counts[ProgressStatus.ON_TRACK], data.overall.share(ProgressStatus.LATE)) == (1, 33)
    assert {share.key: share.total for share in data.by_kind} == {"externa": 1, "interna": 1, "digital": 1}
    assert [share.total for share in data.by_quarter] == [3]  # the three indicators in the 2nd quarter
    assert {share.label: share.total for share in data.by_entity} == {"Alcaldía Tercera": 1, "Gobernación Ajena": 2}
    assert "Alcaldía de Prueba" not in {share.label for share in data.by_entity}


def test_the_drilldown_shows_a_followed_entitys_plans_never_its_drafts(client, press_officer, sector):
    client.force_login(press_officer)
    html = client.get(reverse("dashboards:consolidated"), {"anio": YEAR, "entidad": sector.pk}).content.decode()
    assert "Plan Alcaldía Tercera" in html and "Borrador secreto" not in html
    assert reverse("dashboards:public_plan", args=[Plan.objects.get(title="Plan Alcaldía Tercera").pk]) in html


def test_an_entity_not_followed_is_a_404_and_an_entity_that_follows_none_is_refused(
    client, press_officer, outsider, sector, entity
):
    client.force_login(press_officer)
    assert client.get(reverse("dashboards:consolidated"), {"entidad": entity.pk}).status_code == 404
    client.force_login(outsider)  # Gobernación Ajena follows nobody
    assert client.get(reverse("dashboards:consolidated")).status_code == 403


def _many_entities(supervisor, count, prefix):
    entities = Entity.objects.bulk_create([Entity(name=f"{prefix} {n:04d}") for n in range(count)])
    supervisor.supervised_entities.add(*entities)
    plans = Plan.objects.bulk_create(
        [
            Plan(
                entity=e,
                title="Plan",
                vigencia_start=date(2024, 1, 1),
                vigencia_end=date(2027, 12, 31),
                status=PlanStatus.IN_EXECUTION,
                approved_on=date(2024, 1, 2),
                approval_body="Comité",
            )
            for e in entities
        ]
    )
    components = Component.objects.bulk_create(
        [Component(plan=p, kind=ComponentKind.EXTERNAL, name="Externa") for p in plans]
    )
    activities = Activity.objects.bulk_create([Activity(component=c, name="Boletín") for c in components])
    indicators = Indicator.objects.bulk_create(
        [Indicator(plan=a.component.plan, activity=a, code="EXT-01", name="Boletines") for a in activities]
    )
    PeriodValue.objects.bulk_create([_value(i, ProgressStatus.ON_TRACK) for i in indicators])


def _queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("dashboards:consolidated"), {"anio": YEAR})
    assert response.status_code == 200
    return len(captured.captured_queries), response


def test_the_page_makes_the_same_queries_with_1100_entities_as_with_30(client, press_officer, entity):
    client.force_login(press_officer)
    _many_entities(entity, 30, "Municipio")
    few, _response = _queries(client)
    _many_entities(entity, 1070, "Municipio extra")

    many, response = _queries(client)

    assert many == few
    assert response.context["page"].paginator.count == 1100
    assert response.context["data"].overall.total == 1100
