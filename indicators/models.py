"""Indicators (the DAFP ficha técnica) and their targets per period."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.automatic import automatic_source_errors, piece_kinds
from indicators.enums import (
    Aggregation,
    Direction,
    IndicatorKind,
    LogStatus,
    MeasurementFrequency,
    PeriodType,
    ProgressStatus,
    ReportingPeriodStatus,
    ReportStatus,
    RollupKind,
    Source,
    TargetDerivation,
    Unit,
)
from indicators.periods import is_period_start, period_end, period_label
from indicators.validators import validate_value_for_unit
from plans.models import Activity, Area, Channel, Plan
from plans.querysets import EntityScopedManager, EntityScopedQuerySet


class Indicator(models.Model):
    """An indicator of a plan with its ficha técnica.

    It measures one activity, or none for plan-level indicators such as the adoption rate.
    """

    plan = models.ForeignKey(
        # Protects the plan: a plan that is measured is never deleted by a cascade.
        Plan,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("plan"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("actividad que mide"),
        help_text=_("Vacío para los indicadores del plan en su conjunto, como la tasa de adopción."),
    )
    code = models.CharField(_("código"), max_length=20, help_text=_("Único dentro del plan. Por ejemplo: EXT-01."))
    name = models.CharField(_("nombre"), max_length=300)
    definition = models.TextField(_("definición"), blank=True)
    kind = models.CharField(_("tipo"), max_length=12, choices=IndicatorKind, default=IndicatorKind.EFFICACY)
    unit = models.CharField(_("unidad de medida"), max_length=12, choices=Unit, default=Unit.COUNT)
    aggregation = models.CharField(
        _("regla de agregación"),
        max_length=12,
        choices=Aggregation,
        default=Aggregation.SUM,
        help_text=_(
            "Cómo se combinan los valores en el tiempo. Una razón guarda numerador y denominador "
            "para no promediar porcentajes."
        ),
    )
    numerator_definition = models.CharField(_("definición del numerador"), max_length=300, blank=True)
    denominator_definition = models.CharField(_("definición del denominador"), max_length=300, blank=True)
    direction = models.CharField(_("sentido"), max_length=10, choices=Direction, default=Direction.INCREASE)
    baseline = models.DecimalField(_("línea base"), max_digits=20, decimal_places=4, null=True, blank=True)
    baseline_date = models.DateField(_("fecha de la línea base"), null=True, blank=True)
    frequency = models.CharField(
        _("frecuencia de medición"),
        max_length=12,
        choices=MeasurementFrequency,
        default=MeasurementFrequency.MONTHLY,
    )
    target_derivation = models.CharField(
        _("metas de los periodos"),
        max_length=10,
        choices=TargetDerivation,
        default=TargetDerivation.DIVIDE,
        help_text=_("Cómo se obtiene la meta de un mes o trimestre que no tiene una propia."),
    )
    data_source = models.CharField(_("fuente de los datos"), max_length=300, blank=True)
    source = models.CharField(
        _("origen de los valores"),
        max_length=12,
        choices=Source,
        default=Source.MANUAL,
        help_text=_(
            "Un indicador automático toma sus valores de las campañas, piezas, menciones o incidentes "
            "registrados en el sistema; las dependencias no lo reportan."
        ),
    )
    source_piece_kind = models.CharField(
        _("tipo de pieza contada"),
        max_length=12,
        choices=piece_kinds,
        blank=True,
        help_text=_("Solo para «piezas publicadas»: vacío cuenta todos los tipos."),
    )
    source_channel = models.ForeignKey(
        Channel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("canal contado"),
        help_text=_("Solo para «piezas publicadas»: vacío cuenta todos los canales."),
    )
    verification_means = models.CharField(_("medio de verificación"), max_length=300, blank=True)
    responsible_area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("dependencia responsable"),
    )
    weight = models.DecimalField(
        _("peso"), max_digits=6, decimal_places=2, default=1, help_text=_("Peso en el avance del plan.")
    )
    order = models.PositiveIntegerField(_("orden"), default=0)

    history = HistoricalRecords(verbose_name=_("histórico de indicador"))

    entity_path = "plan__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("indicador")
        verbose_name_plural = _("indicadores")
        permissions = [("import_indicator", _("Puede importar indicadores desde una hoja de cálculo"))]
        ordering = ["plan", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "code"],
                name="indicator_unique_code_per_plan",
                violation_error_message=_("Ya existe un indicador con este código en el plan."),
            ),
            models.CheckConstraint(
                condition=~Q(aggregation=Aggregation.RATIO)
                | (~Q(numerator_definition="") & ~Q(denominator_definition="")),
                name="indicator_ratio_defines_terms",
                violation_error_message=_("Una razón necesita la definición del numerador y del denominador."),
            ),
            models.CheckConstraint(
                condition=Q(aggregation=Aggregation.SUM) | Q(target_derivation=TargetDerivation.REPEAT),
                name="indicator_only_sums_divide_targets",
                violation_error_message=_("Solo las metas de indicadores periódicos se dividen entre los periodos."),
            ),
            models.CheckConstraint(condition=Q(weight__gte=0), name="indicator_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} · {self.name}"

    @property
    def is_automatic(self) -> bool:
        return self.source != Source.MANUAL

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        self.code = (self.code or "").strip().upper()
        errors.update(automatic_source_errors(self))
        if self.aggregation == Aggregation.RATIO:
            if not self.numerator_definition:
                errors["numerator_definition"] = _("Una razón necesita la definición del numerador.")
            if not self.denominator_definition:
                errors["denominator_definition"] = _("Una razón necesita la definición del denominador.")
        if self.aggregation != Aggregation.SUM and self.target_derivation == TargetDerivation.DIVIDE:
            errors["target_derivation"] = _(
                "Solo las metas de indicadores periódicos (que se suman) se dividen entre los periodos; "
                "elija «la misma meta anual en cada periodo»."
            )
        if self.activity_id and self.plan_id and self.activity.component.plan_id != self.plan_id:
            errors["activity"] = _("La actividad debe ser del mismo plan que el indicador.")
        if self.responsible_area_id and self.plan_id and self.responsible_area.entity_id != self.plan.entity_id:
            errors["responsible_area"] = _("La dependencia debe ser de la entidad del plan.")
        if self.baseline is not None:
            try:
                validate_value_for_unit(self.unit, self.baseline)
            except ValidationError as error:
                errors["baseline"] = error.messages[0]
        if errors:
            raise ValidationError(errors)


class Target(models.Model):
    """The target (meta) of an indicator for one period."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicador")
    )
    period_type = models.CharField(_("tipo de periodo"), max_length=10, choices=PeriodType)
    period_start = models.DateField(
        _("inicio del periodo"),
        help_text=_("Primer día del mes, del trimestre o del año; para la vigencia, su inicio."),
    )
    value = models.DecimalField(_("meta"), max_digits=20, decimal_places=4)
    note = models.CharField(_("nota"), max_length=300, blank=True)

    history = HistoricalRecords(verbose_name=_("histórico de meta"))

    entity_path = "indicator__plan__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("meta")
        verbose_name_plural = _("metas")
        permissions = [("import_target", _("Puede importar metas desde una hoja de cálculo"))]
        ordering = ["indicator", "period_type", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_type", "period_start"],
                name="target_unique_per_period",
                violation_error_message=_("Ya hay una meta para este indicador y periodo."),
            ),
            models.CheckConstraint(
                condition=Q(value__gte=0),
                name="target_value_not_negative",
                violation_error_message=_("La meta no puede ser negativa."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {self.period_label}: {self.value}"

    @property
    def period_label(self) -> str:
        return period_label(self.period_type, self.period_start)

    @property
    def period_end(self):
        return period_end(self.period_type, self.period_start, vigencia_end=self.indicator.plan.vigencia_end)

    def clean(self) -> None:
        super().clean()
        # The indicator may be unsaved yet (typed on the same admin page): check against it.
        indicator = self.indicator if self.indicator_id else Target.indicator.field.get_cached_value(self, default=None)
        plan = getattr(indicator, "plan", None) if indicator is not None and indicator.plan_id else None
        if indicator is None or plan is None or not (self.period_type and self.period_start):
            return
        errors: dict[str, str] = {}
        if self.period_type == PeriodType.VIGENCIA:
            if self.period_start != plan.vigencia_start:
                errors["period_start"] = _("La meta de la vigencia empieza el día en que empieza el plan.")
        elif not is_period_start(self.period_type, self.period_start):
            errors["period_start"] = _("La fecha debe ser el primer día del periodo.")
        elif not plan.contains_period(self.period_start, self.period_end):
            errors["period_start"] = _("El periodo está fuera de la vigencia del plan (%(start)s – %(end)s).") % {
                "start": date_format(plan.vigencia_start, "SHORT_DATE_FORMAT"),
                "end": date_format(plan.vigencia_end, "SHORT_DATE_FORMAT"),
            }
        try:
            validate_value_for_unit(indicator.unit, self.value)
        except ValidationError as error:
            errors["value"] = error.messages[0]
        if errors:
            raise ValidationError(errors)


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

    history = HistoricalRecords(verbose_name=_("histórico de periodo de reporte"))

    entity_path = "plan__entity"
    objects = EntityScopedManager()

    class Meta:
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

    history = HistoricalRecords(verbose_name=_("histórico de registro de ejecución"))

    entity_path = "area__entity"
    objects = EntityScopedManager.from_queryset(ActivityLogQuerySet)()

    class Meta:
        verbose_name = _("registro de ejecución")
        verbose_name_plural = _("registros de ejecución")
        permissions = [("import_activitylog", _("Puede importar registros de ejecución desde una hoja de cálculo"))]
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["area", "date"], name="log_area_date")]
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

    history = HistoricalRecords(verbose_name=_("histórico de valor reportado"))

    entity_path = "indicator__plan__entity"
    objects = EntityScopedManager()

    class Meta:
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


class PeriodValue(models.Model):
    """An indicator's value for a period, rolled up from approved logs. Written only by the
    roll-up (indicators.rollup)."""

    # No index of its own: period_value_unique_per_period begins with the indicator and serves its
    # lookups, and every roll-up writes one index fewer.
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="period_values", verbose_name=_("indicador"), db_index=False
    )
    period_type = models.CharField(_("tipo de periodo"), max_length=10, choices=PeriodType)
    period_start = models.DateField(_("inicio del periodo"))
    value = models.DecimalField(_("valor"), max_digits=20, decimal_places=4, null=True)
    numerator = models.DecimalField(_("numerador"), max_digits=24, decimal_places=4, null=True)
    denominator = models.DecimalField(_("denominador"), max_digits=24, decimal_places=4, null=True)
    pending_value = models.DecimalField(
        _("valor enviado sin aprobar"),
        max_digits=20,
        decimal_places=4,
        null=True,
        help_text=_("Lo enviado que aún no aprueba la oficina de prensa; no cuenta en el valor."),
    )
    # The sums behind the figures, so that an incremental run recombines a quarter, a year
    # or the vigencia from its stored months without reading their logs again.
    total = models.DecimalField(_("suma de valores aprobados"), max_digits=24, decimal_places=4, null=True)
    pending_total = models.DecimalField(_("suma de valores enviados"), max_digits=24, decimal_places=4, null=True)
    pending_numerator = models.DecimalField(_("numerador enviado"), max_digits=24, decimal_places=4, null=True)
    pending_denominator = models.DecimalField(_("denominador enviado"), max_digits=24, decimal_places=4, null=True)
    target = models.DecimalField(_("meta"), max_digits=20, decimal_places=4, null=True)
    achievement = models.DecimalField(_("cumplimiento (%)"), max_digits=12, decimal_places=2, null=True)
    status = models.CharField(_("estado"), max_length=10, choices=ProgressStatus, default=ProgressStatus.NO_DATA)
    approved_count = models.PositiveIntegerField(_("valores aprobados"), default=0)
    pending_count = models.PositiveIntegerField(_("valores enviados sin aprobar"), default=0)
    computed_at = models.DateTimeField(_("calculado el"))

    entity_path = "indicator__plan__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("valor del periodo")
        verbose_name_plural = _("valores de los periodos")
        ordering = ["indicator", "period_type", "period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period_type", "period_start"], name="period_value_unique_per_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} · {period_label(self.period_type, self.period_start)}"

    @property
    def period_label(self) -> str:
        return period_label(self.period_type, self.period_start)


class RollupMark(models.Model):
    """An indicator month whose logs changed. (A change of targets marks the vigencia's first
    month: re-reading one month is the cheapest way to have the indicator recombined.)

    Written in the same transaction as the change that calls for it, so no change is lost when
    the broker is down; the incremental roll-up re-reads the logs of the marked months only.
    """

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="rollup_marks", verbose_name=_("indicador")
    )
    month = models.DateField(_("mes"))
    marked_at = models.DateTimeField(_("marcado el"))

    class Meta:
        verbose_name = _("indicador por recalcular")
        verbose_name_plural = _("indicadores por recalcular")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "month"], name="rollup_mark_once"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} · {self.month}"


class RollupRun(models.Model):
    """One run of the roll-up over one plan: when, what kind, how much it wrote."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rollup_runs", verbose_name=_("plan"))
    kind = models.CharField(_("tipo"), max_length=12, choices=RollupKind)
    started_at = models.DateTimeField(_("inicio"))
    finished_at = models.DateTimeField(_("fin"))
    indicators = models.PositiveIntegerField(_("indicadores"))
    rows_written = models.PositiveIntegerField(_("filas escritas"))

    entity_path = "plan__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("ejecución del cálculo")
        verbose_name_plural = _("ejecuciones del cálculo")
        ordering = ["-finished_at"]
        indexes = [models.Index(fields=["plan", "-finished_at"], name="rollup_run_latest")]

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.finished_at:%d/%m/%Y %H:%M}"


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
        verbose_name = _("evidencia")
        verbose_name_plural = _("evidencias")
        ordering = ["log", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ReminderKind(models.TextChoices):
    # Kept next to its only model: indicators/enums.py belongs to another change set.
    BEFORE_DEADLINE = "antes_plazo", _("Recordatorio antes de la fecha límite")
    DEADLINE_DAY = "dia_plazo", _("Recordatorio el día de la fecha límite")
    LOG_RETURNED = "devuelto", _("Registro devuelto")
    WEEKLY_DIGEST = "resumen", _("Resumen semanal a la oficina de prensa")


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


# --- Periodic reports (informes de seguimiento) ---------------------------------------------

# The period types a schedule runs for: a report of the month or of the quarter just ended.
SCHEDULE_PERIOD_TYPES = [PeriodType.MONTH, PeriodType.QUARTER]


class ReportSchedule(models.Model):
    """When a plan's periodic report is generated: the press office edits it in the admin and
    indicators.reports keeps its Celery beat task (django-celery-beat's PeriodicTask) in step."""

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


def report_path(instance: Report, filename: str) -> str:
    # A random name under a private folder, as for evidence: never guessable, never served
    # from MEDIA_URL; a view checks who asks.
    extension = filename.rsplit(".", 1)[-1].lower()
    return f"reports/{instance.plan.entity_id}/{uuid.uuid4().hex}.{extension}"


class Report(models.Model):
    """A periodic report of a plan for a period: a frozen snapshot of its figures when it was
    generated, and the XLSX and PDF made from it. Regenerating makes a new version; earlier
    versions stay. Written only by indicators.reports."""

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
