"""The media pages: who sees what, the form, the totals and their exports."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from media.enums import MediaType, Sentiment
from media.models import MediaMention
from media.services import mention_save
from media.tests.factories import MediaMentionFactory, OutletFactory, TariffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def press_outlet(entity):
    outlet = OutletFactory(entity=entity, name="El Diario del Sur", media_type=MediaType.PRESS)
    TariffFactory(outlet=outlet, valid_from=date(2024, 1, 1), price=Decimal("35000"))
    return outlet


@pytest.fixture
def radio_outlet(entity):
    outlet = OutletFactory(entity=entity, name="Radio Río", media_type=MediaType.RADIO)
    TariffFactory(outlet=outlet, valid_from=date(2024, 1, 1), price=Decimal("10000"))
    return outlet


def saved(**fields):
    return mention_save(mention=MediaMentionFactory.build(**fields))


@pytest.fixture
def mention(press_outlet):
    return saved(outlet=press_outlet, entity=press_outlet.entity, headline="Nuevo parque en el barrio")


def form_data(outlet, **overrides):
    data = {
        "outlet": outlet.pk,
        "media_type": outlet.media_type,
        "date": "2024-03-12",
        "headline": "La alcaldía abre convocatoria",
        "url": "https://diario.example/nota",
        "reach": "15000",
        "sentiment": Sentiment.POSITIVE,
        "rating": "4",
        "acceptance": "",
        "height_cm": "24",
        "columns": "5",
        "seconds": "",
        "posts": "",
        "activity": "",
        "notes": "",
    }
    data.update(overrides)
    return data


class TestWhoSeesWhat:
    @pytest.mark.parametrize("persona", ["press_officer", "manager"])
    def test_press_and_managers_read_the_list_and_the_detail(self, client, request, persona, mention):
        client.force_login(request.getfixturevalue(persona))
        listing = client.get(reverse("media:mention_list"))
        detail = client.get(reverse("media:mention_detail", args=[mention.pk]))
        assert listing.status_code == 200
        assert "Nuevo parque en el barrio" in listing.content.decode()
        assert detail.status_code == 200
        assert "24 cm × 5 col = 120 cm² × $ 35.000/cm² = $ 4.200.000" in detail.content.decode()

    def test_area_leads_get_403_on_every_media_page(self, client, lead_a, mention):
        client.force_login(lead_a)
        for url in (
            reverse("media:mention_list"),
            reverse("media:mention_detail", args=[mention.pk]),
            reverse("media:mention_create"),
            reverse("media:mention_update", args=[mention.pk]),
            reverse("media:totals"),
            reverse("media:totals_csv"),
            reverse("media:mention_xlsx"),
        ):
            assert client.get(url).status_code == 403, url

    def test_another_entitys_mention_is_404(self, client, outsider, mention):
        client.force_login(outsider)
        assert client.get(reverse("media:mention_detail", args=[mention.pk])).status_code == 404
        assert client.get(reverse("media:mention_update", args=[mention.pk])).status_code == 404
        response = client.post(reverse("media:mention_update", args=[mention.pk]), {"headline": "x"})
        assert response.status_code == 404
        mention.refresh_from_db()
        assert mention.headline == "Nuevo parque en el barrio"

    def test_the_outsiders_list_and_totals_do_not_show_this_entitys_mentions(self, client, outsider, mention):
        client.force_login(outsider)
        assert "Nuevo parque" not in client.get(reverse("media:mention_list")).content.decode()
        totals = client.get(reverse("media:totals"), {"start": "2024-01-01", "end": "2024-12-31"})
        assert totals.context["totals"].total.mentions == 0

    def test_managers_cannot_register_or_edit(self, client, manager, mention, press_outlet):
        client.force_login(manager)
        assert client.get(reverse("media:mention_create")).status_code == 403
        assert client.post(reverse("media:mention_create"), form_data(press_outlet)).status_code == 403
        update = reverse("media:mention_update", args=[mention.pk])
        assert client.post(update, form_data(press_outlet)).status_code == 403
        assert MediaMention.objects.count() == 1

    def test_the_nav_shows_medios_to_press_and_managers_only(self, client, press_officer, manager, lead_a):
        link = f'href="{reverse("media:mention_list")}"'
        for user, shown in ((press_officer, True), (manager, True), (lead_a, False)):
            client.force_login(user)
            assert (link in client.get(reverse("plans:workspace")).content.decode()) is shown, user


class TestForm:
    def test_press_registers_a_mention_valued_from_the_tariff(self, client, press_officer, press_outlet):
        client.force_login(press_officer)
        response = client.post(reverse("media:mention_create"), form_data(press_outlet))
        mention = MediaMention.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("media:mention_detail", args=[mention.pk])
        assert mention.entity == press_officer.entity
        assert mention.created_by == press_officer
        assert mention.free_press_value == Decimal("4200000")
        assert mention.reach == 15000

    def test_editing_recomputes_the_value(self, client, press_officer, mention, press_outlet):
        client.force_login(press_officer)
        client.post(reverse("media:mention_update", args=[mention.pk]), form_data(press_outlet, height_cm="10"))
        mention.refresh_from_db()
        assert mention.free_press_value == Decimal("1750000")  # 10 × 5 = 50 cm² × 35.000

    def test_bad_input_is_refused_field_by_field_in_spanish(self, client, press_officer, press_outlet):
        client.force_login(press_officer)
        response = client.post(
            reverse("media:mention_create"),
            form_data(press_outlet, reach="-5", url="ftp://diario.example/nota", rating="7", height_cm=""),
        )
        assert response.status_code == 200
        errors = response.context["form"].errors
        assert errors["reach"] == ["El alcance no puede ser negativo."]
        assert errors["url"] == ["Escriba una dirección web completa que empiece por http:// o https://."]
        assert errors["rating"] == ["La calificación va de 1 a 5."]
        assert errors["height_cm"] == ["En prensa indique el alto de la nota en centímetros."]
        assert "No se guardó" in response.content.decode()
        assert not MediaMention.objects.exists()

    def test_an_outlet_of_another_entity_cannot_be_chosen(self, client, press_officer, other_entity):
        foreign = OutletFactory(entity=other_entity, media_type=MediaType.WEB)
        client.force_login(press_officer)
        response = client.post(reverse("media:mention_create"), form_data(foreign, media_type=MediaType.WEB))
        assert response.status_code == 200
        assert "outlet" in response.context["form"].errors
        assert not MediaMention.objects.exists()

    def test_a_mention_without_tariff_says_so(self, client, press_officer, entity):
        outlet = OutletFactory(entity=entity, name="Canal Local", media_type=MediaType.TV)
        client.force_login(press_officer)
        client.post(reverse("media:mention_create"), form_data(outlet, height_cm="", columns="", seconds="45"))
        mention = MediaMention.objects.get()
        page = client.get(reverse("media:mention_detail", args=[mention.pk])).content.decode()
        assert mention.free_press_value == 0
        assert "Sin tarifa: Canal Local no tiene tarifa de televisión vigente el 12/03/2024. Valor: $ 0." in page


class TestList:
    def test_filters_apply(self, client, manager, press_outlet, radio_outlet):
        saved(outlet=press_outlet, entity=press_outlet.entity, headline="Prensa positiva")
        saved(outlet=radio_outlet, entity=radio_outlet.entity, headline="Radio negativa", sentiment=Sentiment.NEGATIVE)
        client.force_login(manager)
        response = client.get(reverse("media:mention_list"), {"sentiment": "negativa"})
        assert [m.headline for m in response.context["page"].object_list] == ["Radio negativa"]
        response = client.get(reverse("media:mention_list"), {"outlet": press_outlet.pk, "q": "positiva"})
        assert [m.headline for m in response.context["page"].object_list] == ["Prensa positiva"]

    def test_the_list_runs_the_same_queries_for_one_or_many_mentions(
        self, client, press_officer, press_outlet, radio_outlet
    ):
        client.force_login(press_officer)
        saved(outlet=press_outlet, entity=press_outlet.entity)
        client.get(reverse("media:mention_list"))  # warm the session
        with CaptureQueriesContext(connection) as one:
            assert client.get(reverse("media:mention_list")).status_code == 200
        for n in range(12):
            saved(outlet=radio_outlet if n % 2 else press_outlet, entity=press_outlet.entity)
        with CaptureQueriesContext(connection) as many:
            client.get(reverse("media:mention_list"))
        assert len(many.captured_queries) == len(one.captured_queries)

    def test_the_export_carries_the_method_and_escapes_formulas(self, client, manager, press_outlet):
        saved(outlet=press_outlet, entity=press_outlet.entity, headline='=HYPERLINK("http://x")')
        client.force_login(manager)
        response = client.get(reverse("media:mention_csv"))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert response["Cache-Control"] == "private, no-store"
        assert rows[1][3] == '\'=HYPERLINK("http://x")'
        assert rows[1][9] == "4200000"
        assert rows[1][10] == "24 cm × 5 col = 120 cm² × $ 35.000/cm² = $ 4.200.000"


@pytest.fixture
def totals_data(entity, press_outlet, radio_outlet):
    """Five mentions in 2024 (and one in 2023 that the period leaves out), by hand:

    - 12/03 press 24×5 = 120 cm² × 35.000 = 4.200.000, reach 10.000, positiva
    - 20/03 radio 60 s × 10.000 = 600.000, reach 5.000, negativa
    - 02/04 press 10×2 = 20 cm² × 35.000 = 700.000, reach 8.000, positiva
    - 15/04 radio 30 s × 10.000 = 300.000, no reach, neutra
    - 30/04 web, no tariff: 0, reach 1.000, positiva
    - 31/12/2023 radio 60 s: before the tariff, 0 (outside the period anyway)
    """
    web = OutletFactory(entity=entity, name="Portal Hoy", media_type=MediaType.WEB)
    rows = [
        (press_outlet, date(2024, 3, 12), {"height_cm": 24, "columns": 5}, 10000, Sentiment.POSITIVE),
        (radio_outlet, date(2024, 3, 20), {"seconds": 60}, 5000, Sentiment.NEGATIVE),
        (press_outlet, date(2024, 4, 2), {"height_cm": 10, "columns": 2}, 8000, Sentiment.POSITIVE),
        (radio_outlet, date(2024, 4, 15), {"seconds": 30}, None, Sentiment.NEUTRAL),
        (web, date(2024, 4, 30), {}, 1000, Sentiment.POSITIVE),
        (radio_outlet, date(2023, 12, 31), {"seconds": 60}, 999, Sentiment.NEGATIVE),
    ]
    for outlet, day, measure, reach, sentiment in rows:
        saved(outlet=outlet, entity=entity, date=day, reach=reach, sentiment=sentiment, **measure)


class TestTotals:
    def test_totals_by_month_outlet_type_and_sentiment(self, client, manager, totals_data):
        client.force_login(manager)
        response = client.get(reverse("media:totals"), {"start": "2024-01-01", "end": "2024-12-31"})
        totals = response.context["totals"]

        def table(rows):
            return [(r.label, r.mentions, r.reach, r.value) for r in rows]

        assert table(totals.by_month) == [
            ("Marzo 2024", 2, 15000, Decimal("4800000")),
            ("Abril 2024", 3, 9000, Decimal("1000000")),
        ]
        assert table(totals.by_outlet) == [
            ("El Diario del Sur", 2, 18000, Decimal("4900000")),
            ("Radio Río", 2, 5000, Decimal("900000")),
            ("Portal Hoy", 1, 1000, Decimal("0")),
        ]
        assert table(totals.by_media_type) == [
            ("Prensa", 2, 18000, Decimal("4900000")),
            ("Radio", 2, 5000, Decimal("900000")),
            ("Televisión", 0, 0, Decimal("0")),
            ("Web", 1, 1000, Decimal("0")),
            ("Redes sociales", 0, 0, Decimal("0")),
        ]
        assert table(totals.by_sentiment) == [
            ("Positiva", 3, 19000, Decimal("4900000")),
            ("Neutra", 1, 0, Decimal("300000")),
            ("Negativa", 1, 5000, Decimal("600000")),
        ]
        assert (totals.total.mentions, totals.total.reach, totals.total.value) == (5, 24000, Decimal("5800000"))
        page = response.content.decode()
        assert "$ 5.800.000" in page
        assert "24.000" in page

    def test_the_period_defaults_to_the_current_year_and_a_wrong_one_is_said(self, client, manager):
        client.force_login(manager)
        response = client.get(reverse("media:totals"), {"start": "2024-05-01", "end": "2024-01-01"})
        assert response.context["form"].errors["end"] == ["La fecha «Hasta» no puede ser anterior a «Desde»."]
        assert response.context["totals"].start.month == 1

    def test_totals_run_the_same_queries_for_little_or_much_data(self, client, manager, press_outlet, radio_outlet):
        client.force_login(manager)
        params = {"start": "2024-01-01", "end": "2024-12-31"}
        saved(outlet=press_outlet, entity=press_outlet.entity)
        client.get(reverse("media:totals"), params)
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("media:totals"), params)
        for month in range(1, 13):
            saved(outlet=radio_outlet, entity=radio_outlet.entity, date=date(2024, month, 5))
            social = OutletFactory(entity=press_outlet.entity, media_type=MediaType.SOCIAL)
            saved(outlet=social, entity=press_outlet.entity, date=date(2024, month, 6))
        with CaptureQueriesContext(connection) as many:
            client.get(reverse("media:totals"), params)
        assert len(many.captured_queries) == len(few.captured_queries)

    def test_the_xlsx_export_has_the_figures_by_hand(self, client, manager, totals_data):
        client.force_login(manager)
        response = client.get(reverse("media:totals_xlsx"), {"start": "2024-01-01", "end": "2024-12-31"})
        sheet = load_workbook(io.BytesIO(response.content)).active
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        assert rows[0] == ["Dimensión", "Grupo", "Código", "Menciones", "Alcance", "Valor free press (COP)"]
        assert ["Por mes", "Marzo 2024", "2024-03", 2, 15000, 4800000] in rows
        assert ["Por sentimiento", "Negativa", "negativa", 1, 5000, 600000] in rows
        assert rows[-1] == ["Total", "Total", "total", 5, 24000, 5800000]

    def test_the_csv_export_escapes_an_outlet_named_like_a_formula(self, client, manager, entity):
        outlet = OutletFactory(entity=entity, name="@Noticias", media_type=MediaType.WEB)
        saved(outlet=outlet, entity=entity, date=date(2024, 2, 2))
        client.force_login(manager)
        response = client.get(reverse("media:totals_csv"), {"start": "2024-01-01", "end": "2024-12-31"})
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert ["Por medio", "'@Noticias", str(outlet.pk), "1", "0", "0"] in rows


class TestCampaignAndActivity:
    def test_a_mention_links_to_a_campaign_and_an_activity_of_the_entity(self, client, press_officer, press_outlet):
        from campaigns.tests.factories import CampaignFactory
        from plans.tests.factories import ActivityFactory

        campaign = CampaignFactory(component__plan__entity=press_officer.entity, name="Vacunación 2024")
        activity = ActivityFactory(component=campaign.component)
        client.force_login(press_officer)
        client.post(
            reverse("media:mention_create"), form_data(press_outlet, campaign=campaign.pk, activity=activity.pk)
        )
        mention = MediaMention.objects.get()
        assert (mention.campaign, mention.activity) == (campaign, activity)
        assert "Vacunación 2024" in client.get(reverse("media:mention_detail", args=[mention.pk])).content.decode()

    def test_another_entitys_campaign_or_activity_is_refused(self, client, press_officer, press_outlet, other_entity):
        from campaigns.tests.factories import CampaignFactory
        from plans.tests.factories import ActivityFactory

        campaign = CampaignFactory(component__plan__entity=other_entity)
        activity = ActivityFactory(component=campaign.component)
        client.force_login(press_officer)
        response = client.post(
            reverse("media:mention_create"), form_data(press_outlet, campaign=campaign.pk, activity=activity.pk)
        )
        assert set(response.context["form"].errors) == {"campaign", "activity"}
        assert not MediaMention.objects.exists()
