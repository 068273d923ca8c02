"""The roll-up's tables: values per indicator and period, the marks of months to recompute, the
plans whose full recompute was asked for, and the record of each run."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.enums import (
    PeriodType,
)
from indicators.models import Indicator
from indicators.periods import period_label
from plans.models import Plan
from plans.querysets import EntityScopedManager
from rollups.enums import ProgressStatus, RollupKind


class PeriodValue(models.Model):
    """An indicator's value for a period, rolled up from approved logs. Written only by the
    roll-up (rollups.services)."""

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
        # The table kept its name when the model moved here from the indicators app.
        db_table = "indicators_periodvalue"
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
        # The table kept its name when the model moved here from the indicators app.
        db_table = "indicators_rollupmark"
        verbose_name = _("indicador por recalcular")
        verbose_name_plural = _("indicadores por recalcular")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "month"], name="rollup_mark_once"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} · {self.month}"


class RollupRequest(models.Model):
    """A plan whose full roll-up was asked for and has not committed yet.

    Written in the same transaction as the edit that asks for it and deleted in the same
    transaction as the roll-up that answers it, so that a request outlives a killed worker or
    a broker that was down: the task message may wait in Redis for its visibility timeout (an
    hour), but the periodic run of the marks (every minute) finds the request here.
    """

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="rollup_request", verbose_name=_("plan"))
    requested_at = models.DateTimeField(_("pedido el"))

    class Meta:
        verbose_name = _("plan por recalcular")
        verbose_name_plural = _("planes por recalcular")

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.requested_at:%d/%m/%Y %H:%M}"


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
        # The table kept its name when the model moved here from the indicators app.
        db_table = "indicators_rolluprun"
        verbose_name = _("ejecución del cálculo")
        verbose_name_plural = _("ejecuciones del cálculo")
        ordering = ["-finished_at"]
        indexes = [models.Index(fields=["plan", "-finished_at"], name="rollup_run_latest")]

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.finished_at:%d/%m/%Y %H:%M}"
