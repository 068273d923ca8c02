"""The back office of campaigns, pieces and the electoral calendar."""

from datetime import date

import pytest
from django.urls import reverse

from campaigns.enums import PieceStatus
from campaigns.models import Campaign, ContentPiece, ElectoralWindow
from campaigns.tests.factories import CampaignFactory, ElectoralWindowFactory

pytestmark = pytest.mark.django_db


def test_press_sees_only_their_entitys_campaigns(client, press_officer, campaign_a, other_entity):
    foreign = CampaignFactory(component__plan__entity=other_entity, name="Ajena")
    client.force_login(press_officer)
    response = client.get(reverse("admin:campaigns_campaign_changelist"))
    assert list(response.context["cl"].queryset) == [campaign_a]
    assert client.get(reverse("admin:campaigns_campaign_change", args=[foreign.pk])).status_code == 404


@pytest.mark.parametrize("model", ["campaign", "contentpiece", "electoralwindow"])
def test_outsider_gets_404_on_the_change_page(client, outsider, piece_a, entity, model):
    obj = {
        "campaign": piece_a.campaign,
        "contentpiece": piece_a,
        "electoralwindow": ElectoralWindowFactory(entity=entity),
    }[model]
    client.force_login(outsider)
    assert client.get(reverse(f"admin:campaigns_{model}_change", args=[obj.pk])).status_code == 404


def test_press_edits_the_electoral_calendar(client, press_officer, entity):
    client.force_login(press_officer)
    data = {
        "entity": entity.pk,
        "name": "Elecciones presidenciales 2026",
        "election_date": "2026-05-31",
        "starts_on": "2026-01-31",
        "ends_on": "2026-01-01",
        "legal_basis": "Ley 996 de 2005",
        "notes": "",
    }
    response = client.post(reverse("admin:campaigns_electoralwindow_add"), data)
    assert response.context["adminform"].form.errors["ends_on"] == [
        "El fin de la restricción no puede ser anterior a su inicio."
    ]
    data["ends_on"] = "2026-06-21"
    assert client.post(reverse("admin:campaigns_electoralwindow_add"), data).status_code == 302
    assert ElectoralWindow.objects.get().ends_on == date(2026, 6, 21)


def test_admin_refuses_a_paid_campaign_in_a_window_without_justification(client, press_officer, campaign_a, entity, tv):
    ElectoralWindowFactory(entity=entity, starts_on=date(2025, 3, 10), ends_on=date(2025, 3, 20))
    client.force_login(press_officer)
    url = reverse("admin:campaigns_campaign_change", args=[campaign_a.pk])
    data = {
        "name": campaign_a.name,
        "kind": "atl",
        "status": "en_curso",
        "component": campaign_a.component_id,
        "area": campaign_a.area_id,
        "objective": campaign_a.objective,
        "key_message": "",
        "starts_on": "2025-03-01",
        "ends_on": "2025-03-31",
        "designed_on": "2025-02-15",
        "budget": "3000000",
        "channels": [tv.pk],
        "campaign-exceptions-TOTAL_FORMS": "0",
        "campaign-exceptions-INITIAL_FORMS": "0",
        "election_exceptions-TOTAL_FORMS": "0",
        "election_exceptions-INITIAL_FORMS": "0",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "justification" in response.context["adminform"].form.errors
    assert Campaign.objects.get(pk=campaign_a.pk).status == "planeada"
    data.update(exception_category="civica", justification="Campaña de prevención de incendios forestales.")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    campaign_a.refresh_from_db()
    assert campaign_a.status == "en_curso"
    assert campaign_a.election_exceptions.get().recorded_by == press_officer


def test_an_approved_piece_is_read_only_in_the_admin(client, press_officer, piece_a, lead_b):
    from django.utils import timezone

    ContentPiece.objects.filter(pk=piece_a.pk).update(
        status=PieceStatus.APPROVED, approved_by=lead_b, approved_at=timezone.now()
    )
    client.force_login(press_officer)
    url = reverse("admin:campaigns_contentpiece_change", args=[piece_a.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False


def test_a_piece_added_in_the_admin_starts_as_an_idea_of_its_author(client, press_officer, area_a, web, campaign_a):
    client.force_login(press_officer)
    data = {
        "title": "Comunicado de apertura",
        "kind": "comunicado",
        "area": area_a.pk,
        "owner": press_officer.pk,
        "channel": web.pk,
        "campaign": campaign_a.pk,
        "scheduled_on": "2025-03-05",
        "summary": "",
        "election_exceptions-TOTAL_FORMS": "0",
        "election_exceptions-INITIAL_FORMS": "0",
        "transitions-TOTAL_FORMS": "0",
        "transitions-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:campaigns_contentpiece_add"), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    piece = ContentPiece.objects.get(title="Comunicado de apertura")
    assert (piece.status, piece.created_by) == (PieceStatus.IDEA, press_officer)
    assert piece.transitions.get().to_status == PieceStatus.IDEA
