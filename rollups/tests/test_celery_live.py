"""The roll-up with real Celery workers on Redis and PostgreSQL.

Two worker processes recompute the same plan at once while approvals keep arriving; a worker
process is killed in the middle of a roll-up. These run in the PostgreSQL pass of .ci/run
(Redis must answer there); on SQLite they are skipped.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import redis
from django.db import connection, transaction

from commsplan.celery import app
from execution.enums import LogStatus
from execution.models import ActivityLog, LogValue
from indicators.enums import PeriodType
from indicators.periods import plan_periods
from indicators.tests.factories import IndicatorFactory
from plans.enums import PlanStatus
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, ComponentFactory, UserFactory
from rollups.models import PeriodValue, RollupMark
from rollups.services import mark_for_rollup
from rollups.tasks import rollup_marked_task, rollup_plan_task

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(__file__).resolve().parents[2]
REDIS_DB = "redis://127.0.0.1:6379/14"


@pytest.fixture(autouse=True)
def redis_required():
    try:
        redis.Redis.from_url(REDIS_DB, socket_connect_timeout=1).flushdb()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail("Redis must answer on 127.0.0.1:6379 in CI")
        pytest.skip("needs Redis on 127.0.0.1:6379")


@pytest.fixture
def broker():
    """Point this process's Celery app at Redis (not eager) for the test, then restore it."""
    saved = {k: app.conf[k] for k in ("broker_url", "result_backend", "task_always_eager")}

    def fresh_connections():
        # Pools made for another broker URL must not be reused.
        app._pool = None
        app.amqp._producer_pool = None
        app._local.__dict__.pop("backend", None)

    app.conf.update(broker_url=REDIS_DB, result_backend=REDIS_DB, task_always_eager=False)
    fresh_connections()
    yield app
    app.conf.update(saved)
    fresh_connections()


def start_worker(name: str, **env) -> subprocess.Popen:
    db = connection.settings_dict
    url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "commsplan.settings.test",
        "DATABASE_URL": url,
        "REDIS_URL": REDIS_DB,
        "CELERY_RESULT_BACKEND": REDIS_DB,
        **env,
    }
    process = subprocess.Popen(  # noqa: S603  # our own worker, fixed arguments
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "commsplan",
            "worker",
            "-P",
            "prefork",
            "-c",
            "1",
            "-n",
            f"{name}@%h",
            "--without-gossip",
            "--without-mingle",
            "-l",
            "WARNING",
        ],
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        replies = app.control.ping(destination=[f"{name}@{os.uname().nodename}"], timeout=0.5)
        if replies:
            return process
        if process.poll() is not None:
            raise RuntimeError(process.stderr.read().decode())
    process.kill()
    raise RuntimeError(f"worker {name} did not start")


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def build_plan(indicators: int = 12):
    plan = ApprovedPlanFactory(
        status=PlanStatus.IN_EXECUTION, vigencia_start=date(2025, 1, 1), vigencia_end=date(2026, 12, 31)
    )
    activity = ActivityFactory(component=ComponentFactory(plan=plan))
    user = UserFactory(entity=plan.entity)
    area = activity.responsible_areas.model.objects.create(entity=plan.entity, name="Prensa")
    activity.responsible_areas.add(area)
    created = [IndicatorFactory(activity=activity) for _ in range(indicators)]
    return plan, activity, area, user, created


def approve_values(activity, area, user, indicators, count: int, seed: int) -> None:
    with transaction.atomic():
        marks = set()
        for n in range(count):
            day = date(2025 + (n % 2), 1 + (n * 7 + seed) % 12, 1 + (n + seed) % 28)
            indicator = indicators[(n + seed) % len(indicators)]
            log = ActivityLog.objects.create(
                activity=activity, area=area, date=day, description="x", status=LogStatus.APPROVED, reported_by=user
            )
            LogValue.objects.create(
                log=log,
                indicator=indicator,
                date=day,
                month=day.replace(day=1),
                status=LogStatus.APPROVED,
                value=Decimal(1 + n % 5),
            )
            marks.add((indicator.pk, day))
        mark_for_rollup(marks=marks)


def expected_monthly_sums(plan) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indicator_id, month, SUM(value) FROM indicators_logvalue v "
            "JOIN indicators_indicator i ON i.id = v.indicator_id "
            "WHERE i.plan_id = %s AND status = 'aprobado' GROUP BY indicator_id, month",
            [plan.pk],
        )
        return {(i, m): s for i, m, s in cursor.fetchall()}


def test_two_workers_at_once_leave_one_correct_row_per_indicator_and_period(broker):
    plan, activity, area, user, indicators = build_plan()
    approve_values(activity, area, user, indicators, 400, seed=0)
    workers = [start_worker("w1"), start_worker("w2")]
    try:
        results = [rollup_plan_task.apply_async(kwargs={"plan_id": plan.pk}) for _ in range(6)]
        # Approvals keep arriving while the workers race.
        for seed in range(1, 4):
            approve_values(activity, area, user, indicators, 100, seed=seed)
            results.append(rollup_marked_task.apply_async())
            results += [rollup_plan_task.apply_async(kwargs={"plan_id": plan.pk}) for _ in range(2)]
        for result in results:
            result.get(timeout=120)  # raises if any run failed
        results = [rollup_marked_task.apply_async()]
        results[0].get(timeout=120)
    finally:
        for worker in workers:
            stop(worker)

    periods = len(plan_periods(plan))
    assert PeriodValue.objects.filter(indicator__plan=plan).count() == len(indicators) * periods
    months = {
        (pv.indicator_id, pv.period_start): pv.value
        for pv in PeriodValue.objects.filter(indicator__plan=plan, period_type=PeriodType.MONTH, value__isnull=False)
    }
    assert months == expected_monthly_sums(plan)
    assert not RollupMark.objects.exists()


def test_a_worker_killed_mid_rollup_leaves_nothing_half_written_and_the_task_runs_again(broker):
    plan, activity, area, user, indicators = build_plan(indicators=4)
    approve_values(activity, area, user, indicators, 50, seed=0)
    worker = start_worker("w3", ROLLUP_FAULT_PAUSE="4")
    try:
        rollup_plan_task.apply_async(kwargs={"plan_id": plan.pk})
        node = f"w3@{os.uname().nodename}"
        child = None
        deadline = time.monotonic() + 60
        while child is None and time.monotonic() < deadline:
            active = app.control.inspect(destination=[node], timeout=1).active() or {}
            if active.get(node):
                child = active[node][0]["worker_pid"]
            time.sleep(0.2)
        assert child, "the roll-up never started"
        os.kill(child, signal.SIGKILL)  # the pool process dies inside the roll-up's transaction
        assert PeriodValue.objects.filter(indicator__plan=plan).count() == 0

        # task_reject_on_worker_lost puts the task back; the worker's new process runs it again.
        expected = len(indicators) * len(plan_periods(plan))
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            if PeriodValue.objects.filter(indicator__plan=plan).count() == expected:
                break
            time.sleep(0.5)
        assert PeriodValue.objects.filter(indicator__plan=plan).count() == expected
    finally:
        stop(worker)


def test_changes_within_a_second_queue_one_roll_up(broker):
    """Debounced: a burst of approvals (or one bulk approval, whose every log asks after
    commit) queues one run, which reads all their marks; a change after the window queues
    another."""
    from django.core.cache import cache

    from rollups.tasks import ROLLUP_DEBOUNCE, ROLLUP_DEBOUNCE_KEY, enqueue_rollup

    cache.delete(ROLLUP_DEBOUNCE_KEY)
    queue = redis.Redis.from_url(REDIS_DB)
    assert [enqueue_rollup() for _ in range(5)] == [True] * 5
    assert queue.llen("celery") == 1
    time.sleep(ROLLUP_DEBOUNCE + 0.2)
    assert enqueue_rollup() is True
    assert queue.llen("celery") == 2
