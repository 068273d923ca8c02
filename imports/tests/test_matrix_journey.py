"""The press office imports a plan matrix in a real browser: from the plans list to the
preview and the confirmation, every page of the import passing axe-core in its content.

The stock Django admin around it has known axe findings of its own (docs: «Known pitfalls»), so
the check runs on the import's own content (#content-main)."""

from __future__ import annotations

import pytest

from conftest import AXE_PATH
from imports.matrix import MATRIX_SHEET
from imports.matrix_files import example_sheet, sheets_bytes
from indicators.models import Indicator
from plans.models import Plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _axe_content(page, context: str) -> None:
    page.add_script_tag(path=str(AXE_PATH))
    result = page.evaluate(
        "() => axe.run('#content-main', {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not bad, f"axe found serious/critical violations {context}: {[v['id'] for v in bad]}"


def test_press_officer_imports_a_matrix_from_the_plans_list(browser_page, browser_login, press_officer, tmp_path):
    page = browser_page
    matrix = tmp_path / "matriz.xlsx"
    matrix.write_bytes(sheets_bytes([example_sheet(MATRIX_SHEET)], "xlsx"))
    browser_login(page, press_officer)
    page.goto("/admin/plans/plan/")
    page.get_by_role("link", name="Plantilla de la matriz").click()
    assert page.get_by_role("link", name="Plantilla XLSX (Excel)").is_visible()
    _axe_content(page, "on the template page")
    page.goto("/admin/plans/plan/")
    page.get_by_role("link", name="Importar matriz").click()
    _axe_content(page, "on the upload form")
    page.get_by_label("Archivo de la matriz").set_input_files(str(matrix))
    page.get_by_label("Título del plan").fill("Plan importado")
    page.get_by_label("Inicio de la vigencia").fill("01/01/2025")
    page.get_by_label("Fin de la vigencia").fill("31/12/2026")
    page.get_by_role("button", name="Ver la vista previa").click()
    assert page.get_by_text("Dependencias nuevas").is_visible()
    _axe_content(page, "on the preview")
    assert not Plan.objects.exists()
    page.get_by_role("button", name="Confirmar la importación").click()
    page.wait_for_load_state("networkidle")
    plan = Plan.objects.get(title="Plan importado")
    assert page.url.endswith(f"/admin/plans/plan/{plan.pk}/change/")
    assert Indicator.objects.filter(plan=plan).count() == 4
