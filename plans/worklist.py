"""The press office's worklist: what waits for it, gathered by registration.

Each app that gives the press office work registers its queue items here from its
``AppConfig.ready()`` (logs to review, pieces to approve, failed reports, periods closing,
suggestions to triage). The press office's home (``plans.views.press_home``) renders whatever
is registered, so this, the lowest app, never imports the apps above it; it names their pages
by URL only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from plans.models import User
from plans.rules import allows


@dataclass(frozen=True)
class QueueItem:
    """What waits for the press office in one place.

    ``count(user=…)`` returns how many rows wait, within the user's scope (its entity's; every
    entity's for a superuser), in one query. ``url_name``, with ``query`` (a query string without
    its «?») and ``fragment`` (an anchor without its «#»), is the page where they are dealt
    with. ``perm`` is the rule of ``plans.rules`` the user must pass to see the item.
    """

    key: str
    label: str
    order: int
    count: Callable[..., int]
    url_name: str
    perm: str
    query: str = ""
    fragment: str = ""
    help_text: str = ""

    def url(self) -> str:
        url = reverse(self.url_name)
        if self.query:
            url = f"{url}?{self.query}"
        return f"{url}#{self.fragment}" if self.fragment else url


@dataclass(frozen=True)
class QueueRow:
    """A queue item as one user sees it: its count and where to go."""

    item: QueueItem
    count: int
    url: str


_ITEMS: dict[str, QueueItem] = {}


def register(
    key: str,
    *,
    label: str,
    order: int,
    count: Callable[..., int],
    url_name: str,
    perm: str,
    query: str = "",
    fragment: str = "",
    help_text: str = "",
) -> None:
    """Register the queue item ``key`` (see ``QueueItem``); registering a key again replaces it."""
    _ITEMS[key] = QueueItem(
        key=key,
        label=label,
        order=order,
        count=count,
        url_name=url_name,
        perm=perm,
        query=query,
        fragment=fragment,
        help_text=help_text,
    )


def items() -> list[QueueItem]:
    """Return the registered items in the order they show (by order, then key)."""
    return sorted(_ITEMS.values(), key=lambda item: (item.order, item.key))


def worklist_for_user(*, user: User) -> list[QueueRow]:
    """Return the queue items ``user`` may see with their counts: one count query per item,
    whatever the number of rows waiting."""
    return [
        QueueRow(item=item, count=item.count(user=user), url=item.url()) for item in items() if allows(user, item.perm)
    ]
