"""A whole Celery worker killed in the middle of a full roll-up, on Redis and PostgreSQL.

``kill -9`` of the worker's whole process group leaves the task's message unacknowledged in
Redis until the transport's visibility timeout (an hour): no worker runs it again before then.
The roll-up request kept in the database (rollups.requested) is what brings the figures back:
the periodic run (Celery beat sends it every minute) answers it on the restarted worker.

Runs in the PostgreSQL pass of .ci/run (Redis must answer there); skipped on SQLite.
"""

from __future__ import annotations

import contextlib
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
from plans.enums import PlanStatus
from plans.models import Plan
from plans.signals import plans_edited
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, ComponentFactory
from rollups.enums import ProgressStatus, RollupKind
from rollups.models import PeriodValue, RollupRequest, RollupRun
from rollups.services import rollup_plan
from rollups.tasks import rollup_marked_task
from rollups.tests.test_rollup import indicator, log, target

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(__file__).resolve().parents[2]
REDIS_DB = "redis://127.0.0.1:6379/15"
JANUARY = date(2025, 1, 1)


@pytest.fixture
def queue():
    """Redis db 15, empty before and after the test."""
    client = redis.Redis.from_url(REDIS_DB, socket_connect_timeout=1)
    try:
        client.flushdb()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail("Redis must answer on 127.0.0.1:6379 in CI")
        pytest.skip("needs Redis on 127.0.0.1:6379")
    yield client
    client.flushdb()


@pytest.fixture
def broker(queue):
    """Point this process's Celery app at Redis db 15 (not eager) for the test, then restore it."""
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


def start_worker(name: str, log_path: Path, **env) -> subprocess.Popen:
    """A worker as production runs it (prefork), in a process group of its own so that the
    test can kill all of it at once; return once it answers a ping."""
    db = connection.settings_dict
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "commsplan.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": REDIS_DB,
        "CELERY_RESULT_BACKEND": REDIS_DB,
        **env,
    }
    command = [sys.executable, "-m", "celery", "-A", "commsplan", "worker", "-P", "prefork", "-c", "1"]
    command += ["-n", f"{name}@%h", "--without-gossip", "--without-mingle", "-l", "WARNING"]
    with log_path.open("ab") as log_file:
        process = subprocess.Popen(  # noqa: S603  # our own worker, fixed arguments
            command, cwd=ROOT, env=environment, stdout=log_file, stderr=log_file, start_new_session=True
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(destination=[f"{name}@{os.uname().nodename}"], timeout=0.5):
            return process
        if process.poll() is not None:
            raise RuntimeError(log_path.read_text())
    kill_group(process)
    raise RuntimeError(f"worker {name} did not start: {log_path.read_text()}")


def kill_group(process: subprocess.Popen) -> None:
    """``kill -9`` of the whole worker: the main process and its pool processes."""
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


def stop(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        kill_group(process)


def january_status(ind) -> str:
    return PeriodValue.objects.get(indicator=ind, period_type="mes", period_start=JANUARY).status


def test_a_full_roll_up_whose_whole_worker_was_killed_is_caught_up_by_the_periodic_run(broker, queue, tmp_path):
    plan = ApprovedPlanFactory(
        status=PlanStatus.IN_EXECUTION, vigencia_start=date(2025, 1, 1), vigencia_end=date(2026, 12, 31)
    )
    activity = ActivityFactory(component=ComponentFactory(plan=plan))
    activity.responsible_areas.add(activity.responsible_areas.model.objects.create(entity=plan.entity, name="Prensa"))
    releases = indicator(activity)
    target(releases, "mes", JANUARY, 10)
    log(releases, date(2025, 1, 9), 8)
    rollup_plan(plan=plan)
    assert january_status(releases) == ProgressStatus.AT_RISK  # 80 % against the default 90 / 70

    hold = tmp_path / "roll-up-written-not-committed"
    logs = tmp_path / "workers.log"
    worker = start_worker("crash-first", logs, ROLLUP_FAULT_HOLD=str(hold))
    try:
        # What the plan's admin page does on save: new thresholds, then the announcement; the
        # request commits with the edit and the full roll-up is queued after the commit.
        with transaction.atomic():
            Plan.objects.filter(pk=plan.pk).update(threshold_on_track=Decimal(75))
            plans_edited.send(sender=Plan, plan_ids=[plan.pk])
        deadline = time.monotonic() + 60
        while not hold.exists() and worker.poll() is None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert hold.exists(), f"the roll-up never reached its end: {logs.read_text()}"
    finally:
        kill_group(worker)  # the worker dies with every row written and nothing committed

    # Rolled back, and the message waits in Redis for its visibility timeout: no worker will
    # run it again within the hour.
    assert january_status(releases) == ProgressStatus.AT_RISK
    assert RollupRun.objects.filter(plan=plan).count() == 1
    assert queue.hlen("unacked") == 1
    assert queue.llen("celery") == 0
    assert list(RollupRequest.objects.values_list("plan_id", flat=True)) == [plan.pk]

    restarted = start_worker("crash-restarted", logs)
    try:
        rollup_marked_task.apply_async().get(timeout=120)  # what beat sends every minute
    finally:
        stop(restarted)

    assert january_status(releases) == ProgressStatus.ON_TRACK
    assert not RollupRequest.objects.exists()
    assert RollupRun.objects.filter(plan=plan, kind=RollupKind.FULL).count() == 2
