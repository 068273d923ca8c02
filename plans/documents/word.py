"""The plan document as DOCX (python-docx).

Word's own heading styles (Título 1, 2…) carry the structure, so the navigation pane and the
index (a TOC field Word fills on opening) work; tables are real tables whose header row repeats
on every page; the footer numbers the pages with PAGE and NUMPAGES fields; the document's
language is es-CO so that spelling and screen readers use Spanish.
"""

from __future__ import annotations

import io
import re

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from plans.documents.content import (
    NARRATIVE_NAMES,
    PlanDocument,
    document_sections,
)
from plans.documents.sections import PlanSections
from plans.documents.text import BULLET, TERM

HEADER_FILL = "D9E1F2"
DARK = RGBColor(0x1F, 0x38, 0x64)
# Characters XML 1.0 does not allow; a pasted text may carry them and python-docx refuses them.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    return XML_ILLEGAL.sub("", text or "")


class WordWriter(PlanSections):
    SECTION_LEVEL = 2
    WIDTHS = {  # centimetres
        "audiences": (4.0, 2.0, 5.3, 5.3),
        "channels": (3.8, 2.6, 2.6, 2.2, 5.4),
        "targets": (3.4, 13.2),
        "versions": (2.0, 2.8, 3.0, 8.8),
    }

    def __init__(self, document: PlanDocument):
        self.content = document
        self.doc = Document()
        self._setup()

    # -- document set-up --

    def _setup(self) -> None:
        plan = self.content.plan
        props = self.doc.core_properties
        props.title = clean(f"{plan.title} {self.content.vigencia}")
        props.author = clean(plan.entity.name)
        props.subject = _("Plan Estratégico de Comunicaciones")
        props.language = "es-CO"
        props.keywords = _("plan de comunicaciones; MIPG; información y comunicación")
        normal = self.doc.styles["Normal"]
        normal.font.name = "Calibri"
        normal.font.size = Pt(11)
        self._set_language(normal.element.get_or_add_rPr())
        section = self.doc.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4, as the entities print
        section.orientation = WD_ORIENT.PORTRAIT
        for side in ("left_margin", "right_margin"):
            setattr(section, side, Cm(2.2))
        section.top_margin = section.bottom_margin = Cm(2)
        self._footer(section)
        # Ask Word to refresh the index and the page fields when the file is opened.
        update = OxmlElement("w:updateFields")
        update.set(qn("w:val"), "true")
        self.doc.settings.element.append(update)

    @staticmethod
    def _set_language(rpr) -> None:
        lang = OxmlElement("w:lang")
        for attribute in ("w:val", "w:eastAsia", "w:bidi"):
            lang.set(qn(attribute), "es-CO")
        rpr.append(lang)

    def _field(self, paragraph, instruction: str, placeholder: str) -> None:
        """Append a Word field (PAGE, NUMPAGES, TOC…) with the text shown until it is updated."""
        begin = OxmlElement("w:fldChar")
        begin.set(qn("w:fldCharType"), "begin")
        begin.set(qn("w:dirty"), "true")
        instr = OxmlElement("w:instrText")
        instr.set(qn("xml:space"), "preserve")
        instr.text = f" {instruction} "
        separate = OxmlElement("w:fldChar")
        separate.set(qn("w:fldCharType"), "separate")
        end = OxmlElement("w:fldChar")
        end.set(qn("w:fldCharType"), "end")
        paragraph.add_run()._r.append(begin)
        paragraph.add_run()._r.append(instr)
        paragraph.add_run()._r.append(separate)
        paragraph.add_run(placeholder)
        paragraph.add_run()._r.append(end)

    def _footer(self, section) -> None:
        paragraph = section.footer.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        plan = self.content.plan
        paragraph.add_run(clean(f"{plan.entity} · {plan.title} {self.content.vigencia} · "))
        paragraph.add_run(_("Página") + " ")
        self._field(paragraph, "PAGE", "1")
        paragraph.add_run(" " + _("de") + " ")
        self._field(paragraph, "NUMPAGES", "1")
        for run in paragraph.runs:
            run.font.size = Pt(8)

    # -- building blocks --

    def heading(self, text: str, level: int) -> None:
        self.doc.add_heading(clean(text), level=level)

    def paragraph(self, text: str, *, style: str | None = None, bold: bool = False):
        paragraph = self.doc.add_paragraph(style=style)
        run = paragraph.add_run(clean(text))
        run.bold = bold
        return paragraph

    def text(self, text: str, *, terms: bool = False) -> None:
        """Write a plan's text: one paragraph per line, «- » lines as a bulleted list and, in
        definitions, the term before the colon in bold."""
        for line in clean(text).splitlines():
            line = line.strip()
            if not line:
                continue
            if BULLET.match(line):
                self.paragraph(BULLET.sub("", line), style="List Bullet")
                continue
            match = TERM.match(line) if terms else None
            if match:
                paragraph = self.doc.add_paragraph()
                paragraph.add_run(match.group(1) + ": ").bold = True
                paragraph.add_run(match.group(2))
            else:
                self.paragraph(line)

    def table(self, headings: list[str], rows: list[list[str]], widths: list[float]):
        """A table with a header row that repeats on every page; ``widths`` in centimetres."""
        table = self.doc.add_table(rows=1, cols=len(headings))
        table.style = "Table Grid"
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        header = table.rows[0]
        self._repeat_header(header)
        for cell, text in zip(header.cells, headings, strict=True):
            self._cell(cell, text, bold=True, fill=HEADER_FILL)
        for values in rows:
            cells = table.add_row().cells
            for cell, text in zip(cells, values, strict=True):
                self._cell(cell, text)
        self._widths(table, widths)
        self.doc.add_paragraph()
        return table

    def table_of(self, headings: list[str], rows: list[list[str]], widths) -> None:
        self.table(headings, rows, list(widths))

    def numbered(self, items: list[str]) -> None:
        for text in items:
            self.paragraph(text, style="List Number")

    def pairs(self, rows: list[tuple[str, str]]) -> None:
        """A two-column table of label and text (a ficha técnica, an approval record)."""
        table = self.doc.add_table(rows=0, cols=2)
        table.style = "Table Grid"
        for label, text in rows:
            cells = table.add_row().cells
            self._cell(cells[0], label, bold=True, fill=HEADER_FILL)
            self._cell(cells[1], text)
        self._widths(table, [5.0, 11.6])
        self.doc.add_paragraph()

    @staticmethod
    def _repeat_header(row) -> None:
        tr_pr = row._tr.get_or_add_trPr()
        header = OxmlElement("w:tblHeader")
        header.set(qn("w:val"), "true")
        tr_pr.append(header)

    @staticmethod
    def _cell(cell, text: str, *, bold: bool = False, fill: str = "") -> None:
        lines = clean(text).splitlines() or [""]
        cell.paragraphs[0].add_run(lines[0]).bold = bold
        for line in lines[1:]:
            cell.add_paragraph().add_run(line).bold = bold
        if fill:
            shading = OxmlElement("w:shd")
            shading.set(qn("w:val"), "clear")
            shading.set(qn("w:color"), "auto")
            shading.set(qn("w:fill"), fill)
            cell._tc.get_or_add_tcPr().append(shading)

    @staticmethod
    def _widths(table, widths: list[float]) -> None:
        table.autofit = False
        for row in table.rows:
            for cell, width in zip(row.cells, widths, strict=False):
                cell.width = Cm(width)

    # -- the document --

    def write(self) -> bytes:
        self.cover()
        self.index()
        for number, (key, title) in enumerate(document_sections(self.content), start=1):
            self.heading(f"{number}. {title}", 1)
            if key in NARRATIVE_NAMES:
                self.text(getattr(self.content.plan, key).strip(), terms=key == "definitions")
            else:
                getattr(self, f"section_{key}")()
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()

    def cover(self) -> None:
        plan = self.content.plan
        for _i in range(4):
            self.doc.add_paragraph()
        entity = self.paragraph(plan.entity.name, bold=True)
        entity.alignment = WD_ALIGN_PARAGRAPH.CENTER
        entity.runs[0].font.size = Pt(16)
        title = self.doc.add_paragraph(clean(plan.title), style="Title")
        title.alignment = WD_ALIGN_PARAGRAPH.CENTER
        vigencia = self.paragraph(_("Vigencia %(years)s") % {"years": self.content.vigencia}, bold=True)
        vigencia.alignment = WD_ALIGN_PARAGRAPH.CENTER
        vigencia.runs[0].font.size = Pt(16)
        vigencia.runs[0].font.color.rgb = DARK
        self.doc.add_paragraph()
        status = _("Versión %(version)s · %(status)s") % {
            "version": plan.version,
            "status": plan.get_status_display(),
        }
        if plan.approved_on:
            status += " · " + _("aprobado el %(date)s") % {"date": plan.approved_on.strftime("%d/%m/%Y")}
        self.paragraph(status).alignment = WD_ALIGN_PARAGRAPH.CENTER
        if plan.approval_body:
            self.paragraph(
                plan.approval_body + (f" · {plan.approval_act}" if plan.approval_act else "")
            ).alignment = WD_ALIGN_PARAGRAPH.CENTER
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def index(self) -> None:
        self.paragraph(_("Contenido"), style="TOC Heading" if "TOC Heading" in self.doc.styles else None, bold=True)
        paragraph = self.doc.add_paragraph()
        self._field(
            paragraph,
            'TOC \\o "1-2" \\h \\z \\u',
            _("Índice: Word lo completa al abrir el documento (o con clic derecho › Actualizar campos)."),
        )
        self.doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)

    def section_matrix(self) -> None:
        self.paragraph(
            _(
                "El plan se ejecuta a través de sus componentes: cada uno con sus responsabilidades, "
                "sus actividades y los indicadores que las miden."
            )
        )
        table = self.table(
            [_("Componente"), _("Responsabilidad"), _("Actividad"), _("Indicadores")], [], [3.2, 5.4, 4.0, 4.0]
        )
        for item in self.content.components:
            first = len(table.rows)
            # Each activity beside the responsibility it carries out, as the seed matrices print it.
            for responsibility, entry in item.lines or [("", None)]:
                indicators = entry.indicators if entry else []
                start = len(table.rows)
                for indicator in indicators or [None]:
                    cells = table.add_row().cells
                    if indicator is not None:
                        self._cell(cells[3], f"{indicator.name} ({indicator.code})")
                    elif entry is not None:
                        self._cell(cells[3], "—")
                last = len(table.rows) - 1
                self._merge(table, start, last, 1, responsibility or "—")
                if entry is not None:
                    self._merge(table, start, last, 2, entry.activity.name)
                else:
                    self._merge(table, start, last, 2, _("Sin actividades.") if not item.lines else "—")
            self._merge(table, first, len(table.rows) - 1, 0, item.component.name, bold=True)
        self._widths(table, [3.2, 5.4, 4.0, 4.0])
        if self.content.plan_indicators:
            self.heading(_("Indicadores del plan en su conjunto"), 2)
            self.table(
                [_("Código"), _("Indicador"), _("Unidad de medida"), _("Sentido")],
                [
                    [i.code, i.name, i.get_unit_display(), i.get_direction_display()]
                    for i in self.content.plan_indicators
                ],
                [2.4, 8.2, 3.4, 2.6],
            )

    def _merge(self, table, first: int, last: int, column: int, text: str, *, bold: bool = False) -> None:
        cell = table.cell(first, column)
        if last > first:
            cell = cell.merge(table.cell(last, column))
        self._cell(cell, text, bold=bold)


def plan_docx(document: PlanDocument) -> bytes:
    """Return the DOCX of the plan document."""
    return WordWriter(document).write()
