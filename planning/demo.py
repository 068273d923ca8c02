"""Demo of the planning chain: MinTIC's Plan de Acción 2022 generated from its matrix and
published in January 2022; Segovia's committee approval of a new version of its plan (version 1
as typed in its approval fields, version 2 raising a target, approved with its act); and
Segovia's rendición de cuentas 2025 with a reason, and one citizen's question answered.

Everything goes through planning's services, as the pages do. Idempotent: a second run finds
what it made and adds nothing."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction

from indicators.enums import PeriodType
from indicators.models import Target
from planning import approvals, services
from planning.accountability import accountability_report
from planning.enums import AccountabilityStatus, ApprovalStatus, ApprovalSubject, QuestionStatus
from planning.models import Accountability, AccountabilityReason, ActionPlan, Approval, CitizenQuestion
from plans import demo_registry
from plans.enums import PlanStatus, Role
from plans.models import Entity, Plan, User
from plans.services import plan_open_new_version

MINTIC = "Ministerio de Tecnologías de la Información y las Comunicaciones"
SEGOVIA = "Alcaldía de Segovia"


def _plan(entity_name: str) -> Plan | None:
    entity = Entity.objects.filter(name=entity_name).first()
    return entity and Plan.objects.filter(entity=entity).order_by("-vigencia_start").first()


def _press(plan: Plan) -> User | None:
    return User.objects.filter(entity=plan.entity_id, groups__name=Role.PRESS).first()


def _mintic_action_plan() -> str | None:
    plan = _plan(MINTIC)
    if plan is None or ActionPlan.objects.filter(plan=plan, year=2022).exists():
        return None
    action_plan = services.action_plan_generate(plan=plan, year=2022, user=_press(plan))
    services.action_plan_publish(action_plan=action_plan, today=date(2022, 1, 28))
    return f"Plan de Acción 2022 de MinTIC: {action_plan.items.count()} actividades, publicado"


def _segovia_approval(plan: Plan) -> str | None:
    if Approval.objects.filter(plan=plan, subject=ApprovalSubject.PLAN, version__gte=2).exists():
        return None
    press = _press(plan)
    was_running = plan.status == PlanStatus.IN_EXECUTION
    # Version 1, approved before the approval step existed: its typed act becomes the record.
    first = Approval.objects.create(
        plan=plan,
        subject=ApprovalSubject.PLAN,
        version=plan.version,
        status=ApprovalStatus.APPROVED,
        snapshot=approvals.plan_tree(plan),
        body=plan.approval_body,
        act_number=plan.approval_act or "—",
        decided_on=plan.approved_on,
    )
    plan = plan_open_new_version(plan=plan)
    # Version 2 raises the 2026 target of the plan's first indicator that has one.
    target = (
        Target.objects.filter(indicator__plan=plan, period_type=PeriodType.YEAR, period_start=date(2026, 1, 1))
        .order_by("indicator__order", "indicator__code")
        .first()
    )
    if target is not None:
        target.value = (target.value * Decimal("1.2")).quantize(Decimal(1))
        target.save(update_fields=["value"])
    second = approvals.approval_request(
        plan=plan, user=press, summary="Se sube un 20 % la meta 2026 del primer indicador, por la nueva zona wifi."
    )
    approvals.approval_decide(
        approval=second,
        user=press,
        approved=True,
        body="Comité Institucional de Gestión y Desempeño",
        act_number="Acta n.º 04 de 2026",
        decided_on=date(2026, 2, 12),
    )
    if was_running:
        approvals.plan_advance(plan=plan)
    return f"Segovia: versión {first.version} → {second.version} aprobada (Acta n.º 04 de 2026)"


def _segovia_accountability(plan: Plan) -> str | None:
    if Accountability.objects.filter(plan=plan, period_start=date(2025, 1, 1)).exists():
        return None
    item = Accountability.objects.create(
        plan=plan,
        title="Rendición de cuentas 2025 · Alcaldía de Segovia",
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        created_by=_press(plan),
        introduction=(
            "En 2025 nos propusimos que más segovianos conocieran y usaran los trámites y servicios en línea "
            "de la Alcaldía, y que supieran qué hace su administración."
        ),
        not_done="Algunas piezas se aplazaron por la falta de conectividad en las veredas durante el invierno.",
    )
    report = accountability_report(item)
    for result in report.not_met[:1]:
        AccountabilityReason.objects.create(
            accountability=item,
            indicator=result.indicator,
            text="El contrato del diseñador empezó en julio: las campañas del primer semestre se corrieron.",
        )
    item.status, item.published_on = AccountabilityStatus.PUBLISHED, date(2026, 1, 30)
    item.save(update_fields=["status", "published_on"])
    CitizenQuestion.objects.create(
        # Segovia has published no privacy notice: its questions keep no name or e-mail.
        accountability=item,
        text="¿Cuándo llegará la zona wifi a la vereda El Cenizo?",
        status=QuestionStatus.PUBLISHED,
        answer="Está prevista para el segundo semestre de 2026.",
    )
    return "Rendición de cuentas 2025 de Segovia publicada"


@transaction.atomic
def _demo_load() -> str | None:
    lines = [_mintic_action_plan()]
    segovia = _plan(SEGOVIA)
    if segovia is not None:
        lines += [_segovia_approval(segovia), _segovia_accountability(segovia)]
    done = [line for line in lines if line]
    return "; ".join(done) if done else None


demo_registry.register("planning", order=90, load=_demo_load)
