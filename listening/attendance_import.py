"""Reading an attendance sheet (XLSX or CSV) into rows: all or nothing, each refusal names its
row and column."""

from __future__ import annotations

import csv
import io
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from listening.services import AttendanceRow
from listening.validators import validate_plain_text

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
YES = {"si", "sí", "s", "x", "1", "yes", "true", "verdadero", "asistio", "asistió"}
NO = {"no", "n", "0", "false", "falso", ""}
COLUMNS = {
    "nombre": "name",
    "correo": "email",
    "correo electronico": "email",
    "dependencia": "area_name",
    "asistio": "attended",
    "usa la herramienta": "adopted",
    "adopto": "adopted",
}


def _plain(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(text.lower().replace("¿", "").replace("?", "").split())


def _rows_of(upload) -> list[list[str]]:
    if upload.size > MAX_BYTES:
        raise ValidationError({"sheet": _("La hoja pesa más de 2 MB.")})
    name = upload.name.lower()
    data = upload.read()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception:  # any broken workbook is the same refusal to the user
            raise ValidationError({"sheet": _("No se pudo leer el archivo como hoja XLSX.")}) from None
        return [
            ["" if cell is None else str(cell).strip() for cell in row] for row in sheet.iter_rows(values_only=True)
        ]
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t") if text.strip() else csv.excel
        return [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text), dialect)]
    raise ValidationError({"sheet": _("Suba una hoja XLSX o CSV.")})


def _flag(value: str, row: int, column: str, *, blank) -> bool | None:
    plain = _plain(value)
    if plain == "":
        return blank
    if plain in YES:
        return True
    if plain in NO:
        return False
    raise ValidationError(
        _("Fila %(row)d, columna «%(column)s»: escriba sí o no (tiene «%(value)s»).")
        % {"row": row, "column": column, "value": value}
    )


def attendance_rows_read(upload) -> list[AttendanceRow]:
    """Return the sheet's rows, or raise one ValidationError listing every bad row."""
    table = [row for row in _rows_of(upload) if any(row)]
    if not table:
        raise ValidationError({"sheet": _("La hoja está vacía.")})
    header = [COLUMNS.get(_plain(cell)) for cell in table[0]]
    if "name" not in header:
        raise ValidationError({"sheet": _("Falta la columna «nombre» en la primera fila.")})
    if len(table) - 1 > MAX_ROWS:
        raise ValidationError({"sheet": _("La hoja tiene más de %(max)d filas.") % {"max": MAX_ROWS}})
    rows, errors = [], []
    for number, cells in enumerate(table[1:], start=2):
        values = {key: (cells[i] if i < len(cells) else "") for i, key in enumerate(header) if key}
        try:
            if not values["name"]:
                raise ValidationError(_("Fila %(row)d: falta el nombre.") % {"row": number})
            for key in ("name", "area_name"):
                try:
                    validate_plain_text(values.get(key, ""))
                except ValidationError as error:
                    raise ValidationError(
                        _("Fila %(row)d: %(error)s") % {"row": number, "error": error.messages[0]}
                    ) from None
            if values.get("email"):
                try:
                    validate_email(values["email"])
                except ValidationError:
                    raise ValidationError(
                        _("Fila %(row)d, columna «correo»: «%(value)s» no es un correo válido.")
                        % {"row": number, "value": values["email"]}
                    ) from None
            rows.append(
                AttendanceRow(
                    name=values["name"][:160],
                    email=values.get("email", ""),
                    area_name=values.get("area_name", "")[:160],
                    attended=_flag(values.get("attended", ""), number, _("asistió"), blank=True),
                    adopted=_flag(values.get("adopted", ""), number, _("usa la herramienta"), blank=None),
                )
            )
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"sheet": errors})
    return rows
