"""Browser journey: a lead proposes a piece and sends it to review; the press office approves
and publishes it; the calendar shows it published. axe-core checks every page on the way."""

import re

import pytest
from django.utils import timezone

from campaigns.models import ContentPiece

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_piece_goes_from_idea_to_published_and_shows_in_the_calendar(
    browser_page, browser_login, axe_check, lead_a, press_officer, campaign_a, web
):
    page = browser_page
    browser_login(page, lead_a)

    page.goto("/comunicacion/calendario/")
    page.get_by_role("link", name="Proponer una pieza").click()
    axe_check(page, "on the piece form")
    page.get_by_label("Título").fill("Jornada de trámites en línea")
    page.get_by_label("Tipo de pieza").select_option(label="Publicación en redes sociales")
    page.get_by_label("Canal").select_option(label="Página web")
    page.get_by_label("Campaña").select_option(label="Trámites en línea")
    page.get_by_label("Fecha programada").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Guardar la pieza").click()
    page.get_by_role("button", name="Pasar a borrador").click()
    page.get_by_role("button", name="Enviar a revisión").click()
    assert page.get_by_text("La pieza se envió a revisión").is_visible()
    piece = ContentPiece.objects.get(title="Jornada de trámites en línea")
    assert piece.status == "en_revision"

    page.locator("#account-menu").click()
    page.get_by_role("button", name="Salir").click()
    browser_login(page, press_officer)
    page.goto(f"/comunicacion/piezas/{piece.pk}/")
    page.get_by_role("link", name="Revisar la pieza").click()
    axe_check(page, "on the review page")
    page.get_by_role("button", name="Aprobar la pieza").click()
    page.get_by_role("link", name="Marcar como publicada").click()
    page.get_by_label("Enlace de la publicación").fill("https://www.entidad.gov.co/noticias/tramites")
    page.get_by_role("button", name="Guardar la publicación").click()
    piece.refresh_from_db()
    assert (piece.status, piece.approved_by_id, piece.published_on) == (
        "publicado",
        press_officer.pk,
        timezone.localdate(),
    )

    page.get_by_role("link", name="Calendario", exact=True).click()
    cell = page.locator("td", has=page.get_by_role("link", name="Jornada de trámites en línea"))
    assert re.search(r"Publicado", cell.inner_text())
    axe_check(page, "on the month calendar")
    page.get_by_role("link", name="Lista", exact=True).click()
    row = page.get_by_role("row", name=re.compile("Jornada de trámites en línea"))
    assert "Publicado" in row.inner_text()
    axe_check(page, "on the calendar list")
    page.get_by_role("link", name="Semana", exact=True).click()
    axe_check(page, "on the week calendar")
