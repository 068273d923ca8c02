"""Benchmark of the consolidated view of followed entities against a minimal view, in the same
process and run.

Builds, in a throwaway test database on the configured backend (SQLite by default, PostgreSQL
when DATABASE_URL says so), a ministry that follows 30 entities, each with a plan in execution of
``--indicators`` indicators over three component types and their roll-up values (the year and
its four quarters). Logged in as the ministry's press officer through Django's test client, it
times the consolidated view (dashboards:consolidated) and a minimal view behind the same
middleware and login, interleaved; then the ministry follows 1,100 entities (the number of
Colombian municipalities) and it times both again, and counts the page's queries at each size.
The last line is ``key=value`` pairs: consolidated_30_ms, consolidated_1100_ms, minimal_ms
(medians), ratio_1100 (= consolidated_1100_ms / minimal_ms), queries_30, queries_1100, backend.

    python bench/consolidated.py [--indicators 10] [--requests 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commsplan.settings.test")

import django  # Django must be set up before the models are imported

django.setup()

from django.contrib.auth.decorators import login_required  # noqa: E402
from django.db import connection  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.template import engines  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import path  # noqa: E402
from django.utils import timezone  # noqa: E402

from commsplan.urls import urlpatterns as project_urlpatterns  # noqa: E402

MINIMAL_TEMPLATE = engines["django"].from_string("<p>Hola, {{ user.username }}.</p>\n")
YEAR = 2026
KINDS = ["externa", "interna", "digital"]
STATUSES = ["al_dia", "en_riesgo", "atrasado", "sin_datos"]


@login_required
def minimal(request):
    """The reference: the same middleware and login as the view, a one-line template."""
    return HttpResponse(MINIMAL_TEMPLATE.render({"user": request.user}, request))


urlpatterns = [path("bench/minimo/", minimal, name="bench_minimal"), *project_urlpatterns]


def add_entities(supervisor, start: int, count: int, indicators: int) -> None:
    """``count`` followed entities, each with a plan in execution and its roll-up values."""
    from indicators.enums import PeriodType
    from indicators.models import Indicator
    from plans.models import Activity, Component, Entity, Plan
    from rollups.models import PeriodValue

    entities = Entity.objects.bulk_create([Entity(name=f"Municipio {n:05d}") for n in range(start, start + count)])
    supervisor.supervised_entities.add(*entities)
    plans = Plan.objects.bulk_create(
        [
            Plan(
                entity=e,
                title=f"Plan de {e.name}",
                vigencia_start=date(2024, 1, 1),
                vigencia_end=date(2027, 12, 31),
                status="en_ejecucion",
                approved_on=date(2024, 2, 1),
                approval_body="Comité",
            )
            for e in entities
        ]
    )
    components = Component.objects.bulk_create(
        [Component(plan=p, kind=kind, name=kind, order=i) for p in plans for i, kind in enumerate(KINDS)]
    )
    activities = Activity.objects.bulk_create([Activity(component=c, name="Actividad") for c in components])
    by_plan: dict[int, list] = {}
    for activity in activities:
        by_plan.setdefault(activity.component.plan_id, []).append(activity)
    rows = []
    for plan in plans:
        for n in range(indicators):
            activity = by_plan[plan.pk][n % len(KINDS)]
            rows.append(Indicator(plan=plan, activity=activity, code=f"IND-{n:03d}", name=f"Indicador {n}"))
    created = Indicator.objects.bulk_create(rows, batch_size=2000)
    now = timezone.now()
    starts = [(PeriodType.YEAR, date(YEAR, 1, 1))] + [(PeriodType.QUARTER, date(YEAR, m, 1)) for m in (1, 4, 7, 10)]
    values = [
        PeriodValue(indicator=ind, period_type=kind, period_start=s, status=STATUSES[(ind.pk + i) % 4], computed_at=now)
        for ind in created
        for i, (kind, s) in enumerate(starts)
    ]
    PeriodValue.objects.bulk_create(values, batch_size=5000)


def timed_get(client, url: str) -> float:
    started = time.perf_counter()
    response = client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code)
    return elapsed


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    return len(captured.captured_queries)


def measure(client, url: str, minimal_url: str, requests: int) -> tuple[float, float]:
    timed_get(client, url)
    timed_get(client, minimal_url)
    page, reference = [], []
    for _ in range(requests):
        page.append(timed_get(client, url))
        reference.append(timed_get(client, minimal_url))
    return statistics.median(page), statistics.median(reference)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--indicators", type=int, default=10, help="Indicators per followed entity.")
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()

    from django.contrib.auth.models import Group
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from plans.enums import Role
    from plans.models import Entity, User

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict.setdefault("TEST", {})["NAME"] = (
        "bench_commsplan_consolidated"
        if connection.vendor == "postgresql"
        else "/tmp/commsplan-bench-consolidated.sqlite3"  # noqa: S108
    )
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        ministry = Entity.objects.create(name="Ministerio de referencia")
        press = User.objects.create(username="prensa_bench", entity=ministry)
        press.groups.add(Group.objects.get(name=Role.PRESS))
        client = Client()
        client.force_login(press)
        url = reverse("dashboards:consolidated") + f"?anio={YEAR}"
        with override_settings(ROOT_URLCONF=__name__):
            minimal_url = reverse("bench_minimal")
            add_entities(ministry, 0, 30, args.indicators)
            queries_30 = queries(client, url)
            page_30, minimal_30 = measure(client, url, minimal_url, args.requests)
            started = time.perf_counter()
            add_entities(ministry, 30, 1070, args.indicators)
            print(
                f"built 1,100 followed entities of {args.indicators} indicators "
                f"in {time.perf_counter() - started:.1f} s"
            )
            queries_1100 = queries(client, url)
            page_1100, minimal_1100 = measure(client, url, minimal_url, args.requests)
        minimal_ms = statistics.median([minimal_30, minimal_1100])
        ratio = page_1100 / minimal_ms
        print(f"consolidated view, 30 entities, median of {args.requests}: {page_30:.2f} ms ({queries_30} queries)")
        print(
            f"consolidated view, 1,100 entities, median of {args.requests}: {page_1100:.2f} ms ({queries_1100} queries)"
        )
        print(f"minimal view, median: {minimal_ms:.2f} ms; ratio at 1,100: {ratio:.2f}")
        print(
            f"backend={connection.vendor} indicators_per_entity={args.indicators} "
            f"consolidated_30_ms={page_30:.2f} consolidated_1100_ms={page_1100:.2f} minimal_ms={minimal_ms:.2f} "
            f"ratio_1100={ratio:.2f} queries_30={queries_30} queries_1100={queries_1100}"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
