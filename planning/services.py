"""Writes of the annual action plan: generate it from the strategic plan, change its items
(add, postpone, drop with a reason) and publish it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from indicators.enums import PeriodType
from indicators.models import Indicator, Target
from planning.enums import ITEM_STATUSES_WITH_REASON, ActionPlanStatus, ApprovalStatus, ItemStatus
from planning.models import Accountability, ActionPlan, ActionPlanItem, CitizenQuestion
from plans.enums import ActivityStatus, PlanStatus
from plans.models import Activity, Plan, User
from privacy.enums import ConsentMethod
from privacy.models import PrivacyNotice

# Plans whose coming years get an action plan (and the January reminder): the approved ones and
# those in execution. A closed plan may still get the record of a past year's action plan.
PLANNABLE = (PlanStatus.APPROVED, PlanStatus.IN_EXECUTION)
GENERATABLE = (*PLANNABLE, PlanStatus.CLOSED)


class PlanningError(Exception):
    """A step of the planning chain refused, with the Spanish message to show."""


def plan_years(plan: Plan) -> list[int]:
    return list(range(plan.vigencia_start.year, plan.vigencia_end.year + 1))


def _year_bounds(plan: Plan, year: int) -> tuple[date, date]:
    return max(plan.vigencia_start, date(year, 1, 1)), min(plan.vigencia_end, date(year, 12, 31))


def _fmt_target(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def activities_of_year(plan: Plan, year: int) -> list[Activity]:
    """The plan's activities that run in ``year`` (undated ones run the whole vigencia),
    suspended ones left out, with their areas and their indicators' targets for the year. Four
    queries."""
    start, end = _year_bounds(plan, year)
    targets = Target.objects.filter(period_type=PeriodType.YEAR, period_start=date(year, 1, 1))
    return list(
        Activity.objects.filter(component__plan=plan)
        .exclude(status=ActivityStatus.SUSPENDED)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=end))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("component")
        .prefetch_related(
            "responsible_areas",
            Prefetch(
                "indicators", Indicator.objects.prefetch_related(Prefetch("targets", targets, to_attr="year_targets"))
            ),
        )
    )


def _item_from_activity(
    action_plan: ActionPlan, activity: Activity, year_start: date, year_end: date, order: int
) -> ActionPlanItem:
    areas = [area.name for area in activity.responsible_areas.all()]
    responsible = "; ".join(part for part in (", ".join(areas), activity.responsible_text) if part)
    indicators = [
        {
            "code": indicator.code,
            "name": indicator.name,
            "unit": indicator.get_unit_display(),
            "target": _fmt_target(indicator.year_targets[0].value if indicator.year_targets else None),
        }
        for indicator in activity.indicators.all()
    ]
    return ActionPlanItem(
        action_plan=action_plan,
        activity=activity,
        component_kind=activity.component.kind,
        component_name=activity.component.name,
        name=activity.name,
        responsible=responsible,
        start_date=max(activity.start_date or year_start, year_start),
        end_date=min(activity.end_date or year_end, year_end),
        indicators=indicators,
        order=order,
    )


@transaction.atomic
def action_plan_generate(*, plan: Plan, year: int, user: User | None) -> ActionPlan:
    """Create the action plan of ``year`` from the strategic plan: the activities that run that
    year, their indicators and that year's targets, responsible areas and dates."""
    if plan.status not in GENERATABLE:
        raise PlanningError(_("Un plan en borrador no tiene plan de acción anual: primero debe aprobarlo el comité."))
    if year not in plan_years(plan):
        raise PlanningError(
            _("El año %(year)s está fuera de la vigencia del plan (%(start)s–%(end)s).")
            % {"year": year, "start": plan.vigencia_start.year, "end": plan.vigencia_end.year}
        )
    if ActionPlan.objects.filter(plan=plan, year=year).exists():
        raise PlanningError(_("El plan ya tiene su Plan de Acción %(year)s.") % {"year": year})
    try:
        with transaction.atomic():
            action_plan = ActionPlan.objects.create(plan=plan, year=year, created_by=user)
    except IntegrityError:
        raise PlanningError(_("El plan ya tiene su Plan de Acción %(year)s.") % {"year": year}) from None
    start, end = _year_bounds(plan, year)
    ActionPlanItem.objects.bulk_create(
        [
            _item_from_activity(action_plan, activity, start, end, order)
            for order, activity in enumerate(activities_of_year(plan, year), start=1)
        ]
    )
    return action_plan


def item_clean(item: ActionPlanItem) -> None:
    """Raise ValidationError naming the field when an item is not consistent: a reason for
    added, postponed and dropped items; dates within the year."""
    errors: dict[str, str] = {}
    if item.status in ITEM_STATUSES_WITH_REASON and not (item.reason or "").strip():
        errors["reason"] = _("Escriba el motivo: la actividad queda «%(status)s».") % {
            "status": ItemStatus(item.status).label.lower()
        }
    year = item.action_plan.year
    for field in ("start_date", "end_date"):
        value = getattr(item, field)
        if value and value.year != year and not (field == "end_date" and item.status == ItemStatus.POSTPONED):
            errors[field] = _("La fecha debe estar dentro de %(year)s.") % {"year": year}
    if item.start_date and item.end_date and item.end_date < item.start_date:
        errors["end_date"] = _("La fecha de fin no puede ser anterior a la de inicio.")
    if item.budget is not None and item.budget < 0:
        errors["budget"] = _("El presupuesto no puede ser negativo.")
    if errors:
        raise ValidationError(errors)


def _editable(action_plan: ActionPlan) -> None:
    if action_plan.approvals.filter(status=ApprovalStatus.PENDING).exists():
        raise PlanningError(_("El Plan de Acción está en aprobación: espere la decisión del comité."))


@transaction.atomic
def item_save(*, item: ActionPlanItem) -> ActionPlanItem:
    """Save a new or changed item of an action plan, after checking it (item_clean)."""
    _editable(item.action_plan)
    item_clean(item)
    if item.pk is None:
        item.status = item.status or ItemStatus.ADDED
        last = item.action_plan.items.order_by("-order").values_list("order", flat=True).first() or 0
        item.order = last + 1
    item.save()
    ActionPlan.objects.filter(pk=item.action_plan_id).update(updated_at=timezone.now())
    return item


@transaction.atomic
def action_plan_publish(*, action_plan: ActionPlan, today: date) -> ActionPlan:
    """Publish the action plan on the entity's site (public page, PDF, XLSX) with today's date."""
    action_plan = ActionPlan.objects.select_for_update().get(pk=action_plan.pk)
    _editable(action_plan)
    if action_plan.is_published:
        raise PlanningError(_("El Plan de Acción ya está publicado."))
    if not action_plan.items.exists():
        raise PlanningError(_("El Plan de Acción no tiene actividades: agregue al menos una antes de publicarlo."))
    action_plan.status = ActionPlanStatus.PUBLISHED
    action_plan.published_on = today
    action_plan.save(update_fields=["status", "published_on", "updated_at"])
    return action_plan


# What a citizen authorises when leaving a name or an e-mail with a question.
QUESTION_PURPOSE = "Responder su pregunta sobre la rendición de cuentas."


def question_ask(
    *,
    accountability: Accountability,
    notice: PrivacyNotice | None,
    text: str,
    name: str = "",
    email: str = "",
    consent: bool = False,
) -> CitizenQuestion:
    """Keep a citizen's question for the press office's moderation. A name or an e-mail is kept
    only with the citizen's consent under the entity's privacy notice in force, recorded with
    the question (when, how, for what, which notice version); otherwise nothing personal is."""
    question = CitizenQuestion(accountability=accountability, text=text)
    if (name or email) and consent and notice is not None:
        question.name, question.email = name, email
        question.consent_given_at = timezone.now()
        question.consent_method = ConsentMethod.WEB_FORM
        question.consent_purpose = QUESTION_PURPOSE
        question.consent_notice = notice
    question.full_clean()
    question.save()
    return question
