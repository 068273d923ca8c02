"""A citizen on a phone leaves a suggestion with a contact and answers a survey; the press office
then finds the suggestion and the response on its pages. axe-core checks each public page."""

import pytest
from django.urls import reverse

from listening.models import Suggestion, SurveyResponse

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_a_citizen_on_a_phone_leaves_a_suggestion_and_answers_a_survey(
    browser_page, browser_login, axe_check, entity, notice, survey, press_officer
):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})

    page.goto(reverse("listening:suggestion_box", args=[entity.pk]))
    assert page.evaluate(PAGE_OVERFLOW) == 0
    axe_check(page, "on the suggestion box at 390 px")
    assert page.evaluate("() => typeof window.axe.run") == "function"  # axe ran on this page
    page.get_by_label("Tipo de mensaje").select_option("queja")
    page.get_by_label("Su mensaje").fill("El portal de trámites no carga desde el celular.")
    page.get_by_label("Su correo (opcional)").fill("ciudadana@example.co")
    # Without the authorisation the contact is refused, in Spanish, and nothing is kept.
    page.get_by_role("button", name="Enviar").click()
    assert page.get_by_text("marque la autorización del tratamiento de sus datos").first.is_visible()
    assert not Suggestion.objects.exists()
    axe_check(page, "on the suggestion box with errors")
    page.get_by_label("Autorizo el tratamiento").check()
    page.get_by_role("button", name="Enviar").click()
    page.get_by_text("Recibimos su mensaje con el número").wait_for()
    suggestion = Suggestion.objects.get()
    assert suggestion.contact_email == "ciudadana@example.co" and suggestion.consent_notice == notice

    page.goto(reverse("listening:survey_answer", args=[survey.token]))
    assert page.evaluate(PAGE_OVERFLOW) == 0
    axe_check(page, "on the survey at 390 px")
    page.get_by_role("group", name="¿Qué tan satisfecho está con la mesa de ayuda?").get_by_label("4").check()
    page.get_by_label("Intranet").check()
    page.get_by_label("¿Qué mejoraría?").fill("Tutoriales cortos.")
    page.get_by_role("button", name="Enviar respuestas").click()
    page.get_by_text("¡Gracias por responder!").wait_for()
    axe_check(page, "on the survey's thanks page")
    response = SurveyResponse.objects.get()
    assert response.satisfaction == 75

    browser_login(page, press_officer)
    page.goto(reverse("listening:survey_results", args=[survey.pk]))
    assert (
        page.get_by_role("cell", name="Intranet").or_(page.get_by_role("rowheader", name="Intranet")).first.is_visible()
    )
    axe_check(page, "on the survey results")
    page.goto(reverse("listening:suggestion_detail", args=[suggestion.pk]))
    page.get_by_label("Estado").select_option("respondida")
    page.get_by_label("Respuesta", exact=True).fill("Ya quedó corregido. Gracias.")
    page.get_by_role("button", name="Guardar").click()
    page.get_by_text("Se guardó el trámite").wait_for()
    suggestion.refresh_from_db()
    assert suggestion.status == "respondida" and suggestion.answered_at is not None
