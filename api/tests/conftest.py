"""A plan in execution of the personas' entity and one of another entity, and an API client
that sends a personal token."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from api.tokens import token_create
from execution import services as logs
from indicators.tests.factories import IndicatorFactory
from plans.enums import ComponentKind, PlanStatus
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, AreaFactory, ComponentFactory


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
def indicator(activity):
    return IndicatorFactory(activity=activity, code="EXT-01", name="Número de comunicados elaborados", order=1)


@pytest.fixture
def activity_b(component, area_b):
    activity = ActivityFactory(component=component, name="Actualizar la intranet", order=2)
    activity.responsible_areas.add(area_b)
    IndicatorFactory(activity=activity, code="EXT-02", name="Contenidos actualizados")
    return activity


@pytest.fixture
def other_plan(other_entity, today):
    plan = ApprovedPlanFactory(
        entity=other_entity,
        title="Plan ajeno",
        status=PlanStatus.IN_EXECUTION,
        vigencia_start=date(today.year - 1, 1, 1),
        vigencia_end=date(today.year + 1, 12, 31),
    )
    activity = ActivityFactory(component=ComponentFactory(plan=plan), name="Actividad ajena")
    activity.responsible_areas.add(AreaFactory(entity=other_entity, name="Área ajena"))
    IndicatorFactory(activity=activity, code="AJ-01")
    return plan


@pytest.fixture
def period(plan, press_officer, today):
    return logs.reporting_period_open(user=press_officer, plan=plan, month=today, deadline=today + timedelta(days=5))


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def api_as():
    """``api_as(user)``: an API client sending a fresh personal token of ``user``."""

    def make(user, language=None):
        _token, key = token_create(user=user, name="Pruebas")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
        if language:
            client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}", HTTP_ACCEPT_LANGUAGE=language)
        return client

    return make
