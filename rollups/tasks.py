"""Celery tasks of the roll-up: thin wrappers that take ids and call one service, and the
debounced enqueue that services call after a commit.

Task names keep the ``indicators.tasks.`` prefix they had before the roll-up got its own app:
beat schedules and queued messages name them."""

from __future__ import annotations

import logging

from celery import current_app, shared_task
from django.core.cache import cache

from commsplan.queue import RETRY, send
from plans.enums import PlanStatus
from plans.models import Plan
from rollups.requested import rollup_pending, rollup_plan_requested

logger = logging.getLogger(__name__)

# The incremental roll-up starts ROLLUP_COUNTDOWN seconds after the change that asked for it,
# and the changes committed within ROLLUP_DEBOUNCE seconds of one another (by this process) ask
# once: that run, still to start, reads all their marks. Shorter than the countdown, so that
# the clocks of web and worker may differ a little; anything missed is caught by the periodic
# run of the marks (every minute).
ROLLUP_COUNTDOWN = 2
ROLLUP_DEBOUNCE = 1
ROLLUP_DEBOUNCE_KEY = "indicators:rollup-enqueued"


@shared_task(name="indicators.tasks.rollup_marked_task", **RETRY)
def rollup_marked_task() -> int:
    """The periodic catch-up (every minute): the full roll-ups requested and not done (a worker
    killed mid-run, a broker that was down), then the indicators marked by approvals and
    corrections."""
    return rollup_pending()


@shared_task(name="indicators.tasks.rollup_plan_task", **RETRY)
def rollup_plan_task(*, plan_id: int) -> int:
    """Recompute a whole plan and clear its request. A plan that no longer exists is nothing
    to do."""
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        logger.info("rollup_plan_task: plan %s no longer exists", plan_id)
        return 0
    return rollup_plan_requested(plan=plan)


@shared_task(name="indicators.tasks.rollup_all_task", **RETRY)
def rollup_all_task() -> int:
    """The nightly full recompute of every plan in execution: repairs anything missed (and
    answers their requests)."""
    written = 0
    for plan in Plan.objects.filter(status=PlanStatus.IN_EXECUTION):
        written += rollup_plan_requested(plan=plan)
    return written


def enqueue_rollup() -> bool:
    """Ask a worker for an incremental roll-up; never fail the caller.

    Called after commit. Changes committed within ROLLUP_DEBOUNCE seconds share one run. When
    the broker is down the marks stay in the database and the periodic run (or the next
    successful enqueue) catches up. Return whether a run is queued.
    """
    eager = current_app.conf.task_always_eager  # in-process: runs now, nothing to wait for
    if not eager and not cache.add(ROLLUP_DEBOUNCE_KEY, True, timeout=ROLLUP_DEBOUNCE):
        return True  # a run asked for less than a second ago has yet to start: it reads these marks
    if send(rollup_marked_task, countdown=ROLLUP_COUNTDOWN, meanwhile="the marked indicators wait for the next run."):
        return True
    cache.delete(ROLLUP_DEBOUNCE_KEY)  # not queued: the next change must ask again
    return False


def enqueue_plan_rollup(plan_id: int) -> bool:
    """Ask a worker for a full roll-up of one plan; never fail the caller.

    Called after commit by back-office edits that change what every period of the plan shows
    (its thresholds, a name or a weight), once their request (rollups.requested) is
    committed. When the broker is down the edit is saved all the same and the periodic run
    answers the request. Return whether a run is queued (or, in-process, done).
    """
    return send(rollup_plan_task, kwargs={"plan_id": plan_id}, meanwhile=f"plan {plan_id} waits for the periodic run.")
