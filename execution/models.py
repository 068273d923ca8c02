"""Reporting periods, area submissions, execution logs with their values and evidence, and the
reminders sent."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from execution.enums import LogStatus, ReminderKind, ReportingPeriodStatus
from indicators.enums import (
    PeriodType,
)
from indicators.models import Indicator
from indicators.periods import period_label
from plans.models import Activity, Area, Plan
from plans.querysets import EntityScopedManager, EntityScopedQuerySet


class ReportingPeriod(models.Model):
    """A month of a plan opened by the press office for reporting, with its deadline."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="reporting_periods", verbose_name=_("plan"))
    period_start = models.DateField(_("inicio del periodo"), help_text=_("Primer día del mes."))
    period_end = models.DateField(_("fin del periodo"))
    deadline = models.DateField(_("fecha límite de reporte"))
    status = models.CharField(
        _("estado"), max_length=10, choices=ReportingPeriodStatus, default=ReportingPeriodStatus.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("abierto por"),
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cerrado por"),
    )
    closed_at = models.DateTimeField(_("cerrado el"), null=True, blank=True)

    history = HistoricalRecords(
        verbose_name=_("histórico de periodo de reporte"), table_name="indicators_historicalreportingperiod"
    )

    entity_path = "plan__entity"
    objects = EntityScopedManager()

    class Meta:
        # The table kept its name when the model moved here from the indicators app.
        db_table = "indicators_reportingperiod"
        verbose_name = _("periodo de reporte")
        verbose_name_plural = _("periodos de reporte")
        ordering = ["plan", "-period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period_start"],
                name="reporting_period_unique_per_plan",
                violation_error_message=_("Ya existe un periodo de reporte para ese mes del plan."),
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="reporting_period_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan.title} · {period_label(PeriodType.MONTH, self.period_start)}"

    @property
    def is_closed(self) -> bool:
        return self.status == ReportingPeriodStatus.CLOSED

    @property
    def label(self) -> str:
        return period_label(PeriodType.MONTH, self.period_start)


class AreaSubmission(models.Model):
    """An area's submission of its logs for a reporting period."""

    reporting_period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="submissions", verbose_name=_("periodo de reporte")
    )
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("dependencia"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("enviado por")
    )
    submitted_at = models.DateTimeField(_("enviado el"))

    entity_path = "area__entity"
    objects = EntityScopedManager()

    class Meta:
        # The table kept its name when the model moved here from the indicators app.
        db_table = "indicators_areasubmission"
        verbose_name = _("envío de dependencia")
        verbose_name_plural = _("envíos de dependencias")
        constraints = [
            models.UniqueConstraint(fields=["reporting_period", "area"], name="area_submission_once_per_period"),
        ]

    def __str__(self) -> str:
        return f"{self.area} · {self.reporting_period}"


class ActivityLogQuerySet(EntityScopedQuerySet):
    def for_area(self, area_id: int) -> ActivityLogQuerySet:
        return self.filter(area_id=area_id)

    def visible(self) -> ActivityLogQuerySet:
        return self.exclude(status=LogStatus.WITHDRAWN)


class ActivityLog(models.Model):
    """What an area did for an activity on a date: the registro de ejecución.

    Append-only with corrections: every change is kept in its history with who and when; a log
    is withdrawn, never deleted. Recorded and changed only through indicators.services.
    """

    activity = models.ForeignKey(Activity, on_delete=models.PROTECT, related_name="logs", verbose_name=_("actividad"))
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="logs", verbose_name=_("dependencia"))
    date = models.DateField(_("fecha de ejecución"))
    description = models.TextField(_("descripción"), max_length=5000)
    reach_total = models.PositiveIntegerField(_("personas alcanzadas o asistentes"), null=True, blank=True)
    reach_public_servants = models.PositiveIntegerField(_("servidores públicos"), null=True, blank=True)
    reach_contractors = models.PositiveIntegerField(_("contratistas"), null=True, blank=True)
    links = models.TextField(_("enlaces de evidencia"), blank=True, help_text=_("Una dirección http(s) por línea."))
    status = models.CharField(_("estado"), max_length=10, choices=LogStatus, default=LogStatus.DRAFT)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="logs", verbose_name=_("reportado por")
    )
    review_comment = models.TextField(_("comentario de revisión"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revisado por"),
    )
    reviewed_at = models.DateTimeField(_("revisado el"), null=True, blank=True)
    submission_token = models.UUIDField(
        _("token de envío"),
        null=True,
        blank=True,
        unique=True,
        editable=False,
        help_text=_("Evita que un doble clic o un reenvío del navegador cree dos registros."),
    )
    created_at = models.DateTimeField(_("creado el"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado el"), auto_now=True)

    history = HistoricalRecords(
        verbose_name=_("histórico de registro de ejecución"), table_name="indicators_historicalactivitylog"
    )

    entity_path = "area__entity"
    objects = EntityScopedManager.from_queryset(ActivityLogQuerySet)()

    class Meta:
        # The table kept its name when the model moved here from the indicators app.
        db_table = "indicators_activitylog"
        verbose_name = _("registro de ejecución")
        verbose_name_plural = _("registros de ejecución")
        permissions = [("import_activitylog", _("Puede importar registros de ejecución desde una hoja de cálculo"))]
        ordering = ["-date", "-pk"]
        indexes = [
            models.Index(fields=["area", "date"], name="log_area_date"),
            # Drafts are the few logs still being written: the press office's list of drafts
            # outside any period, the area's draft counts and the period's submission read
            # them among millions of sent logs through this small partial index.
            models.Index(fields=["area", "date"], condition=Q(status=LogStatus.DRAFT), name="log_draft_area_date"),
            # «Registros» shows the newest logs of an entity (-date, -pk) 25 at a time: read
            # backwards from here it stops after a page instead of sorting every log of the
            # entity (10 ms for 15,000 logs on SQLite, 0.3 ms with it).
            models.Index(fields=["date", "id"], name="log_date_id"),
            # The review queue, oldest sent log first: the logs waiting for review are few
            # among millions, and this small partial index gives them in order.
            models.Index(fields=["date", "id"], condition=Q(status=LogStatus.SUBMITTED), name="log_submitted_date"),
            # «Mis actividades» lists the area's returned logs, few among the years of logs of
            # the area that the (area, date) index would read through on every visit.
            models.Index(
                fields=["area", "date"], condition=Q(status=LogStatus.RETURNED), name="log_returned_area_date"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(reach_public_servants__isnull=True)
                | Q(reach_contractors__isnull=True)
                | Q(reach_total__isnull=True)
                | Q(reach_total__gte=models.F("reach_public_servants") + models.F("reach_contractors")),
                name="log_reach_parts_within_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} · {self.date:%d/%m/%Y}"

    def get_status_display(self) -> str:
        """The status as the page names it. Django's own hashes every translated label of the
        choices on each call (five translations a log), and the tables show 25 logs a page."""
        try:
            return str(LogStatus(self.status).label)
        except ValueError:
            return self.status


class LogValue(models.Model):
    """The value an execution log gives one indicator of its activity.

    ``date``, ``month`` and ``status`` repeat the log's so that the roll-up groups one table by
    (indicator, month) with no join and no date truncation (which SQLite runs in Python).
    """

    # No index of their own: logvalue_once_per_indicator begins with the log and logvalue_rollup
    # with the indicator, and serve their lookups.
    log = models.ForeignKey(
        ActivityLog, on_delete=models.CASCADE, related_name="values", verbose_name=_("registro"), db_index=False
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="log_values", verbose_name=_("indicador"), db_index=False
    )
    date = models.DateField(_("fecha"))
    month = models.DateField(_("mes"))
    status = models.CharField(_("estado"), max_length=10, choices=LogStatus)
    value = models.DecimalField(_("valor"), max_digits=20, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(_("numerador"), max_digits=20, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("denominador"), max_digits=20, decimal_places=4, null=True, blank=True)

    history = HistoricalRecords(
        verbose_name=_("histórico de valor reportado"), table_name="indicators_historicallogvalue"
    )

    entity_path = "indicator__plan__entity"
    objects = EntityScopedManager()

    class Meta:
        # The table kept its name when the model moved here from the indicators app.
        db_table = "indicators_logvalue"
        verbose_name = _("valor reportado")
        verbose_name_plural = _("valores reportados")
        # The roll-up reads (indicator, status, month) and, for cumulative indicators, the
        # latest date of each; the index answers both without the table on PostgreSQL.
        indexes = [
            # The roll-up reads this index alone: the month aggregates in order, and the latest
            # value of a cumulative month as one backward step (date, then recording order).
            models.Index(
                fields=["indicator", "status", "month", "date", "id"],
                name="logvalue_rollup",
                include=["value", "numerator", "denominator"],
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["log", "indicator"], name="logvalue_once_per_indicator"),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="logvalue_value_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(denominator__isnull=True) | Q(denominator__gt=0), name="logvalue_denominator_positive"
            ),
            models.CheckConstraint(
                condition=Q(numerator__isnull=True) | Q(numerator__gte=0), name="logvalue_numerator_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.date:%d/%m/%Y}"


def evidence_path(instance: Evidence, filename: str) -> str:
    # A random name under a private folder: the original name is kept in a field, never in
    # the path, so no name can reach outside the folder or guess another file.
    return f"evidence/{instance.log.area.entity_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A file behind an execution log. Never served from a public URL: a view checks who asks."""

    log = models.ForeignKey(ActivityLog, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("registro"))
    file = models.FileField(_("archivo"), upload_to=evidence_path, max_length=300)
    original_name = models.CharField(_("nombre original"), max_length=255)
    content_type = models.CharField(_("tipo de contenido"), max_length=100)
    size = models.PositiveIntegerField(_("tamaño (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("cargado por")
    )
    uploaded_at = models.DateTimeField(_("cargado el"), auto_now_add=True)

    entity_path = "log__area__entity"
    objects = EntityScopedManager()

    class Meta:
        # The table kept its name when the model moved here from the indicators app.
        db_table = "indicators_evidence"
        verbose_name = _("evidencia")
        verbose_name_plural = _("evidencias")
        ordering = ["log", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ReminderSent(models.Model):
    """An e-mail reminder already sent, so that the same one never goes out twice for the same
    person, period, kind and day (a re-run task or command finds it and skips it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("destinatario")
    )
    kind = models.CharField(_("tipo"), max_length=12, choices=ReminderKind)
    day = models.DateField(_("día"))
    reporting_period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("periodo de reporte"),
    )
    log = models.ForeignKey(
        ActivityLog,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("registro"),
    )
    sent_at = models.DateTimeField(_("enviado el"))

    entity_path = "user__entity"
    objects = EntityScopedManager()

    class Meta:
        # The table kept its name when the model moved here from the indicators app.
        db_table = "indicators_remindersent"
        verbose_name = _("recordatorio enviado")
        verbose_name_plural = _("recordatorios enviados")
        ordering = ["-sent_at"]
        # NULLs are distinct in a unique index (and SQLite has no NULLS NOT DISTINCT), so each
        # shape of reminder gets its own partial unique index.
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "day", "reporting_period"],
                condition=Q(log__isnull=True, reporting_period__isnull=False),
                name="reminder_once_per_user_period_kind_day",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "day", "log"],
                condition=Q(log__isnull=False),
                name="reminder_once_per_user_log_kind_day",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "day"],
                condition=Q(log__isnull=True, reporting_period__isnull=True),
                name="reminder_once_per_user_kind_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.day:%d/%m/%Y}"
