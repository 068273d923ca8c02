"""Reads of free-press monitoring: scoped lists, one mention, the totals. Each applies the
entity scope (``for_user``) and owns its joins, so pages run a fixed number of queries."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import formats
from django.utils.translation import gettext as _

from media.enums import MediaType, Sentiment
from media.models import MediaMention, Outlet
from media.valuation import valuation_method
from plans.models import User

ZERO = Decimal(0)


def outlets_for_user(*, user: User) -> QuerySet[Outlet]:
    return Outlet.objects.for_user(user).order_by("name")


def mention_list_for_user(
    *,
    user: User,
    q: str | None = None,
    outlet: Outlet | None = None,
    media_type: str | None = None,
    sentiment: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> QuerySet[MediaMention]:
    """Return the user's entity's mentions, newest first, with their outlet (one query a page)."""
    mentions = MediaMention.objects.for_user(user).between(start, end).select_related("outlet")
    if q:
        mentions = mentions.filter(headline__icontains=q)
    if outlet is not None:
        mentions = mentions.filter(outlet=outlet)
    if media_type:
        mentions = mentions.filter(media_type=media_type)
    if sentiment:
        mentions = mentions.filter(sentiment=sentiment)
    return mentions.order_by("-date", "-pk")


def mention_get_for_user(*, user: User, mention_id: int) -> MediaMention:
    """Return a mention of the user's entity, or raise 404 (another entity's is not there)."""
    queryset = MediaMention.objects.for_user(user).select_related(
        "outlet", "tariff", "campaign", "activity__component__plan", "created_by"
    )
    return get_object_or_404(queryset, pk=mention_id)


# --- totals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TotalRow:
    key: str
    label: str
    mentions: int
    reach: int
    value: Decimal


@dataclass
class Totals:
    start: date
    end: date
    by_month: list[TotalRow] = field(default_factory=list)
    by_outlet: list[TotalRow] = field(default_factory=list)
    by_media_type: list[TotalRow] = field(default_factory=list)
    by_sentiment: list[TotalRow] = field(default_factory=list)

    @property
    def total(self) -> TotalRow:
        rows = self.by_media_type
        return TotalRow(
            key="total",
            label=_("Total"),
            mentions=sum(r.mentions for r in rows),
            reach=sum(r.reach for r in rows),
            value=sum((r.value for r in rows), ZERO),
        )

    def sections(self) -> list[tuple[str, str, list[TotalRow]]]:
        """Return (key, title, rows) of each table, in the page's order."""
        return [
            ("mes", _("Por mes"), self.by_month),
            ("medio", _("Por medio"), self.by_outlet),
            ("tipo", _("Por tipo de medio"), self.by_media_type),
            ("sentimiento", _("Por sentimiento"), self.by_sentiment),
        ]


def _sums(queryset: QuerySet) -> QuerySet:
    return queryset.annotate(
        n=Count("pk"), reach_sum=Coalesce(Sum("reach"), 0), value_sum=Coalesce(Sum("free_press_value"), ZERO)
    )


def _row(key: str, label: str, data: dict | None) -> TotalRow:
    if data is None:
        return TotalRow(key=key, label=label, mentions=0, reach=0, value=ZERO)
    return TotalRow(
        key=key, label=label, mentions=data["n"], reach=int(data["reach_sum"]), value=Decimal(data["value_sum"])
    )


def _month_label(month: date) -> str:
    return formats.date_format(month, "F Y").capitalize()


def mention_totals(*, user: User, start: date, end: date) -> Totals:
    """Return the entity's mentions, reach and free-press value between ``start`` and ``end``,
    by month, outlet, media type and sentiment: four GROUP BY queries whatever the data."""
    mentions = MediaMention.objects.for_user(user).between(start, end).order_by()
    by_month = _sums(mentions.annotate(month=TruncMonth("date")).values("month")).order_by("month")
    by_outlet = _sums(mentions.values("outlet_id", "outlet__name")).order_by("-value_sum", "outlet__name")
    by_type = {row["media_type"]: row for row in _sums(mentions.values("media_type"))}
    by_sentiment = {row["sentiment"]: row for row in _sums(mentions.values("sentiment"))}
    return Totals(
        start=start,
        end=end,
        by_month=[_row(f"{row['month']:%Y-%m}", _month_label(row["month"]), row) for row in by_month],
        by_outlet=[_row(str(row["outlet_id"]), row["outlet__name"], row) for row in by_outlet],
        # Every media type and sentiment, with zeros: a reader sees at once what is missing.
        by_media_type=[_row(value, str(label), by_type.get(value)) for value, label in MediaType.choices],
        by_sentiment=[_row(value, str(label), by_sentiment.get(value)) for value, label in Sentiment.choices],
    )


def totals_export_rows(totals: Totals) -> tuple[list[str], Iterator[list]]:
    """Return the header and rows of the totals as one table (dimension, group, figures)."""
    header = [_("Dimensión"), _("Grupo"), _("Código"), _("Menciones"), _("Alcance"), _("Valor free press (COP)")]

    def rows():
        for _key, title, section in totals.sections():
            for row in section:
                yield [title, row.label, row.key, row.mentions, row.reach, row.value]
        total = totals.total
        yield [total.label, total.label, total.key, total.mentions, total.reach, total.value]

    return header, rows()


def mention_export_rows(mentions: QuerySet[MediaMention]) -> tuple[list[str], Iterator[list]]:
    """Return the header and rows of a list of mentions, with how each value was computed."""
    header = [
        _("Fecha"),
        _("Medio"),
        _("Tipo de medio"),
        _("Titular"),
        _("Enlace"),
        _("Alcance"),
        _("Sentimiento"),
        _("Calificación"),
        _("Grado de aceptación"),
        _("Valor free press (COP)"),
        _("Cálculo"),
    ]

    def rows():
        for mention in mentions.iterator(chunk_size=2000):
            yield [
                mention.date,
                mention.outlet.name,
                mention.get_media_type_display(),
                mention.headline,
                mention.url,
                mention.reach,
                mention.get_sentiment_display(),
                mention.rating,
                mention.get_acceptance_display(),
                mention.free_press_value,
                valuation_method(mention),
            ]

    return header, rows()
