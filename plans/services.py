"""Writes of the plans app that go beyond one row."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from plans.enums import PlanStatus
from plans.models import Plan


class PlanTransitionError(Exception):
    pass


@transaction.atomic
def plan_open_new_version(*, plan: Plan) -> Plan:
    """Return an approved or executing plan to draft as its next version.

    The change history keeps the approved version as it was; the approval record stays until
    the new version is approved.
    """
    plan = Plan.objects.select_for_update().get(pk=plan.pk)
    if plan.status not in (PlanStatus.APPROVED, PlanStatus.IN_EXECUTION):
        raise PlanTransitionError(_("Solo un plan aprobado o en ejecución puede abrir una nueva versión."))
    plan.status = PlanStatus.DRAFT
    plan.version += 1
    plan._change_reason = _("Nueva versión %(version)s") % {"version": plan.version}
    plan.save(update_fields=["status", "version"])
    return plan
