"""Reads of the periodic reports as the user may see them."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from plans.enums import PlanStatus
from plans.models import Plan, User
from reports.enums import ReportStatus
from reports.models import Report

# --- Reads for the web pages -------------------------------------------------------------------


def report_scope_for_user(user: User) -> QuerySet[Report]:
    """Return the reports ``user`` may read: its entity's for the press office and managers
    (all for a superuser), none for anyone else."""
    reports = Report.objects.for_user(user)
    if user.is_press or user.is_manager:
        return reports
    return reports.none()


def reports_failed_count(*, user: User) -> int:
    """Return how many reports of ``user``'s entity failed and were not generated again since
    (no later version of the same plan and period): the press office's worklist. One query."""
    later = Report.objects.filter(
        plan_id=OuterRef("plan_id"),
        period_type=OuterRef("period_type"),
        period_start=OuterRef("period_start"),
        version__gt=OuterRef("version"),
    )
    return report_scope_for_user(user).filter(status=ReportStatus.FAILED).exclude(Exists(later)).count()


def report_list_for_user(*, user: User, plan: Plan | None = None, period_type: str = "") -> QuerySet[Report]:
    """Return the reports ``user`` may read, newest period first and, within a period, newest
    version first (so a page groups them), with the plan and requester joined: one query per
    page whatever the number of reports."""
    reports = report_scope_for_user(user)
    if plan is not None:
        reports = reports.filter(plan=plan)
    if period_type:
        reports = reports.filter(period_type=period_type)
    return reports.select_related("plan", "requested_by").order_by(
        "-period_start", "plan__title", "plan_id", "period_type", "-version"
    )


def report_get_for_user(*, user: User, report_id: int) -> Report:
    """Return the report ``report_id`` if ``user`` may read it, with its plan, or raise Http404."""
    try:
        return report_scope_for_user(user).select_related("plan").get(pk=report_id)
    except (Report.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def report_plans_for_user(*, user: User) -> QuerySet[Plan]:
    """Return the plans ``user``'s entity may report on: every one but drafts."""
    return Plan.objects.for_user(user).exclude(status=PlanStatus.DRAFT).order_by("-vigencia_start", "title")


def report_groups(reports) -> list[dict]:
    """Group a page of reports by plan and period, keeping their order (versions newest first)."""
    groups: dict[tuple, dict] = {}
    for report in reports:
        key = (report.plan_id, report.period_type, report.period_start)
        group = groups.get(key)
        if group is None:
            group = groups[key] = {"plan": report.plan, "period_label": report.period_label, "reports": []}
            group["period_type"] = report.get_period_type_display()
        group["reports"].append(report)
    return list(groups.values())
