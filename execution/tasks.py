"""Celery tasks of the reporting cycle's e-mails: thin wrappers that take ids and call one
service."""

from __future__ import annotations

import logging

from celery import shared_task
from django.db import OperationalError

from commsplan.queue import send

logger = logging.getLogger(__name__)

# --- Reminders
# E-mail reminders never go out twice (execution.reminders records each one), so a retry after
# a broker hiccup or an SMTP failure is safe.
REMINDER_RETRY = {"autoretry_for": (OperationalError, OSError), "retry_backoff": True, "max_retries": 5}


def _day(day: str | None):
    from datetime import date

    from django.utils import timezone

    return date.fromisoformat(day) if day else timezone.localdate()


@shared_task(name="indicators.tasks.send_deadline_reminders_task", **REMINDER_RETRY)
def send_deadline_reminders_task(*, day: str | None = None) -> int:
    """Remind area leads of missing logs before a reporting deadline and on the day."""
    from execution import reminders

    return reminders.reminders_send_deadlines(today=_day(day))


@shared_task(name="indicators.tasks.send_log_returned_task", **REMINDER_RETRY)
def send_log_returned_task(*, log_id: int) -> int:
    """Tell the area's leads that the press office returned one of its logs."""
    from execution import reminders

    return reminders.reminder_log_returned(log_id=log_id)


@shared_task(name="indicators.tasks.send_weekly_digest_task", **REMINDER_RETRY)
def send_weekly_digest_task(*, day: str | None = None) -> int:
    """Send each press office the areas that have not submitted the open periods."""
    from execution import reminders

    return reminders.reminders_send_weekly_digest(today=_day(day))


def enqueue_log_returned(log_id: int) -> bool:
    """Ask a worker to send the returned-log e-mail; never fail the caller (called after the
    return commits). A broker that is down costs the request no wait: the e-mail is not sent and
    the lead finds the returned log on «Mis actividades». Return whether it was enqueued."""
    return send(send_log_returned_task, kwargs={"log_id": log_id}, meanwhile=f"log {log_id} gets no e-mail.")
