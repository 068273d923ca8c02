"""Writes of free-press monitoring: saving a mention with its value, keeping values in step
with the tariff table."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from indicators.automatic import records_changed
from media.models import MediaMention, Tariff
from media.valuation import TariffBook, valuation_apply
from plans.models import User

VALUE_FIELDS = ["tariff", "quantity", "unit_price", "free_press_value"]


@transaction.atomic
def mention_save(*, mention: MediaMention, user: User | None = None) -> MediaMention:
    """Validate ``mention``, value it from the tariff in force on its date and save it.

    A new mention records ``user`` as who registered it. Raises ValidationError (nothing saved)
    when a field is wrong.
    """
    mention.full_clean()
    valuation_apply(mention, TariffBook.for_outlets([mention.outlet_id]).valuate(mention))
    if mention.pk is None and user is not None and user.is_authenticated:
        mention.created_by = user
    mention.save()
    return mention


@transaction.atomic
def mentions_revalue(*, outlet_ids: Iterable[int]) -> int:
    """Recompute the free-press value of every mention of these outlets from the current tariff
    table; write only the mentions whose value or method changed. Return how many changed.

    Three queries whatever the number of mentions: the tariffs, the mentions, one bulk update
    per 500 changed rows.
    """
    outlet_ids = {pk for pk in outlet_ids if pk is not None}
    if not outlet_ids:
        return 0
    book = TariffBook.for_outlets(outlet_ids)
    mentions = MediaMention.objects.filter(outlet_id__in=outlet_ids).only(
        "pk", "entity_id", "outlet_id", "media_type", "date", "height_cm", "columns", "seconds", "posts", *VALUE_FIELDS
    )
    changed = [
        mention for mention in mentions.iterator(chunk_size=2000) if valuation_apply(mention, book.valuate(mention))
    ]
    MediaMention.objects.bulk_update(changed, VALUE_FIELDS, batch_size=500)
    # A bulk update sends no signals: tell the automatic free-press indicators directly.
    records_changed(
        model_label=MediaMention._meta.label, marks={(mention.entity_id, mention.date) for mention in changed}
    )
    return len(changed)


@transaction.atomic
def tariff_save(*, tariff: Tariff) -> int:
    """Validate and save a tariff, then revalue the mentions it may affect (its outlet's, and its
    former outlet's if it moved). Return how many mentions changed value."""
    tariff.full_clean()
    previous_outlet = None
    if tariff.pk:
        previous_outlet = Tariff.objects.filter(pk=tariff.pk).values_list("outlet_id", flat=True).first()
    tariff.save()
    return mentions_revalue(outlet_ids={tariff.outlet_id, previous_outlet})


@transaction.atomic
def tariffs_delete(*, tariffs: Iterable[Tariff]) -> int:
    """Delete tariffs and revalue their outlets' mentions (those that used them fall back on an
    earlier tariff, or «sin tarifa»). Return how many mentions changed value."""
    tariffs = list(tariffs)
    outlet_ids = {tariff.outlet_id for tariff in tariffs}
    Tariff.objects.filter(pk__in=[tariff.pk for tariff in tariffs]).delete()
    return mentions_revalue(outlet_ids=outlet_ids)
