"""E-mail reminders of the reporting cycle.

- Area leads whose area still has activities with no log in an open reporting period, some days
  before its deadline (``settings.REMINDER_DAYS_BEFORE``) and on the deadline day.
- The area's leads, right after the press office returns one of its logs.
- Each entity's press office, weekly: the areas that have not submitted an open period.

Every reminder is recorded (ReminderSent) in the same transaction that sends it, so running a
task or the command twice never sends the same reminder twice for the same person, period, kind
and day; a failed send leaves no record and the next run tries again. The day is a parameter so
that callers (and tests) decide what «today» is.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from execution.enums import LogStatus, ReminderKind, ReportingPeriodStatus
from execution.models import ActivityLog, AreaSubmission, ReminderSent, ReportingPeriod
from indicators.enums import PeriodType
from indicators.periods import period_start
from plans.enums import ActivityStatus, PlanStatus, Role
from plans.models import Activity, Area, User

logger = logging.getLogger(__name__)


def absolute_url(path: str) -> str:
    """Return ``path`` on the site's address (``settings.SITE_URL``)."""
    return settings.SITE_URL.rstrip("/") + path


def _send(
    *,
    user: User,
    kind: str,
    day: date,
    subject: str,
    template: str,
    context: dict,
    reporting_period: ReportingPeriod | None = None,
    log: ActivityLog | None = None,
) -> bool:
    """Send one reminder to ``user`` unless it was already sent; return whether it went out.

    The record and the e-mail share a transaction: if sending fails, nothing is recorded.
    """
    if not user.email:
        return False
    with transaction.atomic():
        try:
            with transaction.atomic():
                ReminderSent.objects.create(
                    user=user, kind=kind, day=day, reporting_period=reporting_period, log=log, sent_at=timezone.now()
                )
        except IntegrityError:
            return False  # already sent (or being sent by a concurrent run)
        context = {**context, "user": user, "site_url": settings.SITE_URL}
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string(f"execution/email/{template}.txt", context),
            to=[user.email],
        )
        message.attach_alternative(render_to_string(f"execution/email/{template}.html", context), "text/html")
        message.send()
    return True


def _leads_of(area_ids) -> dict[int, list[User]]:
    leads: dict[int, list[User]] = defaultdict(list)
    users = (
        User.objects.with_role(Role.AREA_LEAD)
        .filter(is_active=True, area_id__in=list(area_ids))
        .exclude(email="")
        .order_by("username")
    )
    for user in users:
        leads[user.area_id].append(user)
    return leads


def _due_activities(plan_ids, start: date, end: date):
    """Activities of the plans that are due in [start, end]: not completed nor suspended, and
    whose dates (when it has them) overlap the period."""
    return (
        Activity.objects.filter(component__plan_id__in=list(plan_ids))
        .exclude(status__in=[ActivityStatus.DONE, ActivityStatus.SUSPENDED])
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=end))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
    )


@dataclass
class MissingActivity:
    activity: Activity
    url: str


def missing_activities_by_area(period: ReportingPeriod) -> dict[int, list[MissingActivity]]:
    """Return, for each area responsible for a due activity of the period's plan, the
    activities it has not logged (a log that still counts) in the period. Three queries."""
    activities = {
        a.pk: a
        for a in _due_activities([period.plan_id], period.period_start, period.period_end).order_by(
            "component__order", "order", "pk"
        )
    }
    pairs = Activity.responsible_areas.through.objects.filter(activity_id__in=list(activities)).values_list(
        "activity_id", "area_id"
    )
    logged = set(
        ActivityLog.objects.filter(
            activity_id__in=list(activities), date__range=(period.period_start, period.period_end)
        )
        .exclude(status=LogStatus.WITHDRAWN)
        .values_list("activity_id", "area_id")
        .distinct()
    )
    missing: dict[int, list[MissingActivity]] = defaultdict(list)
    order = list(activities)
    for activity_id, area_id in sorted(pairs, key=lambda pair: order.index(pair[0])):
        if (activity_id, area_id) not in logged:
            url = absolute_url(reverse("execution:log_create", args=[activity_id]))
            missing[area_id].append(MissingActivity(activities[activity_id], url))
    return missing


def reminders_send_deadlines(*, today: date, days_before: int | None = None) -> int:
    """Remind area leads of the activities their area has not logged in each open reporting
    period whose deadline is ``days_before`` days after ``today`` (default
    ``settings.REMINDER_DAYS_BEFORE``) or is ``today``. Return how many e-mails went out."""
    days_before = settings.REMINDER_DAYS_BEFORE if days_before is None else days_before
    periods = (
        ReportingPeriod.objects.filter(
            status=ReportingPeriodStatus.OPEN,
            plan__status=PlanStatus.IN_EXECUTION,
            deadline__in=[today, today + timedelta(days=days_before)],
        )
        .select_related("plan__entity")
        .order_by("deadline", "pk")
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for period in periods:
            kind = ReminderKind.DEADLINE_DAY if period.deadline == today else ReminderKind.BEFORE_DEADLINE
            missing = missing_activities_by_area(period)
            leads = _leads_of(missing)
            for area_id, activities in missing.items():
                for lead in leads.get(area_id, []):
                    if lead.entity_id != period.plan.entity_id:
                        continue
                    if kind == ReminderKind.DEADLINE_DAY:
                        subject = _("Hoy vence el reporte de %(period)s") % {"period": period.label}
                    else:
                        subject = _("El reporte de %(period)s vence el %(deadline)s") % {
                            "period": period.label,
                            "deadline": period.deadline.strftime("%d/%m/%Y"),
                        }
                    sent += _send(
                        user=lead,
                        kind=kind,
                        day=today,
                        subject=subject,
                        template="deadline_reminder",
                        context={
                            "period": period,
                            "plan": period.plan,
                            "is_deadline_day": kind == ReminderKind.DEADLINE_DAY,
                            "days_left": (period.deadline - today).days,
                            "activities": activities,
                            "my_activities_url": absolute_url(reverse("dashboards:my_activities")),
                        },
                        reporting_period=period,
                    )
    return sent


def reminder_log_returned(*, log_id: int, today: date | None = None) -> int:
    """Tell the leads of a returned log's area what the press office asked to correct, with a
    link to the correction form. Return how many e-mails went out (0 if the log is no longer
    returned)."""
    today = today or timezone.localdate()
    log = (
        ActivityLog.objects.filter(pk=log_id, status=LogStatus.RETURNED)
        .select_related("activity__component__plan", "area", "reviewed_by")
        .first()
    )
    if log is None:
        return 0
    plan = log.activity.component.plan
    period = ReportingPeriod.objects.filter(plan=plan, period_start=period_start(PeriodType.MONTH, log.date)).first()
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for lead in _leads_of([log.area_id]).get(log.area_id, []):
            if lead.entity_id != log.area.entity_id:
                continue
            sent += _send(
                user=lead,
                kind=ReminderKind.LOG_RETURNED,
                day=today,
                subject=_("Registro devuelto para corregir: %(activity)s") % {"activity": log.activity.name[:80]},
                template="log_returned",
                context={
                    "log": log,
                    "plan": plan,
                    "period": period,
                    "correct_url": absolute_url(reverse("execution:log_update", args=[log.pk])),
                    "detail_url": absolute_url(reverse("execution:log_detail", args=[log.pk])),
                },
                reporting_period=period,
                log=log,
            )
    return sent


@dataclass
class PendingPeriod:
    period: ReportingPeriod
    areas: list[Area]


def areas_not_submitted(periods: list[ReportingPeriod]) -> dict[int, list[Area]]:
    """Return, for each period, the areas responsible for its plan's due activities that have
    not submitted it. A constant number of queries for any number of periods."""
    if not periods:
        return {}
    start = min(p.period_start for p in periods)
    end = max(p.period_end for p in periods)
    expected: dict[int, set[int]] = defaultdict(set)  # plan → areas
    rows = Activity.responsible_areas.through.objects.filter(
        activity__in=_due_activities({p.plan_id for p in periods}, start, end)
    ).values_list("activity__component__plan_id", "area_id")
    for plan_id, area_id in rows:
        expected[plan_id].add(area_id)
    submitted = set(
        AreaSubmission.objects.filter(reporting_period__in=periods).values_list("reporting_period_id", "area_id")
    )
    areas = Area.objects.in_bulk({a for ids in expected.values() for a in ids})
    result: dict[int, list[Area]] = {}
    for period in periods:
        pending = [areas[a] for a in expected[period.plan_id] if (period.pk, a) not in submitted and a in areas]
        result[period.pk] = sorted(pending, key=lambda area: area.name)
    return result


def reminders_send_weekly_digest(*, today: date) -> int:
    """Send each press officer of an entity the areas that have not submitted its open
    reporting periods (only when some have not). Return how many e-mails went out."""
    periods = list(
        ReportingPeriod.objects.filter(status=ReportingPeriodStatus.OPEN, plan__status=PlanStatus.IN_EXECUTION)
        .select_related("plan")
        .order_by("deadline", "plan__title")
    )
    pending = areas_not_submitted(periods)
    by_entity: dict[int, list[PendingPeriod]] = defaultdict(list)
    for period in periods:
        if pending.get(period.pk):
            by_entity[period.plan.entity_id].append(PendingPeriod(period, pending[period.pk]))
    if not by_entity:
        return 0
    press = (
        User.objects.with_role(Role.PRESS)
        .filter(is_active=True, entity_id__in=list(by_entity))
        .exclude(email="")
        .order_by("username")
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        for user in press:
            sent += _send(
                user=user,
                kind=ReminderKind.WEEKLY_DIGEST,
                day=today,
                subject=_("Resumen semanal: dependencias que no han enviado su reporte"),
                template="weekly_digest",
                context={
                    "periods": by_entity[user.entity_id],
                    "today": today,
                    "review_url": absolute_url(reverse("execution:review")),
                },
            )
    return sent
