"""The incident services: one step from «Nuevo incidente» to ready messages, the first notice
and its stored minutes, the timeline, resolution, closure with the report, and every refusal
(nothing saved). Times are Bogotá times; minutes are computed by hand in each test."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from crisis import services
from crisis.enums import EventKind, IncidentStatus, TemplatePurpose
from crisis.models import Incident, IncidentEvent, IncidentMessage
from crisis.tests.conftest import bogota, make_incident

pytestmark = pytest.mark.django_db


class TestCreate:
    def test_it_creates_the_incident_and_one_rendered_message_per_channel(self, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        messages = list(incident.messages.order_by("pk"))
        assert [m.channel for m in messages] == [protocol.email, protocol.social]
        # Level 2 updates every 90 minutes, counted from «now» (08:30, later than the 08:15 start).
        assert messages[0].subject == "Alcaldía de Prueba: falla en Portal de trámites"
        assert messages[0].text == (
            "Desde las 08:15 del 10/03/2025 falla Portal de trámites (severidad 2 – Medio). "
            "Vocero: Ana Gómez. Próxima actualización: 10:00 del 10/03/2025."
        )
        assert messages[1].text == "#Atención Caída del portal de trámites: Portal de trámites."
        assert all(m.sent_at is None and m.purpose == TemplatePurpose.FIRST_NOTICE for m in messages)
        assert incident.status == IncidentStatus.OPEN
        assert incident.spokesperson == protocol.spokesperson
        assert incident.first_notice_at is None and incident.minutes_to_first_notice is None
        assert list(incident.events.values_list("kind", flat=True)) == [EventKind.REGISTERED]

    def test_the_hour_placeholder_is_bogota_time_even_for_a_utc_start(self, press_officer, protocol):
        from datetime import UTC, datetime

        incident = make_incident(press_officer, protocol, start=datetime(2025, 3, 10, 13, 15, tzinfo=UTC))
        assert "Desde las 08:15 del 10/03/2025" in incident.messages.get(channel=protocol.email).text

    def test_a_channel_without_template_is_named_and_nothing_is_saved(self, press_officer, protocol):
        with pytest.raises(ValidationError) as error:
            make_incident(press_officer, protocol, channels=[protocol.email, protocol.radio])
        assert error.value.message_dict["channels"] == [
            "Estos canales no tienen plantilla de «Aviso inicial»: Emisora."
        ]
        assert Incident.objects.count() == IncidentMessage.objects.count() == 0

    def test_a_start_in_the_future_is_refused(self, press_officer, protocol):
        with pytest.raises(ValidationError) as error:
            make_incident(press_officer, protocol, start=bogota(2025, 3, 10, 9, 0), now=bogota(2025, 3, 10, 8, 30))
        assert error.value.message_dict["started_at"] == ["El inicio no puede estar en el futuro."]
        assert not Incident.objects.exists()

    def test_another_entitys_level_is_refused(self, press_officer, protocol, other_protocol):
        with pytest.raises(ValidationError) as error:
            services.incident_create(
                user=press_officer,
                protocol=protocol,
                title="X",
                started_at=bogota(2025, 3, 10, 8, 0),
                severity=other_protocol.levels_by_number[1],
                affected_service="Y",
                channels=[protocol.email],
                now=bogota(2025, 3, 10, 8, 30),
            )
        assert "severity" in error.value.message_dict

    @pytest.mark.parametrize("persona", ["manager", "lead_a", "outsider"])
    def test_only_the_entitys_press_office_may_create(self, request, persona, protocol):
        with pytest.raises(PermissionDenied):
            make_incident(request.getfixturevalue(persona), protocol)
        assert not Incident.objects.exists()


class TestFirstNotice:
    def test_the_first_message_sent_sets_first_notice_and_its_minutes(self, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        message = incident.messages.get(channel=protocol.email)
        services.incident_message_send(
            user=press_officer,
            message=message,
            text="Texto final",
            sent_at=bogota(2025, 3, 10, 9, 2),
            now=bogota(2025, 3, 10, 9, 5),
        )
        incident.refresh_from_db()
        message.refresh_from_db()
        assert (message.text, message.sent_by, message.sent_at) == (
            "Texto final",
            press_officer,
            bogota(2025, 3, 10, 9, 2),
        )
        assert incident.first_notice_at == bogota(2025, 3, 10, 9, 2)
        assert incident.minutes_to_first_notice == 47  # 08:15 → 09:02
        assert incident.first_notice_on_target is True  # level 2: 60 minutes
        assert incident.status == IncidentStatus.IN_PROGRESS
        event = incident.events.get(kind=EventKind.MESSAGE)
        assert event.occurred_at == bogota(2025, 3, 10, 9, 2)
        assert event.text == "Se envió el mensaje «Aviso inicial» por Correo interno."

    def test_a_later_message_does_not_move_the_first_notice_but_an_earlier_one_does(self, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        email, social = incident.messages.order_by("pk")
        now = bogota(2025, 3, 10, 11, 0)
        services.incident_message_send(
            user=press_officer, message=email, text="a", sent_at=bogota(2025, 3, 10, 9, 40), now=now
        )
        services.incident_message_send(
            user=press_officer, message=social, text="b", sent_at=bogota(2025, 3, 10, 8, 58), now=now
        )
        incident.refresh_from_db()
        assert incident.first_notice_at == bogota(2025, 3, 10, 8, 58)
        assert incident.minutes_to_first_notice == 43  # 08:15 → 08:58

    def test_a_notice_across_midnight_counts_every_minute(self, press_officer, protocol):
        incident = make_incident(
            press_officer, protocol, level=3, start=bogota(2025, 3, 10, 23, 50), now=bogota(2025, 3, 10, 23, 55)
        )
        message = incident.messages.first()
        services.incident_message_send(
            user=press_officer,
            message=message,
            text="a",
            sent_at=bogota(2025, 3, 11, 0, 35),
            now=bogota(2025, 3, 11, 1, 0),
        )
        incident.refresh_from_db()
        assert incident.minutes_to_first_notice == 45
        assert incident.first_notice_on_target is False  # level 3: 30 minutes

    def test_a_message_sent_before_the_incident_started_is_refused(self, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        message = incident.messages.first()
        with pytest.raises(ValidationError) as error:
            services.incident_message_send(
                user=press_officer,
                message=message,
                text="a",
                sent_at=bogota(2025, 3, 10, 8, 0),
                now=bogota(2025, 3, 10, 9, 0),
            )
        assert error.value.message_dict["sent_at"] == [
            "La hora de envío no puede ser anterior al inicio del incidente (10/03/2025 08:15)."
        ]
        message.refresh_from_db()
        incident.refresh_from_db()
        assert message.sent_at is None and incident.first_notice_at is None
        assert incident.status == IncidentStatus.OPEN

    def test_a_message_sent_in_the_future_is_refused(self, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        with pytest.raises(ValidationError) as error:
            services.incident_message_send(
                user=press_officer,
                message=incident.messages.first(),
                text="a",
                sent_at=bogota(2025, 3, 10, 10, 0),
                now=bogota(2025, 3, 10, 9, 0),
            )
        assert error.value.message_dict["sent_at"] == ["La hora de envío no puede estar en el futuro."]

    def test_a_message_is_sent_once(self, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        message = incident.messages.first()
        now = bogota(2025, 3, 10, 9, 0)
        services.incident_message_send(user=press_officer, message=message, text="a", sent_at=now, now=now)
        with pytest.raises(ValidationError, match="ya se marcó como enviado"):
            services.incident_message_send(user=press_officer, message=message, text="b", sent_at=now, now=now)
        message.refresh_from_db()
        assert message.text == "a"

    def test_the_database_refuses_a_first_notice_before_the_start(self, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        with pytest.raises(IntegrityError), transaction.atomic():
            Incident.objects.filter(pk=incident.pk).update(
                first_notice_at=bogota(2025, 3, 10, 8, 0), minutes_to_first_notice=0
            )


class TestTimelineAndResolution:
    def test_events_are_kept_in_time_order_with_their_author(self, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        now = bogota(2025, 3, 10, 10, 0)
        services.incident_event_add(
            user=press_officer,
            incident=incident,
            occurred_at=bogota(2025, 3, 10, 9, 30),
            text="Proveedor avisado",
            now=now,
        )
        services.incident_event_add(
            user=press_officer,
            incident=incident,
            occurred_at=bogota(2025, 3, 10, 8, 20),
            text="Sistemas confirma",
            now=now,
        )
        events = list(incident.events.order_by("occurred_at").values_list("text", "author__username"))
        assert (
            events[1:] == [("Proveedor avisado", "prensa")] if False else events[0] == ("Sistemas confirma", "prensa")
        )
        assert [e[0] for e in events] == [
            "Sistemas confirma",
            "Se registró el incidente (severidad 2 – Medio) y se prepararon los mensajes para: Correo interno, "
            "Redes sociales.",
            "Proveedor avisado",
        ]
        incident.refresh_from_db()
        assert incident.status == IncidentStatus.IN_PROGRESS

    def test_an_event_before_the_start_is_refused(self, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        with pytest.raises(ValidationError) as error:
            services.incident_event_add(
                user=press_officer,
                incident=incident,
                occurred_at=bogota(2025, 3, 9, 8, 0),
                text="x",
                now=bogota(2025, 3, 10, 9, 0),
            )
        assert "occurred_at" in error.value.message_dict
        assert incident.events.count() == 1

    def test_resolving_stores_the_minutes_to_resolution(self, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        services.incident_resolve(
            user=press_officer,
            incident=incident,
            resolved_at=bogota(2025, 3, 10, 11, 40),
            note="Se renovó el certificado.",
            now=bogota(2025, 3, 10, 12, 0),
        )
        incident.refresh_from_db()
        assert incident.status == IncidentStatus.RESOLVED
        assert not Incident.objects.unresolved().filter(pk=incident.pk).exists()
        assert incident.resolved_at == bogota(2025, 3, 10, 11, 40)
        assert incident.minutes_to_resolution == 205  # 08:15 → 11:40
        assert incident.events.get(kind=EventKind.RESOLVED).text == "Se renovó el certificado."

    def test_resolved_before_it_started_is_refused(self, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        with pytest.raises(ValidationError) as error:
            services.incident_resolve(
                user=press_officer,
                incident=incident,
                resolved_at=bogota(2025, 3, 10, 7, 0),
                now=bogota(2025, 3, 10, 9, 0),
            )
        assert error.value.message_dict["resolved_at"] == [
            "La hora de resolución no puede ser anterior al inicio del incidente (10/03/2025 08:15)."
        ]
        incident.refresh_from_db()
        assert incident.status == IncidentStatus.OPEN and incident.resolved_at is None

    def test_the_database_refuses_a_resolution_before_the_start(self, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        with pytest.raises(IntegrityError), transaction.atomic():
            Incident.objects.filter(pk=incident.pk).update(
                status=IncidentStatus.RESOLVED, resolved_at=bogota(2025, 3, 10, 7, 0), minutes_to_resolution=0
            )

    def test_an_incident_is_resolved_once(self, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        at = bogota(2025, 3, 10, 9, 0)
        services.incident_resolve(user=press_officer, incident=incident, resolved_at=at, now=at)
        with pytest.raises(ValidationError, match="ya está resuelto"):
            services.incident_resolve(user=press_officer, incident=incident, resolved_at=at, now=at)


def _resolved(press_officer, protocol):
    incident = make_incident(press_officer, protocol)
    at = bogota(2025, 3, 10, 10, 0)
    return services.incident_resolve(user=press_officer, incident=incident, resolved_at=at, now=at)


REPORT = {"causes": "Certificado vencido", "actions": "Se renovó", "lessons": "Alertas de vencimiento"}


class TestClose:
    def test_closing_keeps_the_post_incident_report(self, press_officer, protocol):
        incident = _resolved(press_officer, protocol)
        services.incident_close(user=press_officer, incident=incident, now=bogota(2025, 3, 11, 9, 0), **REPORT)
        incident.refresh_from_db()
        assert incident.status == IncidentStatus.CLOSED
        assert incident.closed_at == bogota(2025, 3, 11, 9, 0)
        assert (incident.report_causes, incident.report_actions, incident.report_lessons) == (
            "Certificado vencido",
            "Se renovó",
            "Alertas de vencimiento",
        )

    def test_closing_without_the_report_names_each_missing_part_and_saves_nothing(self, press_officer, protocol):
        incident = _resolved(press_officer, protocol)
        with pytest.raises(ValidationError) as error:
            services.incident_close(
                user=press_officer, incident=incident, causes="Certificado", actions=" ", lessons=""
            )
        assert error.value.message_dict == {
            "report_actions": ["Es obligatorio para cerrar el incidente."],
            "report_lessons": ["Es obligatorio para cerrar el incidente."],
        }
        incident.refresh_from_db()
        assert incident.status == IncidentStatus.RESOLVED and incident.report_causes == ""

    def test_an_unresolved_incident_cannot_be_closed(self, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        with pytest.raises(ValidationError, match="Primero registre la resolución"):
            services.incident_close(user=press_officer, incident=incident, **REPORT)
        incident.refresh_from_db()
        assert incident.status == IncidentStatus.OPEN

    def test_the_database_refuses_a_closed_incident_without_report(self, press_officer, protocol):
        incident = _resolved(press_officer, protocol)
        with pytest.raises(IntegrityError), transaction.atomic():
            Incident.objects.filter(pk=incident.pk).update(
                status=IncidentStatus.CLOSED, closed_at=bogota(2025, 3, 11, 9, 0)
            )

    def test_a_closed_incident_takes_no_more_messages_or_events(self, press_officer, protocol):
        incident = _resolved(press_officer, protocol)
        services.incident_close(user=press_officer, incident=incident, **REPORT)
        now = bogota(2025, 3, 12, 9, 0)
        with pytest.raises(ValidationError, match="cerrado"):
            services.incident_message_send(
                user=press_officer, message=incident.messages.first(), text="a", sent_at=now, now=now
            )
        with pytest.raises(ValidationError, match="cerrado"):
            services.incident_event_add(user=press_officer, incident=incident, occurred_at=now, text="x", now=now)
        assert not IncidentMessage.objects.filter(sent_at__isnull=False).exists()
        assert IncidentEvent.objects.filter(incident=incident, kind=EventKind.NOTE).count() == 0


class TestPrepareMoreMessages:
    def test_an_update_is_rendered_and_moves_the_next_update(self, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        now = bogota(2025, 3, 10, 9, 45)
        created = services.incident_messages_prepare(
            user=press_officer, incident=incident, channels=[protocol.social], purpose=TemplatePurpose.UPDATE, now=now
        )
        assert [m.text for m in created] == ["Seguimos con Portal de trámites."]
        incident.refresh_from_db()
        assert incident.next_update_at == now + timedelta(minutes=90)

    def test_a_channel_without_that_template_is_refused(self, press_officer, protocol):
        incident = make_incident(press_officer, protocol)
        with pytest.raises(ValidationError, match="Correo interno"):
            services.incident_messages_prepare(
                user=press_officer, incident=incident, channels=[protocol.email], purpose=TemplatePurpose.RESOLUTION
            )
        assert incident.messages.count() == 2
