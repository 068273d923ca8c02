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
