"""The plan matrix as a spreadsheet: its columns, the export of a plan and the reading of the
rows a press office filled in.

The «Matriz» sheet follows the seed plans' matrix, one row per indicator: componente →
responsabilidad → actividad → indicador, with the indicator's ficha técnica and its targets
(«Meta 2025», «Meta 2025-T1», «Meta 2025-03», «Meta vigencia»). A component, activity or
responsibility cell left blank means «the same as above», as people write in Excel; a repeated
name groups too. Rows above the first component carry the plan's own indicators (those that
measure no activity). XLSX and ODS files add a «Plan» sheet (the plan's header) and an
«Objetivos» sheet; in CSV the plan is chosen in the upload form.

Headers are part of the file format and stay in Spanish whatever the interface language, so a
file exported by one person imports for another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _

from dashboards.exports import FORMULA_TRIGGERS
from indicators.enums import (
    Aggregation,
    Direction,
    IndicatorKind,
    MeasurementFrequency,
    PeriodType,
    TargetDerivation,
    Unit,
)
from plans.enums import (
    ActivityStatus,
    AudienceScope,
    ChannelLine,
    ChannelMode,
    ChannelScope,
    ComponentKind,
    Frequency,
    ObjectiveKind,
)

MATRIX_SHEET = "Matriz"
PLAN_SHEET = "Plan"
OBJECTIVES_SHEET = "Objetivos"
EXAMPLE_SHEET = "Ejemplo"
INSTRUCTIONS_SHEET = "Instrucciones"
LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    """A column of the «Matriz» sheet: its header, the level it describes and how it reads."""

    label: str
    level: str  # component, responsibility, activity, indicator
    field: str
    kind: str = "text"  # text, decimal, date, choice, names, area
    choices: type | None = None
    required: bool = False


COLUMNS: list[Column] = [
    Column("Componente", "component", "name"),
    Column("Tipo de componente", "component", "kind", "choice", ComponentKind),
    Column("Objetivo del componente", "component", "objective"),
    Column("Descripción del componente", "component", "description"),
    Column("Peso del componente", "component", "weight", "decimal"),
    Column("Responsabilidad", "responsibility", "text"),
    Column("Actividad", "activity", "name"),
    Column("Descripción de la actividad", "activity", "description"),
    Column("Dependencias responsables", "activity", "responsible_areas", "names"),
    Column("Responsable (rol)", "activity", "responsible_text"),
    Column("Tácticas y recursos", "activity", "tactics"),
    Column("Públicos", "activity", "audiences", "names"),
    Column("Canales", "activity", "channels", "names"),
    Column("Fecha de inicio", "activity", "start_date", "date"),
    Column("Fecha de fin", "activity", "end_date", "date"),
    Column("Frecuencia de la actividad", "activity", "frequency", "choice", Frequency),
    Column("Estado de la actividad", "activity", "status", "choice", ActivityStatus),
    Column("Peso de la actividad", "activity", "weight", "decimal"),
    Column("Código del indicador", "indicator", "code"),
    Column("Indicador", "indicator", "name"),
    Column("Definición del indicador", "indicator", "definition"),
    Column("Tipo de indicador", "indicator", "kind", "choice", IndicatorKind),
    Column("Unidad", "indicator", "unit", "choice", Unit),
    Column("Regla de agregación", "indicator", "aggregation", "choice", Aggregation),
    Column("Numerador", "indicator", "numerator_definition"),
    Column("Denominador", "indicator", "denominator_definition"),
    Column("Sentido", "indicator", "direction", "choice", Direction),
    Column("Línea base", "indicator", "baseline", "decimal"),
    Column("Fecha de la línea base", "indicator", "baseline_date", "date"),
    Column("Frecuencia de medición", "indicator", "frequency", "choice", MeasurementFrequency),
    Column("Metas de los periodos", "indicator", "target_derivation", "choice", TargetDerivation),
    Column("Fuente de los datos", "indicator", "data_source"),
    Column("Medio de verificación", "indicator", "verification_means"),
    Column("Dependencia responsable del indicador", "indicator", "responsible_area", "area"),
    Column("Peso del indicador", "indicator", "weight", "decimal"),
]
COLUMN_BY_FIELD = {(c.level, c.field): c for c in COLUMNS}

# The plan's header on the «Plan» sheet: (label, field, kind).
PLAN_FIELDS: list[tuple[str, str, str]] = [
    ("Título", "title", "text"),
    ("Inicio de la vigencia", "vigencia_start", "date"),
    ("Fin de la vigencia", "vigencia_end", "date"),
    ("Plan al que se alinea", "parent", "text"),
    ("Objetivo general", "general_objective", "text"),
    ("Justificación", "justification", "text"),
    ("Alcance", "scope", "text"),
    ("Diagnóstico", "diagnosis", "text"),
    ("Política de comunicación", "policy", "text"),
    ("Normatividad", "normative_references", "text"),
    ("Definiciones", "definitions", "text"),
    ("Fecha de aprobación", "approved_on", "date"),
    ("Instancia que aprueba", "approval_body", "text"),
    ("Acta o acto de aprobación", "approval_act", "text"),
    ("Umbral al día (%)", "threshold_on_track", "decimal"),
    ("Umbral en riesgo (%)", "threshold_at_risk", "decimal"),
]
PLAN_HEADER = ["Campo", "Valor"]
OBJECTIVES_HEADER = ["Tipo", "Objetivo"]

# The entity's names the plan uses, with what a new one is created with: (sheet, model field,
# header, kind, choices). Only names new to the entity take these values; existing ones are
# matched and left as they are.
NAME_SHEETS: dict[str, tuple[str, list[tuple[str, str, str, type | None]]]] = {
    "areas": ("Dependencias", [("Nombre", "name", "text", None), ("Código", "code", "text", None)]),
    "audiences": (
        "Públicos",
        [
            ("Nombre", "name", "text", None),
            ("Tipo", "scope", "choice", AudienceScope),
            ("Descripción", "description", "text", None),
            ("Mensaje clave", "key_message", "text", None),
        ],
    ),
    "channels": (
        "Canales",
        [
            ("Nombre", "name", "text", None),
            ("Modalidad", "mode", "choice", ChannelMode),
            ("Línea", "line", "choice", ChannelLine),
            ("Alcance", "scope", "choice", ChannelScope),
            ("Descripción", "description", "text", None),
        ],
    ),
}

TARGET_RE = re.compile(
    r"^meta[\s_\-]*(?:(?P<vigencia>(?:de[\s_\-]*la[\s_\-]*)?vigencia)|(?P<year>\d{4})(?:[\s_\-]*(?:t(?P<quarter>[1-4])|(?P<month>\d{1,2})))?)$"
)


def _readers():
    # The reader module belongs to the bulk-import side of this app; imported lazily so the
    # layout can be used (export, template) without loading it.
    from imports import readers

    return readers


def normalize(value) -> str:
    return _readers().normalize_name(str(value))


def column_key(label: str) -> str:
    return normalize(label)


# --- cells -------------------------------------------------------------------------------------


def unescape_text(value: str) -> str:
    """Undo ``escape_spreadsheet_text``: a leading apostrophe before a formula trigger (or before
    a line feed: XML, hence ODS, stores an escaped carriage return as one)."""
    if value.startswith("'") and value[1:].startswith((*FORMULA_TRIGGERS, "\n")):
        return value[1:]
    return value


def cell_text(value) -> str:
    """Return a cell as clean text: empty for nothing, dates as dd/mm/yyyy, numbers without
    trailing zeros, escaped formulas unescaped."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Decimal):
        text = format(value, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    # Strip first: an escaped cell («'» then a tab) keeps the tab it protected.
    return unescape_text(str(value).strip())


def choice_lookup(choices) -> dict[str, str]:
    """Map the normalized code and label (in Spanish and in the active language) of every
    choice to its code."""
    table = {}
    for code, label in choices.choices:
        table[normalize(code)] = code
        table[normalize(label)] = code
        with translation.override("es-co"):
            table[normalize(str(label))] = code
    return table


EXTRA_CHOICES = {
    Unit: {
        "numero": Unit.COUNT,
        "conteo": Unit.COUNT,
        "%": Unit.PERCENTAGE,
        "si/no": Unit.MILESTONE,
        "pesos": Unit.COP,
    },
    Aggregation: {"suma": Aggregation.SUM, "ultimo valor": Aggregation.LAST, "razon": Aggregation.RATIO},
}


def split_names(text: str) -> list[str]:
    parts = re.split(r"[;\n]", text)
    return [p.strip() for p in parts if p.strip()]


def target_column(key: str) -> tuple[str, int, int] | None:
    """Read a target header («Meta 2025», «Meta 2025-T2», «Meta 2025-03», «Meta vigencia») as
    (period type, year, quarter or month); None when it is no target column."""
    match = TARGET_RE.match(key)
    if not match:
        return None
    if match["vigencia"]:
        return (PeriodType.VIGENCIA, 0, 0)
    year = int(match["year"])
    if match["quarter"]:
        return (PeriodType.QUARTER, year, int(match["quarter"]))
    if match["month"]:
        month = int(match["month"])
        return (PeriodType.MONTH, year, month) if 1 <= month <= 12 else None
    return (PeriodType.YEAR, year, 0)


def target_label(period_type: str, start: date) -> str:
    if period_type == PeriodType.VIGENCIA:
        return "Meta vigencia"
    if period_type == PeriodType.YEAR:
        return f"Meta {start.year}"
    if period_type == PeriodType.QUARTER:
        return f"Meta {start.year}-T{(start.month - 1) // 3 + 1}"
    return f"Meta {start.year}-{start.month:02d}"


def _target_sort(period_type: str, start: date) -> tuple:
    rank = {PeriodType.VIGENCIA: 0, PeriodType.YEAR: 1, PeriodType.QUARTER: 2, PeriodType.MONTH: 3}[period_type]
    return (0 if period_type == PeriodType.VIGENCIA else 1, start.year, rank, start)


# --- what the rows describe --------------------------------------------------------------------


@dataclass
class Issue:
    """One problem of the file: where (sheet, row, column) and why, in Spanish."""

    message: str
    row: int | None = None
    column: str = ""
    sheet: str = MATRIX_SHEET

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(_("hoja «%(sheet)s», fila %(row)s") % {"sheet": self.sheet, "row": self.row})
        if self.column:
            where.append(_("columna «%(column)s»") % {"column": self.column})
        return f"{', '.join(where)}: {self.message}" if where else self.message


@dataclass
class Node:
    row: int
    name: str = ""
    fields: dict = field(default_factory=dict)
    rows_of_field: dict = field(default_factory=dict)

    def set(self, column: Column, value, row: int, issues: list[Issue]) -> None:
        """Take ``value`` for the column's field, unless another row already gave another one."""
        if column.field in self.fields and self.fields[column.field] != value:
            issues.append(
                Issue(
                    _("«%(name)s» ya tiene otro valor en la fila %(row)s; deje la celda vacía o repita el mismo.")
                    % {"name": self.name, "row": self.rows_of_field[column.field]},
                    row,
                    column.label,
                )
            )
            return
        self.fields[column.field] = value
        self.rows_of_field[column.field] = row


@dataclass
class IndicatorDraft(Node):
    code: str = ""
    targets: list = field(default_factory=list)  # (period type, start, value, row, column label)


@dataclass
class ActivityDraft(Node):
    indicators: list[IndicatorDraft] = field(default_factory=list)
    # The responsibility written on the activity's first row: the one it carries out.
    responsibility: str = ""


@dataclass
class ComponentDraft(Node):
    responsibilities: list[tuple[int, str]] = field(default_factory=list)
    activities: list[ActivityDraft] = field(default_factory=list)


@dataclass
class PlanDraft:
    """What a file describes, before anything is matched against the database."""

    fields: dict = field(default_factory=dict)
    objectives: list[tuple[int, str, str]] = field(default_factory=list)  # (row, kind, text)
    # "areas" | "audiences" | "channels" -> normalized name -> (name, fields for a new one)
    names: dict[str, dict[str, tuple[str, dict]]] = field(default_factory=dict)
    components: list[ComponentDraft] = field(default_factory=list)
    indicators: list[IndicatorDraft] = field(default_factory=list)  # the plan's own
    issues: list[Issue] = field(default_factory=list)
    # The normalized headers of the «Matriz» sheet (None: every column, as in a parsed list).
    columns: set[str] | None = None

    def carries(self, column: Column) -> bool:
        """Return whether the file has ``column``: a column it lacks changes nothing stored."""
        return self.columns is None or column_key(column.label) in self.columns

    def all_indicators(self) -> Iterable[tuple[ActivityDraft | None, IndicatorDraft]]:
        for indicator in self.indicators:
            yield None, indicator
        for component in self.components:
            for activity in component.activities:
                for indicator in activity.indicators:
                    yield activity, indicator


class CellReader:
    """Read typed cells, recording a Spanish issue (row and column) for each bad one."""

    def __init__(self, issues: list[Issue], sheet: str = MATRIX_SHEET):
        self.issues = issues
        self.sheet = sheet
        self._choices: dict = {}

    def error(self, message: str, row: int, column: str) -> None:
        self.issues.append(Issue(message, row, column, self.sheet))

    def decimal(self, raw, row: int, column: str) -> Decimal | None:
        if _blank(raw):
            return None
        try:
            return _readers().parse_decimal(unescape_text(raw) if isinstance(raw, str) else raw, field=column)
        except ValueError as error:
            self.error(str(error), row, column)
            return None

    def date(self, raw, row: int, column: str) -> date | None:
        if _blank(raw):
            return None
        try:
            return _readers().parse_date(raw, field=column)
        except ValueError as error:
            self.error(str(error), row, column)
            return None

    def choice(self, raw, choices, row: int, column: str) -> str | None:
        text = cell_text(raw)
        if not text:
            return None
        if choices not in self._choices:
            table = choice_lookup(choices)
            table.update({normalize(k): v for k, v in EXTRA_CHOICES.get(choices, {}).items()})
            self._choices[choices] = table
        code = self._choices[choices].get(normalize(text))
        if code is None:
            allowed = ", ".join(str(label) for _code, label in choices.choices)
            self.error(
                _("«%(value)s» no es un valor válido. Use uno de: %(allowed)s.") % {"value": text, "allowed": allowed},
                row,
                column,
            )
        return code

    def value(self, column: Column, raw, row: int):
        if column.kind == "decimal":
            value = self.decimal(raw, row, column.label)
            if value is not None and value < 0 and column.field == "weight":
                self.error(_("El peso no puede ser negativo."), row, column.label)
                return None
            return value
        if column.kind == "date":
            return self.date(raw, row, column.label)
        if column.kind == "choice":
            return self.choice(raw, column.choices, row, column.label)
        if column.kind == "names":
            return split_names(cell_text(raw))
        return cell_text(raw)


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def matrix_parse(rows: Sequence, *, draft: PlanDraft | None = None) -> PlanDraft:
    """Group the rows of a «Matriz» sheet (``Row`` objects of ``imports.readers``) into
    components, responsibilities, activities and indicators, checking every cell.

    Every problem is recorded in ``draft.issues`` with its row and column; reading goes on, so
    that one pass reports them all.
    """
    parser = _MatrixParser(draft or PlanDraft())
    for row in rows:
        parser.read(row)
    return parser.draft


class _MatrixParser:
    """The state of one pass over the «Matriz» rows: the component and activity a blank cell
    continues, the components met so far (by normalised name) and the indicator codes seen."""

    def __init__(self, draft: PlanDraft) -> None:
        self.draft = draft
        self.cells = CellReader(draft.issues)
        self.keys = {c: column_key(c.label) for c in COLUMNS}
        self.components: dict[str, ComponentDraft] = {}
        self.codes: dict[str, int] = {}
        self.component: ComponentDraft | None = None
        self.activity: ActivityDraft | None = None

    def read(self, row) -> None:
        values = row.values
        target_cells = []
        for key, raw in values.items():
            period = target_column(key)
            if period is not None and not _blank(raw):
                target_cells.append((key, period, raw))
        by_level: dict[str, dict[Column, object]] = {}
        for column in COLUMNS:
            raw = values.get(self.keys[column])
            if not _blank(raw):
                by_level.setdefault(column.level, {})[column] = raw
        if not by_level and not target_cells:
            return
        n = row.number
        self._component(by_level, n)
        resp = self._responsibility(by_level, n)
        self._activity(by_level, resp, n)
        if "indicator" in by_level or target_cells:
            self._indicator(by_level.get("indicator", {}), target_cells, n)

    def _set_fields(self, item, level_cells: dict, n: int) -> None:
        for column, raw in level_cells.items():
            if column.field != "name":
                value = self.cells.value(column, raw, n)
                if value is not None:
                    item.set(column, value, n, self.draft.issues)

    def _component(self, by_level: dict, n: int) -> None:
        # A name starts or resumes a component; blank means the one above.
        name_col = COLUMN_BY_FIELD[("component", "name")]
        comp_name = cell_text(by_level.get("component", {}).get(name_col))
        if comp_name:
            key = normalize(comp_name)
            if self.component is None or normalize(self.component.name) != key:
                self.component = self.components.get(key)
                if self.component is None:
                    self.component = ComponentDraft(row=n, name=comp_name)
                    self.components[key] = self.component
                    self.draft.components.append(self.component)
                self.activity = None
        elif "component" in by_level and self.component is None:
            self.cells.error(_("Falta el nombre del componente."), n, name_col.label)
        if self.component is not None:
            self._set_fields(self.component, by_level.get("component", {}), n)

    def _responsibility(self, by_level: dict, n: int) -> str:
        # A line of the component, once; on an activity's first row, also the responsibility
        # that activity carries out (as the seed matrices pair them).
        resp_col = COLUMN_BY_FIELD[("responsibility", "text")]
        resp = cell_text(by_level.get("responsibility", {}).get(resp_col))
        if resp:
            if self.component is None:
                self.cells.error(
                    _("Una responsabilidad necesita su componente."), n, COLUMN_BY_FIELD[("component", "name")].label
                )
            elif normalize(resp) not in {normalize(t) for _r, t in self.component.responsibilities}:
                self.component.responsibilities.append((n, resp))
        return resp

    def _activity(self, by_level: dict, resp: str, n: int) -> None:
        # A name starts or resumes an activity within the component; blank means the one above.
        act_col = COLUMN_BY_FIELD[("activity", "name")]
        act_name = cell_text(by_level.get("activity", {}).get(act_col))
        if act_name:
            if self.component is None:
                self.cells.error(
                    _("Una actividad necesita su componente."), n, COLUMN_BY_FIELD[("component", "name")].label
                )
            else:
                key = normalize(act_name)
                if self.activity is None or normalize(self.activity.name) != key:
                    self.activity = next((a for a in self.component.activities if normalize(a.name) == key), None)
                    if self.activity is None:
                        self.activity = ActivityDraft(row=n, name=act_name, responsibility=resp)
                        self.component.activities.append(self.activity)
        elif "activity" in by_level and self.activity is None:
            self.cells.error(_("Falta el nombre de la actividad."), n, act_col.label)
        if self.activity is not None:
            self._set_fields(self.activity, by_level.get("activity", {}), n)

    def _indicator(self, indicator_cells: dict, target_cells: list, n: int) -> None:
        # One indicator per row.
        indicator = _parse_indicator(indicator_cells, target_cells, n, self.cells)
        if indicator.code:
            if indicator.code in self.codes:
                self.cells.error(
                    _("El código «%(code)s» ya está en la fila %(row)s: cada indicador lleva un código único.")
                    % {"code": indicator.code, "row": self.codes[indicator.code]},
                    n,
                    COLUMN_BY_FIELD[("indicator", "code")].label,
                )
                return
            self.codes[indicator.code] = n
        if self.component is None:
            self.draft.indicators.append(indicator)
        elif self.activity is None:
            self.cells.error(
                _(
                    "El indicador no tiene actividad: escriba la actividad que mide, o ponga los "
                    "indicadores del plan en conjunto antes del primer componente."
                ),
                n,
                COLUMN_BY_FIELD[("activity", "name")].label,
            )
        else:
            self.activity.indicators.append(indicator)


def _parse_indicator(cells_of_row: dict, target_cells: list, n: int, cells: CellReader) -> IndicatorDraft:
    indicator = IndicatorDraft(row=n)
    for column, raw in cells_of_row.items():
        value = cells.value(column, raw, n)
        if value is not None:
            indicator.fields[column.field] = value
    indicator.code = (indicator.fields.pop("code", "") or "").strip().upper()
    indicator.name = indicator.fields.pop("name", "") or ""
    if not indicator.code:
        cells.error(_("Falta el código del indicador."), n, COLUMN_BY_FIELD[("indicator", "code")].label)
    if not indicator.name:
        cells.error(_("Falta el nombre del indicador."), n, COLUMN_BY_FIELD[("indicator", "name")].label)
    if indicator.fields.get("aggregation") == Aggregation.RATIO:
        for f, label in (("numerator_definition", "Numerador"), ("denominator_definition", "Denominador")):
            if not indicator.fields.get(f):
                cells.error(_("Una razón necesita la definición del numerador y del denominador."), n, label)
    for _key, (ptype, year, part), raw in target_cells:
        label = _target_header_label(ptype, year, part)
        value = cells.decimal(raw, n, label)
        if value is None:
            continue
        if value < 0:
            cells.error(_("La meta no puede ser negativa."), n, label)
            continue
        if ptype == PeriodType.VIGENCIA:
            start = None  # the plan's start, known when the plan is
        elif ptype == PeriodType.QUARTER:
            start = date(year, 3 * (part - 1) + 1, 1)
        elif ptype == PeriodType.MONTH:
            start = date(year, part, 1)
        else:
            start = date(year, 1, 1)
        indicator.targets.append((ptype, start, value, n, label))
    return indicator


def _target_header_label(ptype: str, year: int, part: int) -> str:
    if ptype == PeriodType.VIGENCIA:
        return "Meta vigencia"
    if ptype == PeriodType.QUARTER:
        return f"Meta {year}-T{part}"
    if ptype == PeriodType.MONTH:
        return f"Meta {year}-{part:02d}"
    return f"Meta {year}"


def plan_sheet_parse(rows: Sequence, draft: PlanDraft) -> None:
    """Read the «Plan» sheet (Campo | Valor) into ``draft.fields``."""
    cells = CellReader(draft.issues, PLAN_SHEET)
    by_key = {normalize(label): (label, f, kind) for label, f, kind in PLAN_FIELDS}
    field_key, value_key = (column_key(h) for h in PLAN_HEADER)
    for row in rows:
        name = cell_text(row.values.get(field_key))
        raw = row.values.get(value_key)
        if not name:
            continue
        spec = by_key.get(normalize(name))
        if spec is None:
            cells.error(_("«%(name)s» no es un campo del plan.") % {"name": name}, row.number, PLAN_HEADER[0])
            continue
        label, f, kind = spec
        if kind == "date":
            value = cells.date(raw, row.number, label)
        elif kind == "decimal":
            value = cells.decimal(raw, row.number, label)
        else:
            value = cell_text(raw)
        if value is not None and (value != "" or kind == "text"):
            # A text row left empty empties the field (the preview says so); a row that is
            # not on the sheet leaves the plan's value as it is.
            draft.fields[f] = value
        elif kind == "date" and _blank(raw) and f == "approved_on":
            draft.fields[f] = None


def objectives_sheet_parse(rows: Sequence, draft: PlanDraft) -> None:
    """Read the «Objetivos» sheet (Tipo | Objetivo) into ``draft.objectives``."""
    cells = CellReader(draft.issues, OBJECTIVES_SHEET)
    kind_key, text_key = (column_key(h) for h in OBJECTIVES_HEADER)
    for row in rows:
        text = cell_text(row.values.get(text_key))
        raw_kind = row.values.get(kind_key)
        if not text:
            if not _blank(raw_kind):
                cells.error(_("Falta el texto del objetivo."), row.number, OBJECTIVES_HEADER[1])
            continue
        kind = cells.choice(raw_kind, ObjectiveKind, row.number, OBJECTIVES_HEADER[0]) if not _blank(raw_kind) else None
        draft.objectives.append((row.number, kind or ObjectiveKind.SPECIFIC, text))


def names_sheet_parse(kind: str, rows: Sequence, draft: PlanDraft) -> None:
    """Read a «Dependencias», «Públicos» or «Canales» sheet: what a new name is created with."""
    sheet, spec = NAME_SHEETS[kind]
    cells = CellReader(draft.issues, sheet)
    found = draft.names.setdefault(kind, {})
    for row in rows:
        values: dict = {}
        for header, f, cell_kind, choices in spec:
            raw = row.values.get(column_key(header))
            if cell_kind == "choice":
                value = cells.choice(raw, choices, row.number, header) if not _blank(raw) else None
            else:
                value = cell_text(raw)
            if value:
                values[f] = value
        name = values.pop("name", "")
        if not name:
            if values:
                cells.error(_("Falta el nombre."), row.number, spec[0][0])
            continue
        found.setdefault(normalize(name), (name, values))
