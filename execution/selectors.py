"""Reads of the reporting cycle: logs as each user may see them, the area leads' site («Mis
actividades») and the press office's review queue."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from execution.enums import LogStatus, ReportingPeriodStatus
from execution.models import ActivityLog, AreaSubmission, Evidence, LogValue, ReportingPeriod
from indicators.enums import PeriodType, Source
from indicators.models import Indicator
from indicators.periods import period_end, period_start
from plans.enums import ActivityStatus, PlanStatus
from plans.models import Activity, Area, Component, Plan, User
from rollups.models import PeriodValue

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


def _month_range(month: date) -> tuple[date, date]:
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
    logs = log_scope_for_user(user)
    if plan is not None:
        logs = logs.filter(activity__component__plan=plan)
    if component is not None:
        logs = logs.filter(activity__component=component)
    if activity is not None:
        logs = logs.filter(activity=activity)
    if month is not None:
        logs = logs.filter(date__range=_month_range(month))
    if status:
        logs = logs.filter(status=status)
    values = LogValue.objects.select_related("indicator").order_by("indicator__order", "indicator__code")
    return (
        logs.select_related("activity__component__plan", "area", "reported_by")
        .prefetch_related(Prefetch("values", queryset=values), "evidence")
        .order_by("-date", "-pk")
    )


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
        plans.order_by("-vigencia_start", "title"),
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


@dataclass
class LeadIndicator:
    """An indicator of one of the lead's activities with its figures for the month."""

    indicator: Indicator
    month: PeriodValue | None

    @property
    def approved(self) -> Decimal | None:
        return self.month.value if self.month else None

    @property
    def pending(self) -> Decimal | None:
        return self.month.pending_value if self.month else None

    @property
    def target(self) -> Decimal | None:
        return self.month.target if self.month else None

    @property
    def achievement(self) -> Decimal | None:
        return self.month.achievement if self.month else None

    @property
    def status(self) -> str | None:
        return self.month.status if self.month else None


@dataclass
class LeadActivity:
    """One of the lead's activities: its indicators and the area's logs of the month by status."""

    activity: Activity
    indicators: list[LeadIndicator]
    counts: dict[str, int] = field(default_factory=dict)
    due: bool = True

    @property
    def drafts(self) -> int:
        return self.counts.get(LogStatus.DRAFT, 0)

    @property
    def submitted(self) -> int:
        return self.counts.get(LogStatus.SUBMITTED, 0)

    @property
    def approved(self) -> int:
        return self.counts.get(LogStatus.APPROVED, 0)

    @property
    def returned(self) -> int:
        return self.counts.get(LogStatus.RETURNED, 0)

    @property
    def is_missing(self) -> bool:
        """Whether it is due this month and the area has logged nothing (that still counts)."""
        return self.due and not any(n for status, n in self.counts.items() if status != LogStatus.WITHDRAWN)


@dataclass
class LeadComponent:
    component: Component
    activities: list[LeadActivity] = field(default_factory=list)


@dataclass
class LeadPeriod:
    """An open reporting period (or the month's closed one) as the lead's area sees it."""

    period: ReportingPeriod
    submitted_at: datetime | None
    drafts: int


@dataclass
class LeadPlan:
    plan: Plan
    components: list[LeadComponent] = field(default_factory=list)
    periods: list[LeadPeriod] = field(default_factory=list)

    @property
    def missing(self) -> list[Activity]:
        return [a.activity for c in self.components for a in c.activities if a.is_missing]


@dataclass
class LeadOverview:
    month: date
    plans: list[LeadPlan]
    returned: list[ActivityLog]


def activities_for_lead(*, user: User, today: date) -> LeadOverview:
    """Return «Mis actividades»: the activities of the lead's area in its entity's plans in
    execution, by plan and component, with each indicator's approved value and target for the
    month of ``today``, the area's logs of the month by status, the plan's open reporting
    periods (with their deadline, the area's drafts and whether it submitted) and the area's
    returned logs with the press office's comment.

    Eight queries whatever the number of activities and logs.
    """
    month_start, month_end = _month_range(today)
    if not (user.is_area_lead and user.area_id):
        return LeadOverview(month=month_start, plans=[], returned=[])
    area_id = user.area_id
    # Automatic indicators count the product's own records: nobody reports them.
    indicators = Indicator.objects.filter(source=Source.MANUAL).order_by("order", "code")
    activities = list(
        Activity.objects.for_user(user)
        .filter(responsible_areas=area_id, component__plan__status=PlanStatus.IN_EXECUTION)
        .select_related("component__plan")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
        .order_by("component__plan__title", "component__plan_id", "component__order", "component_id", "order", "pk")
    )
    returned = list(
        log_scope_for_user(user)
        .filter(area_id=area_id, status=LogStatus.RETURNED, activity__component__plan__status=PlanStatus.IN_EXECUTION)
        .select_related("activity__component__plan", "reviewed_by")
        .order_by("date", "pk")
    )
    if not activities:
        return LeadOverview(month=month_start, plans=[], returned=returned)

    indicator_ids = [i.pk for a in activities for i in a.indicators.all()]
    month_values = {
        pv.indicator_id: pv
        for pv in PeriodValue.objects.filter(
            indicator_id__in=indicator_ids, period_type=PeriodType.MONTH, period_start=month_start
        )
    }
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for row in (
        ActivityLog.objects.filter(
            area_id=area_id, activity_id__in=[a.pk for a in activities], date__range=(month_start, month_end)
        )
        .values("activity_id", "status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[row["activity_id"]][row["status"]] = row["n"]

    plan_ids = {a.component.plan_id for a in activities}
    periods = list(
        ReportingPeriod.objects.filter(plan_id__in=plan_ids)
        .filter(Q(status=ReportingPeriodStatus.OPEN) | Q(period_start=month_start))
        .order_by("plan_id", "-period_start")
    )
    submitted = dict(
        AreaSubmission.objects.filter(reporting_period__in=periods, area_id=area_id).values_list(
            "reporting_period_id", "submitted_at"
        )
    )
    drafts: dict[int, int] = {}
    if periods:
        # One conditional count per period in a single query: the area's drafts of that month.
        drafts = ActivityLog.objects.filter(area_id=area_id, status=LogStatus.DRAFT).aggregate(
            **{
                f"p{p.pk}": Count(
                    "pk", filter=Q(activity__component__plan_id=p.plan_id, date__range=(p.period_start, p.period_end))
                )
                for p in periods
            }
        )
        drafts = {int(key[1:]): n for key, n in drafts.items()}

    plans: dict[int, LeadPlan] = {}
    for activity in activities:
        plan = activity.component.plan
        lead_plan = plans.get(plan.pk)
        if lead_plan is None:
            lead_plan = plans[plan.pk] = LeadPlan(
                plan=plan,
                periods=[
                    LeadPeriod(period=p, submitted_at=submitted.get(p.pk), drafts=drafts.get(p.pk, 0))
                    for p in periods
                    if p.plan_id == plan.pk
                ],
            )
        if not lead_plan.components or lead_plan.components[-1].component.pk != activity.component_id:
            lead_plan.components.append(LeadComponent(component=activity.component))
        lead_plan.components[-1].activities.append(
            LeadActivity(
                activity=activity,
                indicators=[LeadIndicator(i, month_values.get(i.pk)) for i in activity.indicators.all()],
                counts=counts.get(activity.pk, {}),
                due=activity_is_due(activity, month_start, month_end),
            )
        )
    return LeadOverview(month=month_start, plans=list(plans.values()), returned=returned)


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
    """Return the submitted logs of ``user``'s entity waiting for review, oldest first, with
    their values and evidence prefetched (a constant number of queries per page)."""
    logs = ActivityLog.objects.for_user(user).filter(status=LogStatus.SUBMITTED)
    if plan is not None:
        logs = logs.filter(activity__component__plan=plan)
    if area is not None:
        logs = logs.filter(area=area)
    values = LogValue.objects.select_related("indicator").order_by("indicator__order", "indicator__code")
    return (
        logs.select_related("activity__component__plan", "area", "reported_by")
        .prefetch_related(Prefetch("values", queryset=values), "evidence")
        .order_by("date", "pk")
    )


def reporting_periods_for_review(*, user: User) -> list[ReportingPeriod]:
    """Return the reporting periods of ``user``'s entity's plans in execution, newest first,
    each with how many areas submitted (``submission_count``). One query."""
    return list(
        ReportingPeriod.objects.for_user(user)
        .filter(plan__status=PlanStatus.IN_EXECUTION)
        .select_related("plan")
        .annotate(submission_count=Count("submissions"))
        .order_by("status", "-period_start", "plan__title")[:24]
    )


def plans_in_execution_for_user(*, user: User) -> QuerySet[Plan]:
    """Return the plans in execution ``user`` may see."""
    return Plan.objects.for_user(user).in_execution().order_by("title")
