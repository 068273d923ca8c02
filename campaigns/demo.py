"""Demo campaigns and pieces: MinTIC's campaigns and press releases of its 2019–2022 plan (its
indicators «Número de Campañas Diseñadas» and «Número de Comunicados Elaborados» count them),
the electoral windows of the Ley de Garantías, and a current month of pieces in every state for
the entities whose plan is in execution (Segovia, Cartagena), so the calendar reads well.

The current month goes through campaigns.services exactly as the web pages do. MinTIC's four
years of history are written as they ended (approved by the press office, published), in bulk.
Idempotent: a second run finds the rows by their titles and adds nothing.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from campaigns import services
from campaigns.enums import CampaignKind, CampaignStatus, ExceptionCategory, PieceKind, PieceStatus
from campaigns.models import Campaign, ContentPiece, ElectionException, ElectoralWindow
from plans import demo_registry
from plans.enums import PlanStatus, Role
from plans.models import Activity, Area, Channel, Entity, Plan, User

MINTIC = "Ministerio de Tecnologías de la Información y las Comunicaciones"
NEWSROOM = "https://www.mintic.gov.co/portal/inicio/Sala-de-prensa/Noticias/"
TOPICS = [
    "Conectividad rural",
    "Zonas Wi-Fi gratis",
    "Computadores para Educar",
    "Misión TIC 2022",
    "Gobierno Digital",
    "Ciberseguridad ciudadana",
    "Televisión pública",
    "Apps.co",
    "Servicio postal",
    "Mujeres TIC",
]
# Campaigns designed each quarter per component kind of MinTIC's plan.
CAMPAIGN_PLAN = {
    "Campañas de Comunicación": (CampaignKind.ATL, 3, Decimal(180_000_000)),
    "Campañas Desarrolladas": (CampaignKind.INTERNAL, 1, Decimal(0)),
    "Campañas Digitales a Grupos de Interés": (CampaignKind.DIGITAL, 1, Decimal(25_000_000)),
}


def _local(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def _windows() -> int:
    """The Ley de Garantías windows of the demo entities (restrictions four months before the
    election, to the second round where there is one)."""
    specs = [
        (MINTIC, "Elecciones presidenciales 2022", date(2022, 5, 29), date(2022, 1, 29), date(2022, 6, 19)),
        (MINTIC, "Elecciones presidenciales 2026", date(2026, 5, 31), date(2026, 1, 31), date(2026, 6, 21)),
    ]
    for entity in Entity.objects.filter(kind="alcaldia"):
        specs.append(
            (
                entity.name,
                "Elecciones de autoridades locales 2027",
                date(2027, 10, 31),
                date(2027, 6, 30),
                date(2027, 10, 31),
            )
        )
    created = 0
    for entity_name, name, election, start, end in specs:
        entity = Entity.objects.filter(name=entity_name).first()
        if entity is None:
            continue
        _window, new = ElectoralWindow.objects.get_or_create(
            entity=entity,
            name=name,
            defaults={
                "election_date": election,
                "starts_on": start,
                "ends_on": end,
                "notes": "Fechas de demostración.",
            },
        )
        created += new
    return created


def _mintic_campaigns(plan: Plan, area: Area, press: User) -> list[Campaign]:
    """MinTIC's campaigns of 2019–2022, CAMPAIGN_PLAN's number of them each quarter, by activity."""
    campaigns = []
    for activity in Activity.objects.filter(component__plan=plan, name__in=CAMPAIGN_PLAN).select_related("component"):
        kind, per_quarter, budget = CAMPAIGN_PLAN[activity.name]
        for year in range(2019, 2023):
            for quarter in range(4):
                for n in range(per_quarter):
                    designed = date(year, 3 * quarter + 1, 10 + 6 * n)
                    topic = TOPICS[(year + quarter * 3 + n) % len(TOPICS)]
                    campaigns.append(
                        Campaign(
                            name=f"{topic} {year}-T{quarter + 1}" + (f" ({n + 1})" if per_quarter > 1 else ""),
                            kind=kind if kind != CampaignKind.ATL or n != 2 else CampaignKind.BTL,
                            component=activity.component,
                            area=area,
                            objective=f"Divulgar {topic.lower()} entre los grupos de interés del Ministerio.",
                            key_message="El futuro digital es de todos.",
                            starts_on=designed + timedelta(days=15),
                            ends_on=designed + timedelta(days=75),
                            designed_on=designed,
                            budget=budget,
                            status=CampaignStatus.FINISHED,
                            created_by=press,
                        )
                    )
    return Campaign.objects.bulk_create(campaigns)


def _mintic_exceptions(plan: Plan, windows: list[ElectoralWindow], press: User) -> None:
    """Paid publicity inside the 2022 restriction went ahead only as a recorded exception."""
    for campaign in Campaign.objects.filter(component__plan=plan).select_related("component__plan"):
        for window in windows:
            if (
                campaign.is_paid_publicity
                and campaign.starts_on <= window.ends_on
                and campaign.ends_on >= window.starts_on
            ):
                ElectionException.objects.create(
                    window=window,
                    campaign=campaign,
                    category=ExceptionCategory.EDUCATIONAL,
                    justification="Divulgación educativa de un programa en curso, sin mención a logros de gobierno.",
                    recorded_by=press,
                )


def _mintic_releases(plan: Plan, leads: list[User], press: User) -> list[ContentPiece]:
    """MinTIC's press releases of 2019–2022 (about forty a month), published on its website."""
    channels = {c.name: c for c in Channel.objects.filter(entity_id=plan.entity_id)}
    press_activity = Activity.objects.filter(component__plan=plan, name="Elaborar Contenidos Escritos").first()
    web = channels.get("Página web MinTIC") or next(iter(channels.values()))
    pieces = []
    for year in range(2019, 2023):
        for month in range(1, 13):
            count = 36 + (year * 7 + month * 5) % 9
            last = calendar.monthrange(year, month)[1]
            for n in range(count):
                lead = leads[n % len(leads)]
                day = date(year, month, 1 + (n * 7) % last)
                topic = TOPICS[(n + month) % len(TOPICS)]
                pieces.append(
                    ContentPiece(
                        title=f"Comunicado {year}-{month:02d}-{n + 1:02d}: {topic}",
                        kind=PieceKind.PRESS_RELEASE,
                        area=lead.area,
                        owner=lead,
                        created_by=lead,
                        channel=web,
                        activity=press_activity,
                        scheduled_on=day,
                        published_on=day,
                        link=f"{NEWSROOM}{year}{month:02d}{n + 1:02d}",
                        status=PieceStatus.PUBLISHED,
                        approved_by=press,
                        approved_at=_local(day - timedelta(days=1)),
                    )
                )
    return ContentPiece.objects.bulk_create(pieces, batch_size=500)


def _mintic_history() -> tuple[int, int]:
    """MinTIC's campaigns (each quarter) and press releases (about forty a month) of 2019–2022."""
    plan = Plan.objects.filter(entity__name=MINTIC, vigencia_start=date(2019, 1, 1)).first()
    if plan is None or Campaign.objects.filter(component__plan=plan).exists():
        return 0, 0
    press = User.objects.with_role(Role.PRESS).filter(entity_id=plan.entity_id).order_by("pk").first()
    leads = list(
        User.objects.with_role(Role.AREA_LEAD)
        .filter(entity_id=plan.entity_id, area__isnull=False)
        .select_related("area")
        .order_by("username")
    )
    if press is None or not leads:
        return 0, 0
    oap = plan.entity.areas.filter(name="Oficina Asesora de Prensa").first() or leads[0].area
    campaigns = _mintic_campaigns(plan, oap, press)
    _mintic_exceptions(plan, list(ElectoralWindow.objects.filter(entity_id=plan.entity_id)), press)
    pieces = _mintic_releases(plan, leads, press)
    return len(campaigns), len(pieces)


# The current month of an entity: (kind, day of month, where the piece stops).
MONTH_SPECS = [
    (PieceKind.POST, 3, PieceStatus.PUBLISHED),
    (PieceKind.WEBSITE, 6, PieceStatus.APPROVED),
    (PieceKind.BULLETIN, 10, PieceStatus.IN_REVIEW),
    (PieceKind.INFOGRAPHIC, 14, PieceStatus.DRAFT),
    (PieceKind.TUTORIAL, 19, PieceStatus.IDEA),
    (PieceKind.PRESS_RELEASE, 24, PieceStatus.IN_REVIEW),
    (PieceKind.NEWSLETTER, 28, PieceStatus.IDEA),
]
TITLES = {
    PieceKind.POST: "Horarios de atención en línea",
    PieceKind.WEBSITE: "Actualización de la sección de transparencia",
    PieceKind.BULLETIN: "Boletín interno del mes",
    PieceKind.INFOGRAPHIC: "Infografía: trámites que puede hacer desde su casa",
    PieceKind.TUTORIAL: "Video tutorial: cómo radicar una PQRSD",
    PieceKind.PRESS_RELEASE: "Comunicado: rendición de cuentas",
    PieceKind.NEWSLETTER: "Newsletter para la ciudadanía",
}


def _current_month(plan: Plan, today: date) -> int:
    press = User.objects.with_role(Role.PRESS).filter(entity_id=plan.entity_id, is_active=True).order_by("pk").first()
    leads = list(
        User.objects.with_role(Role.AREA_LEAD)
        .filter(entity_id=plan.entity_id, is_active=True, area__isnull=False)
        .select_related("area")
        .order_by("username")
    )
    if press is None or not leads:
        return 0
    last = calendar.monthrange(today.year, today.month)[1]
    first, month_end = today.replace(day=1), today.replace(day=last)
    created = 0
    for index, (kind, day_number, stop) in enumerate(MONTH_SPECS):
        lead = leads[index % len(leads)]
        title = f"{TITLES[kind]} ({lead.area.name})"
        if ContentPiece.objects.filter(area=lead.area, title=title, scheduled_on__range=(first, month_end)).exists():
            continue
        activity = Activity.objects.filter(component__plan=plan, responsible_areas=lead.area).order_by("pk").first()
        if activity is None:
            continue
        channel = activity.channels.order_by("pk").first() or Channel.objects.filter(entity_id=plan.entity_id).first()
        day = date(today.year, today.month, min(day_number, last))
        if stop == PieceStatus.PUBLISHED:
            day = min(day, today)
        piece = services.piece_save(
            user=lead,
            piece=ContentPiece(
                title=title, kind=kind, area=lead.area, channel=channel, activity=activity, scheduled_on=day,
                summary="Pieza de demostración del calendario editorial.",
            ),
        )  # fmt: skip
        steps = [PieceStatus.DRAFT, PieceStatus.IN_REVIEW, PieceStatus.APPROVED, PieceStatus.PUBLISHED]
        for step in steps[: steps.index(stop) + 1] if stop != PieceStatus.IDEA else []:
            if step == PieceStatus.APPROVED:
                services.piece_approve(user=press, piece=piece)
            elif step == PieceStatus.PUBLISHED:
                services.piece_publish(
                    user=press, piece=piece, link=f"https://www.example.gov.co/noticias/{piece.pk}", published_on=today
                )
            else:
                services.piece_move(user=lead, piece=piece, to=step)
        created += 1
    return created


@transaction.atomic
def load(*, today: date | None = None) -> dict[str, int]:
    """Load the demo electoral windows, MinTIC's 2019–2022 campaigns and press releases, and a
    current month of pieces for every plan in execution whose vigencia includes ``today``.
    Return how many rows of each it created."""
    today = today or timezone.localdate()
    windows = _windows()
    campaigns, releases = _mintic_history()
    pieces = 0
    for plan in Plan.objects.filter(status=PlanStatus.IN_EXECUTION).order_by("pk"):
        if plan.vigencia_start <= today <= plan.vigencia_end:
            pieces += _current_month(plan, today)
    return {"windows": windows, "campaigns": campaigns, "releases": releases, "pieces": pieces}


def _demo_load() -> str:
    return f"Campañas y piezas de demostración (nuevas): {load()}."


demo_registry.register("campaigns", order=50, load=_demo_load)
