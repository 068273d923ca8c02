"""Choices of the crisis app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IncidentStatus(models.TextChoices):
    OPEN = "abierto", _("Abierto")
    IN_PROGRESS = "en_atencion", _("En atención")
    RESOLVED = "resuelto", _("Resuelto")
    CLOSED = "cerrado", _("Cerrado")


# An incident is live (messages and timeline events may be added) until it is closed.
LIVE_STATUSES = (IncidentStatus.OPEN, IncidentStatus.IN_PROGRESS, IncidentStatus.RESOLVED)
UNRESOLVED_STATUSES = (IncidentStatus.OPEN, IncidentStatus.IN_PROGRESS)


class TemplatePurpose(models.TextChoices):
    """When a message template is used during an incident."""

    FIRST_NOTICE = "aviso_inicial", _("Aviso inicial")
    UPDATE = "actualizacion", _("Actualización")
    RESOLUTION = "restablecimiento", _("Restablecimiento del servicio")


class EventKind(models.TextChoices):
    NOTE = "nota", _("Novedad")
    REGISTERED = "registro", _("Registro del incidente")
    MESSAGE = "mensaje", _("Mensaje enviado")
    RESOLVED = "resuelto", _("Resolución")
    CLOSED = "cierre", _("Cierre")
