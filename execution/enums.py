"""Choices of the reporting cycle."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LogStatus(models.TextChoices):
    """The reporting cycle of an execution log (as DHIS2 and Akvo RSR do it)."""

    DRAFT = "borrador", _("Borrador")
    SUBMITTED = "enviado", _("Enviado")
    APPROVED = "aprobado", _("Aprobado")
    RETURNED = "devuelto", _("Devuelto")
    WITHDRAWN = "retirado", _("Retirado")


class ReportingPeriodStatus(models.TextChoices):
    OPEN = "abierto", _("Abierto")
    CLOSED = "cerrado", _("Cerrado")


class ReminderKind(models.TextChoices):
    """Why a reminder was sent."""

    BEFORE_DEADLINE = "antes_plazo", _("Recordatorio antes de la fecha límite")
    DEADLINE_DAY = "dia_plazo", _("Recordatorio el día de la fecha límite")
    LOG_RETURNED = "devuelto", _("Registro devuelto")
    WEEKLY_DIGEST = "resumen", _("Resumen semanal a la oficina de prensa")
