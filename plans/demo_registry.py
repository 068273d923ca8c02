"""The registry of demo loaders: each app registers the loader of its demo data here (from its
``demo.py``), and ``load_demo`` (the demo app, above every app) runs them in order.

It lives in the lowest app so that any app may register without importing the apps above it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class DemoLoader:
    """A demo loader: ``load()`` creates what is missing (idempotent) and returns the line
    ``load_demo`` prints, or None to print nothing."""

    name: str
    order: int
    load: Callable[[], str | None]


_LOADERS: dict[str, DemoLoader] = {}


def register(name: str, *, order: int, load: Callable[[], str | None]) -> None:
    """Register ``load`` as the demo loader ``name``, run at ``order`` (lower first). Registering
    a name again replaces its loader."""
    _LOADERS[name] = DemoLoader(name=name, order=order, load=load)


def loaders() -> list[DemoLoader]:
    """Return the registered loaders in the order they run (by order, then name)."""
    return sorted(_LOADERS.values(), key=lambda loader: (loader.order, loader.name))
