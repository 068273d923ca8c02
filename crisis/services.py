"""Writes of the crisis app: creating an incident with its ready messages, sending them, the
timeline, resolution and closure. Views, the demo and tests all go through these functions.

Every service checks that the user belongs to the press office of the incident's entity, runs in
one transaction and leaves the incident untouched when it refuses (a Spanish ValidationError
keyed by the form field it concerns).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crisis.enums import UNRESOLVED_STATUSES, EventKind, IncidentStatus, TemplatePurpose
from crisis.models import (
    CrisisProtocol,
    CrisisRole,
    Incident,
    IncidentEvent,
    IncidentMessage,
    MessageTemplate,
    SeverityLevel,
    minutes_between,
)
from crisis.placeholders import render_placeholders
from plans.models import Area, Channel, User
from plans.rules import require

# A clock a minute ahead of the server's must not make "now" look like the future.
CLOCK_TOLERANCE = timedelta(minutes=1)


def _format_local(moment: datetime, fmt: str) -> str:
    return timezone.localtime(moment).strftime(fmt)


def _check_moment(field: str, moment: datetime, *, incident_start: datetime, now: datetime, label: str) -> None:
    """Refuse a moment before the incident started or in the future, on ``field``."""
    if moment < incident_start:
        raise ValidationError(
            {
                field: _("%(what)s no puede ser anterior al inicio del incidente (%(start)s).")
                % {"what": label, "start": _format_local(incident_start, "%d/%m/%Y %H:%M")}
            }
        )
    if moment > now + CLOCK_TOLERANCE:
        raise ValidationError({field: _("%(what)s no puede estar en el futuro.") % {"what": label}})


def incident_placeholder_values(*, incident: Incident) -> dict[str, str]:
    """Return the value of every template placeholder for ``incident``."""
    spokesperson = incident.spokesperson
    next_update = incident.next_update_at
    return {
        "titulo": incident.title,
        "servicio": incident.affected_service,
        "fecha_inicio": _format_local(incident.started_at, "%d/%m/%Y"),
        "hora_inicio": _format_local(incident.started_at, "%H:%M"),
        "severidad": str(incident.severity),
        "entidad": incident.entity.name,
        "vocero": spokesperson.person if spokesperson else _("la oficina de comunicaciones"),
        "proxima_actualizacion": (
            _("%(time)s del %(date)s")
            % {"time": _format_local(next_update, "%H:%M"), "date": _format_local(next_update, "%d/%m/%Y")}
            if next_update
            else _("cuando haya novedades")
        ),
    }


def _messages_from_templates(
    *, incident: Incident, templates: Iterable[MessageTemplate], values: dict[str, str]
) -> list[IncidentMessage]:
    return IncidentMessage.objects.bulk_create(
        [
            IncidentMessage(
                incident=incident,
                channel=template.channel,
                template=template,
                purpose=template.purpose,
                subject=render_placeholders(template.subject, values),
                text=render_placeholders(template.body, values),
            )
            for template in templates
        ]
    )


def _templates_for(*, protocol: CrisisProtocol, channels: list[Channel], purpose: str) -> list[MessageTemplate]:
    """Return the protocol's template of ``purpose`` for each channel, or refuse naming the
    channels that have none."""
    templates = {
        t.channel_id: t
        for t in MessageTemplate.objects.filter(
            protocol=protocol, purpose=purpose, channel__in=[c.pk for c in channels]
        ).select_related("channel")
    }
    missing = [c.name for c in channels if c.pk not in templates]
    if missing:
        raise ValidationError(
            {
                "channels": _("Estos canales no tienen plantilla de «%(purpose)s»: %(names)s.")
                % {"purpose": TemplatePurpose(purpose).label, "names": ", ".join(missing)}
            }
        )
    return [templates[c.pk] for c in channels]


@transaction.atomic
def incident_create(
    *,
    user: User,
    protocol: CrisisProtocol,
    title: str,
    started_at: datetime,
    severity: SeverityLevel,
    affected_service: str,
    channels: Iterable[Channel],
    description: str = "",
    area: Area | None = None,
    spokesperson: CrisisRole | None = None,
    now: datetime | None = None,
) -> Incident:
    """Record an incident of the protocol's entity and, in the same step, prepare its
    ready-to-send first notices: one message per chosen channel, rendered from the channel's
    «aviso inicial» template with the incident's data. Adds the «registro» timeline event."""
    require(user, "crisis.manage_incidents", protocol)
    now = now or timezone.now()
    channels = list(channels)
    if started_at > now + CLOCK_TOLERANCE:
        raise ValidationError({"started_at": _("El inicio no puede estar en el futuro.")})
    if severity.protocol_id != protocol.pk:
        raise ValidationError({"severity": _("El nivel debe ser del protocolo de la entidad.")})
    if not channels:
        raise ValidationError({"channels": _("Elija al menos un canal para el primer aviso.")})
    if any(c.entity_id != protocol.entity_id for c in channels):
        raise ValidationError({"channels": _("Los canales deben ser de la entidad.")})
    if spokesperson is None:
        spokesperson = protocol.roles.filter(is_spokesperson=True).order_by("order", "pk").first()
    elif spokesperson.protocol_id != protocol.pk:
        raise ValidationError({"spokesperson": _("El vocero debe ser del protocolo de la entidad.")})
    templates = _templates_for(protocol=protocol, channels=channels, purpose=TemplatePurpose.FIRST_NOTICE)
    incident = Incident(
        entity=protocol.entity,
        title=title,
        started_at=started_at,
        severity=severity,
        affected_service=affected_service,
        description=description,
        area=area,
        spokesperson=spokesperson,
        next_update_at=max(started_at, now) + timedelta(minutes=severity.update_minutes),
        created_by=user,
    )
    incident.full_clean()
    incident.save()
    IncidentEvent.objects.create(
        incident=incident,
        occurred_at=now,
        kind=EventKind.REGISTERED,
        author=user,
        text=_("Se registró el incidente (severidad %(level)s) y se prepararon los mensajes para: %(channels)s.")
        % {"level": severity, "channels": ", ".join(c.name for c in channels)},
    )
    values = incident_placeholder_values(incident=incident)
    _messages_from_templates(incident=incident, templates=templates, values=values)
    return incident


def _lock(incident: Incident) -> Incident:
    # Two press officers marking messages at once must not both believe theirs was the first.
    return (
        Incident.objects.select_for_update(of=("self",))
        .select_related("entity", "severity", "spokesperson")
        .get(pk=incident.pk)
    )


def _require_live(incident: Incident) -> None:
    if incident.status == IncidentStatus.CLOSED:
        raise ValidationError(_("El incidente está cerrado: ya no admite cambios."))


def _start_attention(incident: Incident) -> None:
    if incident.status == IncidentStatus.OPEN:
        incident.status = IncidentStatus.IN_PROGRESS


@transaction.atomic
def incident_messages_prepare(
    *, user: User, incident: Incident, channels: Iterable[Channel], purpose: str, now: datetime | None = None
) -> list[IncidentMessage]:
    """Prepare more messages of the incident (an update, the service's restoration) from the
    templates of ``purpose`` for ``channels``, rendered with the incident's current data."""
    require(user, "crisis.manage_incidents", incident)
    incident = _lock(incident)
    _require_live(incident)
    channels = list(channels)
    if not channels:
        raise ValidationError({"channels": _("Elija al menos un canal.")})
    protocol = incident.severity.protocol
    templates = _templates_for(protocol=protocol, channels=channels, purpose=purpose)
    if purpose == TemplatePurpose.UPDATE:
        now = now or timezone.now()
        incident.next_update_at = now + timedelta(minutes=incident.severity.update_minutes)
        incident.save(update_fields=["next_update_at"])
    return _messages_from_templates(
        incident=incident, templates=templates, values=incident_placeholder_values(incident=incident)
    )


@transaction.atomic
def incident_message_send(
    *,
    user: User,
    message: IncidentMessage,
    text: str,
    sent_at: datetime,
    subject: str = "",
    now: datetime | None = None,
) -> IncidentMessage:
    """Record that ``message`` went out at ``sent_at`` with its final ``text``.

    The earliest message sent sets the incident's ``first_notice_at`` and stores
    ``minutes_to_first_notice``; the first one also moves an open incident to «en atención».
    Adds a «mensaje enviado» timeline event at ``sent_at``."""
    require(user, "crisis.manage_incidents", message)
    now = now or timezone.now()
    incident = _lock(message.incident)
    _require_live(incident)
    message = IncidentMessage.objects.select_for_update(of=("self",)).select_related("channel").get(pk=message.pk)
    if message.is_sent:
        raise ValidationError(_("Este mensaje ya se marcó como enviado."))
    if not text.strip():
        raise ValidationError({"text": _("El mensaje no puede quedar vacío.")})
    _check_moment("sent_at", sent_at, incident_start=incident.started_at, now=now, label=_("La hora de envío"))
    message.text = text
    message.subject = subject
    message.sent_at = sent_at
    message.sent_by = user
    message.save(update_fields=["text", "subject", "sent_at", "sent_by"])
    if incident.first_notice_at is None or sent_at < incident.first_notice_at:
        incident.first_notice_at = sent_at
        incident.minutes_to_first_notice = minutes_between(incident.started_at, sent_at)
    _start_attention(incident)
    incident.save(update_fields=["first_notice_at", "minutes_to_first_notice", "status"])
    IncidentEvent.objects.create(
        incident=incident,
        occurred_at=sent_at,
        kind=EventKind.MESSAGE,
        author=user,
        text=_("Se envió el mensaje «%(purpose)s» por %(channel)s.")
        % {"purpose": message.get_purpose_display(), "channel": message.channel.name},
    )
    return message


@transaction.atomic
def incident_event_add(
    *, user: User, incident: Incident, occurred_at: datetime, text: str, now: datetime | None = None
) -> IncidentEvent:
    """Add a novelty to the incident's timeline; an open incident moves to «en atención»."""
    require(user, "crisis.manage_incidents", incident)
    now = now or timezone.now()
    incident = _lock(incident)
    _require_live(incident)
    if not text.strip():
        raise ValidationError({"text": _("Describa qué pasó.")})
    _check_moment("occurred_at", occurred_at, incident_start=incident.started_at, now=now, label=_("La hora"))
    event = IncidentEvent.objects.create(
        incident=incident, occurred_at=occurred_at, kind=EventKind.NOTE, author=user, text=text
    )
    if incident.status == IncidentStatus.OPEN:
        _start_attention(incident)
        incident.save(update_fields=["status"])
    return event


@transaction.atomic
def incident_resolve(
    *, user: User, incident: Incident, resolved_at: datetime, note: str = "", now: datetime | None = None
) -> Incident:
    """Record that the service was restored at ``resolved_at`` and store the minutes to
    resolution; adds a «resolución» timeline event."""
    require(user, "crisis.manage_incidents", incident)
    now = now or timezone.now()
    incident = _lock(incident)
    if incident.status not in UNRESOLVED_STATUSES:
        raise ValidationError(_("El incidente ya está resuelto."))
    _check_moment(
        "resolved_at", resolved_at, incident_start=incident.started_at, now=now, label=_("La hora de resolución")
    )
    incident.status = IncidentStatus.RESOLVED
    incident.resolved_at = resolved_at
    incident.minutes_to_resolution = minutes_between(incident.started_at, resolved_at)
    incident.full_clean()
    incident.save(update_fields=["status", "resolved_at", "minutes_to_resolution"])
    IncidentEvent.objects.create(
        incident=incident,
        occurred_at=resolved_at,
        kind=EventKind.RESOLVED,
        author=user,
        text=note.strip() or _("Se restableció el servicio."),
    )
    return incident


@transaction.atomic
def incident_close(
    *, user: User, incident: Incident, causes: str, actions: str, lessons: str, now: datetime | None = None
) -> Incident:
    """Close a resolved incident with its post-incident report (causes, actions taken, lessons
    learned, all required); adds the «cierre» timeline event."""
    require(user, "crisis.manage_incidents", incident)
    now = now or timezone.now()
    incident = _lock(incident)
    if incident.status == IncidentStatus.CLOSED:
        raise ValidationError(_("El incidente ya está cerrado."))
    if incident.status != IncidentStatus.RESOLVED:
        raise ValidationError(_("Primero registre la resolución del incidente; después se cierra con el informe."))
    report = {"report_causes": causes.strip(), "report_actions": actions.strip(), "report_lessons": lessons.strip()}
    missing = {field: _("Es obligatorio para cerrar el incidente.") for field, value in report.items() if not value}
    if missing:
        raise ValidationError(missing)
    for field, value in report.items():
        setattr(incident, field, value)
    incident.status = IncidentStatus.CLOSED
    incident.closed_at = now
    incident.full_clean()
    incident.save(update_fields=[*report, "status", "closed_at"])
    IncidentEvent.objects.create(
        incident=incident,
        occurred_at=now,
        kind=EventKind.CLOSED,
        author=user,
        text=_("Se cerró el incidente con su informe posincidente."),
    )
    return incident
