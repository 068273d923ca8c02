from __future__ import annotations

from django.http import Http404

from plans.models import Entity, User


def entity_of_user(*, user: User) -> Entity:
    """Return the user's entity, or raise Http404 (a user without entity attends no request)."""
    if user.entity_id is None:
        raise Http404
    return user.entity


def entity_get_public(*, entity_id: int) -> Entity:
    try:
        return Entity.objects.get(pk=entity_id)
    except Entity.DoesNotExist:
        raise Http404 from None
