"""Campaigns, content pieces (the editorial calendar), the electoral calendar and its
justified exceptions, and each user's calendar feed."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from campaigns.enums import (
    PAID_KINDS,
    CampaignKind,
    CampaignStatus,
    ExceptionCategory,
    PieceKind,
    PieceStatus,
)
from plans.enums import ChannelLine
from plans.querysets import EntityScopedManager, EntityScopedQuerySet

PAID_LINES = {ChannelLine.ATL, ChannelLine.BTL}


def _day(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


class ElectoralWindow(models.Model):
    """A period before an election in which the entity may not run paid publicity
    (Ley 996 de 2005, Ley de Garantías), kept by the press office in the admin."""

    entity = models.ForeignKey(
        "plans.Entity", on_delete=models.CASCADE, related_name="electoral_windows", verbose_name=_("entidad")
    )
    name = models.CharField(
        _("nombre"), max_length=200, help_text=_("Por ejemplo: Elecciones de autoridades locales 2027.")
    )
    election_date = models.DateField(_("fecha de la elección"))
    starts_on = models.DateField(_("inicio de la restricción"))
    ends_on = models.DateField(_("fin de la restricción"))
    legal_basis = models.CharField(
        _("fundamento"), max_length=300, default="Ley 996 de 2005 (Ley de Garantías)", blank=True
    )
    notes = models.TextField(_("observaciones"), blank=True)

    entity_path = "entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("periodo de restricción electoral")
        verbose_name_plural = _("calendario electoral (Ley de Garantías)")
        ordering = ["entity", "-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="electoralwindow_end_not_before_start",
                violation_error_message=_("El fin de la restricción no puede ser anterior a su inicio."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({_day(self.starts_on)} – {_day(self.ends_on)})"

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("El fin de la restricción no puede ser anterior a su inicio.")})


class CampaignQuerySet(EntityScopedQuerySet):
    def visible_to(self, user) -> CampaignQuerySet:
        """Return the campaigns ``user`` may read: the entity's for the press office and
        managers, their own area's for an area lead."""
        rows = self.for_user(user)
        if user.is_press or user.is_manager:
            return rows
        if user.is_area_lead and user.area_id:
            return rows.filter(area_id=user.area_id)
        return rows.none()


class Campaign(models.Model):
    """An ATL, BTL, digital or internal campaign of a plan's component."""

    name = models.CharField(_("nombre"), max_length=300)
    kind = models.CharField(_("tipo"), max_length=10, choices=CampaignKind)
    component = models.ForeignKey(
        "plans.Component", on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("componente")
    )
    area = models.ForeignKey(
        "plans.Area", on_delete=models.PROTECT, related_name="campaigns", verbose_name=_("dependencia responsable")
    )
    objective = models.TextField(_("objetivo"))
    key_message = models.TextField(_("mensaje clave"), blank=True)
    audiences = models.ManyToManyField(
        "plans.Audience", blank=True, related_name="campaigns", verbose_name=_("públicos objetivo")
    )
    channels = models.ManyToManyField(
        "plans.Channel", blank=True, related_name="campaigns", verbose_name=_("medios y canales")
    )
    indicators = models.ManyToManyField(
        "indicators.Indicator",
        blank=True,
        related_name="campaigns",
        verbose_name=_("indicadores a los que aporta"),
    )
    starts_on = models.DateField(_("fecha de inicio"))
    ends_on = models.DateField(_("fecha de fin"))
    designed_on = models.DateField(
        _("fecha de diseño"),
        null=True,
        blank=True,
        help_text=_("Día en que la campaña quedó diseñada; la cuentan los indicadores de campañas diseñadas."),
    )
    budget = models.DecimalField(
        _("presupuesto (COP)"), max_digits=15, decimal_places=0, default=0, help_text=_("En pesos colombianos.")
    )
    status = models.CharField(_("estado"), max_length=12, choices=CampaignStatus, default=CampaignStatus.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("creada por"),
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    entity_path = "component__plan__entity"
    objects = EntityScopedManager.from_queryset(CampaignQuerySet)()

    class Meta:
        verbose_name = _("campaña")
        verbose_name_plural = _("campañas")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="campaign_end_not_before_start",
                violation_error_message=_("La campaña no puede terminar antes de empezar."),
            ),
            models.CheckConstraint(
                condition=Q(budget__gte=0),
                name="campaign_budget_not_negative",
                violation_error_message=_("El presupuesto no puede ser negativo."),
            ),
        ]
        indexes = [
            # The campaign indicators count rows by the day they were designed.
            models.Index(fields=["component", "designed_on"], name="campaign_component_designed"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("campaigns:campaign_detail", args=[self.pk])

    @property
    def is_paid_publicity(self) -> bool:
        """ATL or BTL with a budget: the publicity the electoral restrictions are about."""
        return self.kind in PAID_KINDS and (self.budget or 0) > 0

    @property
    def is_flagged(self) -> bool:
        """Paid publicity whose dates overlap a restricted electoral window; needs the
        ``in_window`` annotation of the campaign selectors."""
        return bool(getattr(self, "in_window", False)) and self.is_paid_publicity

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("La campaña no puede terminar antes de empezar.")
        if self.budget is not None and self.budget < 0:
            errors["budget"] = _("El presupuesto no puede ser negativo.")
        if self.component_id and self.area_id and self.area.entity_id != self.component.plan.entity_id:
            errors["area"] = _("La dependencia debe ser de la entidad del plan.")
        if self.status not in (CampaignStatus.PLANNED, CampaignStatus.CANCELLED) and not self.designed_on:
            errors["designed_on"] = _("Indique la fecha de diseño: la campaña ya no está planeada.")
        if errors:
            raise ValidationError(errors)


class ContentPieceQuerySet(EntityScopedQuerySet):
    def visible_to(self, user) -> ContentPieceQuerySet:
        """Return the pieces ``user`` may read: the entity's for the press office and
        managers, their own area's for an area lead."""
        rows = self.for_user(user)
        if user.is_press or user.is_manager:
            return rows
        if user.is_area_lead and user.area_id:
            return rows.filter(area_id=user.area_id)
        return rows.none()


class ContentPiece(models.Model):
    """A pieza: comunicado, producto audiovisual, boletín, post… on its way from idea to
    published. The calendar shows it on its publication day, or its scheduled day before."""

    title = models.CharField(_("título"), max_length=300)
    kind = models.CharField(_("tipo de pieza"), max_length=12, choices=PieceKind)
    area = models.ForeignKey(
        "plans.Area", on_delete=models.PROTECT, related_name="content_pieces", verbose_name=_("dependencia")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="content_pieces",
        verbose_name=_("responsable"),
    )
    channel = models.ForeignKey(
        "plans.Channel", on_delete=models.PROTECT, related_name="content_pieces", verbose_name=_("canal")
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pieces",
        verbose_name=_("campaña"),
    )
    activity = models.ForeignKey(
        "plans.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="content_pieces",
        verbose_name=_("actividad del plan"),
    )
    summary = models.TextField(_("descripción"), blank=True)
    is_paid = models.BooleanField(
        _("pauta pagada"), default=False, help_text=_("Marque si la pieza se difunde con pauta pagada en ATL o BTL.")
    )
    scheduled_on = models.DateField(_("fecha programada"))
    published_on = models.DateField(_("fecha de publicación"), null=True, blank=True)
    link = models.URLField(_("enlace"), max_length=500, blank=True)
    status = models.CharField(_("estado"), max_length=12, choices=PieceStatus, default=PieceStatus.IDEA)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aprobada por"),
    )
    approved_at = models.DateTimeField(_("aprobada el"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("creada por")
    )
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizada"), auto_now=True)

    entity_path = "area__entity"
    objects = EntityScopedManager.from_queryset(ContentPieceQuerySet)()

    class Meta:
        verbose_name = _("pieza de comunicación")
        verbose_name_plural = _("piezas de comunicación")
        ordering = ["scheduled_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(campaign__isnull=False) | Q(activity__isnull=False),
                name="piece_has_campaign_or_activity",
                violation_error_message=_("Indique la campaña o la actividad del plan a la que sirve la pieza."),
            ),
            models.CheckConstraint(
                condition=Q(status=PieceStatus.PUBLISHED, published_on__isnull=False)
                | (~Q(status=PieceStatus.PUBLISHED) & Q(published_on__isnull=True)),
                name="piece_published_on_only_when_published",
                violation_error_message=_("Solo una pieza publicada tiene fecha de publicación, y la tiene."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[PieceStatus.APPROVED, PieceStatus.PUBLISHED])
                | Q(approved_by__isnull=False, approved_at__isnull=False),
                name="piece_published_only_after_approval",
                violation_error_message=_("Una pieza solo se publica después de aprobada."),
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True) | (~Q(approved_by=F("owner")) & ~Q(approved_by=F("created_by"))),
                name="piece_not_approved_by_its_owner",
                violation_error_message=_("Nadie aprueba su propia pieza."),
            ),
        ]
        indexes = [
            # The calendar and the indicators read pieces by day.
            models.Index(fields=["scheduled_on"], name="piece_scheduled_on"),
            models.Index(fields=["published_on", "kind"], name="piece_published_kind"),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("campaigns:piece_detail", args=[self.pk])

    @property
    def calendar_day(self):
        """The day the calendar shows the piece on."""
        return self.published_on or self.scheduled_on

    @property
    def is_paid_publicity(self) -> bool:
        """Paid publicity in ATL or BTL, itself or through its campaign."""
        if self.is_paid and self.channel_id and self.channel.line in PAID_LINES:
            return True
        return bool(self.campaign_id and self.campaign.is_paid_publicity)

    @property
    def is_flagged(self) -> bool:
        """Paid publicity on a day inside a restricted electoral window; needs the ``in_window``
        annotation of the calendar selectors."""
        return bool(getattr(self, "in_window", False)) and self.is_paid_publicity

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str] = {}
        entity_id = self.area.entity_id if self.area_id else None
        if entity_id:
            if self.channel_id and self.channel.entity_id != entity_id:
                errors["channel"] = _("El canal debe ser de la entidad de la pieza.")
            if self.campaign_id and self.campaign.component.plan.entity_id != entity_id:
                errors["campaign"] = _("La campaña debe ser de la entidad de la pieza.")
            if self.activity_id and self.activity.component.plan.entity_id != entity_id:
                errors["activity"] = _("La actividad debe ser de la entidad de la pieza.")
            if self.owner_id and not self.owner.is_superuser and self.owner.entity_id != entity_id:
                errors["owner"] = _("El responsable debe ser de la entidad de la pieza.")
        if not self.campaign_id and not self.activity_id:
            errors["campaign"] = _("Indique la campaña o la actividad del plan a la que sirve la pieza.")
        if errors:
            raise ValidationError(errors)


class PieceTransition(models.Model):
    """One step of a piece's workflow: who moved it, from where to where, and why."""

    piece = models.ForeignKey(
        ContentPiece, on_delete=models.CASCADE, related_name="transitions", verbose_name=_("pieza")
    )
    from_status = models.CharField(_("estado anterior"), max_length=12, choices=PieceStatus, blank=True)
    to_status = models.CharField(_("estado nuevo"), max_length=12, choices=PieceStatus)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("por"))
    at = models.DateTimeField(_("fecha"), auto_now_add=True)
    comment = models.TextField(_("comentario"), blank=True)

    entity_path = "piece__area__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("paso del flujo de una pieza")
        verbose_name_plural = _("pasos del flujo de las piezas")
        ordering = ["piece", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.piece}: {self.get_from_status_display()} → {self.get_to_status_display()}"


class ElectionException(models.Model):
    """The recorded justification that lets paid publicity go ahead inside a restricted
    electoral window: its exception category, the reason, who recorded it and when."""

    window = models.ForeignKey(
        ElectoralWindow, on_delete=models.PROTECT, related_name="exceptions", verbose_name=_("periodo de restricción")
    )
    campaign = models.ForeignKey(
        Campaign,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="election_exceptions",
        verbose_name=_("campaña"),
    )
    piece = models.ForeignKey(
        ContentPiece,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="election_exceptions",
        verbose_name=_("pieza"),
    )
    category = models.CharField(_("excepción"), max_length=12, choices=ExceptionCategory)
    justification = models.TextField(_("justificación"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrada por")
    )
    recorded_at = models.DateTimeField(_("registrada el"), auto_now_add=True)

    entity_path = "window__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("excepción a la restricción electoral")
        verbose_name_plural = _("excepciones a la restricción electoral")
        ordering = ["-recorded_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(campaign__isnull=False, piece__isnull=True) | Q(campaign__isnull=True, piece__isnull=False),
                name="electionexception_one_subject",
                violation_error_message=_("Una excepción justifica una campaña o una pieza, no ambas."),
            ),
            models.CheckConstraint(
                condition=~Q(justification=""),
                name="electionexception_has_justification",
                violation_error_message=_("Escriba la justificación."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.campaign or self.piece}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """The secret address of a user's iCalendar feed; revoking deletes it, regenerating
    replaces the token so the old address stops working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name=_("usuario")
    )
    token = models.CharField(_("clave secreta"), max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(_("creada"), auto_now_add=True)

    entity_path = "user__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("suscripción al calendario")
        verbose_name_plural = _("suscripciones al calendario")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("campaigns:ical_feed", args=[self.token])
