"""The plan matrix written out: the rows of the «Matriz» sheet and the plan, objectives and
names sheets beside it, in the layout the import reads back (imports.matrix)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q
from django.utils import translation

from imports.matrix import (
    COLUMNS,
    LIST_SEPARATOR,
    MATRIX_SHEET,
    NAME_SHEETS,
    OBJECTIVES_HEADER,
    OBJECTIVES_SHEET,
    PLAN_FIELDS,
    PLAN_HEADER,
    PLAN_SHEET,
    Column,
    _target_sort,
    target_label,
)
from indicators.enums import (
    PeriodType,
)
from plans.enums import (
    ObjectiveKind,
)

# --- export ------------------------------------------------------------------------------------


@dataclass
class Sheet:
    """A sheet to write: its title, header and rows of Python values (text, Decimal, date)."""

    title: str
    header: list[str]
    rows: list[list]


def _choice_label(choices, code: str) -> str:
    return str(choices(code).label) if code else ""


def _cell(column: Column, obj) -> object:
    value = getattr(obj, column.field)
    if column.kind == "choice":
        return _choice_label(column.choices, value)
    if column.kind == "names":
        return f"{LIST_SEPARATOR} ".join(sorted(o.name for o in value.all()))
    if column.kind == "area":
        return value.name if value is not None else ""
    if column.kind == "decimal":
        return value
    return value if value is not None else ""


def _level_cells(level: str, obj) -> dict[str, object]:
    return {c.label: _cell(c, obj) for c in COLUMNS if c.level == level}


def plan_matrix_sheets(plan, *, with_header_sheets: bool = True) -> list[Sheet]:
    """Return the sheets of ``plan``'s matrix in the template's layout: «Matriz» (one row per
    indicator, names repeated on every row, the details of a component or activity on its first
    row, an activity's responsibility beside it and the others on rows of their own) and, for XLSX and ODS, «Plan» and
    «Objetivos». Labels of choices are the Spanish ones, so that any reader imports them."""
    from indicators.models import Indicator, Target

    with translation.override("es-co"):
        components = list(
            plan.components.order_by("order", "pk").prefetch_related(
                "responsibilities",
            )
        )
        activities = {}
        from plans.models import Activity

        for activity in (
            Activity.objects.filter(component__plan=plan)
            .order_by("order", "pk")
            .prefetch_related("responsible_areas", "audiences", "channels")
        ):
            activities.setdefault(activity.component_id, []).append(activity)
        indicators = list(
            Indicator.objects.filter(plan=plan).select_related("responsible_area").order_by("order", "code")
        )
        by_activity: dict[int | None, list] = {}
        for indicator in indicators:
            by_activity.setdefault(indicator.activity_id, []).append(indicator)
        targets: dict[int, dict[str, Decimal]] = {}
        periods = set()
        for target in Target.objects.filter(indicator__plan=plan):
            label = target_label(target.period_type, target.period_start)
            targets.setdefault(target.indicator_id, {})[label] = target.value
            periods.add((_target_sort(target.period_type, target.period_start), label))
        for year in range(plan.vigencia_start.year, plan.vigencia_end.year + 1):
            periods.add((_target_sort(PeriodType.YEAR, date(year, 1, 1)), f"Meta {year}"))
        target_labels = [label for _key, label in sorted(periods)]
        header = [c.label for c in COLUMNS] + target_labels

        def indicator_cells(indicator) -> dict[str, object]:
            cells = _level_cells("indicator", indicator)
            cells.update(targets.get(indicator.pk, {}))
            return cells

        rows: list[dict[str, object]] = [indicator_cells(i) for i in by_activity.get(None, [])]
        for component in components:
            comp_rows = _component_rows(component, activities.get(component.pk, []), by_activity, indicator_cells)
            comp_rows[0].update(_level_cells("component", component))
            for row in comp_rows:
                row["Componente"] = component.name
            rows.extend(comp_rows)
        sheets = [Sheet(MATRIX_SHEET, header, [[row.get(h, "") for h in header] for row in rows])]
        if with_header_sheets:
            sheets.insert(0, plan_header_sheet(plan))
            sheets.insert(1, objectives_sheet(plan.objectives.order_by("order", "pk")))
            sheets.extend(names_sheets(plan))
    return sheets


def _component_rows(component, activities: list, by_activity: dict, indicator_cells) -> list[dict[str, object]]:
    """The rows of one component as the seed matrices lay them out: each activity's first row
    carries the responsibility it carries out; a responsibility no activity carries gets a row
    of its own, in the component's order (so that reading the rows back pairs them the same)."""
    from plans.selectors import matrix_lines

    rows: list[dict[str, object]] = []
    for responsibility, activity in matrix_lines(list(component.responsibilities.all()), activities):
        if activity is None:
            rows.append({"Responsabilidad": responsibility.text})
            continue
        first = {**_level_cells("activity", activity)}
        if responsibility is not None:
            first["Responsabilidad"] = responsibility.text
        for n, indicator in enumerate(by_activity.get(activity.pk) or [None]):
            row = first if n == 0 else {"Actividad": activity.name}
            if indicator is not None:
                row.update(indicator_cells(indicator))
            rows.append(row)
    return rows or [{}]


def plan_header_sheet(plan) -> Sheet:
    rows = []
    for label, f, _kind in PLAN_FIELDS:
        value = getattr(plan, f)
        if f == "parent":
            value = value.title if value is not None else ""
        rows.append([label, "" if value is None else value])
    return Sheet(PLAN_SHEET, PLAN_HEADER, rows)


def objectives_sheet(objectives) -> Sheet:
    return Sheet(
        OBJECTIVES_SHEET, OBJECTIVES_HEADER, [[_choice_label(ObjectiveKind, o.kind), o.text] for o in objectives]
    )


def names_sheets(plan) -> list[Sheet]:
    """The «Dependencias», «Públicos» and «Canales» the plan uses, with their details."""
    from indicators.models import Indicator
    from plans.models import Area, Audience, Channel

    used = {
        "areas": Area.objects.filter(
            Q(activities__component__plan=plan)
            | Q(pk__in=Indicator.objects.filter(plan=plan).values("responsible_area"))
        ),
        "audiences": Audience.objects.filter(activities__component__plan=plan),
        "channels": Channel.objects.filter(activities__component__plan=plan),
    }
    sheets = []
    for kind, (title, spec) in NAME_SHEETS.items():
        rows = []
        for obj in used[kind].distinct().order_by("name"):
            rows.append(
                [
                    _choice_label(choices, getattr(obj, f)) if cell_kind == "choice" else getattr(obj, f)
                    for _header, f, cell_kind, choices in spec
                ]
            )
        sheets.append(Sheet(title, [header for header, *_rest in spec], rows))
    return sheets
