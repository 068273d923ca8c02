"""The committee's approval in the product: send a plan, a new version of it or an action plan to
the approving body, record its decision (act number, date, signed act), and compare what two
versions contained (the tree of components, activities, indicators and targets).

The strategic plan's state changes only here: a decision approves its draft; the press office
then starts its execution, and closes it at the end of the vigencia."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from indicators.models import Indicator
from planning.enums import ApprovalStatus, ApprovalSubject
from planning.models import ActionPlan, Approval
from planning.services import PlanningError
from plans.enums import PlanStatus
from plans.models import Activity, Component, Plan, User

# --- the tree as it was sent ------------------------------------------------------------------


def _fmt_date(value: date | None) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def plan_tree(plan: Plan) -> dict:
    """Return the plan's tree as plain data: its general data, then each component, its
    activities and each activity's indicators with their targets. A fixed number of queries."""
    indicators = Indicator.objects.prefetch_related("targets").order_by("order", "code")
    activities = Activity.objects.prefetch_related("responsible_areas", Prefetch("indicators", indicators))
    components = Component.objects.filter(plan=plan).prefetch_related(Prefetch("activities", activities))
    rows = [
        {"key": "plan:title", "depth": 0, "label": _("Título"), "text": plan.title},
        {"key": "plan:objective", "depth": 0, "label": _("Objetivo general"), "text": plan.general_objective},
        {
            "key": "plan:vigencia",
            "depth": 0,
            "label": _("Vigencia"),
            "text": f"{_fmt_date(plan.vigencia_start)} – {_fmt_date(plan.vigencia_end)}",
        },
    ]
    for component in components:
        rows.append(
            {
                "key": f"component:{component.pk}",
                "depth": 0,
                "label": _("Componente"),
                "text": f"{component.name} ({component.get_kind_display()}) · {_('peso')} {component.weight}",
            }
        )
        for activity in component.activities.all():
            areas = ", ".join(area.name for area in activity.responsible_areas.all())
            rows.append(
                {
                    "key": f"activity:{activity.pk}",
                    "depth": 1,
                    "label": _("Actividad"),
                    "text": f"{activity.name} · {areas or activity.responsible_text or '—'} · "
                    f"{_fmt_date(activity.start_date)} – {_fmt_date(activity.end_date)}",
                }
            )
            for indicator in activity.indicators.all():
                targets = "; ".join(f"{t.period_label}: {t.value.normalize():f}" for t in indicator.targets.all())
                rows.append(
                    {
                        "key": f"indicator:{indicator.pk}",
                        "depth": 2,
                        "label": _("Indicador"),
                        "text": f"{indicator.code} · {indicator.name} · {_('metas')}: {targets or '—'}",
                    }
                )
    return {"rows": rows}


def action_plan_tree(action_plan: ActionPlan) -> dict:
    rows = []
    for item in action_plan.items.all():
        targets = "; ".join(f"{i['code']}: {i['target'] or '—'}" for i in item.indicators)
        rows.append(
            {
                "key": f"item:{item.activity_id or 'n' + str(item.pk)}",
                "depth": 1,
                "label": item.component_name,
                "text": f"{item.name} · {item.get_status_display()} · {_fmt_date(item.start_date)} – "
                f"{_fmt_date(item.end_date)} · {targets or '—'}" + (f" · {item.reason}" if item.reason else ""),
            }
        )
    return {"rows": rows}


@dataclass
class DiffRow:
    depth: int
    label: str
    before: str | None
    after: str | None

    @property
    def change(self) -> str:
        if self.before is None:
            return "added"
        if self.after is None:
            return "removed"
        return "same" if self.before == self.after else "changed"

    @property
    def change_label(self) -> str:
        return {
            "added": _("Nuevo"),
            "removed": _("Retirado"),
            "changed": _("Cambió"),
            "same": _("Igual"),
        }[self.change]


def tree_diff(before: dict, after: dict) -> list[DiffRow]:
    """Return the side-by-side comparison of two trees, in the order of the newer one; what the
    older one had and the newer lost appears right after its predecessor."""
    old = {row["key"]: row for row in before.get("rows", [])}
    new_keys = {row["key"] for row in after.get("rows", [])}
    result: list[DiffRow] = []
    old_rows = before.get("rows", [])
    placed: set[str] = set()

    def removed_after(key: str | None) -> None:
        # The old rows that follow ``key`` in the old tree and are gone from the new one.
        index = 0 if key is None else next((i + 1 for i, r in enumerate(old_rows) if r["key"] == key), len(old_rows))
        for row in old_rows[index:]:
            if row["key"] in new_keys:
                break
            if row["key"] not in placed:
                placed.add(row["key"])
                result.append(DiffRow(row["depth"], row["label"], row["text"], None))

    removed_after(None)
    for row in after.get("rows", []):
        previous = old.get(row["key"])
        result.append(DiffRow(row["depth"], row["label"], previous["text"] if previous else None, row["text"]))
        placed.add(row["key"])
        if previous:
            removed_after(row["key"])
    for row in old_rows:
        if row["key"] not in new_keys and row["key"] not in placed:
            result.append(DiffRow(row["depth"], row["label"], row["text"], None))
    return result


# --- the steps -----------------------------------------------------------------------------------


@transaction.atomic
def approval_request(
    *, plan: Plan, user: User | None, summary: str = "", action_plan: ActionPlan | None = None
) -> Approval:
    """Send the plan's draft (its current version) or one of its action plans to approval."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    subject = ApprovalSubject.ACTION_PLAN if action_plan else ApprovalSubject.PLAN
    pending = Approval.objects.filter(plan=plan, subject=subject, status=ApprovalStatus.PENDING)
    if action_plan:
        pending = pending.filter(action_plan=action_plan)
        if action_plan.is_published:
            raise PlanningError(_("El Plan de Acción ya está publicado."))
        tree = action_plan_tree(action_plan)
    else:
        if plan.status != PlanStatus.DRAFT:
            raise PlanningError(
                _("Solo un plan en borrador se envía a aprobación; abra primero una nueva versión del plan.")
            )
        tree = plan_tree(plan)
    if pending.exists():
        raise PlanningError(_("Ya hay una solicitud de aprobación pendiente de decisión."))
    return Approval.objects.create(
        plan=plan,
        subject=subject,
        action_plan=action_plan,
        version=plan.version,
        summary=summary,
        snapshot=tree,
        requested_by=user,
        requested_at=timezone.now(),
    )


@transaction.atomic
def approval_decide(
    *,
    approval: Approval,
    user: User | None,
    approved: bool,
    body: str,
    act_number: str,
    decided_on: date,
    act_file=None,
    observations: str = "",
) -> Approval:
    """Record the approving body's decision. An approval of the plan's draft approves the plan
    (its state, date, body and act); a return leaves it in draft with the observations."""
    approval = Approval.objects.select_for_update().get(pk=approval.pk)
    if approval.status != ApprovalStatus.PENDING:
        raise PlanningError(_("Esta solicitud ya tiene una decisión registrada."))
    approval.status = ApprovalStatus.APPROVED if approved else ApprovalStatus.REJECTED
    approval.body = body
    approval.act_number = act_number
    approval.decided_on = decided_on
    approval.observations = observations
    approval.decided_by = user
    approval.decided_at = timezone.now()
    if act_file:
        approval.act_file = act_file
    approval.save()
    if approved and approval.subject == ApprovalSubject.PLAN:
        plan = Plan.objects.select_for_update().get(pk=approval.plan_id)
        if plan.status != PlanStatus.DRAFT or plan.version != approval.version:
            raise PlanningError(_("El plan cambió después de enviarse a aprobación: envíelo de nuevo."))
        plan.status = PlanStatus.APPROVED
        plan.approved_on = decided_on
        plan.approval_body = body
        plan.approval_act = act_number
        plan._change_reason = _("Aprobado: %(act)s") % {"act": act_number}
        plan.full_clean()
        plan.save()
    return approval


# The moves after approval, the press office's: start the execution, close the plan.
_AFTER_APPROVAL = {
    PlanStatus.APPROVED: PlanStatus.IN_EXECUTION,
    PlanStatus.IN_EXECUTION: PlanStatus.CLOSED,
}


@transaction.atomic
def plan_advance(*, plan: Plan) -> Plan:
    """Start the execution of an approved plan, or close a plan in execution."""
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in _AFTER_APPROVAL:
        raise PlanningError(_("Un plan en borrador cambia de estado solo con la aprobación del comité."))
    plan.status = _AFTER_APPROVAL[plan.status]
    plan._change_reason = PlanStatus(plan.status).label
    plan.save(update_fields=["status"])
    return plan


def approval_previous(approval: Approval) -> Approval | None:
    """The earlier approval of the same subject (the version before), or None."""
    earlier = Approval.objects.filter(plan_id=approval.plan_id, subject=approval.subject, pk__lt=approval.pk)
    if approval.action_plan_id:
        earlier = earlier.filter(action_plan_id=approval.action_plan_id)
    return earlier.order_by("-pk").first()
