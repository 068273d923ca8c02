"""Benchmark of the pages people open every day against a minimal view, in the same process and
run.

Builds, in a throwaway test database on the configured backend (SQLite by default, PostgreSQL
when DATABASE_URL says so), a large entity: 10 areas, a plan in execution of 300 activities (30
an area) with one indicator each, two years of approved logs (``--logs-per-month`` an activity
and month), and this month's logs in every state (drafts, sent, approved, returned, withdrawn)
with 200 sent logs waiting for review; then a small entity built the same way with 10
activities. Both are rolled up. Logged in through Django's test client, it times, interleaved:

  (a) the reference: a minimal logged-in page, behind the same middleware and login, that
      renders the site's layout (templates/base.html, with the navigation of the user who
      opens it, an area lead) around an empty content block (defined here, with a URLconf
      override). It is what any page of the site costs before its own content, as the
      login page (a full page in the layout) was for the product's HTTP measurement. The
      bare view, a one-line template outside the layout, is timed too (``bare_ms``, each
      page's ``<page>_bare_ratio``), so that the layout's own cost is never hidden,
  (b) «Mis actividades» of the lead of an area with 30 activities,
  (c) the plan dashboard (a manager; its tiles cached as in production after the first view),
  (d) the indicator page of an indicator with two years of logs (a manager),
  (e) «Revisión» with 200 logs waiting (the press office),
  (f) «Registros», every log of the entity (the press office),

and counts each page's SQL queries for the small and the large entity, with the cache empty
and warm. The last line is ``key=value`` pairs for scripts: the median of each page
(``<page>_ms``), its ratio to the minimal logged-in page (``<page>_ratio``, goal: at most 5)
and to the bare view (``<page>_bare_ratio``), its queries (``<page>_queries``), ``max_ratio``,
``queries_constant`` (true when every page makes as many queries for 10 activities as for
300), minimal_ms, bare_ms, logs, backend.

    python bench/pages.py [--requests 30] [--logs-per-month 2]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/commsplan_bench python bench/pages.py
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from dataclasses import dataclass
from datetime import date, timedelta
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

from bench.rollup import settle  # noqa: E402
from commsplan.urls import urlpatterns as project_urlpatterns  # noqa: E402

# The reference: the site's layout (navigation, account menu, messages, language form) with
# nothing in its content block.
MINIMAL_TEMPLATE = engines["django"].from_string('{% extends "base.html" %}{% block content %}{% endblock %}\n')
# Outside the layout: what the middleware, the login and one template cost alone.
BARE_TEMPLATE = engines["django"].from_string("<p>Hola, {{ user.username }}.</p>\n")
GOAL = 5
MONTHS = 24
COMPONENTS = ["externa", "interna", "digital"]


@login_required
def minimal(request):
    """The reference: the same middleware and login as the pages, the site's layout with an
    empty content block."""
    return HttpResponse(MINIMAL_TEMPLATE.render({}, request))


@login_required
def bare(request):
    """The same middleware and login, a one-line template outside the layout."""
    return HttpResponse(BARE_TEMPLATE.render({"user": request.user}, request))


# The URLconf of this run: the project's URLs plus the two reference views.
urlpatterns = [
    path("bench/minimo/", minimal, name="bench_minimal"),
    path("bench/vacio/", bare, name="bench_bare"),
    *project_urlpatterns,
]


@dataclass
class Built:
    plan: object
    press: object
    manager: object
    lead: object
    indicator: object
    logs: int


def month_add(month: date, months: int) -> date:
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _people(entity, areas):
    from django.contrib.auth.models import Group

    from plans.enums import Role
    from plans.models import User

    groups = {role: Group.objects.get(name=role) for role in Role}
    press = User.objects.create(username=f"prensa-{entity.pk}", entity=entity, first_name="Prensa")
    press.groups.add(groups[Role.PRESS])
    manager = User.objects.create(username=f"directivo-{entity.pk}", entity=entity)
    manager.groups.add(groups[Role.MANAGER])
    leads = []
    for area in areas:
        lead = User.objects.create(username=f"lider-{entity.pk}-{area.pk}", entity=entity, area=area)
        lead.groups.add(groups[Role.AREA_LEAD])
        leads.append(lead)
    return press, manager, leads


def _plan_tree(entity, areas, per_area: int, today: date):
    """The plan in execution, its components, ``per_area`` activities an area (every tenth
    completed, so not due) and one manual indicator each with a yearly target."""
    from indicators.enums import PeriodType
    from indicators.models import Indicator, Target
    from plans.enums import ActivityStatus, PlanStatus
    from plans.models import Activity, Component, Plan

    plan = Plan.objects.create(
        entity=entity,
        title=f"Plan de comunicaciones {entity.name}",
        vigencia_start=date(today.year - 2, 1, 1),
        vigencia_end=date(today.year, 12, 31),
        status=PlanStatus.IN_EXECUTION,
        approved_on=date(today.year - 2, 1, 1),
        approval_body="Comité",
    )
    components = [
        Component.objects.create(plan=plan, kind=kind, name=f"Comunicación {kind}", order=n)
        for n, kind in enumerate(COMPONENTS)
    ]
    activities = Activity.objects.bulk_create(
        [
            Activity(
                component=components[n % len(components)],
                name=f"Actividad {n + 1} de {area.name}: comunicados, boletines y piezas para la ciudadanía",
                order=n,
                status=ActivityStatus.DONE if n % 10 == 9 else ActivityStatus.IN_PROGRESS,
            )
            for area in areas
            for n in range(per_area)
        ]
    )
    area_of = {activity.pk: areas[n // per_area] for n, activity in enumerate(activities)}
    Activity.responsible_areas.through.objects.bulk_create(
        [Activity.responsible_areas.through(activity_id=pk, area_id=area.pk) for pk, area in area_of.items()]
    )
    indicators = Indicator.objects.bulk_create(
        [
            Indicator(
                plan=plan,
                activity=activity,
                code=f"IND-{n + 1:03d}",
                name=f"Número de piezas de la actividad {n + 1}",
                responsible_area=area_of[activity.pk],
                order=n,
            )
            for n, activity in enumerate(activities)
        ]
    )
    Target.objects.bulk_create(
        [
            Target(indicator=i, period_type=PeriodType.YEAR, period_start=date(year, 1, 1), value=Decimal(48))
            for i in indicators
            for year in range(today.year - 2, today.year + 1)
        ]
    )
    return plan, activities, indicators, area_of


# This month's logs: activity n gets one in the state STATES[n % 6] (None: nothing logged).
STATES = [None, "borrador", "enviado", "aprobado", "devuelto", "retirado"]


def _logs(indicators, area_of, reporter, press, *, per_month: int, review: int, today: date) -> int:
    """Two years of approved logs, this month's in every state and ``review`` sent ones in
    all, one value each, written straight to the tables (bulk: their history does not matter
    here). Every sent log has an evidence file."""
    from execution.models import ActivityLog, Evidence, LogValue

    month = today.replace(day=1)
    rows = []  # (indicator, date, status)
    for m in range(MONTHS, 0, -1):
        start = month_add(month, -m)
        for n, indicator in enumerate(indicators):
            for k in range(per_month):
                rows.append((indicator, start + timedelta(days=(n + 11 * k) % 28), "aprobado"))
    this_month = [start for start in (month + timedelta(days=d) for d in range(28)) if start <= today]
    for n, indicator in enumerate(indicators):
        if STATES[n % len(STATES)]:
            rows.append((indicator, this_month[n % len(this_month)], STATES[n % len(STATES)]))
    sent = sum(1 for _i, _d, status in rows if status == "enviado" and _d >= month)
    rows.extend(
        (indicators[n % len(indicators)], this_month[n % len(this_month)], "enviado")
        for n in range(max(review - sent, 0))
    )
    logs = ActivityLog.objects.bulk_create(
        [
            ActivityLog(
                activity_id=indicator.activity_id,
                area=area_of[indicator.activity_id],
                date=day,
                description="Boletín y comunicados sobre la feria de servicios, con la lista de asistentes.",
                status=status,
                reported_by=reporter,
                reach_total=40,
                review_comment="Falta la lista de asistencia" if status == "devuelto" else "",
                reviewed_by=press if status in ("aprobado", "devuelto") else None,
            )
            for indicator, day, status in rows
        ],
        batch_size=2000,
    )
    LogValue.objects.bulk_create(
        [
            LogValue(
                log=log,
                indicator=indicator,
                date=day,
                month=day.replace(day=1),
                status=status,
                value=Decimal(1 + n % 3),
            )
            for n, (log, (indicator, day, status)) in enumerate(zip(logs, rows, strict=True))
        ],
        batch_size=2000,
    )
    Evidence.objects.bulk_create(
        [
            Evidence(
                log=log,
                file=f"evidence/{log.area.entity_id}/bench-{log.pk}",
                original_name="lista-de-asistencia.pdf",
                content_type="application/pdf",
                size=20480,
                uploaded_by=reporter,
            )
            for log in logs
            if log.status == "enviado"
        ],
        batch_size=2000,
    )
    return len(logs)


def build_entity(name: str, *, areas: int, per_area: int, per_month: int, review: int) -> Built:
    """An entity with its areas and people, the plan, its logs, this month's reporting period
    open (last month's closed) and the figures rolled up."""
    from django.utils import timezone

    from execution.enums import ReportingPeriodStatus
    from execution.models import ReportingPeriod
    from plans.models import Area, Entity
    from rollups.services import rollup_plan

    today = timezone.localdate()
    entity = Entity.objects.create(name=name)
    area_rows = [Area.objects.create(entity=entity, name=f"Dependencia {n + 1:02d}") for n in range(areas)]
    press, manager, leads = _people(entity, area_rows)
    plan, _activities, indicators, area_of = _plan_tree(entity, area_rows, per_area, today)
    count = _logs(indicators, area_of, leads[0], press, per_month=per_month, review=review, today=today)
    month = today.replace(day=1)
    for start, status in ((month_add(month, -1), ReportingPeriodStatus.CLOSED), (month, ReportingPeriodStatus.OPEN)):
        ReportingPeriod.objects.create(
            plan=plan,
            period_start=start,
            period_end=month_add(start, 1) - timedelta(days=1),
            deadline=month_add(start, 1) + timedelta(days=4),
            status=status,
            opened_by=press,
        )
    rollup_plan(plan=plan)
    return Built(plan=plan, press=press, manager=manager, lead=leads[0], indicator=indicators[0], logs=count)


def pages(built: Built) -> dict[str, tuple[object, str]]:
    """The pages measured: name → (who opens it, its address)."""
    from django.urls import reverse

    return {
        "mis_actividades": (built.lead, reverse("dashboards:my_activities")),
        "dashboard": (built.manager, reverse("dashboards:plan_dashboard", args=[built.plan.pk])),
        "indicator": (built.manager, reverse("dashboards:indicator_detail", args=[built.indicator.pk])),
        "revision": (built.press, reverse("execution:review")),
        "registros": (built.press, reverse("execution:log_list")),
    }


def timed_get(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (url, response.status_code)
    return elapsed * 1000


def query_counts(client, url: str) -> tuple[int, int]:
    """The page's queries with the cache empty, then warm."""
    from django.core.cache import cache
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    counts = []
    for _warm in range(2):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    if os.environ.get("PRINT_QUERIES") and os.environ["PRINT_QUERIES"] in url:
        for query in queries.captured_queries:
            print("   ", query["time"], query["sql"][:300])
    return counts[0], counts[1]


def logged_in(user):
    from django.test import Client

    client = Client()
    client.force_login(user)
    client.get("/bench/minimo/")  # the session is read once before anything is counted
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--logs-per-month", type=int, default=2)
    parser.add_argument("--profile", help="Print where this page (mis_actividades, dashboard…) spends its time.")
    parser.add_argument("--keep", action="store_true", help="Keep the benchmark database for inspection.")
    args = parser.parse_args()

    from django.test import override_settings

    old_name = connection.settings_dict["NAME"]
    # A database of its own, never the test suite's nor another benchmark's: they may run at once.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = (
        "bench_commsplan_pages" if connection.vendor == "postgresql" else "/tmp/commsplan-bench-pages.sqlite3"  # noqa: S108
    )
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        started = time.perf_counter()
        large = build_entity("Entidad grande", areas=10, per_area=30, per_month=args.logs_per_month, review=200)
        small = build_entity("Entidad pequeña", areas=2, per_area=5, per_month=args.logs_per_month, review=20)
        settle()  # the statistics autovacuum keeps on a live database
        print(
            f"built and rolled up an entity of 10 areas, 300 activities and {large.logs:,} logs, and one of "
            f"10 activities and {small.logs:,} logs, in {time.perf_counter() - started:.1f} s"
        )
        # Without setup_test_environment(): it instruments every template render so that the
        # test client can keep each one's context, a cost per template that production does
        # not pay and that would weigh on the pages (dozens of templates) but not on the
        # reference (one).
        with override_settings(ROOT_URLCONF=__name__, ALLOWED_HOSTS=["testserver"]):
            results = measure(large, small, args)
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)
    print_results(results, large, args)


def measure(large: Built, small: Built, args) -> dict:
    clients = {}

    def client_for(user):
        if user.pk not in clients:
            clients[user.pk] = logged_in(user)
        return clients[user.pk]

    measured = pages(large)
    queries = {}
    for name, (user, url) in measured.items():
        small_user, small_url = pages(small)[name]
        queries[name] = (query_counts(client_for(small_user), small_url), query_counts(client_for(user), url))
    reference = client_for(large.lead)
    for user, url in measured.values():
        timed_get(client_for(user), url)  # warm each page's code paths and tiles
    timed_get(reference, "/bench/minimo/")
    timed_get(reference, "/bench/vacio/")
    times: dict[str, list[float]] = {name: [] for name in ["minimal", "bare", *measured]}
    for _ in range(args.requests):
        # Interleaved, so that every page and the references see the machine at the same moment.
        times["minimal"].append(timed_get(reference, "/bench/minimo/"))
        times["bare"].append(timed_get(reference, "/bench/vacio/"))
        for name, (user, url) in measured.items():
            times[name].append(timed_get(client_for(user), url))
    if args.profile:
        import cProfile
        import pstats

        user, url = measured[args.profile]
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(10):
            client_for(user).get(url)
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats(os.environ.get("PROFILE_SORT", "cumulative"))
        stats.print_stats(50)
        if os.environ.get("PROFILE_CALLEES"):
            stats.print_callees(os.environ["PROFILE_CALLEES"])
    return {"times": {name: statistics.median(values) for name, values in times.items()}, "queries": queries}


def print_results(results: dict, large: Built, args) -> None:
    medians, queries = results["times"], results["queries"]
    minimal_ms, bare_ms = medians["minimal"], medians["bare"]
    print(f"minimal logged-in page (the layout, empty), median of {args.requests}: {minimal_ms:.2f} ms")
    print(f"bare view (one line, no layout), median of {args.requests}: {bare_ms:.2f} ms")
    pairs = {}
    constant = True
    for name in queries:
        (small_cold, small_warm), (large_cold, large_warm) = queries[name]
        same = (small_cold, small_warm) == (large_cold, large_warm)
        constant = constant and same
        ratio = medians[name] / minimal_ms
        bare_ratio = medians[name] / bare_ms
        print(
            f"{name:16} median {medians[name]:7.2f} ms  ratio {ratio:5.2f} (bare {bare_ratio:5.2f})  "
            "queries (cache empty / warm): "
            f"10 activities {small_cold}/{small_warm}, 300 activities {large_cold}/{large_warm}"
            f"{'' if same else '  ← grows with the plan'}"
        )
        pairs[f"{name}_ms"] = f"{medians[name]:.2f}"
        pairs[f"{name}_ratio"] = f"{ratio:.2f}"
        pairs[f"{name}_bare_ratio"] = f"{bare_ratio:.2f}"
        pairs[f"{name}_queries"] = str(large_warm)
    max_ratio = max(medians[name] / minimal_ms for name in queries)
    print(f"max ratio {max_ratio:.2f} (goal: at most {GOAL}); query counts constant: {constant}")
    tail = " ".join(f"{key}={value}" for key, value in pairs.items())
    print(
        f"backend={connection.vendor} logs={large.logs} minimal_ms={minimal_ms:.2f} bare_ms={bare_ms:.2f} {tail} "
        f"max_ratio={max_ratio:.2f} queries_constant={str(constant).lower()}"
    )


if __name__ == "__main__":
    main()
