"""Choices of the campaigns app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CampaignKind(models.TextChoices):
    ATL = "atl", _("ATL (medios masivos)")
    BTL = "btl", _("BTL (medios directos)")
    DIGITAL = "digital", _("Digital")
    INTERNAL = "interna", _("Interna")


# Kinds of campaign that buy space in media: paid, they fall under the electoral restrictions.
PAID_KINDS = {CampaignKind.ATL, CampaignKind.BTL}


class CampaignStatus(models.TextChoices):
    PLANNED = "planeada", _("Planeada")
    DESIGNED = "disenada", _("Diseñada")
    IN_PROGRESS = "en_curso", _("En curso")
    FINISHED = "finalizada", _("Finalizada")
    CANCELLED = "cancelada", _("Cancelada")


# A campaign in these statuses goes ahead: inside an electoral window it needs a justification.
CAMPAIGN_GOING_AHEAD = {CampaignStatus.DESIGNED, CampaignStatus.IN_PROGRESS, CampaignStatus.FINISHED}


class PieceKind(models.TextChoices):
    PRESS_RELEASE = "comunicado", _("Comunicado de prensa")
    AUDIOVISUAL = "audiovisual", _("Producto audiovisual")
    BULLETIN = "boletin", _("Boletín interno")
    POST = "post", _("Publicación en redes sociales")
    INTRANET = "intranet", _("Actualización de la intranet")
    WEBSITE = "web", _("Actualización de la página web (transparencia)")
    INFOGRAPHIC = "infografia", _("Infografía")
    TUTORIAL = "tutorial", _("Video tutorial")
    NEWSLETTER = "newsletter", _("Newsletter")


class PieceStatus(models.TextChoices):
    IDEA = "idea", _("Idea")
    DRAFT = "borrador", _("Borrador")
    IN_REVIEW = "en_revision", _("En revisión")
    APPROVED = "aprobado", _("Aprobado")
    PUBLISHED = "publicado", _("Publicado")


class ExceptionCategory(models.TextChoices):
    """The matters the electoral restrictions leave open (Ley 996 de 2005)."""

    CIVIC = "civica", _("Campaña cívica")
    EDUCATIONAL = "educativa", _("Asunto educativo")
    CALAMITY = "calamidad", _("Calamidad pública o emergencia")
