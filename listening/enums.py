from django.db import models
from django.utils.translation import gettext_lazy as _


class SuggestionKind(models.TextChoices):
    SUGGESTION = "sugerencia", _("Sugerencia")
    COMPLAINT = "queja", _("Queja o reclamo")
    SUPPORT = "soporte", _("Solicitud de soporte técnico")
    PRAISE = "felicitacion", _("Felicitación")


class SuggestionOrigin(models.TextChoices):
    PUBLIC = "publico", _("Buzón público")
    INTERNAL = "interno", _("Buzón interno (servidores)")


class SuggestionStatus(models.TextChoices):
    NEW = "nueva", _("Nueva")
    IN_PROGRESS = "en_tramite", _("En trámite")
    ANSWERED = "respondida", _("Respondida")
    CLOSED = "cerrada", _("Cerrada")


# A suggestion in these statuses has had its answer.
DONE_STATUSES = (SuggestionStatus.ANSWERED, SuggestionStatus.CLOSED)


class SurveyStatus(models.TextChoices):
    DRAFT = "borrador", _("En preparación")
    OPEN = "abierta", _("Publicada: recibe respuestas")
    CLOSED = "cerrada", _("Cerrada")


class QuestionKind(models.TextChoices):
    SCALE = "escala", _("Escala (1 a 5 o 1 a 10)")
    CHOICE = "opcion", _("Selección única")
    TEXT = "texto", _("Texto libre")
