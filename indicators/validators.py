"""Checks on indicator values shared by forms, the admin and imports, so that all agree."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from indicators.enums import Unit


def validate_value_for_unit(unit: str, value: Decimal | None) -> None:
    """Raise ValidationError if ``value`` is not a valid amount of ``unit``."""
    if value is None:
        return
    if value < 0:
        raise ValidationError(_("El valor no puede ser negativo."), code="negative")
    if unit == Unit.PERCENTAGE and value > 100:
        raise ValidationError(_("Un porcentaje no puede ser mayor que 100."), code="over_100")
    if unit == Unit.MILESTONE and value not in (0, 1):
        raise ValidationError(_("Un hito solo admite 1 (cumplido) o 0 (no cumplido)."), code="milestone")
    if unit == Unit.COUNT and value != value.to_integral_value():
        raise ValidationError(_("Un conteo debe ser un número entero."), code="not_integer")


# What an evidence file may be, told by its first bytes (its content), not by its name.
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls / .ppt
EVIDENCE_KINDS: dict[str, tuple[tuple[bytes, ...], str]] = {
    ".pdf": ((b"%PDF-",), "application/pdf"),
    ".png": ((b"\x89PNG\r\n\x1a\n",), "image/png"),
    ".jpg": ((b"\xff\xd8\xff",), "image/jpeg"),
    ".jpeg": ((b"\xff\xd8\xff",), "image/jpeg"),
    ".gif": ((b"GIF87a", b"GIF89a"), "image/gif"),
    ".webp": ((b"RIFF",), "image/webp"),
    ".docx": ((_ZIP,), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".xlsx": ((_ZIP,), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ".pptx": ((_ZIP,), "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    ".odt": ((_ZIP,), "application/vnd.oasis.opendocument.text"),
    ".ods": ((_ZIP,), "application/vnd.oasis.opendocument.spreadsheet"),
    ".doc": ((_OLE,), "application/msword"),
    ".xls": ((_OLE,), "application/vnd.ms-excel"),
}


def evidence_content_type(name: str, head: bytes, size: int) -> str:
    """Return the content type of an evidence file, or raise ValidationError in Spanish.

    ``head`` is the file's first bytes. The extension must be one we accept and the content
    must start as that kind of file does: an executable renamed .pdf is refused.
    """
    import posixpath

    base = posixpath.basename(name.replace("\\", "/"))
    if not base or base != name or base.startswith("."):
        raise ValidationError(_("El nombre del archivo «%(name)s» no es válido.") % {"name": name}, code="name")
    if size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("El archivo «%(name)s» pesa más de %(mb)s MB.")
            % {"name": base, "mb": EVIDENCE_MAX_BYTES // 1024 // 1024},
            code="size",
        )
    extension = posixpath.splitext(base)[1].lower()
    if extension not in EVIDENCE_KINDS:
        raise ValidationError(
            _("«%(name)s»: solo se aceptan PDF, imágenes y documentos de oficina (%(kinds)s).")
            % {"name": base, "kinds": ", ".join(sorted(EVIDENCE_KINDS))},
            code="extension",
        )
    signatures, content_type = EVIDENCE_KINDS[extension]
    if not head.startswith(signatures) or (extension == ".webp" and head[8:12] != b"WEBP"):
        raise ValidationError(
            _("El contenido de «%(name)s» no corresponde a un archivo %(ext)s.") % {"name": base, "ext": extension},
            code="content",
        )
    return content_type


def validate_http_url(value: str) -> None:
    """Accept only http and https addresses."""
    from django.core.validators import URLValidator

    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise ValidationError(
            _("«%(value)s» no es una dirección web válida (debe empezar por http:// o https://).") % {"value": value},
            code="url",
        ) from None
