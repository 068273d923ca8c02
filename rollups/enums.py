"""Choices of the roll-up: the traffic light of a period value and the kind of run."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgressStatus(models.TextChoices):
    """The traffic light of a period value."""

    ON_TRACK = "al_dia", _("Al día")
    AT_RISK = "en_riesgo", _("En riesgo")
    LATE = "atrasado", _("Atrasado")
    NO_DATA = "sin_datos", _("Sin datos")


class RollupKind(models.TextChoices):
    FULL = "completo", _("Completo")
    INCREMENTAL = "incremental", _("Incremental")
