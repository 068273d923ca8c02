"""Demo crisis data: a protocol with levels, roles, contacts and templates for every demo
entity; for Cartagena a closed incident of its Oficina Asesora de Informática with its
post-incident report and an open one with its messages ready; for MinTIC two past incidents of
its 2019–2022 plan. Incidents go through crisis.services, exactly as the web pages do.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from crisis import services
from crisis.enums import TemplatePurpose
from crisis.models import CrisisContact, CrisisProtocol, CrisisRole, Incident, MessageTemplate, SeverityLevel
from crisis.selectors import channels_with_template
from plans import demo_registry
from plans.enums import Role
from plans.models import Area, Channel, Entity, User
from privacy.enums import ConsentMethod

BOGOTA = ZoneInfo("America/Bogota")

# The demo's preferred channels, in order; the first one found is the immediate channel.
PREFERRED_CHANNELS = [
    "Correo interno",
    "Redes sociales institucionales",
    "Intranet de la Alcaldía",
    "Redes sociales",
    "Página web MinTIC",
    "Sitio web del municipio",
    "Correo electrónico",
    "Emisora",
]

LEVELS = [
    (
        1,
        "Bajo",
        "Falla parcial o lentitud de un servicio sin efecto en trámites ni datos.",
        120,
        240,
        "Confirmar la falla con la oficina de sistemas.\nPublicar el aviso en el canal inmediato.\n"
        "Informar la solución.",
    ),
    (
        2,
        "Medio",
        "Un servicio a la ciudadanía o a los servidores no está disponible.",
        60,
        120,
        "Activar el comité de crisis.\nPublicar el aviso inicial en todos los canales elegidos.\n"
        "Actualizar según la frecuencia del nivel.\nInformar el restablecimiento.",
    ),
    (
        3,
        "Alto o crítico",
        "Ciberataque, fuga de datos o caída de sistemas críticos; riesgo para la imagen de la entidad.",
        30,
        60,
        "Activar el comité de crisis y avisar al despacho.\nDesignar un único vocero.\n"
        "Publicar el aviso inicial en máximo 30 minutos.\nActualizar cada hora.\n"
        "Atender a medios solo a través del vocero.\nInformar el restablecimiento y preparar el informe.",
    ),
]

TEMPLATES = {
    TemplatePurpose.FIRST_NOTICE: (
        "{entidad}: falla en {servicio}",
        "{entidad} informa que desde las {hora_inicio} del {fecha_inicio} se presenta una falla en {servicio} "
        "(severidad {severidad}). Nuestros equipos ya trabajan para restablecerlo. Próxima actualización: "
        "{proxima_actualizacion}. Vocero: {vocero}.",
    ),
    TemplatePurpose.UPDATE: (
        "Actualización: {servicio}",
        "Actualización sobre {titulo}: seguimos trabajando para restablecer {servicio}. Próxima actualización: "
        "{proxima_actualizacion}.",
    ),
    TemplatePurpose.RESOLUTION: (
        "Servicio restablecido: {servicio}",
        "{entidad} informa que {servicio} ya funciona con normalidad. Gracias por su paciencia.",
    ),
}


def _at(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BOGOTA)


def _protocol_channels(entity: Entity) -> list[Channel]:
    """The demo protocol's channels: up to three of PREFERRED_CHANNELS, else the first two."""
    by_name = {c.name: c for c in Channel.objects.filter(entity=entity)}
    channels = [by_name[name] for name in PREFERRED_CHANNELS if name in by_name][:3]
    if not channels:
        channels = list(Channel.objects.filter(entity=entity).order_by("name")[:2])
    return channels


def _protocol_people(protocol: CrisisProtocol, entity: Entity) -> None:
    """The demo protocol's roles (its spokesperson first) and contacts."""
    CrisisRole.objects.bulk_create(
        [
            CrisisRole(
                protocol=protocol,
                order=1,
                role="Vocero principal",
                person=f"Jefe de la oficina de comunicaciones de {entity}",
                is_spokesperson=True,
                responsibilities="Única voz ante medios y ciudadanía en los niveles 2 y 3.",
            ),
            CrisisRole(
                protocol=protocol,
                order=2,
                role="Coordinador del comité de crisis",
                person="Jefe de la oficina de tecnologías de la información",
                responsibilities="Diagnostica la falla y estima el tiempo de solución.",
            ),
            CrisisRole(
                protocol=protocol,
                order=3,
                role="Community manager",
                person="Profesional de comunicación digital",
                responsibilities="Publica los mensajes y responde en redes con los textos aprobados.",
            ),
        ]
    )
    # Consent recorded when each contact agreed to be on the protocol (Ley 1581).
    consent = {
        "consent_given_at": timezone.now(),
        "consent_method": ConsentMethod.EMAIL,
        "consent_purpose": "Ser contactado durante una crisis de comunicación de la entidad.",
    }
    CrisisContact.objects.bulk_create(
        [
            CrisisContact(
                protocol=protocol,
                order=1,
                name="Mesa de ayuda",
                role="Tecnología",
                phone="601 000 0000",
                email="",
                **consent,
            ),
            CrisisContact(
                protocol=protocol,
                order=2,
                name="Oficina de comunicaciones",
                role="Prensa",
                phone="601 000 0001",
                email="prensa@example.gov.co",
                **consent,
            ),
            CrisisContact(
                protocol=protocol,
                order=3,
                name="ColCERT",
                role="Equipo de respuesta a incidentes cibernéticos",
                email="contacto@colcert.example.gov.co",
                **consent,
            ),
        ]
    )


def protocol_ensure(entity: Entity) -> CrisisProtocol:
    """Return the entity's protocol, creating the demo one (levels, roles, contacts, templates)."""
    protocol = CrisisProtocol.objects.filter(entity=entity).first()
    if protocol is not None:
        return protocol
    channels = _protocol_channels(entity)
    protocol = CrisisProtocol.objects.create(
        entity=entity,
        purpose="Ruta de comunicación ante interrupciones del servicio, ciberataques o fallos en los sistemas "
        "críticos de la entidad.",
        activation="La oficina de sistemas avisa a la oficina de comunicaciones; la jefatura de comunicaciones "
        "declara el nivel y convoca al comité de crisis.",
        immediate_channel=channels[0] if channels else None,
    )
    SeverityLevel.objects.bulk_create(
        SeverityLevel(
            protocol=protocol,
            level=level,
            name=name,
            criteria=criteria,
            response_minutes=response,
            update_minutes=update,
            steps=steps,
        )
        for level, name, criteria, response, update, steps in LEVELS
    )
    _protocol_people(protocol, entity)
    MessageTemplate.objects.bulk_create(
        MessageTemplate(protocol=protocol, channel=channel, purpose=purpose, subject=subject, body=body)
        for channel in channels
        for purpose, (subject, body) in TEMPLATES.items()
    )
    return protocol


def _press(entity: Entity) -> User | None:
    return User.objects.with_role(Role.PRESS).filter(entity=entity, is_active=True).order_by("pk").first()


def _first_notice_channels(protocol: CrisisProtocol) -> list[Channel]:
    return list(channels_with_template(protocol=protocol, purposes=[TemplatePurpose.FIRST_NOTICE])[:2])


def _past_incident(protocol: CrisisProtocol, press: User, spec: dict) -> Incident:
    """Run a whole incident at the past times of ``spec``: create, send, note, resolve, close."""
    level = protocol.levels.get(level=spec["level"])
    channels = list(
        Channel.objects.filter(crisis_templates__protocol=protocol, crisis_templates__purpose="aviso_inicial")
        .order_by("name")
        .distinct()
    )[:2]
    start = spec["start"]
    incident = services.incident_create(
        user=press,
        protocol=protocol,
        title=spec["title"],
        started_at=start,
        severity=level,
        affected_service=spec["service"],
        channels=channels,
        description=spec["description"],
        area=spec.get("area"),
        now=start + timedelta(minutes=5),
    )
    for n, message in enumerate(incident.messages.order_by("pk")):
        sent_at = start + timedelta(minutes=spec["notice_minutes"] + 10 * n)
        services.incident_message_send(
            user=press, message=message, text=message.text, subject=message.subject, sent_at=sent_at, now=sent_at
        )
    note_at = start + timedelta(minutes=spec["notice_minutes"] + 30)
    services.incident_event_add(user=press, incident=incident, occurred_at=note_at, text=spec["note"], now=note_at)
    resolved_at = start + timedelta(minutes=spec["resolution_minutes"])
    services.incident_resolve(user=press, incident=incident, resolved_at=resolved_at, now=resolved_at)
    return services.incident_close(
        user=press,
        incident=incident,
        causes=spec["causes"],
        actions=spec["actions"],
        lessons=spec["lessons"],
        now=resolved_at + timedelta(hours=20),
    )


def _incident_specs(entity: Entity) -> list[dict]:
    if entity.short_name == "Cartagena":
        oai = Area.objects.filter(entity=entity, code="OAI").first()
        return [
            {
                "title": "Caída del portal de pago del impuesto predial",
                "level": 2,
                "start": _at(2025, 9, 16, 8, 10),
                "service": "Portal de pagos en línea",
                "area": oai,
                "description": "El portal responde con error al generar la factura del predial.",
                "notice_minutes": 25,
                "note": "La OAI identifica la falla en el certificado del servidor de pagos.",
                "resolution_minutes": 210,
                "causes": "Venció el certificado del servidor de pagos y no había alerta de vencimiento.",
                "actions": "Se renovó el certificado, se informó por correo y redes, y se amplió el plazo de pago "
                "un día.",
                "lessons": "Programar alertas de vencimiento de certificados con 30 días de anticipación.",
            },
        ]
    if entity.short_name == "MinTIC":
        return [
            {
                "title": "Intermitencia del portal institucional por alta demanda",
                "level": 2,
                "start": _at(2020, 3, 24, 9, 0),
                "service": "Página web MinTIC",
                "description": "La demanda de consultas sobre conectividad durante el aislamiento satura el portal.",
                "notice_minutes": 40,
                "note": "Se activa la red de distribución de contenidos para las páginas más consultadas.",
                "resolution_minutes": 300,
                "causes": "Tráfico cinco veces mayor que el habitual sin capacidad elástica del servidor web.",
                "actions": "Se habilitó la red de distribución de contenidos y se publicaron las respuestas "
                "frecuentes en redes sociales.",
                "lessons": "Probar la capacidad del portal antes de anuncios de alto interés.",
            },
            {
                "title": "Ataque de denegación de servicio al sitio web",
                "level": 3,
                "start": _at(2021, 5, 5, 19, 30),
                "service": "Página web MinTIC y trámites en línea",
                "description": "Ataque de denegación de servicio distribuido contra el sitio y sus trámites.",
                "notice_minutes": 22,
                "note": "ColCERT confirma el ataque y coordina la mitigación con el proveedor.",
                "resolution_minutes": 185,
                "causes": "Ataque de denegación de servicio distribuido en el marco de las protestas.",
                "actions": "Mitigación con el proveedor, aviso por redes en 22 minutos y un único vocero.",
                "lessons": "Tener listo el mensaje de ciberataque y el contacto del proveedor en el protocolo.",
            },
        ]
    return []


@transaction.atomic
def crisis_demo_load(*, now: datetime | None = None) -> int:
    """Create the demo protocol of every entity with a press office, and the demo incidents
    that are missing. Idempotent: incidents are found by entity and title. Return how many
    incidents it created."""
    now = now or timezone.now()
    created = 0
    for entity in Entity.objects.order_by("name"):
        press = _press(entity)
        if press is None:
            continue
        protocol = protocol_ensure(entity)
        existing = set(Incident.objects.filter(entity=entity).values_list("title", flat=True))
        for spec in _incident_specs(entity):
            if spec["title"] not in existing:
                _past_incident(protocol, press, spec)
                created += 1
        if entity.short_name == "Cartagena":
            title = "Lentitud del correo institucional"
            if title not in existing:
                channels = _first_notice_channels(protocol)
                services.incident_create(
                    user=press,
                    protocol=protocol,
                    title=title,
                    started_at=now - timedelta(minutes=20),
                    severity=protocol.levels.get(level=1),
                    affected_service="Correo institucional",
                    channels=channels,
                    description="Los correos tardan más de 15 minutos en llegar.",
                    area=Area.objects.filter(entity=entity, code="OAI").first(),
                    now=now,
                )
                created += 1
    return created


def _demo_load() -> str:
    return f"Incidentes de crisis de demostración: {crisis_demo_load()} nuevos."


demo_registry.register("crisis", order=40, load=_demo_load)
