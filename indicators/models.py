"""Indicators (the DAFP ficha técnica) and their targets per period."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from indicators.automatic import automatic_source_errors, piece_kinds, source_choices
from indicators.enums import (
    Aggregation,
    Direction,
    IndicatorKind,
    MeasurementFrequency,
    PeriodType,
    Source,
    TargetDerivation,
    Unit,
)
from indicators.periods import is_period_start, period_end, period_label
from indicators.validators import validate_value_for_unit
from plans.models import Activity, Area, Channel, Plan
from plans.querysets import EntityScopedManager


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
        # The logs, and the sources the apps above register (their keys are stored as they are).
        choices=source_choices,
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
