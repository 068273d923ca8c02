"""The roll-up tasks: the broker-down path, vanished objects, the periodic catch-up."""

import contextlib
import time
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from commsplan.celery import app
from execution import services as logs
from execution.services import ValueInput
from execution.tasks import enqueue_log_returned
from indicators.enums import PeriodType
from indicators.tests.factories import IndicatorFactory
from plans.enums import PlanStatus
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, ComponentFactory
from reports.tasks import enqueue_report_generation
from rollups.models import PeriodValue, RollupMark
from rollups.tasks import enqueue_plan_rollup, enqueue_rollup, rollup_all_task, rollup_marked_task, rollup_plan_task

pytestmark = pytest.mark.django_db


@contextlib.contextmanager
def broker_down():
    """Point the Celery app at a port where nothing listens, as when Redis is down."""
    saved = {k: app.conf[k] for k in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url="redis://127.0.0.1:1/0", task_always_eager=False)
    try:
        yield
    finally:
        app.conf.update(saved)


@pytest.fixture
def submitted_log(entity, area_a, lead_a, press_officer):
    today = timezone.localdate()
    plan = ApprovedPlanFactory(
        entity=entity,
        status=PlanStatus.IN_EXECUTION,
        vigencia_start=today.replace(month=1, day=1) - timedelta(days=365),
        vigencia_end=today.replace(month=12, day=31),
    )
    activity = ActivityFactory(component=ComponentFactory(plan=plan))
    activity.responsible_areas.add(area_a)
    indicator = IndicatorFactory(activity=activity)
    period = logs.reporting_period_open(user=press_officer, plan=plan, month=today, deadline=today)
    log = logs.log_record(
        user=lead_a,
        activity=activity,
        area=area_a,
        date=today,
        values={indicator.pk: ValueInput(value=Decimal(7))},
        description="Boletín enviado",
    )
    logs.area_period_submit(user=lead_a, reporting_period=period)
    return log, indicator, today.replace(day=1)


@pytest.mark.parametrize(
    "enqueue",
    [
        enqueue_rollup,
        lambda: enqueue_plan_rollup(plan_id=1),
        lambda: enqueue_log_returned(log_id=1),
        lambda: enqueue_report_generation(report_id=1),
    ],
    ids=["incremental roll-up", "plan roll-up", "returned-log e-mail", "report"],
)
def test_enqueueing_with_the_broker_down_fails_fast_and_quietly(enqueue):
    with broker_down():
        started = time.monotonic()
        assert enqueue() is False
        assert time.monotonic() - started < 1.5


def test_an_approval_is_saved_and_marked_when_the_broker_is_down_and_caught_up_later(
    submitted_log, press_officer, django_capture_on_commit_callbacks
):
    log, indicator, month = submitted_log
    RollupMark.objects.all().delete()
    with broker_down():
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            logs.log_approve(user=press_officer, log=log)
        assert time.monotonic() - started < 1.5
    log.refresh_from_db()
    assert log.status == "aprobado"
    assert list(RollupMark.objects.values_list("indicator_id", "month")) == [(indicator.pk, month)]
    assert not PeriodValue.objects.filter(indicator=indicator, value__isnull=False).exists()

    # The broker is back: the periodic run (Celery beat, every minute) catches up.
    rollup_marked_task.delay()
    assert PeriodValue.objects.get(indicator=indicator, period_type=PeriodType.MONTH, period_start=month).value == 7
    assert not RollupMark.objects.exists()


def test_a_plan_that_vanished_is_nothing_to_do():
    assert rollup_plan_task.delay(plan_id=987654).get() == 0


def test_the_nightly_run_recomputes_every_plan_in_execution(submitted_log, press_officer):
    log, indicator, month = submitted_log
    logs.log_approve(user=press_officer, log=log)  # on_commit never fires here: nothing enqueued
    assert not PeriodValue.objects.exists()
    rollup_all_task.delay()
    assert PeriodValue.objects.get(indicator=indicator, period_type=PeriodType.MONTH, period_start=month).value == 7
