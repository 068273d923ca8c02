"""No log may vanish: a draft needs its month's reporting period open (it is sent only with
it), and the drafts saved before that rule, in months with no period, are shown to the press
office with a button that opens their month."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from execution import services as logs
from execution.enums import LogStatus, ReportingPeriodStatus
from execution.models import ActivityLog, LogValue, ReportingPeriod
from execution.services import ValueInput
from indicators.tests.factories import IndicatorFactory
from plans.enums import PlanStatus
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, ComponentFactory

pytestmark = pytest.mark.django_db
D = Decimal

MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


def in_words(day: date) -> str:
    """A month as a Spanish sentence names it: «noviembre de 2026»."""
    return f"{MONTHS[day.month - 1]} de {day.year}"


def month_before(day: date) -> date:
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


def not_open(day: date, open_months: str) -> str:
    return (
        f"La fecha de ejecución cae en {in_words(day)}, un mes sin periodo de reporte abierto: el registro "
        f"quedaría en borrador sin poder enviarse a la oficina de prensa. {open_months} "
        f"Pida a la oficina de prensa de Alcaldía de Prueba que abra el periodo de {in_words(day)}."
    )


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def last_month(today):
    """Past, inside the vigencia, and with no reporting period: the month the lead forgot."""
    return month_before(today).replace(day=10)


@pytest.fixture
def plan(entity, today):
    return ApprovedPlanFactory(
        entity=entity,
        title="Plan de comunicaciones en ejecución",
        status=PlanStatus.IN_EXECUTION,
        vigencia_start=date(today.year - 1, 1, 1),
        vigencia_end=date(today.year + 1, 12, 31),
    )


@pytest.fixture
def activity(plan, area_a):
    activity = ActivityFactory(component=ComponentFactory(plan=plan), name="Comunicados de prensa")
    activity.responsible_areas.add(area_a)
    return activity


@pytest.fixture
def indicator(activity):
    return IndicatorFactory(activity=activity, code="EXT-01", name="Número de comunicados elaborados")


@pytest.fixture
def period(plan, press_officer, today):
    """This month, open: the only month open for reporting."""
    return logs.reporting_period_open(user=press_officer, plan=plan, month=today, deadline=today + timedelta(days=5))


def form_data(indicator, day, value="3"):
    return {
        "date": day.isoformat(),
        f"value_{indicator.pk}": value,
        "description": "Tres comunicados sobre la feria de servicios",
        "reach_total": "",
        "links": "",
    }


def record(user, activity, indicator, day, value=3):
    return logs.log_record(
        user=user,
        activity=activity,
        area=user.area,
        date=day,
        values={indicator.pk: ValueInput(value=D(value))},
        description="Tres comunicados",
    )


def legacy_draft(lead, activity, indicator, day):
    """A draft saved before a draft needed an open month (written as the old service did)."""
    log = ActivityLog.objects.create(
        activity=activity, area=lead.area, date=day, description="Taller de vocería", reported_by=lead
    )
    LogValue.objects.create(
        log=log, indicator=indicator, date=day, month=day.replace(day=1), status=LogStatus.DRAFT, value=D(2)
    )
    return log


# --- the log form and the service -------------------------------------------------------------


class TestRecording:
    def url(self, activity):
        return reverse("execution:log_create", args=[activity.pk])

    def test_a_log_dated_in_a_month_with_no_period_is_refused_on_its_date_and_nothing_is_saved(
        self, client, lead_a, activity, indicator, period, today, last_month
    ):
        client.force_login(lead_a)

        response = client.post(self.url(activity), form_data(indicator, last_month))

        assert response.status_code == 200
        assert response.context["form"].errors["date"] == [
            not_open(last_month, f"Solo están abiertos para reporte: {in_words(today)}.")
        ]
        assert (ActivityLog.objects.count(), LogValue.objects.count()) == (0, 0)

    def test_the_same_log_in_the_open_month_is_recorded_and_reaches_the_review_once_sent(
        self, client, lead_a, press_officer, activity, indicator, period, today
    ):
        client.force_login(lead_a)

        response = client.post(self.url(activity), form_data(indicator, today))

        log = ActivityLog.objects.get()
        assert response["Location"] == reverse("execution:log_detail", args=[log.pk])
        assert (log.status, log.date, log.values.get().value) == (LogStatus.DRAFT, today, D(3))
        client.post(reverse("execution:period_submit", args=[period.pk]))
        client.force_login(press_officer)
        assert [item.pk for item in client.get(reverse("execution:review")).context["rows"]] == [log.pk]

    def test_with_no_month_open_at_all_it_says_so(self, lead_a, activity, indicator, today):
        with pytest.raises(ValidationError) as refused:
            record(lead_a, activity, indicator, today)

        assert refused.value.message_dict["date"] == [
            not_open(today, "Ningún mes de este plan está abierto para reporte.")
        ]
        assert ActivityLog.objects.count() == 0

    def test_every_open_month_is_named_in_order(self, lead_a, press_officer, plan, activity, indicator, period, today):
        two_before = month_before(month_before(today))
        logs.reporting_period_open(user=press_officer, plan=plan, month=two_before, deadline=today)
        gap = month_before(today)

        with pytest.raises(ValidationError) as refused:
            record(lead_a, activity, indicator, gap)

        assert refused.value.message_dict["date"] == [
            not_open(gap, f"Solo están abiertos para reporte: {in_words(two_before)} y {in_words(today)}.")
        ]

    def test_a_closed_month_keeps_its_own_message(
        self, lead_a, press_officer, plan, activity, indicator, period, today, last_month
    ):
        closed = logs.reporting_period_open(user=press_officer, plan=plan, month=last_month, deadline=today)
        logs.reporting_period_close(user=press_officer, reporting_period=closed)

        with pytest.raises(ValidationError) as refused:
            record(lead_a, activity, indicator, last_month)

        assert refused.value.message_dict["date"] == [
            f"El periodo de {closed.label} está cerrado: ya no admite registros ni cambios."
        ]

    def test_the_press_office_recording_for_an_area_gets_the_same_refusal(
        self, client, press_officer, activity, indicator, area_a, period, today, last_month
    ):
        client.force_login(press_officer)
        data = {**form_data(indicator, last_month), "area": str(area_a.pk)}

        response = client.post(self.url(activity), data)

        assert response.status_code == 200
        assert response.context["form"].errors["date"] == [
            not_open(last_month, f"Solo están abiertos para reporte: {in_words(today)}.")
        ]
        assert ActivityLog.objects.count() == 0


class TestCorrecting:
    def test_a_draft_cannot_be_moved_into_a_month_with_no_period(
        self, client, lead_a, activity, indicator, period, today, last_month
    ):
        log = record(lead_a, activity, indicator, today, value=3)
        client.force_login(lead_a)

        response = client.post(
            reverse("execution:log_update", args=[log.pk]), form_data(indicator, last_month, value="5")
        )

        assert response.status_code == 200
        assert response.context["form"].errors["date"] == [
            not_open(last_month, f"Solo están abiertos para reporte: {in_words(today)}.")
        ]
        log.refresh_from_db()
        assert (log.date, log.status, log.values.get().value, log.history.count()) == (
            today,
            LogStatus.DRAFT,
            D(3),
            1,
        )

    def test_a_returned_log_cannot_come_back_as_a_draft_in_a_month_with_no_period(
        self, lead_a, press_officer, activity, indicator, period, today, last_month
    ):
        log = record(lead_a, activity, indicator, today)
        logs.area_period_submit(user=lead_a, reporting_period=period)
        logs.log_return(user=press_officer, log=log, comment="La fecha es la del mes pasado")

        with pytest.raises(ValidationError) as refused:
            logs.log_correct(
                user=lead_a, log=log, date=last_month, values={indicator.pk: ValueInput(value=D(3))}, description="x"
            )

        assert list(refused.value.message_dict) == ["date"]
        log.refresh_from_db()
        assert (log.status, log.date) == (LogStatus.RETURNED, today)

    def test_the_press_office_may_redate_a_submitted_log_which_stays_in_its_review_queue(
        self, client, lead_a, press_officer, activity, indicator, period, today, last_month
    ):
        log = record(lead_a, activity, indicator, today)
        logs.area_period_submit(user=lead_a, reporting_period=period)
        client.force_login(press_officer)

        response = client.post(reverse("execution:log_update", args=[log.pk]), form_data(indicator, last_month))

        assert response.status_code == 302
        log.refresh_from_db()
        assert (log.date, log.status) == (last_month, LogStatus.SUBMITTED)
        assert [item.pk for item in client.get(reverse("execution:review")).context["rows"]] == [log.pk]


# --- drafts saved before the rule: shown to the press office, opened in one click -------------


class TestDraftsOutOfPeriod:
    url = reverse("execution:review")
    open_url = reverse("execution:period_open_for_drafts")

    @pytest.fixture
    def draft(self, lead_a, activity, indicator, last_month):
        return legacy_draft(lead_a, activity, indicator, last_month)

    def test_the_press_office_sees_them_by_month_with_their_areas(
        self, client, press_officer, draft, plan, lead_a, activity, indicator, last_month, period, today
    ):
        legacy_draft(lead_a, activity, indicator, last_month + timedelta(days=1))
        record(lead_a, activity, indicator, today)  # in the open month: the lead sees and sends it
        client.force_login(press_officer)

        response = client.get(self.url)

        rows = response.context["out_of_period"]
        assert [(row.plan_id, row.month, row.areas, row.drafts) for row in rows] == [
            (plan.pk, last_month.replace(day=1), [("Talento Humano", 2)], 2)
        ]
        html = response.content.decode()
        assert "Borradores fuera de periodo" in html
        assert "fuera de periodo</span>" in html
        assert f'action="{self.open_url}"' in html
        assert f'name="month" value="{last_month:%Y-%m}"' in html
        assert "csrfmiddlewaretoken" in html

    def test_a_month_with_a_period_or_a_sent_log_is_not_listed(
        self, client, press_officer, draft, plan, last_month, today
    ):
        ActivityLog.objects.filter(pk=draft.pk).update(status=LogStatus.SUBMITTED)
        client.force_login(press_officer)
        assert client.get(self.url).context["out_of_period"] == []
        ActivityLog.objects.filter(pk=draft.pk).update(status=LogStatus.DRAFT)
        closed = logs.reporting_period_open(user=press_officer, plan=plan, month=last_month, deadline=today)
        logs.reporting_period_close(user=press_officer, reporting_period=closed)
        html = client.get(self.url).content.decode()
        assert "Borradores fuera de periodo" not in html

    def test_another_entitys_press_office_does_not_see_them(self, client, outsider, draft):
        client.force_login(outsider)
        assert client.get(self.url).context["out_of_period"] == []

    def test_one_click_opens_the_month_and_the_lead_can_send_its_drafts(
        self, client, press_officer, lead_a, draft, plan, last_month, today
    ):
        client.force_login(press_officer)

        response = client.post(self.open_url, {"plan": plan.pk, "month": f"{last_month:%Y-%m}"}, follow=True)

        period = ReportingPeriod.objects.get()
        fifth_after_this_month = (today.replace(day=28) + timedelta(days=4)).replace(day=5)
        assert (period.plan, period.period_start, period.status, period.deadline, period.opened_by) == (
            plan,
            last_month.replace(day=1),
            ReportingPeriodStatus.OPEN,
            fifth_after_this_month,
            press_officer,
        )
        assert response.redirect_chain[-1][0] == self.url
        assert f"Se abrió el periodo de {in_words(last_month)}" in response.content.decode()
        assert response.context["out_of_period"] == []
        assert logs.area_period_submit(user=lead_a, reporting_period=period) == 1
        draft.refresh_from_db()
        assert draft.status == LogStatus.SUBMITTED

    @pytest.mark.parametrize(("persona", "status"), [("lead_a", 403), ("manager", 403)])
    def test_only_the_press_office_opens_it(self, client, request, draft, plan, last_month, persona, status):
        client.force_login(request.getfixturevalue(persona))
        response = client.post(self.open_url, {"plan": plan.pk, "month": f"{last_month:%Y-%m}"})
        assert response.status_code == status
        assert ReportingPeriod.objects.count() == 0

    def test_another_entitys_press_office_cannot_open_it(self, client, outsider, draft, plan, last_month):
        client.force_login(outsider)
        response = client.post(self.open_url, {"plan": plan.pk, "month": f"{last_month:%Y-%m}"}, follow=True)
        assert "No se encontró ese mes de un plan en ejecución de su entidad." in response.content.decode()
        assert ReportingPeriod.objects.count() == 0

    def test_anonymous_is_sent_to_login_and_get_is_refused(self, client, press_officer, draft, plan, last_month):
        response = client.post(self.open_url, {"plan": plan.pk, "month": f"{last_month:%Y-%m}"})
        assert response["Location"].startswith(reverse("login"))
        client.force_login(press_officer)
        assert client.get(self.open_url).status_code == 405
        assert ReportingPeriod.objects.count() == 0

    def test_a_month_already_open_says_so_and_opens_nothing_twice(
        self, client, press_officer, draft, plan, last_month, today
    ):
        logs.reporting_period_open(user=press_officer, plan=plan, month=last_month, deadline=today)
        client.force_login(press_officer)
        response = client.post(self.open_url, {"plan": plan.pk, "month": f"{last_month:%Y-%m}"}, follow=True)
        assert "Ya existe un periodo de reporte para" in response.content.decode()
        assert ReportingPeriod.objects.count() == 1

    def test_the_review_page_runs_the_same_number_of_queries_for_1_and_12_months_of_drafts(
        self, client, press_officer, lead_a, activity, indicator, today
    ):
        legacy_draft(lead_a, activity, indicator, month_before(today))
        client.force_login(press_officer)
        client.get(self.url)  # warm the session
        with CaptureQueriesContext(connection) as one:
            client.get(self.url)
        month = month_before(today)
        for _ in range(11):
            month = month_before(month)
            legacy_draft(lead_a, activity, indicator, month)
        with CaptureQueriesContext(connection) as many:
            response = client.get(self.url)
        assert len(response.context["out_of_period"]) == 12
        assert len(many) == len(one)
