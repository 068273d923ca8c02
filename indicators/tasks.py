"""Celery tasks of the indicators app: thin wrappers that take ids and call one service."""

from __future__ import annotations

import logging
import socket
from urllib.parse import urlsplit

from celery import shared_task
from django.core.cache import cache
from django.db import OperationalError

from indicators import rollup
from indicators.enums import RollupKind
from plans.enums import PlanStatus
from plans.models import Plan

logger = logging.getLogger(__name__)

# The incremental roll-up starts ROLLUP_COUNTDOWN seconds after the change that asked for it,
# and the changes committed within ROLLUP_DEBOUNCE seconds of one another (by this process) ask
# once: that run, still to start, reads all their marks. Shorter than the countdown, so that
# the clocks of web and worker may differ a little; anything missed is caught by the periodic
# run of the marks (every minute).
ROLLUP_COUNTDOWN = 2
ROLLUP_DEBOUNCE = 1
ROLLUP_DEBOUNCE_KEY = "indicators:rollup-enqueued"

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


def _broker_answers(timeout: float = 0.3) -> bool:
    """Whether the Redis broker accepts a connection now.

    redis-py retries a refused connection with back-off for several seconds; a request must
    not wait that long, so a plain TCP connect decides first.
    """
    app = rollup_marked_task.app
    if app.conf.task_always_eager:
        return True
    url = urlsplit(app.conf.broker_url or "")
    if url.scheme not in ("redis", "rediss"):
        return True
    try:
        socket.create_connection((url.hostname or "127.0.0.1", url.port or 6379), timeout=timeout).close()
    except OSError:
        return False
    return True


def _send(task, *, meanwhile: str, kwargs: dict | None = None, countdown: float | None = None) -> bool:
    """Queue ``task`` for a worker and never fail the caller (these run after a commit): a
    broker that does not answer the TCP check, or refuses the message, is logged with
    ``meanwhile`` (what catches up instead) and returns False."""
    if not _broker_answers():
        logger.warning("The broker does not answer; %s", meanwhile)
        return False
    try:
        # retry=False: fail in well under a second instead of retrying a dead broker.
        task.apply_async(kwargs=kwargs, countdown=countdown, retry=False)
    except Exception:
        logger.warning("Could not enqueue %s; %s", task.name, meanwhile, exc_info=True)
        return False
    return True


def enqueue_rollup() -> bool:
    """Ask a worker for an incremental roll-up; never fail the caller.

    Called after commit. Changes committed within ROLLUP_DEBOUNCE seconds share one run. When
    the broker is down the marks stay in the database and the periodic run (or the next
    successful enqueue) catches up. Return whether a run is queued.
    """
    eager = rollup_marked_task.app.conf.task_always_eager  # in-process: runs now, nothing to wait for
    if not eager and not cache.add(ROLLUP_DEBOUNCE_KEY, True, timeout=ROLLUP_DEBOUNCE):
        return True  # a run asked for less than a second ago has yet to start: it reads these marks
    if _send(rollup_marked_task, countdown=ROLLUP_COUNTDOWN, meanwhile="the marked indicators wait for the next run."):
        return True
    cache.delete(ROLLUP_DEBOUNCE_KEY)  # not queued: the next change must ask again
    return False


def enqueue_plan_rollup(plan_id: int) -> bool:
    """Ask a worker for a full roll-up of one plan; never fail the caller.

    Called after commit by back-office edits that change what every period of the plan shows
    (its thresholds, a name or a weight). When the broker is down the edit is saved all the
    same and the nightly full run applies it. Return whether a run is queued (or, in-process,
    done).
    """
    return _send(rollup_plan_task, kwargs={"plan_id": plan_id}, meanwhile=f"plan {plan_id} waits for the nightly run.")


# --- Reminders
# E-mail reminders never go out twice (indicators.reminders records each one), so a retry after
# a broker hiccup or an SMTP failure is safe.
REMINDER_RETRY = {"autoretry_for": (OperationalError, OSError), "retry_backoff": True, "max_retries": 5}


def _day(day: str | None):
    from datetime import date

    from django.utils import timezone

    return date.fromisoformat(day) if day else timezone.localdate()


@shared_task(**REMINDER_RETRY)
def send_deadline_reminders_task(*, day: str | None = None) -> int:
    """Remind area leads of missing logs before a reporting deadline and on the day."""
    from indicators import reminders

    return reminders.reminders_send_deadlines(today=_day(day))


@shared_task(**REMINDER_RETRY)
def send_log_returned_task(*, log_id: int) -> int:
    """Tell the area's leads that the press office returned one of its logs."""
    from indicators import reminders

    return reminders.reminder_log_returned(log_id=log_id)


@shared_task(**REMINDER_RETRY)
def send_weekly_digest_task(*, day: str | None = None) -> int:
    """Send each press office the areas that have not submitted the open periods."""
    from indicators import reminders

    return reminders.reminders_send_weekly_digest(today=_day(day))


def enqueue_log_returned(log_id: int) -> bool:
    """Ask a worker to send the returned-log e-mail; never fail the caller (called after the
    return commits). A broker that is down costs the request no wait: the e-mail is not sent and
    the lead finds the returned log on «Mis actividades». Return whether it was enqueued."""
    return _send(send_log_returned_task, kwargs={"log_id": log_id}, meanwhile=f"log {log_id} gets no e-mail.")


# --- Reports
# Generation claims the report row and rewrites it whole, so a retry or a redelivery after a
# killed worker is safe. Any error is retried with backoff (about 1, 2 and 4 s, with jitter) and
# recorded on the report; the last one marks it failed with its reason, for the admin to show.
REPORT_RETRY = {"autoretry_for": (Exception,), "retry_backoff": True, "max_retries": 3}


@shared_task(bind=True, **REPORT_RETRY)
def report_generate_task(self, *, report_id: int) -> str | None:
    """Generate a report's files and e-mail the managers; return its status."""
    from indicators import reports

    try:
        report = reports.report_generate(report_id=report_id)
    except Exception as error:
        # Retries run after this: only the last failure is final (eager runs retry in-process).
        reports.report_failure_record(report_id=report_id, error=error, final=self.request.retries >= self.max_retries)
        raise
    return report.status if report else None


@shared_task(**RETRY)
def reports_due_task(*, schedule_id: int) -> int | None:
    """Run by a report schedule's beat task: request the report of the period just ended."""
    from indicators import reports

    report = reports.reports_due(schedule_id=schedule_id)
    return report.pk if report else None


@shared_task(**RETRY)
def reports_pending_task() -> int:
    """Enqueue the reports left pending while the broker was down or whose worker died."""
    from indicators import reports

    return reports.reports_pending_enqueue()


def enqueue_report_generation(report_id: int) -> bool:
    """Ask a worker to generate a report; never fail the caller (called after commit).

    With the broker down the report stays pending and the periodic sweep enqueues it later. In
    the embedded default (eager tasks) it is generated here and then, failures recorded on the
    report. Return whether it was enqueued (or generated).
    """
    if report_generate_task.app.conf.task_always_eager:
        # An eager task raises its first failure instead of retrying: retry in-process instead.
        from indicators import reports

        try:
            report = reports.report_generate_now(report_id=report_id)
        except Exception:
            logger.warning("Could not generate report %s.", report_id, exc_info=True)
            return False
        return report is not None and report.is_ready
    return _send(
        report_generate_task, kwargs={"report_id": report_id}, meanwhile=f"report {report_id} waits for the next sweep."
    )
