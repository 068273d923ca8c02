"""Browser journey: the press office registers a radio mention and sees its value with the
method, then the totals; axe-core checks every page on the way."""

from datetime import date
from decimal import Decimal

import pytest

from media.enums import MediaType
from media.models import MediaMention
from media.tests.factories import OutletFactory, TariffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_press_office_registers_a_mention_and_reads_its_value_and_the_totals(
    browser_page, browser_login, axe_check, press_officer, entity
):
    outlet = OutletFactory(entity=entity, name="Radio Río", media_type=MediaType.RADIO)
    TariffFactory(outlet=outlet, valid_from=date(2024, 1, 1), price=Decimal("12000"))
    page = browser_page
    browser_login(page, press_officer)

    page.goto("/medios/")
    axe_check(page, "on the mentions list")
    page.get_by_role("link", name="Registrar mención").click()
    axe_check(page, "on the mention form")
    page.locator("#id_outlet").select_option(label="Radio Río")
    page.get_by_label("Tipo de medio").select_option(label="Radio")
    page.get_by_label("Fecha de publicación").fill("2024-03-12")
    page.get_by_label("Titular").fill("Entrevista sobre el nuevo acueducto")
    page.get_by_label("Duración (segundos)").fill("90")
    page.get_by_label("Sentimiento").select_option(label="Positiva")
    page.get_by_role("button", name="Guardar mención").click()

    assert page.get_by_text("90 s × $ 12.000/s = $ 1.080.000").first.is_visible()
    axe_check(page, "on the mention page")
    assert MediaMention.objects.get().free_press_value == Decimal("1080000")

    page.goto("/medios/totales/?start=2024-01-01&end=2024-12-31")
    assert page.get_by_role("rowheader", name="Marzo 2024").is_visible()
    axe_check(page, "on the totals page")
