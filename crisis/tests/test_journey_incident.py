"""Browser journey of an incident: the press officer opens «Nuevo incidente», picks two
channels, gets the ready messages, marks them sent, adds a timeline event, resolves and closes
with the post-incident report; axe-core finds no serious or critical violation on the form,
the incident page and the report."""

from datetime import timedelta

import pytest
from django.utils import timezone

from crisis.enums import IncidentStatus
from crisis.models import Incident

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_press_officer_runs_an_incident_from_first_notice_to_report(
    browser_page, browser_login, axe_check, press_officer, protocol
):
    page = browser_page
    browser_login(page, press_officer)
    start = (timezone.localtime() - timedelta(minutes=30)).replace(second=0, microsecond=0)

    page.goto("/crisis/")
    page.get_by_role("link", name="Nuevo incidente").click()
    axe_check(page, "on «Nuevo incidente»")
    page.get_by_label("Título").fill("Caída del portal de trámites")
    page.get_by_label("Inicio (hora de Colombia)").fill(start.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Severidad").select_option(label="2 – Medio")
    page.get_by_label("Servicio afectado").fill("Portal de trámites")
    assert page.get_by_label("Correo interno", exact=True).is_checked()  # the immediate channel
    page.get_by_label("Redes sociales", exact=True).check()
    page.get_by_role("button", name="Registrar y preparar mensajes").click()

    page.get_by_role("heading", name="Mensajes listos para enviar").wait_for()
    assert page.get_by_role("button", name="Marcar como enviado por Correo interno").count() == 1
    assert "Desde las " + start.strftime("%H:%M") in page.get_by_label("Texto del mensaje").first.input_value()
    axe_check(page, "on the incident page with its ready messages")
    page.get_by_role("button", name="Marcar como enviado por Correo interno").click()
    page.get_by_text("Se registró el envío por Correo interno.").wait_for()
    page.get_by_role("button", name="Marcar como enviado por Redes sociales").click()
    page.get_by_text("Se registró el envío por Redes sociales.").wait_for()

    page.get_by_label("Qué pasó").fill("Sistemas confirma un certificado vencido")
    page.get_by_role("button", name="Agregar evento").click()
    page.get_by_role("cell", name="Sistemas confirma un certificado vencido").wait_for()

    page.get_by_label("Nota").fill("Se renovó el certificado")
    page.get_by_role("button", name="Marcar como resuelto").click()
    page.get_by_role("link", name="Cerrar con el informe posincidente").click()
    page.get_by_label("Causas").fill("Venció el certificado del servidor")
    page.get_by_label("Acciones tomadas").fill("Se renovó y se informó por correo y redes")
    page.get_by_label("Lecciones aprendidas").fill("Alertas de vencimiento con 30 días")
    page.get_by_role("button", name="Cerrar el incidente").click()

    page.get_by_role("heading", name="Informe posincidente", level=1).wait_for()
    assert page.get_by_text("Alertas de vencimiento con 30 días").is_visible()
    axe_check(page, "on the post-incident report")

    page.goto("/crisis/")
    axe_check(page, "on the incident list")
    page.get_by_role("link", name="Protocolo de crisis").click()
    page.get_by_role("heading", name="Niveles de severidad").wait_for()
    axe_check(page, "on the protocol page")

    incident = Incident.objects.get()
    assert incident.status == IncidentStatus.CLOSED
    assert incident.messages.filter(sent_at__isnull=False).count() == 2
    # Sent at the minute the page was shown, 30 minutes after the start (31 if the minute turned).
    assert incident.minutes_to_first_notice in (30, 31)
    assert incident.events.filter(text="Sistemas confirma un certificado vencido").exists()
