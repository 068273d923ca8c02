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
