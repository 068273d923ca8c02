"""The API tests' plan of another entity and an API client that sends a personal token; the
plan in execution of the personas' entity is execution.tests.plan_in_execution's."""

from datetime import date

import pytest
from rest_framework.test import APIClient

from api.tokens import token_create
from indicators.tests.factories import IndicatorFactory
from plans.enums import PlanStatus
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, AreaFactory, ComponentFactory


@pytest.fixture
def indicator(activity):
    return IndicatorFactory(activity=activity, code="EXT-01", name="Número de comunicados elaborados", order=1)


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
