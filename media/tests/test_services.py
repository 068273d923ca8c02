"""Free-press values computed from the tariff table, by hand."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from media.enums import MediaType, Sentiment
from media.models import MediaMention, Tariff
from media.services import mention_save, mentions_revalue, tariff_save, tariffs_delete
from media.tests.factories import OutletFactory, TariffFactory
from media.valuation import valuation_method

pytestmark = pytest.mark.django_db


def new_mention(outlet, **fields):
    values = {
        "entity": outlet.entity,
        "outlet": outlet,
        "media_type": outlet.media_type,
        "date": date(2024, 3, 12),
        "headline": "La alcaldía inaugura el parque",
        "sentiment": Sentiment.POSITIVE,
    }
    values.update(fields)
    return MediaMention(**values)


class TestValuation:
    def test_press_is_height_times_columns_times_price_per_cm2(self, entity):
        outlet = OutletFactory(entity=entity, name="El Diario", media_type=MediaType.PRESS)
        tariff = TariffFactory(outlet=outlet, price=Decimal("35000"))
        mention = mention_save(mention=new_mention(outlet, height_cm=Decimal(24), columns=5))
        mention.refresh_from_db()
        # 24 cm × 5 col = 120 cm²; 120 × 35.000 = 4.200.000
        assert mention.quantity == Decimal("120")
        assert mention.unit_price == Decimal("35000")
        assert mention.free_press_value == Decimal("4200000")
        assert mention.tariff == tariff
        assert valuation_method(mention) == "24 cm × 5 col = 120 cm² × $ 35.000/cm² = $ 4.200.000"

    def test_press_with_half_centimetres(self, entity):
        outlet = OutletFactory(entity=entity, media_type=MediaType.PRESS)
        TariffFactory(outlet=outlet, price=Decimal("12500"))
        mention = mention_save(mention=new_mention(outlet, height_cm=Decimal("10.5"), columns=3))
        # 10,5 × 3 = 31,5 cm²; 31,5 × 12.500 = 393.750
        assert mention.free_press_value == Decimal("393750")
        assert valuation_method(mention) == "10,5 cm × 3 col = 31,5 cm² × $ 12.500/cm² = $ 393.750"

    @pytest.mark.parametrize("media_type", [MediaType.RADIO, MediaType.TV])
    def test_radio_and_tv_are_seconds_times_price_per_second(self, entity, media_type):
        outlet = OutletFactory(entity=entity, media_type=media_type)
        TariffFactory(outlet=outlet, price=Decimal("12000"))
        mention = mention_save(mention=new_mention(outlet, seconds=90))
        # 90 s × 12.000 = 1.080.000
        assert mention.free_press_value == Decimal("1080000")
        assert valuation_method(mention) == "90 s × $ 12.000/s = $ 1.080.000"

    @pytest.mark.parametrize("media_type", [MediaType.WEB, MediaType.SOCIAL])
    def test_web_and_social_are_posts_times_price_per_post(self, entity, media_type):
        outlet = OutletFactory(entity=entity, media_type=media_type)
        TariffFactory(outlet=outlet, price=Decimal("500000"))
        two = mention_save(mention=new_mention(outlet, posts=2))
        one = mention_save(mention=new_mention(outlet))  # no count: one post
        assert two.free_press_value == Decimal("1000000")
        assert one.free_press_value == Decimal("500000")
        assert valuation_method(two) == "2 publicaciones × $ 500.000/publicación = $ 1.000.000"
        assert valuation_method(one) == "1 publicación × $ 500.000/publicación = $ 500.000"

    def test_the_tariff_in_force_on_the_mention_date_is_used(self, entity):
        outlet = OutletFactory(entity=entity, name="Radio Sur", media_type=MediaType.RADIO)
        TariffFactory(outlet=outlet, valid_from=date(2024, 1, 1), price=Decimal("10000"))
        TariffFactory(outlet=outlet, valid_from=date(2024, 7, 1), price=Decimal("15000"))
        before = mention_save(mention=new_mention(outlet, date=date(2024, 6, 30), seconds=60))
        on_the_day = mention_save(mention=new_mention(outlet, date=date(2024, 7, 1), seconds=60))
        assert before.free_press_value == Decimal("600000")  # 60 × 10.000
        assert on_the_day.free_press_value == Decimal("900000")  # 60 × 15.000

    def test_a_tariff_of_another_format_of_the_same_outlet_does_not_apply(self, entity):
        outlet = OutletFactory(entity=entity, name="El Diario", media_type=MediaType.PRESS)
        TariffFactory(outlet=outlet, media_type=MediaType.WEB, price=Decimal("300000"))
        mention = mention_save(mention=new_mention(outlet, height_cm=Decimal(10), columns=2))
        assert mention.free_press_value == 0
        assert mention.tariff is None

    def test_no_tariff_gives_zero_with_the_reason(self, entity):
        outlet = OutletFactory(entity=entity, name="Canal Norte", media_type=MediaType.TV)
        TariffFactory(outlet=outlet, valid_from=date(2025, 1, 1), price=Decimal("20000"))
        mention = mention_save(mention=new_mention(outlet, date=date(2024, 3, 12), seconds=30))
        assert mention.free_press_value == 0
        assert mention.tariff is None
        assert mention.quantity == Decimal(30)
        assert valuation_method(mention) == (
            "Sin tarifa: Canal Norte no tiene tarifa de televisión vigente el 12/03/2024. Valor: $ 0."
        )

    def test_measures_of_another_media_type_are_dropped(self, entity):
        outlet = OutletFactory(entity=entity, media_type=MediaType.RADIO)
        TariffFactory(outlet=outlet, price=Decimal("1000"))
        mention = mention_save(mention=new_mention(outlet, seconds=20, height_cm=Decimal(50), columns=4))
        assert (mention.height_cm, mention.columns) == (None, None)
        assert mention.free_press_value == Decimal("20000")


class TestTariffChanges:
    def test_changing_a_tariff_revalues_the_affected_mentions_only(self, entity):
        outlet = OutletFactory(entity=entity, media_type=MediaType.RADIO)
        other = OutletFactory(entity=entity, media_type=MediaType.RADIO)
        tariff = TariffFactory(outlet=outlet, price=Decimal("10000"))
        TariffFactory(outlet=other, price=Decimal("10000"))
        mine = mention_save(mention=new_mention(outlet, seconds=60))
        theirs = mention_save(mention=new_mention(other, seconds=60))

        tariff.price = Decimal("11000")
        changed = tariff_save(tariff=tariff)

        mine.refresh_from_db()
        theirs.refresh_from_db()
        assert changed == 1
        assert mine.free_press_value == Decimal("660000")
        assert theirs.free_press_value == Decimal("600000")

    def test_a_new_earlier_tariff_values_mentions_that_had_none(self, entity):
        outlet = OutletFactory(entity=entity, media_type=MediaType.WEB)
        mention = mention_save(mention=new_mention(outlet, date=date(2023, 5, 2), posts=3))
        assert mention.free_press_value == 0

        tariff_save(tariff=Tariff(outlet=outlet, media_type=MediaType.WEB, valid_from=date(2023, 1, 1), price=100))

        mention.refresh_from_db()
        assert mention.free_press_value == Decimal("300")

    def test_deleting_a_tariff_falls_back_on_the_earlier_one(self, entity):
        outlet = OutletFactory(entity=entity, media_type=MediaType.RADIO)
        early = TariffFactory(outlet=outlet, valid_from=date(2024, 1, 1), price=Decimal("10000"))
        late = TariffFactory(outlet=outlet, valid_from=date(2024, 3, 1), price=Decimal("20000"))
        mention = mention_save(mention=new_mention(outlet, seconds=10))
        assert mention.tariff == late

        tariffs_delete(tariffs=[late])

        mention.refresh_from_db()
        assert mention.tariff == early
        assert mention.free_press_value == Decimal("100000")

    def test_revaluing_twice_changes_nothing_the_second_time(self, entity):
        outlet = OutletFactory(entity=entity, media_type=MediaType.PRESS)
        TariffFactory(outlet=outlet)
        mention_save(mention=new_mention(outlet, height_cm=Decimal(24), columns=5))
        MediaMention.objects.update(free_press_value=1)
        assert mentions_revalue(outlet_ids=[outlet.pk]) == 1
        assert mentions_revalue(outlet_ids=[outlet.pk]) == 0
        assert MediaMention.objects.get().free_press_value == Decimal("4200000")

    def test_revaluing_runs_a_constant_number_of_queries(self, entity, django_assert_num_queries):
        outlet = OutletFactory(entity=entity, media_type=MediaType.RADIO)
        TariffFactory(outlet=outlet, price=Decimal("1000"))
        for seconds in range(1, 21):
            mention_save(mention=new_mention(outlet, seconds=seconds))
        MediaMention.objects.update(free_press_value=0, tariff=None)
        # savepoint + tariffs + mentions + one bulk UPDATE + the automatic indicators it feeds
        # (none here, so no marks) + release
        with django_assert_num_queries(6):
            assert mentions_revalue(outlet_ids=[outlet.pk]) == 20

    def test_a_negative_tariff_is_refused(self, entity):
        outlet = OutletFactory(entity=entity)
        with pytest.raises(ValidationError) as error:
            tariff_save(tariff=Tariff(outlet=outlet, media_type=MediaType.PRESS, valid_from=date(2024, 1, 1), price=-1))
        assert error.value.message_dict["price"] == ["El precio de la tarifa no puede ser negativo."]
        assert not Tariff.objects.exists()


class TestBadInput:
    def test_negative_reach_bad_url_and_rating_out_of_range_are_refused_with_spanish_messages(self, entity):
        outlet = OutletFactory(entity=entity)
        mention = new_mention(
            outlet, height_cm=Decimal(5), columns=1, reach=-10, url="ftp://medio.example/nota", rating=6
        )
        with pytest.raises(ValidationError) as error:
            mention_save(mention=mention)
        assert error.value.message_dict == {
            "reach": ["El alcance no puede ser negativo."],
            "url": ["Escriba una dirección web completa que empiece por http:// o https://."],
            "rating": ["La calificación va de 1 a 5."],
        }
        assert not MediaMention.objects.exists()

    def test_press_needs_its_measure(self, entity):
        outlet = OutletFactory(entity=entity, media_type=MediaType.PRESS)
        with pytest.raises(ValidationError) as error:
            mention_save(mention=new_mention(outlet))
        assert set(error.value.message_dict) == {"height_cm", "columns"}

    def test_an_outlet_of_another_entity_is_refused(self, entity, other_entity):
        outlet = OutletFactory(entity=other_entity, media_type=MediaType.WEB)
        with pytest.raises(ValidationError) as error:
            mention_save(mention=new_mention(outlet, entity=entity))
        assert error.value.message_dict["outlet"] == ["El medio debe ser de la misma entidad que la mención."]

    @pytest.mark.parametrize(("field", "value"), [("reach", -1), ("rating", 0), ("url", "javascript:alert(1)")])
    def test_the_database_refuses_what_validation_would(self, entity, field, value):
        outlet = OutletFactory(entity=entity, media_type=MediaType.WEB)
        with pytest.raises(IntegrityError):
            new_mention(outlet, **{field: value}).save()
