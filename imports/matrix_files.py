"""Files of the plan matrix: the template (XLSX, ODS, CSV) with its example and instructions,
the export of a plan, and the reading of an upload into a ``PlanDraft``.

Every text cell written goes through ``escape_spreadsheet_text``; the reading undoes it, so an
exported plan imports back as it was.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import tablib
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from odf import opendocument, table, text

from dashboards.exports import BOM, XLSX_CONTENT_TYPE, escape_spreadsheet_text
from imports.matrix import (
    COLUMNS,
    EXAMPLE_SHEET,
    INSTRUCTIONS_SHEET,
    LIST_SEPARATOR,
    MATRIX_SHEET,
    NAME_SHEETS,
    OBJECTIVES_HEADER,
    OBJECTIVES_SHEET,
    PLAN_FIELDS,
    PLAN_HEADER,
    PLAN_SHEET,
    PlanDraft,
    matrix_parse,
    names_sheet_parse,
    normalize,
    objectives_sheet_parse,
    plan_sheet_parse,
)
from imports.matrix_export import Sheet
from imports.readers import MissingSheetError, SpreadsheetError, read_table

CONTENT_TYPES = {
    "xlsx": XLSX_CONTENT_TYPE,
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "csv": "text/csv; charset=utf-8",
}
REQUIRED_COLUMNS = ["Componente", "Actividad", "Código del indicador", "Indicador"]


# --- writing -----------------------------------------------------------------------------------


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal | int | float):
        # Colombian notation without grouping: a decimal comma, as Excel in Spanish reads it.
        text = format(Decimal(str(value)), "f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return text.replace(".", ",")
    return escape_spreadsheet_text(str(value))


def _book_cell(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, str):
        return escape_spreadsheet_text(value)
    return value


def sheets_bytes(sheets: list[Sheet], fmt: str) -> bytes:
    """Return ``sheets`` as an XLSX or ODS workbook, or the «Matriz» sheet alone as CSV
    (UTF-8 with BOM, «;» between cells, decimal comma: what Excel in Spanish opens as is)."""
    if fmt == "csv":
        sheet = next(s for s in sheets if s.title in (MATRIX_SHEET, EXAMPLE_SHEET))
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        writer.writerow([escape_spreadsheet_text(h) for h in sheet.header])
        for row in sheet.rows:
            writer.writerow([_csv_cell(v) for v in row])
        return (BOM + out.getvalue()).encode("utf-8")
    if fmt == "ods":
        return _ods_bytes(sheets)
    book = tablib.Databook()
    for sheet in sheets:
        dataset = tablib.Dataset(headers=[escape_spreadsheet_text(h) for h in sheet.header], title=sheet.title)
        for row in sheet.rows:
            dataset.append([_book_cell(v) for v in row])
        book.add_sheet(dataset)
    return book.export(fmt)


def _ods_cell(value):
    if isinstance(value, Decimal | int | float) and not isinstance(value, bool):
        return table.TableCell(valuetype="float", value=str(value))
    if isinstance(value, date):
        cell = table.TableCell(valuetype="date", datevalue=value.isoformat())
        cell.addElement(text.P(text=value.strftime("%d/%m/%Y")))
        return cell
    if value is None or value == "":
        return table.TableCell()
    cell = table.TableCell(valuetype="string")
    # One paragraph per line: LibreOffice shows (and keeps) the line breaks of long texts.
    for line in escape_spreadsheet_text(str(value)).split("\n"):
        cell.addElement(text.P(text=line))
    return cell


def _ods_bytes(sheets: list[Sheet]) -> bytes:
    document = opendocument.OpenDocumentSpreadsheet()
    for sheet in sheets:
        odf_table = table.Table(name=sheet.title)
        for values in [sheet.header, *sheet.rows]:
            row = table.TableRow()
            for value in values:
                row.addElement(_ods_cell(value))
            odf_table.addElement(row)
        document.spreadsheet.addElement(odf_table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


# --- the template ------------------------------------------------------------------------------


def instructions_lines() -> list[str]:
    """The instructions of the template, in the active language (Spanish by default)."""
    lines = [
        _("Plantilla de la matriz del plan de comunicaciones"),
        "",
        _(
            "1. En la hoja «Plan» escriba el título, el inicio y el fin de la vigencia (dd/mm/aaaa) y, "
            "si quiere, los demás textos del plan."
        ),
        _("2. En la hoja «Objetivos» escriba un objetivo por fila; tipo «General» o «Específico»."),
        _("3. En la hoja «Matriz» escriba una fila por indicador. La hoja «Ejemplo» muestra un plan lleno."),
        _(
            "4. Componente, responsabilidad y actividad: escríbalos en cada fila o deje la celda vacía "
            "para decir «igual que arriba». Las filas con el mismo nombre se agrupan."
        ),
        _(
            "5. Las responsabilidades de un componente van hacia abajo en la columna «Responsabilidad», "
            "una por fila. La que escriba en la primera fila de una actividad es la responsabilidad que esa "
            "actividad cumple; una responsabilidad que ninguna actividad cumple va en una fila propia."
        ),
        _(
            "6. Los indicadores del plan en conjunto (que no miden una actividad) van antes del primer "
            "componente, con las columnas de componente y actividad vacías."
        ),
        _("7. Código del indicador: único en el plan (por ejemplo EXT-01). Nombre del indicador: obligatorio."),
        _(
            "8. Dependencias, públicos y canales: varios nombres separados por «;». Se reconocen sin "
            "importar mayúsculas ni tildes; los que no existan en su entidad se crean y se listan en la "
            "vista previa antes de guardar."
        ),
        _(
            "8b. Las hojas «Dependencias», «Públicos» y «Canales» son opcionales: dan el código, el tipo, "
            "la modalidad, la línea, el alcance, la descripción o el mensaje clave de los nombres nuevos. "
            "Los nombres que ya existen en su entidad no cambian."
        ),
        _(
            "9. Metas: una columna por periodo, «Meta 2025» (año), «Meta 2025-T1» (trimestre), «Meta "
            "2025-03» (mes) o «Meta vigencia». Agregue o quite columnas según la vigencia del plan. "
            "Números como 1.234,5 o 1234.5."
        ),
        _("10. Un indicador de razón necesita la definición del numerador y del denominador."),
        _(
            "11. La importación muestra primero una vista previa; no se guarda nada hasta que la "
            "confirme, y si una fila tiene un error no se guarda ninguna."
        ),
        _("12. Un plan aprobado o en ejecución no se modifica: importe sobre un plan en borrador o con otro título."),
        "",
        _("Valores admitidos"),
    ]
    for column in COLUMNS:
        if column.kind == "choice":
            allowed = ", ".join(str(label) for _code, label in column.choices.choices)
            lines.append(f"{column.label}: {allowed}")
    return lines


EXAMPLE_YEAR = 2025


# The example plan's rows: cells keyed «field@level», targets «meta<year>».
EXAMPLE_ROWS = [
    {
        "code@indicator": "PLAN-01",
        "name@indicator": "Tasa de adopción de la intranet",
        "unit@indicator": "Porcentaje",
        "aggregation@indicator": "Razón: numerador / denominador",
        "numerator_definition@indicator": "Servidores que usan la intranet",
        "denominator_definition@indicator": "Servidores de la entidad",
        "frequency@indicator": "Trimestral",
        "responsible_area@indicator": "Oficina de Comunicaciones",
        f"meta{EXAMPLE_YEAR}": 60,
        f"meta{EXAMPLE_YEAR + 1}": 75,
    },
    {
        "name@component": "Comunicación externa",
        "kind@component": "Comunicación externa",
        "objective@component": "Informar a la ciudadanía sobre la gestión de la entidad.",
        "text@responsibility": "Divulgar los resultados de la entidad en los medios.",
        "name@activity": "Elaborar comunicados de prensa",
        "responsible_areas@activity": "Oficina de Comunicaciones",
        "responsible_text@activity": "Jefe de prensa",
        "tactics@activity": "Boletines semanales a medios regionales.",
        "audiences@activity": f"Ciudadanía{LIST_SEPARATOR} Medios de comunicación",
        "channels@activity": f"Página web{LIST_SEPARATOR} Redes sociales",
        "frequency@activity": "Semanal",
        "code@indicator": "EXT-01",
        "name@indicator": "Número de comunicados publicados",
        "unit@indicator": "Número (conteo)",
        "aggregation@indicator": "Periódica: los valores se suman",
        "frequency@indicator": "Mensual",
        "responsible_area@indicator": "Oficina de Comunicaciones",
        f"meta{EXAMPLE_YEAR}": 48,
        f"meta{EXAMPLE_YEAR + 1}": 52,
    },
    {
        "text@responsibility": "Atender a los periodistas.",
        "code@indicator": "EXT-02",
        "name@indicator": "Número de medios que publicaron los comunicados",
        "unit@indicator": "Número (conteo)",
        "aggregation@indicator": "Periódica: los valores se suman",
        f"meta{EXAMPLE_YEAR}": 30,
        f"meta{EXAMPLE_YEAR + 1}": 35,
    },
    {
        "name@component": "Comunicación interna",
        "kind@component": "Comunicación interna",
        "name@activity": "Jornada de inducción",
        "responsible_areas@activity": f"Talento Humano{LIST_SEPARATOR} Oficina de Comunicaciones",
        "audiences@activity": "Servidores públicos",
        "channels@activity": "Reuniones presenciales",
        "frequency@activity": "Semestral",
        "start_date@activity": date(EXAMPLE_YEAR, 2, 1),
        "code@indicator": "INT-01",
        "name@indicator": "Jornada de inducción realizada",
        "unit@indicator": "Hito (sí/no)",
        "aggregation@indicator": "Acumulada: vale el último valor",
        "responsible_area@indicator": "Talento Humano",
        f"meta{EXAMPLE_YEAR}": 1,
        f"meta{EXAMPLE_YEAR + 1}": 1,
    },
]


def example_sheet(title: str = EXAMPLE_SHEET) -> Sheet:
    """A small plan filled in: two components, a responsibility, three activities, a plan-level
    ratio indicator and targets per year."""
    years = [EXAMPLE_YEAR, EXAMPLE_YEAR + 1]
    header = [c.label for c in COLUMNS] + [f"Meta {y}" for y in years]

    def row(cells: dict) -> list:
        by_label = {c.label: cells.get(c.field + "@" + c.level, "") for c in COLUMNS}
        by_label.update({f"Meta {y}": cells.get(f"meta{y}", "") for y in years})
        return [by_label[h] for h in header]

    return Sheet(title, header, [row(cells) for cells in EXAMPLE_ROWS])


def example_plan_fields() -> dict:
    return {
        "title": "Plan de comunicaciones de ejemplo",
        "vigencia_start": date(EXAMPLE_YEAR, 1, 1),
        "vigencia_end": date(EXAMPLE_YEAR + 1, 12, 31),
    }


def template_sheets() -> list[Sheet]:
    """The sheets of the template: instructions, an empty «Plan» and «Objetivos», an empty
    «Matriz» with target columns for four years from this one, and the «Ejemplo»."""
    year = timezone.localdate().year
    matrix_header = [c.label for c in COLUMNS] + [f"Meta {y}" for y in range(year, year + 4)]
    return [
        Sheet(INSTRUCTIONS_SHEET, [_("Instrucciones")], [[line] for line in instructions_lines()[1:]]),
        Sheet(PLAN_SHEET, PLAN_HEADER, [[label, ""] for label, _f, _kind in PLAN_FIELDS]),
        Sheet(OBJECTIVES_SHEET, OBJECTIVES_HEADER, []),
        Sheet(MATRIX_SHEET, matrix_header, []),
        example_sheet(),
        *(Sheet(title, [header for header, *_rest in spec], []) for title, spec in NAME_SHEETS.values()),
    ]


def template_bytes(fmt: str) -> bytes:
    """The template as XLSX or ODS (every sheet) or CSV (the example rows, to be replaced;
    its instructions are on the download page)."""
    sheets = template_sheets()
    if fmt == "csv":
        return sheets_bytes([next(s for s in sheets if s.title == EXAMPLE_SHEET)], "csv")
    return sheets_bytes(sheets, fmt)


# --- reading -----------------------------------------------------------------------------------


def _optional_sheet(data: bytes, filename: str, sheet: str):
    try:
        return read_table(data, filename=filename, sheet=sheet).rows
    except MissingSheetError:
        return None  # the sheet is optional: the plan may come from the form


def matrix_file_read(data: bytes, *, filename: str, plan_fields: dict | None = None) -> PlanDraft:
    """Read an uploaded matrix (CSV, XLSX or ODS) into a PlanDraft with every issue found.

    XLSX and ODS are read from their «Matriz» sheet (or their first sheet when there is none),
    plus the optional «Plan» and «Objetivos» sheets. ``plan_fields`` (title, vigencia) typed in
    the upload form win over the «Plan» sheet. Raises SpreadsheetError when the file itself
    cannot be read.
    """
    try:
        table = read_table(data, filename=filename, sheet=MATRIX_SHEET)
    except MissingSheetError:
        # A workbook without a «Matriz» sheet: its first sheet, which must then be a matrix.
        # Only a missing sheet falls back: a «Matriz» too big or damaged is the error to show.
        table = read_table(data, filename=filename)
    missing = [h for h in REQUIRED_COLUMNS if normalize(h) not in table.keys]
    if missing:
        raise SpreadsheetError(
            _("Faltan columnas obligatorias en la hoja «%(sheet)s»: %(missing)s.")
            % {"sheet": MATRIX_SHEET, "missing": ", ".join(f"«{h}»" for h in missing)}
        )
    # Only the columns the file has are written: a column it lacks leaves the stored value.
    draft = PlanDraft(columns={key for key in table.keys if key})
    if table.format != "csv":
        plan_rows = _optional_sheet(data, filename, PLAN_SHEET)
        if plan_rows is not None:
            plan_sheet_parse(plan_rows, draft)
        objective_rows = _optional_sheet(data, filename, OBJECTIVES_SHEET)
        if objective_rows is not None:
            objectives_sheet_parse(objective_rows, draft)
        for kind, (sheet, _spec) in NAME_SHEETS.items():
            name_rows = _optional_sheet(data, filename, sheet)
            if name_rows is not None:
                names_sheet_parse(kind, name_rows, draft)
    draft.fields.update({k: v for k, v in (plan_fields or {}).items() if v})
    matrix_parse(table.rows, draft=draft)
    return draft


# --- matrices waiting for confirmation ------------------------------------------------------

# An uploaded matrix waits here, under a random name, between its preview and its confirmation
# (imports.views_matrix); the session holds the name.
PENDING_DIR = "imports/matriz-pendiente"
# A preview not confirmed within this time is abandoned: its session has long expired.
PENDING_MAX_AGE = timedelta(days=1)


def pending_matrices_purge(*, older_than: timedelta = PENDING_MAX_AGE) -> int:
    """Delete the uploaded matrices left waiting longer than ``older_than`` (previews nobody
    confirmed or cancelled). Return how many files it deleted."""
    if not default_storage.exists(PENDING_DIR):
        return 0
    cutoff = timezone.now() - older_than
    _dirs, names = default_storage.listdir(PENDING_DIR)
    deleted = 0
    for name in names:
        path = f"{PENDING_DIR}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            deleted += 1
    return deleted
