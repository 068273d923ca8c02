"""The matrix import service: grouping, matching by name, every bad row at once, nothing
written on failure, idempotence, scope, formula escaping and the templates."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from imports.matrix import COLUMNS, EXAMPLE_SHEET, INSTRUCTIONS_SHEET, MATRIX_SHEET, PLAN_SHEET
from imports.matrix_export import Sheet, plan_matrix_sheets
from imports.matrix_files import example_plan_fields, example_sheet, matrix_file_read, sheets_bytes, template_bytes
from imports.matrix_import import plan_matrix_import
from imports.readers import read_table
from indicators.enums import Aggregation, PeriodType, Unit
from indicators.models import Indicator, Target
from plans.enums import PlanStatus
from plans.models import Activity, Area, Audience, Channel, Component, Plan, Responsibility
from plans.tests.factories import AreaFactory, AudienceFactory, ChannelFactory

PLAN = {"title": "Plan de prueba", "vigencia_start": date(2025, 1, 1), "vigencia_end": date(2026, 12, 31)}
LABEL = {(c.level, c.field): c.label for c in COLUMNS}
HEADER = [c.label for c in COLUMNS] + ["Meta 2025", "Meta 2026"]


def _row(**cells) -> list:
    """A matrix row from short names: componente, responsabilidad, actividad, codigo, indicador…"""
    short = {
        "componente": LABEL["component", "name"],
        "tipo": LABEL["component", "kind"],
        "responsabilidad": LABEL["responsibility", "text"],
        "actividad": LABEL["activity", "name"],
        "dependencias": LABEL["activity", "responsible_areas"],
        "publicos": LABEL["activity", "audiences"],
        "canales": LABEL["activity", "channels"],
        "inicio": LABEL["activity", "start_date"],
        "codigo": LABEL["indicator", "code"],
        "indicador": LABEL["indicator", "name"],
        "unidad": LABEL["indicator", "unit"],
        "regla": LABEL["indicator", "aggregation"],
        "numerador": LABEL["indicator", "numerator_definition"],
        "denominador": LABEL["indicator", "denominator_definition"],
        "area": LABEL["indicator", "responsible_area"],
        "meta2025": "Meta 2025",
        "meta2026": "Meta 2026",
    }
    by_label = {short[k]: v for k, v in cells.items()}
    return [by_label.get(h, "") for h in HEADER]


def _file(rows: list[list], fmt: str = "xlsx", plan: dict | None = PLAN) -> bytes:
    sheets = [Sheet(MATRIX_SHEET, HEADER, rows)]
    if plan is not None:
        sheets.insert(
            0,
            Sheet(
                PLAN_SHEET,
                ["Campo", "Valor"],
                [
                    ["Título", plan["title"]],
                    ["Inicio de la vigencia", plan["vigencia_start"]],
                    ["Fin de la vigencia", plan["vigencia_end"]],
                ],
            ),
        )
    return sheets_bytes(sheets, fmt)


def _import(entity, rows, *, dry_run=False, fmt="xlsx", plan_fields=None):
    draft = matrix_file_read(
        _file(rows, fmt, plan=None if fmt == "csv" else PLAN), filename=f"m.{fmt}", plan_fields=plan_fields
    )
    return plan_matrix_import(entity=entity, draft=draft, dry_run=dry_run)


GOOD = [
    _row(
        componente="Comunicación externa",
        tipo="externa",
        responsabilidad="Divulgar resultados",
        actividad="Comunicados",
        dependencias="Talento Humano",
        publicos="Ciudadanía; Medios",
        canales="Radio",
        codigo="ext-01",
        indicador="Comunicados publicados",
        unidad="Número (conteo)",
        regla="periodica",
        meta2025=48,
        meta2026="52",
    ),
    # Blank component and activity cells: the same as above; a second indicator of the activity.
    _row(responsabilidad="Atender periodistas", codigo="EXT-02", indicador="Medios que publicaron", meta2025="1.500"),
    _row(
        actividad="Ruedas de prensa", codigo="EXT-03", indicador="Ruedas realizadas", unidad="hito", regla="acumulada"
    ),
    _row(componente="comunicación EXTERNA", actividad="Boletín"),  # repeated name: same component
    _row(componente="Interna", tipo="Comunicación interna", responsabilidad="Informar a los servidores"),
]


def _counts():
    return (
        Plan.objects.count(),
        Component.objects.count(),
        Responsibility.objects.count(),
        Activity.objects.count(),
        Indicator.objects.count(),
        Target.objects.count(),
        Area.objects.count(),
        Audience.objects.count(),
        Channel.objects.count(),
    )


def test_rows_group_into_components_responsibilities_activities_and_indicators(entity, area_a):
    result = _import(entity, GOOD)
    assert [str(i) for i in result.issues] == []
    plan = Plan.objects.get(entity=entity, title="Plan de prueba")
    assert plan.status == PlanStatus.DRAFT
    external, internal = plan.components.order_by("order")
    assert (external.name, external.kind, internal.kind) == ("Comunicación externa", "externa", "interna")
    assert [r.text for r in external.responsibilities.order_by("order")] == [
        "Divulgar resultados",
        "Atender periodistas",
    ]
    assert [r.text for r in internal.responsibilities.all()] == ["Informar a los servidores"]
    assert [a.name for a in external.activities.order_by("order")] == ["Comunicados", "Ruedas de prensa", "Boletín"]
    comunicados = external.activities.get(name="Comunicados")
    assert sorted(comunicados.indicators.values_list("code", flat=True)) == ["EXT-01", "EXT-02"]
    assert list(comunicados.responsible_areas.all()) == [area_a]  # «Talento Humano» exists: matched
    ext02 = Indicator.objects.get(plan=plan, code="EXT-02")
    assert ext02.targets.get(period_type=PeriodType.YEAR, period_start=date(2025, 1, 1)).value == Decimal("1500")
    ext03 = Indicator.objects.get(plan=plan, code="EXT-03")
    assert (ext03.unit, ext03.aggregation) == (Unit.MILESTONE, Aggregation.LAST)
    assert Target.objects.filter(indicator__plan=plan).count() == 3
    assert result.new_areas == []
    assert result.new_audiences == ["Ciudadanía", "Medios"]
    assert result.new_channels == ["Radio"]


def test_names_match_existing_ones_ignoring_case_and_accents(entity, area_a):
    AudienceFactory(entity=entity, name="Ciudadania")
    ChannelFactory(entity=entity, name="RADIO")
    rows = [
        _row(
            componente="C",
            actividad="A",
            dependencias="TALENTO HUMANO; talento humano",
            publicos="ciudadanía",
            canales="Radio",
            codigo="X-1",
            indicador="I",
        )
    ]
    before = (Area.objects.count(), Audience.objects.count(), Channel.objects.count())
    result = _import(entity, rows)
    assert result.ok
    assert (result.new_areas, result.new_audiences, result.new_channels) == ([], [], [])
    assert (Area.objects.count(), Audience.objects.count(), Channel.objects.count()) == before
    activity = Activity.objects.get(component__plan__entity=entity, name="A")
    assert [a.name for a in activity.audiences.all()] == ["Ciudadania"]


def test_the_preview_lists_new_names_and_writes_nothing(entity):
    before = _counts()
    result = _import(entity, GOOD, dry_run=True)
    assert result.ok and not result.committed
    assert result.new_areas == ["Talento Humano"]
    assert result.new_audiences == ["Ciudadanía", "Medios"]
    assert result.counts["indicators"]["created"] == 3
    assert result.counts["components"]["created"] == 2
    assert _counts() == before


def test_every_bad_row_is_reported_with_its_column_and_nothing_is_written(entity):
    rows = [
        _row(componente="C", actividad="A", codigo="A-1", indicador="Bien", meta2025=10),
        _row(codigo="A-2", indicador="Unidad mala", unidad="litros"),
        _row(codigo="A-3", indicador="Regla mala", regla="mediana"),
        _row(codigo="A-4"),
        _row(codigo="A-5", indicador="Meta mala", meta2025="muchos"),
        _row(codigo="A-6", indicador="Razón sin términos", unidad="porcentaje", regla="razon"),
        _row(codigo="a-1", indicador="Código repetido"),
        _row(codigo="A-8", indicador="Meta negativa", meta2026=-3),
        _row(actividad="B", inicio="31/02/2025", codigo="A-9", indicador="Fecha mala"),
        _row(componente="D", actividad="E", codigo="A-10", indicador="Peso negativo"),
    ]
    rows[-1][HEADER.index("Peso del indicador")] = -1
    before = _counts()
    result = _import(entity, rows)
    assert not result.committed
    found = {(i.row, i.column) for i in result.issues}
    assert found == {
        (3, "Unidad"),
        (4, "Regla de agregación"),
        (5, "Indicador"),
        (6, "Meta 2025"),
        (7, "Numerador"),
        (7, "Denominador"),
        (8, "Código del indicador"),
        (9, "Meta 2026"),
        (10, "Fecha de inicio"),
        (11, "Peso del indicador"),
    }
    messages = {(i.row, i.column): i.message for i in result.issues}
    assert messages[3, "Unidad"].startswith("«litros» no es un valor válido")
    assert messages[5, "Indicador"] == "Falta el nombre del indicador."
    assert messages[8, "Código del indicador"].startswith("El código «A-1» ya está en la fila 2")
    assert messages[9, "Meta 2026"] == "La meta no puede ser negativa."
    assert "31/02/2025" in messages[10, "Fecha de inicio"]
    assert _counts() == before


def test_model_rules_apply_to_every_row(entity):
    # A target of a year outside the vigencia passes the reading but not Target.clean().
    rows = [_row(componente="C", actividad="A", codigo="A-1", indicador="I", meta2025=1)]
    draft = matrix_file_read(_file(rows), filename="m.xlsx", plan_fields={"vigencia_start": date(2026, 1, 1)})
    before = _counts()
    result = plan_matrix_import(entity=entity, draft=draft, dry_run=False)
    assert [(i.row, i.column) for i in result.issues] == [(2, "Meta 2025")]
    assert "fuera de la vigencia" in result.issues[0].message
    assert _counts() == before


def test_reimporting_the_same_file_changes_nothing(entity):
    first = _import(entity, GOOD)
    assert first.committed
    history = (Plan.history.count(), Activity.history.count(), Indicator.history.count(), Target.history.count())
    before = _counts()
    second = _import(entity, GOOD)
    assert second.committed
    assert second.changes == 0
    assert second.counts["indicators"]["unchanged"] == 3
    assert _counts() == before
    assert (
        Plan.history.count(),
        Activity.history.count(),
        Indicator.history.count(),
        Target.history.count(),
    ) == history


def test_a_draft_plan_is_updated_in_place(entity):
    _import(entity, GOOD)
    changed = [list(r) for r in GOOD]
    changed[0][HEADER.index("Meta 2025")] = 60
    result = _import(entity, changed)
    assert result.counts["targets"]["updated"] == 1
    assert Target.objects.get(indicator__code="EXT-01", period_start=date(2025, 1, 1)).value == 60


@pytest.mark.parametrize("status", [PlanStatus.APPROVED, PlanStatus.IN_EXECUTION])
def test_an_approved_or_running_plan_is_never_overwritten(entity, status):
    _import(entity, GOOD)
    Plan.objects.filter(entity=entity).update(status=status, approved_on=date(2025, 1, 2), approval_body="Comité")
    changed = [list(r) for r in GOOD]
    changed[0][HEADER.index("Meta 2025")] = 60
    before = _counts()
    result = _import(entity, changed)
    assert not result.committed
    assert len(result.issues) == 1 and "ya existe" in result.issues[0].message
    assert Target.objects.get(indicator__code="EXT-01", period_start=date(2025, 1, 1)).value == 48
    assert _counts() == before


def test_the_import_writes_only_into_the_given_entity_and_refuses_another_entitys_plan(entity, other_entity):
    AreaFactory(entity=other_entity, name="Prensa Ajena")
    foreign = Plan.objects.create(
        entity=other_entity, title="Plan ajeno", vigencia_start=date(2025, 1, 1), vigencia_end=date(2025, 12, 31)
    )
    rows = [_row(componente="C", actividad="A", dependencias="Prensa Ajena", codigo="A-1", indicador="I")]
    draft = matrix_file_read(_file(rows), filename="m.xlsx")
    draft.fields["parent"] = foreign.title
    before = _counts()
    result = plan_matrix_import(entity=entity, draft=draft, dry_run=False)
    assert [(i.sheet, i.column) for i in result.issues] == [("Plan", "Plan al que se alinea")]
    assert _counts() == before
    # Without the foreign parent, the area name is a new area of the importing entity.
    draft.fields.pop("parent")
    draft.issues.clear()
    result = plan_matrix_import(entity=entity, draft=draft, dry_run=False)
    assert result.committed and result.new_areas == ["Prensa Ajena"]
    assert Area.objects.filter(name="Prensa Ajena").values_list("entity", flat=True).order_by("entity").count() == 2
    assert Activity.objects.get(name="A").responsible_areas.get().entity == entity


def test_csv_takes_the_plan_from_the_form(entity):
    result = _import(entity, GOOD, fmt="csv", plan_fields=PLAN)
    assert result.committed
    assert Plan.objects.get(entity=entity).title == "Plan de prueba"


def test_csv_without_a_plan_names_what_is_missing(entity):
    result = _import(entity, GOOD, fmt="csv")
    assert {i.column for i in result.issues} == {"Título", "Inicio de la vigencia", "Fin de la vigencia"}


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_text_that_looks_like_a_formula_is_escaped_on_export_and_restored_on_import(entity, other_entity, fmt):
    dangerous = ['=HYPERLINK("http://x")', "+57 300", "-menos", "@SUM(A1)", "\tTab", "\rRetorno"]
    rows = [_row(componente="C", actividad=f"A{n}", codigo=f"F-{n}", indicador="=1+1") for n in range(len(dangerous))]
    assert _import(entity, rows).committed
    plan = Plan.objects.get(entity=entity)
    for n, text in enumerate(dangerous):  # typed so in the admin
        Activity.objects.filter(component__plan=plan, name=f"A{n}").update(name=text)
    exported = sheets_bytes(plan_matrix_sheets(plan), fmt)
    table = read_table(exported, filename=f"e.{fmt}", sheet=MATRIX_SHEET)
    escaped = ["'" + text for text in dangerous]
    if fmt == "ods":
        escaped[-1] = "'\nRetorno"  # XML stores a carriage return as a line feed
    assert [row.values["actividad"] for row in table.rows] == escaped
    assert {row.values["indicador"] for row in table.rows} == {"'=1+1"}
    fields = {"title": "Copia", "vigencia_start": date(2025, 1, 1), "vigencia_end": date(2026, 12, 31)}
    draft = matrix_file_read(exported, filename=f"e.{fmt}", plan_fields=fields)
    assert plan_matrix_import(entity=other_entity, draft=draft, dry_run=False).committed
    copied = Activity.objects.filter(component__plan__entity=other_entity).order_by("order")
    expected = dangerous if fmt != "ods" else [*dangerous[:-1], "\nRetorno"]
    assert list(copied.values_list("name", flat=True)) == expected
    assert set(Indicator.objects.filter(plan__entity=other_entity).values_list("name", flat=True)) == {"=1+1"}


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_workbook_templates_carry_instructions_example_plan_and_matrix(fmt):
    data = template_bytes(fmt)
    instructions = read_table(data, filename=f"t.{fmt}", sheet=INSTRUCTIONS_SHEET)
    assert any("Meta 2025-T1" in str(r.values["instrucciones"]) for r in instructions.rows)
    example = read_table(data, filename=f"t.{fmt}", sheet=EXAMPLE_SHEET)
    assert [r.values["codigo del indicador"] for r in example.rows] == ["PLAN-01", "EXT-01", "EXT-02", "INT-01"]
    matrix = read_table(data, filename=f"t.{fmt}", sheet=MATRIX_SHEET)
    assert matrix.headers[: len(COLUMNS)] == [c.label for c in COLUMNS] and matrix.rows == []
    for sheet in ("Dependencias", "Públicos", "Canales"):
        assert read_table(data, filename=f"t.{fmt}", sheet=sheet).headers[0] == "Nombre"
    plan = read_table(data, filename=f"t.{fmt}", sheet=PLAN_SHEET)
    assert [r.values["campo"] for r in plan.rows][:3] == ["Título", "Inicio de la vigencia", "Fin de la vigencia"]


def test_the_csv_template_is_the_example_matrix():
    table = read_table(template_bytes("csv"), filename="t.csv")
    assert table.headers[0] == "Componente"
    assert [r.values["codigo del indicador"] for r in table.rows] == ["PLAN-01", "EXT-01", "EXT-02", "INT-01"]


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_the_example_imports_as_is(entity, fmt):
    data = sheets_bytes([example_sheet(MATRIX_SHEET)], fmt)
    result = plan_matrix_import(
        entity=entity,
        draft=matrix_file_read(data, filename=f"e.{fmt}", plan_fields=example_plan_fields()),
        dry_run=False,
    )
    assert [str(i) for i in result.issues] == []
    assert {
        k: result.counts[k]["created"]
        for k in ("components", "responsibilities", "activities", "indicators", "targets")
    } == {
        "components": 2,
        "responsibilities": 2,
        "activities": 2,
        "indicators": 4,
        "targets": 8,
    }
    assert result.new_areas == ["Oficina de Comunicaciones", "Talento Humano"]
    plan_level = Indicator.objects.get(code="PLAN-01")
    assert plan_level.activity is None and plan_level.aggregation == Aggregation.RATIO


def test_new_names_take_their_details_from_their_sheets_and_existing_ones_are_left_alone(entity):
    AudienceFactory(entity=entity, name="Ciudadanía", scope="externo", key_message="Antes")
    rows = [
        _row(
            componente="C",
            actividad="A",
            publicos="Servidores; ciudadania",
            canales="Cartelera",
            codigo="X-1",
            indicador="I",
        )
    ]
    sheets = [
        Sheet(
            PLAN_SHEET,
            ["Campo", "Valor"],
            [["Título", "P"], ["Inicio de la vigencia", "01/01/2025"], ["Fin de la vigencia", "31/12/2025"]],
        ),
        Sheet(MATRIX_SHEET, HEADER, rows),
        Sheet(
            "Públicos",
            ["Nombre", "Tipo", "Descripción", "Mensaje clave"],
            [
                ["servidores", "Interno", "", "Sentido de pertenencia"],
                ["Ciudadanía", "Interno", "", "Después"],
            ],
        ),
        Sheet(
            "Canales",
            ["Nombre", "Modalidad", "Línea", "Alcance", "Descripción"],
            [["Cartelera", "offline", "BTL", "Interno", "Pasillos"]],
        ),
    ]
    draft = matrix_file_read(sheets_bytes(sheets, "xlsx"), filename="m.xlsx")
    result = plan_matrix_import(entity=entity, draft=draft, dry_run=False)
    assert [str(i) for i in result.issues] == []
    assert (result.new_audiences, result.new_channels) == (["Servidores"], ["Cartelera"])
    servidores = Audience.objects.get(entity=entity, name="Servidores")
    assert (servidores.scope, servidores.key_message) == ("interno", "Sentido de pertenencia")
    assert Audience.objects.get(entity=entity, name="Ciudadanía").key_message == "Antes"
    cartelera = Channel.objects.get(entity=entity, name="Cartelera")
    assert (cartelera.mode, cartelera.line, cartelera.scope, cartelera.description) == (
        "offline",
        "btl",
        "interno",
        "Pasillos",
    )


def test_a_bad_value_in_a_names_sheet_is_reported_with_its_sheet_and_row(entity):
    sheets = [
        Sheet(
            PLAN_SHEET,
            ["Campo", "Valor"],
            [["Título", "P"], ["Inicio de la vigencia", "01/01/2025"], ["Fin de la vigencia", "31/12/2025"]],
        ),
        Sheet(
            MATRIX_SHEET,
            HEADER,
            [_row(componente="C", actividad="A", canales="Cartelera", codigo="X-1", indicador="I")],
        ),
        Sheet(
            "Canales",
            ["Nombre", "Modalidad", "Línea", "Alcance", "Descripción"],
            [["Cartelera", "telepatía", "", "", ""]],
        ),
    ]
    before = _counts()
    result = plan_matrix_import(
        entity=entity, draft=matrix_file_read(sheets_bytes(sheets, "xlsx"), filename="m.xlsx"), dry_run=False
    )
    assert [(i.sheet, i.row, i.column) for i in result.issues] == [("Canales", 2, "Modalidad")]
    assert _counts() == before
