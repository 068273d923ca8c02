"""The placeholders of crisis message templates: the fixed list, their validation and rendering.

A placeholder is a known name between braces (``{servicio}``). Braces mean nothing else in a
template, so a stray or unknown one is an error the press office sees while writing the
template, never a broken message in the middle of a crisis.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

PLACEHOLDERS: dict[str, str] = {
    "titulo": _("título del incidente"),
    "servicio": _("servicio afectado"),
    "fecha_inicio": _("fecha de inicio (dd/mm/aaaa)"),
    "hora_inicio": _("hora de inicio (hh:mm, hora de Colombia)"),
    "severidad": _("nivel de severidad"),
    "entidad": _("nombre de la entidad"),
    "vocero": _("vocero designado"),
    "proxima_actualizacion": _("hora de la próxima actualización"),
}

_TOKEN = re.compile(r"\{([^{}]*)\}")


def placeholders_help_text():
    """Return the help text that lists the known placeholders."""
    names = ", ".join(f"{{{name}}} ({label})" for name, label in PLACEHOLDERS.items())
    return format_lazy("{}: {}", _("Marcadores disponibles"), names)


def placeholders_in(text: str) -> list[str]:
    """Return the placeholder names ``text`` uses, in order of appearance."""
    return [match.group(1) for match in _TOKEN.finditer(text or "")]


def validate_placeholders(text: str) -> None:
    """Raise a Spanish ValidationError naming each unknown placeholder or stray brace."""
    unknown = [name for name in dict.fromkeys(placeholders_in(text)) if name not in PLACEHOLDERS]
    errors = []
    if unknown:
        errors.append(
            ValidationError(
                _("Marcador desconocido: %(names)s. Use solo los marcadores de la lista."),
                code="unknown_placeholder",
                params={"names": ", ".join(f"{{{name}}}" for name in unknown)},
            )
        )
    if "{" in _TOKEN.sub("", text or "") or "}" in _TOKEN.sub("", text or ""):
        errors.append(
            ValidationError(
                _("Hay una llave «{» o «}» sin pareja: las llaves solo encierran marcadores, como {servicio}."),
                code="stray_brace",
            )
        )
    if errors:
        raise ValidationError(errors)


def render_placeholders(text: str, values: dict[str, str]) -> str:
    """Return ``text`` with every known placeholder replaced by its value (unknown ones stay)."""
    return _TOKEN.sub(lambda m: values.get(m.group(1), m.group(0)), text or "")
