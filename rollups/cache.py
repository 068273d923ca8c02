"""The version of a plan's rolled-up figures, kept in Django's cache.

A roll-up bumps it once it commits; whatever caches a plan's figures (the dashboards' tiles,
the public page) keys them by it, so a new roll-up makes the old entries unreachable at once."""

from __future__ import annotations

import time

from django.core.cache import cache

# --- cache ----------------------------------------------------------------------------------


def _version_key(plan_id: int) -> str:
    return f"dashboards:plan:{plan_id}:version"


def plan_cache_version(plan_id: int) -> int:
    """Return the current cache version of a plan's dashboards (created on first use)."""
    key = _version_key(plan_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, time.time_ns(), timeout=None)
        version = cache.get(key, 0)
    return version


def plan_cache_bump(*, plan_id: int) -> None:
    """Drop every cached figure and page of the plan: a new version makes the old keys
    unreachable (they expire on their own). Called once a roll-up of the plan commits."""
    cache.set(_version_key(plan_id), time.time_ns(), timeout=None)
