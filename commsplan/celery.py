"""The Celery application.

Production runs a worker and beat against Redis (``REDIS_URL``); the embedded default has no
broker and runs every task in-process (``CELERY_TASK_ALWAYS_EAGER`` in the local and test
settings), so a laptop needs nothing but Python.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commsplan.settings.local")

app = Celery("commsplan")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
