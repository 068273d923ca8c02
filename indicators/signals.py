"""Signals of the measurement layer.

``values_changed``: the figures of some (indicator, month) pairs may have changed — a log moved
into or out of the counted statuses, an indicator's targets changed, a record that an automatic
indicator counts was saved or deleted. Sent inside the transaction that made the change, with
``marks``, a list of (indicator id, first day of the month). The roll-up app receives it: it
writes its marks in that same transaction (so nothing is lost when the broker is down) and
queues a run once the transaction commits. The apps below the roll-up announce their changes
this way and never import it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.dispatch import Signal

values_changed = Signal()


def values_changed_announce(*, sender: object, marks: Iterable[tuple[int, date]]) -> None:
    """Send ``values_changed`` for ``marks`` (nothing when there are none)."""
    marks = list(marks)
    if marks:
        values_changed.send(sender=sender, marks=marks)
