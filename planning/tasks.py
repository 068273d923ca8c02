"""Celery task of the planning chain: the January reminder of the year's action plan."""

from __future__ import annotations

from celery import shared_task

from execution.tasks import REMINDER_RETRY, _day


@shared_task(name="planning.tasks.send_action_plan_reminders_task", **REMINDER_RETRY)
def send_action_plan_reminders_task(*, day: str | None = None) -> int:
    from planning.reminders import send_action_plan_reminders

    return send_action_plan_reminders(day=_day(day))
