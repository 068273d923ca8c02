"""Ley 1581: the privacy notice in versions, the consent every contact carries, and the data
subject's rights (find, export, delete) attended by the press office."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from crisis.models import CrisisContact
from crisis.tests.factories import CrisisContactFactory, CrisisProtocolFactory
from privacy.models import ListContact, PrivacyNotice, RightsRequest
from privacy.tests.factories import ContactListFactory, ListContactFactory

pytestmark = pytest.mark.django_db


class TestNotice:
    def test_the_press_office_publishes_versions_and_the_public_page_shows_the_newest(
        self, client, press_officer, entity
    ):
        client.force_login(press_officer)
        for text in ("Primera versión.", "Segunda versión."):
            response = client.post(reverse("privacy:notice_edit"), {"title": "Aviso de privacidad", "text": text})
            assert response.status_code == 302
        assert list(PrivacyNotice.objects.values_list("version", "text")) == [
            (2, "Segunda versión."),
            (1, "Primera versión."),
        ]
        client.logout()
        page = client.get(reverse("privacy:notice", args=[entity.pk])).content.decode()
        assert "Segunda versión." in page and "Versión 2" in page

    def test_an_empty_text_is_refused(self, client, press_officer):
        client.force_login(press_officer)
        response = client.post(reverse("privacy:notice_edit"), {"title": "Aviso", "text": " "})
        assert response.status_code == 200 and not PrivacyNotice.objects.exists()

    def test_a_manager_and_a_lead_cannot_edit_it(self, client, manager, lead_a):
        for user in (manager, lead_a):
            client.force_login(user)
            assert client.post(reverse("privacy:notice_edit"), {"title": "X", "text": "Y"}).status_code == 403
        assert not PrivacyNotice.objects.exists()


class TestConsent:
    def test_a_crisis_contact_without_consent_is_not_valid(self, entity):
        contact = CrisisContactFactory.build(
            protocol=CrisisProtocolFactory(entity=entity), consent_given_at=None, consent_purpose=""
        )
        with pytest.raises(ValidationError) as error:
            contact.full_clean()
        assert set(error.value.message_dict) >= {"consent_given_at", "consent_purpose"}

    def test_a_list_contact_needs_its_consent_too(self, entity):
        contact = ListContactFactory.build(contact_list=ContactListFactory(entity=entity), consent_method="")
        with pytest.raises(ValidationError) as error:
            contact.full_clean()
        assert error.value.message_dict["consent_method"] == [
            "Indique cómo autorizó la persona el tratamiento de sus datos."
        ]


class TestRights:
    @pytest.fixture
    def person(self, entity, other_entity):
        protocol = CrisisProtocolFactory(entity=entity)
        CrisisContactFactory(protocol=protocol, name="Ana Ruiz", email="ana@example.co", phone="300 123 4567")
        CrisisContactFactory(protocol=protocol, name="Otra persona", email="otra@example.co", phone="601 555 0000")
        ListContactFactory(
            contact_list=ContactListFactory(entity=entity), name="Ana R.", email="", phone="+57 3001234567"
        )
        # Another entity's record of the same person is not this entity's to touch.
        CrisisContactFactory(protocol=CrisisProtocolFactory(entity=other_entity), email="ana@example.co")

    def test_the_press_office_finds_a_person_by_email_or_phone(self, client, press_officer, person):
        client.force_login(press_officer)
        page = client.get(reverse("privacy:rights"), {"email": "ANA@example.co"}).content.decode()
        assert "Ana Ruiz" in page and "Otra persona" not in page and "1 registro encontrado" in page
        page = client.get(reverse("privacy:rights"), {"phone": "3001234567"}).content.decode()
        assert "Ana Ruiz" in page and "Ana R." in page and "2 registros encontrados" in page

    def test_a_search_without_an_identifier_is_refused_in_spanish(self, client, press_officer):
        client.force_login(press_officer)
        page = client.get(reverse("privacy:rights"), {"email": "", "phone": "12"}).content.decode()
        assert "Indique el correo electrónico o un teléfono (al menos siete dígitos) del titular." in page

    def test_the_export_is_a_csv_and_is_logged_without_the_person(self, client, press_officer, person):
        client.force_login(press_officer)
        response = client.post(reverse("privacy:rights"), {"action": "export", "email": "ana@example.co"})
        text = response.content.decode("utf-8-sig")
        assert response["Content-Type"].startswith("text/csv") and "ana@example.co" in text and "Ana Ruiz" in text
        logged = RightsRequest.objects.get()
        assert (logged.kind, logged.records, logged.handled_by) == ("conocer", 1, press_officer)

    def test_deleting_needs_a_confirmation_then_erases_everywhere_in_the_entity(
        self, client, press_officer, person, other_entity
    ):
        client.force_login(press_officer)
        url = reverse("privacy:rights")
        client.post(url, {"action": "delete", "phone": "300-123-4567"})
        assert CrisisContact.objects.count() == 3  # not confirmed: nothing deleted
        client.post(url, {"action": "delete", "phone": "300 123 4567", "confirm": "on", "note": "Radicado 123"})
        assert not CrisisContact.objects.filter(name="Ana Ruiz").exists()
        assert not ListContact.objects.exists()
        assert CrisisContact.objects.filter(protocol__entity=other_entity, email="ana@example.co").exists()
        logged = RightsRequest.objects.get()
        assert (logged.kind, logged.records, logged.note) == ("suprimir", 2, "Radicado 123")

    def test_only_the_press_office_of_the_entity_attends_requests(self, client, manager, lead_a, outsider, person):
        for user in (manager, lead_a):
            client.force_login(user)
            assert client.get(reverse("privacy:rights"), {"email": "ana@example.co"}).status_code == 403
        client.force_login(outsider)
        client.post(reverse("privacy:rights"), {"action": "delete", "email": "ana@example.co", "confirm": "on"})
        # The outsider's own entity holds one Ana record; this entity's records are untouched.
        assert CrisisContact.objects.filter(email="ana@example.co").count() == 1
        assert CrisisContact.objects.filter(name="Ana Ruiz").exists()
