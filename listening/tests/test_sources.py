"""The automatic indicators fed by listening: suggestions received and answered, days to answer,
support tickets and hours, a survey's satisfaction, people trained, attendance and adoption; and
deleting a person's data on request leaves every figure as it was."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from indicators.enums import Aggregation, PeriodType, TargetDerivation, Unit
from listening import services, sources
from listening.tests.factories import QuestionFactory, SurveyFactory, TrainingSessionFactory
from privacy.services import contact_delete
from rollups.services import rollup_marked, rollup_plan
from rollups.tests.test_rollup import activity, indicator, plan, pv  # noqa: F401  # fixtures

pytestmark = pytest.mark.django_db
BOGOTA = ZoneInfo("America/Bogota")


def automatic(activity, source, **kwargs):  # noqa: F811
    return indicator(activity, source=source, target_derivation=TargetDerivation.REPEAT, **kwargs)


def at(month, day, hour=10):
    return datetime(2025, month, day, hour, 0, tzinfo=BOGOTA)


def box(entity, press, *, month, day, hours_to_answer=None, kind="soporte", email=""):
    contact = services.Contact(name="Ana", email=email, consent=bool(email))
    item = services.suggestion_submit(entity=entity, kind=kind, text="Falla", contact=contact, now=at(month, day))
    if hours_to_answer is not None:
        services.suggestion_triage(
            user=press, suggestion=item, status="respondida", answer="Listo.", now=at(month, day, 10 + hours_to_answer)
        )
    return item


def test_suggestions_received_answered_and_their_times(plan, activity, press_officer, notice):  # noqa: F811
    received = automatic(activity, sources.SUGGESTIONS_RECEIVED)
    support = automatic(activity, sources.SUPPORT_RECEIVED)
    answered = automatic(activity, sources.SUGGESTIONS_ANSWERED)
    days = automatic(activity, sources.SUGGESTION_DAYS, unit=Unit.DAYS, aggregation=Aggregation.AVERAGE)
    hours = automatic(activity, sources.SUPPORT_HOURS, unit=Unit.HOURS, aggregation=Aggregation.AVERAGE)
    entity = plan.entity
    box(entity, press_officer, month=2, day=3, hours_to_answer=12)
    box(entity, press_officer, month=2, day=10, hours_to_answer=4, kind="sugerencia")
    box(entity, press_officer, month=2, day=20)  # not answered yet
    rollup_plan(plan=plan)
    feb = date(2025, 2, 1)
    assert pv(received, PeriodType.MONTH, feb).value == 3
    assert pv(support, PeriodType.MONTH, feb).value == 2
    assert pv(answered, PeriodType.MONTH, feb).value == 2
    assert pv(days, PeriodType.MONTH, feb).value == Decimal("0.335")  # (0.50 + 0.17) / 2
    assert pv(hours, PeriodType.MONTH, feb).value == 12  # support requests only


def test_a_surveys_satisfaction_feeds_the_indicator_it_names_as_it_is_answered(plan, activity):  # noqa: F811
    satisfaction = automatic(
        activity, sources.SURVEY_SATISFACTION, unit=Unit.PERCENTAGE, aggregation=Aggregation.AVERAGE
    )
    top = automatic(activity, sources.SURVEY_TOP_SHARE, unit=Unit.PERCENTAGE, aggregation=Aggregation.AVERAGE)
    survey = SurveyFactory(entity=plan.entity, indicator=satisfaction)
    other = SurveyFactory(entity=plan.entity, indicator=None)  # feeds nothing
    question, other_question = QuestionFactory(survey=survey), QuestionFactory(survey=other)
    top.surveys.add(SurveyFactory(entity=plan.entity))
    rollup_plan(plan=plan)
    services.survey_respond(survey=survey, values={question.pk: "5"}, now=at(4, 2))
    services.survey_respond(survey=survey, values={question.pk: "3"}, now=at(4, 9))
    services.survey_respond(survey=other, values={other_question.pk: "1"}, now=at(4, 9))
    rollup_marked()
    assert pv(satisfaction, PeriodType.MONTH, date(2025, 4, 1)).value == 75  # (100 + 50) / 2
    assert pv(satisfaction, PeriodType.QUARTER, date(2025, 4, 1)).value == 75
    assert not top.period_values.filter(value__isnull=False).exists()


def test_people_trained_attendance_and_adoption_rates(plan, activity, press_officer):  # noqa: F811
    trained = automatic(activity, sources.PEOPLE_TRAINED)
    rate = automatic(activity, sources.ATTENDANCE_RATE, unit=Unit.PERCENTAGE, aggregation=Aggregation.AVERAGE)
    adoption = automatic(activity, sources.ADOPTION_RATE, unit=Unit.PERCENTAGE, aggregation=Aggregation.AVERAGE)
    session = TrainingSessionFactory(entity=plan.entity, date=date(2025, 3, 14))
    rows = [
        services.AttendanceRow(name="A", attended=True, adopted=True),
        services.AttendanceRow(name="B", attended=True, adopted=False),
        services.AttendanceRow(name="C", attended=True, adopted=None),  # no follow-up yet
        services.AttendanceRow(name="D", attended=False),
    ]
    services.attendance_add(user=press_officer, session=session, rows=rows)
    rollup_plan(plan=plan)
    march = date(2025, 3, 1)
    assert pv(trained, PeriodType.MONTH, march).value == 3
    assert pv(rate, PeriodType.MONTH, march).value == 75
    assert pv(adoption, PeriodType.MONTH, march).value == 50
    # Moving the session moves its attendance to the new month.
    session.date = date(2025, 5, 2)
    session.save()
    services.session_dates_sync(session=session)
    rollup_marked()
    assert pv(trained, PeriodType.MONTH, date(2025, 5, 1)).value == 3
    assert pv(trained, PeriodType.MONTH, march).value is None


def test_deleting_a_persons_data_on_request_keeps_the_figures(plan, activity, press_officer, notice):  # noqa: F811
    received = automatic(activity, sources.SUGGESTIONS_RECEIVED)
    hours = automatic(activity, sources.SUPPORT_HOURS, unit=Unit.HOURS, aggregation=Aggregation.AVERAGE)
    satisfaction = automatic(
        activity, sources.SURVEY_SATISFACTION, unit=Unit.PERCENTAGE, aggregation=Aggregation.AVERAGE
    )
    trained = automatic(activity, sources.PEOPLE_TRAINED)
    entity = plan.entity
    box(entity, press_officer, month=6, day=2, hours_to_answer=6, email="ana@example.co")
    box(entity, press_officer, month=6, day=3, hours_to_answer=2, email="otra@example.co")
    survey = SurveyFactory(entity=entity, indicator=satisfaction)
    question = QuestionFactory(survey=survey)
    contact = services.Contact(name="Ana", email="ana@example.co", consent=True)
    services.survey_respond(survey=survey, values={question.pk: "4"}, contact=contact, now=at(6, 5))
    session = TrainingSessionFactory(entity=entity, date=date(2025, 6, 20))
    services.attendance_add(
        user=press_officer, session=session, rows=[services.AttendanceRow(name="Ana", email="ana@example.co")]
    )
    rollup_plan(plan=plan)
    june = date(2025, 6, 1)
    before = [pv(ind, PeriodType.MONTH, june).value for ind in (received, hours, satisfaction, trained)]
    assert before == [2, 4, 75, 1]

    assert contact_delete(user=press_officer, entity=entity, email="ANA@example.co") == 3
    rollup_marked()
    rollup_plan(plan=plan)

    assert [pv(ind, PeriodType.MONTH, june).value for ind in (received, hours, satisfaction, trained)] == before
    from listening.models import Attendance, Suggestion, SurveyResponse

    assert not Suggestion.objects.filter(contact_email__iexact="ana@example.co").exists()
    assert Suggestion.objects.filter(contact_email="otra@example.co").exists()  # someone else's stays
    assert SurveyResponse.objects.get().contact_email == "" and SurveyResponse.objects.get().consent_given_at is None
    assert Attendance.objects.get().name == "" and Attendance.objects.get().attended
