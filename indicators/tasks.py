"""Celery tasks of the indicators app: thin wrappers that take ids and call one service."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError

from indicators import rollup
from indicators.enums import RollupKind
from plans.enums import PlanStatus
from plans.models import Plan

logger = logging.getLogger(__name__)

# A recompute is idempotent, so a retry or a redelivery after a killed worker is always safe.
RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


@shared_task(**RETRY)
def rollup_marked_task() -> int:
    """Recompute the indicators marked by approvals and corrections."""
    return rollup.rollup_marked()


@shared_task(**RETRY)
def rollup_plan_task(*, plan_id: int) -> int:
    """Recompute a whole plan. A plan that no longer exists is nothing to do."""
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        logger.info("rollup_plan_task: plan %s no longer exists", plan_id)
        return 0
    return rollup.rollup_plan(plan=plan, kind=RollupKind.FULL)


@shared_task(**RETRY)
def rollup_all_task() -> int:
    """The nightly full recompute of every plan in execution: repairs anything missed."""
    written = 0
    for plan in Plan.objects.filter(status=PlanStatus.IN_EXECUTION):
        written += rollup.rollup_plan(plan=plan, kind=RollupKind.FULL)
    return written


def enqueue_rollup() -> bool:
    """Ask a worker for an incremental roll-up; never fail the caller.

    Called after commit. When the broker is down the marks stay in the database and the
    periodic run (or the next successful enqueue) catches up. Return whether it was enqueued.
    """
    try:
        # retry=False: fail in well under a second instead of retrying a dead broker.
        rollup_marked_task.apply_async(countdown=2, retry=False)
    except Exception:
        logger.warning("Could not enqueue the roll-up; the marked indicators wait for the next run.", exc_info=True)
        return False
    return True
