"""Free-press monitoring: the outlets an entity follows, their tariff table and the mentions
of the entity they publish, each valued in COP from the tariff in force on its date."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from media.enums import UNIT_BY_MEDIA_TYPE, Acceptance, MediaType, Sentiment
from plans.models import Activity
from plans.querysets import EntityScopedManager, EntityScopedQuerySet

RATING_MIN, RATING_MAX = 1, 5

http_url = URLValidator(
    schemes=["http", "https"], message=_("Escriba una dirección web completa que empiece por http:// o https://.")
)


class Outlet(models.Model):
    """A medio de comunicación the press office follows: El Tiempo, Caracol Radio, a news site…"""

    entity = models.ForeignKey(
        "plans.Entity", on_delete=models.PROTECT, related_name="outlets", verbose_name=_("entidad")
    )
    name = models.CharField(_("nombre"), max_length=200)
    media_type = models.CharField(
        _("tipo de medio principal"),
        max_length=10,
        choices=MediaType,
        help_text=_("El formato habitual; sus tarifas pueden cubrir otros (un diario con sitio web)."),
    )
    city = models.CharField(_("ciudad o cobertura"), max_length=120, blank=True)
    is_active = models.BooleanField(_("activo"), default=True)

    entity_path = "entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("medio de comunicación")
        verbose_name_plural = _("medios de comunicación")
        ordering = ["entity", "name"]
        constraints = [
            models.UniqueConstraint(fields=["entity", "name"], name="outlet_unique_name_per_entity"),
        ]

    def __str__(self) -> str:
        return self.name


class Tariff(models.Model):
    """What an outlet charges for a format from a date on: the price list that values free press.

    The price is per cm² for press, per second for radio and TV, per post for web and social
    networks. A later ``valid_from`` replaces it for mentions from that date on.
    """

    outlet = models.ForeignKey(Outlet, on_delete=models.CASCADE, related_name="tariffs", verbose_name=_("medio"))
    media_type = models.CharField(_("formato"), max_length=10, choices=MediaType)
    valid_from = models.DateField(_("vigente desde"))
    price = models.DecimalField(
        _("precio (COP)"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(0, message=_("El precio de la tarifa no puede ser negativo."))],
        help_text=_("Por cm² en prensa, por segundo en radio y televisión, por publicación en web y redes."),
    )
    source = models.CharField(
        _("fuente"), max_length=200, blank=True, help_text=_("Por ejemplo: tarifario 2024 del medio.")
    )

    entity_path = "outlet__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("tarifa")
        verbose_name_plural = _("tarifas")
        ordering = ["outlet", "media_type", "-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["outlet", "media_type", "valid_from"],
                name="tariff_unique_per_outlet_format_date",
                violation_error_message=_("Este medio ya tiene una tarifa de ese formato desde esa fecha."),
            ),
            models.CheckConstraint(
                condition=Q(price__gte=0),
                name="tariff_price_not_negative",
                violation_error_message=_("El precio de la tarifa no puede ser negativo."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outlet} · {self.get_media_type_display()} · {self.valid_from:%d/%m/%Y}"

    @property
    def unit(self) -> str:
        return UNIT_BY_MEDIA_TYPE[self.media_type]


class MediaMentionQuerySet(EntityScopedQuerySet):
    def between(self, start, end) -> MediaMentionQuerySet:
        queryset = self
        if start:
            queryset = queryset.filter(date__gte=start)
        if end:
            queryset = queryset.filter(date__lte=end)
        return queryset


class MediaMention(models.Model):
    """A piece an outlet published about the entity (free press), with its valuation in COP.

    ``free_press_value`` is stored: it is computed by ``media.services`` from the tariff in force
    on ``date`` (``tariff``, ``quantity`` and ``unit_price`` keep how), and recomputed when a
    tariff changes. The roll-up of automatic indicators sums it in SQL.
    """

    entity = models.ForeignKey(
        "plans.Entity", on_delete=models.PROTECT, related_name="media_mentions", verbose_name=_("entidad")
    )
    outlet = models.ForeignKey(Outlet, on_delete=models.PROTECT, related_name="mentions", verbose_name=_("medio"))
    media_type = models.CharField(_("tipo de medio"), max_length=10, choices=MediaType)
    date = models.DateField(_("fecha de publicación"))
    headline = models.CharField(_("titular"), max_length=500)
    url = models.CharField(
        _("enlace"),
        max_length=500,
        blank=True,
        validators=[http_url],
        help_text=_("Dirección de la nota, si está en línea (http:// o https://)."),
    )
    reach = models.BigIntegerField(
        _("alcance"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("El alcance no puede ser negativo."))],
        help_text=_("Lectores, oyentes, televidentes o personas alcanzadas, según el medio."),
    )
    sentiment = models.CharField(_("sentimiento"), max_length=10, choices=Sentiment)
    rating = models.SmallIntegerField(
        _("calificación"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(RATING_MIN, message=_("La calificación va de 1 a 5.")),
            MaxValueValidator(RATING_MAX, message=_("La calificación va de 1 a 5.")),
        ],
        help_text=_("De 1 (muy desfavorable) a 5 (muy favorable) para la entidad."),
    )
    acceptance = models.CharField(_("grado de aceptación"), max_length=10, choices=Acceptance, blank=True)
    # The measure the tariff multiplies, by media type.
    height_cm = models.DecimalField(
        _("alto (cm)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"), message=_("El alto debe ser mayor que cero."))],
        help_text=_("Prensa: alto de la nota en centímetros."),
    )
    columns = models.SmallIntegerField(
        _("columnas"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message=_("Las columnas deben ser al menos 1."))],
        help_text=_("Prensa: número de columnas que ocupa la nota."),
    )
    seconds = models.IntegerField(
        _("duración (segundos)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message=_("La duración debe ser de al menos 1 segundo."))],
        help_text=_("Radio y televisión: segundos al aire."),
    )
    posts = models.SmallIntegerField(
        _("publicaciones"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message=_("Debe haber al menos 1 publicación."))],
        help_text=_("Web y redes: número de publicaciones (1 si se deja vacío)."),
    )
    # Written by media.services from the tariff table; never typed by a person.
    tariff = models.ForeignKey(
        Tariff,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentions",
        verbose_name=_("tarifa aplicada"),
        editable=False,
    )
    quantity = models.DecimalField(
        _("cantidad medida"), max_digits=12, decimal_places=2, null=True, blank=True, editable=False
    )
    unit_price = models.DecimalField(
        _("precio unitario (COP)"), max_digits=14, decimal_places=2, null=True, blank=True, editable=False
    )
    free_press_value = models.DecimalField(
        _("valor free press (COP)"), max_digits=16, decimal_places=2, default=0, editable=False
    )
    campaign = models.ForeignKey(
        "campaigns.Campaign",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="media_mentions",
        verbose_name=_("campaña"),
        help_text=_("La campaña de la que salió la nota, si la hay."),
    )
    activity = models.ForeignKey(
        "plans.Activity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="media_mentions",
        verbose_name=_("actividad del plan"),
        help_text=_("La actividad del plan de la que salió la nota, si la hay."),
    )
    notes = models.TextField(_("observaciones"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registrada por"),
        editable=False,
    )
    created_at = models.DateTimeField(_("registrada el"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modificada el"), auto_now=True)

    entity_path = "entity"
    objects = EntityScopedManager.from_queryset(MediaMentionQuerySet)()

    class Meta:
        verbose_name = _("mención en medios")
        verbose_name_plural = _("menciones en medios")
        ordering = ["-date", "-pk"]
        permissions = [("import_mediamention", _("Puede importar menciones en medios desde una hoja de cálculo"))]
        indexes = [
            # The list, the totals and the automatic indicators read an entity's mentions by date.
            models.Index(fields=["entity", "date"], name="mention_entity_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(reach__isnull=True) | Q(reach__gte=0),
                name="mention_reach_not_negative",
                violation_error_message=_("El alcance no puede ser negativo."),
            ),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX),
                name="mention_rating_in_range",
                violation_error_message=_("La calificación va de 1 a 5."),
            ),
            models.CheckConstraint(
                condition=Q(url="") | Q(url__istartswith="http://") | Q(url__istartswith="https://"),
                name="mention_url_is_http",
                violation_error_message=_("Escriba una dirección web completa que empiece por http:// o https://."),
            ),
            models.CheckConstraint(
                condition=Q(free_press_value__gte=0),
                name="mention_value_not_negative",
            ),
            models.CheckConstraint(
                condition=(Q(height_cm__isnull=True) | Q(height_cm__gt=0))
                & (Q(columns__isnull=True) | Q(columns__gte=1))
                & (Q(seconds__isnull=True) | Q(seconds__gte=1))
                & (Q(posts__isnull=True) | Q(posts__gte=1)),
                name="mention_measures_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outlet} · {self.date:%d/%m/%Y} · {self.headline[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("media:mention_detail", args=[self.pk])

    @property
    def has_tariff(self) -> bool:
        return self.tariff_id is not None

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        outlet = self.outlet if self.outlet_id else None
        if outlet is not None and self.entity_id and outlet.entity_id != self.entity_id:
            errors["outlet"] = _("El medio debe ser de la misma entidad que la mención.")
        if (
            self.activity_id
            and self.entity_id
            and not Activity.objects.for_entity(self.entity_id).filter(pk=self.activity_id).exists()
        ):
            errors["activity"] = _("La actividad debe ser de un plan de la entidad.")
        if (
            self.campaign_id
            and self.entity_id
            and not Campaign.objects.for_entity(self.entity_id).filter(pk=self.campaign_id).exists()
        ):
            errors["campaign"] = _("La campaña debe ser de la entidad.")
        self._drop_other_measures()
        if self.media_type == MediaType.PRESS:
            if self.height_cm is None:
                errors["height_cm"] = _("En prensa indique el alto de la nota en centímetros.")
            if self.columns is None:
                errors["columns"] = _("En prensa indique cuántas columnas ocupa la nota.")
        elif self.media_type in (MediaType.RADIO, MediaType.TV) and self.seconds is None:
            errors["seconds"] = _("En radio y televisión indique la duración en segundos.")
        if errors:
            raise ValidationError(errors)

    def _drop_other_measures(self) -> None:
        """Forget the measures of other media types (seconds typed on a press mention): only the
        mention's own measure may reach its valuation."""
        if self.media_type != MediaType.PRESS:
            self.height_cm = self.columns = None
        if self.media_type not in (MediaType.RADIO, MediaType.TV):
            self.seconds = None
        if self.media_type not in (MediaType.WEB, MediaType.SOCIAL):
            self.posts = None
