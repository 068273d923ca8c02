"""The press office's pages of the planning chain: the year's action plan, the approval step and
the versions' comparison, the rendición de cuentas and the moderation of citizens' questions."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from planning import approvals, services
from planning.accountability import accountability_report
from planning.enums import AccountabilityStatus, ApprovalStatus, QuestionStatus
from planning.files import action_plan_pdf, action_plan_xlsx
from planning.forms import (
    AccountabilityCreateForm,
    AccountabilityForm,
    ApprovalRequestForm,
    DecisionForm,
    GenerateForm,
    ItemForm,
    ModerationForm,
)
from planning.models import Accountability, AccountabilityReason, ActionPlanItem
from planning.selectors import (
    accountability_get_for_user,
    action_plan_get_for_user,
    approval_get_for_user,
    item_get,
    planning_of_plan,
    question_get,
    year_figures,
)
from plans.enums import PlanStatus
from plans.rules import allows, require
from plans.selectors import plan_get_for_user


def _refuse(request: HttpRequest, error: services.PlanningError) -> None:
    messages.error(request, str(error))


@login_required
def plan_planning(request: HttpRequest, plan_id: int) -> HttpResponse:
    """A plan's planning chain: its action plans by year, its approvals and versions, its
    rendiciones de cuentas."""
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    require(request.user, "planning.read_planning", plan)
    years = services.plan_years(plan)
    context = {
        "plan": plan,
        **planning_of_plan(plan),
        "generate_form": GenerateForm(years=years),
        "request_form": ApprovalRequestForm(),
        "accountability_form": AccountabilityCreateForm(years=years),
        "can_manage": allows(request.user, "planning.manage_action_plans", plan),
        "can_request": plan.status == PlanStatus.DRAFT and allows(request.user, "planning.request_approval", plan),
        "can_advance": plan.status in (PlanStatus.APPROVED, PlanStatus.IN_EXECUTION)
        and allows(request.user, "planning.advance_plan", plan),
    }
    return render(request, "planning/plan_planning.html", context)


@login_required
@require_POST
def action_plan_generate(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    require(request.user, "planning.manage_action_plans", plan)
    form = GenerateForm(request.POST, years=services.plan_years(plan))
    if not form.is_valid():
        messages.error(request, _("Elija un año de la vigencia del plan."))
        return redirect("planning:plan_planning", plan.pk)
    try:
        action_plan = services.action_plan_generate(plan=plan, year=form.cleaned_data["year"], user=request.user)
    except services.PlanningError as error:
        _refuse(request, error)
        return redirect("planning:plan_planning", plan.pk)
    messages.success(
        request, _("Plan de Acción %(year)s generado desde el plan estratégico.") % {"year": action_plan.year}
    )
    return redirect(action_plan)


@login_required
def action_plan_detail(request: HttpRequest, action_plan_id: int) -> HttpResponse:
    action_plan = action_plan_get_for_user(user=request.user, action_plan_id=action_plan_id)
    require(request.user, "planning.read_planning", action_plan)
    items = list(action_plan.items.all())
    figures = year_figures(action_plan)
    rows = [(item, figures.get(item.activity_id)) for item in items]
    pending = action_plan.approvals.filter(status=ApprovalStatus.PENDING).first()
    context = {
        "action_plan": action_plan,
        "plan": action_plan.plan,
        "rows": rows,
        "pending": pending,
        "approvals": list(action_plan.approvals.order_by("-pk")),
        "can_manage": allows(request.user, "planning.manage_action_plans", action_plan) and not pending,
        "add_form": ItemForm(adding=True),
        "request_form": ApprovalRequestForm(),
    }
    return render(request, "planning/action_plan_detail.html", context)


def _item_form_page(request, action_plan, form, item=None) -> HttpResponse:
    return render(request, "planning/item_form.html", {"action_plan": action_plan, "form": form, "item": item})


@login_required
def item_edit(request: HttpRequest, action_plan_id: int, item_id: int | None = None) -> HttpResponse:
    """Change an activity of the action plan (postpone or drop it with a reason, its dates and
    budget), or add one the year needs."""
    action_plan = action_plan_get_for_user(user=request.user, action_plan_id=action_plan_id)
    require(request.user, "planning.manage_action_plans", action_plan)
    item = item_get(action_plan=action_plan, item_id=item_id) if item_id else ActionPlanItem(action_plan=action_plan)
    form = ItemForm(request.POST or None, instance=item, adding=item_id is None)
    if request.method != "POST" or not form.is_valid():
        return _item_form_page(request, action_plan, form, item if item_id else None)
    try:
        services.item_save(item=form.save(commit=False))
    except ValidationError as error:
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
        return _item_form_page(request, action_plan, form, item if item_id else None)
    except services.PlanningError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("Actividad «%(name)s» guardada.") % {"name": item.name})
    return redirect(action_plan)


@login_required
@require_POST
def action_plan_publish(request: HttpRequest, action_plan_id: int) -> HttpResponse:
    action_plan = action_plan_get_for_user(user=request.user, action_plan_id=action_plan_id)
    require(request.user, "planning.manage_action_plans", action_plan)
    try:
        services.action_plan_publish(action_plan=action_plan, today=timezone.localdate())
    except services.PlanningError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("Plan de Acción publicado en la página de transparencia."))
    return redirect(action_plan)


@login_required
def action_plan_file(request: HttpRequest, action_plan_id: int, fmt: str) -> HttpResponse:
    """The action plan's PDF or XLSX, draft or published, for the people of the entity."""
    action_plan = action_plan_get_for_user(user=request.user, action_plan_id=action_plan_id)
    require(request.user, "planning.read_planning", action_plan)
    response = file_response(action_plan, fmt)
    response["Cache-Control"] = "private, no-store"
    return response


def file_response(action_plan, fmt: str) -> HttpResponse:
    items = list(action_plan.items.all())
    name = f"plan-de-accion-{action_plan.year}-{action_plan.plan_id}"
    if fmt == "pdf":
        response = HttpResponse(action_plan_pdf(action_plan, items), content_type="application/pdf")
    else:
        response = HttpResponse(
            action_plan_xlsx(action_plan, items),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
@require_POST
def approval_request(request: HttpRequest, plan_id: int, action_plan_id: int | None = None) -> HttpResponse:
    """Send the plan's draft version, or one of its action plans, to the committee."""
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    action_plan = action_plan_get_for_user(user=request.user, action_plan_id=action_plan_id) if action_plan_id else None
    if action_plan and action_plan.plan_id != plan.pk:
        action_plan = None
    require(request.user, "planning.request_approval", plan)
    form = ApprovalRequestForm(request.POST)
    summary = form.cleaned_data["summary"] if form.is_valid() else ""
    try:
        approval = approvals.approval_request(plan=plan, user=request.user, summary=summary, action_plan=action_plan)
    except services.PlanningError as error:
        _refuse(request, error)
        return redirect(action_plan or "planning:plan_planning", *([] if action_plan else [plan.pk]))
    messages.success(request, _("Enviado a aprobación del comité."))
    return redirect(approval)


@login_required
def approval_detail(request: HttpRequest, approval_id: int) -> HttpResponse:
    """An approval: what was sent (and how it differs from the version before), the decision,
    and for the secretary or the press office the form that records it."""
    approval = approval_get_for_user(user=request.user, approval_id=approval_id)
    require(request.user, "planning.read_planning", approval)
    can_decide = approval.status == ApprovalStatus.PENDING and allows(
        request.user, "planning.decide_approval", approval
    )
    form = DecisionForm(request.POST or None, request.FILES or None, today=timezone.localdate()) if can_decide else None
    if form is not None and request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            approvals.approval_decide(
                approval=approval,
                user=request.user,
                approved=data["decision"] == "aprobar",
                body=data["body"],
                act_number=data["act_number"],
                decided_on=data["decided_on"],
                act_file=data["act_file"],
                observations=data["observations"],
            )
        except services.PlanningError as error:
            _refuse(request, error)
        else:
            messages.success(request, _("Decisión del comité registrada."))
        return redirect(approval)
    previous = approvals.approval_previous(approval)
    diff = approvals.tree_diff(previous.snapshot if previous else {}, approval.snapshot)
    context = {"approval": approval, "plan": approval.plan, "form": form, "previous": previous, "diff": diff}
    return render(request, "planning/approval_detail.html", context)


@login_required
def version_compare(request: HttpRequest, plan_id: int) -> HttpResponse:
    """Side by side, what two versions sent to approval contained (``?a=`` and ``?b=``)."""
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    require(request.user, "planning.read_planning", plan)
    left = approval_get_for_user(user=request.user, approval_id=request.GET.get("a"))
    right = approval_get_for_user(user=request.user, approval_id=request.GET.get("b"))
    if plan.pk not in (left.plan_id, right.plan_id) or left.plan_id != right.plan_id:
        from django.http import Http404

        raise Http404
    diff = approvals.tree_diff(left.snapshot, right.snapshot)
    return render(request, "planning/version_compare.html", {"plan": plan, "left": left, "right": right, "diff": diff})


@login_required
@require_POST
def plan_advance(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    require(request.user, "planning.advance_plan", plan)
    try:
        plan = approvals.plan_advance(plan=plan)
    except services.PlanningError as error:
        _refuse(request, error)
    else:
        messages.success(request, _("El plan quedó «%(status)s».") % {"status": plan.get_status_display()})
    return redirect("planning:plan_planning", plan.pk)


def _period(plan, value: str) -> tuple[date, date] | None:
    if value == "vigencia":
        return plan.vigencia_start, plan.vigencia_end
    if value.isdigit() and int(value) in services.plan_years(plan):
        year = int(value)
        return max(plan.vigencia_start, date(year, 1, 1)), min(plan.vigencia_end, date(year, 12, 31))
    return None


@login_required
@require_POST
def accountability_create(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    require(request.user, "planning.manage_accountability", plan)
    period = _period(plan, request.POST.get("period", ""))
    if period is None:
        messages.error(request, _("Elija un año de la vigencia o toda la vigencia."))
        return redirect("planning:plan_planning", plan.pk)
    label = request.POST["period"] if request.POST["period"] != "vigencia" else f"{period[0].year}–{period[1].year}"
    item, created = Accountability.objects.get_or_create(
        plan=plan,
        period_start=period[0],
        period_end=period[1],
        defaults={
            "title": _("Rendición de cuentas %(period)s · %(entity)s") % {"period": label, "entity": plan.entity.name},
            "introduction": plan.general_objective,
            "created_by": request.user,
        },
    )
    if not created:
        messages.info(request, _("Ya existía la rendición de cuentas de ese periodo."))
    return redirect(item)


def _save_reasons(accountability: Accountability, post, report) -> None:
    for result in report.not_met:
        text = (post.get(f"reason_{result.indicator.pk}") or "").strip()[:2000]
        if text:
            AccountabilityReason.objects.update_or_create(
                accountability=accountability, indicator=result.indicator, defaults={"text": text}
            )
        else:
            AccountabilityReason.objects.filter(accountability=accountability, indicator=result.indicator).delete()


@login_required
def accountability_detail(request: HttpRequest, accountability_id: int) -> HttpResponse:
    """Edit the report for citizens: its texts, the reasons of each indicator not met; publish it."""
    item = accountability_get_for_user(user=request.user, accountability_id=accountability_id)
    require(request.user, "planning.read_planning", item)
    can_manage = allows(request.user, "planning.manage_accountability", item)
    form = AccountabilityForm(request.POST or None, instance=item)
    if request.method == "POST" and can_manage and form.is_valid():
        with transaction.atomic():
            form.save()
            _save_reasons(item, request.POST, accountability_report(item))
            if request.POST.get("publish") and not item.is_published:
                item.status, item.published_on = AccountabilityStatus.PUBLISHED, timezone.localdate()
                item.save(update_fields=["status", "published_on"])
        messages.success(request, _("Rendición de cuentas guardada."))
        return redirect(item)
    context = {
        "item": item,
        "plan": item.plan,
        "form": form,
        "report": accountability_report(item),
        "can_manage": can_manage,
        "questions": list(item.questions.all()),
        "moderation_form": ModerationForm(),
    }
    return render(request, "planning/accountability_detail.html", context)


@login_required
@require_POST
def question_moderate(request: HttpRequest, accountability_id: int, question_id: int) -> HttpResponse:
    item = accountability_get_for_user(user=request.user, accountability_id=accountability_id)
    require(request.user, "planning.moderate_questions", item)
    question = question_get(accountability=item, question_id=question_id)
    form = ModerationForm(request.POST)
    if form.is_valid():
        publish = form.cleaned_data["decision"] == "publicar"
        question.status = QuestionStatus.PUBLISHED if publish else QuestionStatus.REJECTED
        question.answer = form.cleaned_data["answer"]
        question.moderated_by, question.moderated_at = request.user, timezone.now()
        question.save()
        messages.success(request, _("Pregunta moderada."))
    return redirect(item)


@login_required
@require_POST
def question_delete(request: HttpRequest, accountability_id: int, question_id: int) -> HttpResponse:
    """Delete a citizen's question and their data on request (Ley 1581)."""
    item = accountability_get_for_user(user=request.user, accountability_id=accountability_id)
    require(request.user, "planning.moderate_questions", item)
    question_get(accountability=item, question_id=question_id).delete()
    messages.success(request, _("Pregunta y datos personales borrados."))
    return redirect(item)
