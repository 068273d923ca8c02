"""Entity scoping shared by every model that belongs to an entity.

Each model names the path from itself to its entity (``entity_path``); ``for_user`` is the one
place that turns a user into the rows they may see, and the admin, views and exports all go
through it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.db import models

if TYPE_CHECKING:
    from plans.models import Entity, User


class EntityScopedQuerySet(models.QuerySet):
    def _entity_path(self) -> str:
        return self.model.entity_path

    def for_entity(self, entity: Entity | int) -> Self:
        entity_id = entity if isinstance(entity, int) else entity.pk
        return self.filter(**{self._entity_path(): entity_id})

    def for_user(self, user: User) -> Self:
        """Return the rows ``user`` may see: all for a superuser, their entity's otherwise."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        if user.entity_id is None:
            return self.none()
        return self.for_entity(user.entity_id)


EntityScopedManager = models.Manager.from_queryset(EntityScopedQuerySet)
