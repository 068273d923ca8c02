"""The full roll-up of a plan in SQL on PostgreSQL.

The database does the whole of it, in three steps inside the caller's transaction:

1. the month aggregates of the log values and the latest value of each cumulative month, into a
   temporary table: the one read of the logs, split between parallel workers;
2. every period row, into a second temporary table: quarters folded from the months, years from
   the quarters and the vigencia from the years (not from the logs again), each indicator's
   target (its own for the period, else derived: computed in Python by rollups.targets, the
   definition the Python path uses, and copied in), its figure by its rule, % achievement and
   status;
3. the write: stored rows whose figures changed are updated, missing rows inserted.

No value row travels to Python and back. It computes exactly what ``rollup._compute_rows``
computes (the path of SQLite and of the incremental runs): the PostgreSQL pass of the test
suite runs every roll-up test through it, and ``test_rollup_sql`` checks both paths row for
row on the same mixed data.
"""

from __future__ import annotations

from contextlib import contextmanager
from decimal import ROUND_HALF_UP

from django.db import connection

from execution.enums import LogStatus
from execution.models import LogValue
from indicators.automatic import automatic_month_rows
from indicators.enums import Aggregation, Direction, PeriodType
from indicators.models import Indicator
from plans.models import Plan
from rollups.enums import ProgressStatus
from rollups.models import PeriodValue
from rollups.targets import FOUR_PLACES, targets_by_indicator

# The figure of one indicator and period by its rule, from the aggregates of one status (the
# alias a. for approved, s. for submitted). The same rules as rollup._figure.
FIGURE_SQL = """
    CASE WHEN COALESCE({p}nrows, 0) = 0 THEN NULL
         WHEN aggregation = %(sum)s THEN COALESCE({p}total, 0)
         WHEN aggregation = %(average)s THEN
              CASE WHEN {p}n > 0 THEN ROUND(COALESCE({p}total, 0) / {p}n, 4) END
         WHEN aggregation = %(max)s THEN ROUND({p}peak, 4)
         WHEN aggregation = %(last)s THEN ROUND({p}last, 4)
         ELSE CASE WHEN COALESCE({p}den, 0) > 0 THEN ROUND(COALESCE({p}num, 0) * 100 / {p}den, 4) END
    END
"""

# Inside the statement a period type is a small integer, which the joins hash and compare
# faster than its text.
PERIOD_CODES = {PeriodType.MONTH: 1, PeriodType.QUARTER: 2, PeriodType.YEAR: 3, PeriodType.VIGENCIA: 4}

# Planner settings for each statement (SET LOCAL, so for this transaction only), where its
# estimates mislead it.
# The month aggregate reads the plan's values in the order of the roll-up index, which holds
# every column it needs: an index-only scan already sorted by indicator, status and month, so
# the grouping needs no hash table. PostgreSQL costs that scan as many small probes (one per
# indicator id) and never splits it between workers; allowed to, it still weighs the cost of
# starting them.
MONTHS_SETTINGS = {"min_parallel_index_scan_size": "0"}
# The period statements join every indicator and period (tens of thousands of rows) with the
# month aggregates, the targets and the stored rows, where the planner sees a few rows with no
# statistics: on such estimates it picks merge and nested-loop joins that compare every pair of
# one indicator's rows, or sort text keys. Hash joins are right at every size a plan has (the
# stored rows are read for the plan's indicators only).
PERIODS_SETTINGS = {"enable_mergejoin": "off", "enable_nestloop": "off"}


def _months_statement() -> str:
    """The month aggregates of the log values, and the latest value of each cumulative month
    (the latest log that has one, by date then recording order: one backward step in the
    roll-up index). A statement of its own so PostgreSQL may scan in parallel, which it never
    does for the INSERT that follows."""
    values = LogValue._meta.db_table
    return f"""
    CREATE TEMPORARY TABLE rollup_months ON COMMIT DROP AS
    SELECT m.*,
           CASE WHEN m.indicator_id = ANY(%(cumulative)s) THEN (
               SELECT x.value FROM {values} x
               WHERE x.indicator_id = m.indicator_id AND x.status = m.status AND x.month = m.month
                 AND x.value IS NOT NULL
               ORDER BY x.date DESC, x.id DESC
               LIMIT 1
           ) END AS last
    FROM (
        SELECT v.indicator_id, v.status, v.month,
               SUM(v.value) AS total, COUNT(v.value) AS n, MAX(v.value) AS peak,
               SUM(v.numerator) AS num, SUM(v.denominator) AS den, COUNT(*) AS nrows
        FROM {values} v
        WHERE v.indicator_id = ANY(%(ids)s) AND v.status IN (%(approved)s, %(submitted)s)
          AND v.month BETWEEN %(first_month)s AND %(vigencia_end)s
        GROUP BY v.indicator_id, v.status, v.month
    ) m
    """  # noqa: S608


def _statement() -> str:
    """Every period row of the plan's indicators, computed into the temporary table
    rollup_result (PeriodValue's columns).

    Long because it is one SQL statement: months, quarters, years and the vigencia fold into
    one another in its CTEs, and the planner optimises them together; cut into Python pieces
    it would read worse and run as several statements."""
    indicators = Indicator._meta.db_table
    a_figure = FIGURE_SQL.format(p="a.")
    p_figure = FIGURE_SQL.format(p="s.")
    # Identifiers are model tables and this module's constants; every value is a parameter.
    return f"""
    CREATE TEMPORARY TABLE rollup_result ON COMMIT DROP AS
    WITH periods AS (
        SELECT * FROM unnest(%(period_types)s::varchar[], %(period_codes)s::integer[], %(period_starts)s::date[])
            AS p(period_type, period_code, period_start)
    ),
    -- Every period row the run writes, with its target, computed once in Python
    -- (rollups.targets, the definition the Python path reads) and copied into rollup_targets.
    rollup_periods AS (
        SELECT i.id AS indicator_id, p.period_type, p.period_code, p.period_start, t.target
        FROM {indicators} i
        CROSS JOIN periods p
        LEFT JOIN rollup_targets t
               ON t.indicator_id = i.id AND t.period_code = p.period_code AND t.period_start = p.period_start
        WHERE i.id = ANY(%(ids)s)
    ),
    quarters AS (
        -- Each status's quarters from its months, years from quarters, vigencia from years: the
        -- month rows are read once, and each level folds the one below it. The latest value of
        -- a period travels as "YYYYMMDD:value" of its latest month that has one, so a plain MAX
        -- finds it at every level.
        SELECT indicator_id, status, date_trunc('quarter', month::timestamp)::date AS period_start,
               SUM(total) AS total, SUM(n) AS n, MAX(peak) AS peak, SUM(num) AS num, SUM(den) AS den,
               SUM(nrows) AS nrows, MAX(TO_CHAR(month, 'YYYYMMDD') || ':' || last::text) AS last_key
        FROM rollup_months
        GROUP BY indicator_id, status, date_trunc('quarter', month::timestamp)::date
    ),
    years AS (
        SELECT indicator_id, status, date_trunc('year', period_start::timestamp)::date AS period_start,
               SUM(total) AS total, SUM(n) AS n, MAX(peak) AS peak, SUM(num) AS num, SUM(den) AS den,
               SUM(nrows) AS nrows, MAX(last_key) AS last_key
        FROM quarters
        GROUP BY indicator_id, status, date_trunc('year', period_start::timestamp)::date
    ),
    by_period AS (
        SELECT indicator_id, status, %(month_code)s AS period_code, month AS period_start,
               total, n, peak, num, den, nrows, last
        FROM rollup_months
        UNION ALL
        SELECT indicator_id, status, %(quarter_code)s, period_start, total, n, peak, num, den, nrows,
               SPLIT_PART(last_key, ':', 2)::numeric
        FROM quarters
        UNION ALL
        SELECT indicator_id, status, %(year_code)s, period_start, total, n, peak, num, den, nrows,
               SPLIT_PART(last_key, ':', 2)::numeric
        FROM years
        UNION ALL
        SELECT indicator_id, status, %(vigencia_code)s, %(vigencia_start)s, SUM(total), SUM(n), MAX(peak),
               SUM(num), SUM(den), SUM(nrows), SPLIT_PART(MAX(last_key), ':', 2)::numeric
        FROM years
        GROUP BY indicator_id, status
    ),
    figures AS (
        SELECT p.indicator_id, p.period_type, p.period_start, p.target, i.aggregation, i.direction,
               a.total AS a_total, a.num AS a_num, a.den AS a_den, a.nrows AS a_rows,
               s.total AS p_total, s.num AS p_num, s.den AS p_den, s.nrows AS p_rows,
               {a_figure} AS value,
               {p_figure} AS pending_value
        FROM rollup_periods p
        JOIN {indicators} i ON i.id = p.indicator_id
        LEFT JOIN by_period a
               ON a.indicator_id = p.indicator_id AND a.period_code = p.period_code
              AND a.period_start = p.period_start AND a.status = %(approved)s
        LEFT JOIN by_period s
               ON s.indicator_id = p.indicator_id AND s.period_code = p.period_code
              AND s.period_start = p.period_start AND s.status = %(submitted)s
    ),
    -- Materialized: referenced by name below, each figure is computed once, not once per use.
    scored AS MATERIALIZED (
        SELECT f.*,
               CASE WHEN value IS NULL OR target IS NULL THEN NULL
                    WHEN direction = %(decrease)s AND value = 0 THEN CASE WHEN target = 0 THEN 100 ELSE 200 END
                    WHEN direction = %(decrease)s THEN ROUND(target * 100 / value, 2)
                    WHEN target = 0 THEN 100
                    ELSE ROUND(value * 100 / target, 2)
               END AS achievement
        FROM figures f
    )
    SELECT indicator_id, period_type, period_start,
           value,
           CASE WHEN aggregation = %(ratio)s AND a_rows > 0 THEN COALESCE(a_num, 0) END AS numerator,
           CASE WHEN aggregation = %(ratio)s AND a_rows > 0 THEN COALESCE(a_den, 0) END AS denominator,
           CASE WHEN a_rows > 0 THEN COALESCE(a_total, 0) END AS total,
           pending_value,
           CASE WHEN p_rows > 0 THEN COALESCE(p_total, 0) END AS pending_total,
           CASE WHEN aggregation = %(ratio)s AND p_rows > 0 THEN COALESCE(p_num, 0) END AS pending_numerator,
           CASE WHEN aggregation = %(ratio)s AND p_rows > 0 THEN COALESCE(p_den, 0) END AS pending_denominator,
           target,
           achievement,
           CASE WHEN achievement IS NULL THEN %(no_data)s
                WHEN achievement >= %(on_track)s THEN %(on_track_status)s
                WHEN achievement >= %(at_risk)s THEN %(at_risk_status)s
                ELSE %(late)s END AS status,
           COALESCE(a_rows, 0) AS approved_count,
           COALESCE(p_rows, 0) AS pending_count,
           %(now)s::timestamptz AS computed_at
    FROM scored
    """  # noqa: S608


def _write_result(cursor, ids: list[int]) -> int:
    """Write rollup_result into the period values: update the stored rows whose figures differ,
    insert the missing ones; unchanged rows are neither rewritten nor counted. Two plain
    statements, not one INSERT … ON CONFLICT, whose speculative insertion of every row costs
    more: the caller holds the plan's lock, so no other run writes these rows meanwhile. Return
    the rows written."""
    from rollups.services import COLUMNS, COMPARED_FIELDS, KEY_COLUMNS

    table = PeriodValue._meta.db_table
    same_key = " AND ".join(f"pv.{column} = r.{column}" for column in KEY_COLUMNS)
    changed = " OR ".join(f"pv.{column} IS DISTINCT FROM r.{column}" for column in COMPARED_FIELDS)
    updates = ", ".join(f"{column} = r.{column}" for column in [*COMPARED_FIELDS, "computed_at"])
    columns = ", ".join([*COLUMNS, "computed_at"])
    # Identifiers are the model's table and this module's constants; the ids are a parameter.
    cursor.execute(
        f"UPDATE {table} pv SET {updates} FROM rollup_result r "  # noqa: S608
        f"WHERE pv.indicator_id = ANY(%s) AND {same_key} AND ({changed})",
        [ids],
    )
    written = cursor.rowcount
    cursor.execute(
        f"INSERT INTO {table} ({columns}) SELECT {columns} FROM rollup_result r "  # noqa: S608
        f"WHERE NOT EXISTS (SELECT 1 FROM {table} pv WHERE pv.indicator_id = ANY(%s) AND {same_key})",
        [ids],
    )
    return written + cursor.rowcount


@contextmanager
def _planner(cursor, settings: dict[str, str]):
    """Apply planner ``settings`` to the statements run inside, then restore the defaults."""
    for name, value in settings.items():
        cursor.execute("SELECT set_config(%s, %s, true)", [name, value])
    yield
    for name in settings:
        cursor.execute(f"SET LOCAL {name} TO DEFAULT")


def _insert_automatic_months(cursor, plan: Plan, indicators: list[Indicator]) -> None:
    """Add the months of the automatic indicators (one grouped query per indicator, from the
    product's own records) to the month aggregates, as approved values."""
    first_month = plan.vigencia_start.replace(day=1)
    rows = [
        (indicator_id, month, LogStatus.APPROVED.value, total, count, peak, None, None, rows_count, None)
        for indicator_id, month, total, count, peak, rows_count in automatic_month_rows(
            [i for i in indicators if i.is_automatic]
        )
        if first_month <= month <= plan.vigencia_end
    ]
    if rows:
        with cursor.cursor.copy(
            "COPY rollup_months (indicator_id, month, status, total, n, peak, num, den, nrows, last) FROM STDIN"
        ) as copy:
            for row in rows:
                copy.write_row(row)


def _insert_targets(cursor, plan: Plan, indicators: list[Indicator], periods: list) -> None:
    """Copy every period's target into the temporary table rollup_targets: the indicator's own,
    else derived by rollups.targets (largest remainder for whole units). Deriving in Python
    keeps one definition of the targets for both paths; the rows are as many as the periods
    written (a plan of 300 indicators over 4 years: ~20,000), one COPY."""
    targets = targets_by_indicator(plan, indicators, periods)
    cursor.execute(
        "CREATE TEMPORARY TABLE rollup_targets (indicator_id integer, period_code integer, period_start date,"
        " target numeric) ON COMMIT DROP"
    )
    with cursor.cursor.copy("COPY rollup_targets (indicator_id, period_code, period_start, target) FROM STDIN") as copy:
        for indicator in indicators:
            indicator_targets = targets[indicator.pk]
            for period_type, start, _end in periods:
                target = indicator_targets.for_period(period_type, start)
                if target is not None:
                    target = target.quantize(FOUR_PLACES, rounding=ROUND_HALF_UP)
                    copy.write_row((indicator.pk, PERIOD_CODES[period_type], start, target))


def rollup_full_postgresql(plan: Plan, indicators: list[Indicator], now) -> int:
    """Recompute every period of ``indicators``; return the rows written.
    Runs inside the caller's transaction (rollup.rollup_plan holds the plan's lock)."""
    from indicators.periods import plan_periods

    periods = plan_periods(plan)
    params = {
        "ids": [i.pk for i in indicators],
        "cumulative": [i.pk for i in indicators if i.aggregation == Aggregation.LAST],
        "approved": LogStatus.APPROVED.value,
        "submitted": LogStatus.SUBMITTED.value,
        "first_month": plan.vigencia_start.replace(day=1),
        "vigencia_start": plan.vigencia_start,
        "vigencia_end": plan.vigencia_end,
        "sum": Aggregation.SUM.value,
        "average": Aggregation.AVERAGE.value,
        "max": Aggregation.MAX.value,
        "last": Aggregation.LAST.value,
        "ratio": Aggregation.RATIO.value,
        "decrease": Direction.DECREASE.value,
        "on_track": plan.threshold_on_track,
        "at_risk": plan.threshold_at_risk,
        "no_data": ProgressStatus.NO_DATA.value,
        "on_track_status": ProgressStatus.ON_TRACK.value,
        "at_risk_status": ProgressStatus.AT_RISK.value,
        "late": ProgressStatus.LATE.value,
        "now": now,
        "period_types": [period_type.value for period_type, _start, _end in periods],
        "period_codes": [PERIOD_CODES[period_type] for period_type, _start, _end in periods],
        "period_starts": [start for _period_type, start, _end in periods],
        "month_code": PERIOD_CODES[PeriodType.MONTH],
        "quarter_code": PERIOD_CODES[PeriodType.QUARTER],
        "year_code": PERIOD_CODES[PeriodType.YEAR],
        "vigencia_code": PERIOD_CODES[PeriodType.VIGENCIA],
    }
    with connection.cursor() as cursor:
        with _planner(cursor, MONTHS_SETTINGS):
            cursor.execute(_months_statement(), params)
        _insert_automatic_months(cursor, plan, indicators)
        _insert_targets(cursor, plan, indicators, periods)
        with _planner(cursor, PERIODS_SETTINGS):
            cursor.execute(_statement(), params)
            written = _write_result(cursor, params["ids"])
        cursor.execute("DROP TABLE rollup_months, rollup_targets, rollup_result")
    return written
