"""The files entities publish: the Plan de Acción as a PDF and an XLSX in the usual layout
(one row per activity: component, activity, responsible, dates, indicator, target of the year,
budget, observations), and the rendición de cuentas as a PDF."""

from __future__ import annotations

import io

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from planning.accountability import AccountabilityReport
from planning.models import ActionPlan, ActionPlanItem
from plans.documents.text import EMPTY, fmt_number, pdf_text
from reports.files import xlsx_text


def _date(value) -> str:
    return date_format(value, "SHORT_DATE_FORMAT") if value else EMPTY


def action_plan_header() -> list[str]:
    return [
        _("Componente"),
        _("Actividad"),
        _("Responsable"),
        _("Fecha de inicio"),
        _("Fecha de fin"),
        _("Indicador"),
        _("Meta del año"),
        _("Presupuesto (COP)"),
        _("Estado"),
        _("Observaciones"),
    ]


def _indicators_text(item: ActionPlanItem) -> tuple[str, str]:
    names = "\n".join(f"{i['code']} · {i['name']}" for i in item.indicators) or EMPTY
    targets = "\n".join(fmt_number(i["target"]) if i["target"] is not None else EMPTY for i in item.indicators) or EMPTY
    return names, targets


def action_plan_rows(items: list[ActionPlanItem]) -> list[list[str]]:
    rows = []
    for item in items:
        names, targets = _indicators_text(item)
        rows.append(
            [
                item.component_name,
                item.name,
                item.responsible or EMPTY,
                _date(item.start_date),
                _date(item.end_date),
                names,
                targets,
                fmt_number(item.budget, places=0) if item.budget is not None else EMPTY,
                item.get_status_display(),
                item.reason or "",
            ]
        )
    return rows


def _title(action_plan: ActionPlan) -> str:
    return _("Plan de Acción %(year)s") % {"year": action_plan.year}


class PublicationPDF(FPDF):
    """A landscape A4 document with the entity's name on every page and page numbers."""

    def __init__(self, *, entity: str, title: str):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.entity_name, self.doc_title = entity, title
        self.core_fonts_encoding = "cp1252"
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(12, 12, 12)
        self.set_lang("es-CO")
        self.set_title(pdf_text(f"{title} · {entity}"))
        self.set_author(pdf_text(entity))
        self.set_creator(pdf_text(_("Plan de Comunicaciones")))
        self.alias_nb_pages()
        self.add_page()

    def normalize_text(self, text: str) -> str:
        return super().normalize_text(pdf_text(text))

    def header(self) -> None:
        self.set_font("Helvetica", "B", 9)
        self.cell(0, 5, f"{self.entity_name} · {self.doc_title}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font("Helvetica", size=8)
        self.cell(0, 5, _("Página %(page)s de %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}, align="C")

    def heading(self, text: str, size: int = 14) -> None:
        self.set_font("Helvetica", "B", size)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def paragraph(self, text: str, size: int = 10) -> None:
        self.set_font("Helvetica", size=size)
        self.multi_cell(0, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def grid(self, headings: list[str], rows: list[list[str]], widths: tuple) -> None:
        self.set_font("Helvetica", size=7)
        style = FontFace(emphasis="BOLD", fill_color=(217, 225, 242))
        with self.table(col_widths=widths, headings_style=style, line_height=3.8, padding=1, width=self.epw) as table:
            table.row(headings)
            for values in rows:
                table.row([str(v) for v in values])
        self.ln(3)


def action_plan_pdf(action_plan: ActionPlan, items: list[ActionPlanItem]) -> bytes:
    plan = action_plan.plan
    pdf = PublicationPDF(entity=plan.entity.name, title=_title(action_plan))
    pdf.heading(f"{_title(action_plan)} · {plan.title}")
    published = (
        _("Publicado el %(date)s.") % {"date": date_format(action_plan.published_on, "DATE_FORMAT")}
        if action_plan.published_on
        else _("Borrador sin publicar.")
    )
    pdf.paragraph(
        _("Plan Estratégico de Comunicaciones %(start)s–%(end)s. %(published)s")
        % {"start": plan.vigencia_start.year, "end": plan.vigencia_end.year, "published": published}
    )
    pdf.grid(action_plan_header(), action_plan_rows(items), (26, 44, 30, 16, 16, 44, 16, 20, 16, 35))
    return bytes(pdf.output())


def action_plan_xlsx(action_plan: ActionPlan, items: list[ActionPlanItem]) -> bytes:
    workbook = Workbook()
    ws = workbook.active
    ws.title = xlsx_text(_("Plan de Acción"))[:31]
    plan = action_plan.plan
    ws.append([xlsx_text(plan.entity.name)])
    ws.append([xlsx_text(f"{_title(action_plan)} · {plan.title}")])
    ws.append([_("Fecha de publicación"), action_plan.published_on] if action_plan.published_on else [_("Borrador")])
    ws.append([])
    ws.append(action_plan_header())
    for cell in ws[5]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9E1F2")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=13)
    for item in items:
        names, targets = _indicators_text(item)
        ws.append(
            [
                xlsx_text(item.component_name),
                xlsx_text(item.name),
                xlsx_text(item.responsible),
                item.start_date,
                item.end_date,
                xlsx_text(names),
                xlsx_text(targets),
                item.budget,
                xlsx_text(item.get_status_display()),
                xlsx_text(item.reason),
            ]
        )
        ws.cell(row=ws.max_row, column=8).number_format = "#,##0"
        for column in (4, 5):
            ws.cell(row=ws.max_row, column=column).number_format = "DD/MM/YYYY"
    for letter, width in zip("ABCDEFGHIJ", (24, 48, 30, 12, 12, 44, 14, 16, 14, 40), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A6"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def accountability_pdf(report: AccountabilityReport) -> bytes:
    item = report.accountability
    plan = item.plan
    pdf = PublicationPDF(entity=plan.entity.name, title=_("Rendición de cuentas"))
    pdf.heading(item.title)
    pdf.paragraph(
        _("Periodo: %(start)s a %(end)s. Plan: %(plan)s.")
        % {"start": _date(item.period_start), "end": _date(item.period_end), "plan": plan.title}
    )
    pdf.heading(_("Lo que nos propusimos"), 12)
    pdf.paragraph(item.introduction or plan.general_objective or EMPTY)
    pdf.heading(_("Lo que hicimos"), 12)
    pdf.paragraph(
        _(
            "%(met)s de %(total)s indicadores cumplieron su meta. %(logs)s actividades registradas y "
            "aprobadas; %(people)s personas alcanzadas."
        )
        % {
            "met": report.met_count,
            "total": len(report.results),
            "logs": fmt_number(report.logs_approved, places=0),
            "people": fmt_number(report.people_reached, places=0),
        }
    )
    rows = [
        [
            r.component,
            f"{r.indicator.code} · {r.indicator.name}",
            fmt_number(r.target),
            fmt_number(r.value),
            fmt_number(r.achievement),
            r.status_label,
            "\n".join(r.links) or EMPTY,
        ]
        for r in report.results
    ]
    headings = [
        _("Componente"),
        _("Indicador"),
        _("Meta"),
        _("Resultado"),
        _("Cumplimiento (%)"),
        _("Estado"),
        _("Evidencias"),
    ]
    pdf.grid(headings, rows, (40, 70, 20, 20, 22, 22, 79))
    pdf.heading(_("Lo que no se hizo y por qué"), 12)
    if item.not_done:
        pdf.paragraph(item.not_done)
    for r in report.not_met:
        pdf.paragraph(f"{r.indicator.code} · {r.indicator.name}: {r.reason or _('sin motivo registrado')}", size=9)
    for change in report.changed_items:
        pdf.paragraph(
            f"{change.name} ({change.get_status_display()}, {change.action_plan.year}): {change.reason}", size=9
        )
    pdf.heading(_("Campañas y su alcance"), 12)
    pdf.grid(
        [_("Campaña"), _("Tipo"), _("Fechas"), _("Piezas publicadas")],
        [
            [c.name, c.get_kind_display(), f"{_date(c.starts_on)} – {_date(c.ends_on)}", str(c.published)]
            for c in report.campaigns
        ]
        or [[EMPTY, "", "", ""]],
        (120, 50, 60, 43),
    )
    pdf.heading(_("Canales que usamos"), 12)
    pdf.paragraph(", ".join(channel.name for channel in report.channels) or EMPTY)
    return bytes(pdf.output())
