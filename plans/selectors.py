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
