"""The crisis pages: who sees what (press writes, managers read, area leads 403, another
entity 404), «Nuevo incidente» in one step, bad input with nothing saved, and constant query
counts on the incident list and page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from crisis import services
from crisis.enums import IncidentStatus
from crisis.models import Incident, IncidentMessage
from crisis.tests.conftest import bogota, make_incident

pytestmark = pytest.mark.django_db

REPORT = {"causes": "Certificado vencido", "actions": "Se renovó", "lessons": "Alertas de vencimiento"}


def _closed(user, protocol, **extra):
    incident = make_incident(user, protocol, **extra)
    at = incident.started_at
    for message in incident.messages.all():
        services.incident_message_send(user=user, message=message, text=message.text, sent_at=at, now=at)
    services.incident_event_add(user=user, incident=incident, occurred_at=at, text="Novedad", now=at)
    services.incident_resolve(user=user, incident=incident, resolved_at=at, now=at)
    return services.incident_close(user=user, incident=incident, **REPORT)


def _pages(incident, protocol):
    return [
        reverse("crisis:incident_list"),
        reverse("crisis:incident_detail", args=[incident.pk]),
        reverse("crisis:incident_report", args=[incident.pk]),
        reverse("crisis:protocol_detail", args=[protocol.pk]),
    ]


class TestWhoSeesWhat:
    @pytest.mark.parametrize("persona", ["press_officer", "manager", "superuser"])
    def test_the_press_office_and_managers_read_every_page(self, client, request, persona, press_officer, protocol):
        incident = _closed(press_officer, protocol)
        client.force_login(request.getfixturevalue(persona))
        for url in _pages(incident, protocol):
            response = client.get(url)
            assert response.status_code == 200, url
            assert incident.title in response.content.decode() or "Protocolo" in response.content.decode()

    @pytest.mark.parametrize("persona", ["lead_a", "lead_b"])
    def test_area_leads_get_403_on_every_page(self, client, request, persona, press_officer, protocol):
        incident = _closed(press_officer, protocol)
        client.force_login(request.getfixturevalue(persona))
        for url in [*_pages(incident, protocol), reverse("crisis:incident_create")]:
            assert client.get(url).status_code == 403, url

    def test_another_entitys_incident_protocol_and_message_are_404(self, client, outsider, press_officer, protocol):
        incident = _closed(press_officer, protocol)
        message = incident.messages.first()
        client.force_login(outsider)
        for url in _pages(incident, protocol)[1:]:
            assert client.get(url).status_code == 404, url
        for name in ("event_add", "incident_resolve", "messages_prepare", "incident_close"):
            assert client.post(reverse(f"crisis:{name}", args=[incident.pk]), {}).status_code == 404, name
        assert client.post(reverse("crisis:message_send", args=[message.pk]), {}).status_code == 404
        assert incident.title not in client.get(reverse("crisis:incident_list")).content.decode()

    def test_managers_cannot_write(self, client, manager, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        message = incident.messages.first()
        client.force_login(manager)
        html = client.get(reverse("crisis:incident_detail", args=[incident.pk])).content.decode()
        assert "Marcar como enviado" not in html
        assert client.get(reverse("crisis:incident_create")).status_code == 403
        response = client.post(
            reverse("crisis:message_send", args=[message.pk]),
            {f"m{message.pk}-text": "x", f"m{message.pk}-sent_at": "2025-03-10T09:00"},
        )
        assert response.status_code == 403
        message.refresh_from_db()
        assert message.sent_at is None

    def test_the_menu_shows_crisis_to_managers_but_not_to_area_leads(self, client, manager, lead_a):
        client.force_login(manager)
        assert 'href="/crisis/"' in client.get(reverse("crisis:incident_list")).content.decode()
        client.force_login(lead_a)
        assert 'href="/crisis/"' not in client.get(reverse("dashboards:my_activities")).content.decode()


def _create_data(protocol, **overrides):
    data = {
        "title": "Caída del portal de trámites",
        "started_at": "2020-03-10T08:15",
        "severity": protocol.levels_by_number[3].pk,
        "affected_service": "Portal de trámites",
        "channels": [protocol.email.pk, protocol.social.pk],
        "description": "",
    }
    data.update(overrides)
    return data


class TestNewIncident:
    def test_the_form_offers_only_channels_with_a_template_and_checks_the_immediate_one(
        self, client, press_officer, protocol
    ):
        client.force_login(press_officer)
        html = client.get(reverse("crisis:incident_create")).content.decode()
        assert "Correo interno" in html and "Redes sociales" in html and "Emisora" not in html
        assert re.search(rf'value="{protocol.email.pk}"[^>]*checked', html)
        assert re.search(r'<label[^>]*for="id_title"', html)

    def test_one_post_creates_the_incident_and_its_ready_messages(self, client, press_officer, protocol):
        client.force_login(press_officer)
        response = client.post(reverse("crisis:incident_create"), _create_data(protocol))
        incident = Incident.objects.get()
        assert response.status_code == 302 and response["Location"] == incident.get_absolute_url()
        assert incident.started_at == bogota(2020, 3, 10, 8, 15)
        assert incident.severity == protocol.levels_by_number[3]
        assert incident.messages.count() == 2
        html = client.get(response["Location"]).content.decode()
        assert "Mensajes listos para enviar" in html
        assert "Desde las 08:15 del 10/03/2020 falla Portal de trámites (severidad 3 – Alto)." in html

    @pytest.mark.parametrize(
        ("overrides", "field", "message"),
        [
            ({"title": ""}, "title", "Escriba un título corto del incidente."),
            ({"started_at": "ayer"}, "started_at", "Escriba una fecha y hora válidas (dd/mm/aaaa hh:mm)."),
            ({"started_at": "2999-01-01T08:00"}, "started_at", "El inicio no puede estar en el futuro."),
            ({"channels": []}, "channels", "Elija al menos un canal para el primer aviso."),
            ({"severity": "999999"}, "severity", "Elija un nivel de la lista."),
        ],
    )
    def test_bad_input_is_named_and_nothing_is_saved(self, client, press_officer, protocol, overrides, field, message):
        client.force_login(press_officer)
        response = client.post(reverse("crisis:incident_create"), _create_data(protocol, **overrides))
        assert response.status_code == 200
        assert response.context["form"].errors[field] == [message]
        assert message in response.content.decode()
        assert not Incident.objects.exists() and not IncidentMessage.objects.exists()

    def test_another_entitys_channel_is_not_a_choice(self, client, press_officer, protocol, other_protocol):
        client.force_login(press_officer)
        response = client.post(
            reverse("crisis:incident_create"), _create_data(protocol, channels=[other_protocol.email.pk])
        )
        assert response.context["form"].errors["channels"] == ["Elija canales de la lista."]
        assert not Incident.objects.exists()

    def test_without_a_protocol_the_press_office_is_told_to_create_it(self, client, press_officer):
        client.force_login(press_officer)
        response = client.get(reverse("crisis:incident_create"), follow=True)
        assert "aún no tiene protocolo de crisis" in response.content.decode()


class TestIncidentPage:
    def test_marking_a_message_sent_records_the_time_and_the_final_text(self, client, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        message = incident.messages.get(channel=protocol.email)
        client.force_login(press_officer)
        response = client.post(
            reverse("crisis:message_send", args=[message.pk]),
            {f"m{message.pk}-text": "Texto revisado", f"m{message.pk}-sent_at": "2025-03-10T09:02"},
        )
        assert response.status_code == 302
        incident.refresh_from_db()
        assert incident.minutes_to_first_notice == 47
        html = client.get(incident.get_absolute_url()).content.decode()
        assert "47 min" in html and "dentro de la meta de" in html and "Texto revisado" in html

    def test_a_message_sent_before_the_start_is_shown_on_the_field_and_not_saved(self, client, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        message = incident.messages.first()
        client.force_login(press_officer)
        response = client.post(
            reverse("crisis:message_send", args=[message.pk]),
            {f"m{message.pk}-text": "Texto", f"m{message.pk}-sent_at": "2025-03-10T07:00"},
        )
        assert response.status_code == 200
        assert "La hora de envío no puede ser anterior al inicio del incidente (10/03/2025 08:15)." in (
            response.content.decode()
        )
        message.refresh_from_db()
        assert message.sent_at is None

    def test_resolving_before_the_start_is_refused_on_the_field(self, client, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        client.force_login(press_officer)
        response = client.post(
            reverse("crisis:incident_resolve", args=[incident.pk]), {"resolved_at": "2025-03-10T07:00"}
        )
        assert response.status_code == 200
        assert "La hora de resolución no puede ser anterior al inicio del incidente" in response.content.decode()
        incident.refresh_from_db()
        assert incident.status == IncidentStatus.OPEN

    def test_adding_an_event_puts_it_on_the_timeline(self, client, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        client.force_login(press_officer)
        client.post(
            reverse("crisis:event_add", args=[incident.pk]),
            {"occurred_at": "2025-03-10T08:40", "text": "Sistemas confirma la falla"},
        )
        html = client.get(incident.get_absolute_url()).content.decode()
        assert "Sistemas confirma la falla" in html
        assert html.count('class="timeline-row"') == 2

    def test_closing_without_report_names_the_fields_and_keeps_it_resolved(self, client, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        services.incident_resolve(
            user=press_officer, incident=incident, resolved_at=bogota(2025, 3, 10, 9, 0), now=bogota(2025, 3, 10, 9, 0)
        )
        client.force_login(press_officer)
        response = client.post(
            reverse("crisis:incident_close", args=[incident.pk]),
            {"report_causes": "Certificado vencido", "report_actions": "", "report_lessons": ""},
        )
        assert response.status_code == 200
        assert response.context["form"].errors == {
            "report_actions": ["Describa las acciones tomadas: es obligatorio para cerrar el incidente."],
            "report_lessons": ["Escriba las lecciones aprendidas: es obligatorio para cerrar el incidente."],
        }
        incident.refresh_from_db()
        assert incident.status == IncidentStatus.RESOLVED

    def test_closing_an_unresolved_incident_is_refused(self, client, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        client.force_login(press_officer)
        response = client.post(
            reverse("crisis:incident_close", args=[incident.pk]),
            {"report_causes": "a", "report_actions": "b", "report_lessons": "c"},
        )
        assert "Primero registre la resolución" in response.content.decode()
        incident.refresh_from_db()
        assert incident.status == IncidentStatus.OPEN

    def test_the_report_of_an_open_incident_is_not_there_yet(self, client, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        client.force_login(press_officer)
        response = client.get(reverse("crisis:incident_report", args=[incident.pk]))
        assert response.status_code == 302 and response["Location"] == incident.get_absolute_url()

    def test_the_report_shows_causes_actions_lessons_and_times(self, client, press_officer, protocol):
        incident = _closed(press_officer, protocol)
        client.force_login(press_officer)
        html = client.get(reverse("crisis:incident_report", args=[incident.pk])).content.decode()
        for text in ("Certificado vencido", "Se renovó", "Alertas de vencimiento", "Informe posincidente", "0 min"):
            assert text in html
        assert "<script>" not in html and 'style="' not in html


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


class TestQueryCounts:
    def test_the_incident_list_costs_the_same_for_one_and_many_incidents(
        self, client, manager, press_officer, protocol
    ):
        client.force_login(manager)
        make_incident(press_officer, protocol, area=None)
        url = reverse("crisis:incident_list")
        _count(client, url)
        one = _count(client, url)
        for n in range(6):
            _closed(press_officer, protocol, title=f"Incidente {n}")
        assert _count(client, url) == one

    def test_the_incident_page_costs_the_same_for_few_and_many_messages_and_events(
        self, client, press_officer, protocol
    ):
        client.force_login(press_officer)
        incident = make_incident(press_officer, protocol)
        url = incident.get_absolute_url()
        _count(client, url)
        few = _count(client, url)
        at = bogota(2025, 3, 10, 9, 0)
        for n in range(5):
            services.incident_event_add(user=press_officer, incident=incident, occurred_at=at, text=f"n{n}", now=at)
        services.incident_messages_prepare(
            user=press_officer, incident=incident, channels=[protocol.social], purpose="actualizacion", now=at
        )
        services.incident_message_send(
            user=press_officer, message=incident.messages.first(), text="a", sent_at=at, now=at
        )
        assert _count(client, url) == few

    def test_the_protocol_page_costs_the_same_whatever_its_size(self, client, manager, protocol):
        from crisis.tests.factories import CrisisContactFactory, CrisisRoleFactory, SeverityLevelFactory

        client.force_login(manager)
        url = reverse("crisis:protocol_detail", args=[protocol.pk])
        _count(client, url)
        small = _count(client, url)
        SeverityLevelFactory(protocol=protocol, level=4, name="Extremo", response_minutes=15)
        CrisisRoleFactory.create_batch(3, protocol=protocol)
        CrisisContactFactory.create_batch(3, protocol=protocol)
        assert _count(client, url) == small
