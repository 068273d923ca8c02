"""Demo free-press data: outlets with their tariff table and a few months of mentions for
Segovia and Cartagena (up to today), and 2019–2022 for MinTIC (its plan's vigencia).

Every mention is valued through media.services, as the web form does. Running it again adds
nothing: outlets, tariffs and mentions are looked up by their natural keys first.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from media.enums import Acceptance, MediaType, Sentiment
from media.models import MediaMention, Outlet, Tariff
from media.services import mention_save
from plans import demo_registry
from plans.models import Entity

# (name, media type, city, first price, price after the raise). None: no
# tariff, so its mentions show «sin tarifa».
OUTLETS = {
    "Alcaldía de Segovia": [
        ("El Nordeste Antioqueño", MediaType.PRESS, "Segovia", 18_000, 20_000),
        ("Segovia Estéreo", MediaType.RADIO, "Segovia", 6_000, 6_500),
        ("Teleantioquia Noticias", MediaType.TV, "Medellín", 45_000, 48_000),
        ("Segovia Al Día (Facebook)", MediaType.SOCIAL, "Segovia", None, None),
    ],
    "Alcaldía de Cartagena": [
        ("El Universal", MediaType.PRESS, "Cartagena", 52_000, 55_000),
        ("RCN Radio Cartagena", MediaType.RADIO, "Cartagena", 14_000, 15_000),
        ("Canal Cartagena", MediaType.TV, "Cartagena", 60_000, 64_000),
        ("Cartagena Hoy (portal)", MediaType.WEB, "Cartagena", 650_000, 700_000),
    ],
    "Ministerio de Tecnologías de la Información y las Comunicaciones": [
        ("El Tiempo", MediaType.PRESS, "Bogotá", 95_000, 105_000),
        ("Caracol Radio", MediaType.RADIO, "Nacional", 35_000, 38_000),
        ("Noticias RCN", MediaType.TV, "Nacional", 150_000, 165_000),
        ("Portafolio.co", MediaType.WEB, "Nacional", 1_800_000, 2_000_000),
        ("Cuenta de X del sector TIC", MediaType.SOCIAL, "Nacional", 900_000, 950_000),
    ],
}

HEADLINES = [
    "{short} anuncia nueva estrategia de gobierno digital",
    "Avanza la rendición de cuentas de {short}",
    "Ciudadanos participan en la jornada de servicios de {short}",
    "{short} responde a inquietudes sobre trámites en línea",
    "Entrevista: los retos de comunicación de {short}",
    "Críticas por demoras en la atención de {short}",
]
POSITIVE, NEUTRAL, NEGATIVE = Sentiment.POSITIVE, Sentiment.NEUTRAL, Sentiment.NEGATIVE
SENTIMENTS = [POSITIVE, POSITIVE, NEUTRAL, NEUTRAL, POSITIVE, NEGATIVE]
ACCEPTANCE = {POSITIVE: Acceptance.HIGH, NEUTRAL: Acceptance.MEDIUM, NEGATIVE: Acceptance.LOW}
RATING = {POSITIVE: 4, NEUTRAL: 3, NEGATIVE: 2}


def _months(last: date, count: int) -> list[date]:
    months, year, month = [], last.year, last.month
    for _ in range(count):
        months.append(date(year, month, 1))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(months))


def _measure(media_type: str, n: int) -> dict:
    if media_type == MediaType.PRESS:
        return {"height_cm": Decimal(12 + 3 * (n % 5)), "columns": 2 + n % 4}
    if media_type in (MediaType.RADIO, MediaType.TV):
        return {"seconds": 30 + 15 * (n % 6)}
    return {"posts": 1 + n % 3}


def _entity_months(entity: Entity, today: date) -> list[date]:
    if entity.short_name == "MinTIC":
        # Its plan runs 2019–2022: every third month of the vigencia.
        return [date(year, month, 1) for year in range(2019, 2023) for month in (2, 5, 8, 11)]
    return _months(today, 6)


@transaction.atomic
def media_demo_load(*, today: date | None = None) -> int:
    """Create the demo outlets, tariffs and mentions that are missing; return how many mentions
    were created."""
    today = today or timezone.localdate()
    created = 0
    for entity_name, outlets in OUTLETS.items():
        entity = Entity.objects.filter(name=entity_name).first()
        if entity is None:
            continue
        months = _entity_months(entity, today)
        # The first tariff from the first month's year, a raise half way: the demo shows a
        # tariff change over time.
        starts = (date(months[0].year, 1, 1), months[len(months) // 2])
        for index, (name, media_type, city, price, later_price) in enumerate(outlets):
            outlet, _new = Outlet.objects.get_or_create(
                entity=entity, name=name, defaults={"media_type": media_type, "city": city}
            )
            if price is not None:
                for valid_from, amount in zip(starts, (price, later_price), strict=True):
                    Tariff.objects.get_or_create(
                        outlet=outlet,
                        media_type=media_type,
                        valid_from=valid_from,
                        defaults={"price": Decimal(amount), "source": "Tarifario de demostración"},
                    )
            for m, month in enumerate(months):
                n = index + m
                day = date(month.year, month.month, min(3 + 5 * index, 28))
                if day > today:
                    continue
                headline = HEADLINES[n % len(HEADLINES)].format(short=entity.short_name or entity.name)
                if MediaMention.objects.filter(outlet=outlet, date=day, headline=headline).exists():
                    continue
                sentiment = SENTIMENTS[n % len(SENTIMENTS)]
                mention = MediaMention(
                    entity=entity,
                    outlet=outlet,
                    media_type=media_type,
                    date=day,
                    headline=headline,
                    url=f"https://noticias.example/{outlet.pk}/{day:%Y%m%d}" if media_type != MediaType.PRESS else "",
                    reach=1_000 * (5 + 7 * (n % 9)),
                    sentiment=sentiment,
                    rating=RATING[sentiment],
                    acceptance=ACCEPTANCE[sentiment],
                    **_measure(media_type, n),
                )
                mention_save(mention=mention)
                created += 1
    return created


def _demo_load() -> str:
    return f"Menciones en medios de demostración: {media_demo_load()} nuevas."


demo_registry.register("media", order=60, load=_demo_load)
