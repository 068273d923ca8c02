"""Choices of the planning app: the annual action plan, the committee's approval and the
rendición de cuentas."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActionPlanStatus(models.TextChoices):
    DRAFT = "borrador", _("Borrador")
    PUBLISHED = "publicado", _("Publicado")


class ItemStatus(models.TextChoices):
    """What became of an activity of the strategic plan in the year's action plan."""

    INCLUDED = "incluida", _("Incluida")
    ADDED = "agregada", _("Agregada en el año")
    POSTPONED = "aplazada", _("Aplazada")
    DROPPED = "retirada", _("Retirada")


# The statuses that need the press office's reason.
ITEM_STATUSES_WITH_REASON = {ItemStatus.ADDED, ItemStatus.POSTPONED, ItemStatus.DROPPED}


class ApprovalSubject(models.TextChoices):
    PLAN = "plan", _("Plan estratégico (o una nueva versión)")
    ACTION_PLAN = "plan_accion", _("Plan de Acción anual")


class ApprovalStatus(models.TextChoices):
    PENDING = "pendiente", _("Enviado a aprobación")
    APPROVED = "aprobado", _("Aprobado")
    REJECTED = "devuelto", _("Devuelto con observaciones")


class AccountabilityStatus(models.TextChoices):
    DRAFT = "borrador", _("Borrador")
    PUBLISHED = "publicado", _("Publicado")


class QuestionStatus(models.TextChoices):
    PENDING = "pendiente", _("Por moderar")
    PUBLISHED = "publicada", _("Publicada")
    REJECTED = "rechazada", _("No publicada")
