"""Spreadsheet exports of the dashboards and the open data: CSV and XLSX responses.

Every text cell of every export goes through ``escape_spreadsheet_text``: a name typed as
``=HYPERLINK(…)`` in the admin must reach a spreadsheet as text, never as a formula (OWASP
«CSV injection»; ASVS 5.3.x asks for ``= + - @``, tab and carriage return, not only ``=``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise

# What a spreadsheet may read as the start of a formula (or of a DDE call).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def escape_spreadsheet_text(value):
    """Return ``value`` with a leading apostrophe when it is text a spreadsheet would evaluate
    (it begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return); anything else as is.

    Numbers are left alone: a negative number is a number, not a formula.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def plain_number(value: Decimal | int | float | None) -> str:
    """Return a number as machine-readable text: a point for decimals, no grouping, no trailing
    zeros (``12.5``, ``1234567``); empty for no value."""
    if value is None:
        return ""
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, Decimal | int | float):
        return plain_number(value)
    if isinstance(value, datetime):
        return (
            timezone.localtime(value).isoformat(timespec="seconds") if timezone.is_aware(value) else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return escape_spreadsheet_text(str(value))


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """Return the rows as CSV text: UTF-8 with a byte order mark (so that Excel reads the
    accents right), commas between fields (RFC 4180, what datos.gov.co expects; numbers carry a
    point for decimals, so a comma never clashes with them), CRLF line ends, text escaped."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, delimiter=",", lineterminator="\r\n")
    writer.writerow([escape_spreadsheet_text(name) for name in header])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue()


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """Return a CSV download (see ``csv_text``)."""
    response = HttpResponse(csv_text(header, rows).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _xlsx_cell(value):
    if isinstance(value, Promise):
        value = str(value)  # a translated label (openpyxl takes plain str only)
    if isinstance(value, Decimal):
        # openpyxl writes a Decimal as a number; an integral one reads better without ",0000".
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, datetime) and timezone.is_aware(value):
        # Excel has no time zones: the Colombian wall-clock time.
        return timezone.localtime(value).replace(tzinfo=None)
    return escape_spreadsheet_text(value)


def xlsx_bytes(title: str, header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """Return a one-sheet workbook: a bold header row, then the rows (numbers as numbers, text
    escaped). Written in openpyxl's write-only mode, so memory stays flat for long tables."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=title[:31])
    bold = Font(bold=True)
    header_cells = []
    for name in header:
        cell = WriteOnlyCell(sheet, value=escape_spreadsheet_text(name))
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for row in rows:
        sheet.append([_xlsx_cell(value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def xlsx_response(filename: str, title: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """Return an XLSX download (see ``xlsx_bytes``)."""
    response = HttpResponse(xlsx_bytes(title, header, rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def table_response(fmt: str, *, filename: str, title: str, header: Sequence[str], rows: Iterable[Sequence]):
    """Return the table as ``fmt`` ("csv" or "xlsx"), named ``filename`` plus the extension."""
    if fmt == "xlsx":
        return xlsx_response(f"{filename}.xlsx", title, header, rows)
    return csv_response(f"{filename}.csv", header, rows)
