"""The back office of listening and privacy: the press office builds a survey with its questions
and records a training with attendance; distribution list contacts need consent; suggestions,
notices and the rights log are read-only there; another entity's objects are 404."""

import pytest
from django.urls import reverse

from listening.models import Question, Survey, TrainingSession
from listening.tests.factories import SurveyFactory, TrainingSessionFactory
from privacy.models import ContactList, ListContact

pytestmark = pytest.mark.django_db


def inline(prefix, total=0, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": 0,
        f"{prefix}-MAX_NUM_FORMS": 1000,
    }


def test_the_press_office_builds_a_survey_with_its_questions_for_its_entity(client, press_officer, entity):
    client.force_login(press_officer)
    data = {
        "title": "Satisfacción con el soporte",
        "intro": "",
        "status": "borrador",
        **inline("questions", 1),
        "questions-0-order": 1,
        "questions-0-kind": "escala",
        "questions-0-text": "¿Qué tan satisfecho está?",
        "questions-0-scale_max": 5,
        "questions-0-options": "",
        "questions-0-required": "on",
    }
    response = client.post(reverse("admin:listening_survey_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    survey = Survey.objects.get()
    assert survey.entity == entity and Question.objects.get().survey == survey


def test_a_single_choice_question_without_options_is_refused(client, press_officer):
    client.force_login(press_officer)
    data = {"title": "Encuesta", "status": "borrador", **inline("questions", 1), "questions-0-order": 1}
    data.update(
        {
            "questions-0-kind": "opcion",
            "questions-0-text": "¿Cuál?",
            "questions-0-scale_max": 5,
            "questions-0-options": "Solo una",
        }
    )
    response = client.post(reverse("admin:listening_survey_add"), data)
    assert response.status_code == 200
    assert "Una pregunta de selección única necesita al menos dos opciones." in response.content.decode()
    assert not Survey.objects.exists()


def test_a_training_session_is_recorded_with_its_attendance(client, press_officer, entity):
    client.force_login(press_officer)
    data = {
        "topic": "Taller de firma electrónica",
        "tool": "Firma electrónica",
        "date": "14/03/2025",
        "trainer": "OAI",
        "place": "",
        **inline("attendances", 1),
        **inline("materials"),
        "attendances-0-name": "Ana",
        "attendances-0-email": "",
        "attendances-0-area_name": "TI",
        "attendances-0-attended": "on",
        "attendances-0-adopted": "unknown",
    }
    response = client.post(reverse("admin:listening_trainingsession_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    session = TrainingSession.objects.get()
    assert session.entity == entity and session.attendances.get().attended_score == 100


def test_a_material_link_typed_without_its_scheme_is_read_as_https(client, press_officer):
    client.force_login(press_officer)
    data = {
        "topic": "Taller de firma electrónica",
        "tool": "Firma electrónica",
        "date": "14/03/2025",
        "trainer": "OAI",
        "place": "",
        **inline("attendances"),
        **inline("materials", 1),
        "materials-0-title": "Presentación",
        "materials-0-url": "www.entidad.gov.co/taller",
    }
    response = client.post(reverse("admin:listening_trainingsession_add"), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert TrainingSession.objects.get().materials.get().url == "https://www.entidad.gov.co/taller"


def test_another_entitys_survey_and_session_are_404_in_the_admin(client, outsider, entity):
    survey, session = SurveyFactory(entity=entity), TrainingSessionFactory(entity=entity)
    client.force_login(outsider)
    assert client.get(reverse("admin:listening_survey_change", args=[survey.pk])).status_code == 404
    assert client.get(reverse("admin:listening_trainingsession_change", args=[session.pk])).status_code == 404
    assert client.get(reverse("admin:listening_survey_changelist")).context["cl"].result_count == 0


def test_a_list_contact_needs_consent_in_the_admin(client, press_officer, entity):
    client.force_login(press_officer)
    data = {"name": "Periodistas", "purpose": "Comunicados", **inline("contacts", 1)}
    data.update({"contacts-0-name": "Luis", "contacts-0-email": "luis@medio.co", "contacts-0-phone": ""})
    response = client.post(reverse("admin:privacy_contactlist_add"), data)
    assert response.status_code == 200
    assert "Indique cuándo autorizó la persona el tratamiento de sus datos." in response.content.decode()
    assert not ContactList.objects.exists() and not ListContact.objects.exists()


def test_suggestions_notices_and_requests_are_read_only_in_the_admin(client, press_officer):
    client.force_login(press_officer)
    for name in ("listening_suggestion_add", "privacy_privacynotice_add", "privacy_rightsrequest_add"):
        assert client.get(reverse(f"admin:{name}")).status_code == 403
    assert client.get(reverse("admin:listening_suggestion_changelist")).status_code == 200
