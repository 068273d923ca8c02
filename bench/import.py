"""Benchmark of the execution-log import against django-import-export's default ModelResource.

Builds, in a throwaway test database on the configured backend (SQLite by default, PostgreSQL
when DATABASE_URL says so), a plan in execution with 20 activities and their indicators (sums and
ratios), generates N execution-log rows, and times:

  (a) our import of the rows as CSV, through imports.logs_import.logs_import: the code path of the
      import pages and the Celery job, every rule on (entity scope, vigencia, units, closed
      periods, idempotency), logs + values + both histories + roll-up marks written;
  (b) the same through an XLSX file (new descriptions, so every row is new again);
  (c) the reference: a plain ``ModelResource`` for ActivityLog with default settings importing
      the same rows from CSV (one log per row, its history; no values, no rule beyond the
      model's fields).

The roll-up that an import enqueues goes to the in-memory broker and is not run: it is not part
of the import. The last line is ``key=value`` pairs for scripts: csv_rows_per_s,
xlsx_rows_per_s, default_csv_rows_per_s, ratio (= ours / default on CSV), rows, backend.

    python bench/import.py [--rows 10000]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commsplan.settings.test")

import django  # Django must be set up before the models are imported

django.setup()

from django.db import connection  # noqa: E402

ACTIVITIES = 20
HEADER = ["Código del indicador", "Área", "Fecha", "Valor", "Numerador", "Denominador", "Descripción", "Alcance"]


def build():
    """Create the entity, its press officer, the plan, activities and indicators."""
    from django.contrib.auth.models import Group

    from indicators.models import Indicator
    from plans.enums import PlanStatus, Role
    from plans.models import Activity, Area, Component, Entity, Plan, User

    today = date.today()
    entity = Entity.objects.create(name="Entidad de referencia")
    area = Area.objects.create(entity=entity, name="Comunicaciones")
    user = User.objects.create(username="prensa-bench", entity=entity, is_staff=True)
    user.groups.add(Group.objects.get(name=Role.PRESS))
    plan = Plan.objects.create(
        entity=entity,
        title="Plan de referencia",
        vigencia_start=date(today.year - 2, 1, 1),
        vigencia_end=date(today.year + 1, 12, 31),
        status=PlanStatus.IN_EXECUTION,
        approved_on=date(today.year - 2, 1, 1),
        approval_body="Comité",
    )
    component = Component.objects.create(plan=plan, kind="externa", name="Externa")
    indicators = []
    for n in range(ACTIVITIES):
        activity = Activity.objects.create(component=component, name=f"Actividad {n}")
        activity.responsible_areas.add(area)
        ratio = n % 4 == 0
        indicators.append(
            Indicator.objects.create(
                plan=plan,
                activity=activity,
                code=f"IND-{n:02d}",
                name=f"Indicador {n}",
                unit="porcentaje" if ratio else "numero",
                aggregation="razon" if ratio else "periodica",
                target_derivation="repetir" if ratio else "dividir",
                numerator_definition="n" if ratio else "",
                denominator_definition="d" if ratio else "",
            )
        )
    # The user is read again so that its cached permissions start empty, as in a request.
    return User.objects.get(pk=user.pk), area, plan, indicators


def generate(rows: int, indicators, area, plan, tag: str) -> list[list[object]]:
    """Return ``rows`` spreadsheet rows (header first) spread over the past vigencia."""
    randomizer = random.Random(f"{rows}-{tag}")  # noqa: S311 - reproducible test data, not secrets
    span = (date.today() - timedelta(days=1) - plan.vigencia_start).days
    lines: list[list[object]] = [HEADER]
    for n in range(rows):
        indicator = indicators[n % len(indicators)]
        day = plan.vigencia_start + timedelta(days=randomizer.randrange(span))
        if indicator.aggregation == "razon":
            value, numerator, denominator = "", randomizer.randint(0, 50), randomizer.randint(50, 100)
        else:
            value, numerator, denominator = randomizer.randint(0, 20), "", ""
        lines.append(
            [
                indicator.code,
                area.name,
                day.strftime("%d/%m/%Y"),
                value,
                numerator,
                denominator,
                f"Registro {tag} {n}",
                randomizer.randint(0, 300),
            ]
        )
    return lines


def as_csv(lines) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows(lines)
    return buffer.getvalue().encode("utf-8")


def as_xlsx(lines) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Registros")
    for line in lines:
        sheet.append(line)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def default_csv(rows: int, indicators, area, user, plan) -> str:
    """The same logs in the columns a default ModelResource for ActivityLog reads."""
    lines = generate(rows, indicators, area, plan, "default")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["activity", "area", "date", "description", "reach_total", "status", "reported_by"])
    activity_of = {indicator.code: indicator.activity_id for indicator in indicators}
    for code, _area, day, *_values, description, reach in lines[1:]:
        day_iso = f"{day[6:]}-{day[3:5]}-{day[:2]}"
        writer.writerow([activity_of[code], area.pk, day_iso, description, reach, "aprobado", user.pk])
    return buffer.getvalue()


def timed(function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--keep", action="store_true", help="Keep the benchmark database for inspection.")
    args = parser.parse_args()

    import tablib
    from import_export import resources

    from execution.models import ActivityLog, LogValue
    from imports.logs_import import logs_import
    from rollups.tasks import rollup_marked_task

    # The roll-up an import enqueues is a worker's job, not the import's: queue it (in memory)
    # instead of running it in-process as the embedded default does.
    rollup_marked_task.app.conf.task_always_eager = False
    rollup_marked_task.app.conf.broker_url = "memory://localhost/"

    class DefaultActivityLogResource(resources.ModelResource):
        class Meta:
            model = ActivityLog

    old_name = connection.settings_dict["NAME"]
    # A database of its own, never the test suite's: the two may run at once.
    connection.settings_dict.setdefault("TEST", {})["NAME"] = (
        "bench_commsplan_import" if connection.vendor == "postgresql" else "/tmp/commsplan-bench-import.sqlite3"  # noqa: S108
    )
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        user, area, plan, indicators = build()
        csv_data = as_csv(generate(args.rows, indicators, area, plan, "csv"))
        xlsx_data = as_xlsx(generate(args.rows, indicators, area, plan, "xlsx"))
        print(f"{args.rows:,} rows: CSV {len(csv_data) / 1e6:.1f} MB, XLSX {len(xlsx_data) / 1e6:.1f} MB")

        csv_s, result = timed(logs_import, user=user, file=csv_data, filename="bench.csv", dry_run=False)
        assert (result.created, result.errors) == (args.rows, []), (result.created, result.errors[:3])
        print(f"ours, CSV: {csv_s:.2f} s, {result.created:,} logs created")

        again_s, again = timed(logs_import, user=user, file=csv_data, filename="bench.csv", dry_run=False)
        assert (again.created, again.unchanged) == (0, args.rows)
        print(f"ours, CSV again (all «sin cambios»): {again_s:.2f} s")

        xlsx_s, result = timed(logs_import, user=user, file=xlsx_data, filename="bench.xlsx", dry_run=False)
        assert (result.created, result.errors) == (args.rows, []), (result.created, result.errors[:3])
        print(f"ours, XLSX: {xlsx_s:.2f} s, {result.created:,} logs created")
        assert ActivityLog.objects.count() == LogValue.objects.count() == 2 * args.rows
        assert ActivityLog.history.count() == LogValue.history.count() == 2 * args.rows

        text = default_csv(args.rows, indicators, area, user, plan)

        def default_import():
            dataset = tablib.Dataset().load(text, format="csv")
            return DefaultActivityLogResource().import_data(dataset, dry_run=False, raise_errors=True)

        default_s, default_result = timed(default_import)
        assert default_result.totals["new"] == args.rows, default_result.totals
        print(f"django-import-export default ModelResource, CSV: {default_s:.2f} s (no values, one save a row)")

        ours = args.rows / csv_s
        default = args.rows / default_s
        print(
            f"backend={connection.vendor} rows={args.rows} csv_rows_per_s={ours:.0f} "
            f"xlsx_rows_per_s={args.rows / xlsx_s:.0f} reimport_rows_per_s={args.rows / again_s:.0f} "
            f"default_csv_rows_per_s={default:.0f} ratio={ours / default:.2f}"
        )
    finally:
        if not args.keep:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
