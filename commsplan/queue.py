"""Queueing Celery tasks from a request without ever failing it.

Every app queues its work after a commit through ``send``: a broker that is down costs the
request a fraction of a second, never redis-py's back-off, and what catches up instead is
logged. No app of ours is imported here: every layer may use it.
"""

from __future__ import annotations

import logging
import socket
from urllib.parse import urlsplit

from celery import current_app
from django.db import OperationalError

logger = logging.getLogger(__name__)

# A recompute is idempotent, so a retry or a redelivery after a killed worker is always safe.
RETRY = {"autoretry_for": (OperationalError,), "retry_backoff": True, "max_retries": 5}


def broker_answers(timeout: float = 0.3) -> bool:
    """Whether the Redis broker accepts a connection now.

    redis-py retries a refused connection with back-off for several seconds; a request must
    not wait that long, so a plain TCP connect decides first.
    """
    app = current_app
    if app.conf.task_always_eager:
        return True
    url = urlsplit(app.conf.broker_url or "")
    if url.scheme not in ("redis", "rediss"):
        return True
    try:
        socket.create_connection((url.hostname or "127.0.0.1", url.port or 6379), timeout=timeout).close()
    except OSError:
        return False
    return True


def send(task, *, meanwhile: str, kwargs: dict | None = None, countdown: float | None = None) -> bool:
    """Queue ``task`` for a worker and never fail the caller (these run after a commit): a
    broker that does not answer the TCP check, or refuses the message, is logged with
    ``meanwhile`` (what catches up instead) and returns False."""
    if not broker_answers():
        logger.warning("The broker does not answer; %s", meanwhile)
        return False
    try:
        # retry=False: fail in well under a second instead of retrying a dead broker.
        task.apply_async(kwargs=kwargs, countdown=countdown, retry=False)
    except Exception:
        logger.warning("Could not enqueue %s; %s", task.name, meanwhile, exc_info=True)
        return False
    return True
