"""The demo: protocols for every entity with a press office, Cartagena's closed and open
incidents of its OAI, MinTIC's two past incidents; a second run adds nothing."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group

from crisis.demo import crisis_demo_load
from crisis.enums import IncidentStatus
from crisis.models import CrisisProtocol, Incident
from plans.enums import Role
from plans.tests.factories import AreaFactory, ChannelFactory, EntityFactory, UserFactory

pytestmark = pytest.mark.django_db


def _entity(name, short_name, channels):
    entity = EntityFactory(name=name, short_name=short_name)
    for channel in channels:
        ChannelFactory(entity=entity, name=channel)
    UserFactory(username=f"prensa.{short_name.lower()}", entity=entity).groups.add(Group.objects.get(name=Role.PRESS))
    return entity


def test_the_demo_loads_protocols_and_incidents_once():
    cartagena = _entity("Alcaldía de Cartagena", "Cartagena", ["Correo interno", "Redes sociales institucionales"])
    AreaFactory(entity=cartagena, name="Oficina Asesora de Informática", code="OAI")
    mintic = _entity("Ministerio TIC", "MinTIC", ["Redes sociales", "Página web MinTIC", "Radio"])
    _entity("Alcaldía de Segovia", "Segovia", ["Emisora"])
    EntityFactory(name="Sin prensa")

    assert crisis_demo_load(now=datetime(2026, 1, 15, 15, 0, tzinfo=UTC)) == 4
    assert crisis_demo_load(now=datetime(2026, 1, 15, 16, 0, tzinfo=UTC)) == 0

    assert CrisisProtocol.objects.count() == 3
    protocol = CrisisProtocol.objects.get(entity=mintic)
    assert protocol.levels.count() == 3 and protocol.templates.count() == 6  # 2 channels × 3 uses
    assert protocol.immediate_channel.name == "Redes sociales"
    closed, open_ = Incident.objects.filter(entity=cartagena).order_by("started_at")
    assert closed.status == IncidentStatus.CLOSED and closed.area.code == "OAI" and closed.report_lessons
    assert closed.minutes_to_first_notice == 25 and closed.minutes_to_resolution == 210
    assert open_.status == IncidentStatus.OPEN and open_.messages.filter(sent_at__isnull=True).count() == 2
    years = sorted(i.started_at.year for i in Incident.objects.filter(entity=mintic))
    assert years == [2020, 2021]
    assert all(i.status == IncidentStatus.CLOSED for i in Incident.objects.filter(entity=mintic))
