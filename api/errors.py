"""Every error of the API as JSON, in the caller's language (Spanish unless the request asks for
English with ``Accept-Language: en``), naming the field it is about:

    {"status": 400, "code": "invalid", "detail": "…", "errors": {"date": ["…"]}}

``errors`` maps a field (``values[0].value`` inside a list, ``non_field_errors`` for the request
as a whole) to its messages; it is empty when the error is about no field.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler

logger = logging.getLogger("api")

NON_FIELD = api_settings.NON_FIELD_ERRORS_KEY


def requested_language(request) -> str | None:
    """The language an API request asks for in Accept-Language: es-co or en, else None."""
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    if len(header) > 500:
        return None
    for code, _quality in parse_accept_lang_header(header):
        base = code.split("-")[0].lower()
        if base == "en":
            return "en"
        if base == "es":
            return "es-co"
    return None


class LanguageMixin:
    """Speak the language of Accept-Language (es by default, the site's cookie otherwise)."""

    def dispatch(self, request, *args, **kwargs):
        language = requested_language(request)
        if language:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        response = super().dispatch(request, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        return response


def _field_name(prefix: str, key) -> str:
    if isinstance(key, int):  # a list's errors by index
        return f"{prefix}[{key}]"
    return f"{prefix}.{key}" if prefix else str(key)


def flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """Turn DRF's nested error detail into ``{"field.sub[0].x": [messages]}``."""
    out: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = _field_name(prefix, key)
            for field, messages in flatten(value, name).items():
                out.setdefault(field, []).extend(messages)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            out.setdefault(prefix or NON_FIELD, []).extend(str(item) for item in detail)
        else:
            for index, item in enumerate(detail):
                if item:
                    for field, messages in flatten(item, f"{prefix}[{index}]").items():
                        out.setdefault(field, []).extend(messages)
    else:
        out.setdefault(prefix or NON_FIELD, []).append(str(detail))
    return out


def service_errors(error: DjangoValidationError, rename=None) -> dict[str, list[str]]:
    """A service's ValidationError as API errors: ``__all__`` becomes ``non_field_errors``, and
    ``rename`` maps a service key (``value_12``) to the API's field when it has one."""
    if not hasattr(error, "error_dict"):
        return {NON_FIELD: list(error.messages)}
    out: dict[str, list[str]] = {}
    for key, messages in error.message_dict.items():
        name = NON_FIELD if key == "__all__" else (rename(key) if rename else key)
        out.setdefault(name, []).extend(messages)
    return out


def _body(status_code: int, code: str, detail: str, errors: dict | None = None) -> dict:
    return {"status": status_code, "code": code, "detail": detail, "errors": errors or {}}


def api_exception_handler(exc, context):
    """DRF's handler with one JSON shape, Django's exceptions mapped, and no HTML 500."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(service_errors(exc))
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, SuspiciousOperation):
        exc = exceptions.ParseError(_("La solicitud no es válida."))
    response = exception_handler(exc, context)
    if response is None:
        logger.exception("Unhandled API error", exc_info=exc)
        return Response(
            _body(500, "error", _("Ocurrió un error interno; ya quedó registrado. Intente de nuevo más tarde.")),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    if isinstance(exc, exceptions.ValidationError):
        errors = flatten(exc.detail)
        detail = _("La solicitud tiene errores: revise los campos indicados.")
        code = "invalid"
    else:
        errors = {}
        detail = str(exc.detail)
        code = getattr(exc, "default_code", "error")
        if isinstance(exc.detail, exceptions.ErrorDetail):
            code = exc.detail.code or code
    response.data = _body(response.status_code, str(code), detail, errors)
    return response
