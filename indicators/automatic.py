"""Automatic indicators: values the product counts from its own records instead of logs.

An indicator whose ``source`` is not «manual» takes, for each month, what its source adds up
to. The sources are not known here: each app that owns such records registers them from its
``AppConfig.ready()`` (``register_source``), so that this layer never names a model of the
apps above it. The roll-up reads them as one grouped query per indicator, and treats them
from there like any other indicator's months (same rules, targets, status, incremental marks).

Registering a source connects the receivers that mark, for the next incremental roll-up, the
months a saved or deleted record touches, as saving a log does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db.models import Count, F, Max, Model, Q, QuerySet, Sum, Value
from django.db.models.functions import TruncMonth
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from indicators.enums import Aggregation, Source, Unit
from indicators.signals import values_changed_announce

# The indicator's own fields that narrow what a source counts; a source says which it offers.
INDICATOR_FILTER_FIELDS = ("source_piece_kind", "source_channel")
SOURCE_KEY_LENGTH = 12  # Indicator.source's max_length


@dataclass(frozen=True)
class IndicatorFilter:
    """A filter an indicator of a source may set: its own ``field`` (one of
    INDICATOR_FILTER_FIELDS) narrows the records by ``lookup``; ``choices`` are that field's
    choices (empty for a foreign key, which has its own)."""

    field: str
    lookup: str
    choices: tuple[tuple[str, str | Promise], ...] = ()


@dataclass(frozen=True)
class ValueSource:
    """One source of automatic values: the records of ``model`` (a class or an "app.Model"
    label), the date that places each in a month, the figure each adds (None counts records),
    and how a record belongs to a plan: through ``plan_path`` or, without one, to the plan's
    entity through ``entity_path`` (always given: it also finds the indicators a record feeds).
    """

    key: str  # stored in Indicator.source
    label: str | Promise
    model: type[Model] | str
    date_field: str
    value_field: str | None
    entity_path: str
    plan_path: str | None = None
    rules: tuple[str, ...] = (Aggregation.SUM,)
    unit: str = Unit.COUNT
    # Only the records that count: e.g. published pieces only.
    only: tuple[tuple[str, object], ...] = ()
    datetime: bool = False  # the date is a moment, placed in the month of settings.TIME_ZONE
    filters: tuple[IndicatorFilter, ...] = ()
    # The records name the indicator they feed (a survey chooses its indicator): only those
    # whose path equals the indicator count.
    indicator_path: str | None = None

    @property
    def model_label(self) -> str:
        return self.model if isinstance(self.model, str) else self.model._meta.label

    @property
    def model_class(self) -> type[Model]:
        return apps.get_model(self.model) if isinstance(self.model, str) else self.model


# In registration order (the order of INSTALLED_APPS), which is the order of the choices.
_SOURCES: dict[str, ValueSource] = {}


def register_source(source: ValueSource) -> None:
    """Register ``source`` and connect the receivers that mark the months its model's saved or
    deleted records touch. Registering the same source again changes nothing; another source
    under a key already taken is refused (ValueError)."""
    model = source.model_class
    source = replace(source, model=model)
    if source.key == Source.MANUAL or len(source.key) > SOURCE_KEY_LENGTH:
        raise ValueError(f"{source.key!r} cannot be the key of a value source.")
    unknown = {f.field for f in source.filters} - set(INDICATOR_FILTER_FIELDS)
    if unknown:
        raise ValueError(f"Indicators have no filter fields {sorted(unknown)}.")
    registered = _SOURCES.get(source.key)
    if registered is not None and registered != source:
        raise ValueError(f"Another value source is registered as {source.key!r}.")
    _SOURCES[source.key] = source
    label = model._meta.label
    # One receiver of each kind per model, however many of its sources are registered.
    pre_save.connect(_remember_before_save, sender=model, dispatch_uid=f"rollup-prev-{label}")
    post_save.connect(_mark_changed, sender=model, dispatch_uid=f"rollup-save-{label}")
    post_delete.connect(_mark_changed, sender=model, dispatch_uid=f"rollup-delete-{label}")


def get_source(key: str) -> ValueSource | None:
    """Return the source registered as ``key`` (None for «manual» or an unknown key)."""
    return _SOURCES.get(key)


def registered_sources() -> list[ValueSource]:
    """Return the registered sources, in registration order."""
    return list(_SOURCES.values())


def source_choices() -> list[tuple[str, str | Promise]]:
    """The choices of Indicator.source: the logs, then every registered source."""
    return [(Source.MANUAL, Source.MANUAL.label), *((source.key, source.label) for source in _SOURCES.values())]


def filter_choices(field: str) -> list[tuple[str, str | Promise]]:
    """The choices the registered sources offer for the indicator's filter ``field``."""
    choices: dict[str, str | Promise] = {}
    for source in _SOURCES.values():
        for indicator_filter in source.filters:
            if indicator_filter.field == field:
                for value, label in indicator_filter.choices:
                    choices.setdefault(value, label)
    return list(choices.items())


def piece_kinds() -> list[tuple[str, str | Promise]]:
    """The choices of Indicator.source_piece_kind, offered by the source of published pieces
    (migrations 0014 on name this callable)."""
    return filter_choices("source_piece_kind")


# --- Validation ------------------------------------------------------------------------------------


def _filter_value(indicator, field: str):
    return getattr(indicator, indicator._meta.get_field(field).attname)


def automatic_source_errors(indicator) -> dict[str, str]:
    """The model's validation of an indicator's source (called from Indicator.clean)."""
    errors: dict[str, str] = {}
    source = _SOURCES.get(indicator.source)
    if source is None and indicator.source not in (Source.MANUAL, ""):
        errors["source"] = _("«%(field)s»: «%(value)s» no es una opción válida (%(options)s).") % {
            "field": indicator._meta.get_field("source").verbose_name,
            "value": indicator.source,
            "options": ", ".join(key for key, _label in source_choices()),
        }
        return errors
    offered = {f.field for f in source.filters} if source else set()
    if any(_filter_value(indicator, field) for field in INDICATOR_FILTER_FIELDS if field not in offered):
        errors["source"] = _("El tipo de pieza y el canal contados solo aplican a «piezas publicadas».")
    if source is None:
        return errors
    if indicator.aggregation not in source.rules:
        labels = ", ".join(str(Aggregation(rule).label) for rule in source.rules)
        errors["aggregation"] = _("Un indicador con este origen usa la regla: %(rules)s.") % {"rules": labels}
    if indicator.unit != source.unit:
        errors["unit"] = _("Un indicador con este origen se mide en «%(unit)s».") % {"unit": Unit(source.unit).label}
    return errors


# --- Month aggregates --------------------------------------------------------------------------------


def _records(source: ValueSource, indicator) -> QuerySet:
    records = source.model_class.objects.filter(**{f"{source.date_field}__isnull": False, **dict(source.only)})
    if source.plan_path:
        records = records.filter(**{source.plan_path: indicator.plan_id})
    else:
        records = records.filter(**{source.entity_path: indicator.plan.entity_id})
    if source.value_field:
        records = records.filter(**{f"{source.value_field}__isnull": False})
    if source.indicator_path:
        records = records.filter(**{source.indicator_path: indicator.pk})
    for indicator_filter in source.filters:
        value = _filter_value(indicator, indicator_filter.field)
        if value:
            records = records.filter(**{indicator_filter.lookup: value})
    return records


def _month(source: ValueSource):
    if source.datetime:
        # Moments (an incident's start) are placed in the month of Colombia in which they fall.
        return TruncMonth(source.date_field, tzinfo=ZoneInfo(settings.TIME_ZONE))
    return TruncMonth(source.date_field)


def _month_range(source: ValueSource, first: date, last: date) -> dict:
    """Lookups for the records dated from the first day of ``first`` to the end of ``last``
    (in Colombia for moments)."""
    end = date(last.year + last.month // 12, last.month % 12 + 1, 1)
    if source.datetime:
        zone = ZoneInfo(settings.TIME_ZONE)
        lower = datetime(first.year, first.month, 1, tzinfo=zone)
        upper = datetime(end.year, end.month, 1, tzinfo=zone)
        return {f"{source.date_field}__gte": lower, f"{source.date_field}__lt": upper}
    return {f"{source.date_field}__gte": first.replace(day=1), f"{source.date_field}__lt": end}


def automatic_month_rows(indicators, months: dict[int, set[date]] | None = None) -> list[tuple]:
    """Month aggregates of the automatic ``indicators``, as the roll-up reads log values:
    (indicator id, month, total, count of values, peak, rows). With ``months``, only those
    months. One grouped query per indicator (a plan has a handful of automatic ones)."""
    rows: list[tuple] = []
    for indicator in indicators:
        source = _SOURCES.get(indicator.source)
        if source is None:
            continue
        records = _records(source, indicator)
        value = F(source.value_field) if source.value_field else Value(1)
        grouped = records.annotate(month=_month(source)).values("month").order_by()
        wanted = None
        if months is not None:
            wanted = set(months.get(indicator.pk, ()))
            if not wanted:
                continue
            # A range on the record's own date (its index), then the exact months below.
            grouped = grouped.filter(**_month_range(source, min(wanted), max(wanted)))
        for month, total, count, peak in grouped.annotate(
            total=Sum(value), count=Count("pk"), peak=Max(value)
        ).values_list("month", "total", "count", "peak"):
            month = month.date() if isinstance(month, datetime) else month
            if wanted is None or month in wanted:
                rows.append((indicator.pk, month, total, count, peak, count))
    return rows


# --- Marks: a change to a record marks the months of the automatic indicators it feeds ----------


def _sources_of(model_label: str) -> list[ValueSource]:
    return [source for source in _SOURCES.values() if source.model_label == model_label]


def _entity_id(instance, entity_path: str) -> int | None:
    *hops, last = entity_path.split("__")
    owner = instance
    for hop in hops:
        owner = getattr(owner, hop, None)
        if owner is None:
            return None
    return getattr(owner, f"{last}_id", None)


def _fed_indicators(instance, sources: Iterable[ValueSource]) -> list[tuple[int, str]]:
    """(id, source) of the automatic indicators ``instance`` feeds: those of its entity whose
    source reads its model. One query (plus the hops of the entity paths not yet loaded)."""
    from indicators.models import Indicator

    keys_by_path: dict[str, list[str]] = defaultdict(list)
    for source in sources:
        keys_by_path[source.entity_path].append(source.key)
    condition = Q()
    for path, keys in keys_by_path.items():
        entity_id = _entity_id(instance, path)
        if entity_id is not None:
            condition |= Q(source__in=keys, plan__entity_id=entity_id)
    if not condition:
        return []
    return list(Indicator.objects.filter(condition).values_list("pk", "source"))


def _month_of(instance, source: ValueSource) -> date | None:
    moment = getattr(instance, source.date_field, None)
    if moment is None:
        return None
    if source.datetime:
        moment = timezone.localtime(moment, ZoneInfo(settings.TIME_ZONE)).date()
    return moment.replace(day=1)


def _remember_before_save(sender, instance, **kwargs) -> None:
    """Find the indicators the record feeds and, only when there are some, the months it had
    before this save (it may be leaving them). A record no automatic indicator reads costs one
    query."""
    sources = _sources_of(sender._meta.label)
    instance._rollup_fed = _fed_indicators(instance, sources)
    instance._rollup_previous_months = {}
    if instance._rollup_fed and instance.pk is not None:
        fields = sorted({source.date_field for source in sources})
        previous = sender._default_manager.filter(pk=instance.pk).only(*fields).first()
        if previous is not None:
            instance._rollup_previous_months = {source.key: _month_of(previous, source) for source in sources}


def _mark_changed(sender, instance, **kwargs) -> None:
    sources = {source.key: source for source in _sources_of(sender._meta.label)}
    # What pre_save found is for this save only: a later delete of the same object looks again.
    fed = instance.__dict__.pop("_rollup_fed", None)
    previous = instance.__dict__.pop("_rollup_previous_months", {})
    if fed is None:  # a delete: no pre_save ran
        fed = _fed_indicators(instance, sources.values())
    marks = []
    for pk, key in fed:
        if key in sources:
            months = {_month_of(instance, sources[key]), previous.get(key)} - {None}
            marks.extend((pk, month) for month in sorted(months))
    values_changed_announce(sender=sender, marks=marks)


def records_changed(*, model_label: str, marks: set[tuple[int, date]]) -> None:
    """Mark for the roll-up the months of records written without their signals (bulk
    updates): ``marks`` holds (entity id, day) pairs of the changed records of ``model_label``."""
    from indicators.models import Indicator

    keys = [source.key for source in _sources_of(model_label)]
    if not keys:
        return
    by_entity: dict[int, set[date]] = defaultdict(set)
    for entity_id, day in marks:
        by_entity[entity_id].add(day.replace(day=1))
    indicators = Indicator.objects.filter(source__in=keys, plan__entity__in=list(by_entity))
    pairs = [
        (pk, month)
        for pk, entity_id in indicators.values_list("pk", "plan__entity_id")
        for month in by_entity[entity_id]
    ]
    values_changed_announce(sender=records_changed, marks=pairs)
