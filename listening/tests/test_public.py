"""The public forms, without login: the suggestion box and a survey's link. Hostile input on each:
empty, oversized, scripted, a robot's honeypot, a flood from one address; nothing shown publicly
before the press office publishes it, and never a 500."""

import pytest
from django.urls import reverse

from listening.enums import SuggestionOrigin, SuggestionStatus, SurveyStatus
from listening.models import Answer, Suggestion, SurveyResponse
from listening.tests.conftest import answers
from listening.throttle import LIMITS

pytestmark = pytest.mark.django_db


def box(entity):
    return reverse("listening:suggestion_box", args=[entity.pk])


def errors(response):
    return response.content.decode()


class TestSuggestionBox:
    def test_a_citizen_leaves_a_suggestion_without_login(self, client, entity):
        response = client.post(
            box(entity), {"kind": "sugerencia", "text": "  Más horarios de atención.  "}, follow=True
        )
        suggestion = Suggestion.objects.get()
        assert (suggestion.entity, suggestion.origin, suggestion.status) == (
            entity,
            SuggestionOrigin.PUBLIC,
            SuggestionStatus.NEW,
        )
        assert suggestion.text == "Más horarios de atención."
        assert f"Recibimos su mensaje con el número {suggestion.pk}" in errors(response)

    def test_a_contact_is_kept_with_its_consent_and_notice_version(self, client, entity, notice):
        data = {
            "kind": "queja",
            "text": "El trámite tarda.",
            "contact_name": "Ana",
            "contact_email": "ana@example.co",
            "consent": "on",
        }
        client.post(box(entity), data)
        suggestion = Suggestion.objects.get()
        assert suggestion.contact_email == "ana@example.co"
        assert suggestion.has_consent and suggestion.consent_notice == notice
        assert suggestion.consent_method == "formulario"

    def test_a_contact_without_consent_is_refused_and_nothing_is_kept(self, client, entity, notice):
        response = client.post(
            box(entity), {"kind": "queja", "text": "El trámite tarda.", "contact_email": "ana@example.co"}
        )
        assert response.status_code == 200
        assert "marque la autorización del tratamiento de sus datos" in errors(response)
        assert not Suggestion.objects.exists()

    def test_without_a_privacy_notice_the_box_asks_no_contact(self, client, entity):
        response = client.get(box(entity))
        assert 'name="contact_email"' not in errors(response)
        client.post(box(entity), {"kind": "queja", "text": "Hola", "contact_email": "ana@example.co", "consent": "on"})
        assert Suggestion.objects.get().contact_email == ""

    def test_an_empty_message_is_refused_in_spanish(self, client, entity):
        response = client.post(box(entity), {"kind": "sugerencia", "text": "   "})
        assert "Escriba su mensaje." in errors(response)
        assert not Suggestion.objects.exists()

    def test_an_oversized_message_is_refused_in_spanish(self, client, entity):
        response = client.post(box(entity), {"kind": "sugerencia", "text": "a" * 2001})
        assert "El texto supera los 2000 caracteres (tiene 2001)." in errors(response)
        assert not Suggestion.objects.exists()

    @pytest.mark.parametrize(
        "text",
        ["<script>alert(1)</script>", "Hola <img src=x onerror=alert(1)>", "ver javascript:alert(1)", "<b>negrita</b>"],
    )
    def test_scripted_input_is_refused_in_spanish(self, client, entity, text):
        response = client.post(box(entity), {"kind": "sugerencia", "text": text})
        assert response.status_code == 200
        assert "no se admiten etiquetas HTML" in errors(response)
        assert "<script>alert(1)" not in errors(response)  # the input is escaped when shown back
        assert not Suggestion.objects.exists()

    def test_an_unknown_kind_and_a_bad_phone_are_refused(self, client, entity, notice):
        response = client.post(box(entity), {"kind": "hack", "text": "Hola", "contact_phone": "abc", "consent": "on"})
        page = errors(response)
        assert "Tipo de mensaje" in page and "Escriba un teléfono con números" in page
        assert not Suggestion.objects.exists()

    def test_a_robot_filling_the_honeypot_is_thanked_and_nothing_is_kept(self, client, entity):
        response = client.post(
            box(entity), {"kind": "sugerencia", "text": "Compre ya", "sitio_web": "http://spam.example"}, follow=True
        )
        assert "Recibimos su mensaje" in errors(response)
        assert not Suggestion.objects.exists()

    def test_a_flood_from_one_address_is_throttled(self, client, entity):
        for n in range(LIMITS["suggestion"]):
            client.post(box(entity), {"kind": "sugerencia", "text": f"Mensaje {n}"})
        response = client.post(box(entity), {"kind": "sugerencia", "text": "Uno más"})
        assert response.status_code == 429
        assert "Demasiados envíos" in errors(response)
        assert Suggestion.objects.count() == LIMITS["suggestion"]
        # Another address is not held back.
        other = client.post(box(entity), {"kind": "sugerencia", "text": "Otra persona"}, REMOTE_ADDR="10.0.0.9")
        assert other.status_code == 302

    def test_an_unknown_entity_is_a_404(self, client, db):
        assert client.get(reverse("listening:suggestion_box", args=[999999])).status_code == 404

    def test_nothing_is_shown_publicly_until_the_press_office_publishes_it(self, client, entity, press_officer):
        from listening import services

        suggestion = services.suggestion_submit(
            entity=entity, kind="sugerencia", text="Más parques", contact=services.Contact()
        )
        published = reverse("listening:suggestions_published", args=[entity.pk])
        assert "Más parques" not in errors(client.get(published))
        services.suggestion_triage(
            user=press_officer, suggestion=suggestion, status=SuggestionStatus.ANSWERED, answer="Lo estudiamos."
        )
        assert "Más parques" not in errors(client.get(published))  # answered, not published
        services.suggestion_triage(
            user=press_officer,
            suggestion=suggestion,
            status=SuggestionStatus.ANSWERED,
            answer="Lo estudiamos.",
            is_public=True,
        )
        page = errors(client.get(published))
        assert "Más parques" in page and "Lo estudiamos." in page


class TestSurveyForm:
    def url(self, survey):
        return reverse("listening:survey_answer", args=[survey.token])

    def test_a_citizen_answers_a_survey(self, client, survey):
        response = client.post(self.url(survey), answers(survey, scale="4", text="Más tutoriales"))
        assert response.status_code == 302
        saved = SurveyResponse.objects.get()
        assert saved.satisfaction == 75  # 4 of 5 on 0–100
        assert saved.top_share == 100
        assert list(Answer.objects.order_by("question__order").values_list("scale_value", "choice", "text")) == [
            (4, "", ""),
            (None, "Correo", ""),
            (None, "", "Más tutoriales"),
        ]

    def test_a_required_question_left_empty_is_refused(self, client, survey):
        response = client.post(self.url(survey), answers(survey, scale=""))
        assert "Responda esta pregunta." in errors(response)
        assert not SurveyResponse.objects.exists()

    @pytest.mark.parametrize("scale", ["6", "0", "-1", "cinco", "1; DROP TABLE"])
    def test_a_value_off_the_scale_is_refused(self, client, survey, scale):
        response = client.post(self.url(survey), answers(survey, scale=scale))
        assert "Elija un valor de la escala." in errors(response)
        assert not SurveyResponse.objects.exists()

    def test_an_option_not_offered_is_refused(self, client, survey):
        response = client.post(self.url(survey), answers(survey, choice="Otra cosa"))
        assert "Elija una de las opciones." in errors(response)

    def test_scripted_and_oversized_texts_are_refused(self, client, survey):
        assert "no se admiten etiquetas HTML" in errors(
            client.post(self.url(survey), answers(survey, text="<script>x</script>"))
        )
        assert "supera los 2000 caracteres" in errors(client.post(self.url(survey), answers(survey, text="b" * 2500)))
        assert not SurveyResponse.objects.exists()

    def test_the_honeypot_saves_nothing(self, client, survey):
        response = client.post(self.url(survey), {**answers(survey), "sitio_web": "x"})
        assert response.status_code == 302
        assert not SurveyResponse.objects.exists()

    def test_one_response_per_person_keeps_only_a_fingerprint(self, client, survey):
        survey.one_per_person = True
        survey.save()
        first = client.post(self.url(survey), {**answers(survey), "respondent_email": "Ana@Example.co"})
        assert first.status_code == 302
        again = client.post(self.url(survey), {**answers(survey), "respondent_email": "ana@example.co"})
        assert "Ya hay una respuesta con este correo." in errors(again)
        saved = SurveyResponse.objects.get()
        assert len(saved.respondent_digest) == 64 and "ana" not in saved.respondent_digest
        assert saved.contact_email == ""

    def test_a_draft_is_a_404_and_a_closed_survey_says_so(self, client, survey):
        survey.status = SurveyStatus.DRAFT
        survey.save()
        assert client.get(self.url(survey)).status_code == 404
        survey.status = SurveyStatus.CLOSED
        survey.save()
        response = client.post(self.url(survey), answers(survey))
        assert "ya cerró" in errors(response)
        assert not SurveyResponse.objects.exists()

    def test_an_unknown_link_is_a_404(self, client, db):
        assert client.get(reverse("listening:survey_answer", args=["no-existe"])).status_code == 404

    def test_a_flood_of_responses_is_throttled(self, client, survey):
        for _n in range(LIMITS["survey"]):
            client.post(self.url(survey), answers(survey))
        assert client.post(self.url(survey), answers(survey)).status_code == 429
        assert SurveyResponse.objects.count() == LIMITS["survey"]
