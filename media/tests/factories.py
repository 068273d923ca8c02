from datetime import date
from decimal import Decimal

import factory

from media.enums import MediaType, Sentiment
from media.models import MediaMention, Outlet, Tariff
from plans.tests.factories import EntityFactory


class OutletFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outlet

    entity = factory.SubFactory(EntityFactory)
    name = factory.Sequence(lambda n: f"Medio {n}")
    media_type = MediaType.PRESS


class TariffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tariff

    outlet = factory.SubFactory(OutletFactory)
    media_type = factory.LazyAttribute(lambda t: t.outlet.media_type)
    valid_from = date(2024, 1, 1)
    price = Decimal("35000")


class MediaMentionFactory(factory.django.DjangoModelFactory):
    """A mention saved as is (no valuation): tests value it through media.services."""

    class Meta:
        model = MediaMention

    outlet = factory.SubFactory(OutletFactory)
    entity = factory.LazyAttribute(lambda m: m.outlet.entity)
    media_type = factory.LazyAttribute(lambda m: m.outlet.media_type)
    date = date(2024, 3, 12)
    headline = factory.Sequence(lambda n: f"La alcaldía anuncia la obra {n}")
    sentiment = Sentiment.POSITIVE
    height_cm = factory.LazyAttribute(lambda m: Decimal(24) if m.media_type == MediaType.PRESS else None)
    columns = factory.LazyAttribute(lambda m: 5 if m.media_type == MediaType.PRESS else None)
    seconds = factory.LazyAttribute(lambda m: 90 if m.media_type in (MediaType.RADIO, MediaType.TV) else None)
