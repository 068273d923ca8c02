"""The workflow of a piece and the electoral guard, through campaigns.services."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from campaigns import services
from campaigns.enums import CampaignKind, CampaignStatus, ExceptionCategory, PieceStatus
from campaigns.models import Campaign, ContentPiece, ElectionException, PieceTransition
from campaigns.services import ExceptionInput
from campaigns.tests.factories import ElectoralWindowFactory

pytestmark = pytest.mark.django_db


def _at(piece, status, **fields):
    ContentPiece.objects.filter(pk=piece.pk).update(status=status, **fields)
    piece.refresh_from_db()
    return piece


def _in_review(piece):
    return _at(piece, PieceStatus.IN_REVIEW)


def _approved(piece, by):
    return _at(piece, PieceStatus.APPROVED, approved_by=by, approved_at=timezone.now())


# --- idea → borrador → en revisión ----------------------------------------------------------


def test_area_lead_moves_their_piece_from_idea_to_draft_to_review(piece_a, lead_a):
    services.piece_move(user=lead_a, piece=piece_a, to=PieceStatus.DRAFT)
    services.piece_move(user=lead_a, piece=piece_a, to=PieceStatus.IN_REVIEW)
    piece_a.refresh_from_db()
    assert piece_a.status == PieceStatus.IN_REVIEW
    steps = list(PieceTransition.objects.filter(piece=piece_a).values_list("from_status", "to_status", "by"))
    assert steps == [("idea", "borrador", lead_a.pk), ("borrador", "en_revision", lead_a.pk)]


def test_area_lead_cannot_move_another_areas_piece(piece_a, lead_b):
    with pytest.raises(PermissionDenied):
        services.piece_move(user=lead_b, piece=piece_a, to=PieceStatus.DRAFT)
    piece_a.refresh_from_db()
    assert piece_a.status == PieceStatus.IDEA


def test_manager_cannot_move_any_piece(piece_a, manager):
    with pytest.raises(PermissionDenied):
        services.piece_move(user=manager, piece=piece_a, to=PieceStatus.DRAFT)


def test_press_officer_of_another_entity_cannot_move_the_piece(piece_a, outsider):
    with pytest.raises(PermissionDenied):
        services.piece_move(user=outsider, piece=piece_a, to=PieceStatus.DRAFT)


def test_the_press_office_may_move_an_area_piece_to_review(piece_a, press_officer):
    services.piece_move(user=press_officer, piece=piece_a, to=PieceStatus.DRAFT)
    services.piece_move(user=press_officer, piece=piece_a, to=PieceStatus.IN_REVIEW)
    piece_a.refresh_from_db()
    assert piece_a.status == PieceStatus.IN_REVIEW


def test_a_piece_cannot_skip_from_idea_to_review(piece_a, lead_a):
    with pytest.raises(ValidationError) as error:
        services.piece_move(user=lead_a, piece=piece_a, to=PieceStatus.IN_REVIEW)
    assert error.value.message_dict["status"] == ["Una pieza no puede pasar de «Idea» a «En revisión»."]


# --- approval -------------------------------------------------------------------------------


def test_press_officer_approves_a_piece_under_review(piece_a, press_officer):
    _in_review(piece_a)
    services.piece_approve(user=press_officer, piece=piece_a)
    piece_a.refresh_from_db()
    assert piece_a.status == PieceStatus.APPROVED
    assert piece_a.approved_by == press_officer
    assert piece_a.approved_at is not None


def test_area_lead_cannot_approve_even_their_areas_piece(piece_a, lead_a):
    _in_review(piece_a)
    with pytest.raises(PermissionDenied):
        services.piece_approve(user=lead_a, piece=piece_a)
    piece_a.refresh_from_db()
    assert piece_a.status == PieceStatus.IN_REVIEW


def test_manager_cannot_approve(piece_a, manager):
    _in_review(piece_a)
    with pytest.raises(PermissionDenied):
        services.piece_approve(user=manager, piece=piece_a)


def test_a_press_officer_cannot_approve_a_piece_they_own(piece_a, press_officer):
    ContentPiece.objects.filter(pk=piece_a.pk).update(owner=press_officer, status=PieceStatus.IN_REVIEW)
    with pytest.raises(ValidationError) as error:
        services.piece_approve(user=press_officer, piece=piece_a)
    assert "Nadie aprueba su propia pieza" in error.value.message_dict["status"][0]
    piece_a.refresh_from_db()
    assert (piece_a.status, piece_a.approved_by) == (PieceStatus.IN_REVIEW, None)


def test_a_press_officer_cannot_approve_a_piece_they_created_for_someone_else(piece_a, press_officer):
    ContentPiece.objects.filter(pk=piece_a.pk).update(created_by=press_officer, status=PieceStatus.IN_REVIEW)
    with pytest.raises(ValidationError):
        services.piece_approve(user=press_officer, piece=piece_a)


def test_the_database_refuses_a_piece_approved_by_its_owner(piece_a, lead_a):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ContentPiece.objects.filter(pk=piece_a.pk).update(
            status=PieceStatus.APPROVED, approved_by=lead_a, approved_at=timezone.now()
        )


def test_only_a_piece_under_review_is_approved(piece_a, press_officer):
    _at(piece_a, PieceStatus.DRAFT)
    with pytest.raises(ValidationError) as error:
        services.piece_approve(user=press_officer, piece=piece_a)
    assert error.value.message_dict["status"] == ["Una pieza no puede pasar de «Borrador» a «Aprobado»."]


def test_press_returns_a_piece_to_draft_with_a_comment(piece_a, press_officer):
    _in_review(piece_a)
    services.piece_return(user=press_officer, piece=piece_a, comment="Falta la cifra de beneficiarios.")
    piece_a.refresh_from_db()
    assert piece_a.status == PieceStatus.DRAFT
    step = PieceTransition.objects.get(piece=piece_a, to_status=PieceStatus.DRAFT)
    assert (step.by, step.comment) == (press_officer, "Falta la cifra de beneficiarios.")


def test_returning_needs_a_comment(piece_a, press_officer):
    _in_review(piece_a)
    with pytest.raises(ValidationError) as error:
        services.piece_return(user=press_officer, piece=piece_a, comment="  ")
    assert error.value.message_dict["comment"] == ["Indique qué debe corregirse antes de devolver la pieza."]


def test_area_lead_cannot_return_a_piece(piece_a, lead_a):
    _in_review(piece_a)
    with pytest.raises(PermissionDenied):
        services.piece_return(user=lead_a, piece=piece_a, comment="Yo mismo")


# --- publication ----------------------------------------------------------------------------


def test_press_publishes_an_approved_piece_with_link_and_date(piece_a, press_officer, lead_b):
    _approved(piece_a, lead_b)
    today = timezone.localdate()
    services.piece_publish(user=press_officer, piece=piece_a, link="https://www.entidad.gov.co/n/1", published_on=today)
    piece_a.refresh_from_db()
    assert (piece_a.status, piece_a.published_on, piece_a.link) == (
        PieceStatus.PUBLISHED,
        today,
        "https://www.entidad.gov.co/n/1",
    )


@pytest.mark.parametrize("status", [PieceStatus.IDEA, PieceStatus.DRAFT, PieceStatus.IN_REVIEW])
def test_a_piece_is_not_published_before_it_was_approved(piece_a, press_officer, status):
    _at(piece_a, status)
    with pytest.raises(ValidationError) as error:
        services.piece_publish(
            user=press_officer, piece=piece_a, link="https://x.gov.co", published_on=timezone.localdate()
        )
    assert error.value.message_dict["status"] == ["Una pieza solo se publica después de aprobada."]
    piece_a.refresh_from_db()
    assert (piece_a.status, piece_a.published_on) == (status, None)


def test_area_lead_cannot_publish(piece_a, lead_a, lead_b):
    _approved(piece_a, lead_b)
    with pytest.raises(PermissionDenied):
        services.piece_publish(user=lead_a, piece=piece_a, link="https://x.gov.co", published_on=timezone.localdate())


def test_publication_needs_a_link_and_a_past_date(piece_a, press_officer, lead_b):
    _approved(piece_a, lead_b)
    tomorrow = timezone.localdate() + timezone.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        services.piece_publish(user=press_officer, piece=piece_a, link="", published_on=tomorrow)
    assert error.value.message_dict == {
        "link": ["Indique el enlace de la publicación."],
        "published_on": ["La fecha de publicación no puede ser futura."],
    }


def test_the_database_refuses_a_published_piece_without_approval(piece_a):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        ContentPiece.objects.filter(pk=piece_a.pk).update(status=PieceStatus.PUBLISHED, published_on=date(2025, 3, 14))


# --- editing --------------------------------------------------------------------------------


def test_area_lead_proposes_a_piece_as_an_idea_of_their_area(lead_a, area_a, web, campaign_a):
    piece = ContentPiece(
        title="Jornada de vacunación", kind="post", area=area_a, channel=web, campaign=campaign_a,
        scheduled_on=date(2025, 3, 20), status=PieceStatus.PUBLISHED,
    )  # fmt: skip
    services.piece_save(user=lead_a, piece=piece)
    piece.refresh_from_db()
    assert (piece.status, piece.owner, piece.created_by, piece.published_on) == (PieceStatus.IDEA, lead_a, lead_a, None)


def test_area_lead_cannot_propose_for_another_area(lead_b, area_a, web, campaign_a):
    piece = ContentPiece(
        title="X", kind="post", area=area_a, channel=web, campaign=campaign_a, scheduled_on=date(2025, 3, 20)
    )
    with pytest.raises(PermissionDenied):
        services.piece_save(user=lead_b, piece=piece)
    assert not ContentPiece.objects.exists()


def test_area_lead_cannot_edit_a_piece_under_review(piece_a, lead_a):
    _in_review(piece_a)
    piece_a.title = "Otro título"
    with pytest.raises(ValidationError):
        services.piece_save(user=lead_a, piece=piece_a)
    piece_a.refresh_from_db()
    assert piece_a.title != "Otro título"


def test_a_piece_needs_a_campaign_or_an_activity(lead_a, area_a, web):
    piece = ContentPiece(title="Sin destino", kind="post", area=area_a, channel=web, scheduled_on=date(2025, 3, 20))
    with pytest.raises(ValidationError) as error:
        services.piece_save(user=lead_a, piece=piece)
    message = "Indique la campaña o la actividad del plan a la que sirve la pieza."
    assert error.value.message_dict["campaign"] == [message]


def test_a_piece_cannot_use_another_entitys_channel(lead_a, area_a, campaign_a, other_entity):
    from plans.tests.factories import ChannelFactory

    piece = ContentPiece(
        title="X", kind="post", area=area_a, channel=ChannelFactory(entity=other_entity), campaign=campaign_a,
        scheduled_on=date(2025, 3, 20),
    )  # fmt: skip
    with pytest.raises(ValidationError) as error:
        services.piece_save(user=lead_a, piece=piece)
    assert error.value.message_dict["channel"] == ["El canal debe ser de la entidad de la pieza."]


# --- the electoral guard --------------------------------------------------------------------


@pytest.fixture
def window(entity):
    return ElectoralWindowFactory(entity=entity, starts_on=date(2025, 3, 1), ends_on=date(2025, 3, 31))


@pytest.fixture
def paid_piece(piece_a, tv):
    ContentPiece.objects.filter(pk=piece_a.pk).update(channel=tv, is_paid=True, status=PieceStatus.IN_REVIEW)
    piece_a.refresh_from_db()
    return piece_a


def test_paid_atl_piece_inside_a_window_is_not_approved_without_justification(paid_piece, window, press_officer):
    with pytest.raises(ValidationError) as error:
        services.piece_approve(user=press_officer, piece=paid_piece)
    assert "Ley 996 de 2005" in error.value.message_dict["justification"][0]
    paid_piece.refresh_from_db()
    assert paid_piece.status == PieceStatus.IN_REVIEW
    assert not ElectionException.objects.exists()


def test_paid_atl_piece_inside_a_window_is_approved_with_a_recorded_exception(paid_piece, window, press_officer):
    exception = ExceptionInput(category=ExceptionCategory.CALAMITY, justification="Alerta por inundaciones.")
    services.piece_approve(user=press_officer, piece=paid_piece, exception=exception)
    paid_piece.refresh_from_db()
    assert paid_piece.status == PieceStatus.APPROVED
    recorded = ElectionException.objects.get()
    assert (recorded.piece, recorded.window, recorded.category, recorded.justification, recorded.recorded_by) == (
        paid_piece,
        window,
        "calamidad",
        "Alerta por inundaciones.",
        press_officer,
    )


def test_a_justification_without_category_is_refused(paid_piece, window, press_officer):
    with pytest.raises(ValidationError) as error:
        services.piece_approve(
            user=press_officer, piece=paid_piece, exception=ExceptionInput(category="", justification="Porque sí")
        )
    assert error.value.message_dict["exception_category"] == ["Elija la categoría de la excepción."]


def test_an_unpaid_piece_inside_a_window_needs_no_justification(piece_a, window, press_officer, tv):
    ContentPiece.objects.filter(pk=piece_a.pk).update(channel=tv, is_paid=False, status=PieceStatus.IN_REVIEW)
    services.piece_approve(user=press_officer, piece=piece_a)
    piece_a.refresh_from_db()
    assert piece_a.status == PieceStatus.APPROVED


def test_a_paid_piece_outside_the_window_needs_no_justification(paid_piece, entity, press_officer):
    ElectoralWindowFactory(entity=entity, starts_on=date(2025, 4, 1), ends_on=date(2025, 5, 31))
    services.piece_approve(user=press_officer, piece=paid_piece)
    paid_piece.refresh_from_db()
    assert paid_piece.status == PieceStatus.APPROVED


def test_another_entitys_window_does_not_restrict(paid_piece, other_entity, press_officer):
    ElectoralWindowFactory(entity=other_entity, starts_on=date(2025, 3, 1), ends_on=date(2025, 3, 31))
    services.piece_approve(user=press_officer, piece=paid_piece)
    paid_piece.refresh_from_db()
    assert paid_piece.status == PieceStatus.APPROVED


def test_a_piece_of_a_paid_btl_campaign_is_restricted_too(piece_a, window, press_officer):
    Campaign.objects.filter(pk=piece_a.campaign_id).update(kind=CampaignKind.BTL, budget=Decimal(5_000_000))
    _in_review(piece_a)
    with pytest.raises(ValidationError):
        services.piece_approve(user=press_officer, piece=piece_a)


def test_a_paid_campaign_going_ahead_inside_a_window_needs_a_justification(campaign_a, window, press_officer):
    campaign_a.kind, campaign_a.budget = CampaignKind.ATL, Decimal(80_000_000)
    campaign_a.status, campaign_a.designed_on = CampaignStatus.DESIGNED, date(2025, 2, 20)
    with pytest.raises(ValidationError) as error:
        services.campaign_save(user=press_officer, campaign=campaign_a)
    assert "justification" in error.value.message_dict
    assert Campaign.objects.get(pk=campaign_a.pk).status == CampaignStatus.PLANNED

    exception = ExceptionInput(category=ExceptionCategory.EDUCATIONAL, justification="Matrículas escolares.")
    services.campaign_save(user=press_officer, campaign=campaign_a, exception=exception)
    assert Campaign.objects.get(pk=campaign_a.pk).status == CampaignStatus.DESIGNED
    assert ElectionException.objects.get().campaign == campaign_a
    # Saved again, the recorded exception still covers it.
    services.campaign_save(user=press_officer, campaign=campaign_a)
    assert ElectionException.objects.count() == 1


# --- campaigns ------------------------------------------------------------------------------


def test_a_campaign_ending_before_it_starts_is_refused_on_the_field(campaign_a, press_officer):
    campaign_a.ends_on = date(2025, 2, 1)
    with pytest.raises(ValidationError) as error:
        services.campaign_save(user=press_officer, campaign=campaign_a)
    assert error.value.message_dict["ends_on"] == ["La campaña no puede terminar antes de empezar."]
    assert Campaign.objects.get(pk=campaign_a.pk).ends_on == date(2025, 3, 31)


def test_a_negative_budget_is_refused(campaign_a, press_officer):
    campaign_a.budget = Decimal(-1)
    with pytest.raises(ValidationError) as error:
        services.campaign_save(user=press_officer, campaign=campaign_a)
    assert error.value.message_dict["budget"] == ["El presupuesto no puede ser negativo."]


@pytest.mark.parametrize("persona", ["lead_a", "manager", "outsider"])
def test_only_the_entitys_press_office_saves_campaigns(campaign_a, persona, request):
    campaign_a.name = "Cambiada"
    with pytest.raises(PermissionDenied):
        services.campaign_save(user=request.getfixturevalue(persona), campaign=campaign_a)
    assert Campaign.objects.get(pk=campaign_a.pk).name == "Trámites en línea"


def test_a_campaign_cannot_take_another_entitys_audience(campaign_a, press_officer, other_entity):
    from plans.tests.factories import AudienceFactory

    with pytest.raises(ValidationError) as error:
        services.campaign_save(
            user=press_officer, campaign=campaign_a, audiences=[AudienceFactory(entity=other_entity)]
        )
    assert error.value.message_dict["audiences"] == ["Los públicos deben ser de la entidad del plan."]


def test_the_database_refuses_a_negative_budget(campaign_a):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Campaign.objects.filter(pk=campaign_a.pk).update(budget=-5)


def test_calendar_feed_regenerate_replaces_the_token_and_revoke_deletes_it(lead_a):
    first = services.calendar_feed_regenerate(user=lead_a).token
    second = services.calendar_feed_regenerate(user=lead_a).token
    assert first != second and len(second) >= 40
    assert services.calendar_feed_revoke(user=lead_a) is True
    assert services.calendar_feed_revoke(user=lead_a) is False


# --- every move for every persona -------------------------------------------------------------

STATUSES = [PieceStatus.IDEA, PieceStatus.DRAFT, PieceStatus.IN_REVIEW, PieceStatus.APPROVED, PieceStatus.PUBLISHED]
# The only moves the workflow allows, and who makes them (the piece is lead A's, of area A).
ALLOWED = {
    ("lead_a", "idea", "borrador"),
    ("lead_a", "borrador", "en_revision"),
    ("press_officer", "idea", "borrador"),
    ("press_officer", "borrador", "en_revision"),
    ("press_officer", "en_revision", "aprobado"),
    ("press_officer", "en_revision", "borrador"),
    ("press_officer", "aprobado", "publicado"),
}
# Moves the workflow has, made by a persona who may write the piece but not make that move.
PRESS_ONLY_FOR_LEAD = {("en_revision", "aprobado"), ("en_revision", "borrador"), ("aprobado", "publicado")}


@pytest.mark.parametrize("persona", ["lead_a", "lead_b", "press_officer", "manager", "outsider"])
@pytest.mark.parametrize(("old", "new"), [(old, new) for old in STATUSES for new in STATUSES if old != new])
def test_every_move_for_every_persona(piece_a, lead_b, persona, old, new, request):
    user = request.getfixturevalue(persona)
    fields = {}
    if old in (PieceStatus.APPROVED, PieceStatus.PUBLISHED):
        fields = {"approved_by": lead_b, "approved_at": timezone.now()}
    if old == PieceStatus.PUBLISHED:
        fields["published_on"] = date(2025, 3, 14)
    _at(piece_a, old, **fields)
    arguments = {"comment": "Ajuste el titular.", "link": "https://x.gov.co/n", "published_on": timezone.localdate()}
    if (persona, old, new) in ALLOWED:
        services.piece_move(user=user, piece=piece_a, to=new, **arguments)
        piece_a.refresh_from_db()
        assert piece_a.status == new
        return
    expected = (
        PermissionDenied
        if persona in ("lead_b", "manager", "outsider") or (persona == "lead_a" and (old, new) in PRESS_ONLY_FOR_LEAD)
        else ValidationError
    )
    with pytest.raises(expected):
        services.piece_move(user=user, piece=piece_a, to=new, **arguments)
    piece_a.refresh_from_db()
    assert piece_a.status == old
