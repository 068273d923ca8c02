"""Periodic reports (informes de seguimiento): their schedules and each frozen version."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from indicators.enums import (
    PeriodType,
)
from indicators.periods import period_end, period_label
from plans.models import Plan
from plans.querysets import EntityScopedManager
from reports.enums import ReportStatus

# --- Periodic reports (informes de seguimiento) ---------------------------------------------

# The period types a schedule runs for: a report of the month or of the quarter just ended.
SCHEDULE_PERIOD_TYPES = [PeriodType.MONTH, PeriodType.QUARTER]


def report_path(instance: Report, filename: str) -> str:
    # A random name under a private folder, as for evidence: never guessable, never served
    # from MEDIA_URL; a view checks who asks.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"reports/{instance.plan.entity_id}/{uuid.uuid4().hex}.{extension}"


class ReportSchedule(models.Model):
    """When a plan's periodic report is generated: the press office edits it in the admin and
    reports.services keeps its Celery beat task (django-celery-beat's PeriodicTask) in step."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="report_schedules", verbose_name=_("plan"))
    period_type = models.CharField(
        _("tipo de periodo"),
        max_length=10,
        choices=[(value, label) for value, label in PeriodType.choices if value in SCHEDULE_PERIOD_TYPES],
        help_text=_("Mensual: el informe del mes anterior. Trimestral: el del trimestre anterior."),
    )
    day_of_month = models.PositiveSmallIntegerField(
        _("día del mes"),
        default=6,
        help_text=_("Día en que se genera (1 a 28), después de la fecha límite de reporte de las dependencias."),
    )
    hour = models.PositiveSmallIntegerField(
        _("hora"), default=7, help_text=_("Hora del día (0 a 23), hora de Colombia.")
    )
    enabled = models.BooleanField(_("activo"), default=True)
    periodic_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="report_schedule",
        verbose_name=_("tarea programada"),
    )

    entity_path = "plan__entity"
    objects = EntityScopedManager()

    class Meta:
        # The table kept its name when the model moved here from the indicators app.
        db_table = "indicators_reportschedule"
        verbose_name = _("programación de informes")
        verbose_name_plural = _("programaciones de informes")
        ordering = ["plan", "period_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period_type"],
                name="report_schedule_once_per_plan_and_type",
                violation_error_message=_("El plan ya tiene una programación de informes de este tipo."),
            ),
            models.CheckConstraint(
                condition=Q(period_type__in=SCHEDULE_PERIOD_TYPES),
                name="report_schedule_month_or_quarter",
            ),
            models.CheckConstraint(
                condition=Q(day_of_month__gte=1, day_of_month__lte=28),
                name="report_schedule_day_1_to_28",
                violation_error_message=_("El día del mes va de 1 a 28 (todos los meses lo tienen)."),
            ),
            models.CheckConstraint(
                condition=Q(hour__lte=23),
                name="report_schedule_hour_0_to_23",
                violation_error_message=_("La hora va de 0 a 23."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.title} · {self.get_period_type_display()}"

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.day_of_month is not None and not 1 <= self.day_of_month <= 28:
            errors["day_of_month"] = _("El día del mes va de 1 a 28 (todos los meses lo tienen).")
        if self.hour is not None and self.hour > 23:
            errors["hour"] = _("La hora va de 0 a 23.")
        if errors:
            raise ValidationError(errors)


class Report(models.Model):
    """A periodic report of a plan for a period: a frozen snapshot of its figures when it was
    generated, and the XLSX and PDF made from it. Regenerating makes a new version; earlier
    versions stay. Written only by reports.services."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reports", verbose_name=_("plan"))
    period_type = models.CharField(_("tipo de periodo"), max_length=10, choices=PeriodType)
    period_start = models.DateField(_("inicio del periodo"))
    version = models.PositiveIntegerField(_("versión"), default=1)
    status = models.CharField(_("estado"), max_length=10, choices=ReportStatus, default=ReportStatus.PENDING)
    error = models.TextField(_("error"), blank=True, help_text=_("Por qué falló el último intento."))
    attempts = models.PositiveSmallIntegerField(_("intentos"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("solicitado por"),
        help_text=_("Vacío cuando lo generó la programación."),
    )
    snapshot = models.JSONField(_("cifras congeladas"), default=dict, blank=True)
    xlsx = models.FileField(_("hoja de cálculo (XLSX)"), upload_to=report_path, max_length=300, blank=True)
    pdf = models.FileField(_("documento (PDF)"), upload_to=report_path, max_length=300, blank=True)
    created_at = models.DateTimeField(_("solicitado el"), auto_now_add=True)
    started_at = models.DateTimeField(_("iniciado el"), null=True, blank=True)
    generated_at = models.DateTimeField(_("generado el"), null=True, blank=True)
    notified_at = models.DateTimeField(_("enviado a los directivos el"), null=True, blank=True)

    entity_path = "plan__entity"
    objects = EntityScopedManager()

    class Meta:
        # The table kept its name when the model moved here from the indicators app.
        db_table = "indicators_report"
        verbose_name = _("informe de seguimiento")
        verbose_name_plural = _("informes de seguimiento")
        ordering = ["-period_start", "plan", "period_type", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period_type", "period_start", "version"],
                name="report_unique_version_per_period",
            ),
        ]
        # The sweep of reports left pending or stuck reads by status.
        indexes = [models.Index(fields=["status", "created_at"], name="report_status")]

    def __str__(self) -> str:
        return f"{self.plan.title} · {self.period_label} · v{self.version}"

    @property
    def period_label(self) -> str:
        return period_label(self.period_type, self.period_start)

    @property
    def period_end(self):
        return period_end(self.period_type, self.period_start, vigencia_end=self.plan.vigencia_end)

    @property
    def is_ready(self) -> bool:
        return self.status == ReportStatus.READY

    @property
    def is_partial(self) -> bool:
        """Whether the report covers a period not yet over when its figures were taken (before
        it is generated: not over today), so its figures stop short of the period's end."""
        if "partial" in self.snapshot:
            return self.snapshot["partial"]
        return self.period_end >= timezone.localdate()
