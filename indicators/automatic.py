"""Automatic indicators: values the product counts from its own records instead of logs.

An indicator whose ``source`` is not «manual» takes, for each month, what its source adds up
to: campaigns designed, pieces published (of a kind and channel when the indicator says so),
media mentions and their free-press value, minutes to the first notice of incidents. The
roll-up reads them as one grouped query per source and plan, and treats them from there like
any other indicator's months (same rules, targets, status, incremental marks).

Saving or deleting a campaign, piece, mention or incident marks the months it touches for the
next incremental roll-up, as saving a log does.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db.models import Count, F, Max, QuerySet, Sum, Value
from django.db.models.functions import TruncMonth
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext_lazy as _

from indicators.enums import Aggregation, Source, Unit
from indicators.signals import values_changed_announce


@dataclass(frozen=True)
class SourceSpec:
    """One source: its model, the date that places a record in a month, the figure each
    record adds (None counts records), and how it is scoped to a plan."""

    model: str
    date_field: str
    value_field: str | None
    plan_path: str | None  # a record belongs to a plan through this path …
    entity_path: str  # … or, without one, to the plan's entity
    rules: tuple[str, ...]
    unit: str
    # Only the records that count: e.g. published pieces only.
    only: tuple[tuple[str, object], ...] = ()
    datetime: bool = False


SOURCES: dict[str, SourceSpec] = {
    Source.CAMPAIGNS_DESIGNED: SourceSpec(
        model="campaigns.Campaign",
        date_field="designed_on",
        value_field=None,
        plan_path="component__plan",
        entity_path="component__plan__entity",
        rules=(Aggregation.SUM,),
        unit=Unit.COUNT,
    ),
    Source.PIECES_PUBLISHED: SourceSpec(
        model="campaigns.ContentPiece",
        date_field="published_on",
        value_field=None,
        plan_path=None,
        entity_path="area__entity",
        rules=(Aggregation.SUM,),
        unit=Unit.COUNT,
        only=(("status", "publicado"),),
    ),
    Source.MENTIONS: SourceSpec(
        model="media_monitoring.MediaMention",
        date_field="date",
        value_field=None,
        plan_path=None,
        entity_path="entity",
        rules=(Aggregation.SUM,),
        unit=Unit.COUNT,
    ),
    Source.FREE_PRESS: SourceSpec(
        model="media_monitoring.MediaMention",
        date_field="date",
        value_field="free_press_value",
        plan_path=None,
        entity_path="entity",
        rules=(Aggregation.SUM,),
        unit=Unit.COP,
    ),
    Source.FIRST_NOTICE: SourceSpec(
        model="crisis.Incident",
        date_field="started_at",
        value_field="minutes_to_first_notice",
        plan_path=None,
        entity_path="entity",
        rules=(Aggregation.AVERAGE, Aggregation.MAX),
        unit=Unit.MINUTES,
        datetime=True,
    ),
}


def piece_kinds() -> list[tuple[str, str]]:
    """The kinds of content piece, read from the campaigns app's model by label (indicators
    never imports the apps above it)."""
    return apps.get_model("campaigns.ContentPiece")._meta.get_field("kind").choices


def automatic_source_errors(indicator) -> dict[str, str]:
    """The model's validation of an indicator's source (called from Indicator.clean)."""
    errors: dict[str, str] = {}
    spec = SOURCES.get(indicator.source)
    if spec is None:
        if indicator.source_piece_kind or indicator.source_channel_id:
            errors["source"] = _("El tipo de pieza y el canal contados solo aplican a «piezas publicadas».")
        return errors
    if indicator.aggregation not in spec.rules:
        labels = ", ".join(str(Aggregation(rule).label) for rule in spec.rules)
        errors["aggregation"] = _("Un indicador con este origen usa la regla: %(rules)s.") % {"rules": labels}
    if indicator.unit != spec.unit:
        errors["unit"] = _("Un indicador con este origen se mide en «%(unit)s».") % {"unit": Unit(spec.unit).label}
    if indicator.source != Source.PIECES_PUBLISHED and (indicator.source_piece_kind or indicator.source_channel_id):
        errors["source"] = _("El tipo de pieza y el canal contados solo aplican a «piezas publicadas».")
    return errors


def _records(spec: SourceSpec, indicator) -> QuerySet:
    model = apps.get_model(spec.model)
    records = model.objects.filter(**{f"{spec.date_field}__isnull": False, **dict(spec.only)})
    if spec.plan_path:
        records = records.filter(**{spec.plan_path: indicator.plan_id})
    else:
        records = records.filter(**{spec.entity_path: indicator.plan.entity_id})
    if spec.value_field:
        records = records.filter(**{f"{spec.value_field}__isnull": False})
    if indicator.source_piece_kind:
        records = records.filter(kind=indicator.source_piece_kind)
    if indicator.source_channel_id:
        records = records.filter(channel_id=indicator.source_channel_id)
    return records


def _month(spec: SourceSpec):
    if spec.datetime:
        # Incidents are placed in the month of Colombia in which they started.
        return TruncMonth(spec.date_field, tzinfo=ZoneInfo(settings.TIME_ZONE))
    return TruncMonth(spec.date_field)


def _month_range(spec: SourceSpec, first: date, last: date) -> dict:
    """Lookups for the records dated from the first day of ``first`` to the end of ``last``
    (in Colombia for moments)."""
    end = date(last.year + last.month // 12, last.month % 12 + 1, 1)
    if spec.datetime:
        zone = ZoneInfo(settings.TIME_ZONE)
        lower = datetime(first.year, first.month, 1, tzinfo=zone)
        upper = datetime(end.year, end.month, 1, tzinfo=zone)
        return {f"{spec.date_field}__gte": lower, f"{spec.date_field}__lt": upper}
    return {f"{spec.date_field}__gte": first.replace(day=1), f"{spec.date_field}__lt": end}


def automatic_month_rows(indicators, months: dict[int, set[date]] | None = None) -> list[tuple]:
    """Month aggregates of the automatic ``indicators``, as the roll-up reads log values:
    (indicator id, month, total, count of values, peak, rows). With ``months``, only those
    months. One grouped query per indicator (a plan has a handful of automatic ones)."""
    rows: list[tuple] = []
    for indicator in indicators:
        spec = SOURCES.get(indicator.source)
        if spec is None:
            continue
        records = _records(spec, indicator)
        value = F(spec.value_field) if spec.value_field else Value(1)
        grouped = records.annotate(month=_month(spec)).values("month").order_by()
        wanted = None
        if months is not None:
            wanted = set(months.get(indicator.pk, ()))
            if not wanted:
                continue
            # A range on the record's own date (its index), then the exact months below.
            grouped = grouped.filter(**_month_range(spec, min(wanted), max(wanted)))
        for month, total, count, peak in grouped.annotate(
            total=Sum(value), count=Count("pk"), peak=Max(value)
        ).values_list("month", "total", "count", "peak"):
            month = month.date() if isinstance(month, datetime) else month
            if wanted is None or month in wanted:
                rows.append((indicator.pk, month, total, count, peak, count))
    return rows


# --- Marks: a change to a record marks the months of the automatic indicators it feeds ----------


def _sources_of(sender_label: str) -> list[str]:
    return [source for source, spec in SOURCES.items() if spec.model == sender_label]


def _fed_indicator_ids(instance, sender_label: str) -> list[int]:
    """The automatic indicators ``instance`` feeds: those of its entity whose source reads its
    model. One query (plus the hops of the entity path not yet loaded)."""
    from indicators.models import Indicator

    sources = _sources_of(sender_label)
    if not sources:
        return []
    *hops, last = SOURCES[sources[0]].entity_path.split("__")
    owner = instance
    for hop in hops:
        owner = getattr(owner, hop, None)
        if owner is None:
            return []
    entity_id = getattr(owner, f"{last}_id", None)
    if entity_id is None:
        return []
    return list(Indicator.objects.filter(source__in=sources, plan__entity_id=entity_id).values_list("pk", flat=True))


def _month_of(instance, sender_label: str) -> date | None:
    spec = SOURCES[_sources_of(sender_label)[0]]
    moment = getattr(instance, spec.date_field, None)
    if moment is None:
        return None
    if spec.datetime:
        from django.utils import timezone

        moment = timezone.localtime(moment, ZoneInfo(settings.TIME_ZONE)).date()
    return moment.replace(day=1)


def _remember_before_save(sender, instance, **kwargs) -> None:
    """Find the indicators the record feeds and, only when there are some, the month it had
    before this save (it may be leaving it). A record no automatic indicator reads costs one
    query."""
    label = sender._meta.label
    instance._rollup_fed = _fed_indicator_ids(instance, label)
    instance._rollup_previous_month = None
    if instance._rollup_fed and instance.pk is not None:
        date_field = SOURCES[_sources_of(label)[0]].date_field
        previous = sender._default_manager.filter(pk=instance.pk).only(date_field).first()
        instance._rollup_previous_month = _month_of(previous, label) if previous else None


def _mark_changed(sender, instance, **kwargs) -> None:
    label = sender._meta.label
    ids = getattr(instance, "_rollup_fed", None)
    if ids is None:  # a delete: no pre_save ran
        ids = _fed_indicator_ids(instance, label)
    months = {_month_of(instance, label), getattr(instance, "_rollup_previous_month", None)} - {None}
    if not ids or not months:
        return
    values_changed_announce(sender=sender, marks=[(pk, month) for pk in ids for month in months])


def records_changed(*, model_label: str, marks: set[tuple[int, date]]) -> None:
    """Mark for the roll-up the months of records written without their signals (bulk
    updates): ``marks`` holds (entity id, day) pairs of the changed records of ``model_label``."""
    from indicators.models import Indicator

    sources = _sources_of(model_label)
    by_entity: dict[int, set[date]] = defaultdict(set)
    for entity_id, day in marks:
        by_entity[entity_id].add(day.replace(day=1))
    indicators = Indicator.objects.filter(source__in=sources, plan__entity__in=list(by_entity))
    pairs = [
        (pk, month)
        for pk, entity_id in indicators.values_list("pk", "plan__entity_id")
        for month in by_entity[entity_id]
    ]
    values_changed_announce(sender=records_changed, marks=pairs)


def connect_signals() -> None:
    """Called from IndicatorsConfig.ready: watch every model a source reads."""
    for label in {spec.model for spec in SOURCES.values()}:
        model = apps.get_model(label)
        pre_save.connect(_remember_before_save, sender=model, dispatch_uid=f"rollup-prev-{label}")
        post_save.connect(_mark_changed, sender=model, dispatch_uid=f"rollup-save-{label}")
        post_delete.connect(_mark_changed, sender=model, dispatch_uid=f"rollup-delete-{label}")


def automatic_by_indicator(rows: list[tuple]) -> dict[int, dict[date, tuple]]:
    result: dict[int, dict[date, tuple]] = defaultdict(dict)
    for indicator_id, month, *figures in rows:
        result[indicator_id][month] = tuple(figures)
    return result
