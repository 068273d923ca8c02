"""The automatic indicators' value sources of campaigns: campaigns designed and pieces
published, registered with the indicators layer (indicators.automatic) from
CampaignsConfig.ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from campaigns.enums import PieceKind, PieceStatus
from campaigns.models import Campaign, ContentPiece
from indicators.automatic import IndicatorFilter, ValueSource, register_source
from indicators.enums import Aggregation, Unit

# The keys stored in Indicator.source: never change them (stored rows name them).
CAMPAIGNS_DESIGNED = "campanas"
PIECES_PUBLISHED = "piezas"

SOURCES = (
    ValueSource(
        key=CAMPAIGNS_DESIGNED,
        label=_("Automático: campañas diseñadas"),
        model=Campaign,
        date_field="designed_on",
        value_field=None,
        plan_path="component__plan",
        entity_path="component__plan__entity",
        rules=(Aggregation.SUM,),
        unit=Unit.COUNT,
    ),
    ValueSource(
        key=PIECES_PUBLISHED,
        label=_("Automático: piezas publicadas"),
        model=ContentPiece,
        date_field="published_on",
        value_field=None,
        entity_path="area__entity",
        rules=(Aggregation.SUM,),
        unit=Unit.COUNT,
        only=(("status", PieceStatus.PUBLISHED),),
        filters=(
            IndicatorFilter(field="source_piece_kind", lookup="kind", choices=tuple(PieceKind.choices)),
            IndicatorFilter(field="source_channel", lookup="channel_id"),
        ),
    ),
)


def sources_register() -> None:
    """Register the sources of campaigns (CampaignsConfig.ready; idempotent)."""
    for source in SOURCES:
        register_source(source)
