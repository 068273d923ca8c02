"""Everything the plan document shows, read once in a bounded number of queries.

The indicators (their ficha técnica and targets) belong to the indicators app, which plans never
imports: they are read here through the plan's reverse relations (``plan.indicators``,
``indicator.targets``) and shown through their own model fields and display methods.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from plans.documents.text import fmt_number
from plans.enums import ObjectiveKind, PlanStatus
from plans.models import Activity, Audience, Channel, Component, Plan
from plans.selectors import matrix_lines

# The unit values whose figures read with a sign (the units live in indicators.enums).
PERCENT_UNIT = "porcentaje"
MONEY_UNIT = "cop"


@dataclass
class DocumentActivity:
    activity: Activity
    indicators: list = field(default_factory=list)


@dataclass
class DocumentComponent:
    component: Component
    responsibilities: list[str]
    activities: list[DocumentActivity]
    # (responsibility text or "", activity or None) as the seed matrices pair them.
    lines: list[tuple[str, DocumentActivity | None]] = field(default_factory=list)

    @property
    def row_count(self) -> int:
        """Rows of the matrix this component spans: one per indicator, at least one per line."""
        return sum(max(1, len(a.indicators)) if a else 1 for _r, a in self.lines) or 1


@dataclass
class VersionRecord:
    version: int
    status: str
    since: datetime
    approved_on: object
    approval_body: str
    approval_act: str


@dataclass
class PlanDocument:
    plan: Plan
    general_objectives: list[str]
    specific_objectives: list[str]
    audiences: list[Audience]
    channels: list[Channel]
    components: list[DocumentComponent]
    plan_indicators: list  # indicators of the plan as a whole (no activity)
    indicators: list  # every indicator in the document's order, for the fichas técnicas
    versions: list[VersionRecord]
    generated_at: datetime

    @property
    def vigencia(self) -> str:
        return f"{self.plan.vigencia_start.year}–{self.plan.vigencia_end.year}"


# The plan's narrative fields in the order the seed documents print them.
NARRATIVE_FIELDS = [
    ("justification", gettext_lazy("Justificación")),
    ("scope", gettext_lazy("Alcance")),
    ("definitions", gettext_lazy("Definiciones")),
    ("normative_references", gettext_lazy("Normatividad")),
    ("policy", gettext_lazy("Política de comunicación")),
    ("diagnosis", gettext_lazy("Diagnóstico y necesidades de comunicación")),
]

NARRATIVE_NAMES = {name for name, _title in NARRATIVE_FIELDS}


def document_sections(document: PlanDocument) -> list[tuple[str, str]]:
    """Return the document's numbered sections as (key, title), leaving out those the plan has
    nothing for: a section whose text the plan does not hold is not printed."""
    plan = document.plan
    sections = []
    if document.general_objectives or document.specific_objectives:
        sections.append(("objectives", _("Objetivos")))
    sections += [(name, str(title)) for name, title in NARRATIVE_FIELDS if getattr(plan, name).strip()]
    if document.audiences:
        sections.append(("audiences", _("Públicos objetivo")))
    if document.channels:
        sections.append(("channels", _("Medios y canales")))
    if document.components or document.plan_indicators:
        sections.append(("matrix", _("Matriz del plan")))
    if document.components:
        sections.append(("activities", _("Componentes y actividades")))
    if document.indicators:
        sections.append(("fichas", _("Fichas técnicas de los indicadores")))
    sections.append(("approval", _("Versión y aprobación")))
    return sections


def plan_document_content(*, plan: Plan) -> PlanDocument:
    """Return everything the plan document of ``plan`` shows.

    Fourteen queries whatever the plan's size (objectives, components, responsibilities,
    activities and their areas, audiences and channels, indicators with their area and activity,
    targets, the entity's audiences and channels, the plan's history).
    """
    objectives = list(plan.objectives.order_by("order", "pk"))
    general = [o.text for o in objectives if o.kind == ObjectiveKind.GENERAL]
    if plan.general_objective.strip() and plan.general_objective.strip() not in [t.strip() for t in general]:
        general.insert(0, plan.general_objective.strip())
    specific = [o.text for o in objectives if o.kind != ObjectiveKind.GENERAL]

    activities = Activity.objects.order_by("order", "pk").prefetch_related("responsible_areas", "audiences", "channels")
    components = list(
        plan.components.order_by("order", "pk").prefetch_related(
            "responsibilities", Prefetch("activities", queryset=activities)
        )
    )
    # One read of every indicator of the plan, grouped here by activity; targets in one more.
    indicators = list(
        plan.indicators.order_by("order", "code")
        .select_related("responsible_area", "activity__component")
        .prefetch_related("targets")
    )
    by_activity: dict[int | None, list] = defaultdict(list)
    for indicator in indicators:
        by_activity[indicator.activity_id].append(indicator)

    matrix = []
    for component in components:
        responsibilities = list(component.responsibilities.all())
        entries = [
            DocumentActivity(activity=activity, indicators=by_activity.get(activity.pk, []))
            for activity in component.activities.all()
        ]
        lines = [
            (responsibility.text if responsibility else "", entry)
            for responsibility, entry in matrix_lines(responsibilities, entries, activity_of=lambda e: e.activity)
        ]
        matrix.append(
            DocumentComponent(
                component=component,
                responsibilities=[r.text for r in responsibilities],
                activities=entries,
                lines=lines,
            )
        )
    plan_level = by_activity.get(None, [])
    ordered = [i for c in matrix for a in c.activities for i in a.indicators] + plan_level

    # The plan's audiences and channels are those its activities name; a plan whose activities
    # name none shows the entity's.
    used_audiences = {a.pk for c in matrix for da in c.activities for a in da.activity.audiences.all()}
    used_channels = {ch.pk for c in matrix for da in c.activities for ch in da.activity.channels.all()}
    audiences = list(Audience.objects.filter(entity_id=plan.entity_id).order_by("scope", "name"))
    channels = list(Channel.objects.filter(entity_id=plan.entity_id).order_by("scope", "name"))
    if used_audiences:
        audiences = [a for a in audiences if a.pk in used_audiences]
    if used_channels:
        channels = [c for c in channels if c.pk in used_channels]

    return PlanDocument(
        plan=plan,
        general_objectives=general,
        specific_objectives=specific,
        audiences=audiences,
        channels=channels,
        components=matrix,
        plan_indicators=plan_level,
        indicators=ordered,
        versions=plan_versions(plan=plan),
        generated_at=timezone.localtime(),
    )


def plan_versions(*, plan: Plan) -> list[VersionRecord]:
    """Return one record per version of the plan, from its change history: since when it
    existed, and the last status and approval it had. One query."""
    records: dict[int, VersionRecord] = {}
    rows = plan.history.order_by("history_date", "history_id").values_list(
        "version", "status", "history_date", "approved_on", "approval_body", "approval_act"
    )
    for version, status, when, approved_on, body, act in rows:
        record = records.get(version)
        if record is None:
            records[version] = VersionRecord(version, status, when, approved_on, body, act)
        else:
            record.status, record.approved_on, record.approval_body, record.approval_act = (
                status,
                approved_on,
                body,
                act,
            )
    if plan.version not in records:  # a plan loaded without history still has its current version
        records[plan.version] = VersionRecord(
            plan.version, plan.status, None, plan.approved_on, plan.approval_body, plan.approval_act
        )
    return [records[v] for v in sorted(records)]


def indicator_value(indicator, value) -> str:
    """Return a target or baseline as the plan prints it: 1.234, 85 %, $ 1.500.000."""
    text = fmt_number(value)
    if value is None:
        return text
    if indicator.unit == PERCENT_UNIT:
        return f"{text} %"
    if indicator.unit == MONEY_UNIT:
        return f"$ {text}"
    return text


def target_rows(indicator) -> list[tuple[str, str]]:
    """Return the targets of ``indicator`` as (year, «period: target; …») rows: each year's own
    target first, then its quarters and months in order; a target spanning several years (the
    whole vigencia) gets its own row."""
    rows: dict[str, list[str]] = {}
    # Longest period first at the same start: the year, then its first quarter, then January.
    targets = sorted(indicator.targets.all(), key=lambda t: (t.period_start, -(t.period_end - t.period_start).days))
    for target in targets:
        end = target.period_end
        key = target.period_label if end.year != target.period_start.year else str(target.period_start.year)
        rows.setdefault(key, []).append(f"{target.period_label}: {indicator_value(indicator, target.value)}")
    return [(key, "; ".join(items)) for key, items in rows.items()]


def indicator_ficha(indicator) -> list[tuple[str, str]]:
    """Return the ficha técnica of ``indicator`` as (label, text) rows, leaving out the empty ones."""
    activity = indicator.activity
    baseline = ""
    if indicator.baseline is not None:
        baseline = indicator_value(indicator, indicator.baseline)
        if indicator.baseline_date:
            baseline += " (" + indicator.baseline_date.strftime("%d/%m/%Y") + ")"
    rows = [
        (_("Código"), indicator.code),
        (_("Nombre"), indicator.name),
        (_("Definición"), indicator.definition),
        (_("Tipo"), indicator.get_kind_display()),
        (_("Componente"), activity.component.name if activity else _("Plan en su conjunto")),
        (_("Actividad que mide"), activity.name if activity else ""),
        (_("Unidad de medida"), indicator.get_unit_display()),
        (_("Regla de agregación"), indicator.get_aggregation_display()),
        (_("Numerador"), indicator.numerator_definition),
        (_("Denominador"), indicator.denominator_definition),
        (_("Sentido"), indicator.get_direction_display()),
        (_("Línea base"), baseline),
        (_("Frecuencia de medición"), indicator.get_frequency_display()),
        (_("Fuente de los datos"), indicator.data_source),
        (_("Medio de verificación"), indicator.verification_means),
        (_("Dependencia responsable"), indicator.responsible_area.name if indicator.responsible_area else ""),
        (_("Peso en el avance del plan"), fmt_number(indicator.weight)),
    ]
    return [(str(label), str(text).strip()) for label, text in rows if text and str(text).strip()]


def activity_details(activity: Activity) -> list[tuple[str, str]]:
    """Return what the plan says of an activity, as (label, text) rows without the empty ones."""
    areas = ", ".join(a.name for a in activity.responsible_areas.all())
    dates = ""
    if activity.start_date or activity.end_date:
        start = activity.start_date.strftime("%d/%m/%Y") if activity.start_date else "…"
        end = activity.end_date.strftime("%d/%m/%Y") if activity.end_date else "…"
        dates = f"{start} – {end}"
    rows = [
        (_("Descripción"), activity.description),
        (_("Responsable"), activity.responsible_text or areas),
        (_("Dependencias responsables"), areas if activity.responsible_text else ""),
        (_("Tácticas y recursos"), activity.tactics),
        (_("Públicos objetivo"), ", ".join(a.name for a in activity.audiences.all())),
        (_("Medios y canales"), ", ".join(c.name for c in activity.channels.all())),
        (_("Fechas"), dates),
        (_("Frecuencia"), activity.get_frequency_display()),
    ]
    return [(str(label), str(text).strip()) for label, text in rows if text and str(text).strip()]


def approval_rows(document: PlanDocument) -> list[tuple[str, str]]:
    """Return the version and approval record of the plan as (label, text) rows."""
    plan = document.plan
    rows = [
        (_("Entidad"), plan.entity.name),
        (_("Plan"), plan.title),
        (_("Vigencia"), f"{plan.vigencia_start:%d/%m/%Y} – {plan.vigencia_end:%d/%m/%Y}"),
        (_("Versión"), str(plan.version)),
        (_("Estado"), plan.get_status_display()),
        (_("Fecha de aprobación"), plan.approved_on.strftime("%d/%m/%Y") if plan.approved_on else _("Sin aprobar")),
        (_("Instancia que aprueba"), plan.approval_body),
        (_("Acta o acto de aprobación"), plan.approval_act),
        (_("Plan al que se alinea"), str(plan.parent) if plan.parent_id else ""),
        (_("Documento generado el"), document.generated_at.strftime("%d/%m/%Y %H:%M")),
    ]
    return [(str(label), str(text)) for label, text in rows if text]


def version_rows(document: PlanDocument) -> list[list[str]]:
    """Return the version history as table rows: version, since, status, approval."""
    rows = []
    for record in document.versions:
        approval = ""
        if record.approved_on:
            approval = _("Aprobado el %(date)s por %(body)s") % {
                "date": record.approved_on.strftime("%d/%m/%Y"),
                "body": record.approval_body or "—",
            }
            if record.approval_act:
                approval += f" ({record.approval_act})"
        rows.append(
            [
                str(record.version),
                timezone.localtime(record.since).strftime("%d/%m/%Y") if record.since else "—",
                str(PlanStatus(record.status).label),
                approval or "—",
            ]
        )
    return rows


def document_filename(plan: Plan, extension: str) -> str:
    """The name a downloaded document gets: «plan-estrategico-de-comunicaciones-2019-2022-v1.docx»."""
    title = slugify(plan.title.replace("–", "-").replace("—", "-"))[:80] or "plan"
    return f"{title}-{plan.vigencia_start.year}-{plan.vigencia_end.year}-v{plan.version}.{extension}"
