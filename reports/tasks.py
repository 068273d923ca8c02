"""Celery tasks of the periodic reports: thin wrappers that take ids and call one service."""

from __future__ import annotations

import logging

from celery import shared_task

from commsplan.queue import RETRY, send

logger = logging.getLogger(__name__)

# --- Reports
# Generation claims the report row and rewrites it whole, so a retry or a redelivery after a
# killed worker is safe. Any error is retried with backoff (about 1, 2 and 4 s, with jitter) and
# recorded on the report; the last one marks it failed with its reason, for the admin to show.
REPORT_RETRY = {"autoretry_for": (Exception,), "retry_backoff": True, "max_retries": 3}


@shared_task(name="indicators.tasks.report_generate_task", bind=True, **REPORT_RETRY)
def report_generate_task(self, *, report_id: int) -> str | None:
    """Generate a report's files and e-mail the managers; return its status."""
    from reports import services as reports

    try:
        report = reports.report_generate(report_id=report_id)
    except Exception as error:
        # Retries run after this: only the last failure is final (eager runs retry in-process).
        reports.report_failure_record(report_id=report_id, error=error, final=self.request.retries >= self.max_retries)
        raise
    return report.status if report else None


@shared_task(name="indicators.tasks.reports_due_task", **RETRY)
def reports_due_task(*, schedule_id: int) -> int | None:
    """Run by a report schedule's beat task: request the report of the period just ended."""
    from reports import services as reports

    report = reports.reports_due(schedule_id=schedule_id)
    return report.pk if report else None


@shared_task(name="indicators.tasks.reports_pending_task", **RETRY)
def reports_pending_task() -> int:
    """Enqueue the reports left pending while the broker was down or whose worker died."""
    from reports import services as reports

    return reports.reports_pending_enqueue()


def enqueue_report_generation(report_id: int) -> bool:
    """Ask a worker to generate a report; never fail the caller (called after commit).

    With the broker down the report stays pending and the periodic sweep enqueues it later. In
    the embedded default (eager tasks) it is generated here and then, failures recorded on the
    report. Return whether it was enqueued (or generated).
    """
    if report_generate_task.app.conf.task_always_eager:
        # An eager task raises its first failure instead of retrying: retry in-process instead.
        from reports import services as reports

        try:
            report = reports.report_generate_now(report_id=report_id)
        except Exception:
            logger.warning("Could not generate report %s.", report_id, exc_info=True)
            return False
        return report is not None and report.is_ready
    return send(
        report_generate_task, kwargs={"report_id": report_id}, meanwhile=f"report {report_id} waits for the next sweep."
    )
