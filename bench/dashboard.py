"""Benchmark of the plan dashboard against a minimal view, in the same process and run.

Builds, in a throwaway test database on the configured backend (SQLite by default, PostgreSQL
when DATABASE_URL says so), the plan of bench/rollup.py — N indicators with mixed rules and M
approved log values over 48 months (its ``build``) — rolls it up, and adds a plan of 10
indicators. Then, logged in as a manager through Django's test client, it times:

  (a) the plan dashboard (dashboards:plan_dashboard) of the large plan, 50 requests after one
      cold request (the cold one fills the cache: plan_progress, trends, the indicator table),
  (b) the reference: a minimal view behind the same middleware and login that renders a
      one-line template (defined here, with a URLconf override),

and counts the dashboard's SQL queries, cold, for the plan of 10 and the plan of N indicators.
The last line is ``key=value`` pairs for scripts: dashboard_ms and minimal_ms (medians),
ratio (= dashboard_ms / minimal_ms; the goal is under 10), cold_ms, queries_10, queries_n,
logs, indicators, backend.

    python bench/dashboard.py [--logs 1000000] [--indicators 300] [--requests 50]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/commsplan python bench/dashboard.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commsplan.settings.test")

import django  # Django must be set up before the models are imported

django.setup()

from django.contrib.auth.decorators import login_required  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.urls import path  # noqa: E402

from bench.rollup import build, insert_values  # noqa: E402
from commsplan.urls import urlpatterns as project_urlpatterns  # noqa: E402

MINIMAL_TEMPLATE = engines["django"].from_string("<p>Hola, {{ user.username }}.</p>\n")


@login_required
def minimal(request):
    """The reference: the same middleware and login as the dashboard, a one-line template."""
    return HttpResponse(MINIMAL_TEMPLATE.render({"user": request.user}, request))


# The URLconf of this run: the project's URLs plus the minimal view.
urlpatterns = [path("bench/minimo/", minimal, name="bench_minimal"), *project_urlpatterns]


def small_plan(entity, area, user, count: int = 10):
    """A plan of ``count`` indicators in the same entity, with a few thousand approved values."""
    from indicators.enums import PeriodType
    from indicators.models import Indicator, Target
    from plans.enums import PlanStatus
    from plans.models import Activity, Component, Plan
    from rollups.services import rollup_plan

    start, end = date(2023, 1, 1), date(2026, 12, 31)
    plan = Plan.objects.create(
        entity=entity,
        title="Plan pequeño",
        vigencia_start=start,
        vigencia_end=end,
        status=PlanStatus.IN_EXECUTION,
        approved_on=start,
        approval_body="Comité",
    )
    component = Component.objects.create(plan=plan, kind="externa", name="Externa")
    activity = Activity.objects.create(component=component, name="Actividad")
    activity.responsible_areas.add(area)
    created = Indicator.objects.bulk_create(
        [
            Indicator(plan=plan, activity=activity, code=f"P{n:03d}", name=f"Indicador {n}", responsible_area=area)
            for n in range(count)
        ]
    )
    ids = [i.pk for i in created]
    Target.objects.bulk_create(
        [
            Target(indicator_id=pk, period_type=PeriodType.YEAR, period_start=date(y, 1, 1), value=Decimal(100))
            for pk in ids
            for y in range(start.year, end.year + 1)
        ]
    )
    insert_values(activity.pk, area.pk, user.pk, ids, 2000, seed=3)
    rollup_plan(plan=plan)
    return plan


def timed_get(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed * 1000


def cold_queries(client, url: str) -> int:
    from django.core.cache import cache
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--logs", type=int, default=1_000_000)
    parser.add_argument("--indicators", type=int, default=300)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--keep", action="store_true", help="Keep the benchmark database for inspection.")
    args = parser.parse_args()

    from django.contrib.auth.models import Group
    from django.core.cache import cache
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from plans.enums import Role
    from plans.models import User
    from rollups.services import rollup_plan

    setup_test_environment()  # the test client's host and in-memory e-mail
    old_name = connection.settings_dict["NAME"]
    # A database of its own, never the test suite's nor bench/rollup.py's: they may run at once.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = (
        "bench_commsplan_dashboard" if connection.vendor == "postgresql" else "/tmp/commsplan-bench-dashboard.sqlite3"  # noqa: S108
    )
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        started = time.perf_counter()
        plan, _ids = build(args.indicators, args.logs)
        rollup_plan(plan=plan)
        area = plan.entity.areas.get()
        bench_user = plan.entity.users.get()
        small = small_plan(plan.entity, area, bench_user)
        # build() gives its indicators no area; the dashboard's «by area» needs some.
        plan.indicators.update(responsible_area=area)
        rollup_plan(plan=plan)
        print(
            f"built and rolled up {args.indicators} indicators and {args.logs:,} approved values "
            f"(plus a plan of 10) in {time.perf_counter() - started:.1f} s"
        )

        manager = User.objects.create(username="directivo_bench", entity=plan.entity)
        manager.groups.add(Group.objects.get(name=Role.MANAGER))
        client = Client()
        client.force_login(manager)
        dashboard_url = reverse("dashboards:plan_dashboard", args=[plan.pk])
        small_url = reverse("dashboards:plan_dashboard", args=[small.pk])

        with override_settings(ROOT_URLCONF=__name__):
            minimal_url = reverse("bench_minimal")
            queries_10 = cold_queries(client, small_url)
            queries_n = cold_queries(client, dashboard_url)
            cache.clear()
            cold_ms = timed_get(client, dashboard_url)
            timed_get(client, minimal_url)  # warm the reference's code paths too
            dashboard = []
            minimal_times = []
            for _ in range(args.requests):
                # Interleaved, so that both see the same machine at the same moment.
                dashboard.append(timed_get(client, dashboard_url))
                minimal_times.append(timed_get(client, minimal_url))
        dashboard_ms = statistics.median(dashboard)
        minimal_ms = statistics.median(minimal_times)
        ratio = dashboard_ms / minimal_ms
        print(f"plan dashboard ({args.indicators} indicators), first request (cache empty): {cold_ms:.1f} ms")
        print(f"plan dashboard, median of {args.requests}: {dashboard_ms:.2f} ms")
        print(f"minimal view, median of {args.requests}: {minimal_ms:.2f} ms")
        print(f"queries with the cache empty: plan of 10 → {queries_10}, plan of {args.indicators} → {queries_n}")
        print(f"ratio {ratio:.2f} (goal: under 10)")
        print(
            f"backend={connection.vendor} logs={args.logs} indicators={args.indicators} "
            f"dashboard_ms={dashboard_ms:.2f} minimal_ms={minimal_ms:.2f} ratio={ratio:.2f} "
            f"cold_ms={cold_ms:.1f} queries_10={queries_10} queries_n={queries_n}"
        )
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
