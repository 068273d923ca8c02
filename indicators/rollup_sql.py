"""The full roll-up of a plan as one SQL statement on PostgreSQL.

The database does the whole of it: the month aggregates of the log values, the latest value of
each cumulative month, the quarters, years and vigencia (GROUPING SETS over the month rows,
not over the logs again), each indicator's figure by its rule, % achievement and status, and
the upsert that writes only the rows whose figures changed. Python only supplies the targets
(``rollup._targets_by_indicator``: own or derived), copied into a temporary table, so no value
row travels to Python and back.

It computes exactly what ``rollup._compute_rows`` computes (the path of SQLite and of the
incremental runs): the PostgreSQL pass of the test suite runs every roll-up test through this
statement, and ``test_rollup_sql`` checks both paths row for row on the same mixed data.
"""

from __future__ import annotations

from django.db import connection

from indicators.automatic import automatic_month_rows
from indicators.enums import Aggregation, Direction, LogStatus, PeriodType, ProgressStatus
from indicators.models import Indicator, LogValue, PeriodValue
from plans.models import Plan

# The figure of one indicator and period by its rule, from the combined aggregates of one
# status (prefix a_ for approved, p_ for submitted). The same rules as rollup._figure.
FIGURE_SQL = """
    CASE WHEN COALESCE({p}rows, 0) = 0 THEN NULL
         WHEN aggregation = %(sum)s THEN COALESCE({p}total, 0)
         WHEN aggregation = %(average)s THEN
              CASE WHEN {p}n > 0 THEN ROUND(COALESCE({p}total, 0) / {p}n, 4) END
         WHEN aggregation = %(max)s THEN ROUND({p}peak, 4)
         WHEN aggregation = %(last)s THEN ROUND({p}last, 4)
         ELSE CASE WHEN COALESCE({p}den, 0) > 0 THEN ROUND(COALESCE({p}num, 0) * 100 / {p}den, 4) END
    END
"""

# The combined aggregates of one status over the months of a period; the latest value of a
# period is the latest value of its latest month that has one.
COMBINED_SQL = """
    SUM(total) FILTER (WHERE status = %({s})s) AS {p}total,
    SUM(n) FILTER (WHERE status = %({s})s) AS {p}n,
    MAX(peak) FILTER (WHERE status = %({s})s) AS {p}peak,
    SUM(num) FILTER (WHERE status = %({s})s) AS {p}num,
    SUM(den) FILTER (WHERE status = %({s})s) AS {p}den,
    SUM(nrows) FILTER (WHERE status = %({s})s) AS {p}rows,
    -- The latest month's value as one plain MAX over "YYYYMMDD:value" (no sort per group).
    SPLIT_PART(MAX(TO_CHAR(month, 'YYYYMMDD') || ':' || last::text)
               FILTER (WHERE status = %({s})s AND last IS NOT NULL), ':', 2)::numeric AS {p}last
"""


def _months_statement() -> str:
    """The month aggregates of the log values, and the latest value of each cumulative month
    (the latest log that has one, by date then recording order: one backward step in the
    roll-up index). A statement of its own so PostgreSQL may scan in parallel, which it never
    does for the INSERT that follows."""
    values = LogValue._meta.db_table
    indicators = Indicator._meta.db_table
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
        SELECT v.indicator_id, v.month, v.status,
               SUM(v.value) AS total, COUNT(v.value) AS n, MAX(v.value) AS peak,
               SUM(v.numerator) AS num, SUM(v.denominator) AS den, COUNT(*) AS nrows
        FROM {values} v
        -- A join with the plan's indicators, not a list of ids: the planner may then scan in
        -- parallel, or by the index when the table holds many plans.
        JOIN {indicators} i ON i.id = v.indicator_id
        WHERE i.plan_id = %(plan)s AND i.id = ANY(%(ids)s) AND v.status IN (%(approved)s, %(submitted)s)
          AND v.month BETWEEN %(first_month)s AND %(vigencia_end)s
        GROUP BY v.indicator_id, v.month, v.status
    ) m
    """  # noqa: S608


def _statement(conflict: str, columns: list[str]) -> str:
    indicators = Indicator._meta.db_table
    combined = ",".join(COMBINED_SQL.format(s=s, p=p) for s, p in (("approved", "a_"), ("submitted", "p_")))
    a_figure = FIGURE_SQL.format(p="a_")
    p_figure = FIGURE_SQL.format(p="p_")
    # Identifiers are model tables and this module's constants; every value is a parameter.
    return f"""
    WITH with_last AS (
        SELECT m.*,
               date_trunc('quarter', m.month::timestamp)::date AS quarter,
               date_trunc('year', m.month::timestamp)::date AS year
        FROM rollup_months m
    ),
    by_period AS (
        SELECT indicator_id,
               CASE WHEN GROUPING(month) = 0 THEN %(t_month)s
                    WHEN GROUPING(quarter) = 0 THEN %(t_quarter)s
                    WHEN GROUPING(year) = 0 THEN %(t_year)s
                    ELSE %(t_vigencia)s END AS period_type,
               COALESCE(month, quarter, year, %(vigencia_start)s) AS period_start,
               {combined}
        FROM with_last
        GROUP BY GROUPING SETS ((indicator_id, month), (indicator_id, quarter), (indicator_id, year), (indicator_id))
    ),
    figures AS (
        SELECT i.id AS indicator_id, per.period_type, per.period_start, i.aggregation, i.direction,
               b.a_total, b.a_num, b.a_den, b.a_rows, b.p_total, b.p_num, b.p_den, b.p_rows,
               t.target,
               {a_figure} AS value,
               {p_figure} AS pending_value
        FROM {indicators} i
        CROSS JOIN unnest(%(period_types)s::varchar[], %(period_starts)s::date[]) AS per(period_type, period_start)
        LEFT JOIN by_period b
               ON b.indicator_id = i.id AND b.period_type = per.period_type AND b.period_start = per.period_start
        LEFT JOIN rollup_targets t
               ON t.indicator_id = i.id AND t.period_type = per.period_type AND t.period_start = per.period_start
        WHERE i.id = ANY(%(ids)s)
    ),
    scored AS (
        SELECT f.*,
               CASE WHEN value IS NULL OR target IS NULL THEN NULL
                    WHEN direction = %(decrease)s AND value = 0 THEN CASE WHEN target = 0 THEN 100 ELSE 200 END
                    WHEN direction = %(decrease)s THEN ROUND(target * 100 / value, 2)
                    WHEN target = 0 THEN 100
                    ELSE ROUND(value * 100 / target, 2)
               END AS achievement
        FROM figures f
    )
    INSERT INTO {PeriodValue._meta.db_table} ({", ".join(columns)})
    SELECT indicator_id, period_type, period_start,
           value,
           CASE WHEN aggregation = %(ratio)s AND a_rows > 0 THEN COALESCE(a_num, 0) END,
           CASE WHEN aggregation = %(ratio)s AND a_rows > 0 THEN COALESCE(a_den, 0) END,
           CASE WHEN a_rows > 0 THEN COALESCE(a_total, 0) END,
           pending_value,
           CASE WHEN p_rows > 0 THEN COALESCE(p_total, 0) END,
           CASE WHEN aggregation = %(ratio)s AND p_rows > 0 THEN COALESCE(p_num, 0) END,
           CASE WHEN aggregation = %(ratio)s AND p_rows > 0 THEN COALESCE(p_den, 0) END,
           target,
           achievement,
           CASE WHEN achievement IS NULL THEN %(no_data)s
                WHEN achievement >= %(on_track)s THEN %(on_track_status)s
                WHEN achievement >= %(at_risk)s THEN %(at_risk_status)s
                ELSE %(late)s END,
           COALESCE(a_rows, 0),
           COALESCE(p_rows, 0),
           %(now)s
    FROM scored
    {conflict}
    """  # noqa: S608


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


def rollup_full_postgresql(plan: Plan, indicators: list[Indicator], now) -> int:
    """Recompute every period of ``indicators`` in one statement; return the rows written.
    Runs inside the caller's transaction (rollup.rollup_plan holds the plan's lock)."""
    from indicators.rollup import COLUMNS, _q, _targets_by_indicator, upsert_conflict_sql

    periods, targets = _targets_by_indicator(plan, indicators)
    columns = [*COLUMNS, "computed_at"]
    params = {
        "plan": plan.pk,
        "ids": [i.pk for i in indicators],
        "cumulative": [i.pk for i in indicators if i.aggregation == Aggregation.LAST],
        "approved": LogStatus.APPROVED.value,
        "submitted": LogStatus.SUBMITTED.value,
        "first_month": plan.vigencia_start.replace(day=1),
        "vigencia_start": plan.vigencia_start,
        "vigencia_end": plan.vigencia_end,
        "t_month": PeriodType.MONTH.value,
        "t_quarter": PeriodType.QUARTER.value,
        "t_year": PeriodType.YEAR.value,
        "t_vigencia": PeriodType.VIGENCIA.value,
        "period_types": [str(ptype) for ptype, _start, _end in periods],
        "period_starts": [start for _ptype, start, _end in periods],
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
    }
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE rollup_targets (indicator_id integer, period_type varchar(10), "
            "period_start date, target numeric(20, 4)) ON COMMIT DROP"
        )
        with cursor.cursor.copy("COPY rollup_targets FROM STDIN") as copy:
            for indicator in indicators:
                indicator_targets = targets[indicator.pk]
                for period_type, start, _end in periods:
                    target = indicator_targets.for_period(period_type, start)
                    if target is not None:
                        copy.write_row((indicator.pk, str(period_type), start, _q(target)))
        cursor.execute(_months_statement(), params)
        _insert_automatic_months(cursor, plan, indicators)
        cursor.execute(_statement(upsert_conflict_sql(), columns), params)
        written = cursor.rowcount
        cursor.execute("DROP TABLE rollup_targets, rollup_months")
    return written
