"""The seed plans through the matrix: imported from a spreadsheet built from their YAML with the
exact counts, and exported, imported into an empty entity and exported again unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.conf import settings

from imports.matrix import COLUMNS, MATRIX_SHEET, PLAN_SHEET, cell_text
from imports.matrix_export import Sheet, plan_matrix_sheets
from imports.matrix_files import matrix_file_read, sheets_bytes
from imports.matrix_import import plan_matrix_import
from imports.readers import read_table
from indicators.models import Indicator, Target
from indicators.services import seed_entity_load
from plans.models import Activity, Component, Plan, Responsibility
from plans.tests.factories import EntityFactory

SEEDS = sorted((Path(settings.BASE_DIR) / "fixtures" / "plans").glob("*.yaml"))


def _seed(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _measured_plans(data: dict) -> list[dict]:
    return [p for p in data["plans"] if p.get("components") or p.get("indicators")]


def _label(field: str, level: str) -> str:
    return next(c.label for c in COLUMNS if c.field == field and c.level == level)


def _yaml_sheets(plan: dict) -> list[Sheet]:
    """Build the workbook a press office would type for ``plan``, straight from the YAML: one
    row per indicator, names only on the first row of each component and activity."""
    years = sorted(
        {
            int(y)
            for c in plan.get("components") or []
            for a in c.get("activities") or []
            for i in a.get("indicators") or []
            for y in (i.get("targets") or {})
        }
        | {int(y) for i in plan.get("indicators") or [] for y in (i.get("targets") or {})}
    )
    header = [c.label for c in COLUMNS] + [f"Meta {y}" for y in years]
    rows = []

    def indicator_cells(data: dict) -> dict:
        cells = {_label("code", "indicator"): data["code"], _label("name", "indicator"): data["name"]}
        for f in (
            "definition",
            "kind",
            "unit",
            "aggregation",
            "numerator_definition",
            "denominator_definition",
            "direction",
            "frequency",
            "target_derivation",
            "data_source",
            "verification_means",
        ):
            cells[_label(f, "indicator")] = data.get(f) or ""
        cells[_label("responsible_area", "indicator")] = data.get("responsible_area") or ""
        for year, value in (data.get("targets") or {}).items():
            cells[f"Meta {year}"] = value
        return cells

    for data in plan.get("indicators") or []:
        rows.append(indicator_cells(data))
    for component in plan.get("components") or []:
        comp_rows = []
        for activity in component.get("activities") or []:
            first = {
                _label("name", "activity"): activity["name"],
                _label("description", "activity"): activity.get("description") or "",
                _label("responsible_areas", "activity"): "; ".join(activity.get("areas") or []),
                _label("responsible_text", "activity"): activity.get("responsible_text") or "",
                _label("tactics", "activity"): activity.get("tactics") or "",
                _label("audiences", "activity"): "; ".join(activity.get("audiences") or []),
                _label("channels", "activity"): "; ".join(activity.get("channels") or []),
                _label("frequency", "activity"): activity.get("frequency") or "",
                _label("status", "activity"): activity.get("status") or "",
                # The responsibility it carries out goes on its first row.
                _label("text", "responsibility"): activity.get("responsibility") or "",
            }
            for n, indicator in enumerate(activity.get("indicators") or [{}]):
                row = dict(first) if n == 0 else {}
                if indicator:
                    row.update(indicator_cells(indicator))
                comp_rows.append(row)
        carried = {a.get("responsibility") for a in component.get("activities") or []}
        comp_rows.extend(
            {_label("text", "responsibility"): text}
            for text in component.get("responsibilities") or []
            if text not in carried
        )
        comp_rows = comp_rows or [{}]
        comp_rows[0].update(
            {
                _label("name", "component"): component["name"],
                _label("kind", "component"): component["kind"],
                _label("objective", "component"): component.get("objective") or "",
                _label("description", "component"): component.get("description") or "",
            }
        )
        rows.extend(comp_rows)
    plan_rows = [
        ["Título", plan["title"]],
        ["Inicio de la vigencia", plan["vigencia_start"]],
        ["Fin de la vigencia", plan["vigencia_end"]],
    ]
    return [
        Sheet(PLAN_SHEET, ["Campo", "Valor"], plan_rows),
        Sheet(MATRIX_SHEET, header, [[row.get(h, "") for h in header] for row in rows]),
    ]


def _yaml_counts(plan: dict) -> dict[str, int]:
    components = plan.get("components") or []
    activities = [a for c in components for a in c.get("activities") or []]
    indicators = [i for a in activities for i in a.get("indicators") or []] + list(plan.get("indicators") or [])
    return {
        "components": len(components),
        "responsibilities": sum(len(c.get("responsibilities") or []) for c in components),
        "activities": len(activities),
        "indicators": len(indicators),
        "targets": sum(len(i.get("targets") or {}) for i in indicators),
    }


def _db_counts(plan: Plan) -> dict[str, int]:
    return {
        "components": Component.objects.filter(plan=plan).count(),
        "responsibilities": Responsibility.objects.filter(component__plan=plan).count(),
        "activities": Activity.objects.filter(component__plan=plan).count(),
        "indicators": Indicator.objects.filter(plan=plan).count(),
        "targets": Target.objects.filter(indicator__plan=plan).count(),
    }


@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_each_seed_plan_imports_from_a_spreadsheet_with_the_yaml_counts(db, path):
    entity = EntityFactory(name="Entidad vacía")
    for plan_data in _measured_plans(_seed(path)):
        data = sheets_bytes(_yaml_sheets(plan_data), "xlsx")
        draft = matrix_file_read(data, filename="plan.xlsx")
        result = plan_matrix_import(entity=entity, draft=draft, dry_run=False)
        assert [str(i) for i in result.issues] == []
        plan = Plan.objects.get(entity=entity, title=plan_data["title"])
        expected = _yaml_counts(plan_data)
        assert _db_counts(plan) == expected
        assert {k: result.counts[k]["created"] for k in expected} == expected


def _load_seed(path: Path):
    entity, plans, _users = seed_entity_load(data=_seed(path), password_hash="!")
    return entity, plans


def _content(data: bytes, filename: str, sheet: str) -> list[list[str]]:
    table = read_table(data, filename=filename, sheet=sheet)
    return [table.headers] + [[cell_text(row.values.get(k)) for k in table.keys] for row in table.rows]


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
@pytest.mark.parametrize("path", SEEDS, ids=lambda p: p.stem)
def test_a_seed_plan_exported_imported_into_an_empty_entity_and_exported_again_is_the_same(db, path, fmt):
    _entity, plans = _load_seed(path)
    empty = EntityFactory(name="Entidad vacía")
    for original in plans:
        first = sheets_bytes(plan_matrix_sheets(original), fmt)
        plan_fields = {}
        if fmt == "csv":
            plan_fields = {
                "title": original.title,
                "vigencia_start": original.vigencia_start,
                "vigencia_end": original.vigencia_end,
            }
        parent_exists = (
            original.parent is None or Plan.objects.filter(entity=empty, title=original.parent.title).exists()
        )
        assert parent_exists
        result = plan_matrix_import(
            entity=empty, draft=matrix_file_read(first, filename=f"plan.{fmt}", plan_fields=plan_fields), dry_run=False
        )
        assert [str(i) for i in result.issues] == []
        copy = Plan.objects.get(entity=empty, title=original.title)
        assert _db_counts(copy) == _db_counts(original)
        second = sheets_bytes(plan_matrix_sheets(copy), fmt)
        sheets = (
            [MATRIX_SHEET]
            if fmt == "csv"
            else [PLAN_SHEET, "Objetivos", MATRIX_SHEET, "Dependencias", "Públicos", "Canales"]
        )
        for sheet in sheets:
            assert _content(second, f"b.{fmt}", sheet) == _content(first, f"a.{fmt}", sheet)
