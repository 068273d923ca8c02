from datetime import date
from decimal import Decimal

import pytest

from media.demo import media_demo_load
from media.models import MediaMention
from plans.tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def test_the_demo_values_mentions_for_each_seed_entity_once():
    segovia = EntityFactory(name="Alcaldía de Segovia", short_name="Segovia")
    cartagena = EntityFactory(name="Alcaldía de Cartagena", short_name="Cartagena")
    mintic = EntityFactory(name="Ministerio de Tecnologías de la Información y las Comunicaciones", short_name="MinTIC")

    created = media_demo_load(today=date(2026, 11, 23))

    # Segovia and Cartagena: 4 outlets × 6 months; MinTIC: 5 outlets × 16 months of 2019–2022.
    assert created == 4 * 6 + 4 * 6 + 5 * 16
    assert media_demo_load(today=date(2026, 11, 23)) == 0
    mintic_dates = MediaMention.objects.filter(entity=mintic).values_list("date", flat=True)
    assert min(mintic_dates).year == 2019
    assert max(mintic_dates).year == 2022
    # The Facebook page has no tariff: «sin tarifa», value 0.
    facebook = MediaMention.objects.filter(entity=segovia, outlet__name="Segovia Al Día (Facebook)")
    assert set(facebook.values_list("free_press_value", flat=True)) == {Decimal(0)}
    # Every other mention is valued, and the raise half way shows in the unit prices.
    valued = MediaMention.objects.filter(entity=cartagena, outlet__name="El Universal")
    assert set(valued.values_list("unit_price", flat=True)) == {Decimal(52000), Decimal(55000)}
