"""Reads of the planning chain, scoped to the user's entity: another entity's object is a 404."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Q
from django.http import Http404

from execution.enums import LogStatus
from execution.models import ActivityLog
from indicators.enums import PeriodType
from planning.enums import ActionPlanStatus
from planning.models import Accountability, ActionPlan, ActionPlanItem, Approval, CitizenQuestion
from plans.models import Plan, User
from rollups.models import PeriodValue


def _get(queryset, pk):
    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def action_plan_get_for_user(*, user: User, action_plan_id) -> ActionPlan:
    return _get(ActionPlan.objects.for_user(user).select_related("plan__entity"), action_plan_id)


def item_get(*, action_plan: ActionPlan, item_id) -> ActionPlanItem:
    return _get(action_plan.items.all(), item_id)


def approval_get_for_user(*, user: User, approval_id) -> Approval:
    return _get(
        Approval.objects.for_user(user).select_related("plan__entity", "action_plan", "decided_by"), approval_id
    )


def accountability_get_for_user(*, user: User, accountability_id) -> Accountability:
    return _get(Accountability.objects.for_user(user).select_related("plan__entity"), accountability_id)


def question_get(*, accountability: Accountability, question_id) -> CitizenQuestion:
    return _get(accountability.questions.all(), question_id)


def public_action_plan_get(*, action_plan_id) -> ActionPlan:
    return _get(
        ActionPlan.objects.filter(status=ActionPlanStatus.PUBLISHED).select_related("plan__entity"), action_plan_id
    )


def year_figures(action_plan: ActionPlan) -> dict[int, dict]:
    """For each activity of the action plan: its approved logs of the year and its indicators'
    year values from the roll-up (value, target, status). Two queries."""
    year = action_plan.year
    logs = (
        ActivityLog.objects.filter(
            activity__component__plan=action_plan.plan_id,
            date__year=year,
        )
        .values("activity_id")
        .annotate(approved=Count("pk", filter=Q(status=LogStatus.APPROVED)), total=Count("pk"))
    )
    figures: dict[int, dict] = {row["activity_id"]: {"logs": row["approved"], "values": []} for row in logs}
    values = PeriodValue.objects.filter(
        indicator__plan=action_plan.plan_id, period_type=PeriodType.YEAR, period_start=date(year, 1, 1)
    ).select_related("indicator")
    for value in values:
        if value.indicator.activity_id:
            figures.setdefault(value.indicator.activity_id, {"logs": 0, "values": []})["values"].append(value)
    return figures


def planning_of_plan(plan: Plan) -> dict:
    """The plan's planning page: its action plans, approvals and rendiciones de cuentas."""
    return {
        "action_plans": list(plan.action_plans.annotate(n_items=Count("items")).order_by("year")),
        "approvals": list(plan.approvals.select_related("action_plan", "requested_by", "decided_by").order_by("-pk")),
        "accountabilities": list(
            plan.accountabilities.annotate(
                n_pending=Count("questions", filter=Q(questions__status="pendiente"))
            ).order_by("-period_start")
        ),
    }
