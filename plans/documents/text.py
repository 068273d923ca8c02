"""Formatting shared by every generated file (the plan document, the periodic reports)."""

from __future__ import annotations

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

EMPTY = "—"
# How a plan's text marks a list item («- », «• »), and a definition («Término: explicación»).
BULLET = re.compile(r"^\s*[-•*·]\s+")
TERM = re.compile(r"^([^:]{2,60}):\s+(.+)$")


def decimal_or_none(value) -> Decimal | None:
    return None if value is None or value == "" else Decimal(value)


def fmt_number(value, *, places: int = 2) -> str:
    """Return ``value`` in Colombian format with up to ``places`` decimals: 1.234,5."""
    number = decimal_or_none(value)
    if number is None:
        return EMPTY
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP).normalize()
    decimals = max(0, -number.as_tuple().exponent)
    return number_format(number, decimals, use_l10n=True, force_grouping=True)


def fmt_yes_no(value) -> str:
    """Return a milestone's value as a person reads it: «Sí» (1, met) or «No» (0); the pages
    and the files of the periodic report alike."""
    number = decimal_or_none(value)
    if number is None:
        return EMPTY
    return _("Sí") if number >= 1 else _("No")


# Typographic characters people paste that Windows-1252 lacks, and what stands in for them.
PDF_REPLACEMENTS = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\u2009": " ",
        "\u202f": " ",
        "\u200b": "",
        "\u2265": ">=",
        "\u2264": "<=",
        "\u2192": "->",
    }
)


def pdf_text(text: str) -> str:
    """Return ``text`` in what the PDF's standard font can show (Windows-1252): accents and
    Spanish signs stay; other characters become their unaccented form, or «?»."""
    text = text.translate(PDF_REPLACEMENTS)
    out = []
    for char in text:
        try:
            char.encode("cp1252")
        except UnicodeEncodeError:
            plain = unicodedata.normalize("NFKD", char).encode("cp1252", "ignore").decode("cp1252")
            out.append(plain or "?")
        else:
            out.append(char)
    return "".join(out)
