"""Objects the campaigns tests share, for the personas of the root conftest."""

from datetime import date

import pytest

from campaigns.tests.factories import CampaignFactory, ContentPieceFactory
from plans.enums import ChannelLine
from plans.tests.factories import ChannelFactory, ComponentFactory, PlanFactory


@pytest.fixture
def plan(entity):
    return PlanFactory(entity=entity)


@pytest.fixture
def component(plan):
    return ComponentFactory(plan=plan)


@pytest.fixture
def tv(entity):
    return ChannelFactory(entity=entity, name="Televisión", line=ChannelLine.ATL)


@pytest.fixture
def web(entity):
    return ChannelFactory(entity=entity, name="Página web", line=ChannelLine.NONE)


@pytest.fixture
def campaign_a(component, area_a):
    return CampaignFactory(component=component, area=area_a, name="Trámites en línea")


@pytest.fixture
def piece_a(area_a, lead_a, web, campaign_a):
    """An idea of area A, proposed by its lead."""
    return ContentPieceFactory(
        area=area_a, owner=lead_a, created_by=lead_a, channel=web, campaign=campaign_a, scheduled_on=date(2025, 3, 14)
    )


@pytest.fixture
def other_piece(other_entity):
    return ContentPieceFactory(area__entity=other_entity)
