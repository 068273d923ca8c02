"""E-mail reminders: who gets which e-mail when, and never the same one twice."""

from datetime import date, timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from execution import reminders
from execution import services as logs
from execution.enums import LogStatus, ReminderKind
from execution.models import ReminderSent
from execution.services import ValueInput
from execution.tasks import send_deadline_reminders_task, send_weekly_digest_task
from indicators.tests.factories import IndicatorFactory
from plans.enums import ActivityStatus, PlanStatus
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, ComponentFactory

pytestmark = pytest.mark.django_db

SITE = "https://plan.example.gov.co"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE
    settings.REMINDER_DAYS_BEFORE = 3


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def plan(entity, today):
    return ApprovedPlanFactory(
        entity=entity,
        title="Plan de comunicaciones 2026",
        status=PlanStatus.IN_EXECUTION,
        vigencia_start=date(today.year - 1, 1, 1),
        vigencia_end=date(today.year + 1, 12, 31),
    )


@pytest.fixture
def activity_a(plan, area_a):
    activity = ActivityFactory(component=ComponentFactory(plan=plan), name="Boletín interno mensual")
    activity.responsible_areas.add(area_a)
    IndicatorFactory(activity=activity)
    return activity


@pytest.fixture
def activity_b(plan, area_b):
    activity = ActivityFactory(component=ComponentFactory(plan=plan), name="Actualizar la intranet")
    activity.responsible_areas.add(area_b)
    IndicatorFactory(activity=activity)
    return activity


@pytest.fixture
def period(plan, press_officer, today):
    return logs.reporting_period_open(user=press_officer, plan=plan, month=today, deadline=today + timedelta(days=10))


@pytest.fixture
def emails(lead_a, lead_b, press_officer, outsider, manager):
    for user in (lead_a, lead_b, press_officer, outsider, manager):
        user.email = f"{user.username}@example.gov.co"
        user.save()


def record(user, activity, area, day):
    indicator = activity.indicators.get()
    return logs.log_record(
        user=user,
        activity=activity,
        area=area,
        date=day,
        values={indicator.pk: ValueInput(value=Decimal(2))},
        description="Se publicó",
    )


def recipients():
    return sorted(address for message in mail.outbox for address in message.to)


class TestDeadlineReminders:
    def test_leads_of_areas_with_unlogged_activities_are_reminded_three_days_before(
        self, emails, activity_a, activity_b, lead_b, area_b, period, today
    ):
        record(lead_b, activity_b, area_b, today)
        sent = reminders.reminders_send_deadlines(today=period.deadline - timedelta(days=3))
        assert sent == 1
        assert recipients() == ["lider_a@example.gov.co"]
        message = mail.outbox[0]
        deadline = period.deadline.strftime("%d/%m/%Y")
        assert message.subject == f"El reporte de {period.label} vence el {deadline}"
        assert "Boletín interno mensual" in message.body
        assert f"{SITE}{reverse('execution:log_create', args=[activity_a.pk])}" in message.body
        assert f"{SITE}/mis-actividades/" in message.body
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html"
        assert f'href="{SITE}/actividades/{activity_a.pk}/registrar/"' in html

    def test_on_the_deadline_day_they_are_reminded_again(self, emails, activity_a, lead_a, period):
        reminders.reminders_send_deadlines(today=period.deadline - timedelta(days=3))
        reminders.reminders_send_deadlines(today=period.deadline)
        assert [m.subject for m in mail.outbox] == [
            f"El reporte de {period.label} vence el {period.deadline:%d/%m/%Y}",
            f"Hoy vence el reporte de {period.label}",
        ]
        assert list(ReminderSent.objects.order_by("sent_at").values_list("user", "kind", "reporting_period")) == [
            (lead_a.pk, ReminderKind.BEFORE_DEADLINE, period.pk),
            (lead_a.pk, ReminderKind.DEADLINE_DAY, period.pk),
        ]

    @pytest.mark.parametrize("offset", [-4, -2, -1, 1])
    def test_other_days_send_nothing(self, emails, activity_a, period, offset):
        assert reminders.reminders_send_deadlines(today=period.deadline + timedelta(days=offset)) == 0
        assert mail.outbox == []

    def test_running_twice_the_same_day_sends_once(self, emails, activity_a, period):
        day = period.deadline - timedelta(days=3)
        assert reminders.reminders_send_deadlines(today=day) == 1
        assert reminders.reminders_send_deadlines(today=day) == 0
        assert len(mail.outbox) == 1
        assert ReminderSent.objects.count() == 1

    def test_an_area_that_logged_every_activity_is_not_reminded(
        self, emails, activity_a, lead_a, area_a, period, today
    ):
        record(lead_a, activity_a, area_a, today)
        assert reminders.reminders_send_deadlines(today=period.deadline) == 0

    def test_a_withdrawn_log_does_not_count_as_logged(self, emails, activity_a, lead_a, area_a, period, today):
        log = record(lead_a, activity_a, area_a, today)
        logs.log_withdraw(user=lead_a, log=log, reason="Duplicado")
        assert log.__class__.objects.get().status == LogStatus.WITHDRAWN
        assert reminders.reminders_send_deadlines(today=period.deadline) == 1

    def test_completed_activities_are_not_due(self, emails, activity_a, period):
        activity_a.status = ActivityStatus.DONE
        activity_a.save()
        assert reminders.reminders_send_deadlines(today=period.deadline) == 0

    def test_a_closed_period_sends_nothing(self, emails, activity_a, press_officer, period):
        logs.reporting_period_close(user=press_officer, reporting_period=period)
        assert reminders.reminders_send_deadlines(today=period.deadline) == 0

    def test_a_plan_no_longer_in_execution_sends_nothing(self, emails, activity_a, plan, period):
        plan.status = PlanStatus.CLOSED
        plan.save()
        assert reminders.reminders_send_deadlines(today=period.deadline) == 0

    def test_the_days_before_come_from_the_setting(self, emails, activity_a, period, settings):
        settings.REMINDER_DAYS_BEFORE = 5
        assert reminders.reminders_send_deadlines(today=period.deadline - timedelta(days=3)) == 0
        assert reminders.reminders_send_deadlines(today=period.deadline - timedelta(days=5)) == 1

    def test_leads_without_e_mail_or_inactive_are_skipped(self, emails, activity_a, lead_a, period):
        lead_a.is_active = False
        lead_a.save()
        assert reminders.reminders_send_deadlines(today=period.deadline) == 0
        lead_a.is_active, lead_a.email = True, ""
        lead_a.save()
        assert reminders.reminders_send_deadlines(today=period.deadline) == 0

    def test_a_failed_send_is_not_recorded_and_the_next_run_sends_it(self, emails, activity_a, period, monkeypatch):
        def fail(self, fail_silently=False):
            raise OSError("SMTP caído")

        with monkeypatch.context() as patch:
            patch.setattr(EmailMultiAlternatives, "send", fail)
            with pytest.raises(OSError):
                reminders.reminders_send_deadlines(today=period.deadline)
        assert ReminderSent.objects.count() == 0
        assert reminders.reminders_send_deadlines(today=period.deadline) == 1


class TestReturnedLog:
    def test_the_areas_lead_is_told_once_with_a_link_to_correct(
        self, emails, activity_a, lead_a, press_officer, area_a, period, today
    ):
        log = record(lead_a, activity_a, area_a, today)
        logs.area_period_submit(user=lead_a, reporting_period=period)
        logs.log_return(user=press_officer, log=log, comment="Falta la lista de asistencia")
        assert reminders.reminder_log_returned(log_id=log.pk, today=today) == 1
        assert reminders.reminder_log_returned(log_id=log.pk, today=today) == 0
        assert recipients() == ["lider_a@example.gov.co"]
        message = mail.outbox[0]
        assert message.subject == "Registro devuelto para corregir: Boletín interno mensual"
        assert "Falta la lista de asistencia" in message.body
        assert f"{SITE}/registros/{log.pk}/corregir/" in message.body
        assert ReminderSent.objects.get().log == log

    def test_a_log_that_is_no_longer_returned_sends_nothing(self, period, emails, activity_a, lead_a, area_a, today):
        log = record(lead_a, activity_a, area_a, today)
        assert reminders.reminder_log_returned(log_id=log.pk, today=today) == 0
        assert reminders.reminder_log_returned(log_id=log.pk + 1000, today=today) == 0
        assert mail.outbox == []


class TestWeeklyDigest:
    def test_the_press_office_gets_the_areas_that_have_not_submitted(
        self, emails, activity_a, activity_b, lead_a, area_a, period, today
    ):
        record(lead_a, activity_a, area_a, today)
        logs.area_period_submit(user=lead_a, reporting_period=period)
        assert reminders.reminders_send_weekly_digest(today=today) == 1
        assert recipients() == ["prensa@example.gov.co"]
        body = mail.outbox[0].body
        assert "Tecnologías de la Información" in body
        assert "Talento Humano" not in body
        assert f"{SITE}/revision/" in body
        assert reminders.reminders_send_weekly_digest(today=today) == 0

    def test_no_digest_when_every_area_submitted(self, emails, activity_a, lead_a, area_a, period, today):
        record(lead_a, activity_a, area_a, today)
        logs.area_period_submit(user=lead_a, reporting_period=period)
        assert reminders.reminders_send_weekly_digest(today=today) == 0
        assert mail.outbox == []


class TestSchedulingAndCommand:
    def test_the_command_sends_for_the_given_date(self, emails, activity_a, activity_b, period):
        out = StringIO()
        call_command("send_reminders", "--fecha", period.deadline.isoformat(), "--resumen", stdout=out)
        assert out.getvalue() == "Recordatorios de fecha límite enviados: 2.\nResúmenes semanales enviados: 1.\n"
        assert recipients() == ["lider_a@example.gov.co", "lider_b@example.gov.co", "prensa@example.gov.co"]

    def test_the_command_refuses_a_bad_date(self):
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="Fecha no válida"):
            call_command("send_reminders", "--fecha", "31/12/2026")

    def test_the_tasks_take_the_day_as_a_string(self, emails, activity_a, period):
        assert send_deadline_reminders_task(day=period.deadline.isoformat()) == 1
        assert send_weekly_digest_task(day=period.deadline.isoformat()) == 1

    def test_beat_runs_the_reminders(self, settings):
        scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
        assert {
            "indicators.tasks.send_deadline_reminders_task",
            "indicators.tasks.send_weekly_digest_task",
        } <= scheduled
