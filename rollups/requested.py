"""Full roll-ups asked for and not done yet.

A back-office edit that changes what every period of a plan shows asks for a full roll-up of
the plan. The request is a row (RollupRequest) written in the edit's own transaction, and it is
deleted in the transaction of the roll-up that answers it. The task queued after the commit is
only the fast path: when its worker dies mid-run (``kill -9`` of the whole worker leaves the
message unacknowledged in Redis until the visibility timeout, an hour) or the broker is down,
the periodic run of the marks (every minute) finds the request and answers it.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from functools import partial
from pathlib import Path

from django.conf import settings
from django.db import OperationalError, connection, transaction
from django.utils import timezone

from plans.models import Plan
from rollups.enums import RollupKind
from rollups.models import RollupMark, RollupRequest
from rollups.services import plan_lock, rollup_marked, rollup_plan

logger = logging.getLogger(__name__)


def plans_recompute_after_edit(*, plan_ids: Iterable[int]) -> None:
    """Ask for a full roll-up of each plan of ``plan_ids``: write (or renew) its request in the
    caller's transaction and queue the run once that transaction commits.

    For back-office edits that change what the dashboards show of every period: the
    traffic-light thresholds (the statuses are stored by the roll-up), or the names and weights
    they label and weigh progress with. The run's new RollupRun changes the dashboards' cache
    key in every web process, so the edit shows at once instead of when the cache expires.
    """
    from rollups.tasks import enqueue_plan_rollup

    ids = sorted(set(plan_ids))
    now = timezone.now()
    RollupRequest.objects.bulk_create(
        [RollupRequest(plan_id=pk, requested_at=now) for pk in ids],
        update_conflicts=True,
        unique_fields=["plan"],
        update_fields=["requested_at"],
    )
    for plan_id in ids:
        transaction.on_commit(partial(enqueue_plan_rollup, plan_id))


@transaction.atomic
def rollup_plan_requested(*, plan: Plan, only_if_requested: bool = False) -> int:
    """Recompute the whole of ``plan`` and clear its request in the same transaction.

    The request is read under the plan's lock, before the roll-up reads anything, and deleted
    only if it is still the one read: a request renewed by an edit that committed during the
    run stays for the next run (this run may not have seen that edit). With
    ``only_if_requested``, do nothing when no request is left once the lock is held: a run that
    finished meanwhile answered it. Return the number of rows written.
    """
    plan_lock(plan.pk)
    requested_at = RollupRequest.objects.filter(plan_id=plan.pk).values_list("requested_at", flat=True).first()
    if requested_at is None and only_if_requested:
        return 0
    written = rollup_plan(plan=plan, kind=RollupKind.FULL)
    _fault_hold()
    if requested_at is not None:
        RollupRequest.objects.filter(plan_id=plan.pk, requested_at=requested_at).delete()
    return written


def rollup_requested() -> int:
    """Answer every full-roll-up request left behind, plan by plan. A plan whose roll-up fails
    is logged and keeps its request; the others, and the marked months, go on. Return the
    number of rows written."""
    written = 0
    for plan in Plan.objects.filter(rollup_request__isnull=False).order_by("pk"):
        try:
            written += rollup_plan_requested(plan=plan, only_if_requested=True)
        except OperationalError:
            raise  # the database itself: the task's retry handles it
        except Exception:
            logger.exception("The requested full roll-up of plan %s failed; it stays requested.", plan.pk)
    return written


def rollup_pending() -> int:
    """The periodic run (Celery beat, every minute): the full roll-ups requested and not done,
    then the marked months. With nothing pending it costs one query. Return rows written."""
    if not _anything_pending():
        return 0
    return rollup_requested() + rollup_marked()


def _anything_pending() -> bool:
    """Whether any mark or request waits: one query whatever the size of the tables."""
    marks = connection.ops.quote_name(RollupMark._meta.db_table)
    requests = connection.ops.quote_name(RollupRequest._meta.db_table)
    with connection.cursor() as cursor:
        # Our own table names; nothing from outside goes into this statement.
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {marks}) OR EXISTS (SELECT 1 FROM {requests})")  # noqa: S608
        return bool(cursor.fetchone()[0])


def _fault_hold() -> None:
    """A fault-injection point for the live tests (setting ROLLUP_FAULT_HOLD, a file path,
    empty in production): once a full roll-up has written everything and before it commits,
    create the file and wait as long as it exists, so that a test can kill the worker there."""
    path = settings.ROLLUP_FAULT_HOLD
    if not path:
        return
    hold = Path(path)
    hold.touch()
    while hold.exists():
        time.sleep(0.05)
