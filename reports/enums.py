"""Choices of the periodic reports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    """The life of a periodic report (informe de seguimiento)."""

    PENDING = "pendiente", _("Pendiente")
    GENERATING = "generando", _("Generando")
    READY = "listo", _("Listo")
    FAILED = "fallido", _("Fallido")
