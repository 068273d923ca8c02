"""Read the spreadsheets people upload (CSV, XLSX, ODS) into one plain table.

Every import of the product (plan matrix, execution-log history) reads its file here, so they
all accept the same files and refuse the same ones with the same Spanish messages. The format is
decided by the first bytes of the file, never by its extension: a PDF renamed ``.xlsx`` is refused
as a PDF. Limits are checked before reading (size) and while reading (rows), so a huge or
malicious file costs little.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook

__all__ = [
    "MissingSheetError",
    "Row",
    "SpreadsheetError",
    "Table",
    "normalize_name",
    "parse_date",
    "parse_decimal",
    "read_table",
]


class SpreadsheetError(Exception):
    """The whole file cannot be read; ``message`` tells the user why, in Spanish."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class MissingSheetError(SpreadsheetError):
    """The workbook has no sheet of the name asked for (the message names the ones it has)."""


@dataclass(frozen=True)
class Row:
    # The row number the user sees in their spreadsheet (the header is row 1).
    number: int
    # Normalized header key -> cleaned cell: text stripped (empty text is None); numbers, dates
    # and booleans from XLSX/ODS as Python values (percent cells as the number shown, 12.5).
    values: dict[str, object]


@dataclass(frozen=True)
class Table:
    headers: list[str]
    keys: list[str]
    rows: list[Row]
    format: str  # "csv" | "xlsx" | "ods"


# --- names -------------------------------------------------------------------------------------


# Performance: an import normalizes the same few area, activity and plan names on every row.
@lru_cache(maxsize=4096)
def normalize_name(text: str) -> str:
    """Return ``text`` casefolded, without accents, inner spaces collapsed and stripped.

    "  Código   del Indicador " and "codigo del indicador" give the same key, so headers match
    however people typed them.
    """
    decomposed = unicodedata.normalize("NFKD", str(text).casefold())
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(without_marks.split())


# --- values ------------------------------------------------------------------------------------

_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
# A single dot followed by exactly three digits, after 1-3 digits not starting with 0, is a
# thousands separator in Colombia ("1.500" pesos), so "1.234" is 1234 but "0.125" is 0.125.
_THOUSANDS_DOT = re.compile(r"[+-]?[1-9]\d{0,2}\.\d{3}")
_CURRENCY_NOISE = re.compile(r"(?i)cop|\$|\s")


def parse_decimal(value: object, *, field: str) -> Decimal:
    """Return ``value`` as a Decimal, reading Colombian and international notations.

    Accepts numbers from XLSX/ODS and text such as "1.234,5", "1234.5", "1.234.567", "12,5 %",
    "$ 1.500.000" or "COP 1500". Raises ValueError with a Spanish message naming ``field``.
    """
    if isinstance(value, bool):
        raise ValueError(_("«%(field)s»: se esperaba un número, no sí/no.") % {"field": field})
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        # str() gives the shortest text that round-trips, so 0.1 stays 0.1 and not 0.1000…0555.
        number = Decimal(str(value))
    elif value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(_("«%(field)s»: falta el número.") % {"field": field})
    elif isinstance(value, str):
        number = _decimal_from_text(value, field=field)
    else:
        raise ValueError(_not_a_number(value, field))
    if not number.is_finite():
        raise ValueError(_not_a_number(value, field))
    return number


def _not_a_number(value: object, field: str) -> str:
    return _("«%(field)s»: «%(value)s» no es un número (escriba por ejemplo 1.234,5).") % {
        "field": field,
        "value": value,
    }


def _decimal_from_text(text: str, *, field: str) -> Decimal:
    cleaned = _CURRENCY_NOISE.sub("", text.replace("\u00a0", " ")).rstrip("%")
    if "." in cleaned and "," in cleaned:
        # Whichever comes last separates the decimals; the other one groups thousands.
        thousands, decimal_sep = (".", ",") if cleaned.rfind(",") > cleaned.rfind(".") else (",", ".")
        cleaned = _drop_thousands(cleaned, thousands, text, field).replace(decimal_sep, ".")
    elif cleaned.count(",") > 1:
        cleaned = _drop_thousands(cleaned, ",", text, field)
    elif "," in cleaned:
        cleaned = cleaned.replace(",", ".")  # Colombian decimal comma: "12,5".
    elif cleaned.count(".") > 1 or _THOUSANDS_DOT.fullmatch(cleaned):
        cleaned = _drop_thousands(cleaned, ".", text, field)
    if not _NUMBER.fullmatch(cleaned):
        raise ValueError(_not_a_number(text.strip(), field))
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:
        raise ValueError(_not_a_number(text.strip(), field)) from error


def _drop_thousands(text: str, separator: str, original: str, field: str) -> str:
    """Remove thousands separators, refusing groups that are not three digits ("1.23.4")."""
    sign = text[0] if text[:1] in "+-" else ""
    body = text[len(sign) :]
    integer, rest = body, ""
    for other in ".,":
        if other != separator and other in body:
            integer, rest = body.split(other, 1)
            rest = other + rest
    groups = integer.split(separator)
    if not (1 <= len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])):
        raise ValueError(_not_a_number(original.strip(), field))
    return sign + "".join(groups) + rest


_MONTHS = {
    "enero": 1,
    "ene": 1,
    "febrero": 2,
    "feb": 2,
    "marzo": 3,
    "mar": 3,
    "abril": 4,
    "abr": 4,
    "mayo": 5,
    "may": 5,
    "junio": 6,
    "jun": 6,
    "julio": 7,
    "jul": 7,
    "agosto": 8,
    "ago": 8,
    "septiembre": 9,
    "setiembre": 9,
    "sep": 9,
    "sept": 9,
    "set": 9,
    "octubre": 10,
    "oct": 10,
    "noviembre": 11,
    "nov": 11,
    "diciembre": 12,
    "dic": 12,
}
# A time part after the date, as CSV exports of date cells often carry ("2025-01-31 00:00:00").
_TIME = r"(?:[ t]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s*[ap]\.?\s?m\.?)?)?"
_DAY_FIRST = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})" + _TIME)
_YEAR_FIRST = re.compile(r"(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})" + _TIME)
_MONTH_NAME = re.compile(r"(\d{1,2})(?:\s+de\s+|\s+|-|/)([a-z]+)\.?(?:\s+de\s+|\s+|-|/|\s*,\s*)(\d{4})")
# Excel counts days from 1899-12-30 (its serial 60 is the non-existent 1900-02-29).
_EXCEL_EPOCH = date(1899, 12, 30)
_EXCEL_MAX_SERIAL = 2_958_465  # 9999-12-31


def parse_date(value: object, *, field: str) -> date:
    """Return ``value`` as a date; text is always read day first, as written in Colombia.

    Accepts dates and datetimes from XLSX/ODS, Excel serial numbers, and text such as
    "31/01/2025", "31-01-2025", "31/01/25", "2025-01-31" or "31 de enero de 2025".
    Raises ValueError with a Spanish message naming ``field``.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool):
        raise ValueError(_not_a_date(value, field))
    if isinstance(value, int | float | Decimal):
        return _from_serial(value, field)
    if value is None or (isinstance(value, str) and not value.strip()):
        raise ValueError(_("«%(field)s»: falta la fecha.") % {"field": field})
    if not isinstance(value, str):
        raise ValueError(_not_a_date(value, field))
    text = normalize_name(value)
    if text.isdigit() and len(text) == 5:
        # A date cell exported to CSV as "General" (45688 is 2025-01-31). Shorter numbers are
        # more likely a year or a typo than a date before 1927.
        return _from_serial(int(text), field)
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year = (int(part) for part in match.groups())
        if len(match.group(3)) == 2:
            year += 2000 if year < 70 else 1900  # the same pivot as strptime's %y
    elif match := _YEAR_FIRST.fullmatch(text):
        year, month, day = (int(part) for part in match.groups())
    elif (match := _MONTH_NAME.fullmatch(text)) and match.group(2) in _MONTHS:
        day, month, year = int(match.group(1)), _MONTHS[match.group(2)], int(match.group(3))
    else:
        raise ValueError(_not_a_date(value.strip(), field))
    try:
        return date(year, month, day)
    except ValueError as error:
        raise ValueError(
            _("«%(field)s»: la fecha «%(value)s» no existe en el calendario.")
            % {"field": field, "value": value.strip()}
        ) from error


def _from_serial(value: int | float | Decimal, field: str) -> date:
    if not 1 <= value <= _EXCEL_MAX_SERIAL:
        raise ValueError(_not_a_date(value, field))
    return _EXCEL_EPOCH + timedelta(days=int(value))


def _not_a_date(value: object, field: str) -> str:
    return _("«%(field)s»: «%(value)s» no es una fecha (escriba por ejemplo 31/01/2025).") % {
        "field": field,
        "value": value,
    }


# --- files -------------------------------------------------------------------------------------

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Other common files people pick by mistake, recognized by their first bytes.
_NOT_SPREADSHEETS = {
    b"%PDF": "PDF",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"\x1f\x8b": "GZIP",
    b"Rar!": "RAR",
    b"7z\xbc\xaf": "7-Zip",
    b"{\\rtf": "RTF",
}
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
# A spreadsheet's XML compresses well, but not a thousandfold: more means a zip bomb.
_MAX_UNZIPPED_RATIO = 100


def read_table(
    file,
    *,
    filename: str,
    max_bytes: int | None = None,
    max_rows: int | None = None,
    sheet: str | None = None,
    required: Iterable[str] = (),
) -> Table:
    """Read a CSV, XLSX or ODS upload into a Table, or raise SpreadsheetError.

    ``file`` is an uploaded file, any binary file object, bytes, or a path. The header is the
    first non-empty row; empty rows are skipped. ``sheet`` picks a sheet by name (default: the
    first one). ``required`` lists header texts that must be present; the missing ones are named
    in the error. ``max_bytes`` and ``max_rows`` default to the IMPORT_MAX_* settings.
    """
    max_bytes = settings.IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    max_rows = settings.IMPORT_MAX_ROWS if max_rows is None else max_rows
    data = _read_bytes(file, max_bytes)
    if not data.strip():
        raise SpreadsheetError(_("El archivo «%(name)s» está vacío.") % {"name": filename})
    kind = _detect(data, filename)
    if kind == "csv":
        lines = _csv_lines(data, filename)
    elif kind == "xlsx":
        lines = _xlsx_lines(data, sheet, max_rows=max_rows, filename=filename)
    else:
        lines = _ods_lines(data, sheet)
    try:
        table = _build_table(lines, kind, max_rows, filename, sheet if kind != "csv" else None)
    except SpreadsheetError:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, ParseError, DefusedXmlException) as error:
        raise _damaged(filename) from error
    except (KeyError, ValueError, TypeError, AttributeError, IndexError, OSError) as error:
        # openpyxl reports damaged parts of a workbook with whatever the parser tripped on.
        raise _damaged(filename) from error
    _check_required(table, required)
    return table


def check_file(file, *, filename: str, max_bytes: int | None = None) -> str:
    """Refuse, before any parsing, a file that is too big, empty, password-protected, damaged or
    not a spreadsheet; return its kind ("csv", "xlsx" or "ods"). For imports that read the
    file with another library (django-import-export in the admin)."""
    data = _read_bytes(file, settings.IMPORT_MAX_BYTES if max_bytes is None else max_bytes)
    if hasattr(file, "seek"):
        file.seek(0)
    if not data.strip():
        raise SpreadsheetError(_("El archivo «%(name)s» está vacío.") % {"name": filename})
    return _detect(data, filename)


def _read_bytes(file, max_bytes: int) -> bytes:
    """Return the file's bytes, refusing it before reading when it is over the size limit."""
    if isinstance(file, bytes | bytearray):
        data = bytes(file)
    elif isinstance(file, str | Path):
        size = Path(file).stat().st_size
        if size > max_bytes:
            raise _too_big(size, max_bytes)
        data = Path(file).read_bytes()
    else:
        size = getattr(file, "size", None)
        if isinstance(size, int) and size > max_bytes:
            raise _too_big(size, max_bytes)
        if getattr(file, "seekable", lambda: False)():
            file.seek(0)
        # One byte over the limit is enough to know the file is too big, whatever it claims.
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _too_big(len(data), max_bytes)
    return data


def _too_big(size: int, max_bytes: int) -> SpreadsheetError:
    return SpreadsheetError(
        _("El archivo pesa %(size)s y el máximo admitido es %(max)s. Divídalo en varios archivos.")
        % {"size": filesizeformat(size), "max": filesizeformat(max_bytes)}
    )


def _damaged(filename: str) -> SpreadsheetError:
    return SpreadsheetError(
        _("El archivo «%(name)s» está dañado y no se puede leer. Ábralo en Excel o LibreOffice y guárdelo de nuevo.")
        % {"name": filename}
    )


def _not_spreadsheet(filename: str, what: str) -> SpreadsheetError:
    return SpreadsheetError(
        _(
            "El archivo «%(name)s» es un %(what)s, no una hoja de cálculo. Suba un archivo CSV, "
            "XLSX (Excel) u ODS (LibreOffice)."
        )
        % {"name": filename, "what": what}
    )


def _detect(data: bytes, filename: str) -> str:
    """Return "csv", "xlsx" or "ods" from the first bytes, or refuse the file."""
    if data.startswith(_OLE2):
        # Excel wraps a password-protected workbook in an OLE2 container with this stream.
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise SpreadsheetError(
                _(
                    "El archivo «%(name)s» está protegido con contraseña. Quite la contraseña en "
                    "Excel (Archivo > Información > Proteger libro) y súbalo de nuevo."
                )
                % {"name": filename}
            )
        raise SpreadsheetError(
            _(
                "El archivo «%(name)s» está en el formato antiguo de Excel 97-2003 (.xls) o de "
                "Office. Ábralo y guárdelo como XLSX o CSV."
            )
            % {"name": filename}
        )
    for magic, what in _NOT_SPREADSHEETS.items():
        if data.startswith(magic):
            raise _not_spreadsheet(filename, what)
    if data.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _detect_zip(data, filename)
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise _not_spreadsheet(filename, _("archivo binario"))
    return "csv"


def _detect_zip(data: bytes, filename: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unzipped = sum(info.file_size for info in archive.infolist())
            mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise _damaged(filename) from error
    if unzipped > _MAX_UNZIPPED_RATIO * max(len(data), 1024 * 1024):
        raise _damaged(filename)
    if "xl/workbook.xml" in names:
        return "xlsx"
    if mimetype == _ODS_MIMETYPE:
        return "ods"
    if "word/document.xml" in names or mimetype == b"application/vnd.oasis.opendocument.text":
        raise _not_spreadsheet(filename, _("documento de texto"))
    if "ppt/presentation.xml" in names:
        raise _not_spreadsheet(filename, _("presentación"))
    raise _not_spreadsheet(filename, _("archivo comprimido (ZIP)"))


def _csv_lines(data: bytes, filename: str) -> Iterator[list[object]]:
    text = _decode(data, filename)
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first_line))
    try:
        yield from reader
    except csv.Error as error:
        raise SpreadsheetError(
            _("El archivo CSV «%(name)s» no se puede leer cerca de la fila %(row)s: revise las comillas.")
            % {"name": filename, "row": reader.line_num}
        ) from error


def _decode(data: bytes, filename: str) -> str:
    """Decode CSV bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252.

    Excel on Windows saves "CSV" in Windows-1252 and "CSV UTF-8" with a BOM; valid UTF-8 without
    a BOM is almost never Windows-1252 text with accents, so UTF-8 is tried first.
    """
    if data.startswith(codecs.BOM_UTF8):
        encodings = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ["utf-16"]
    else:
        encodings = ["utf-8", "cp1252"]
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SpreadsheetError(
        _("No se reconoce la codificación del archivo «%(name)s». Guárdelo como «CSV UTF-8».") % {"name": filename}
    )


def _sniff_delimiter(line: str) -> str:
    """Return the delimiter used most in the header line, outside quotes: ";", "," or tab.

    Excel in Spanish saves CSV with ";" because "," is the decimal separator.
    """
    unquoted = re.sub(r'"[^"]*"', "", line)
    counts = {delimiter: unquoted.count(delimiter) for delimiter in (";", ",", "\t")}
    best = max(counts, key=counts.get)
    return best if counts[best] else ","


# The size a program declares when it does not know the used range: the whole sheet.
_XLSX_WHOLE_SHEET_ROWS = 1_048_576


def _xlsx_lines(data: bytes, sheet: str | None, *, max_rows: int, filename: str) -> Iterator[list[object]]:
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        worksheet = workbook[_pick_sheet(workbook.sheetnames, sheet)]
        # The sheet's declared dimension («A1:AK60001») decides the size before any row is
        # parsed: a sheet far over the limit is refused at once instead of after streaming
        # tens of thousands of rows. A declared header row is not a data row; the whole-sheet
        # claim some programs write says nothing and is left to the row count below.
        declared = worksheet.max_row
        if declared is not None and max_rows + 1 < declared < _XLSX_WHOLE_SHEET_ROWS:
            raise _too_many_rows(filename, max_rows, worksheet.title if sheet else None)
        # Some programs declare the whole sheet (A1:XFD1048576) as used; trusting that would
        # stream a million empty rows. Read the rows actually written instead.
        worksheet.reset_dimensions()
        for cells in worksheet.iter_rows():
            yield [_xlsx_value(cell) for cell in cells]
    finally:
        workbook.close()


def _xlsx_value(cell) -> object:
    value = cell.value
    # A cell showing "12,5 %" stores 0.125; give the number the user sees.
    is_number = isinstance(value, int | float) and not isinstance(value, bool)
    if is_number and "%" in (getattr(cell, "number_format", None) or ""):
        return Decimal(str(value)) * 100
    return value


def _too_many_rows(filename: str, max_rows: int, sheet: str | None = None) -> SpreadsheetError:
    values = {"name": filename, "max": f"{max_rows:,}".replace(",", "."), "sheet": sheet}
    if sheet:
        return SpreadsheetError(
            _(
                "La hoja «%(sheet)s» del archivo «%(name)s» tiene más de %(max)s filas de datos. "
                "Divídala en varios archivos."
            )
            % values
        )
    return SpreadsheetError(
        _("El archivo «%(name)s» tiene más de %(max)s filas de datos. Divídalo en varios archivos.") % values
    )


def _pick_sheet(names: list[str], sheet: str | None) -> str:
    if not names:
        raise SpreadsheetError(_("El libro no tiene hojas."))
    if sheet is None:
        return names[0]
    for name in names:
        if normalize_name(name) == normalize_name(sheet):
            return name
    raise MissingSheetError(
        _("El libro no tiene la hoja «%(sheet)s»; sus hojas son: %(names)s.")
        % {"sheet": sheet, "names": ", ".join(f"«{name}»" for name in names)}
    )


_TABLE_NS = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_OFFICE_NS = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TEXT_NS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
_T_TABLE = f"{{{_TABLE_NS}}}table"
_T_ROW = f"{{{_TABLE_NS}}}table-row"
_T_CELLS = (f"{{{_TABLE_NS}}}table-cell", f"{{{_TABLE_NS}}}covered-table-cell")
_T_NAME = f"{{{_TABLE_NS}}}name"
_T_ROWS_REPEATED = f"{{{_TABLE_NS}}}number-rows-repeated"
_T_COLS_REPEATED = f"{{{_TABLE_NS}}}number-columns-repeated"
_O_TYPE = f"{{{_OFFICE_NS}}}value-type"
_O_VALUE = f"{{{_OFFICE_NS}}}value"
_O_DATE = f"{{{_OFFICE_NS}}}date-value"
_O_BOOLEAN = f"{{{_OFFICE_NS}}}boolean-value"
_X_P = f"{{{_TEXT_NS}}}p"
_X_SPACE = f"{{{_TEXT_NS}}}s"
_X_TAB = f"{{{_TEXT_NS}}}tab"
_X_BREAK = f"{{{_TEXT_NS}}}line-break"
_X_COUNT = f"{{{_TEXT_NS}}}c"
_MAX_COLUMNS = 16_384


def _ods_lines(data: bytes, sheet: str | None) -> Iterator[list[object]]:
    """Stream the rows of one sheet of an ODS file (default: the first sheet).

    The content XML is parsed incrementally (defusedxml refuses entity tricks) instead of
    loading the whole document as odfpy does, so the row limit stops reading early. Repeated
    empty rows and columns (LibreOffice writes a million of them) are never expanded.
    """
    names: list[str] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open("content.xml") as content:
        in_sheet = False
        for event, element in iterparse(content, events=("start", "end")):
            if element.tag == _T_TABLE:
                if event == "start":
                    names.append(element.get(_T_NAME, ""))
                    in_sheet = normalize_name(names[-1]) == normalize_name(sheet or names[0])
                elif in_sheet:
                    return
                continue
            if event == "end" and element.tag == _T_ROW:
                if in_sheet:
                    cells = _ods_row(element)
                    repeat = int(element.get(_T_ROWS_REPEATED, "1"))
                    for _copy in range(repeat if any(v is not None for v in cells) else 1):
                        yield cells
                element.clear()  # keep memory flat on long sheets
    _pick_sheet(names, sheet)  # the sheet was not there: name the ones that are


def _ods_row(row) -> list[object]:
    values: list[object] = []
    for cell in row:
        if cell.tag not in _T_CELLS:
            continue
        value = _ods_value(cell)
        repeat = int(cell.get(_T_COLS_REPEATED, "1"))
        # Trailing empty columns are repeated thousands of times: add them once at most.
        # Empty columns are repeated up to the sheet's width: add them once; a filled cell is
        # repeated at most to Excel's width, so a hostile count cannot exhaust memory.
        values.extend([value] * (min(repeat, _MAX_COLUMNS) if value is not None else 1))
    while values and values[-1] is None:
        values.pop()
    return values


def _ods_value(cell) -> object:
    kind = cell.get(_O_TYPE)
    if kind in ("float", "currency"):
        number = Decimal(cell.get(_O_VALUE))
        return int(number) if number == number.to_integral_value() else float(number)
    if kind == "percentage":
        return Decimal(cell.get(_O_VALUE)) * 100  # the number the user sees: 12.5 for 12,5 %
    if kind == "date":
        stamp = datetime.fromisoformat(cell.get(_O_DATE))
        return stamp.date() if stamp.time() == datetime.min.time() else stamp
    if kind == "boolean":
        return cell.get(_O_BOOLEAN) == "true"
    paragraphs = ["".join(_ods_text(p)) for p in cell if p.tag == _X_P]
    return "\n".join(paragraphs) if paragraphs else None


def _ods_text(element) -> Iterator[str]:
    if element.text:
        yield element.text
    for child in element:
        if child.tag == _X_SPACE:
            yield " " * int(child.get(_X_COUNT, "1"))
        elif child.tag == _X_TAB:
            yield "\t"
        elif child.tag == _X_BREAK:
            yield "\n"
        else:
            yield from _ods_text(child)
        if child.tail:
            yield child.tail


def _clean(value: object) -> object:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        return value.date()  # a date cell: Excel stores it as a datetime at midnight
    return value


def _build_table(
    lines: Iterable[list[object]], kind: str, max_rows: int, filename: str, sheet: str | None = None
) -> Table:
    headers: list[str] | None = None
    keys: list[str] = []
    rows: list[Row] = []
    for number, raw in enumerate(lines, start=1):
        cells = [_clean(value) for value in raw]
        if headers is None:
            if any(cell is not None for cell in cells):
                headers, keys = _headers(cells)
            continue
        values = {key: (cells[i] if i < len(cells) else None) for i, key in enumerate(keys) if key}
        if all(value is None for value in values.values()):
            continue
        if len(rows) == max_rows:
            raise _too_many_rows(filename, max_rows, sheet)
        rows.append(Row(number=number, values=values))
    if headers is None:
        raise SpreadsheetError(_("El archivo «%(name)s» está vacío.") % {"name": filename})
    return Table(headers=headers, keys=keys, rows=rows, format=kind)


def _headers(cells: list[object]) -> tuple[list[str], list[str]]:
    while cells and cells[-1] is None:
        cells.pop()
    headers = ["" if cell is None else str(cell) for cell in cells]
    keys = [normalize_name(header) for header in headers]
    seen: set[str] = set()
    for header, key in zip(headers, keys, strict=True):
        if key and key in seen:
            raise SpreadsheetError(
                _("La columna «%(header)s» aparece dos veces en el encabezado.") % {"header": header}
            )
        seen.add(key)
    return headers, keys


def _check_required(table: Table, required: Iterable[str]) -> None:
    missing = [name for name in required if normalize_name(name) not in table.keys]
    if missing:
        raise SpreadsheetError(
            _("Faltan columnas obligatorias en el encabezado: %(missing)s. Columnas encontradas: %(found)s.")
            % {
                "missing": ", ".join(f"«{name}»" for name in missing),
                "found": ", ".join(f"«{header}»" for header in table.headers if header) or "—",
            }
        )
