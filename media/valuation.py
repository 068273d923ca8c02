"""How a mention's free-press value comes out of the tariff table, and how it is explained.

Pure functions over rows already loaded: the services load the tariffs once (``TariffBook``)
and value any number of mentions without another query.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from media.enums import MediaType, TariffUnit
from media.models import MediaMention, Tariff
from plans.documents.text import fmt_number

CENTS = Decimal("0.01")
ZERO = Decimal(0)


@dataclass(frozen=True)
class Valuation:
    """The outcome of valuing one mention: the tariff used (None: «sin tarifa»), the measure it
    multiplied, its unit price and the value in COP."""

    tariff: Tariff | None
    quantity: Decimal | None
    unit_price: Decimal | None
    value: Decimal


def mention_quantity(mention: MediaMention) -> Decimal | None:
    """Return what the tariff multiplies: cm² (height × columns) for press, seconds for radio and
    TV, posts for web and social networks (one when not given); None when the measure is missing."""
    if mention.media_type == MediaType.PRESS:
        if mention.height_cm is None or mention.columns is None:
            return None
        return (Decimal(mention.height_cm) * mention.columns).quantize(CENTS, ROUND_HALF_UP)
    if mention.media_type in (MediaType.RADIO, MediaType.TV):
        return None if mention.seconds is None else Decimal(mention.seconds)
    return Decimal(mention.posts or 1)


class TariffBook:
    """The tariffs of some outlets, by (outlet, format), ordered by ``valid_from``."""

    def __init__(self, tariffs: Iterable[Tariff]) -> None:
        self._by_key: dict[tuple[int, str], list[Tariff]] = defaultdict(list)
        for tariff in sorted(tariffs, key=lambda t: t.valid_from):
            self._by_key[(tariff.outlet_id, tariff.media_type)].append(tariff)
        self._dates = {key: [t.valid_from for t in items] for key, items in self._by_key.items()}

    @classmethod
    def for_outlets(cls, outlet_ids: Iterable[int]) -> TariffBook:
        return cls(Tariff.objects.filter(outlet_id__in=list(outlet_ids)))

    def in_force(self, outlet_id: int, media_type: str, on: date) -> Tariff | None:
        """Return the tariff of that outlet and format with the latest ``valid_from`` not after ``on``."""
        dates = self._dates.get((outlet_id, media_type))
        if not dates:
            return None
        index = bisect.bisect_right(dates, on)
        return self._by_key[(outlet_id, media_type)][index - 1] if index else None

    def valuate(self, mention: MediaMention) -> Valuation:
        """Return the valuation of ``mention``: measure × price of the tariff in force on its date,
        or value 0 «sin tarifa» when there is none (or the measure is missing)."""
        quantity = mention_quantity(mention)
        tariff = self.in_force(mention.outlet_id, mention.media_type, mention.date) if mention.date else None
        if tariff is None or quantity is None:
            return Valuation(tariff=None, quantity=quantity, unit_price=None, value=ZERO)
        value = (quantity * tariff.price).quantize(CENTS, ROUND_HALF_UP)
        return Valuation(tariff=tariff, quantity=quantity, unit_price=tariff.price, value=value)


def valuation_apply(mention: MediaMention, valuation: Valuation) -> bool:
    """Write ``valuation`` on ``mention`` (not saved); return whether anything changed."""
    old = (
        mention.tariff_id,
        _decimal(mention.quantity),
        _decimal(mention.unit_price),
        _decimal(mention.free_press_value),
    )
    new = (valuation.tariff.pk if valuation.tariff else None, valuation.quantity, valuation.unit_price, valuation.value)
    mention.tariff = valuation.tariff
    mention.quantity, mention.unit_price, mention.free_press_value = new[1:]
    return old != new


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(value)


# --- explaining a value ---------------------------------------------------------------------


def format_number(value: Decimal | int) -> str:
    """Return a number Colombian style, grouped, decimals only when it has them: «1.234.567», «24,5»."""
    return fmt_number(value)


def format_money(value: Decimal | int) -> str:
    """Return an amount in COP as «$ 4.200.000»."""
    return f"$ {format_number(value)}"


UNIT_SHORT = {TariffUnit.CM2: "cm²", TariffUnit.SECOND: "s"}


def valuation_method(mention: MediaMention) -> str:
    """Return how the stored value came out, in words a reader can check by hand:
    «24 cm × 5 col = 120 cm² × $ 35.000/cm² = $ 4.200.000», or the reason it is 0."""
    if mention.tariff_id is None or mention.unit_price is None or mention.quantity is None:
        if mention.quantity is None:
            reason = _("falta la medida de la nota")
        else:
            reason = _("%(outlet)s no tiene tarifa de %(format)s vigente el %(date)s") % {
                "outlet": mention.outlet,
                "format": mention.get_media_type_display().lower(),
                "date": mention.date.strftime("%d/%m/%Y"),
            }
        return _("Sin tarifa: %(reason)s. Valor: %(value)s.") % {"reason": reason, "value": format_money(0)}
    price, value, quantity = mention.unit_price, mention.free_press_value, mention.quantity
    if mention.media_type == MediaType.PRESS:
        return _("%(height)s cm × %(columns)s col = %(area)s cm² × %(price)s/cm² = %(value)s") % {
            "height": format_number(mention.height_cm),
            "columns": mention.columns,
            "area": format_number(quantity),
            "price": format_money(price),
            "value": format_money(value),
        }
    if mention.media_type in (MediaType.RADIO, MediaType.TV):
        return _("%(seconds)s s × %(price)s/s = %(value)s") % {
            "seconds": format_number(quantity),
            "price": format_money(price),
            "value": format_money(value),
        }
    count = int(quantity)
    return ngettext(
        "%(count)s publicación × %(price)s/publicación = %(value)s",
        "%(count)s publicaciones × %(price)s/publicación = %(value)s",
        count,
    ) % {"count": count, "price": format_money(price), "value": format_money(value)}
