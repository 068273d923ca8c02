"""Reads of the plans app that span models or apply the user's scope."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from plans.models import Entity, Plan, User


def plan_get_for_user(*, user: User, plan_id: int) -> Plan:
    """Return the plan ``plan_id`` if ``user`` may see it, or raise Http404."""
    try:
        return Plan.objects.for_user(user).select_related("entity", "parent").get(pk=plan_id)
    except (Plan.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def plan_list_for_user(*, user: User) -> QuerySet[Plan]:
    """Return the plans ``user`` may see, with their entity, newest vigencia first."""
    return Plan.objects.for_user(user).select_related("entity").order_by("entity__name", "-vigencia_start")


def entities_compared_by(*, user: User) -> QuerySet[Entity] | None:
    """Return the entities whose aggregated progress ``user`` may compare, or None when the
    user follows no other entity: every entity for a superuser; for the people of a
    supervising entity (a governorship, MinTIC), their own entity and those it follows."""
    if user.is_superuser:
        return Entity.objects.all()
    if user.entity_id is None or not Entity.objects.filter(supervisors=user.entity_id).exists():
        return None
    return Entity.objects.filter(Q(pk=user.entity_id) | Q(supervisors=user.entity_id)).distinct()


def matrix_lines(responsibilities: list, items: list, *, activity_of=lambda item: item) -> list[tuple[object, object]]:
    """Pair a component's responsibilities with its activities as the seed matrices print them.

    Return (responsibility or None, item or None) in order: each item (an activity, or what
    ``activity_of`` reads an activity from) beside the responsibility it carries out; a
    responsibility no activity carries on a line of its own, placed before the first activity
    whose responsibility comes after it, so the component's order of responsibilities holds.
    """
    position = {r.pk: n for n, r in enumerate(responsibilities)}
    carried = {activity_of(item).responsibility_id for item in items}
    pending = [r for r in responsibilities if r.pk not in carried]
    lines: list[tuple[object, object]] = []

    def flush(before: int) -> None:
        while pending and position[pending[0].pk] < before:
            lines.append((pending.pop(0), None))

    for item in items:
        responsibility_id = activity_of(item).responsibility_id
        if responsibility_id in position:
            flush(position[responsibility_id])
            lines.append((responsibilities[position[responsibility_id]], item))
        else:
            lines.append((None, item))
    flush(len(responsibilities))
    return lines
