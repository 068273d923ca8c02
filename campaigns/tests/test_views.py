"""The campaigns' and pieces' pages: roles, scope, forms, the calendar and the feed."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from campaigns.enums import CampaignStatus, PieceStatus
from campaigns.models import CalendarFeed, Campaign, ContentPiece
from campaigns.tests.factories import CampaignFactory, ContentPieceFactory, ElectoralWindowFactory

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")


def _frozen(monkeypatch, moment: datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


def _login(client, user):
    client.force_login(user)
    return client


# --- scope: another entity's objects do not exist --------------------------------------------


ID_URLS = [
    ("campaigns:campaign_detail", "campaign"),
    ("campaigns:campaign_update", "campaign"),
    ("campaigns:piece_detail", "piece"),
    ("campaigns:piece_update", "piece"),
    ("campaigns:piece_review", "piece"),
    ("campaigns:piece_publish", "piece"),
]


@pytest.mark.parametrize(("name", "kind"), ID_URLS)
def test_outsider_gets_404_on_every_url_with_an_id(client, outsider, piece_a, name, kind):
    obj = piece_a if kind == "piece" else piece_a.campaign
    response = _login(client, outsider).get(reverse(name, args=[obj.pk]))
    assert response.status_code == 404


def test_outsider_gets_404_when_moving_a_piece(client, outsider, piece_a):
    response = _login(client, outsider).post(reverse("campaigns:piece_move", args=[piece_a.pk]), {"to": "borrador"})
    assert response.status_code == 404
    piece_a.refresh_from_db()
    assert piece_a.status == PieceStatus.IDEA


def test_lead_of_another_area_gets_404_on_the_piece(client, lead_b, piece_a):
    assert _login(client, lead_b).get(reverse("campaigns:piece_detail", args=[piece_a.pk])).status_code == 404


def test_lead_reads_their_areas_campaign_but_not_another(client, lead_a, lead_b, campaign_a):
    url = reverse("campaigns:campaign_detail", args=[campaign_a.pk])
    assert _login(client, lead_a).get(url).status_code == 200
    assert _login(client, lead_b).get(url).status_code == 404


def test_manager_reads_but_cannot_edit_campaigns(client, manager, campaign_a):
    _login(client, manager)
    assert client.get(reverse("campaigns:campaign_detail", args=[campaign_a.pk])).status_code == 200
    assert client.get(reverse("campaigns:campaign_update", args=[campaign_a.pk])).status_code == 403
    assert client.get(reverse("campaigns:campaign_create")).status_code == 403
    assert client.get(reverse("campaigns:piece_create")).status_code == 403


def test_lead_cannot_open_the_review_page(client, lead_a, piece_a):
    assert _login(client, lead_a).get(reverse("campaigns:piece_review", args=[piece_a.pk])).status_code == 403


# --- campaign form --------------------------------------------------------------------------


def _campaign_data(component, area, **overrides):
    data = {
        "name": "Conectividad rural",
        "kind": "atl",
        "status": "planeada",
        "component": component.pk,
        "area": area.pk,
        "objective": "Contar los avances de conectividad.",
        "key_message": "",
        "starts_on": "2025-04-01",
        "ends_on": "2025-04-30",
        "designed_on": "",
        "budget": "12.500.000",
    }
    data.update(overrides)
    return data


def test_press_creates_a_campaign_with_a_colombian_budget(client, press_officer, component, area_a, tv):
    data = _campaign_data(component, area_a, channels=[tv.pk])
    response = _login(client, press_officer).post(reverse("campaigns:campaign_create"), data)
    campaign = Campaign.objects.get(name="Conectividad rural")
    assert response.status_code == 302
    assert response["Location"] == reverse("campaigns:campaign_detail", args=[campaign.pk])
    assert campaign.budget == 12_500_000
    assert list(campaign.channels.all()) == [tv]
    assert campaign.created_by == press_officer
    page = client.get(response["Location"]).content.decode()
    assert "12.500.000 COP" in page


def test_a_campaign_ending_before_it_starts_shows_the_error_on_the_field(client, press_officer, component, area_a):
    data = _campaign_data(component, area_a, ends_on="2025-03-01")
    response = _login(client, press_officer).post(reverse("campaigns:campaign_create"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["ends_on"] == ["La campaña no puede terminar antes de empezar."]
    assert not Campaign.objects.exists()


def test_a_negative_budget_shows_the_error_on_the_field(client, press_officer, component, area_a):
    data = _campaign_data(component, area_a, budget="-100")
    response = _login(client, press_officer).post(reverse("campaigns:campaign_create"), data)
    assert response.context["form"].errors["budget"] == ["El presupuesto no puede ser negativo."]
    assert not Campaign.objects.exists()


def test_the_campaign_form_does_not_offer_another_entitys_component(client, press_officer, other_entity, area_a):
    from plans.tests.factories import ComponentFactory

    foreign = ComponentFactory(plan__entity=other_entity)
    data = _campaign_data(foreign, area_a)
    response = _login(client, press_officer).post(reverse("campaigns:campaign_create"), data)
    assert "component" in response.context["form"].errors
    assert not Campaign.objects.exists()


def test_a_paid_campaign_in_a_window_asks_for_the_justification_in_the_form(
    client, press_officer, component, area_a, entity
):
    ElectoralWindowFactory(entity=entity, starts_on=date(2025, 4, 10), ends_on=date(2025, 5, 10))
    data = _campaign_data(component, area_a, status="disenada", designed_on="2025-03-20")
    response = _login(client, press_officer).post(reverse("campaigns:campaign_create"), data)
    assert "Ley 996 de 2005" in response.context["form"].errors["justification"][0]
    assert not Campaign.objects.exists()
    data.update(exception_category="civica", justification="Campaña cívica de prevención de incendios.")
    response = client.post(reverse("campaigns:campaign_create"), data)
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert campaign.status == CampaignStatus.DESIGNED
    assert campaign.election_exceptions.get().category == "civica"


def test_campaign_list_filters_by_kind(client, press_officer, component, area_a):
    CampaignFactory(component=component, area=area_a, name="Digital uno", kind="digital")
    CampaignFactory(component=component, area=area_a, name="Interna dos", kind="interna")
    response = _login(client, press_officer).get(reverse("campaigns:campaign_list"), {"kind": "interna"})
    assert [c.name for c in response.context["page"].object_list] == ["Interna dos"]


def test_campaign_list_query_count_does_not_grow(client, press_officer, component, area_a):
    _login(client, press_officer)
    CampaignFactory(component=component, area=area_a)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        client.get(reverse("campaigns:campaign_list"))
    CampaignFactory.create_batch(6, component=component, area=area_a)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("campaigns:campaign_list"))
    assert len(many) == len(first)


# --- piece pages and the workflow -----------------------------------------------------------


def test_lead_proposes_a_piece_for_their_area_only(client, lead_a, area_b, web, campaign_a):
    data = {
        "title": "Boletín de bienestar",
        "kind": "boletin",
        "area": area_b.pk,  # ignored: a lead's piece is of their area
        "channel": web.pk,
        "campaign": campaign_a.pk,
        "scheduled_on": "2025-03-21",
        "summary": "",
    }
    response = _login(client, lead_a).post(reverse("campaigns:piece_create"), data)
    piece = ContentPiece.objects.get(title="Boletín de bienestar")
    assert response.status_code == 302
    assert (piece.area, piece.owner, piece.status) == (lead_a.area, lead_a, PieceStatus.IDEA)


def test_piece_form_names_the_missing_field(client, lead_a, web):
    data = {"title": "", "kind": "post", "channel": web.pk, "scheduled_on": "mañana"}
    response = _login(client, lead_a).post(reverse("campaigns:piece_create"), data)
    errors = response.context["form"].errors
    assert errors["title"] == ["Este campo es obligatorio."]
    assert errors["scheduled_on"] == ["Ingrese una fecha válida."]
    assert not ContentPiece.objects.exists()


def test_lead_sends_the_piece_to_review_through_the_page(client, lead_a, piece_a):
    _login(client, lead_a)
    client.post(reverse("campaigns:piece_move", args=[piece_a.pk]), {"to": "borrador"})
    client.post(reverse("campaigns:piece_move", args=[piece_a.pk]), {"to": "en_revision"})
    piece_a.refresh_from_db()
    assert piece_a.status == PieceStatus.IN_REVIEW


def test_the_move_page_refuses_a_press_only_step(client, lead_a, piece_a):
    ContentPiece.objects.filter(pk=piece_a.pk).update(status=PieceStatus.IN_REVIEW)
    response = _login(client, lead_a).post(reverse("campaigns:piece_move", args=[piece_a.pk]), {"to": "aprobado"})
    assert response.status_code == 302
    piece_a.refresh_from_db()
    assert piece_a.status == PieceStatus.IN_REVIEW


def test_manager_cannot_move_a_piece(client, manager, piece_a):
    response = _login(client, manager).post(reverse("campaigns:piece_move", args=[piece_a.pk]), {"to": "borrador"})
    assert response.status_code == 403


def test_press_approves_and_publishes_through_the_pages(client, press_officer, piece_a):
    ContentPiece.objects.filter(pk=piece_a.pk).update(status=PieceStatus.IN_REVIEW)
    _login(client, press_officer)
    review = reverse("campaigns:piece_review", args=[piece_a.pk])
    assert client.get(review).status_code == 200
    assert client.post(review, {"action": "aprobar"}).status_code == 302
    today = timezone.localdate().isoformat()
    publish = reverse("campaigns:piece_publish", args=[piece_a.pk])
    response = client.post(publish, {"link": "https://www.entidad.gov.co/noticia", "published_on": today})
    assert response.status_code == 302
    piece_a.refresh_from_db()
    assert (piece_a.status, piece_a.published_on.isoformat()) == (PieceStatus.PUBLISHED, today)


def test_publishing_before_approval_shows_the_refusal(client, press_officer, piece_a):
    ContentPiece.objects.filter(pk=piece_a.pk).update(status=PieceStatus.IN_REVIEW)
    publish = reverse("campaigns:piece_publish", args=[piece_a.pk])
    response = _login(client, press_officer).post(
        publish, {"link": "https://x.gov.co", "published_on": timezone.localdate().isoformat()}
    )
    assert response.status_code == 200
    assert "Una pieza solo se publica después de aprobada." in response.content.decode()


def test_return_without_comment_names_the_field(client, press_officer, piece_a):
    ContentPiece.objects.filter(pk=piece_a.pk).update(status=PieceStatus.IN_REVIEW)
    review = reverse("campaigns:piece_review", args=[piece_a.pk])
    response = _login(client, press_officer).post(review, {"action": "devolver", "devolver-comment": ""})
    assert response.context["return_form"].errors["comment"] == [
        "Indique qué debe corregirse antes de devolver la pieza."
    ]


def test_review_page_asks_for_the_justification_of_a_flagged_piece(client, press_officer, piece_a, tv, entity):
    ElectoralWindowFactory(entity=entity, starts_on=date(2025, 3, 1), ends_on=date(2025, 3, 20))
    ContentPiece.objects.filter(pk=piece_a.pk).update(status=PieceStatus.IN_REVIEW, channel=tv, is_paid=True)
    review = reverse("campaigns:piece_review", args=[piece_a.pk])
    _login(client, press_officer)
    response = client.post(review, {"action": "aprobar"})
    assert "Ley 996 de 2005" in response.context["approve_form"].errors["justification"][0]
    response = client.post(
        review,
        {"action": "aprobar", "aprobar-exception_category": "educativa", "aprobar-justification": "Matrículas."},
    )
    assert response.status_code == 302
    piece_a.refresh_from_db()
    assert piece_a.status == PieceStatus.APPROVED
    assert piece_a.election_exceptions.get().recorded_by == press_officer


# --- the calendar ---------------------------------------------------------------------------


def test_month_calendar_shows_the_piece_on_its_day_with_its_status(client, press_officer, piece_a):
    response = _login(client, press_officer).get(reverse("campaigns:calendar_month"), {"month": "2025-03"})
    page = response.context["page"]
    days = {cell.day: cell.pieces for week in page.weeks for cell in week}
    assert days[date(2025, 3, 14)] == [piece_a]
    # March 2025 starts on a Saturday: the grid starts on Monday 24 February and has 6 weeks.
    assert page.weeks[0][0].day == date(2025, 2, 24)
    assert len(page.weeks) == 6
    html = response.content.decode()
    assert piece_a.title in html and ">Idea</span>" in html


def test_a_flagged_piece_reads_as_restricted_in_the_calendar(client, press_officer, piece_a, tv, entity):
    ElectoralWindowFactory(entity=entity, starts_on=date(2025, 3, 10), ends_on=date(2025, 3, 20))
    ContentPiece.objects.filter(pk=piece_a.pk).update(channel=tv, is_paid=True)
    html = _login(client, press_officer).get(reverse("campaigns:calendar_month"), {"month": "2025-03"}).content
    assert "Restricción electoral" in html.decode()
    ContentPiece.objects.filter(pk=piece_a.pk).update(is_paid=False)
    html = client.get(reverse("campaigns:calendar_month"), {"month": "2025-03"}).content
    assert "Restricción electoral" not in html.decode()


def test_the_current_month_is_the_month_in_bogota(client, press_officer, area_a, lead_a, web, campaign_a, monkeypatch):
    # 1 April 2025 at 03:30 UTC is still 31 March at 22:30 in Bogotá.
    _frozen(monkeypatch, datetime(2025, 4, 1, 3, 30, tzinfo=ZoneInfo("UTC")))
    response = _login(client, press_officer).get(reverse("campaigns:calendar_month"))
    assert response.context["page"].start == date(2025, 3, 1)
    today = [cell.day for week in response.context["page"].weeks for cell in week if cell.is_today]
    assert today == [date(2025, 3, 31)]


def test_month_boundaries_put_the_last_and_first_days_in_their_months(client, press_officer, area_a, lead_a, web):
    last = ContentPieceFactory(area=area_a, owner=lead_a, channel=web, scheduled_on=date(2025, 3, 31))
    first = ContentPieceFactory(area=area_a, owner=lead_a, channel=web, scheduled_on=date(2025, 4, 1))
    _login(client, press_officer)
    march = client.get(reverse("campaigns:calendar_list"), {"month": "2025-03"}).context["pieces"]
    april = client.get(reverse("campaigns:calendar_list"), {"month": "2025-04"}).context["pieces"]
    assert (march, april) == ([last], [first])


def test_week_runs_monday_to_sunday(client, press_officer, area_a, lead_a, web, monkeypatch):
    # Sunday 16 March 2025 at 23:00 in Bogotá is Monday 17 March at 04:00 UTC: still the week of the 10th.
    _frozen(monkeypatch, datetime(2025, 3, 17, 4, 0, tzinfo=ZoneInfo("UTC")))
    sunday = ContentPieceFactory(area=area_a, owner=lead_a, channel=web, scheduled_on=date(2025, 3, 16))
    ContentPieceFactory(area=area_a, owner=lead_a, channel=web, scheduled_on=date(2025, 3, 17))
    ContentPieceFactory(area=area_a, owner=lead_a, channel=web, scheduled_on=date(2025, 3, 9))
    response = _login(client, press_officer).get(reverse("campaigns:calendar_week"))
    page = response.context["page"]
    assert (page.start, page.end) == (date(2025, 3, 10), date(2025, 3, 16))
    assert page.pieces == [sunday]


def test_a_published_piece_shows_on_its_publication_day(client, press_officer, piece_a, lead_b):
    ContentPiece.objects.filter(pk=piece_a.pk).update(
        status=PieceStatus.PUBLISHED, published_on=date(2025, 4, 2), approved_by=lead_b, approved_at=timezone.now()
    )
    _login(client, press_officer)
    assert client.get(reverse("campaigns:calendar_list"), {"month": "2025-03"}).context["pieces"] == []
    assert client.get(reverse("campaigns:calendar_list"), {"month": "2025-04"}).context["pieces"] == [piece_a]


@pytest.mark.parametrize("key", ["channel", "campaign", "area", "status"])
def test_calendar_filters(client, press_officer, area_a, area_b, lead_a, lead_b, web, tv, key):
    one = ContentPieceFactory(area=area_a, owner=lead_a, channel=web, scheduled_on=date(2025, 3, 3))
    two = ContentPieceFactory(
        area=area_b, owner=lead_b, channel=tv, scheduled_on=date(2025, 3, 4), status=PieceStatus.DRAFT
    )
    value = {"channel": tv.pk, "campaign": two.campaign_id, "area": area_b.pk, "status": "borrador"}[key]
    response = _login(client, press_officer).get(reverse("campaigns:calendar_list"), {"month": "2025-03", key: value})
    assert response.context["pieces"] == [two]
    assert one not in response.context["pieces"]


def test_an_invalid_filter_is_named_and_ignored(client, press_officer, piece_a):
    params = {"month": "marzo", "channel": "x"}
    response = _login(client, press_officer).get(reverse("campaigns:calendar_month"), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Indique el mes como AAAA-MM" in html
    assert "Canal" in html


def test_lead_sees_only_their_areas_pieces_in_the_calendar(client, lead_b, piece_a):
    response = _login(client, lead_b).get(reverse("campaigns:calendar_list"), {"month": "2025-03"})
    assert response.context["pieces"] == []


def test_outsider_sees_nothing_of_the_entity_in_the_calendar(client, outsider, piece_a):
    response = _login(client, outsider).get(reverse("campaigns:calendar_list"), {"month": "2025-03"})
    assert response.context["pieces"] == []
    assert piece_a.title not in response.content.decode()


@pytest.mark.parametrize("name", ["campaigns:calendar_month", "campaigns:calendar_week", "campaigns:calendar_list"])
def test_calendar_query_count_does_not_grow(client, press_officer, area_a, lead_a, web, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    params = {"month": "2025-03"} if name != "campaigns:calendar_week" else {"week": "2025-03-10"}
    _login(client, press_officer)
    ContentPieceFactory(area=area_a, owner=lead_a, channel=web, scheduled_on=date(2025, 3, 11))
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse(name), params).status_code == 200
    for day in (10, 11, 12, 13, 14, 15, 16):
        ContentPieceFactory(area=area_a, owner=lead_a, channel=web, scheduled_on=date(2025, 3, day))
    with CaptureQueriesContext(connection) as many:
        client.get(reverse(name), params)
    assert len(many) == len(one)


# --- the feed -------------------------------------------------------------------------------


def test_feed_page_creates_regenerates_and_revokes_the_address(client, lead_a, piece_a):
    _login(client, lead_a)
    url = reverse("campaigns:calendar_subscription")
    client.post(url, {"action": "regenerar"})
    first = CalendarFeed.objects.get(user=lead_a).token
    assert first in client.get(url).content.decode()
    client.post(url, {"action": "regenerar"})
    second = CalendarFeed.objects.get(user=lead_a).token
    assert second != first
    client.logout()
    assert client.get(reverse("campaigns:ical_feed", args=[first])).status_code == 404
    assert client.get(reverse("campaigns:ical_feed", args=[second])).status_code == 200
    _login(client, lead_a).post(url, {"action": "revocar"})
    client.logout()
    assert client.get(reverse("campaigns:ical_feed", args=[second])).status_code == 404


def test_feed_lists_the_pieces_the_user_may_see_as_valid_icalendar(
    client, lead_a, piece_a, area_b, lead_b, web, monkeypatch
):
    _frozen(monkeypatch, datetime(2025, 3, 1, 12, 0, tzinfo=BOGOTA))
    ContentPieceFactory(area=area_b, owner=lead_b, channel=web, title="De otra dependencia")
    token = CalendarFeed.objects.create(user=lead_a).token
    response = client.get(reverse("campaigns:ical_feed", args=[token]))
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [f"[Idea] {piece_a.title}"]
    event = events[0]
    assert event.decoded("dtstart") == date(2025, 3, 14)
    assert event.decoded("dtend") == date(2025, 3, 15)
    assert str(event["uid"]) == f"pieza-{piece_a.pk}@plan-de-comunicaciones"
    assert str(event["url"]).endswith(reverse("campaigns:piece_detail", args=[piece_a.pk]))


def test_feed_of_an_inactive_user_is_gone(client, lead_a):
    token = CalendarFeed.objects.create(user=lead_a).token
    lead_a.is_active = False
    lead_a.save()
    assert client.get(reverse("campaigns:ical_feed", args=[token])).status_code == 404


def test_an_unknown_feed_token_is_404(client):
    assert client.get(reverse("campaigns:ical_feed", args=["no-existe"])).status_code == 404


@pytest.mark.parametrize(("persona", "shown"), [("press_officer", True), ("lead_a", True), ("manager", True)])
def test_the_menu_links_the_calendar(client, persona, shown, request):
    response = _login(client, request.getfixturevalue(persona)).get(reverse("campaigns:calendar_month"))
    html = response.content.decode()
    assert (f'href="{reverse("campaigns:calendar_month")}" aria-current="page">Calendario</a>' in html) is shown


def test_lead_edits_their_idea_without_changing_area_or_owner(client, lead_a, piece_a, area_b):
    data = {
        "title": "Titular corregido",
        "kind": piece_a.kind,
        "channel": piece_a.channel_id,
        "campaign": piece_a.campaign_id,
        "scheduled_on": "2025-03-15",
        "area": area_b.pk,
        "summary": "",
    }
    response = _login(client, lead_a).post(reverse("campaigns:piece_update", args=[piece_a.pk]), data)
    assert response.status_code == 302
    piece_a.refresh_from_db()
    assert (piece_a.title, piece_a.scheduled_on, piece_a.area, piece_a.owner) == (
        "Titular corregido",
        date(2025, 3, 15),
        lead_a.area,
        lead_a,
    )


def test_lead_cannot_edit_a_piece_under_review(client, lead_a, piece_a):
    ContentPiece.objects.filter(pk=piece_a.pk).update(status=PieceStatus.IN_REVIEW)
    assert _login(client, lead_a).get(reverse("campaigns:piece_update", args=[piece_a.pk])).status_code == 403


def test_feed_marks_a_flagged_piece_in_its_summary(client, lead_a, piece_a, tv, entity, monkeypatch):
    _frozen(monkeypatch, datetime(2025, 3, 1, 12, 0, tzinfo=BOGOTA))
    ElectoralWindowFactory(entity=entity, starts_on=date(2025, 3, 1), ends_on=date(2025, 3, 31))
    ContentPiece.objects.filter(pk=piece_a.pk).update(channel=tv, is_paid=True)
    token = CalendarFeed.objects.create(user=lead_a).token
    events = list(Calendar.from_ical(client.get(reverse("campaigns:ical_feed", args=[token])).content).walk("VEVENT"))
    assert [str(e["summary"]) for e in events] == [f"[Idea] {piece_a.title} · Restricción electoral"]


def test_pieces_to_approve_lists_every_month_s_pieces_in_review_soonest_first(
    client, press_officer, area_a, lead_a, web
):
    later = ContentPieceFactory(
        area=area_a, owner=lead_a, channel=web, title="Boletín de diciembre", scheduled_on=date(2025, 12, 1)
    )
    sooner = ContentPieceFactory(
        area=area_a, owner=lead_a, channel=web, title="Comunicado de marzo", scheduled_on=date(2025, 3, 2)
    )
    ContentPieceFactory(area=area_a, owner=lead_a, channel=web, title="Idea suelta", scheduled_on=date(2025, 5, 1))
    ContentPiece.objects.filter(pk__in=[later.pk, sooner.pk]).update(status=PieceStatus.IN_REVIEW)
    client.force_login(press_officer)

    response = client.get(reverse("campaigns:pieces_to_approve"))

    assert response.status_code == 200
    assert [piece.title for piece in response.context["pieces"]] == ["Comunicado de marzo", "Boletín de diciembre"]


def test_pieces_to_approve_is_the_press_office_s_and_never_shows_another_entity(
    client, lead_a, manager, outsider, area_a, web
):
    ContentPieceFactory(area=area_a, owner=lead_a, channel=web, status=PieceStatus.IN_REVIEW)
    url = reverse("campaigns:pieces_to_approve")

    client.force_login(outsider)
    assert list(client.get(url).context["pieces"]) == []
    for user in (lead_a, manager):
        client.force_login(user)
        assert client.get(url).status_code == 403
