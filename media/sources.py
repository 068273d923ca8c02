"""The automatic indicators' value sources of media monitoring: mentions and their free-press
value, registered with the indicators layer (indicators.automatic) from MediaConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from indicators.automatic import ValueSource, register_source
from indicators.enums import Aggregation, Unit
from media.models import MediaMention

# The keys stored in Indicator.source: never change them (stored rows name them).
MENTIONS = "menciones"
FREE_PRESS = "free_press"

SOURCES = (
    ValueSource(
        key=MENTIONS,
        label=_("Automático: menciones en medios"),
        model=MediaMention,
        date_field="date",
        value_field=None,
        entity_path="entity",
        rules=(Aggregation.SUM,),
        unit=Unit.COUNT,
    ),
    ValueSource(
        key=FREE_PRESS,
        label=_("Automático: valor free press (COP)"),
        model=MediaMention,
        date_field="date",
        value_field="free_press_value",
        entity_path="entity",
        rules=(Aggregation.SUM,),
        unit=Unit.COP,
    ),
)


def sources_register() -> None:
    """Register the sources of media monitoring (MediaConfig.ready; idempotent)."""
    for source in SOURCES:
        register_source(source)
