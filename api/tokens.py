"""Creating, finding and revoking personal API tokens.

A key is ``cp_`` followed by 40 random URL-safe characters. Only its SHA-256 is stored: a key
has enough entropy that a fast hash is safe, and a lookup by hash costs one indexed query.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from api.models import ApiToken
from plans.models import User

KEY_PREFIX = "cp_"
NAME_MAX = 100
TOKENS_MAX = 20
# last_used_at is written at most this often per token, not on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


@transaction.atomic
def token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token named ``name`` for ``user``; return it with its key, shown only now."""
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": [_("Indique un nombre para el token.")]})
    if len(name) > NAME_MAX:
        raise ValidationError({"name": [_("El nombre admite hasta %(max)s caracteres.") % {"max": NAME_MAX}]})
    if ApiToken.objects.filter(user=user).active().count() >= TOKENS_MAX:
        raise ValidationError(
            {"name": [_("Tiene %(max)s tokens activos: revoque uno antes de crear otro.") % {"max": TOKENS_MAX}]}
        )
    key = KEY_PREFIX + secrets.token_urlsafe(30)
    token = ApiToken.objects.create(user=user, name=name, prefix=key[:10], key_hash=key_hash(key))
    return token, key


def token_revoke(*, user: User, token_id: int) -> ApiToken | None:
    """Revoke ``user``'s token ``token_id``; return it, or None when it is not one of theirs."""
    token = ApiToken.objects.filter(user=user, pk=token_id).first()
    if token is not None and token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_for_key(key: str) -> ApiToken | None:
    """Return the active token whose key is ``key``, with its user, or None."""
    if not key.startswith(KEY_PREFIX) or len(key) > 100:
        return None
    token = (
        ApiToken.objects.active()
        .select_related("user", "user__entity", "user__area")
        .filter(key_hash=key_hash(key))
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def tokens_for_user(*, user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-pk"))
