"""Reads of the reporting cycle: logs as each user may see them, the area leads' site («Mis
actividades») and the press office's review queue."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from execution.enums import LogStatus, ReportingPeriodStatus
from execution.models import ActivityLog, Evidence, LogValue, ReportingPeriod
from indicators.enums import PeriodType
from indicators.periods import period_end, period_start
from plans.enums import ActivityStatus, PlanStatus
from plans.models import Activity, Area, Component, Plan, User

# --- The area leads' site: activities, logs, evidence and the review queue ------------------


def log_scope_for_user(user: User) -> QuerySet[ActivityLog]:
    """Return the logs ``user`` may read: its entity's for the press office and managers (all
    for a superuser), its own area's for an area lead, none for anyone else."""
    logs = ActivityLog.objects.for_user(user)
    if user.is_press or user.is_manager:
        return logs
    if user.is_area_lead and user.area_id:
        return logs.for_area(user.area_id)
    return logs.none()


# The logs sent to the press office that the roll-up counts (execution.services.COUNTED): what
# gives an indicator its value.
SENT_STATUSES = [LogStatus.SUBMITTED, LogStatus.APPROVED]


def log_sent_filter_for_user(user: User) -> Q:
    """Return which of the logs ``user`` may read an indicator's page lists behind its figures.

    Everyone: the logs sent to the press office (submitted and approved). The press office also
    sees those it returned, waiting for a correction. An area lead also sees its own area's
    drafts and returned logs, its unsent work, which nobody else sees there. Withdrawn logs
    give no value and are left out. A filter for ``log_scope_for_user``'s logs: no query.
    """
    statuses = list(SENT_STATUSES)
    if user.is_press:
        statuses.append(LogStatus.RETURNED)
    sent = Q(status__in=statuses)
    if user.is_area_lead and user.area_id:
        sent |= Q(area_id=user.area_id, status__in=[LogStatus.DRAFT, LogStatus.RETURNED])
    return sent


def month_range(month: date) -> tuple[date, date]:
    start = period_start(PeriodType.MONTH, month)
    return start, period_end(PeriodType.MONTH, start)


def log_get_for_user(*, user: User, log_id: int) -> ActivityLog:
    """Return the log ``log_id`` if ``user`` may read it, with its activity, plan, area and
    people, or raise Http404."""
    try:
        return (
            log_scope_for_user(user)
            .select_related("activity__component__plan", "area", "reported_by", "reviewed_by")
            .get(pk=log_id)
        )
    except (ActivityLog.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def log_detail_extras(*, log: ActivityLog) -> dict:
    """Return what the log's page shows besides the log: its values with their indicators,
    its evidence, its history (status changes) and the earlier values of its indicators.
    Four queries."""
    values = list(log.values.select_related("indicator").order_by("indicator__order", "indicator__code"))
    evidence = list(log.evidence.select_related("uploaded_by"))
    history = list(log.history.select_related("history_user").order_by("-history_date", "-history_id"))
    value_history = list(
        LogValue.history.filter(log_id=log.pk)
        .select_related("history_user", "indicator")
        .order_by("-history_date", "-history_id")
    )
    return {"values": values, "evidence": evidence, "history": history, "value_history": value_history}


def _logs_filtered(
    user: User,
    plan: Plan | None,
    component: Component | None,
    activity: Activity | None,
    month: date | None,
    status: str,
) -> QuerySet[ActivityLog]:
    logs = log_scope_for_user(user)
    if plan is not None:
        logs = logs.filter(activity__component__plan=plan)
    if component is not None:
        logs = logs.filter(activity__component=component)
    if activity is not None:
        logs = logs.filter(activity=activity)
    if month is not None:
        logs = logs.filter(date__range=month_range(month))
    if status:
        logs = logs.filter(status=status)
    return logs


def log_list_for_user(
    *,
    user: User,
    plan: Plan | None = None,
    component: Component | None = None,
    activity: Activity | None = None,
    month: date | None = None,
    status: str = "",
) -> QuerySet[ActivityLog]:
    """Return the logs ``user`` may read, newest first, filtered, with what a list row shows.

    Two queries plus the page's: the values with their indicators and the evidence are
    prefetched, so a page costs the same whatever the number of logs.
    """
    values = LogValue.objects.select_related("indicator").order_by("indicator__order", "indicator__code")
    return (
        _logs_filtered(user, plan, component, activity, month, status)
        .select_related("activity__component__plan", "area", "reported_by")
        .prefetch_related(Prefetch("values", queryset=values), "evidence")
        .order_by("-date", "-pk")
    )


# What a row of a table of logs or a review card shows (execution.rows), read as plain values:
# not a plan's long texts nor an activity's tactics for every log of the page, and no model
# instances (six a log, with their related objects). The area is read whole (four columns):
# reading only its name lets SQLite's planner start from the area's covering index and sort
# every log of the entity (7 ms for 15,000 logs) instead of reading the newest from the
# (date, id) index (0.2 ms).
TABLE_ROW_COLUMNS = {
    "activity_name": F("activity__name"),
    "area_entity_id": F("area__entity_id"),
    "area_name": F("area__name"),
    "area_code": F("area__code"),
}
# Read only where the page shows them: each is a join or two more, and joins weigh on
# PostgreSQL's planning of this query (the logs list's, 15,000 logs: about 0.7 ms without the
# author's join, 3 ms with it, 0.2 ms without the plan's either).
PLAN_COLUMNS = {"plan_title": F("activity__component__plan__title")}
REPORTER_COLUMNS = {
    "reporter_username": F("reported_by__username"),
    "reporter_first_name": F("reported_by__first_name"),
    "reporter_last_name": F("reported_by__last_name"),
}


def with_table_rows(logs: QuerySet[ActivityLog], *, plan: bool = True, reporter: bool = False) -> QuerySet[dict]:
    """Return ``logs`` (a page of them) as what a row of a table of logs shows (the logs list,
    the review queue, the indicator page; see execution.rows): each log's id, date, status and
    description, its activity and area, its plan's title (``plan``) and its author
    (``reporter``), in one query; ``execution.rows.log_rows`` reads the page's values and
    evidence in two more.

    Applied to a page, not to the list it is cut from: the joins it needs would weigh on the
    paginator's count of the whole list (13 ms for 15,000 logs on SQLite instead of 0.3)."""
    columns = {**TABLE_ROW_COLUMNS, **(PLAN_COLUMNS if plan else {}), **(REPORTER_COLUMNS if reporter else {})}
    return logs.values("pk", "date", "status", "description", **columns)


def log_table_for_user(
    *,
    user: User,
    plan: Plan | None = None,
    component: Component | None = None,
    activity: Activity | None = None,
    month: date | None = None,
    status: str = "",
) -> QuerySet[ActivityLog]:
    """Return the logs ``user`` may read, newest first, filtered, for the table of the logs
    list: a page of them costs three queries whatever the number of logs (``with_table_rows``
    and ``execution.rows.log_rows``)."""
    return _logs_filtered(user, plan, component, activity, month, status).order_by("-date", "-pk")


def log_filter_choices(*, user: User) -> tuple[QuerySet[Plan], QuerySet[Component], QuerySet[Activity]]:
    """Return the plans, components and activities ``user`` may filter logs by: its area's for
    an area lead, its entity's for the press office and managers."""
    plans = Plan.objects.for_user(user)
    components = Component.objects.for_user(user)
    activities = Activity.objects.for_user(user)
    if not (user.is_press or user.is_manager):
        if user.is_area_lead and user.area_id:
            activities = activities.filter(responsible_areas=user.area_id)
        else:
            activities = activities.none()
        components = components.filter(pk__in=activities.values("component_id"))
        plans = plans.filter(pk__in=components.values("plan_id"))
    return (
        # A plan's label reads its title and vigencia, not its long texts.
        plans.only("entity_id", "title", "status", "vigencia_start", "vigencia_end").order_by(
            "-vigencia_start", "title"
        ),
        components.select_related("plan").order_by("plan__title", "order", "pk"),
        activities.order_by("component__plan__title", "component__order", "order", "pk"),
    )


def evidence_get_for_user(*, user: User, evidence_id: int) -> Evidence:
    """Return the evidence file ``evidence_id`` if ``user`` may read its log, or raise Http404."""
    try:
        return Evidence.objects.filter(log__in=log_scope_for_user(user).values("pk")).get(pk=evidence_id)
    except (Evidence.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def activity_get_for_logging(*, user: User, activity_id: int) -> Activity:
    """Return the activity ``user`` may record a log for, with its plan, or raise Http404.

    An area lead: an activity of its own area in a plan of its entity in execution. The press
    office: any activity of its entity's plans in execution. Nobody else.
    """
    activities = (
        Activity.objects.for_user(user)
        .filter(component__plan__status=PlanStatus.IN_EXECUTION)
        .select_related("component__plan")
    )
    if not user.is_press:
        if not (user.is_area_lead and user.area_id):
            raise Http404
        activities = activities.filter(responsible_areas=user.area_id)
    try:
        return activities.distinct().get(pk=activity_id)
    except (Activity.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def activity_is_due(activity: Activity, start: date, end: date) -> bool:
    """Return whether ``activity`` is expected to be logged in [start, end]: not completed nor
    suspended, and its dates (when it has them) overlap the period. The reminders use the same
    rule (execution.reminders)."""
    if activity.status in (ActivityStatus.DONE, ActivityStatus.SUSPENDED):
        return False
    if activity.start_date and activity.start_date > end:
        return False
    return not (activity.end_date and activity.end_date < start)


def reporting_period_for_submit(*, user: User, period_id: int) -> ReportingPeriod:
    """Return a reporting period of a plan in execution of ``user``'s entity, or raise Http404."""
    try:
        return (
            ReportingPeriod.objects.for_user(user)
            .filter(plan__status=PlanStatus.IN_EXECUTION)
            .select_related("plan")
            .get(pk=period_id)
        )
    except (ReportingPeriod.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def reporting_period_get_for_user(*, user: User, period_id: int) -> ReportingPeriod:
    """Return a reporting period of ``user``'s entity, or raise Http404."""
    try:
        return ReportingPeriod.objects.for_user(user).select_related("plan").get(pk=period_id)
    except (ReportingPeriod.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def review_queue_for_user(*, user: User, plan: Plan | None = None, area: Area | None = None) -> QuerySet[ActivityLog]:
    """Return the submitted logs of ``user``'s entity waiting for review, oldest first: a page
    of them costs a constant number of queries (``execution.rows.log_rows``)."""
    logs = ActivityLog.objects.for_user(user).filter(status=LogStatus.SUBMITTED)
    if plan is not None:
        logs = logs.filter(activity__component__plan=plan)
    if area is not None:
        logs = logs.filter(area=area)
    return logs.order_by("date", "pk")


def review_queue_count(*, user: User) -> int:
    """Return how many logs of ``user``'s entity wait for review (all entities' for a
    superuser): the press office's worklist. One query."""
    return ActivityLog.objects.for_user(user).filter(status=LogStatus.SUBMITTED).count()


# How far ahead a reporting period's deadline counts as «this week» on the worklist.
CLOSING_SOON_DAYS = 7


def reporting_periods_closing_count(*, user: User, today: date | None = None) -> int:
    """Return how many open reporting periods of ``user``'s entity's plans in execution reach
    their deadline within a week, or already passed it while still open: the press office's
    worklist. One query."""
    today = today or timezone.localdate()
    return (
        ReportingPeriod.objects.for_user(user)
        .filter(
            plan__status=PlanStatus.IN_EXECUTION,
            status=ReportingPeriodStatus.OPEN,
            deadline__lte=today + timedelta(days=CLOSING_SOON_DAYS),
        )
        .count()
    )


def reporting_periods_for_review(*, user: User) -> list[ReportingPeriod]:
    """Return the reporting periods of ``user``'s entity's plans in execution, newest first,
    each with how many areas submitted (``submission_count``). One query."""
    return list(
        ReportingPeriod.objects.for_user(user)
        .filter(plan__status=PlanStatus.IN_EXECUTION)
        .select_related("plan")
        .only("period_start", "period_end", "deadline", "status", "plan__title")  # not the plan's long texts
        .annotate(submission_count=Count("submissions"))
        .order_by("status", "-period_start", "plan__title")[:24]
    )


def plans_in_execution_for_user(*, user: User) -> QuerySet[Plan]:
    """Return the plans in execution ``user`` may see, for the review page's choice lists:
    with the columns a plan's label and the period checks read (its long texts load only if
    something reads them)."""
    return (
        Plan.objects.for_user(user)
        .in_execution()
        .only("entity_id", "title", "status", "version", "vigencia_start", "vigencia_end")
        .order_by("title")
    )


@dataclass
class OutOfPeriodMonth:
    """A month of a plan holding area drafts but no reporting period: nobody can send them."""

    plan_id: int
    plan_title: str
    month: date
    areas: list[tuple[str, int]] = field(default_factory=list)  # (area name, drafts)

    @property
    def drafts(self) -> int:
        return sum(count for _name, count in self.areas)


def _drafts_out_of_period(user: User) -> QuerySet[ActivityLog]:
    """The drafts of ``user``'s entity's plans in execution dated in a month with no reporting
    period, open or closed."""
    has_period = ReportingPeriod.objects.filter(
        plan_id=OuterRef("activity__component__plan_id"),
        period_start__lte=OuterRef("date"),
        period_end__gte=OuterRef("date"),
    )
    return (
        ActivityLog.objects.for_user(user)
        .filter(status=LogStatus.DRAFT, activity__component__plan__status=PlanStatus.IN_EXECUTION)
        .filter(~Exists(has_period))
    )


def drafts_out_of_period_count(*, user: User) -> int:
    """Return how many drafts of ``user``'s entity wait for their month to be opened (see
    ``drafts_out_of_period_for_user``): the press office's worklist. One query."""
    return _drafts_out_of_period(user).count()


def drafts_out_of_period_for_user(*, user: User) -> list[OutOfPeriodMonth]:
    """Return the months of ``user``'s entity's plans in execution that hold drafts but have no
    reporting period, oldest first, with each area's number of drafts. One query.

    Such drafts were saved before a draft needed an open month (execution.services.
    open_refusal_for): no area can send them and neither «Mis actividades» nor the review
    queue shows them, so the press office is shown them here to open their month. A month
    whose period was closed is left out: closing it was the press office's decision.
    """
    rows = (
        _drafts_out_of_period(user)
        # Drafts are few (the log_draft_area_date index serves them): truncating their dates
        # costs nothing, even where SQLite runs TruncMonth in Python.
        .annotate(month=TruncMonth("date"))
        .values("activity__component__plan_id", "activity__component__plan__title", "month", "area__name")
        .annotate(count=Count("pk"))
        .order_by("month", "activity__component__plan__title", "activity__component__plan_id", "area__name")
    )
    months: dict[tuple[int, date], OutOfPeriodMonth] = {}
    for row in rows:
        key = (row["activity__component__plan_id"], row["month"])
        if key not in months:
            months[key] = OutOfPeriodMonth(
                plan_id=key[0], plan_title=row["activity__component__plan__title"], month=row["month"]
            )
        months[key].areas.append((row["area__name"], row["count"]))
    return list(months.values())
