"""The settings: production refuses to start without its secrets; every periodic task exists."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SECRETS = {
    "DJANGO_SECRET_KEY": "x" * 64,
    "DJANGO_ALLOWED_HOSTS": "plan.example.gov.co",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def load_production_settings(env_overrides, module="commsplan.settings.production"):
    env = {k: v for k, v in os.environ.items() if k not in SECRETS and not k.startswith("DJANGO_")}
    env.update(env_overrides, DJANGO_SETTINGS_MODULE=module)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_starts_with_its_secrets():
    result = load_production_settings(SECRETS)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize("missing", sorted(SECRETS))
def test_production_refuses_to_start_without_a_secret(missing):
    result = load_production_settings({k: v for k, v in SECRETS.items() if k != missing})
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert missing in result.stderr


def test_production_refuses_a_short_secret_key():
    result = load_production_settings({**SECRETS, "DJANGO_SECRET_KEY": "corta"})
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY debe tener al menos 50 caracteres." in result.stderr


def test_the_embedded_default_shows_its_own_error_pages_not_djangos_debug_pages():
    result = load_production_settings({}, module="commsplan.settings.local")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_every_periodic_task_names_a_registered_task(settings):
    from commsplan.celery import app

    app.loader.import_default_modules()
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "imports.tasks.pending_matrices_purge_task" in scheduled
    assert scheduled - set(app.tasks) == set()


def test_production_keeps_djangos_cache_in_redis():
    env = {k: v for k, v in os.environ.items() if k not in SECRETS and not k.startswith("DJANGO_")}
    env.update(SECRETS, DJANGO_SETTINGS_MODULE="commsplan.settings.production")
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "c = settings.CACHES['default']; print(c['BACKEND'], c['LOCATION'])"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)  # noqa: S603 - our own command line
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.core.cache.backends.redis.RedisCache", SECRETS["REDIS_URL"]]


def _redis_answers() -> bool:
    import socket

    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=0.3).close()
    except OSError:
        return False
    return True


BUMP = """
import django, sys
django.setup()
from rollups.cache import plan_cache_bump, plan_cache_version
if sys.argv[1] == "bump":
    plan_cache_bump(plan_id=987654)
print(plan_cache_version(987654))
"""


@pytest.mark.skipif(not _redis_answers(), reason="needs the local Redis (the PostgreSQL pass of CI has it)")
def test_a_bump_in_one_process_is_seen_by_another_through_redis():
    env = {k: v for k, v in os.environ.items() if k not in SECRETS and not k.startswith("DJANGO_")}
    env.update(SECRETS, REDIS_URL="redis://127.0.0.1:6379/15", DJANGO_SETTINGS_MODULE="commsplan.settings.production")

    def run(action: str) -> int:
        result = subprocess.run(  # noqa: S603 - our own command line
            [sys.executable, "-c", BUMP, action], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
        )
        assert result.returncode == 0, result.stderr
        return int(result.stdout.strip().splitlines()[-1])

    before = run("read")  # a first process reads (and so creates) the version
    bumped = run("bump")  # a second process bumps it, as a worker's roll-up does
    seen = run("read")  # a third process, as another gunicorn worker, reads the new one
    assert bumped != before
    assert seen == bumped
