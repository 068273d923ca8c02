"""Figures as the dashboards show them: numbers and percentages in the user's format, status
labels, progress rows and charts, sparklines with their text alternative."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import get_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from dashboards.cache import cached
from dashboards.filters import plan_period_starts
from indicators.enums import PeriodType, Unit
from indicators.periods import period_label
from plans.documents.text import fmt_yes_no
from plans.models import Plan
from rollups.enums import ProgressStatus
from rollups.models import PeriodValue
from rollups.progress import Progress

# How many periods a sparkline shows, ending with the chosen one.
TREND_LENGTH = {PeriodType.MONTH: 6, PeriodType.QUARTER: 4, PeriodType.YEAR: 4}
HUNDRED = Decimal(100)
# The worst first when sorting by status: what needs attention comes up.
STATUS_RANK = [ProgressStatus.LATE, ProgressStatus.AT_RISK, ProgressStatus.ON_TRACK, ProgressStatus.NO_DATA]
# Shown next to each status label; decoration only (aria-hidden): the label carries the meaning.
STATUS_SYMBOLS = {
    ProgressStatus.ON_TRACK: "✓",
    ProgressStatus.AT_RISK: "!",
    ProgressStatus.LATE: "✕",
    ProgressStatus.NO_DATA: "–",
}


# --- figures --------------------------------------------------------------------------------


UNIT_SUFFIX = {Unit.PERCENTAGE: " %", Unit.COP: " COP", Unit.HOURS: " h", Unit.DAYS: " d", Unit.MINUTES: " min"}


_SEPARATORS: dict[str, tuple[str, str]] = {}


def localized(value: Decimal) -> str:
    """Return ``value`` (at most two decimals) as django.utils.formats.number_format would in
    the active language, with grouping: «1.234.567,5» in Spanish. Done by hand with the
    separators looked up once per language: a table of 300 indicators formats ~5,000 numbers,
    and number_format looks the locale up again for each."""
    language = get_language()
    separators = _SEPARATORS.get(language)
    if separators is None:
        separators = _SEPARATORS[language] = (get_format("DECIMAL_SEPARATOR"), get_format("THOUSAND_SEPARATOR"))
    decimal_separator, thousand_separator = separators
    value = _trim(value)
    integer, _point, fraction = format(abs(value), "f").partition(".")
    grouped = f"{int(integer):,}".replace(",", thousand_separator)
    return ("-" if value < 0 else "") + grouped + (decimal_separator + fraction if fraction else "")


def format_figure(value: Decimal | None, unit: str) -> str:
    """Return a value as a person reads it, Colombian style: «1.234,5», «85 %», «Sí»."""
    if value is None:
        return "—"
    if unit == Unit.MILESTONE:
        return fmt_yes_no(value)
    return localized(value) + UNIT_SUFFIX.get(unit, "")


def format_percent(value: Decimal | None) -> str:
    if value is None:
        return "—"
    return localized(value) + " %"


def _trim(value: Decimal) -> Decimal:
    """At most two decimals and none when they are zeros: 12.5000 → 12.5, 3.0000 → 3."""
    value = Decimal(value).quantize(Decimal("0.01"))
    return value.to_integral_value() if value == value.to_integral_value() else value.normalize()


def status_label(status: str | None) -> str:
    return str(ProgressStatus(status or ProgressStatus.NO_DATA).label)


@dataclass
class ProgressRow:
    """A line of a progress table: the plan, a component, an area or a plan of the overview."""

    pk: int | None
    name: str
    percent: Decimal | None
    with_data: int
    without_data: int
    statuses: dict[str, int]

    @property
    def percent_display(self) -> str:
        return format_percent(self.percent)

    @property
    def on_track(self) -> int:
        return self.statuses.get(ProgressStatus.ON_TRACK, 0)

    @property
    def at_risk(self) -> int:
        return self.statuses.get(ProgressStatus.AT_RISK, 0)

    @property
    def late(self) -> int:
        return self.statuses.get(ProgressStatus.LATE, 0)

    @property
    def no_data(self) -> int:
        return self.statuses.get(ProgressStatus.NO_DATA, 0)

    @property
    def bar(self) -> int:
        """The width of a progress bar, in steps of 5 % (a CSS class each: no inline style)."""
        return 0 if self.percent is None else int(min(self.percent, HUNDRED) // 5 * 5)


def progress_row(pk: int | None, name: str, progress: Progress) -> ProgressRow:
    return ProgressRow(
        pk=pk,
        name=name,
        percent=progress.percent,
        with_data=progress.with_data,
        without_data=progress.without_data,
        statuses=dict(progress.statuses),
    )


def progress_chart(rows: list[ProgressRow], *, value_label: str) -> dict:
    """Return the data of a horizontal bar chart of progress with its target (100 %)."""
    return {
        "type": "bar",
        "indexAxis": "y",
        "unit": "%",
        "max": 100,
        "labels": [row.name for row in rows],
        "datasets": [
            {"label": value_label, "role": "value", "data": [figure_number(row.percent) for row in rows]},
            {"label": _("Meta (100 %)"), "role": "target", "data": [100 for _row in rows]},
        ],
    }


def figure_number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


# --- the sparklines -------------------------------------------------------------------------


SPARK_WIDTH, SPARK_HEIGHT, SPARK_PAD = 100, 28, 3


@dataclass
class Sparkline:
    """A small SVG trend of an indicator's value (solid line, dots) and target (dashed line),
    drawn by the server: three hundred of them cost no JavaScript, print as they are and carry
    their figures as text in ``label``."""

    label: str
    value_segments: list[str]
    dots: list[tuple[str, str]]
    target_points: str


@dataclass(frozen=True)
class SparklineTexts:
    """The words of the sparklines' text alternative, translated once for a whole table."""

    labels: dict[date, str]
    no_data: str
    point: str
    target: str
    trend: str

    @classmethod
    def for_periods(cls, period_type: str, starts: list[date]) -> SparklineTexts:
        return cls(
            labels={start: period_label(period_type, start) for start in starts},
            no_data=_("%(period)s: sin datos"),
            point=_("%(period)s: %(value)s"),
            target=_(" (meta %(target)s)"),
            trend=_("Tendencia: %(points)s."),
        )


def sparkline(points: list[tuple[date, Decimal | None, Decimal | None]], unit: str, texts: SparklineTexts) -> Sparkline:
    """Return the sparkline of ``points`` (period start, value, target), oldest first."""
    figures = [v for _s, value, target in points for v in (value, target) if v is not None]
    top = max(figures, default=Decimal(0)) or Decimal(1)
    step = (SPARK_WIDTH - 2 * SPARK_PAD) / max(len(points) - 1, 1)

    def xy(index: int, value: Decimal) -> tuple[str, str]:
        x = SPARK_PAD + index * step if len(points) > 1 else SPARK_WIDTH / 2
        y = SPARK_HEIGHT - SPARK_PAD - float(value / top) * (SPARK_HEIGHT - 2 * SPARK_PAD)
        return f"{x:.1f}", f"{y:.1f}"

    segments: list[list[str]] = [[]]
    dots: list[tuple[str, str]] = []
    targets: list[str] = []
    parts: list[str] = []
    for index, (start, value, target) in enumerate(points):
        label = texts.labels[start]
        if value is None:
            segments.append([])
            parts.append(texts.no_data % {"period": label})
        else:
            x, y = xy(index, value)
            segments[-1].append(f"{x},{y}")
            dots.append((x, y))
            parts.append(
                texts.point % {"period": label, "value": format_figure(value, unit)}
                + (texts.target % {"target": format_figure(target, unit)} if target is not None else "")
            )
        if target is not None:
            targets.append(",".join(xy(index, target)))
    return Sparkline(
        label=texts.trend % {"points": "; ".join(parts)},
        value_segments=[" ".join(segment) for segment in segments if len(segment) > 1],
        dots=dots,
        target_points=" ".join(targets) if len(targets) > 1 else "",
    )


def trend_starts(plan: Plan, period_type: str, start: date) -> list[date]:
    starts = [s for s in plan_period_starts(plan)[period_type] if s <= start]
    return starts[-TREND_LENGTH[period_type] :]


def sparkline_series(
    *, plan: Plan, period_type: str, period_start: date, prefix: str
) -> dict[int, list[tuple[date, Decimal | None, Decimal | None]]]:
    """Return, for every indicator of the plan, its value and target over the last periods up
    to ``period_start`` (oldest first). One query, cached."""

    def compute():
        starts = trend_starts(plan, period_type, period_start)
        found: dict[int, dict[date, tuple]] = defaultdict(dict)
        rows = PeriodValue.objects.filter(
            indicator__plan=plan, period_type=period_type, period_start__in=starts
        ).values_list("indicator_id", "period_start", "value", "target")
        for indicator_id, start, value, target in rows:
            found[indicator_id][start] = (value, target)
        return {
            indicator_id: [(start, *by_start.get(start, (None, None))) for start in starts]
            for indicator_id, by_start in found.items()
        }

    return cached(f"{prefix}:trend:{period_type}:{period_start.isoformat()}", compute)
