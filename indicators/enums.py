"""Choices of the indicators app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndicatorKind(models.TextChoices):
    EFFICACY = "eficacia", _("Eficacia")
    EFFICIENCY = "eficiencia", _("Eficiencia")
    EFFECTIVENESS = "efectividad", _("Efectividad")


class Unit(models.TextChoices):
    COUNT = "numero", _("Número (conteo)")
    PERCENTAGE = "porcentaje", _("Porcentaje")
    MILESTONE = "hito", _("Hito (sí/no)")
    COP = "cop", _("Pesos colombianos (COP)")
    HOURS = "horas", _("Horas")
    DAYS = "dias", _("Días")
    MINUTES = "minutos", _("Minutos")


class Aggregation(models.TextChoices):
    """How the values of an indicator combine over time."""

    SUM = "periodica", _("Periódica: los valores se suman")
    LAST = "acumulada", _("Acumulada: vale el último valor")
    AVERAGE = "promedio", _("Promedio")
    MAX = "maximo", _("Máximo")
    RATIO = "razon", _("Razón: numerador / denominador")


class Direction(models.TextChoices):
    INCREASE = "aumentar", _("Más es mejor")
    DECREASE = "disminuir", _("Menos es mejor")


class MeasurementFrequency(models.TextChoices):
    MONTHLY = "mensual", _("Mensual")
    QUARTERLY = "trimestral", _("Trimestral")
    SEMIANNUAL = "semestral", _("Semestral")
    ANNUAL = "anual", _("Anual")


class TargetDerivation(models.TextChoices):
    """How the target of a month or quarter follows from the annual target when it has none."""

    DIVIDE = "dividir", _("Dividir la meta anual entre los periodos")
    REPEAT = "repetir", _("La misma meta anual en cada periodo")


class PeriodType(models.TextChoices):
    MONTH = "mes", _("Mes")
    QUARTER = "trimestre", _("Trimestre")
    YEAR = "anio", _("Año")
    VIGENCIA = "vigencia", _("Vigencia completa")


class Source(models.TextChoices):
    """Where an indicator's values come from: the area leads' logs. The automatic sources (the
    product's own records, counted by the roll-up) are registered by the apps that own those
    records (indicators.automatic.register_source); Indicator.source lists them all
    (indicators.automatic.source_choices)."""

    MANUAL = "manual", _("Registros de ejecución de las dependencias")
