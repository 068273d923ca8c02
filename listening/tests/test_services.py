"""The writes of listening: triage and answer (times, e-mail), survey satisfaction, attendance."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from listening import services
from listening.enums import SuggestionStatus, SurveyStatus
from listening.models import Attendance, Suggestion
from listening.tests.factories import QuestionFactory, SurveyFactory, TrainingSessionFactory
from plans.tests.factories import AreaFactory

pytestmark = pytest.mark.django_db

RECEIVED = datetime(2025, 3, 3, 14, 0, tzinfo=UTC)


def suggestion(entity, *, email="", consent=False, kind="sugerencia"):
    contact = services.Contact(name="Ana", email=email, consent=consent)
    return services.suggestion_submit(entity=entity, kind=kind, text="Más horarios", contact=contact, now=RECEIVED)


class TestTriage:
    def test_the_first_answer_stamps_the_time_to_answer_and_emails_the_contact(
        self, press_officer, entity, notice, area_a, django_capture_on_commit_callbacks
    ):
        item = suggestion(entity, email="ana@example.co", consent=True)
        with django_capture_on_commit_callbacks(execute=True):
            services.suggestion_triage(
                user=press_officer,
                suggestion=item,
                status=SuggestionStatus.ANSWERED,
                area=area_a,
                answer="Ampliamos el horario.",
                now=datetime(2025, 3, 5, 2, 0, tzinfo=UTC),
            )
        item.refresh_from_db()
        assert (item.status, item.area, item.answered_by) == (SuggestionStatus.ANSWERED, area_a, press_officer)
        assert item.days_to_answer == Decimal("1.50") and item.hours_to_answer == Decimal("36.00")
        assert len(mail.outbox) == 1 and mail.outbox[0].to == ["ana@example.co"]
        assert "Ampliamos el horario." in mail.outbox[0].body
        assert item.answer_emailed_at is not None

    def test_a_later_edit_keeps_the_first_answer_time_and_sends_nothing_more(
        self, press_officer, entity, notice, django_capture_on_commit_callbacks
    ):
        item = suggestion(entity, email="ana@example.co", consent=True)
        first = datetime(2025, 3, 4, 14, 0, tzinfo=UTC)
        with django_capture_on_commit_callbacks(execute=True):
            services.suggestion_triage(
                user=press_officer, suggestion=item, status="respondida", answer="Sí.", now=first
            )
            services.suggestion_triage(user=press_officer, suggestion=item, status="cerrada", answer="Sí, desde abril.")
        item.refresh_from_db()
        assert item.answered_at == first and item.days_to_answer == 1
        assert item.answer == "Sí, desde abril." and len(mail.outbox) == 1

    def test_answered_needs_an_answer_and_status_never_goes_back(self, press_officer, entity):
        item = suggestion(entity)
        with pytest.raises(ValidationError) as error:
            services.suggestion_triage(user=press_officer, suggestion=item, status="respondida", answer=" ")
        assert error.value.message_dict == {"answer": ["Escriba la respuesta antes de marcarla como respondida."]}
        services.suggestion_triage(user=press_officer, suggestion=item, status="en_tramite")
        with pytest.raises(ValidationError) as error:
            services.suggestion_triage(user=press_officer, suggestion=item, status="nueva")
        assert error.value.message_dict == {"status": ["Una sugerencia no vuelve a un estado anterior."]}
        assert Suggestion.objects.get().status == SuggestionStatus.IN_PROGRESS

    def test_another_entitys_area_and_another_entitys_press_office_are_refused(
        self, press_officer, outsider, entity, other_entity
    ):
        item = suggestion(entity)
        with pytest.raises(ValidationError):
            services.suggestion_triage(
                user=press_officer, suggestion=item, status="en_tramite", area=AreaFactory(entity=other_entity)
            )
        with pytest.raises(PermissionDenied):
            services.suggestion_triage(user=outsider, suggestion=item, status="en_tramite")
        assert Suggestion.objects.get().status == SuggestionStatus.NEW

    def test_an_area_lead_sends_to_the_internal_box_but_does_not_triage(self, lead_a, entity):
        item = services.suggestion_submit(
            entity=entity, user=lead_a, kind="soporte", text="Falla el correo", contact=services.Contact()
        )
        assert item.origin == "interno" and item.submitted_by == lead_a
        with pytest.raises(PermissionDenied):
            services.suggestion_triage(user=lead_a, suggestion=item, status="en_tramite")


class TestSurveys:
    def test_satisfaction_is_the_mean_of_the_scales_on_0_to_100(self, entity):
        survey = SurveyFactory(entity=entity)
        five = QuestionFactory(survey=survey, scale_max=5)
        ten = QuestionFactory(survey=survey, scale_max=10)
        response = services.survey_respond(survey=survey, values={five.pk: "3", ten.pk: "10"})
        assert response.satisfaction == Decimal("75.00")  # (50 + 100) / 2
        assert response.top_share == Decimal("50.00")  # 10 of 10 is at the top, 3 of 5 is not

    def test_a_survey_without_questions_is_not_published(self, press_officer, entity):
        survey = SurveyFactory(entity=entity, status=SurveyStatus.DRAFT)
        with pytest.raises(ValidationError):
            services.survey_set_status(user=press_officer, survey=survey, status=SurveyStatus.OPEN)
        QuestionFactory(survey=survey)
        services.survey_set_status(user=press_officer, survey=survey, status=SurveyStatus.OPEN)
        survey.refresh_from_db()
        assert survey.status == SurveyStatus.OPEN


class TestAttendance:
    def test_rows_carry_consent_and_the_same_email_is_updated_not_repeated(self, press_officer, entity, notice):
        session = TrainingSessionFactory(entity=entity)
        rows = [services.AttendanceRow(name="Ana", email="ana@example.co", attended=True, adopted=True)]
        services.attendance_add(user=press_officer, session=session, rows=rows)
        rows = [services.AttendanceRow(name="Ana Pérez", email="ANA@example.co", attended=False)]
        services.attendance_add(user=press_officer, session=session, rows=rows)
        attendance = Attendance.objects.get()
        assert (attendance.name, attendance.attended, attendance.attended_score, attendance.adopted_score) == (
            "Ana Pérez",
            False,
            0,
            None,
        )
        assert (
            attendance.has_consent and attendance.consent_notice == notice and attendance.session_date == session.date
        )

    def test_a_lead_takes_the_attendance_of_their_areas_session_only(self, lead_a, lead_b, entity, area_a):
        session = TrainingSessionFactory(entity=entity, area=area_a)
        services.attendance_add(user=lead_a, session=session, rows=[services.AttendanceRow(name="Luis")])
        with pytest.raises(PermissionDenied):
            services.attendance_add(user=lead_b, session=session, rows=[services.AttendanceRow(name="Eva")])
        assert Attendance.objects.count() == 1
