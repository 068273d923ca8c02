"""The roll-up: approved log values → one value per indicator and month, quarter, year and vigencia.

Set-based and idempotent. One aggregate query groups the log values of every indicator by
(indicator, month, status) — the month is stored on each value, so there is no date truncation —
and one window query finds the latest value of the cumulative indicators. The months are then
combined in Python (a plan of 300 indicators over 48 months is ~15,000 small rows), compared with
the period values already stored, and only the rows that changed are written, with one bulk
upsert. It always recomputes from the logs and never increments, so running it twice, or twice
at once, leaves the same rows.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone

from execution.enums import LogStatus
from execution.models import LogValue
from indicators.automatic import automatic_month_rows
from indicators.enums import Aggregation, Direction, PeriodType
from indicators.models import Indicator
from indicators.periods import period_start, plan_periods
from plans.models import (
    Plan,
)
from rollups.cache import plan_cache_bump
from rollups.enums import ProgressStatus, RollupKind
from rollups.models import PeriodValue, RollupMark, RollupRun
from rollups.targets import targets_by_indicator

logger = logging.getLogger(__name__)

FOUR_PLACES = Decimal("0.0001")
TWO_PLACES = Decimal("0.01")
# The statuses the roll-up reads: approved values make the value, submitted ones the pending figure.
COUNTED = {LogStatus.APPROVED: "approved", LogStatus.SUBMITTED: "pending"}
COMPARED_FIELDS = [
    "value",
    "numerator",
    "denominator",
    "total",
    "pending_value",
    "pending_total",
    "pending_numerator",
    "pending_denominator",
    "target",
    "achievement",
    "status",
    "approved_count",
    "pending_count",
]


@dataclass
class Aggregate:
    """What some values of one indicator and status add up to: a month, or several combined."""

    total: Decimal = Decimal(0)
    count: int = 0
    peak: Decimal | None = None
    numerator: Decimal = Decimal(0)
    denominator: Decimal = Decimal(0)
    rows: int = 0
    last: Decimal | None = None

    def add(self, other: Aggregate) -> None:
        """Fold in a later month (months are added in calendar order)."""
        self.total += other.total
        self.count += other.count
        if other.peak is not None and (self.peak is None or other.peak > self.peak):
            self.peak = other.peak
        self.numerator += other.numerator
        self.denominator += other.denominator
        self.rows += other.rows
        if other.last is not None:
            self.last = other.last


Months = dict[date, dict[str, Aggregate]]  # month → {"approved": …, "pending": …}


def _q(value: Decimal | None, places: Decimal = FOUR_PLACES) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(places, rounding=ROUND_HALF_UP)


def _months_from_logs(indicators: list[Indicator]) -> dict[int, Months]:
    """Aggregate all the log values of ``indicators`` by month: one GROUP BY query, plus one
    for the latest value of the cumulative indicators."""
    ids = [i.pk for i in indicators]
    values = LogValue.objects.filter(indicator_id__in=ids, status__in=list(COUNTED))
    result: dict[int, Months] = defaultdict(lambda: defaultdict(dict))
    latest_keys: set[tuple[int, str, date]] = set()
    cumulative = {i.pk for i in indicators if i.aggregation == Aggregation.LAST}
    rows = (
        values.values_list("indicator_id", "month", "status")
        .annotate(Sum("value"), Count("value"), Max("value"), Sum("numerator"), Sum("denominator"), Count("id"))
        .order_by()
    )
    for indicator_id, month, status, *figures in rows:
        result[indicator_id][month][COUNTED[status]] = _aggregate(*figures)
        if indicator_id in cumulative:
            latest_keys.add((indicator_id, status, month))
    _fill_latest(result, latest_keys)
    _add_automatic(result, automatic_month_rows(indicators))
    return result


def _add_automatic(result: dict[int, Months], rows: list[tuple]) -> None:
    """Fold in the months of the automatic indicators (indicators.automatic): what the
    product's own records add up to counts as approved."""
    for indicator_id, month, total, count, peak, rows_count in rows:
        result[indicator_id][month]["approved"] = Aggregate(
            total=_number(total),
            count=count,
            peak=None if peak is None else _number(peak),
            rows=rows_count,
        )


def _fill_latest(result: dict[int, Months], latest_keys: set[tuple[int, str, date]]) -> None:
    """Set the latest value of each cumulative month: the value of its latest log that has
    one (by date, then by recording order), one index probe per month through the roll-up
    index. rollup_sql reads it the same way."""
    if not latest_keys:
        return
    cast = "::date" if connection.vendor == "postgresql" else ""
    keys = sorted(latest_keys)
    values_sql = ", ".join(f"(%s, %s, %s{cast})" for _ in keys)
    params = [item for key in keys for item in key]
    table = LogValue._meta.db_table
    sql = f"""
        WITH k (indicator_id, status, month) AS (VALUES {values_sql})
        SELECT k.indicator_id, k.status, k.month, (
            SELECT v.value FROM {table} v
            WHERE v.indicator_id = k.indicator_id AND v.status = k.status AND v.month = k.month
              AND v.value IS NOT NULL
            ORDER BY v.date DESC, v.id DESC
            LIMIT 1
        ) FROM k
    """  # noqa: S608  # identifiers are constants; the keys go as parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for indicator_id, status, month, value in cursor.fetchall():
            if value is not None:
                result[indicator_id][_as_date(month)][COUNTED[status]].last = _number(value)


def _number(value) -> Decimal:
    """A figure from the database as a Decimal with four places (raw SQL on SQLite gives
    floats)."""
    if value is None:
        return Decimal(0)
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value)).quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)


def _aggregate(total, count, peak, numerator, denominator, rows) -> Aggregate:
    return Aggregate(
        total=_number(total),
        count=count,
        peak=None if peak is None else _number(peak),
        numerator=_number(numerator),
        denominator=_number(denominator),
        rows=rows,
    )


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _months_from_logs_marked(indicators: list[Indicator], months: dict[int, set[date]]) -> dict[int, Months]:
    """Aggregate only the marked (indicator, month) pairs: a join with the list of pairs, so
    that each pair is one index range whatever the size of the table."""
    pairs = [(pk, month) for pk, marked in months.items() for month in sorted(marked)]
    result: dict[int, Months] = defaultdict(lambda: defaultdict(dict))
    if not pairs:
        return result
    cast = "::date" if connection.vendor == "postgresql" else ""
    values_sql = ", ".join(f"(%s, %s{cast})" for _ in pairs)
    params = [item for pair in pairs for item in pair]
    statuses = list(COUNTED)
    table = LogValue._meta.db_table
    # With a few hundred pairs SQLite's planner builds an automatic index over the whole value
    # table instead of probing the roll-up index (5.3 s against 0.36 s for 1,000 pairs over
    # 1,000,000 values): name the index. PostgreSQL probes it on its own.
    indexed = " INDEXED BY logvalue_rollup" if connection.vendor == "sqlite" else ""
    # Identifiers are constants; the pairs and statuses go as parameters.
    sql = f"""
        WITH m (indicator_id, month) AS (VALUES {values_sql})
        SELECT v.indicator_id, v.month, v.status, SUM(v.value), COUNT(v.value), MAX(v.value),
               SUM(v.numerator), SUM(v.denominator), COUNT(*)
        FROM m JOIN {table} v{indexed} ON v.indicator_id = m.indicator_id AND v.month = m.month
        WHERE v.status IN (%s, %s)
        GROUP BY v.indicator_id, v.month, v.status
    """  # noqa: S608
    cumulative = {i.pk for i in indicators if i.aggregation == Aggregation.LAST}
    latest_keys: set[tuple[int, str, date]] = set()
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *statuses])
        for indicator_id, month, status, *figures in cursor.fetchall():
            month = _as_date(month)
            result[indicator_id][month][COUNTED[status]] = _aggregate(*figures)
            if indicator_id in cumulative:
                latest_keys.add((indicator_id, status, month))
    _fill_latest(result, latest_keys)
    _add_automatic(result, automatic_month_rows(indicators, months))
    return result


def _months_from_stored(indicators: list[Indicator]) -> dict[int, Months]:
    """Rebuild the month aggregates of ``indicators`` from their stored month rows."""
    result: dict[int, Months] = defaultdict(lambda: defaultdict(dict))
    rows = PeriodValue.objects.filter(indicator__in=indicators, period_type=PeriodType.MONTH).values_list(
        "indicator_id",
        "period_start",
        "value",
        "total",
        "numerator",
        "denominator",
        "approved_count",
        "pending_value",
        "pending_total",
        "pending_numerator",
        "pending_denominator",
        "pending_count",
    )
    for indicator_id, month, value, total, num, den, n, p_value, p_total, p_num, p_den, p_n in rows:
        if n:
            result[indicator_id][month]["approved"] = Aggregate(
                total=total or Decimal(0),
                count=n,
                peak=value,
                numerator=num or Decimal(0),
                denominator=den or Decimal(0),
                rows=n,
                last=value,
            )
        if p_n:
            result[indicator_id][month]["pending"] = Aggregate(
                total=p_total or Decimal(0),
                count=p_n,
                peak=p_value,
                numerator=p_num or Decimal(0),
                denominator=p_den or Decimal(0),
                rows=p_n,
                last=p_value,
            )
    return result


def _figure(indicator: Indicator, agg: Aggregate | None) -> Decimal | None:
    """The value of an aggregate by the indicator's rule (None when nothing was reported)."""
    if agg is None or not agg.rows:
        return None
    rule = indicator.aggregation
    if rule == Aggregation.SUM:
        return agg.total
    if rule == Aggregation.AVERAGE:
        return _q(agg.total / agg.count) if agg.count else None
    if rule == Aggregation.MAX:
        return _q(agg.peak)
    if rule == Aggregation.LAST:
        return _q(agg.last)
    # A ratio: rolled-up numerator over rolled-up denominator, never an average of percentages.
    return _q(agg.numerator / agg.denominator * 100) if agg.denominator else None


def achievement_and_status(
    *, value: Decimal | None, target: Decimal | None, direction: str, plan: Plan
) -> tuple[Decimal | None, str]:
    """Return the % achievement and the traffic light of a value against its target.

    Less-is-better indicators (tiempo de resolución) achieve target / value: reaching half the
    target time is 200 %, twice the target time is 50 %.
    """
    if value is None or target is None:
        return None, ProgressStatus.NO_DATA
    if direction == Direction.DECREASE and value == 0:
        # Nothing at all where less is better: on target if the target was zero, else double.
        achievement = Decimal(100) if target == 0 else Decimal(200)
    elif direction == Direction.DECREASE:
        achievement = target / value * 100
    elif target == 0:
        achievement = Decimal(100)
    else:
        achievement = value / target * 100
    achievement = _q(achievement, TWO_PLACES)
    if achievement >= plan.threshold_on_track:
        return achievement, ProgressStatus.ON_TRACK
    if achievement >= plan.threshold_at_risk:
        return achievement, ProgressStatus.AT_RISK
    return achievement, ProgressStatus.LATE


def _period_keys(plan: Plan, month: date) -> list[tuple[str, date]]:
    return [
        (PeriodType.MONTH, month),
        (PeriodType.QUARTER, period_start(PeriodType.QUARTER, month)),
        (PeriodType.YEAR, date(month.year, 1, 1)),
        (PeriodType.VIGENCIA, plan.vigencia_start),
    ]


# A period value as the roll-up handles it: a plain tuple in this column order (20,000 model
# instances would cost more than the SQL).
KEY_COLUMNS = ["indicator_id", "period_type", "period_start"]
COLUMNS = [*KEY_COLUMNS, *COMPARED_FIELDS]


def _compute_rows(
    plan: Plan,
    indicators: list[Indicator],
    months: dict[int, Months],
    only: dict[int, set[tuple[str, date]]] | None = None,
) -> list[tuple]:
    """Combine each indicator's months into every period of the vigencia (or only the period
    keys in ``only``), with targets and status. One pass over the months: each folds into its
    month, quarter, year and vigencia. Return tuples in COLUMNS order."""
    periods = plan_periods(plan)
    all_targets = targets_by_indicator(plan, indicators, periods)
    first_month = plan.vigencia_start.replace(day=1)
    month_keys: dict[date, list[tuple[str, date]]] = {}
    rows: list[tuple] = []
    for indicator in indicators:
        buckets: dict[tuple[str, date], dict[str, Aggregate]] = {}
        indicator_months = months.get(indicator.pk, {})
        for month in sorted(indicator_months):
            if not first_month <= month <= plan.vigencia_end:
                continue
            keys = month_keys.get(month)
            if keys is None:
                keys = month_keys[month] = _period_keys(plan, month)
            for key in keys:
                bucket = buckets.get(key)
                if bucket is None:
                    bucket = buckets[key] = {"approved": Aggregate(), "pending": Aggregate()}
                for kind, agg in indicator_months[month].items():
                    bucket[kind].add(agg)
        targets = all_targets[indicator.pk]
        is_ratio = indicator.aggregation == Aggregation.RATIO
        wanted = only.get(indicator.pk) if only is not None else None
        for period_type, start, _end in periods:
            if wanted is not None and (period_type, start) not in wanted:
                continue
            bucket = buckets.get((period_type, start))
            approved = bucket["approved"] if bucket and bucket["approved"].rows else None
            pending = bucket["pending"] if bucket and bucket["pending"].rows else None
            value = _figure(indicator, approved)
            target = _q(targets.for_period(period_type, start))
            achievement, status = achievement_and_status(
                value=value, target=target, direction=indicator.direction, plan=plan
            )
            # Sums of values stored with four decimals keep four decimals: no rounding needed.
            rows.append(
                (
                    indicator.pk,
                    period_type,
                    start,
                    value,
                    approved.numerator if approved and is_ratio else None,
                    approved.denominator if approved and is_ratio else None,
                    approved.total if approved else None,
                    _figure(indicator, pending),
                    pending.total if pending else None,
                    pending.numerator if pending and is_ratio else None,
                    pending.denominator if pending and is_ratio else None,
                    target,
                    achievement,
                    str(status),
                    approved.rows if approved else 0,
                    pending.rows if pending else 0,
                )
            )
    return rows


def plan_lock(plan_id: int) -> None:
    """Serialise roll-ups of one plan across workers (PostgreSQL); SQLite's IMMEDIATE
    transactions already admit one writer at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [0x504C414E, plan_id])
            # The month aggregate of a large plan outgrows the default 4 MB and spills to disk;
            # this transaction only may use more.
            cursor.execute("SET LOCAL work_mem = '64MB'")
            # The statement is costed high but runs in a second: compiling it would take half.
            cursor.execute("SET LOCAL jit = off")
            # What a roll-up writes is derived from the logs: if the server crashed before this
            # commit reached the disk, the marks it cleared would come back with the old rows
            # and the next run would recompute them. No need to wait for the flush.
            cursor.execute("SET LOCAL synchronous_commit = off")


def upsert_conflict_sql() -> str:
    """The ON CONFLICT clause of the upserts: update a stored row only where a figure differs,
    so unchanged rows are neither rewritten nor counted."""
    table = PeriodValue._meta.db_table
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    updates = ", ".join(f"{c} = excluded.{c}" for c in [*COMPARED_FIELDS, "computed_at"])
    changed = " OR ".join(f"{table}.{c} {distinct} excluded.{c}" for c in COMPARED_FIELDS)
    return f"ON CONFLICT ({', '.join(KEY_COLUMNS)}) DO UPDATE SET {updates} WHERE {changed}"


def _upsert(rows: list[tuple], now) -> int:
    """Insert ``rows`` (COLUMNS order) or update the stored ones, but only where a figure
    differs: the database compares, so unchanged rows are neither read nor written. Return the
    number of rows written."""
    table = PeriodValue._meta.db_table
    columns = [*COLUMNS, "computed_at"]
    conflict = upsert_conflict_sql()
    # Identifiers are this module's constants; every value goes as a parameter.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY the rows into a temporary table (psycopg's C path), then one INSERT … SELECT.
            cursor.execute(
                f"CREATE TEMPORARY TABLE rollup_rows ON COMMIT DROP AS "  # noqa: S608
                f"SELECT {', '.join(columns)} FROM {table} WITH NO DATA"
            )
            with cursor.cursor.copy(f"COPY rollup_rows ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row((*row, now))
            sql = f"INSERT INTO {table} ({', '.join(columns)}) SELECT * FROM rollup_rows {conflict}"  # noqa: S608
            cursor.execute(sql)
            written = cursor.rowcount
            cursor.execute("DROP TABLE rollup_rows")
            return written
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({placeholders}) {conflict}"  # noqa: S608
        cursor.executemany(sql, [(*row, now) for row in rows])
        return cursor.rowcount  # summed over the rows by sqlite3


def _write(plan: Plan, indicators: list[Indicator], rows: list[tuple], now, *, full: bool) -> int:
    """Upsert the computed rows; a full run also drops rows of periods the vigencia lost."""
    if settings.ROLLUP_FAULT_PAUSE:
        time.sleep(settings.ROLLUP_FAULT_PAUSE)
    if full:
        PeriodValue.objects.filter(indicator__in=indicators).filter(
            Q(period_start__lt=plan.vigencia_start.replace(day=1))
            | Q(period_start__gt=plan.vigencia_end)
            | (Q(period_type=PeriodType.VIGENCIA) & ~Q(period_start=plan.vigencia_start))
        ).delete()
    return _upsert(rows, now) if rows else 0


@transaction.atomic
def rollup_plan(
    *,
    plan: Plan,
    indicator_ids: Iterable[int] | None = None,
    months: dict[int, set[date]] | None = None,
    kind: str = RollupKind.FULL,
) -> int:
    """Recompute the period values of ``plan`` (all its indicators, or ``indicator_ids``).

    With ``months`` ({indicator id: months}), only those months are re-read from the logs and
    the other months come from the stored rows (the incremental run); without, every month is
    re-read (the full run).
    One transaction: a worker killed mid-way leaves the previous rows untouched. Writes only
    the rows whose figures changed and records a RollupRun. Return the number of rows written.
    """
    started = timezone.now()
    plan_lock(plan.pk)
    plan = Plan.objects.get(pk=plan.pk)  # the vigencia and thresholds as committed now
    indicators = plan.indicators.all()
    if indicator_ids is not None:
        indicators = indicators.filter(pk__in=list(indicator_ids))
    indicators = list(indicators)
    if not indicators:
        return 0
    clock = time.perf_counter()
    if months is None and connection.vendor == "postgresql":
        from rollups.sql import rollup_full_postgresql

        _write(plan, indicators, [], started, full=True)  # the fault pause and the stale rows
        written = rollup_full_postgresql(plan, indicators, started)
        logger.debug("rollup plan=%s indicators=%s sql=%.3fs", plan.pk, len(indicators), time.perf_counter() - clock)
        return _finish(plan, indicators, started, written, kind)
    if months is None:
        month_aggregates = _months_from_logs(indicators)
    else:
        month_aggregates = _months_from_stored(indicators)
        fresh_months = _months_from_logs_marked(indicators, months)
        for indicator in indicators:
            for month in months.get(indicator.pk, ()):
                month_aggregates[indicator.pk].pop(month, None)
            month_aggregates[indicator.pk].update(fresh_months.get(indicator.pk, {}))
    read_s = time.perf_counter() - clock
    # An incremental run writes only the periods that contain a marked month.
    only = None
    if months is not None:
        only = {pk: {key for month in marked for key in _period_keys(plan, month)} for pk, marked in months.items()}
    rows = _compute_rows(plan, indicators, month_aggregates, only)
    compute_s = time.perf_counter() - clock - read_s
    written = _write(plan, indicators, rows, started, full=months is None)
    logger.debug(
        "rollup plan=%s indicators=%s read=%.3fs compute=%.3fs write=%.3fs rows=%s written=%s",
        plan.pk,
        len(indicators),
        read_s,
        compute_s,
        time.perf_counter() - clock - read_s - compute_s,
        len(rows),
        written,
    )
    return _finish(plan, indicators, started, written, kind)


def _finish(plan: Plan, indicators: list[Indicator], started, written: int, kind: str) -> int:
    """Record the run and drop the plan's cached pages once the new values are committed."""
    RollupRun.objects.create(
        plan=plan,
        kind=kind,
        started_at=started,
        finished_at=timezone.now(),
        indicators=len(indicators),
        rows_written=written,
    )
    # Whatever caches the plan's figures (the dashboards, the public page) keys them by its
    # version: a new one once the new values are committed drops them all.
    transaction.on_commit(lambda: plan_cache_bump(plan_id=plan.pk))
    return written


def mark_for_rollup(*, marks: Iterable[tuple[int, date]]) -> None:
    """Mark indicator months for the next incremental roll-up (inside the caller's
    transaction)."""
    now = timezone.now()
    RollupMark.objects.bulk_create(
        [
            RollupMark(indicator_id=pk, month=month, marked_at=now)
            for pk, month in {(pk, month.replace(day=1)) for pk, month in marks}
        ],
        update_conflicts=True,
        unique_fields=["indicator", "month"],
        update_fields=["marked_at"],
    )


MARKS_PER_DELETE = 500  # two parameters each: well under SQLite's limit


def _clear_marks(read: list[tuple[int, datetime]]) -> None:
    """Delete the marks whose id and ``marked_at`` are still those read."""
    table = connection.ops.quote_name(RollupMark._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        for start in range(0, len(read), MARKS_PER_DELETE):
            chunk = read[start : start + MARKS_PER_DELETE]
            rows = ", ".join(["(%s, %s)"] * len(chunk))
            params = [value for pk, at in chunk for value in (pk, adapt(at))]
            cursor.execute(f"DELETE FROM {table} WHERE (id, marked_at) IN (VALUES {rows})", params)  # noqa: S608  # our table, placeholders only


def rollup_marked() -> int:
    """Recompute the marked indicator months, plan by plan, and clear each mark as it was read.

    A mark written meanwhile stays for the next run, even one stamped before this run began
    (its transaction committed after the marks were read): a new mark is not among those read,
    and a renewed one has another ``marked_at``. Return rows written."""
    by_plan: dict[int, dict[int, set[date]]] = defaultdict(lambda: defaultdict(set))
    read: dict[int, list[tuple[int, datetime]]] = defaultdict(list)
    rows = RollupMark.objects.values_list("pk", "indicator_id", "indicator__plan_id", "month", "marked_at")
    for pk, indicator_id, plan_id, month, marked_at in rows:
        by_plan[plan_id][indicator_id].add(month)
        read[plan_id].append((pk, marked_at))
    written = 0
    for plan in Plan.objects.filter(pk__in=by_plan):
        marked = by_plan[plan.pk]
        with transaction.atomic():
            written += rollup_plan(plan=plan, indicator_ids=list(marked), months=marked, kind=RollupKind.INCREMENTAL)
            _clear_marks(read[plan.pk])
    return written
