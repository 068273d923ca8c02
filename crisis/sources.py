"""The automatic indicators' value source of crisis communication: minutes to the first notice
of incidents, registered with the indicators layer (indicators.automatic) from
CrisisConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from crisis.models import Incident
from indicators.automatic import ValueSource, register_source
from indicators.enums import Aggregation, Unit

# The key stored in Indicator.source: never change it (stored rows name it).
FIRST_NOTICE = "primer_aviso"

SOURCES = (
    ValueSource(
        key=FIRST_NOTICE,
        label=_("Automático: minutos al primer aviso de los incidentes"),
        model=Incident,
        date_field="started_at",
        value_field="minutes_to_first_notice",
        entity_path="entity",
        rules=(Aggregation.AVERAGE, Aggregation.MAX),
        unit=Unit.MINUTES,
        # Incidents are placed in the month of Colombia in which they started.
        datetime=True,
    ),
)


def sources_register() -> None:
    """Register the source of crisis communication (CrisisConfig.ready; idempotent)."""
    for source in SOURCES:
        register_source(source)
