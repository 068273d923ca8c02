"""Choices of free-press monitoring."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MediaType(models.TextChoices):
    """The kind of medium a mention appeared in; it decides how its tariff is measured."""

    PRESS = "prensa", pgettext_lazy("tipo de medio", "Prensa")
    RADIO = "radio", _("Radio")
    TV = "tv", _("Televisión")
    WEB = "web", _("Web")
    SOCIAL = "redes", _("Redes sociales")


class TariffUnit(models.TextChoices):
    """What a tariff's price is per: a square centimetre of print, a second of air, a post."""

    CM2 = "cm2", _("cm²")
    SECOND = "segundo", _("segundo")
    POST = "publicacion", _("publicación")


# Press is sold by the column-centimetre (height × columns), radio and TV by the second of air,
# web and social networks by the post.
UNIT_BY_MEDIA_TYPE: dict[str, str] = {
    MediaType.PRESS: TariffUnit.CM2,
    MediaType.RADIO: TariffUnit.SECOND,
    MediaType.TV: TariffUnit.SECOND,
    MediaType.WEB: TariffUnit.POST,
    MediaType.SOCIAL: TariffUnit.POST,
}


class Sentiment(models.TextChoices):
    POSITIVE = "positiva", _("Positiva")
    NEUTRAL = "neutra", _("Neutra")
    NEGATIVE = "negativa", _("Negativa")


class Acceptance(models.TextChoices):
    """«Grado de aceptación»: how the audience received the piece, as the press office judges it."""

    HIGH = "alto", _("Alto")
    MEDIUM = "medio", pgettext_lazy("grado de aceptación", "Medio")
    LOW = "bajo", _("Bajo")
