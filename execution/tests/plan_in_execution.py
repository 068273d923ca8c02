"""A plan in execution of the personas' entity (conftest.py's), with one component, an
activity of area A with its count indicator, an activity of area B, this month's reporting
period and a throwaway media folder: fixtures for every test (the root conftest.py names this
module in ``pytest_plugins``); a module may define its own under the same name."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from execution import services as logs
from indicators.tests.factories import IndicatorFactory
from plans.enums import ComponentKind, PlanStatus
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, ComponentFactory


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def plan(entity, today):
    return ApprovedPlanFactory(
        entity=entity,
        title="Plan de comunicaciones en ejecución",
        status=PlanStatus.IN_EXECUTION,
        vigencia_start=date(today.year - 1, 1, 1),
        vigencia_end=date(today.year + 1, 12, 31),
    )


@pytest.fixture
def component(plan):
    return ComponentFactory(plan=plan, name="Comunicación externa", kind=ComponentKind.EXTERNAL, order=1)


@pytest.fixture
def activity(component, area_a):
    activity = ActivityFactory(component=component, name="Comunicados de prensa", order=1)
    activity.responsible_areas.add(area_a)
    return activity


@pytest.fixture
def count_indicator(activity):
    return IndicatorFactory(activity=activity, code="EXT-01", name="Número de comunicados elaborados", order=1)


@pytest.fixture
def activity_b(component, area_b):
    activity = ActivityFactory(component=component, name="Actualizar la intranet", order=2)
    activity.responsible_areas.add(area_b)
    IndicatorFactory(activity=activity, code="EXT-02", name="Contenidos actualizados")
    return activity


@pytest.fixture
def period(plan, press_officer, today):
    return logs.reporting_period_open(user=press_officer, plan=plan, month=today, deadline=today + timedelta(days=5))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path
