"""Personal API tokens: a person's named keys for the API, stored hashed (the key is shown once,
when created), with when they were created and last used, revoked instead of deleted."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from plans.querysets import EntityScopedManager, EntityScopedQuerySet


class ApiTokenQuerySet(EntityScopedQuerySet):
    def active(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A personal API token. Whoever presents its key acts as its user, with that user's role
    and entity, until it is revoked."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("usuario")
    )
    name = models.CharField(_("nombre"), max_length=100, help_text=_("Para qué lo usa, por ejemplo «Intranet»."))
    # The first characters of the key, to tell tokens apart; never enough to use one.
    prefix = models.CharField(_("comienzo de la clave"), max_length=12, db_index=True)
    key_hash = models.CharField(_("huella de la clave"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("creado el"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("usado por última vez el"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revocado el"), null=True, blank=True)

    entity_path = "user__entity"
    objects = EntityScopedManager.from_queryset(ApiTokenQuerySet)()

    class Meta:
        verbose_name = _("token de la API")
        verbose_name_plural = _("tokens de la API")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
