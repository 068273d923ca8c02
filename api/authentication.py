"""How the API knows who calls: a personal token in ``Authorization: Bearer <key>``, or the
site's session (with its CSRF check) for the site's own pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from api.tokens import token_for_key

SCHEMES = ("bearer", "token")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """A personal API token (api.models.ApiToken), sent as ``Authorization: Bearer <key>``."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower().decode(errors="replace") not in SCHEMES:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Envíe la cabecera como «Authorization: Bearer <token>»."))
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("El token no es válido o fue revocado.")) from None
        token = token_for_key(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("El token no es válido o fue revocado."))
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.ApiTokenAuthentication"
    name = "tokenPersonal"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _("Token personal de la API: créelo en «Tokens de la API» de su cuenta y envíelo como Bearer.")
            ),
        }
