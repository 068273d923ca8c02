"""The Colombian planning chain around a strategic plan: the year's action plan (Decreto 612 de
2018), the committee's approval of a plan, a version or an action plan (MIPG), and the
rendición de cuentas to citizens (MURC) with their moderated questions."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from indicators.models import Indicator
from planning.enums import (
    AccountabilityStatus,
    ActionPlanStatus,
    ApprovalStatus,
    ApprovalSubject,
    ItemStatus,
    QuestionStatus,
)
from plans.models import Activity, Plan
from plans.querysets import EntityScopedManager
from privacy.models import ConsentRecord

ACT_MAX_BYTES = 10 * 1024 * 1024


class ActionPlan(models.Model):
    """The Plan de Acción of one year of a strategic plan's vigencia."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="action_plans", verbose_name=_("plan"))
    year = models.PositiveIntegerField(_("año"))
    status = models.CharField(_("estado"), max_length=12, choices=ActionPlanStatus, default=ActionPlanStatus.DRAFT)
    published_on = models.DateField(_("fecha de publicación"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("generado por"),
    )
    created_at = models.DateTimeField(_("generado el"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado el"), auto_now=True)

    entity_path = "plan__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("plan de acción")
        verbose_name_plural = _("planes de acción")
        ordering = ["plan", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "year"], name="action_plan_one_per_year"),
            models.CheckConstraint(
                condition=Q(status=ActionPlanStatus.DRAFT) | Q(published_on__isnull=False),
                name="action_plan_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return _("Plan de Acción %(year)s · %(plan)s") % {"year": self.year, "plan": self.plan.title}

    def get_absolute_url(self) -> str:
        return reverse("planning:action_plan_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == ActionPlanStatus.PUBLISHED


class ActionPlanItem(models.Model):
    """One activity of the year's action plan, as generated from the strategic plan or added in
    the year; postponed and dropped items stay, with their reason."""

    action_plan = models.ForeignKey(
        ActionPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("plan de acción")
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="action_plan_items",
        verbose_name=_("actividad del plan estratégico"),
    )
    component_kind = models.CharField(_("tipo de componente"), max_length=20, blank=True)
    component_name = models.CharField(_("componente"), max_length=200)
    name = models.CharField(_("actividad"), max_length=500)
    responsible = models.TextField(_("responsables"), blank=True)
    start_date = models.DateField(_("fecha de inicio"), null=True, blank=True)
    end_date = models.DateField(_("fecha de fin"), null=True, blank=True)
    budget = models.DecimalField(
        _("presupuesto (COP)"),
        max_digits=15,
        decimal_places=0,
        null=True,
        blank=True,
        help_text=_("En pesos colombianos; vacío si la actividad no tiene presupuesto propio."),
    )
    indicators = models.JSONField(
        _("indicadores y metas del año"),
        default=list,
        blank=True,
        help_text=_("Código, nombre, unidad y meta del año de cada indicador de la actividad."),
    )
    status = models.CharField(_("estado"), max_length=12, choices=ItemStatus, default=ItemStatus.INCLUDED)
    reason = models.TextField(_("motivo"), blank=True)
    order = models.PositiveIntegerField(_("orden"), default=0)

    entity_path = "action_plan__plan__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("actividad del plan de acción")
        verbose_name_plural = _("actividades del plan de acción")
        ordering = ["action_plan", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | Q(budget__gte=0), name="action_item_budget_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="action_item_end_not_before_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.status in (ItemStatus.INCLUDED, ItemStatus.ADDED)


def act_path(instance: Approval, filename: str) -> str:
    return f"actas/{instance.plan.entity_id}/{instance.plan_id}/{filename}"


class Approval(models.Model):
    """A plan, a new version of it or an action plan sent to the approving body (the Comité
    Institucional de Gestión y Desempeño), and the body's decision. Keeps the tree of the plan as
    it was sent, so that two versions can be compared."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="approvals", verbose_name=_("plan"))
    subject = models.CharField(
        _("qué se aprueba"), max_length=12, choices=ApprovalSubject, default=ApprovalSubject.PLAN
    )
    action_plan = models.ForeignKey(
        ActionPlan,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approvals",
        verbose_name=_("plan de acción"),
    )
    version = models.PositiveIntegerField(_("versión"))
    status = models.CharField(_("estado"), max_length=10, choices=ApprovalStatus, default=ApprovalStatus.PENDING)
    summary = models.TextField(_("cambios que se presentan"), blank=True)
    snapshot = models.JSONField(_("contenido enviado"), default=dict, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enviado por"),
    )
    requested_at = models.DateTimeField(_("enviado el"), null=True, blank=True)
    body = models.CharField(
        _("instancia que decide"),
        max_length=200,
        blank=True,
        help_text=_("Por ejemplo: Comité Institucional de Gestión y Desempeño."),
    )
    act_number = models.CharField(
        _("acta"), max_length=200, blank=True, help_text=_("Por ejemplo: Acta n.º 32 de 2019.")
    )
    decided_on = models.DateField(_("fecha de la decisión"), null=True, blank=True)
    act_file = models.FileField(
        _("acta firmada (PDF)"),
        upload_to=act_path,
        max_length=300,
        blank=True,
        validators=[FileExtensionValidator(["pdf"])],
    )
    observations = models.TextField(_("observaciones"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrada por"),
    )
    decided_at = models.DateTimeField(_("registrada el"), null=True, blank=True)

    entity_path = "plan__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("aprobación")
        verbose_name_plural = _("aprobaciones")
        ordering = ["plan", "-version", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status=ApprovalStatus.PENDING)
                | (Q(decided_on__isnull=False) & ~Q(body="") & ~Q(act_number="")),
                name="approval_decision_has_act",
            ),
        ]

    def __str__(self) -> str:
        return _("%(subject)s · versión %(version)s · %(status)s") % {
            "subject": self.get_subject_display(),
            "version": self.version,
            "status": self.get_status_display(),
        }

    def get_absolute_url(self) -> str:
        return reverse("planning:approval_detail", args=[self.pk])


class Accountability(models.Model):
    """A rendición de cuentas: the report for citizens of a plan over a period (a year or the
    whole vigencia)."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="accountabilities", verbose_name=_("plan"))
    title = models.CharField(_("título"), max_length=300)
    period_start = models.DateField(_("inicio del periodo"))
    period_end = models.DateField(_("fin del periodo"))
    introduction = models.TextField(
        _("presentación"), blank=True, help_text=_("En lenguaje claro: qué se propuso el plan en el periodo.")
    )
    not_done = models.TextField(
        _("lo que no se hizo y por qué"),
        blank=True,
        help_text=_("Se publica junto con los motivos de cada indicador atrasado o sin datos."),
    )
    show_evidence_links = models.BooleanField(
        _("mostrar los enlaces de evidencia públicos"),
        default=True,
        help_text=_("Solo los enlaces de registros aprobados; nunca los archivos adjuntos ni las personas."),
    )
    status = models.CharField(
        _("estado"), max_length=12, choices=AccountabilityStatus, default=AccountabilityStatus.DRAFT
    )
    published_on = models.DateField(_("fecha de publicación"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("creada por"),
    )
    created_at = models.DateTimeField(_("creada el"), auto_now_add=True)

    entity_path = "plan__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("rendición de cuentas")
        verbose_name_plural = _("rendiciones de cuentas")
        ordering = ["plan", "-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period_start", "period_end"], name="accountability_one_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gt=models.F("period_start")), name="accountability_end_after_start"
            ),
            models.CheckConstraint(
                condition=Q(status=AccountabilityStatus.DRAFT) | Q(published_on__isnull=False),
                name="accountability_published_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("planning:accountability_detail", args=[self.pk])

    @property
    def is_published(self) -> bool:
        return self.status == AccountabilityStatus.PUBLISHED


class AccountabilityReason(models.Model):
    """Why an indicator did not reach its target, in the press office's words."""

    accountability = models.ForeignKey(
        Accountability, on_delete=models.CASCADE, related_name="reasons", verbose_name=_("rendición de cuentas")
    )
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+", verbose_name=_("indicador"))
    text = models.TextField(_("motivo"))

    entity_path = "accountability__plan__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("motivo de un indicador")
        verbose_name_plural = _("motivos de los indicadores")
        constraints = [
            models.UniqueConstraint(fields=["accountability", "indicator"], name="accountability_reason_once"),
        ]

    def __str__(self) -> str:
        return self.text[:80]


class CitizenQuestion(ConsentRecord):
    """A citizen's question about a rendición de cuentas. Kept for the press office and shown
    only once moderated. A name or e-mail (optional) is kept only with its consent under the
    entity's privacy notice (Ley 1581) and is never shown."""

    accountability = models.ForeignKey(
        Accountability, on_delete=models.CASCADE, related_name="questions", verbose_name=_("rendición de cuentas")
    )
    name = models.CharField(_("nombre"), max_length=120, blank=True)
    email = models.EmailField(_("correo electrónico"), blank=True)
    text = models.TextField(_("pregunta"), max_length=2000)
    status = models.CharField(_("estado"), max_length=10, choices=QuestionStatus, default=QuestionStatus.PENDING)
    answer = models.TextField(_("respuesta"), blank=True)
    created_at = models.DateTimeField(_("recibida el"), auto_now_add=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moderada por"),
    )
    moderated_at = models.DateTimeField(_("moderada el"), null=True, blank=True)

    entity_path = "accountability__plan__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("pregunta ciudadana")
        verbose_name_plural = _("preguntas ciudadanas")
        ordering = ["-created_at"]
        constraints = [
            # A name or an e-mail only with its consent (Ley 1581).
            models.CheckConstraint(
                condition=Q(email="", name="") | Q(consent_given_at__isnull=False),
                name="question_contact_needs_consent",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]
