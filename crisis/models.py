"""Crisis communication: the entity's protocol (severity levels, roles, spokespeople, contacts),
its ready message templates per channel, and incidents with their timeline and messages.

The roll-up reads ``Incident.started_at``, ``first_notice_at``, ``minutes_to_first_notice``,
``resolved_at`` and ``entity`` in SQL for the automatic indicator «tiempo al primer aviso»: keep
their names and meaning.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from crisis.enums import EventKind, IncidentStatus, TemplatePurpose
from crisis.placeholders import placeholders_help_text, validate_placeholders
from plans.models import Area, Channel, Entity
from plans.querysets import EntityScopedManager, EntityScopedQuerySet
from privacy.models import ConsentRecord


def minutes_between(start, end) -> int:
    """Whole minutes from ``start`` to ``end`` (both aware), rounded down."""
    return int((end - start).total_seconds() // 60)


class CrisisProtocol(models.Model):
    """The entity's crisis protocol: when it applies, its immediate channel and its levels."""

    entity = models.OneToOneField(
        Entity, on_delete=models.PROTECT, related_name="crisis_protocol", verbose_name=_("entidad")
    )
    title = models.CharField(_("título"), max_length=200, default=_("Protocolo de comunicación en crisis"))
    purpose = models.TextField(
        _("objetivo y alcance"),
        blank=True,
        help_text=_("Qué situaciones cubre: interrupciones del servicio, ciberataques, fallos de sistemas críticos…"),
    )
    activation = models.TextField(
        _("cómo se activa"), blank=True, help_text=_("Quién declara la crisis y a quién avisa primero.")
    )
    immediate_channel = models.ForeignKey(
        Channel,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("canal inmediato"),
        help_text=_("El canal exclusivo por el que sale el primer aviso; se marca por defecto en cada incidente."),
    )
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    entity_path = "entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("protocolo de crisis")
        verbose_name_plural = _("protocolos de crisis")
        ordering = ["entity__name"]

    def __str__(self) -> str:
        return f"{self.title} · {self.entity}"

    def get_absolute_url(self) -> str:
        return reverse("crisis:protocol_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.immediate_channel_id and self.entity_id and self.immediate_channel.entity_id != self.entity_id:
            raise ValidationError({"immediate_channel": _("El canal debe ser de la entidad del protocolo.")})


class SeverityLevel(models.Model):
    """A severity level of the protocol (1 bajo, 2 medio, 3 alto…) with its response targets."""

    protocol = models.ForeignKey(
        CrisisProtocol, on_delete=models.CASCADE, related_name="levels", verbose_name=_("protocolo")
    )
    level = models.PositiveSmallIntegerField(_("nivel"), help_text=_("1 es el más bajo."))
    name = models.CharField(_("nombre"), max_length=60, help_text=_("Por ejemplo: Bajo, Medio, Alto o Crítico."))
    criteria = models.TextField(_("cuándo aplica"), blank=True)
    response_minutes = models.PositiveIntegerField(
        _("meta del primer aviso (minutos)"), help_text=_("Tiempo máximo entre el inicio y el primer mensaje.")
    )
    update_minutes = models.PositiveIntegerField(
        _("frecuencia de actualización (minutos)"), default=60, help_text=_("Cada cuánto se informa una novedad.")
    )
    steps = models.TextField(_("pasos"), blank=True, help_text=_("Un paso por línea, en orden."))

    entity_path = "protocol__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("nivel de severidad")
        verbose_name_plural = _("niveles de severidad")
        ordering = ["protocol", "level"]
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "level"],
                name="crisis_level_unique_per_protocol",
                violation_error_message=_("El protocolo ya tiene ese nivel."),
            ),
            models.CheckConstraint(
                condition=Q(level__gte=1),
                name="crisis_level_from_one",
                violation_error_message=_("El nivel empieza en 1."),
            ),
            models.CheckConstraint(
                condition=Q(response_minutes__gte=1) & Q(update_minutes__gte=1),
                name="crisis_level_minutes_positive",
                violation_error_message=_("Los tiempos deben ser de al menos un minuto."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} – {self.name}"

    @property
    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]


class CrisisRole(models.Model):
    """A role of the crisis committee and who holds it; spokespeople (voceros) are marked."""

    protocol = models.ForeignKey(
        CrisisProtocol, on_delete=models.CASCADE, related_name="roles", verbose_name=_("protocolo")
    )
    role = models.CharField(_("rol"), max_length=120, help_text=_("Por ejemplo: Coordinador del comité de crisis."))
    person = models.CharField(_("persona o cargo"), max_length=160)
    responsibilities = models.TextField(_("responsabilidades"), blank=True)
    is_spokesperson = models.BooleanField(
        _("vocero"), default=False, help_text=_("Habla en nombre de la entidad ante medios y ciudadanía.")
    )
    order = models.PositiveIntegerField(_("orden"), default=0)

    entity_path = "protocol__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("rol del protocolo")
        verbose_name_plural = _("roles y voceros")
        ordering = ["protocol", "order", "pk"]

    def __str__(self) -> str:
        return f"{self.person} ({self.role})"


class CrisisContact(ConsentRecord):
    """Someone to call during a crisis: inside the entity, a provider, an authority, the media;
    with the consent (Ley 1581) that allows keeping their phone and e-mail."""

    protocol = models.ForeignKey(
        CrisisProtocol, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("protocolo")
    )
    name = models.CharField(_("nombre"), max_length=160)
    role = models.CharField(_("rol u organización"), max_length=160)
    phone = models.CharField(_("teléfono"), max_length=40, blank=True)
    email = models.EmailField(_("correo electrónico"), blank=True)
    order = models.PositiveIntegerField(_("orden"), default=0)

    entity_path = "protocol__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("contacto")
        verbose_name_plural = _("contactos")
        ordering = ["protocol", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""),
                name="crisis_contact_has_phone_or_email",
                violation_error_message=_("Indique un teléfono o un correo electrónico."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if not self.phone and not self.email:
            errors["phone"] = _("Indique un teléfono o un correo electrónico.")
        errors.update(self.consent_errors(has_contact=True))
        if errors:
            raise ValidationError(errors)


class MessageTemplate(models.Model):
    """A ready message for one channel, with placeholders filled from the incident."""

    protocol = models.ForeignKey(
        CrisisProtocol, on_delete=models.CASCADE, related_name="templates", verbose_name=_("protocolo")
    )
    channel = models.ForeignKey(
        Channel, on_delete=models.PROTECT, related_name="crisis_templates", verbose_name=_("medio o canal")
    )
    purpose = models.CharField(_("uso"), max_length=20, choices=TemplatePurpose, default=TemplatePurpose.FIRST_NOTICE)
    subject = models.CharField(
        _("asunto"),
        max_length=200,
        blank=True,
        validators=[validate_placeholders],
        help_text=_("Para correo o boletín; admite marcadores."),
    )
    body = models.TextField(_("texto"), validators=[validate_placeholders], help_text=placeholders_help_text())

    entity_path = "protocol__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("plantilla de mensaje")
        verbose_name_plural = _("plantillas de mensajes")
        ordering = ["protocol", "channel__name", "purpose"]
        constraints = [
            models.UniqueConstraint(
                fields=["protocol", "channel", "purpose"],
                name="crisis_template_unique_per_channel_and_purpose",
                violation_error_message=_("Ya hay una plantilla de ese uso para ese canal."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} · {self.get_purpose_display()}"

    def clean(self) -> None:
        super().clean()
        # The protocol may still be unsaved (added together with its templates in the admin).
        protocol = getattr(self, "protocol", None)
        if self.channel_id and protocol is not None and self.channel.entity_id != protocol.entity_id:
            raise ValidationError({"channel": _("El canal debe ser de la entidad del protocolo.")})


class IncidentQuerySet(EntityScopedQuerySet):
    def unresolved(self) -> IncidentQuerySet:
        return self.filter(status__in=[IncidentStatus.OPEN, IncidentStatus.IN_PROGRESS])


class Incident(models.Model):
    """A crisis incident: what happened, when, how severe, what was said and how fast."""

    entity = models.ForeignKey(Entity, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("entidad"))
    title = models.CharField(_("título"), max_length=200)
    started_at = models.DateTimeField(_("inicio"), help_text=_("Cuándo empezó la afectación (hora de Colombia)."))
    severity = models.ForeignKey(
        SeverityLevel, on_delete=models.PROTECT, related_name="incidents", verbose_name=_("severidad")
    )
    affected_service = models.CharField(_("servicio afectado"), max_length=200)
    description = models.TextField(_("descripción"), blank=True)
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("dependencia a cargo"),
    )
    spokesperson = models.ForeignKey(
        CrisisRole,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("vocero"),
    )
    status = models.CharField(_("estado"), max_length=12, choices=IncidentStatus, default=IncidentStatus.OPEN)
    next_update_at = models.DateTimeField(_("próxima actualización"), null=True, blank=True)
    first_notice_at = models.DateTimeField(
        _("primer aviso"), null=True, blank=True, help_text=_("Cuándo salió el primer mensaje.")
    )
    # Stored rather than computed: the automatic indicator «tiempo al primer aviso» reads it in SQL.
    minutes_to_first_notice = models.PositiveIntegerField(_("minutos al primer aviso"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resuelto"), null=True, blank=True)
    minutes_to_resolution = models.PositiveIntegerField(_("minutos a la resolución"), null=True, blank=True)
    closed_at = models.DateTimeField(_("cerrado"), null=True, blank=True)
    report_causes = models.TextField(_("causas"), blank=True)
    report_actions = models.TextField(_("acciones tomadas"), blank=True)
    report_lessons = models.TextField(_("lecciones aprendidas"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("registrado por"),
    )
    created_at = models.DateTimeField(_("registrado"), auto_now_add=True)

    entity_path = "entity"
    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("incidente")
        verbose_name_plural = _("incidentes")
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["entity", "-started_at"], name="crisis_incident_entity_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | Q(resolved_at__gte=F("started_at")),
                name="crisis_incident_resolved_after_start",
                violation_error_message=_("La resolución no puede ser anterior al inicio del incidente."),
            ),
            models.CheckConstraint(
                condition=Q(first_notice_at__isnull=True) | Q(first_notice_at__gte=F("started_at")),
                name="crisis_incident_notice_after_start",
                violation_error_message=_("El primer aviso no puede ser anterior al inicio del incidente."),
            ),
            models.CheckConstraint(
                condition=Q(first_notice_at__isnull=True, minutes_to_first_notice__isnull=True)
                | Q(first_notice_at__isnull=False, minutes_to_first_notice__isnull=False),
                name="crisis_incident_notice_minutes_stored",
            ),
            models.CheckConstraint(
                condition=Q(status__in=[IncidentStatus.OPEN, IncidentStatus.IN_PROGRESS], resolved_at__isnull=True)
                | Q(
                    status__in=[IncidentStatus.RESOLVED, IncidentStatus.CLOSED],
                    resolved_at__isnull=False,
                    minutes_to_resolution__isnull=False,
                ),
                name="crisis_incident_resolved_when_resolved",
                violation_error_message=_("Un incidente resuelto o cerrado necesita la fecha de resolución."),
            ),
            models.CheckConstraint(
                condition=~Q(status=IncidentStatus.CLOSED)
                | (Q(closed_at__isnull=False) & ~Q(report_causes="") & ~Q(report_actions="") & ~Q(report_lessons="")),
                name="crisis_incident_closed_with_report",
                violation_error_message=_("Para cerrar el incidente se necesita el informe posincidente."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("crisis:incident_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list] = {}
        if self.started_at and self.resolved_at and self.resolved_at < self.started_at:
            errors.setdefault("resolved_at", []).append(
                _("La resolución no puede ser anterior al inicio del incidente.")
            )
        if self.started_at and self.first_notice_at and self.first_notice_at < self.started_at:
            errors.setdefault("first_notice_at", []).append(
                _("El primer aviso no puede ser anterior al inicio del incidente.")
            )
        if self.severity_id and self.entity_id and self.severity.protocol.entity_id != self.entity_id:
            errors.setdefault("severity", []).append(_("El nivel debe ser del protocolo de la entidad."))
        if self.area_id and self.entity_id and self.area.entity_id != self.entity_id:
            errors.setdefault("area", []).append(_("La dependencia debe ser de la entidad."))
        if self.status == IncidentStatus.CLOSED:
            for field in ("report_causes", "report_actions", "report_lessons"):
                if not getattr(self, field).strip():
                    errors.setdefault(field, []).append(_("Es obligatorio para cerrar el incidente."))
        if errors:
            raise ValidationError(errors)

    @property
    def is_live(self) -> bool:
        return self.status != IncidentStatus.CLOSED

    @property
    def is_resolved(self) -> bool:
        return self.status in (IncidentStatus.RESOLVED, IncidentStatus.CLOSED)

    @property
    def first_notice_on_target(self) -> bool | None:
        """Whether the first notice met the severity's target; None until it goes out."""
        if self.minutes_to_first_notice is None:
            return None
        return self.minutes_to_first_notice <= self.severity.response_minutes


class IncidentEvent(models.Model):
    """One entry of an incident's timeline: when, who, what."""

    incident = models.ForeignKey(Incident, on_delete=models.CASCADE, related_name="events", verbose_name=_("incidente"))
    occurred_at = models.DateTimeField(_("hora"))
    kind = models.CharField(_("tipo"), max_length=12, choices=EventKind, default=EventKind.NOTE)
    text = models.TextField(_("qué pasó"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("registrado por")
    )
    created_at = models.DateTimeField(_("registrado"), auto_now_add=True)

    entity_path = "incident__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("evento de la línea de tiempo")
        verbose_name_plural = _("línea de tiempo")
        ordering = ["incident", "occurred_at", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class IncidentMessage(models.Model):
    """A message of the incident for one channel: prepared from a template, edited, then sent."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="messages", verbose_name=_("incidente")
    )
    channel = models.ForeignKey(Channel, on_delete=models.PROTECT, related_name="+", verbose_name=_("medio o canal"))
    template = models.ForeignKey(
        MessageTemplate,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("plantilla"),
    )
    purpose = models.CharField(_("uso"), max_length=20, choices=TemplatePurpose, default=TemplatePurpose.FIRST_NOTICE)
    subject = models.CharField(_("asunto"), max_length=200, blank=True)
    text = models.TextField(_("texto"))
    sent_at = models.DateTimeField(_("enviado"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enviado por"),
    )
    created_at = models.DateTimeField(_("preparado"), auto_now_add=True)

    entity_path = "incident__entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("mensaje del incidente")
        verbose_name_plural = _("mensajes del incidente")
        ordering = ["incident", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True, sent_by__isnull=True)
                | Q(sent_at__isnull=False, sent_by__isnull=False),
                name="crisis_message_sent_by_whom_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} · {self.incident}"

    @property
    def is_sent(self) -> bool:
        return self.sent_at is not None
