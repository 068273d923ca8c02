"""What the roll-up does when the layers below it announce a change (connected in
RollupsConfig.ready)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import transaction

from rollups.requested import plans_recompute_after_edit
from rollups.services import mark_for_rollup
from rollups.tasks import enqueue_rollup


def values_changed_mark(sender, *, marks: Iterable[tuple[int, date]], **kwargs) -> None:
    """Mark the changed (indicator, month) pairs in the caller's transaction and queue the
    incremental roll-up once it commits."""
    mark_for_rollup(marks=marks)
    transaction.on_commit(enqueue_rollup)


def plans_edited_recompute(sender, *, plan_ids: Iterable[int], **kwargs) -> None:
    """Request a full roll-up of each edited plan in the edit's transaction; the run is queued
    once it commits."""
    plans_recompute_after_edit(plan_ids=plan_ids)
