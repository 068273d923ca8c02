"""An import never empties what the file did not carry, the preview lists what it will empty, and
a «Matriz» over the row limit is refused with the size message before the rest is read."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from imports.matrix import COLUMNS, MATRIX_SHEET, PLAN_FIELDS, PLAN_SHEET
from imports.matrix_export import plan_matrix_sheets
from imports.matrix_files import matrix_file_read, sheets_bytes, template_bytes
from imports.matrix_import import plan_matrix_import
from imports.readers import SpreadsheetError
from indicators.models import Indicator
from plans.models import Activity, Area, Component, Plan
from plans.tests.factories import PlanFactory

IMPORT = reverse("imports:matrix_import")
CONFIRM = reverse("imports:matrix_import_confirm")
PLAN_TEXTS = {
    "general_objective": "Informar a la ciudadanía con oportunidad.",
    "justification": "La Ley 1712 de 2014 exige publicar la gestión.",
    "scope": "Todas las dependencias de la entidad.",
}


@pytest.fixture
def draft_plan(entity):
    plan = PlanFactory(
        entity=entity,
        title="Plan 2025",
        vigencia_start=date(2025, 1, 1),
        vigencia_end=date(2025, 12, 31),
        **PLAN_TEXTS,
    )
    area = Area.objects.create(entity=entity, name="Oficina de Prensa")
    component = Component.objects.create(
        plan=plan, kind="externa", name="Comunicación externa", objective="Llegar a los medios.", order=1
    )
    activity = Activity.objects.create(component=component, name="Boletines", tactics="Un boletín por semana.", order=1)
    activity.responsible_areas.add(area)
    Indicator.objects.create(plan=plan, activity=activity, code="EXT-01", name="Boletines publicados", order=1)
    return plan


def _csv_export(client, plan) -> bytes:
    response = client.get(reverse("imports:matrix_export", args=[plan.pk, "csv"]))
    assert response.status_code == 200
    return response.content


def _post_csv(client, plan, data: bytes):
    return client.post(IMPORT, {"archivo": SimpleUploadedFile("matriz.csv", data), "plan": plan.pk})


def test_reimporting_a_plans_own_csv_export_onto_its_draft_changes_nothing(client, press_officer, draft_plan):
    client.force_login(press_officer)
    preview = _post_csv(client, draft_plan, _csv_export(client, draft_plan))
    result = preview.context["result"]
    assert result.ok and result.emptied == []
    assert result.counts["plan"] == {"unchanged": 1}
    assert result.changes == 0
    client.post(CONFIRM, {"token": preview.context["token"]})
    draft_plan.refresh_from_db()
    assert {f: getattr(draft_plan, f) for f in PLAN_TEXTS} == PLAN_TEXTS


def test_a_csv_without_the_optional_columns_leaves_their_values(client, press_officer, draft_plan):
    client.force_login(press_officer)
    data = "\ufeffComponente;Actividad;Código del indicador;Indicador\r\n"
    data += "Comunicación externa;Boletines;EXT-01;Boletines publicados\r\n"
    preview = _post_csv(client, draft_plan, data.encode())
    assert preview.context["result"].emptied == []
    client.post(CONFIRM, {"token": preview.context["token"]})
    activity = Activity.objects.get(component__plan=draft_plan)
    assert activity.tactics == "Un boletín por semana."
    assert list(activity.responsible_areas.values_list("name", flat=True)) == ["Oficina de Prensa"]
    assert activity.component.objective == "Llegar a los medios."


def test_the_preview_lists_every_field_the_file_empties(client, press_officer, draft_plan):
    client.force_login(press_officer)
    sheets = plan_matrix_sheets(draft_plan)
    matrix = next(s for s in sheets if s.title == MATRIX_SHEET)
    header = matrix.header
    for label in ("Tácticas y recursos", "Dependencias responsables", "Objetivo del componente"):
        matrix.rows[0][header.index(label)] = ""
    plan_sheet = next(s for s in sheets if s.title == PLAN_SHEET)
    for row in plan_sheet.rows:
        if row[0] == "Justificación":
            row[1] = ""
    upload = SimpleUploadedFile("matriz.xlsx", sheets_bytes(sheets, "xlsx"))
    preview = client.post(IMPORT, {"archivo": upload})
    assert sorted(preview.context["result"].emptied) == [
        ("Actividades", "Boletines", "Dependencias responsables"),
        ("Actividades", "Boletines", "Tácticas y recursos"),
        ("Componentes", "Comunicación externa", "Objetivo del componente"),
        ("Plan", str(draft_plan), "Justificación"),
    ]
    content = preview.content.decode()
    assert "Campos que la importación dejará vacíos" in content and "Tácticas y recursos" in content
    client.post(CONFIRM, {"token": preview.context["token"]})
    draft_plan.refresh_from_db()
    assert draft_plan.justification == "" and draft_plan.scope == PLAN_TEXTS["scope"]


def test_a_plan_sheet_without_a_row_leaves_that_field(entity, draft_plan):
    sheets = plan_matrix_sheets(draft_plan)
    plan_sheet = next(s for s in sheets if s.title == PLAN_SHEET)
    plan_sheet.rows = [r for r in plan_sheet.rows if r[0] not in ("Alcance", "Objetivo general")]
    draft = matrix_file_read(sheets_bytes(sheets, "xlsx"), filename="m.xlsx")
    result = plan_matrix_import(entity=entity, draft=draft, dry_run=False)
    assert result.committed and result.emptied == []
    draft_plan.refresh_from_db()
    assert (draft_plan.scope, draft_plan.general_objective) == (PLAN_TEXTS["scope"], PLAN_TEXTS["general_objective"])


# --- the size of «Matriz» --------------------------------------------------------------------


def _big_workbook(rows: int) -> bytes:
    """A template-shaped workbook: «Instrucciones» and «Plan» before a «Matriz» of ``rows``."""
    book = Workbook()
    book.active.title = "Instrucciones"
    book.active.append(["Instrucciones"])
    plan = book.create_sheet(PLAN_SHEET)
    plan.append(["Campo", "Valor"])
    plan.append([PLAN_FIELDS[0][0], "Plan grande"])
    matrix = book.create_sheet(MATRIX_SHEET)
    matrix.append([c.label for c in COLUMNS])
    for n in range(rows):
        matrix.append(["Componente", *[""] * 5, "Actividad", *[""] * 11, f"I-{n}", "Indicador"])
    book.create_sheet("Ejemplo").append(["Componente"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_matriz_over_the_row_limit_gets_the_size_message_about_matriz(settings):
    settings.IMPORT_MAX_ROWS = 50
    with pytest.raises(SpreadsheetError) as error:
        matrix_file_read(_big_workbook(60), filename="grande.xlsx")
    assert error.value.message == (
        "La hoja «Matriz» del archivo «grande.xlsx» tiene más de 50 filas de datos. Divídala en varios archivos."
    )
    at_the_limit = matrix_file_read(_big_workbook(50), filename="justo.xlsx")
    assert len(list(at_the_limit.all_indicators())) == 50


def test_the_size_is_decided_from_the_declared_dimension_before_the_rows_are_read(settings):
    settings.IMPORT_MAX_ROWS = 50
    data = _big_workbook(60)
    # Damage every row after the header: only a decision taken before reading them can give
    # the size message; reading them would report a damaged file.
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet3.xml":
                head, _rows = content.split(b'<row r="2"', 1)
                assert b'<dimension ref="A1:' in head
                content = head + b"<row r='2'><c><broken</sheetData></worksheet>"
            target.writestr(item, content)
    with pytest.raises(SpreadsheetError) as error:
        matrix_file_read(out.getvalue(), filename="grande.xlsx")
    assert "tiene más de 50 filas" in error.value.message and "«Matriz»" in error.value.message


def test_the_upload_page_shows_the_size_message(client, press_officer, settings):
    settings.IMPORT_MAX_ROWS = 50
    client.force_login(press_officer)
    response = client.post(IMPORT, {"archivo": SimpleUploadedFile("grande.xlsx", _big_workbook(60))})
    assert response.context["form"].errors["archivo"] == [
        "La hoja «Matriz» del archivo «grande.xlsx» tiene más de 50 filas de datos. Divídala en varios archivos."
    ]
    assert not Plan.objects.exists()


def test_the_template_itself_still_reads(settings):
    draft = matrix_file_read(template_bytes("xlsx"), filename="plantilla.xlsx")
    assert draft.components == [] and isinstance(draft.fields, dict)
