"""«Mis actividades», the area lead's home: the area's activities with this month's figures
(rolled up), what is logged and what is missing, the open periods to submit and the returned
logs to correct."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import cached_property

from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from execution.enums import LogStatus, ReportingPeriodStatus
from execution.models import ActivityLog, AreaSubmission, ReportingPeriod
from execution.selectors import activity_is_due, log_scope_for_user, month_range
from indicators.enums import PeriodType, Source
from indicators.models import Indicator
from plans.enums import PlanStatus
from plans.models import Activity, User, person_name
from plans.web import IdUrl
from rollups.models import PeriodValue


@dataclass
class MonthFigures:
    """An indicator's rolled-up figures of the month (rollups.models.PeriodValue's)."""

    value: Decimal | None
    pending_value: Decimal | None
    target: Decimal | None
    achievement: Decimal | None
    status: str


@dataclass
class LeadIndicator:
    """A manual indicator of one of the lead's activities with its figures for the month."""

    pk: int
    code: str
    name: str
    month: MonthFigures | None = None

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

    @cached_property
    def figures(self) -> tuple[str, str, str]:
        """Approved, pending and target as the page writes them (at most two decimals, «—»
        for none), formatted here once rather than by three template filters per row."""
        return tuple(
            "—" if value is None else floatformat(value, "-2g") for value in (self.approved, self.pending, self.target)
        )

    @property
    def line(self) -> str:
        """The indicator in one line, for the activities folded away."""
        approved, pending, target = self.figures
        return _("%(code)s: aprobado %(approved)s · por aprobar %(pending)s · meta del mes %(target)s") % {
            "code": self.code,
            "approved": approved,
            "pending": pending,
            "target": target,
        }


@dataclass
class LeadActivity:
    """One of the lead's activities (the columns the page and ``activity_is_due`` read): its
    manual indicators and the area's logs of the month by status."""

    pk: int
    name: str
    status: str
    start_date: date | None
    end_date: date | None
    plan_id: int
    plan_title: str
    component_id: int
    component_name: str
    indicators: list[LeadIndicator] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    due: bool = True
    log_url: str = ""  # «Registrar ejecución»

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

    @property
    def needs_action(self) -> bool:
        """Whether the area still owes something on it this month: a log to record (it is due
        and has none), drafts to send or returned logs to correct."""
        return self.is_missing or bool(self.drafts or self.returned)

    @cached_property
    def badges(self) -> list[tuple[str, str]]:
        """The month's state as (CSS class, text) pairs, worded here once rather than by a
        template tag per card."""
        # Only the states the activity is in are translated (a translation costs a few
        # microseconds, and the page has dozens of cards).
        badges = [("badge-missing", _("Sin registro este mes"))] if self.is_missing else []
        if n := self.drafts:
            text = ngettext("%(n)s en borrador", "%(n)s en borrador", n) % {"n": n}
            badges.append((f"badge-status-{LogStatus.DRAFT}", text))
        if n := self.submitted:
            text = ngettext("%(n)s enviado", "%(n)s enviados", n) % {"n": n}
            badges.append((f"badge-status-{LogStatus.SUBMITTED}", text))
        if n := self.approved:
            text = ngettext("%(n)s aprobado", "%(n)s aprobados", n) % {"n": n}
            badges.append((f"badge-status-{LogStatus.APPROVED}", text))
        if n := self.returned:
            text = ngettext("%(n)s devuelto", "%(n)s devueltos", n) % {"n": n}
            badges.append((f"badge-status-{LogStatus.RETURNED}", text))
        return badges


@dataclass
class LeadComponent:
    pk: int
    name: str
    activities: list[LeadActivity] = field(default_factory=list)


@dataclass
class LeadPeriod:
    """An open reporting period (or the month's closed one) as the lead's area sees it."""

    period: ReportingPeriod
    submitted_at: datetime | None
    drafts: int


@dataclass
class LeadPlan:
    pk: int
    title: str
    components: list[LeadComponent] = field(default_factory=list)
    periods: list[LeadPeriod] = field(default_factory=list)

    @property
    def missing(self) -> list[LeadActivity]:
        return [a for c in self.components for a in c.activities if a.is_missing]

    @cached_property
    def to_do(self) -> list[LeadActivity]:
        """The activities with something to log, send or correct this month, first on the page."""
        return [a for c in self.components for a in c.activities if a.needs_action]

    @cached_property
    def rest(self) -> list[LeadActivity]:
        """The other activities (up to date this month, or not due), folded away on the page."""
        return [a for c in self.components for a in c.activities if not a.needs_action]

    @property
    def drafts_to_send(self) -> int:
        return sum(p.drafts for p in self.periods if not p.period.is_closed)


@dataclass
class ReturnedLog:
    """A log of the area the press office returned, with its comment."""

    pk: int
    date: date
    activity_name: str
    plan_title: str
    comment: str
    reviewer: str  # who returned it: full name, else username; empty when unknown


@dataclass
class LeadOverview:
    month: date
    plans: list[LeadPlan]
    returned: list[ReturnedLog]
    area_name: str = ""


def _lead_activities(user: User, area_id: int) -> tuple[list[LeadActivity], str]:
    """The activities of the area in its entity's plans in execution, in the matrix's order,
    with their manual indicators (automatic ones count the product's own records: nobody
    reports them), and the area's name. Two queries, of plain values: only the columns the
    page shows (a plan's texts and an activity's tactics can be long), and no model instances
    nor prefetch machinery for a page opened every day."""
    rows = list(
        Activity.objects.for_user(user)
        .filter(responsible_areas=area_id, component__plan__status=PlanStatus.IN_EXECUTION)
        # The area's name, through the join the filter above made: no query of its own.
        .annotate(area_name=F("responsible_areas__name"))
        .order_by("component__plan__title", "component__plan_id", "component__order", "component_id", "order", "pk")
        .values_list(
            "pk",
            "name",
            "status",
            "start_date",
            "end_date",
            "component__plan_id",
            "component__plan__title",
            "component_id",
            "component__name",
            "area_name",
        )
    )
    activities = {row[0]: LeadActivity(*row[:-1]) for row in rows}
    if not activities:
        return [], ""
    indicators = (
        Indicator.objects.filter(activity_id__in=activities, source=Source.MANUAL)
        .order_by("order", "code")
        .values_list("activity_id", "pk", "code", "name")
    )
    for activity_id, *indicator in indicators:
        activities[activity_id].indicators.append(LeadIndicator(*indicator))
    return list(activities.values()), rows[0][-1]


def _returned_logs(user: User, area_id: int) -> list[ReturnedLog]:
    """The area's logs the press office returned, oldest first, with the columns the page
    shows."""
    rows = (
        log_scope_for_user(user)
        .filter(area_id=area_id, status=LogStatus.RETURNED, activity__component__plan__status=PlanStatus.IN_EXECUTION)
        .order_by("date", "pk")
        .values_list(
            "pk",
            "date",
            "activity__name",
            "activity__component__plan__title",
            "review_comment",
            "reviewed_by__username",
            "reviewed_by__first_name",
            "reviewed_by__last_name",
        )
    )
    return [
        ReturnedLog(pk, day, activity, plan, comment, person_name(username, first, last))
        for pk, day, activity, plan, comment, username, first, last in rows
    ]


def _month_values(indicator_ids: list[int], month_start: date) -> dict[int, MonthFigures]:
    """The indicators' rolled-up figures of the month, by indicator."""
    rows = PeriodValue.objects.filter(
        indicator_id__in=indicator_ids, period_type=PeriodType.MONTH, period_start=month_start
    ).values_list("indicator_id", "value", "pending_value", "target", "achievement", "status")
    return {indicator_id: MonthFigures(*figures) for indicator_id, *figures in rows}


def _month_counts(area_id: int, activities: list[LeadActivity], month_start: date, month_end: date):
    """The area's logs of the month, counted by activity and status."""
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
    return counts


def _lead_periods(area_id: int, plan_ids: set[int], month_start: date) -> list[LeadPeriod]:
    """The plans' open reporting periods and this month's, each with whether the area
    submitted it and how many drafts the area has in it. One query: both are subqueries of
    the periods' (the drafts through the small index of drafts by area and date)."""
    submitted = AreaSubmission.objects.filter(reporting_period=OuterRef("pk"), area_id=area_id).values("submitted_at")
    drafts = (
        ActivityLog.objects.filter(
            area_id=area_id,
            status=LogStatus.DRAFT,
            activity__component__plan_id=OuterRef("plan_id"),
            date__gte=OuterRef("period_start"),
            date__lte=OuterRef("period_end"),
        )
        .order_by()
        .values("area_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    periods = (
        ReportingPeriod.objects.filter(plan_id__in=plan_ids)
        .filter(Q(status=ReportingPeriodStatus.OPEN) | Q(period_start=month_start))
        .annotate(submitted_at=Subquery(submitted[:1]), drafts=Coalesce(Subquery(drafts), 0))
        .order_by("plan_id", "-period_start")
    )
    return [LeadPeriod(period=p, submitted_at=p.submitted_at, drafts=p.drafts) for p in periods]


def activities_for_lead(*, user: User, today: date) -> LeadOverview:
    """Return «Mis actividades»: the activities of the lead's area in its entity's plans in
    execution, by plan and component, with each indicator's approved value and target for the
    month of ``today``, the area's logs of the month by status, the plan's open reporting
    periods (with their deadline, the area's drafts and whether it submitted) and the area's
    returned logs with the press office's comment.

    Six queries whatever the number of activities and logs.
    """
    month_start, month_end = month_range(today)
    if not (user.is_area_lead and user.area_id):
        return LeadOverview(month=month_start, plans=[], returned=[])
    area_id = user.area_id
    activities, area_name = _lead_activities(user, area_id)
    returned = _returned_logs(user, area_id)
    if not activities:
        return LeadOverview(month=month_start, plans=[], returned=returned)
    month_values = _month_values([i.pk for a in activities for i in a.indicators], month_start)
    counts = _month_counts(area_id, activities, month_start, month_end)
    log_url = IdUrl("execution:log_create")
    periods = _lead_periods(area_id, {a.plan_id for a in activities}, month_start)
    plans: dict[int, LeadPlan] = {}
    for activity in activities:
        if activity.plan_id not in plans:
            plans[activity.plan_id] = LeadPlan(
                pk=activity.plan_id,
                title=activity.plan_title,
                periods=[p for p in periods if p.period.plan_id == activity.plan_id],
            )
        lead_plan = plans[activity.plan_id]
        if not lead_plan.components or lead_plan.components[-1].pk != activity.component_id:
            lead_plan.components.append(LeadComponent(pk=activity.component_id, name=activity.component_name))
        for indicator in activity.indicators:
            indicator.month = month_values.get(indicator.pk)
        activity.counts = counts.get(activity.pk, {})
        activity.due = activity_is_due(activity, month_start, month_end)
        activity.log_url = log_url(activity.pk)
        lead_plan.components[-1].activities.append(activity)
    return LeadOverview(month=month_start, plans=list(plans.values()), returned=returned, area_name=area_name)
