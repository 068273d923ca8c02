"""The dashboards' tile cache.

The expensive parts (plan progress, sparkline series, the rendered indicator table, the public
page) are cached under a per-plan prefix made of the plan's figure version (rollups.cache,
bumped once a roll-up commits) and the id of the plan's latest RollupRun, which the pages read
anyway to show when the data were last computed. The run id makes a roll-up done by a Celery
worker visible to every web process even where each process has its own in-memory cache."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.cache import cache

from plans.models import Plan
from rollups.cache import plan_cache_version
from rollups.models import RollupRun
from rollups.progress import PlanProgress, plan_progress

# Ten minutes: a roll-up drops the cached figures at once (see the module docstring), and the
# back-office edits of thresholds, names and weights ask for one (indicators.admin); the
# timeout only bounds how long a change made some other way (the shell) takes to show.
CACHE_TIMEOUT = 10 * 60


def plan_cache_prefix(plan_id: int, run_id: int | None) -> str:
    return f"dashboards:plan:{plan_id}:v{plan_cache_version(plan_id)}:r{run_id or 0}"


def cached(key: str, compute):
    """Return the cached value of ``key``, computing and storing it (CACHE_TIMEOUT) when absent."""
    result = cache.get(key)
    if result is None:
        result = compute()
        cache.set(key, result, CACHE_TIMEOUT)
    return result


@dataclass(frozen=True)
class LastRollup:
    run_id: int | None
    finished_at: datetime | None


def plan_last_rollup(*, plan: Plan) -> LastRollup:
    """Return the plan's latest roll-up run (id and end). One query, on the index
    rollup_run_latest."""
    row = RollupRun.objects.filter(plan=plan).order_by("-finished_at", "-pk").values_list("pk", "finished_at").first()
    return LastRollup(*row) if row else LastRollup(None, None)


def plan_progress_cached(*, plan: Plan, period_type: str, period_start: date, prefix: str) -> PlanProgress:
    """Return rollups.progress.plan_progress for the period, from the cache when it can."""
    return cached(
        f"{prefix}:progress:{period_type}:{period_start.isoformat()}",
        lambda: plan_progress(plan=plan, period_type=period_type, period_start=period_start),
    )
