from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentMethod(models.TextChoices):
    """How the person gave their consent (Ley 1581, art. 9: it must be provable)."""

    WEB_FORM = "formulario", _("Casilla marcada en un formulario web")
    WRITTEN = "escrito", _("Por escrito (formato firmado)")
    VERBAL = "verbal", _("Verbal (llamada o presencial, con registro)")
    EMAIL = "correo", _("Por correo electrónico")
    ATTENDANCE = "asistencia", _("Lista de asistencia con autorización")


class RightsRequestKind(models.TextChoices):
    """The rights of the data subject (Ley 1581, art. 8) the press office attends."""

    KNOW = "conocer", _("Conocer los datos (consulta y copia)")
    UPDATE = "actualizar", _("Actualizar o rectificar")
    DELETE = "suprimir", _("Suprimir los datos")
