"""A ready crisis protocol for the test entity (and one for the other entity), and helpers to
run an incident through the services at hand-picked Bogotá times."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from crisis import services
from crisis.enums import TemplatePurpose
from crisis.tests.factories import (
    CrisisContactFactory,
    CrisisProtocolFactory,
    CrisisRoleFactory,
    MessageTemplateFactory,
    SeverityLevelFactory,
)
from plans.tests.factories import ChannelFactory

BOGOTA = ZoneInfo("America/Bogota")


def bogota(year, month, day, hour, minute):
    return datetime(year, month, day, hour, minute, tzinfo=BOGOTA)


def build_protocol(entity, label=""):
    protocol = CrisisProtocolFactory(entity=entity)
    protocol.levels_by_number = {
        1: SeverityLevelFactory(protocol=protocol, level=1, name="Bajo", response_minutes=120, update_minutes=240),
        2: SeverityLevelFactory(protocol=protocol, level=2, name="Medio", response_minutes=60, update_minutes=90),
        3: SeverityLevelFactory(protocol=protocol, level=3, name="Alto", response_minutes=30, update_minutes=60),
    }
    protocol.spokesperson = CrisisRoleFactory(protocol=protocol, person=f"Ana Gómez{label}", order=1)
    CrisisRoleFactory(protocol=protocol, person=f"Luis Mora{label}", role="Coordinador", is_spokesperson=False)
    CrisisContactFactory(protocol=protocol, name=f"Mesa de ayuda{label}", email="mesa@example.gov.co")
    protocol.email = ChannelFactory(entity=entity, name=f"Correo interno{label}")
    protocol.social = ChannelFactory(entity=entity, name=f"Redes sociales{label}")
    protocol.radio = ChannelFactory(entity=entity, name=f"Emisora{label}")  # no template
    MessageTemplateFactory(
        protocol=protocol,
        channel=protocol.email,
        subject="{entidad}: falla en {servicio}",
        body="Desde las {hora_inicio} del {fecha_inicio} falla {servicio} (severidad {severidad}). "
        "Vocero: {vocero}. Próxima actualización: {proxima_actualizacion}.",
    )
    MessageTemplateFactory(protocol=protocol, channel=protocol.social, body="#Atención {titulo}: {servicio}.")
    MessageTemplateFactory(
        protocol=protocol, channel=protocol.social, purpose=TemplatePurpose.UPDATE, body="Seguimos con {servicio}."
    )
    protocol.immediate_channel = protocol.email
    protocol.save()
    return protocol


@pytest.fixture
def protocol(entity):
    return build_protocol(entity)


@pytest.fixture
def other_protocol(other_entity):
    return build_protocol(other_entity, " ajeno")


def make_incident(user, protocol, *, start=None, level=2, channels=None, now=None, **extra):
    start = start or bogota(2025, 3, 10, 8, 15)
    return services.incident_create(
        user=user,
        protocol=protocol,
        title=extra.pop("title", "Caída del portal de trámites"),
        started_at=start,
        severity=protocol.levels_by_number[level],
        affected_service=extra.pop("affected_service", "Portal de trámites"),
        channels=channels if channels is not None else [protocol.email, protocol.social],
        now=now or bogota(2025, 3, 10, 8, 30),
        **extra,
    )
