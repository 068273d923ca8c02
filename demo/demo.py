"""The demo loaders of the measurement layers (execution, rollups, reports), registered like
every app's: a year of history and this month's logs before the apps' own demo data, and,
after it, the roll-up of the automatic indicators that count that data and the latest
reports (demo.measurement)."""

from __future__ import annotations

from demo.measurement import demo_history_load, demo_logs_load, demo_reports_load
from indicators.automatic import registered_sources
from plans import demo_registry
from plans.models import Plan
from rollups.services import rollup_plan


def _history() -> str:
    return f"Histórico de ejecución de demostración (un año): {demo_history_load()} registros nuevos."


def _logs() -> str:
    return f"Registros de ejecución de demostración: {demo_logs_load()} nuevos."


def _automatic_rollup() -> None:
    # The automatic indicators count the demo's campaigns, pieces, mentions and incidents,
    # loaded after the history's roll-up: recompute their plans before the reports read them.
    keys = [source.key for source in registered_sources()]
    for plan in Plan.objects.filter(indicators__source__in=keys).distinct():
        rollup_plan(plan=plan)


def _reports() -> str:
    return f"Informes de seguimiento de demostración: {demo_reports_load()} nuevos."


demo_registry.register("history", order=20, load=_history)
demo_registry.register("logs", order=30, load=_logs)
# crisis 40, campaigns 50, media 60, listening 65: their own demo.py.
demo_registry.register("automatic_rollup", order=70, load=_automatic_rollup)
demo_registry.register("reports", order=80, load=_reports)
