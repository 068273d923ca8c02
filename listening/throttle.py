"""Throttling of the public forms: at most so many submissions per address in a window, counted
in Django's cache (Redis in production, shared by every web process; local memory on a laptop)."""

from __future__ import annotations

import hashlib

from django.core.cache import cache
from django.http import HttpRequest

# Submissions one address may make to each public form in WINDOW seconds. A survey is often
# answered by a whole office behind one public address: it allows more.
LIMITS = {"suggestion": 10, "survey": 40}
WINDOW = 10 * 60


def client_address(request: HttpRequest) -> str:
    # REMOTE_ADDR only: a forwarded header is the client's to forge (the proxy sets REMOTE_ADDR
    # where one is in front, see the deployment notes).
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _key(scope: str, request: HttpRequest) -> str:
    digest = hashlib.sha256(client_address(request).encode()).hexdigest()[:32]
    return f"listening:throttle:{scope}:{digest}"


def throttle_exceeded(request: HttpRequest, scope: str) -> bool:
    """Return whether the address already made its allowed submissions of ``scope`` in the window."""
    return (cache.get(_key(scope, request)) or 0) >= LIMITS[scope]


def throttle_count(request: HttpRequest, scope: str) -> None:
    """Count one submission of ``scope`` from the request's address."""
    key = _key(scope, request)
    if cache.add(key, 1, WINDOW):
        return
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, WINDOW)
