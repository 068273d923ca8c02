"""Checks of what citizens write in the public forms, shared by the forms and the services."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MATERIAL_MAX_BYTES = 20 * 1024 * 1024

# Markup and script: a tag, an event handler attribute, a javascript:/data: address.
_SCRIPTED = re.compile(
    r"<\s*/?\s*[a-z!?][^>]*>|\bon[a-z]+\s*=|javascript\s*:|data\s*:\s*text/html|vbscript\s*:", re.IGNORECASE
)
# Control characters other than tab and line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def validate_plain_text(value: str) -> None:
    """Refuse markup, script and control characters: a citizen's message is plain text."""
    if _SCRIPTED.search(value or ""):
        raise ValidationError(
            _("Escriba solo texto: no se admiten etiquetas HTML, código ni enlaces de script."), code="scripted"
        )
    if _CONTROL.search(value or ""):
        raise ValidationError(_("El texto tiene caracteres de control no admitidos."), code="control")


def validate_material_size(upload) -> None:
    if upload and upload.size > MATERIAL_MAX_BYTES:
        raise ValidationError(_("El archivo pesa más de 20 MB."))
