"""Import a plan matrix into the importing user's entity: match, validate, write or roll back.

One service, ``plan_matrix_import``, serves the preview (``dry_run=True``: everything is
written and checked with the models' own rules, then rolled back) and the confirmation (the same
pass, committed when nothing is wrong). All-or-nothing: a single issue rolls everything back.
Re-importing the same file changes nothing: objects are matched (plan by title and start of the
vigencia, components and activities by name, indicators by code, targets by period) and only
saved when a value differs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from imports.matrix import (
    COLUMN_BY_FIELD,
    COLUMNS,
    MATRIX_SHEET,
    NAME_SHEETS,
    OBJECTIVES_SHEET,
    PLAN_FIELDS,
    PLAN_SHEET,
    ActivityDraft,
    ComponentDraft,
    IndicatorDraft,
    Issue,
    PlanDraft,
    normalize,
)
from indicators.enums import Aggregation, PeriodType, TargetDerivation
from indicators.models import Indicator, Target
from indicators.services import indicator_targets_changed
from plans.enums import AudienceScope, ChannelMode, ChannelScope, ComponentKind, PlanStatus
from plans.models import Activity, Area, Audience, Channel, Component, Entity, Objective, Plan, Responsibility

LEVELS = ["plan", "objectives", "components", "responsibilities", "activities", "indicators", "targets"]
_LABELS = {
    level: {c.field: c.label for c in COLUMNS if c.level == level} for level in ("component", "activity", "indicator")
}
_RESPONSIBILITY_LABEL = COLUMN_BY_FIELD[("responsibility", "text")].label
_PLAN_LABELS = {f: label for label, f, _kind in PLAN_FIELDS}


@dataclass
class MatrixResult:
    """What an import did or would do: counts per level, the new names, the issues."""

    plan: Plan | None = None
    plan_title: str = ""
    counts: dict[str, Counter] = field(default_factory=lambda: {level: Counter() for level in LEVELS})
    new_areas: list[str] = field(default_factory=list)
    new_audiences: list[str] = field(default_factory=list)
    new_channels: list[str] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    # Every stored value the import empties: (level, object, field), listed in the preview.
    emptied: list[tuple[str, str, str]] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not self.issues

    @property
    def changes(self) -> int:
        return sum(c["created"] + c["updated"] for c in self.counts.values()) + len(
            self.new_areas + self.new_audiences + self.new_channels
        )

    def count_rows(self) -> list[tuple[str, int, int, int]]:
        names = _level_names()
        return [
            (
                names[level],
                self.counts[level]["created"],
                self.counts[level]["updated"],
                self.counts[level]["unchanged"],
            )
            for level in LEVELS
        ]


def _level_names() -> dict[str, str]:
    return {
        "plan": _("Plan"),
        "objectives": _("Objetivos"),
        "components": _("Componentes"),
        "responsibilities": _("Responsabilidades"),
        "activities": _("Actividades"),
        "indicators": _("Indicadores"),
        "targets": _("Metas"),
    }


def _empty(value) -> bool:
    return value is None or value == ""


def _dedupe(issues: list[Issue]) -> list[Issue]:
    """Keep one issue per cell; a row-wide issue only when its row has no other."""
    seen_cells, rows_with_issue, kept = set(), set(), []
    for issue in issues:
        if issue.column:
            key = (issue.sheet, issue.row, issue.column)
            if key in seen_cells:
                continue
            seen_cells.add(key)
            rows_with_issue.add((issue.sheet, issue.row))
        kept.append(issue)
    return [i for i in kept if i.column or i.row is None or (i.sheet, i.row) not in rows_with_issue]


class _Importer:
    def __init__(self, entity: Entity, draft: PlanDraft, result: MatrixResult):
        self.entity = entity
        self.draft = draft
        self.result = result
        self.issues = result.issues

    # -- saving one object --------------------------------------------------------------------

    def upsert(self, obj, values: dict, *, level: str, sheet: str, row: int | None, labels: dict) -> bool:
        """Give ``obj`` the ``values``; when new or changed, validate it with the model's rules
        and save it. Record issues at (sheet, row, column) and return whether it is saved."""
        changed = obj.pk is None
        emptied = []
        for name, value in values.items():
            before = getattr(obj, name)
            if before != value:
                if obj.pk is not None and _empty(value) and not _empty(before):
                    emptied.append(labels.get(name) or str(obj._meta.get_field(name).verbose_name))
                setattr(obj, name, value)
                changed = True
        if not changed:
            self.result.counts[level]["unchanged"] += 1
            return True
        try:
            obj.full_clean()
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                column = "" if name == NON_FIELD_ERRORS else labels.get(name, "")
                for message in messages:
                    self.issues.append(Issue(message, row, column, sheet))
            return False
        self.result.counts[level]["created" if obj.pk is None else "updated"] += 1
        self.record_emptied(level, obj, emptied)
        obj.save()
        return True

    def record_emptied(self, level: str, obj, labels: list[str]) -> None:
        name = _level_names()[level]
        self.result.emptied.extend((name, str(obj)[:80], label) for label in labels)

    def touch(self, level: str, obj, created: bool) -> None:
        """Count an M2M-only change of an object that was otherwise unchanged."""
        counts = self.result.counts[level]
        if not created and counts["unchanged"]:
            counts["unchanged"] -= 1
            counts["updated"] += 1

    # -- names of the entity ------------------------------------------------------------------

    def _names(self, kind: str, model, names: set[str], new: list[str], defaults: dict) -> dict[str, object]:
        existing = {normalize(o.name): o for o in model.objects.filter(entity=self.entity)}
        details = self.draft.names.get(kind, {})
        # The matrix's spelling wins over the names sheet's; one name per normalized key.
        spelled: dict[str, str] = {}
        for name in [*sorted(names), *(name for name, _fields in details.values())]:
            spelled.setdefault(normalize(name), name)
        sheet = NAME_SHEETS[kind][0]
        labels = {f: header for header, f, _kind, _choices in NAME_SHEETS[kind][1]}
        for key, name in sorted(spelled.items()):
            if key in existing:
                continue
            obj = model(entity=self.entity, name=name, **{**defaults, **details.get(key, ("", {}))[1]})
            try:
                obj.full_clean()
            except ValidationError as error:
                for field_name, messages in error.message_dict.items():
                    column = labels.get(field_name, "")
                    self.issues.extend(Issue(f"«{name}»: {m}", None, column, sheet) for m in messages)
                continue
            obj.save()
            existing[key] = obj
            new.append(name)
        return existing

    def load_names(self) -> None:
        areas, audiences, channels = set(), set(), set()
        for component in self.draft.components:
            for activity in component.activities:
                areas.update(activity.fields.get("responsible_areas", []))
                audiences.update(activity.fields.get("audiences", []))
                channels.update(activity.fields.get("channels", []))
        for _activity, indicator in self.draft.all_indicators():
            if indicator.fields.get("responsible_area"):
                areas.add(indicator.fields["responsible_area"])
        self.areas = self._names("areas", Area, areas, self.result.new_areas, {})
        self.audiences = self._names(
            "audiences", Audience, audiences, self.result.new_audiences, {"scope": AudienceScope.EXTERNAL}
        )
        self.channels = self._names(
            "channels",
            Channel,
            channels,
            self.result.new_channels,
            {"mode": ChannelMode.ONLINE, "scope": ChannelScope.BOTH},
        )

    # -- the plan -----------------------------------------------------------------------------

    def plan(self) -> Plan | None:
        fields = dict(self.draft.fields)
        title = fields.get("title", "")
        self.result.plan_title = title
        missing = [f for f in ("title", "vigencia_start", "vigencia_end") if not fields.get(f)]
        for f in missing:
            self.issues.append(
                Issue(_("Falta «%(field)s» del plan.") % {"field": _PLAN_LABELS[f]}, None, _PLAN_LABELS[f], PLAN_SHEET)
            )
        if missing:
            return None
        plan = Plan.objects.filter(entity=self.entity, title=title, vigencia_start=fields["vigencia_start"]).first()
        if plan is not None and plan.status != PlanStatus.DRAFT:
            self.issues.append(
                Issue(
                    _(
                        "El plan «%(title)s» ya existe y está «%(status)s»: la importación no lo modifica. "
                        "Abra una nueva versión del plan (queda en borrador) o importe con otro título."
                    )
                    % {"title": title, "status": plan.get_status_display()},
                    None,
                    _PLAN_LABELS["title"],
                    PLAN_SHEET,
                )
            )
            return None
        carried_parent = "parent" in fields
        parent_title = fields.pop("parent", "")
        parent = None
        if parent_title:
            parent = Plan.objects.filter(entity=self.entity, title=parent_title).first()
            if parent is None:
                self.issues.append(
                    Issue(
                        _("Su entidad no tiene un plan titulado «%(title)s».") % {"title": parent_title},
                        None,
                        _PLAN_LABELS["parent"],
                        PLAN_SHEET,
                    )
                )
        # Only what the file carries: a CSV (no «Plan» sheet) or a missing row leaves the
        # plan's value as it is; a new plan starts from the model's defaults.
        values = {f: fields[f] for _label, f, _kind in PLAN_FIELDS if f in fields}
        if carried_parent:
            values["parent"] = parent
        plan = plan or Plan(entity=self.entity, status=PlanStatus.DRAFT)
        if not self.upsert(plan, values, level="plan", sheet=PLAN_SHEET, row=None, labels=_PLAN_LABELS):
            return None
        return plan

    def objectives(self, plan: Plan) -> None:
        existing = {(o.kind, normalize(o.text)): o for o in plan.objectives.all()}
        for order, (row, kind, text) in enumerate(self.draft.objectives, start=1):
            obj = existing.get((kind, normalize(text))) or Objective(plan=plan)
            self.upsert(
                obj,
                {"kind": kind, "text": text, "order": order},
                level="objectives",
                sheet=OBJECTIVES_SHEET,
                row=row,
                labels={"kind": "Tipo", "text": "Objetivo"},
            )

    # -- the matrix ---------------------------------------------------------------------------

    def _values(self, level: str, node, defaults_of, skip=()) -> dict:
        values = {}
        for column in COLUMNS:
            if column.level != level or column.field in skip or column.kind in ("names", "area"):
                continue
            if not self.draft.carries(column):
                continue  # a column the file lacks leaves the stored value
            if column.field in node.fields:
                values[column.field] = node.fields[column.field]
            else:
                default = defaults_of._meta.get_field(column.field).get_default()
                values[column.field] = "" if default is None and column.kind == "text" else default
        return values

    def components(self, plan: Plan) -> None:
        existing = {normalize(c.name): c for c in plan.components.all()}
        for order, node in enumerate(self.draft.components, start=1):
            component = existing.get(normalize(node.name)) or Component(plan=plan)
            values = self._values("component", node, Component, skip=("name",))
            values.update(name=node.name, order=order)
            if not node.fields.get("kind"):
                values["kind"] = component.kind or ComponentKind.OTHER
            if self.upsert(
                component, values, level="components", sheet=MATRIX_SHEET, row=node.row, labels=_LABELS["component"]
            ):
                responsibilities = self.responsibilities(component, node)
                self.activities(plan, component, node, responsibilities)

    def responsibilities(self, component: Component, node: ComponentDraft) -> dict[str, Responsibility]:
        """Save the component's responsibilities; return them by normalized text (the saved ones)."""
        existing = {normalize(r.text): r for r in component.responsibilities.all()}
        saved = {}
        for order, (row, text) in enumerate(node.responsibilities, start=1):
            obj = existing.get(normalize(text)) or Responsibility(component=component)
            if self.upsert(
                obj,
                {"text": text, "order": order},
                level="responsibilities",
                sheet=MATRIX_SHEET,
                row=row,
                labels={"text": _RESPONSIBILITY_LABEL},
            ):
                saved[normalize(text)] = obj
        return saved

    def activities(
        self, plan: Plan, component: Component, node: ComponentDraft, responsibilities: dict[str, Responsibility]
    ) -> None:
        existing = {
            normalize(a.name): a
            for a in component.activities.prefetch_related("responsible_areas", "audiences", "channels")
        }
        for order, activity_node in enumerate(node.activities, start=1):
            activity = existing.get(normalize(activity_node.name)) or Activity(component=component)
            created = activity.pk is None
            values = self._values("activity", activity_node, Activity, skip=("name",))
            values.update(name=activity_node.name, order=order)
            if self.draft.carries(COLUMN_BY_FIELD[("responsibility", "text")]):
                values["responsibility"] = responsibilities.get(normalize(activity_node.responsibility))
            if not self.upsert(
                activity,
                values,
                level="activities",
                sheet=MATRIX_SHEET,
                row=activity_node.row,
                labels={**_LABELS["activity"], "responsibility": _RESPONSIBILITY_LABEL},
            ):
                continue
            m2m_changed = False
            for name, lookup in (
                ("responsible_areas", self.areas),
                ("audiences", self.audiences),
                ("channels", self.channels),
            ):
                if not self.draft.carries(COLUMN_BY_FIELD[("activity", name)]):
                    continue
                wanted = {lookup[normalize(n)].pk for n in activity_node.fields.get(name, []) if normalize(n) in lookup}
                current = set() if created else {o.pk for o in getattr(activity, name).all()}
                if wanted != current:
                    if current and not wanted:
                        self.record_emptied("activities", activity, [_LABELS["activity"][name]])
                    getattr(activity, name).set(wanted)
                    m2m_changed = True
            if m2m_changed:
                self.touch("activities", activity, created)
            self.indicators(plan, activity, activity_node)

    def indicators(self, plan: Plan, activity: Activity | None, node: ActivityDraft | None) -> None:
        nodes = node.indicators if node is not None else self.draft.indicators
        for order, indicator_node in enumerate(nodes, start=1):
            if not indicator_node.code:
                continue
            indicator = self.plan_indicators.get(indicator_node.code) or Indicator(plan=plan)
            values = self._values("indicator", indicator_node, Indicator, skip=("code", "name"))
            values.update(code=indicator_node.code, name=indicator_node.name, order=order, activity=activity)
            derivation_blank = "target_derivation" not in indicator_node.fields and (
                indicator.pk is None or self.draft.carries(COLUMN_BY_FIELD[("indicator", "target_derivation")])
            )
            if derivation_blank and values.get("aggregation", indicator.aggregation) != Aggregation.SUM:
                values["target_derivation"] = TargetDerivation.REPEAT
            if self.draft.carries(COLUMN_BY_FIELD[("indicator", "responsible_area")]):
                area_name = indicator_node.fields.get("responsible_area")
                values["responsible_area"] = self.areas.get(normalize(area_name)) if area_name else None
            if self.upsert(
                indicator,
                values,
                level="indicators",
                sheet=MATRIX_SHEET,
                row=indicator_node.row,
                labels=_LABELS["indicator"],
            ):
                self.plan_indicators[indicator.code] = indicator
                self.targets(plan, indicator, indicator_node)

    def targets(self, plan: Plan, indicator: Indicator, node: IndicatorDraft) -> None:
        existing = {(t.period_type, t.period_start): t for t in indicator.targets.all()}
        changed = False
        for ptype, start, value, row, label in node.targets:
            start = plan.vigencia_start if ptype == PeriodType.VIGENCIA else start
            target = existing.get((ptype, start)) or Target(indicator=indicator, period_type=ptype, period_start=start)
            before = (target.pk, target.value)
            if self.upsert(
                target,
                {"value": Decimal(value)},
                level="targets",
                sheet=MATRIX_SHEET,
                row=row,
                labels={"value": label, "period_start": label, "period_type": label},
            ) and before != (target.pk, target.value):
                changed = True
        if changed and indicator.pk:
            indicator_targets_changed(indicator=indicator)

    def run(self) -> None:
        self.load_names()
        plan = self.plan()
        if plan is None:
            return
        self.result.plan = plan
        self.plan_indicators = {i.code: i for i in plan.indicators.all()}
        self.objectives(plan)
        self.indicators(plan, None, None)
        self.components(plan)


def plan_matrix_import(*, entity: Entity, draft: PlanDraft, dry_run: bool) -> MatrixResult:
    """Write the plan ``draft`` describes into ``entity``, or only check it (``dry_run``).

    Areas, audiences and channels are matched by name within ``entity`` (case and accents
    ignored); the missing ones are created (listed in the result). A plan with the same title
    and start of the vigencia is updated only while it is a draft. Every object is validated
    with ``full_clean``. Nothing is kept when there is an issue or on a dry run: the result
    lists the issues (row, column, reason) and what was or would be created and updated.
    """
    result = MatrixResult(issues=list(draft.issues))
    with transaction.atomic():
        _Importer(entity, draft, result).run()
        result.issues = _dedupe(result.issues)
        if result.issues or dry_run:
            transaction.set_rollback(True)
        else:
            result.committed = True
    if not result.committed:
        result.plan = None  # rolled back: the object in memory no longer exists
    return result
