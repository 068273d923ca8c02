"""The indicator page: its ficha técnica, its series of values against targets, the history of
its targets and the logs that fed it (as the user may see them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.db.models import (
    QuerySet,
)
from django.http import Http404
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dashboards.cache import plan_cache_prefix, plan_last_rollup
from dashboards.figures import STATUS_SYMBOLS, figure_number, format_figure, format_percent, localized, status_label
from dashboards.filters import DASHBOARD_PERIOD_TYPES, plan_period_starts
from execution.models import ActivityLog, LogValue
from execution.selectors import log_sent_filter_for_user, log_table_for_user
from indicators.enums import PeriodType
from indicators.models import Indicator, Target
from indicators.periods import period_label
from plans.models import User
from rollups.enums import ProgressStatus
from rollups.models import PeriodValue

# --- the indicator page ---------------------------------------------------------------------


def indicator_get_for_user(*, user: User, indicator_id: int) -> Indicator:
    """Return the indicator if ``user`` may see its plan, with its plan, activity and area, or
    raise Http404."""
    try:
        return (
            Indicator.objects.for_user(user)
            .select_related("plan__entity", "activity__component", "responsible_area")
            .get(pk=indicator_id)
        )
    except (Indicator.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


FICHA_FIELDS = [
    "code",
    "name",
    "definition",
    "kind",
    "unit",
    "aggregation",
    "numerator_definition",
    "denominator_definition",
    "direction",
    "baseline",
    "baseline_date",
    "frequency",
    "target_derivation",
    "data_source",
    "verification_means",
    "responsible_area",
    "activity",
    "plan",
    "weight",
    "order",
]


def indicator_ficha(indicator: Indicator) -> list[tuple[str, str]]:
    """Return the ficha técnica: every field of the indicator as (Spanish label, value)."""
    rows = []
    for name in FICHA_FIELDS:
        model_field = Indicator._meta.get_field(name)
        value = getattr(indicator, name)
        if model_field.choices:
            display = getattr(indicator, f"get_{name}_display")()
        elif value is None or value == "":
            display = "—"
        elif name == "baseline":
            display = format_figure(value, indicator.unit)
        elif name == "weight":
            display = localized(value)
        elif isinstance(value, date):
            display = date_format(value, "SHORT_DATE_FORMAT")
        else:
            display = str(value)
        label = str(model_field.verbose_name)
        rows.append((label[:1].upper() + label[1:], display))
    return rows


@dataclass
class SeriesPoint:
    start: date
    label: str
    value: Decimal | None
    target: Decimal | None
    achievement: Decimal | None
    status: str
    pending: Decimal | None
    unit: str

    @property
    def value_display(self) -> str:
        return format_figure(self.value, self.unit)

    @property
    def target_display(self) -> str:
        return format_figure(self.target, self.unit)

    @property
    def pending_display(self) -> str:
        return format_figure(self.pending, self.unit)

    @property
    def achievement_display(self) -> str:
        return format_percent(self.achievement)

    @property
    def status_label(self) -> str:
        return status_label(self.status)

    @property
    def status_symbol(self) -> str:
        return STATUS_SYMBOLS[self.status]

    @property
    def month_param(self) -> str:
        return self.start.strftime("%Y-%m")


@dataclass
class Series:
    period_type: str
    label: str
    points: list[SeriesPoint]

    @property
    def chart(self) -> dict:
        return {
            "type": "bar",
            "unit": "",
            "labels": [p.label for p in self.points],
            "datasets": [
                {"label": _("Valor"), "role": "value", "data": [figure_number(p.value) for p in self.points]},
                {"label": _("Meta"), "role": "target", "data": [figure_number(p.target) for p in self.points]},
            ],
        }


def indicator_series(indicator: Indicator) -> list[Series]:
    """Return the indicator's value and target by month, quarter and year over the vigencia.
    One query."""
    rows = {
        (pv.period_type, pv.period_start): pv
        for pv in PeriodValue.objects.filter(indicator=indicator, period_type__in=DASHBOARD_PERIOD_TYPES)
    }
    series = []
    for ptype, starts in plan_period_starts(indicator.plan).items():
        points = []
        for start in starts:
            pv = rows.get((ptype, start))
            points.append(
                SeriesPoint(
                    start=start,
                    label=period_label(ptype, start),
                    value=pv.value if pv else None,
                    target=pv.target if pv else None,
                    achievement=pv.achievement if pv else None,
                    status=pv.status if pv else ProgressStatus.NO_DATA,
                    pending=pv.pending_value if pv else None,
                    unit=indicator.unit,
                )
            )
        series.append(Series(period_type=ptype, label=PeriodType(ptype).label, points=points))
    return series


def indicator_series_key(indicator: Indicator) -> str:
    """Return the tile-cache key of the indicator's rendered series (charts and tables): the
    plan's cache prefix, so the next roll-up of the plan changes it, and the language of the
    period labels. One query (the plan's latest roll-up run)."""
    prefix = plan_cache_prefix(indicator.plan_id, plan_last_rollup(plan=indicator.plan).run_id)
    return f"{prefix}:indicator:{indicator.pk}:{get_language()}"


@dataclass
class TargetChange:
    when: datetime
    who: str
    kind: str
    period: str
    old: str
    new: str
    note: str


def indicator_target_history(indicator: Indicator) -> list[TargetChange]:
    """Return every change of the indicator's targets, newest first: who, when, the period and
    the value before and after (from the targets' history). One query."""
    records = (
        Target.history.filter(indicator_id=indicator.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    kinds = {"+": _("Creada"), "~": _("Modificada"), "-": _("Eliminada")}
    previous: dict[int, Decimal] = {}
    changes = []
    for record in records:
        old = previous.get(record.id)
        user = record.history_user
        changes.append(
            TargetChange(
                when=record.history_date,
                who=(user.get_full_name() or user.username) if user else _("Sistema o importación"),
                kind=kinds.get(record.history_type, record.history_type),
                period=period_label(record.period_type, record.period_start),
                old=format_figure(old, indicator.unit) if old is not None and record.history_type != "+" else "—",
                new=format_figure(record.value, indicator.unit) if record.history_type != "-" else "—",
                note=record.note,
            )
        )
        previous[record.id] = record.value
    changes.reverse()
    return changes


def indicator_logs(*, user: User, indicator: Indicator, month: date | None = None) -> QuerySet[ActivityLog]:
    """Return the logs that give the indicator a value, as ``user`` may read them (an area
    lead: its own area's), newest first, optionally of one month; the logs list's selector with
    its table rows, so a page costs the same whatever the number of logs.

    Only the logs sent to the press office, not the area leads' drafts (see
    ``log_sent_filter_for_user``: the press office also sees what it returned, a lead its own
    area's unsent work)."""
    # Driven from the indicator's values (LogValue's roll-up index starts with the indicator):
    # a join from every log of the plan to its values read them all (70 ms for 15,000 logs on
    # PostgreSQL) to keep a few dozen. No filter on the plan: the indicator's values are those
    # of its activity's logs, in its plan (Indicator.clean), and naming the plan again made
    # PostgreSQL spend 7 ms planning the query (2.5 ms without).
    return (
        log_table_for_user(user=user, month=month)
        .filter(pk__in=LogValue.objects.filter(indicator=indicator).values("log_id"))
        .filter(log_sent_filter_for_user(user))
    )
