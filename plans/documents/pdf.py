"""The plan document as PDF (fpdf2).

Like the periodic reports (reports.files), it uses the standard Helvetica with the
Windows-1252 encoding, which holds every letter and sign of Spanish, through the same text
filter (``pdf_text``). Each numbered section and each ficha is a bookmark in the PDF's outline
(the reader's navigation pane) and a line of the index after the cover; tables repeat their
header row on every page; the footer numbers the pages.
"""

from __future__ import annotations

import math

from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace

from plans.documents.content import (
    NARRATIVE_NAMES,
    PlanDocument,
    document_sections,
)
from plans.documents.sections import PlanSections
from plans.documents.text import BULLET, TERM, pdf_text

DARK = (31, 56, 100)
GREY = (90, 90, 90)
RULE = (150, 150, 150)
HEADER_FILL = (217, 225, 242)
INDEX_LINES_PER_PAGE = 36  # index lines that fit a page under its title, one line per entry


class PlanPDF(PlanSections, FPDF):
    SECTION_LEVEL = 1
    WIDTHS = {  # millimetres
        "audiences": (38, 18, 57, 57),
        "channels": (38, 26, 26, 22, 58),
        "targets": (30, 140),
        "versions": (18, 24, 28, 100),
    }

    def __init__(self, document: PlanDocument):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.content = document
        plan = document.plan
        self.running_title = f"{plan.entity} · {plan.title} {document.vigencia}"
        self.core_fonts_encoding = "cp1252"
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(20, 18, 20)
        self.set_lang("es-CO")
        self.set_title(pdf_text(f"{plan.title} {document.vigencia}"))
        self.set_author(pdf_text(plan.entity.name))
        self.set_subject(pdf_text(_("Plan Estratégico de Comunicaciones")))
        self.set_creator(pdf_text(_("Plan de Comunicaciones")))
        self.set_font("Helvetica", size=10)

    def normalize_text(self, text: str) -> str:
        # Every string goes through here (cells, tables, headers): keep it inside the font.
        return super().normalize_text(pdf_text(text))

    def header(self) -> None:
        if self.page_no() == 1:
            return
        self.set_font("Helvetica", size=8)
        self.set_text_color(*GREY)
        self.cell(0, 5, self.running_title[:120], new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*GREY)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(4)
        self.set_text_color(0, 0, 0)
        self.set_font("Helvetica", size=10)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.set_text_color(*GREY)
        self.cell(0, 5, _("Página %(page)s de %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}, align="C")
        self.set_text_color(0, 0, 0)

    # -- building blocks --

    def heading(self, text: str, level: int) -> None:
        """A heading, and its bookmark in the outline."""
        sizes = {0: 15, 1: 12, 2: 10.5}
        if self.will_page_break({0: 40, 1: 30, 2: 20}[level]):
            self.add_page()
        self.ln({0: 4, 1: 3, 2: 2}[level])
        self.start_section(pdf_text(text), level=level, strict=False)
        self.set_font("Helvetica", "B", sizes[level])
        self.set_text_color(*DARK)
        self.multi_cell(0, sizes[level] * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)
        self.set_text_color(0, 0, 0)
        self.set_font("Helvetica", size=10)

    def paragraph(self, text: str, *, bold: bool = False, indent: float = 0) -> None:
        self.set_font("Helvetica", "B" if bold else "", 10)
        self.set_x(self.l_margin + indent)
        self.multi_cell(self.epw - indent, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1.5)
        self.set_font("Helvetica", size=10)

    def text(self, text: str, *, terms: bool = False) -> None:
        """A plan's text: one paragraph per line, «- » lines as bullets, definitions' terms bold."""
        for line in text.splitlines():
            line = line.strip()
            if not line:
                continue
            if BULLET.match(line):
                self.set_x(self.l_margin + 3)
                self.cell(4, 5, "•")
                self.multi_cell(self.epw - 7, 5, BULLET.sub("", line), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
                self.ln(1)
                continue
            match = TERM.match(line) if terms else None
            if match:
                self.set_font("Helvetica", "B", 10)
                self.write(5, match.group(1) + ": ")
                self.set_font("Helvetica", size=10)
                self.write(5, match.group(2))
                self.ln(6.5)
            else:
                self.paragraph(line)

    def table_of(self, headings: list[str], rows: list[list[str]], widths: tuple) -> None:
        """A table whose header row repeats on every page it spans."""
        self.set_text_color(0, 0, 0)
        self.set_draw_color(*RULE)
        self.set_line_width(0.2)
        self.set_font("Helvetica", size=8.5)
        with self.table(
            col_widths=widths,
            text_align="LEFT",
            headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL),
            line_height=4.3,
            padding=1,
            width=self.epw,
            repeat_headings=1,
            v_align="TOP",
        ) as table:
            table.row(headings)
            for values in rows:
                table.row(values)
        self.ln(4)
        self.set_font("Helvetica", size=10)

    def numbered(self, items: list[str]) -> None:
        for number, text in enumerate(items, start=1):
            self.set_x(self.l_margin + 3)
            self.cell(6, 5, f"{number}.")
            self.multi_cell(self.epw - 9, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(1)

    def pairs(self, rows: list[tuple[str, str]]) -> None:
        """A two-column table of label and text (a ficha técnica, an approval record)."""
        self.set_draw_color(*RULE)
        self.set_font("Helvetica", size=8.5)
        with self.table(
            col_widths=(48, 122),
            text_align="LEFT",
            first_row_as_headings=False,
            v_align="TOP",
            line_height=4.3,
            padding=1,
            width=self.epw,
        ) as table:
            for label, text in rows:
                cells = table.row()
                cells.cell(label, style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL))
                cells.cell(text)
        self.ln(4)
        self.set_font("Helvetica", size=10)

    # -- the document --

    def render(self) -> bytes:
        sections = document_sections(self.content)
        self.cover()
        self.add_page()  # the index starts on the page after the cover
        entries = len(sections) + sum(len(self._subsections(key)) for key, _title in sections)
        self.insert_toc_placeholder(self.render_index, pages=max(1, math.ceil(entries / INDEX_LINES_PER_PAGE)))
        for number, (key, title) in enumerate(sections, start=1):
            if number > 1 and key in ("matrix", "fichas", "approval"):
                self.add_page()
            self.heading(f"{number}. {title}", 0)
            if key in NARRATIVE_NAMES:
                self.text(getattr(self.content.plan, key).strip(), terms=key == "definitions")
            else:
                getattr(self, f"section_{key}")()
        return bytes(self.output())

    def _subsections(self, key: str) -> list:
        """The level-1 headings a section will have, which the index lists too."""
        if key == "fichas":
            return self.content.indicators
        if key == "activities":
            return self.content.components
        if key == "objectives":
            return [x for x in (self.content.general_objectives, self.content.specific_objectives) if x]
        if key == "matrix":
            return [1] if self.content.plan_indicators else []
        if key == "approval":
            return [1]
        return []

    def render_index(self, pdf: FPDF, outline: list) -> None:
        pdf.set_x(pdf.l_margin)
        pdf.set_font("Helvetica", "B", 15)
        pdf.set_text_color(*DARK)
        pdf.cell(0, 10, _("Contenido"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_text_color(0, 0, 0)
        for item in outline:
            if item.level > 1:
                continue
            indent = 6 * item.level
            pdf.set_font("Helvetica", "B" if item.level == 0 else "", 10 if item.level == 0 else 9)
            link = pdf.add_link(page=item.page_number)
            page = str(item.page_number)
            name_w = pdf.epw - indent - 12
            name = item.name
            while pdf.get_string_width(name) > name_w - 2 and len(name) > 4:
                name = name[:-4] + "…"
            pdf.set_x(pdf.l_margin + indent)
            pdf.cell(name_w, 6, name, link=link)
            pdf.cell(12, 6, page, align="R", link=link, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def cover(self) -> None:
        plan = self.content.plan
        self.add_page()
        self.set_y(60)
        self.set_font("Helvetica", "B", 16)
        self.multi_cell(0, 8, plan.entity.name, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(10)
        self.set_font("Helvetica", "B", 26)
        self.set_text_color(*DARK)
        self.multi_cell(0, 12, plan.title, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(6)
        self.set_font("Helvetica", "B", 18)
        self.cell(
            0,
            10,
            _("Vigencia %(years)s") % {"years": self.content.vigencia},
            align="C",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.set_text_color(0, 0, 0)
        self.ln(20)
        self.set_font("Helvetica", size=11)
        status = _("Versión %(version)s · %(status)s") % {"version": plan.version, "status": plan.get_status_display()}
        if plan.approved_on:
            status += " · " + _("aprobado el %(date)s") % {"date": plan.approved_on.strftime("%d/%m/%Y")}
        self.multi_cell(0, 6, status, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if plan.approval_body:
            body = plan.approval_body + (f" · {plan.approval_act}" if plan.approval_act else "")
            self.multi_cell(0, 6, body, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def section_matrix(self) -> None:
        self.paragraph(
            _(
                "El plan se ejecuta a través de sus componentes: cada uno con sus responsabilidades, "
                "sus actividades y los indicadores que las miden."
            )
        )
        rows = []
        for item in self.content.components:
            # Without merged cells (a merged group taller than a page cannot break): the component
            # on its first row; each activity, beside the responsibility it carries out, on its
            # first row; a responsibility no activity carries on a row of its own.
            component = item.component.name
            for responsibility, entry in item.lines or [("", None)]:
                for number, indicator in enumerate((entry.indicators if entry else []) or [None]):
                    if number == 0:
                        activity = entry.activity.name if entry else ("—" if item.lines else _("Sin actividades."))
                        line = [responsibility or "—", activity]
                    else:
                        line = ["", ""]
                    indicator_text = f"{indicator.name} ({indicator.code})" if indicator else "—"
                    rows.append([component, *line, indicator_text])
                    component = ""
        self.table_of([_("Componente"), _("Responsabilidad"), _("Actividad"), _("Indicadores")], rows, (32, 60, 39, 39))
        if self.content.plan_indicators:
            self.heading(_("Indicadores del plan en su conjunto"), 1)
            self.table_of(
                [_("Código"), _("Indicador"), _("Unidad de medida"), _("Sentido")],
                [
                    [i.code, i.name, i.get_unit_display(), i.get_direction_display()]
                    for i in self.content.plan_indicators
                ],
                (22, 88, 34, 26),
            )


def plan_pdf(document: PlanDocument) -> bytes:
    """Return the PDF of the plan document."""
    return PlanPDF(document).render()
