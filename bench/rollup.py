"""Benchmark of the roll-up against a hand-written GROUP BY over the same logs.

Builds, in a throwaway test database on the configured backend (SQLite by default, PostgreSQL
when DATABASE_URL says so), a plan of N indicators with mixed rules and M approved log values
over 48 months, then times:

  (a) the full roll-up (rollups.services.rollup_plan),
  (b) the reference: one hand-written SQL ``GROUP BY indicator, month`` over the same values,
  (c) an incremental roll-up after 1,000 new approved values (marks + rollup_marked),

checks that (a) and (b) agree on every monthly sum, and prints the figures. (a) and (b) are
each the best of three runs, taken in turn; (a) starts every time with no period row stored,
so each run writes them all. The last line is
``key=value`` pairs for scripts: full_s, reference_s, incremental_s, ratio (= full_s /
reference_s), logs, indicators, backend.

    python bench/rollup.py [--logs 1000000] [--indicators 300]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/commsplan python bench/rollup.py
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commsplan.settings.test")

import django  # Django must be set up before the models are imported

django.setup()

from django.db import DatabaseError, connection, transaction  # noqa: E402

MONTHS = 48
START = date(2023, 1, 1)
END = date(2026, 12, 31)
RULES = ["periodica", "acumulada", "promedio", "maximo", "razon"]
ROUNDS = 3


def build(indicators: int, logs: int) -> tuple[object, list[int]]:
    """Create the plan, its indicators and ``logs`` approved values; return the plan and ids."""
    from indicators.enums import PeriodType
    from indicators.models import Indicator, Target
    from plans.enums import PlanStatus
    from plans.models import Activity, Area, Component, Entity, Plan, User

    entity = Entity.objects.create(name="Entidad de referencia")
    area = Area.objects.create(entity=entity, name="Prensa")
    user = User.objects.create(username="bench", entity=entity)
    plan = Plan.objects.create(
        entity=entity,
        title="Plan de referencia",
        vigencia_start=START,
        vigencia_end=END,
        status=PlanStatus.IN_EXECUTION,
        approved_on=START,
        approval_body="Comité",
    )
    component = Component.objects.create(plan=plan, kind="externa", name="Externa")
    activity = Activity.objects.create(component=component, name="Actividad")
    activity.responsible_areas.add(area)
    created = Indicator.objects.bulk_create(
        [
            Indicator(
                plan=plan,
                activity=activity,
                code=f"I{n:04d}",
                name=f"Indicador {n}",
                unit="porcentaje" if RULES[n % 5] == "razon" else "numero",
                aggregation=RULES[n % 5],
                target_derivation="dividir" if RULES[n % 5] == "periodica" else "repetir",
                numerator_definition="n" if RULES[n % 5] == "razon" else "",
                denominator_definition="d" if RULES[n % 5] == "razon" else "",
            )
            for n in range(indicators)
        ]
    )
    ids = [i.pk for i in created]
    Target.objects.bulk_create(
        [
            Target(indicator_id=pk, period_type=PeriodType.YEAR, period_start=date(year, 1, 1), value=Decimal(1000))
            for pk in ids
            for year in range(START.year, END.year + 1)
        ]
    )
    insert_values(activity.pk, area.pk, user.pk, ids, logs, seed=0)
    return plan, ids


def insert_values(activity_id: int, area_id: int, user_id: int, ids: list[int], count: int, *, seed: int) -> None:
    """Insert ``count`` approved logs, one value each, spread over the indicators and the 48
    months, with one INSERT … SELECT per table (generate_series / a recursive CTE)."""
    assert ids == list(range(ids[0], ids[0] + len(ids))), "indicator ids must be consecutive"
    days = (END - START).days + 1
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(id), 0) FROM indicators_activitylog")
        first = cursor.fetchone()[0] + 1
    last = first + count - 1
    params = {
        "first": first,
        "last": last,
        "activity": activity_id,
        "area": area_id,
        "user": user_id,
        "start": START.isoformat(),
        "days": days,
        "n": len(ids),
        "min_id": ids[0],
        "seed": seed * 7_777_777,
    }
    # The k-th value (k = id + seed) goes to indicator k mod N on day (k * 7919) mod days; the
    # indicators at positions 4, 9, 14… are the ratios (their terms instead of a value).
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                """
                INSERT INTO indicators_activitylog (id, activity_id, area_id, date, description, status,
                    reported_by_id, review_comment, created_at, updated_at, links)
                SELECT g, %(activity)s, %(area)s, %(start)s::date + (((g + %(seed)s) * 7919) %% %(days)s)::int,
                    'bench', 'aprobado', %(user)s, '', now(), now(), ''
                FROM generate_series(%(first)s::bigint, %(last)s::bigint) AS g
                """,
                params,
            )
            cursor.execute(
                """
                INSERT INTO indicators_logvalue (log_id, indicator_id, date, month, status, value, numerator,
                    denominator)
                SELECT l.id, %(min_id)s + ((l.id + %(seed)s) %% %(n)s), l.date,
                    date_trunc('month', l.date)::date, 'aprobado',
                    CASE WHEN ((l.id + %(seed)s) %% %(n)s) %% 5 = 4 THEN NULL ELSE (l.id + %(seed)s) %% 10 END,
                    CASE WHEN ((l.id + %(seed)s) %% %(n)s) %% 5 = 4 THEN (l.id + %(seed)s) %% 7 END,
                    CASE WHEN ((l.id + %(seed)s) %% %(n)s) %% 5 = 4 THEN 10 END
                FROM indicators_activitylog l WHERE l.id BETWEEN %(first)s AND %(last)s
                """,
                params,
            )
            cursor.execute("SELECT setval(pg_get_serial_sequence('indicators_activitylog', 'id'), %(last)s)", params)
        else:
            cursor.execute(
                """
                INSERT INTO indicators_activitylog (id, activity_id, area_id, date, description, status,
                    reported_by_id, review_comment, created_at, updated_at, links)
                WITH RECURSIVE s(g) AS (SELECT %(first)s UNION ALL SELECT g + 1 FROM s WHERE g < %(last)s)
                SELECT g, %(activity)s, %(area)s,
                    date(%(start)s, '+' || (((g + %(seed)s) * 7919) %% %(days)s) || ' days'),
                    'bench', 'aprobado', %(user)s, '', datetime('now'), datetime('now'), ''
                FROM s
                """,
                params,
            )
            cursor.execute(
                """
                INSERT INTO indicators_logvalue (log_id, indicator_id, date, month, status, value, numerator,
                    denominator)
                SELECT l.id, %(min_id)s + ((l.id + %(seed)s) %% %(n)s), l.date, date(l.date, 'start of month'),
                    'aprobado',
                    CASE WHEN ((l.id + %(seed)s) %% %(n)s) %% 5 = 4 THEN NULL ELSE (l.id + %(seed)s) %% 10 END,
                    CASE WHEN ((l.id + %(seed)s) %% %(n)s) %% 5 = 4 THEN (l.id + %(seed)s) %% 7 END,
                    CASE WHEN ((l.id + %(seed)s) %% %(n)s) %% 5 = 4 THEN 10 END
                FROM indicators_activitylog l WHERE l.id BETWEEN %(first)s AND %(last)s
                """,
                params,
            )
    settle()


def settle() -> None:
    """Leave the database quiet before the timings: what autovacuum does on a live database
    (statistics, and the visibility map that lets both the roll-up and the reference read the
    index alone), on every table so autovacuum has nothing left to do; then a checkpoint and a
    sync, so the build's writes reach the disk before the timings rather than during them."""
    with connection.cursor() as cursor:
        if connection.vendor != "postgresql":
            cursor.execute("ANALYZE")
            return
        cursor.execute("VACUUM ANALYZE")
        try:
            with transaction.atomic():
                cursor.execute("CHECKPOINT")
        except DatabaseError:  # a role without pg_checkpoint: the server flushes on its own
            print("CHECKPOINT not allowed for this role; timings may include the build's writes")
    os.sync()


def new_marks(ids: list[int], count: int, *, seed: int) -> set[tuple[int, date]]:
    """The (indicator, month) pairs that insert_values(…, seed=seed) touched."""
    from execution.models import LogValue

    return set(LogValue.objects.order_by("-log_id")[:count].values_list("indicator_id", "month"))


REFERENCE_SQL = """
    SELECT indicator_id, month, SUM(value), SUM(numerator), SUM(denominator), COUNT(*)
    FROM indicators_logvalue
    WHERE status = 'aprobado'
    GROUP BY indicator_id, month
"""


def reference() -> dict[tuple[int, date], tuple]:
    with connection.cursor() as cursor:
        cursor.execute(REFERENCE_SQL)
        rows = cursor.fetchall()
    result = {}
    for indicator_id, month, total, num, den, count in rows:
        if isinstance(month, str):
            month = date.fromisoformat(month)
        result[(indicator_id, month)] = (total, num, den, count)
    return result


def clear_period_values() -> None:
    """Empty the period values as a plan's first run finds them (on PostgreSQL with TRUNCATE,
    which leaves no dead rows behind)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("TRUNCATE indicators_periodvalue")
        else:
            cursor.execute("DELETE FROM indicators_periodvalue")


def _runs(seconds: list[float]) -> str:
    return ", ".join(f"{value:.2f}" for value in seconds)


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--logs", type=int, default=1_000_000)
    parser.add_argument("--indicators", type=int, default=300)
    parser.add_argument("--profile", action="store_true", help="Print where the full roll-up spends its time.")
    parser.add_argument("--keep", action="store_true", help="Keep the benchmark database for inspection.")
    args = parser.parse_args()
    if args.profile:
        import logging

        logging.getLogger("rollups.services").setLevel(logging.DEBUG)

    from rollups.models import PeriodValue, RollupMark
    from rollups.services import mark_for_rollup, rollup_marked, rollup_plan

    old_name = connection.settings_dict["NAME"]
    # A database of its own, never the test suite's: the two may run at once.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = (
        "bench_commsplan" if connection.vendor == "postgresql" else "/tmp/commsplan-bench.sqlite3"  # noqa: S108
    )
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        build_s, (plan, ids) = timed(build, args.indicators, args.logs)
        print(f"built {args.indicators} indicators and {args.logs:,} approved values in {build_s:.1f} s")

        # Each measured ROUNDS times, interleaved so that the machine's ups and downs fall on
        # both alike, and the best run kept: the reference over warm caches, the full roll-up
        # each time from the same state (no period row stored: every row is written).
        reference_runs, full_runs = [], []
        for _round in range(ROUNDS):
            elapsed, ref = timed(reference)
            reference_runs.append(elapsed)
            clear_period_values()
            if args.profile and _round == ROUNDS - 1:
                import cProfile
                import pstats

                profiler = cProfile.Profile()
                profiler.enable()
            elapsed, written = timed(rollup_plan, plan=plan)
            full_runs.append(elapsed)
        if args.profile:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
        reference_s, full_s = min(reference_runs), min(full_runs)
        print(f"full roll-up: {full_s:.2f} s, {written:,} period rows written (runs: {_runs(full_runs)})")
        print(
            f"reference GROUP BY indicator, month: {reference_s:.2f} s, {len(ref):,} groups "
            f"(runs: {_runs(reference_runs)})"
        )

        # (a) and (b) agree on every monthly sum of the periodic indicators, and on the terms of
        # the ratios.
        months = PeriodValue.objects.filter(period_type="mes").select_related("indicator")
        checked = 0
        for row in months.iterator(chunk_size=5000):
            expected = ref.get((row.indicator_id, row.period_start))
            if row.indicator.aggregation == "periodica":
                assert (row.value or 0) == (expected[0] if expected else 0), (row.indicator_id, row.period_start)
                checked += 1
            elif row.indicator.aggregation == "razon" and expected:
                assert (row.numerator, row.denominator) == (expected[1], expected[2])
                checked += 1
            if expected:
                assert row.approved_count == expected[3]
        print(f"checked {checked:,} monthly sums against the reference: equal")

        second_s, second_written = timed(rollup_plan, plan=plan)
        print(f"second full roll-up (nothing changed): {second_s:.2f} s, {second_written} rows written")

        activity = plan.components.get().activities.get()
        insert_values(activity.pk, activity.responsible_areas.get().pk, plan.entity.users.get().pk, ids, 1000, seed=1)
        touched = new_marks(ids, 1000, seed=1)
        with transaction.atomic():
            mark_for_rollup(marks=touched)
        if args.profile:
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as queries:
                incremental_s, inc_written = timed(rollup_marked)
            for query in sorted(queries.captured_queries, key=lambda q: -float(q["time"]))[:6]:
                print(f"  {query['time']} s  {query['sql'][:150]}")
        else:
            incremental_s, inc_written = timed(rollup_marked)
        assert not RollupMark.objects.exists()
        print(
            f"incremental roll-up after 1,000 new values ({len(touched):,} indicator months): "
            f"{incremental_s:.2f} s, {inc_written:,} rows written"
        )
        # The incremental run left what a full run leaves.
        incremental = sorted(PeriodValue.objects.values_list("indicator_id", "period_type", "period_start", "value"))
        rollup_plan(plan=plan)
        assert incremental == sorted(
            PeriodValue.objects.values_list("indicator_id", "period_type", "period_start", "value")
        ), "the incremental run differs from a full run"
        print("incremental result equals a full recompute")
        ratio = full_s / reference_s
        print(
            f"backend={connection.vendor} logs={args.logs} indicators={args.indicators} "
            f"full_s={full_s:.3f} reference_s={reference_s:.3f} incremental_s={incremental_s:.3f} "
            f"ratio={ratio:.2f}"
        )
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
