"""The files of a periodic report, written from its frozen snapshot (reports.services).

- XLSX (openpyxl): sheets «Resumen» (with a native chart of each component's progress against
  its target), «Indicadores» and «Pendientes». Numbers are real numbers, so the spreadsheet
  shows them in the reader's own format; every text cell that a spreadsheet could read as a
  formula (it begins with = + - @, a tab or a carriage return) is prefixed with an apostrophe.
- PDF (fpdf2, pure Python): a cover, the summary, the charts (bars drawn with fpdf2's
  primitives, the target marked as a line), the indicator table and what is missing. fpdf2
  bundles no Unicode font and a laptop may have none, so the PDF uses the standard Helvetica
  with the Windows-1252 encoding, which holds every letter and sign of Spanish (á, ñ, ü, ¿, «, –);
  the few characters outside it are replaced (see ``pdf_text``).

Both in Spanish, numbers in Colombian format (1.234,5) through Django's localisation.
"""

from __future__ import annotations

import io
import math
from datetime import date
from decimal import Decimal

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.chart import BarChart, LineChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from indicators.enums import Unit
from plans.documents.text import EMPTY, fmt_number, fmt_yes_no, pdf_text  # shared with the plan document
from plans.documents.text import decimal_or_none as _decimal
from rollups.enums import ProgressStatus

# A text cell that starts with one of these is a formula (or DDE payload) to a spreadsheet.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
STATUS_COLOURS = {  # fill colours of the traffic light, readable with black text
    ProgressStatus.ON_TRACK: "C6EFCE",
    ProgressStatus.AT_RISK: "FFEB9C",
    ProgressStatus.LATE: "FFC7CE",
    ProgressStatus.NO_DATA: "E7E6E6",
}
STATUS_ORDER = [ProgressStatus.ON_TRACK, ProgressStatus.AT_RISK, ProgressStatus.LATE, ProgressStatus.NO_DATA]


# --- formatting shared by both files -------------------------------------------------------


def fmt_percent(value) -> str:
    return EMPTY if value is None else f"{fmt_number(value, places=1)} %"


def fmt_value(value, unit: str) -> str:
    """A target or value as the pages show it: «Sí»/«No» for a milestone, else 1.234,5."""
    return fmt_yes_no(value) if unit == Unit.MILESTONE else fmt_number(value)


def fmt_datetime(value: str | None) -> str:
    moment = parse_datetime(value) if value else None
    if moment is None:
        return EMPTY
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT", use_l10n=True)


def fmt_date(value: str | None) -> str:
    return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT", use_l10n=True) if value else EMPTY


def _status_label(status: str) -> str:
    return str(ProgressStatus(status).label)


def _heading(snapshot: dict) -> list[tuple[str, str]]:
    """The facts a report opens with, as (label, text) pairs."""
    report = snapshot.get("report", {})
    pairs = [
        (_("Entidad"), snapshot["plan"]["entity"]),
        (_("Plan"), snapshot["plan"]["title"]),
        (_("Periodo"), f"{snapshot['period']['label']} ({snapshot['period']['type_label'].lower()})"),
        (_("Desde – hasta"), f"{fmt_date(snapshot['period']['start'])} – {fmt_date(snapshot['period']['end'])}"),
        (_("Versión"), str(report.get("version", 1))),
        (_("Generado el"), fmt_datetime(snapshot["taken_at"])),
        (_("Valores calculados el"), fmt_datetime(snapshot["rollup_at"])),
    ]
    if report.get("requested_by"):
        pairs.append((_("Solicitado por"), report["requested_by"]))
    if snapshot.get("partial"):
        pairs.append((_("Corte"), partial_note(snapshot)))
    return pairs


def partial_note(snapshot: dict) -> str:
    """The sentence that marks a report of a period still under way."""
    return _("Periodo en curso: cifras hasta el %(cut_off)s; el periodo termina el %(end)s.") % {
        "cut_off": fmt_date(snapshot["cut_off"]),
        "end": fmt_date(snapshot["period"]["end"]),
    }


# --- XLSX ------------------------------------------------------------------------------------


def xlsx_text(value: str) -> str:
    """Return ``value`` safe for a spreadsheet cell: without the control characters XLSX
    refuses, and with a leading apostrophe when it would otherwise be read as a formula."""
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + value if value.startswith(FORMULA_PREFIXES) else value


class _Sheet:
    """Writes rows into a worksheet: texts escaped, numbers as numbers with a format."""

    BOLD = Font(bold=True)
    HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")

    def __init__(self, ws):
        self.ws = ws
        self.row = 1

    def put(self, column: int, value, *, number_format: str | None = None, bold: bool = False, fill: str = ""):
        if isinstance(value, str):
            value = xlsx_text(value)
        cell = self.ws.cell(row=self.row, column=column, value=value)
        if number_format and value is not None:
            cell.number_format = number_format
        if bold:
            cell.font = self.BOLD
        if fill:
            cell.fill = PatternFill("solid", fgColor=fill)
        return cell

    def line(self, *values, bold: bool = False) -> None:
        for column, value in enumerate(values, start=1):
            self.put(column, value, bold=bold)
        self.row += 1

    def header(self, *titles) -> None:
        for column, title in enumerate(titles, start=1):
            cell = self.put(column, title, bold=True, fill="D9E1F2")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        self.row += 1

    def figure(self, column: int, value, unit: str):
        """A milestone as «Sí»/«No» (as on the pages), any other figure as a number."""
        if unit == Unit.MILESTONE and value is not None:
            return self.put(column, fmt_yes_no(value))
        return self.number(column, value)

    def number(self, column: int, value, *, places: int = 2):
        number = _decimal(value)
        integral = number is not None and number == number.to_integral_value()
        fmt = "#,##0" if integral else "#,##0." + "0" * places
        return self.put(column, number, number_format=fmt)

    def skip(self, rows: int = 1) -> None:
        self.row += rows

    def widths(self, *widths: float) -> None:
        for column, width in enumerate(widths, start=1):
            self.ws.column_dimensions[get_column_letter(column)].width = width


def _xlsx_group_rows(sheet: _Sheet, groups: list[dict], *, with_target: bool) -> tuple[int, int]:
    """Write one row per group; return the first and last row written."""
    first = sheet.row
    for group in groups:
        sheet.put(1, group["name"])
        sheet.put(2, group["indicators"])
        sheet.put(3, group["with_data"])
        for offset, status in enumerate(STATUS_ORDER):
            sheet.put(4 + offset, group["counts"][status])
        sheet.number(8, group["progress"], places=1)
        if with_target:
            sheet.put(9, 100, number_format="#,##0")
        sheet.skip()
    return first, sheet.row - 1


def _xlsx_summary(ws, snapshot: dict) -> None:
    ws.title = _("Resumen")
    sheet = _Sheet(ws)
    sheet.put(1, _("Informe de seguimiento")).font = Font(bold=True, size=16)
    sheet.skip()
    sheet.put(1, snapshot["plan"]["title"]).font = Font(bold=True, size=12)
    sheet.skip(2)
    for label, text in _heading(snapshot):
        sheet.put(1, label, bold=True)
        sheet.put(2, text)
        sheet.skip()
    sheet.skip()
    overall = snapshot["overall"]
    sheet.put(1, _("Avance del plan (%)"), bold=True)
    sheet.number(2, overall["progress"], places=1)
    sheet.skip()
    sheet.line(_("Indicadores"), overall["indicators"])
    sheet.line(_("Indicadores con datos"), overall["with_data"])
    for status in STATUS_ORDER:
        sheet.put(1, _status_label(status))
        sheet.put(2, overall["counts"][status])
        sheet.skip()
    sheet.line(_("Registros enviados sin aprobar"), snapshot["submitted_logs"])
    sheet.skip()

    counts = [_status_label(status) for status in STATUS_ORDER]
    sheet.put(1, _("Avance por componente"), bold=True)
    sheet.skip()
    sheet.header(_("Componente"), _("Indicadores"), _("Con datos"), *counts, _("Avance (%)"), _("Meta (%)"))
    first, last = _xlsx_group_rows(sheet, snapshot["components"], with_target=True)
    sheet.skip()
    sheet.put(1, _("Avance por dependencia"), bold=True)
    sheet.skip()
    sheet.header(_("Dependencia"), _("Indicadores"), _("Con datos"), *counts, _("Avance (%)"))
    _xlsx_group_rows(sheet, snapshot["areas"], with_target=False)
    sheet.widths(42, 40, 11, 11, 11, 11, 11, 12, 10)
    if last >= first:
        _xlsx_component_chart(ws, first, last)


def _xlsx_component_chart(ws, first: int, last: int) -> None:
    """A native chart: each component's progress as a bar, its target (100 %) as a line."""
    bars = BarChart()
    bars.type = "col"
    bars.title = _("Avance por componente frente a la meta")
    bars.y_axis.title = "%"
    bars.y_axis.scaling.min = 0
    bars.add_data(Reference(ws, min_col=8, min_row=first - 1, max_row=last), titles_from_data=True)
    bars.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    target = LineChart()
    target.add_data(Reference(ws, min_col=9, min_row=first - 1, max_row=last), titles_from_data=True)
    target.series[0].graphicalProperties.line.solidFill = "C00000"
    target.series[0].graphicalProperties.line.width = 28575  # 2.25 pt
    bars += target
    bars.height = 9
    bars.width = 18
    ws.add_chart(bars, "K4")


def _xlsx_indicators(ws, snapshot: dict) -> None:
    sheet = _Sheet(ws)
    trend = [_("Valor %(period)s") % {"period": label} for label in snapshot["trend_labels"]]
    sheet.header(
        _("Código"),
        _("Indicador"),
        _("Componente"),
        _("Dependencia"),
        _("Unidad"),
        _("Meta"),
        _("Valor"),
        _("Enviado sin aprobar"),
        _("Cumplimiento (%)"),
        _("Estado"),
        *trend,
    )
    for row in snapshot["indicators"]:
        for column, text in enumerate(
            [row["code"], row["name"], row["component"], row["area"], row["unit_label"]], start=1
        ):
            sheet.put(column, text)
        sheet.figure(6, row["target"], row["unit"])
        sheet.figure(7, row["value"], row["unit"])
        sheet.figure(8, row["pending_value"], row["unit"])
        sheet.number(9, row["achievement"], places=1)
        sheet.put(10, row["status_label"], fill=STATUS_COLOURS[row["status"]])
        for offset, value in enumerate(row["trend"]):
            sheet.figure(11 + offset, value, row["unit"])
        sheet.skip()
    if not snapshot["indicators"]:
        sheet.put(1, _("El plan no tiene indicadores."))
    sheet.widths(10, 48, 28, 28, 18, 12, 12, 12, 14, 12, *([12] * len(trend)))
    ws.freeze_panes = "C2"
    if snapshot["indicators"]:
        ws.auto_filter.ref = f"A1:{get_column_letter(10 + len(trend))}{sheet.row - 1}"


def _xlsx_pending(ws, snapshot: dict) -> None:
    sheet = _Sheet(ws)
    sheet.put(1, _("Dependencias que no enviaron su reporte"), bold=True)
    sheet.skip()
    sheet.header(_("Mes"), _("Dependencia"), _("Periodo de reporte"), _("Fecha límite"))
    for item in snapshot["missing"]:
        sheet.line(item["month_label"], item["area"], item["period_status"], fmt_date(item["deadline"]))
    if not snapshot["missing"]:
        sheet.line(_("Todas las dependencias enviaron su reporte."))
    sheet.skip()
    sheet.put(1, _("Registros devueltos para corregir"), bold=True)
    sheet.skip()
    sheet.header(
        _("Fecha"), _("Actividad"), _("Dependencia"), _("Comentario de la oficina de prensa"), _("Devuelto por")
    )
    for item in snapshot["returned"]:
        sheet.line(fmt_date(item["date"]), item["activity"], item["area"], item["comment"], item["reviewed_by"])
    if not snapshot["returned"]:
        sheet.line(_("Ningún registro devuelto."))
    sheet.skip()
    sheet.line(_("Registros enviados sin aprobar"), snapshot["submitted_logs"], bold=False)
    sheet.widths(18, 48, 28, 60, 24)


def report_xlsx(snapshot: dict) -> bytes:
    """Return the XLSX of a report snapshot."""
    workbook = Workbook()
    workbook.properties.title = xlsx_text(f"{_('Informe de seguimiento')} · {snapshot['plan']['title']}")
    workbook.properties.creator = _("Plan de Comunicaciones")
    workbook.properties.language = "es-CO"
    _xlsx_summary(workbook.active, snapshot)
    _xlsx_indicators(workbook.create_sheet(_("Indicadores")), snapshot)
    _xlsx_pending(workbook.create_sheet(_("Pendientes")), snapshot)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- PDF -------------------------------------------------------------------------------------

DARK = (31, 56, 100)
GREY = (90, 90, 90)
TARGET = (192, 0, 0)
BAR = (47, 85, 151)
RULE = (150, 150, 150)
STATUS_RGB = {
    ProgressStatus.ON_TRACK: (198, 239, 206),
    ProgressStatus.AT_RISK: (255, 235, 156),
    ProgressStatus.LATE: (255, 199, 206),
    ProgressStatus.NO_DATA: (231, 230, 230),
}


class ReportPDF(FPDF):
    def __init__(self, snapshot: dict):
        super().__init__(orientation="L", unit="mm", format="A4")
        self.snapshot = snapshot
        self.core_fonts_encoding = "cp1252"
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)
        self.set_lang("es-CO")
        title = f"{_('Informe de seguimiento')} · {snapshot['plan']['title']} · {snapshot['period']['label']}"
        self.set_title(pdf_text(title))
        self.set_author(pdf_text(snapshot["plan"]["entity"]))
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
        plan = self.snapshot["plan"]["title"]
        self.cell(0, 5, f"{plan[:110]} · {self.snapshot['period']['label']}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_draw_color(*GREY)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(3)
        self.set_text_color(0, 0, 0)
        self.set_font("Helvetica", size=10)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("Helvetica", size=8)
        self.set_text_color(*GREY)
        page = _("Página %(page)s de %(pages)s") % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(0, 5, page, align="C")
        self.set_text_color(0, 0, 0)

    # -- building blocks --

    def section(self, title: str) -> None:
        if self.will_page_break(30):
            self.add_page()
        self.ln(2)
        self.set_font("Helvetica", "B", 13)
        self.set_text_color(*DARK)
        self.cell(0, 8, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.set_font("Helvetica", size=9)

    def paragraph(self, text: str, *, size: int = 9) -> None:
        self.set_font("Helvetica", size=size)
        self.multi_cell(0, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def plain_colours(self) -> None:
        """Black text, grey rules, white fill: what tables expect after a chart changed them."""
        self.set_text_color(0, 0, 0)
        self.set_draw_color(*RULE)
        self.set_fill_color(255, 255, 255)
        self.set_line_width(0.2)

    def table_of(
        self, headings: list[str], rows: list[list[str]], widths: tuple, align: tuple, *, empty: str = ""
    ) -> None:
        """A table, or the sentence ``empty`` when it would have no row."""
        if not rows and empty:
            self.paragraph(empty, size=9)
            self.ln(1)
            return
        self.plain_colours()
        self.set_font("Helvetica", size=8)
        style = FontFace(emphasis="BOLD", fill_color=(217, 225, 242))
        with self.table(
            col_widths=widths,
            text_align=align,
            headings_style=style,
            line_height=4.5,
            padding=1,
            width=self.epw,
        ) as table:
            table.row(headings)
            for values in rows:
                table.row(values)
        self.ln(3)

    def fit(self, text: str, width: float) -> str:
        """``text`` as it fits ``width`` in the current font: whole, or cut at a word with «…»
        (the data table next to the chart has the full name)."""
        text = pdf_text(text)
        if self.get_string_width(text) <= width:
            return text
        words = text.split()
        while len(words) > 1 and self.get_string_width(" ".join(words) + "…") > width:
            words.pop()
        cut = " ".join(words)
        while cut and self.get_string_width(cut + "…") > width:  # one long word
            cut = cut[:-1]
        return cut.rstrip(" ,;:·-") + "…"

    def bar_chart(self, title: str, items: list[tuple[str, Decimal | None]]) -> None:
        """Horizontal bars of % achievement, one per item, with the target (100 %) as a red
        line; bars past the scale are cut and marked. A table with the same figures is near."""
        label_w, value_w, bar_h, gap = 95.0, 22.0, 5.0, 2.0
        # One scale for every chart whose figures allow it: 0–125 %, else the next 25 above the
        # highest, at most 200 % (a longer bar is cut and marked).
        peak = max([a for _, a in items if a is not None] + [Decimal(100)])
        scale = float(min(max(125, math.ceil(peak / 25) * 25 + (25 if peak % 25 == 0 else 0)), 200))
        plot_w = self.epw - label_w - value_w
        height = 12 + len(items) * (bar_h + gap) + 8
        if self.will_page_break(min(height, 60)):
            self.add_page()
        self.set_font("Helvetica", "B", 10)
        self.cell(0, 7, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        x0 = self.l_margin + label_w
        top = self.get_y() + 2
        target_x = x0 + plot_w * 100 / scale
        y = top
        self.set_font("Helvetica", size=8)
        for label, achievement in items:
            if y + bar_h + gap > self.page_break_trigger:
                self._chart_axis(x0, plot_w, scale, top, y, target_x)
                self.add_page()
                top = y = self.get_y() + 2
                self.set_font("Helvetica", size=8)
            self.set_xy(self.l_margin, y)
            self.cell(label_w - 2, bar_h, self.fit(label, label_w - 3), align="R")
            if achievement is not None:
                shown = min(float(achievement), scale)
                self.set_fill_color(*BAR)
                self.rect(x0, y, max(plot_w * shown / scale, 0.3), bar_h, style="F")
                if float(achievement) > scale:  # cut: mark the end
                    self.set_draw_color(255, 255, 255)
                    self.line(x0 + plot_w - 2, y, x0 + plot_w - 1, y + bar_h)
                text = fmt_percent(achievement)
            else:
                text = _("sin datos")
            self.set_xy(x0 + plot_w + 1, y)
            self.cell(value_w - 1, bar_h, text)
            y += bar_h + gap
        self._chart_axis(x0, plot_w, scale, top, y, target_x)
        self.plain_colours()
        self.set_y(y + 7)

    def _chart_axis(self, x0, plot_w, scale, top, bottom, target_x) -> None:
        self.set_draw_color(120, 120, 120)
        self.set_line_width(0.2)
        self.line(x0, top - 1, x0, bottom)
        self.line(x0, bottom, x0 + plot_w, bottom)
        self.set_font("Helvetica", size=7)
        self.set_text_color(*GREY)
        for tick in range(0, int(scale) + 1, 50 if scale > 150 else 25):
            x = x0 + plot_w * tick / scale
            self.line(x, bottom, x, bottom + 1)
            self.set_xy(x - 6, bottom + 1)
            self.cell(12, 3, f"{tick} %", align="C")
        self.set_draw_color(*TARGET)
        self.set_line_width(0.6)
        self.set_dash_pattern(dash=1.5, gap=1)
        self.line(target_x, top - 2, target_x, bottom + 0.5)
        self.set_dash_pattern()
        self.set_line_width(0.2)
        self.set_text_color(*TARGET)
        self.set_xy(target_x - 15, top - 6)
        self.cell(30, 4, _("Meta (100 %)"), align="C")
        self.set_text_color(0, 0, 0)


def _group_rows(groups: list[dict]) -> list[list[str]]:
    return [
        [
            group["name"],
            str(group["indicators"]),
            str(group["with_data"]),
            *[str(group["counts"][status]) for status in STATUS_ORDER],
            fmt_percent(group["progress"]),
        ]
        for group in groups
    ]


def _pdf_cover(pdf: ReportPDF, snapshot: dict) -> None:
    pdf.add_page()
    pdf.set_y(40)
    pdf.set_font("Helvetica", "B", 26)
    pdf.set_text_color(*DARK)
    pdf.cell(0, 14, _("Informe de seguimiento"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_font("Helvetica", "B", 16)
    pdf.multi_cell(0, 9, snapshot["plan"]["title"], align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font("Helvetica", size=14)
    pdf.set_text_color(0, 0, 0)
    pdf.cell(0, 9, capfirst(snapshot["period"]["label"]), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if snapshot.get("partial"):
        pdf.set_font("Helvetica", "B", 12)
        pdf.cell(0, 8, _("Informe parcial: el periodo está en curso"), align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(10)
    pdf.set_font("Helvetica", size=11)
    for label, text in _heading(snapshot):
        pdf.set_x(70)
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(55, 7, f"{label}:")
        pdf.set_font("Helvetica", size=11)
        pdf.multi_cell(pdf.w - 70 - 55 - pdf.r_margin, 7, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _pdf_summary(pdf: ReportPDF, snapshot: dict) -> None:
    pdf.add_page()
    overall = snapshot["overall"]
    pdf.section(_("Resumen"))
    pdf.set_font("Helvetica", "B", 12)
    pdf.cell(0, 7, f"{_('Avance del plan')}: {fmt_percent(overall['progress'])}", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    counts = ", ".join(f"{_status_label(s).lower()}: {overall['counts'][s]}" for s in STATUS_ORDER)
    pdf.paragraph(
        _(
            "%(total)s indicadores, %(with_data)s con datos en el periodo (%(counts)s). "
            "El avance es el promedio, ponderado por el peso de cada indicador, de su cumplimiento "
            "(hasta 100 %%) entre los indicadores con datos."
        )
        % {"total": overall["indicators"], "with_data": overall["with_data"], "counts": counts},
        size=9,
    )
    pdf.ln(2)
    statuses = [_status_label(s) for s in STATUS_ORDER]
    widths = (60, 14, 14, 14, 14, 14, 14, 16)
    align = ("LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT")
    pdf.section(_("Avance por componente"))
    pdf.table_of(
        [_("Componente"), _("Indicadores"), _("Con datos"), *statuses, _("Avance")],
        _group_rows(snapshot["components"]),
        widths,
        align,
        empty=_("El plan no tiene componentes con indicadores."),
    )
    pdf.section(_("Avance por dependencia"))
    pdf.table_of(
        [_("Dependencia"), _("Indicadores"), _("Con datos"), *statuses, _("Avance")],
        _group_rows(snapshot["areas"]),
        widths,
        align,
        empty=_("Ninguna dependencia tiene indicadores a su cargo en este plan."),
    )


def _pdf_charts(pdf: ReportPDF, snapshot: dict) -> None:
    pdf.add_page()
    pdf.section(_("Gráficos: cumplimiento frente a la meta"))
    if not snapshot["components"]:
        pdf.paragraph(_("El plan no tiene indicadores: no hay nada que graficar."))
        return
    pdf.paragraph(_("Las cifras de cada barra están en las tablas de este informe."), size=8)
    pdf.bar_chart(
        _("Avance por componente"),
        [(group["name"], _decimal(group["progress"])) for group in snapshot["components"]],
    )
    by_component: dict[str, list[dict]] = {}
    for row in snapshot["indicators"]:
        by_component.setdefault(row["component"], []).append(row)
    for component, rows in by_component.items():
        pdf.bar_chart(
            _("Cumplimiento de los indicadores: %(component)s") % {"component": component},
            [(f"{row['code']} {row['name']}", _decimal(row["achievement"])) for row in rows],
        )


def _pdf_indicators(pdf: ReportPDF, snapshot: dict) -> None:
    pdf.add_page()
    pdf.section(_("Indicadores"))
    labels = snapshot["trend_labels"]
    pdf.paragraph(_("Tendencia: valores de %(first)s a %(last)s.") % {"first": labels[0], "last": labels[-1]}, size=8)
    headings = [
        _("Código"),
        _("Indicador"),
        _("Componente"),
        _("Dependencia"),
        _("Unidad"),
        _("Meta"),
        _("Valor"),
        _("Cumpl."),
        _("Estado"),
        _("Tendencia"),
    ]
    rows = [
        [
            row["code"],
            row["name"],
            row["component"],
            row["area"],
            row["unit_label"],
            fmt_value(row["target"], row["unit"]),
            fmt_value(row["value"], row["unit"]),
            fmt_percent(row["achievement"]),
            row["status_label"],
            " · ".join(fmt_value(value, row["unit"]) for value in row["trend"]),
        ]
        for row in snapshot["indicators"]
    ]
    widths = (14, 52, 32, 30, 20, 17, 17, 15, 16, 40)
    align = ("LEFT", "LEFT", "LEFT", "LEFT", "LEFT", "RIGHT", "RIGHT", "RIGHT", "LEFT", "LEFT")
    pdf.plain_colours()
    pdf.set_font("Helvetica", size=8)
    style = FontFace(emphasis="BOLD", fill_color=(217, 225, 242))
    with pdf.table(
        col_widths=widths, text_align=align, headings_style=style, line_height=4.2, padding=1, width=pdf.epw
    ) as table:
        table.row(headings)
        for values, row in zip(rows, snapshot["indicators"], strict=True):
            cells = table.row()
            for column, value in enumerate(values):
                fill = STATUS_RGB[row["status"]] if column == 8 else None
                cells.cell(value, style=FontFace(fill_color=fill) if fill else None)
    if not rows:
        pdf.paragraph(_("El plan no tiene indicadores."))


def _pdf_pending(pdf: ReportPDF, snapshot: dict) -> None:
    pdf.section(_("Pendientes"))
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 7, _("Dependencias que no enviaron su reporte"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if snapshot["missing"]:
        pdf.table_of(
            [_("Mes"), _("Dependencia"), _("Periodo de reporte"), _("Fecha límite")],
            [
                [item["month_label"], item["area"], item["period_status"], fmt_date(item["deadline"])]
                for item in snapshot["missing"]
            ],
            (30, 70, 30, 25),
            ("LEFT", "LEFT", "LEFT", "LEFT"),
        )
    else:
        pdf.paragraph(_("Todas las dependencias enviaron su reporte."))
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 7, _("Registros devueltos para corregir"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    if snapshot["returned"]:
        pdf.table_of(
            [_("Fecha"), _("Actividad"), _("Dependencia"), _("Comentario de la oficina de prensa"), _("Devuelto por")],
            [
                [fmt_date(item["date"]), item["activity"], item["area"], item["comment"], item["reviewed_by"]]
                for item in snapshot["returned"]
            ],
            (18, 60, 40, 90, 30),
            ("LEFT", "LEFT", "LEFT", "LEFT", "LEFT"),
        )
    else:
        pdf.paragraph(_("Ningún registro devuelto."))
    pdf.paragraph(
        _("Registros enviados que esperan la revisión de la oficina de prensa: %(count)s.")
        % {"count": snapshot["submitted_logs"]}
    )


def report_pdf(snapshot: dict) -> bytes:
    """Return the PDF of a report snapshot."""
    pdf = ReportPDF(snapshot)
    _pdf_cover(pdf, snapshot)
    _pdf_summary(pdf, snapshot)
    _pdf_charts(pdf, snapshot)
    _pdf_indicators(pdf, snapshot)
    _pdf_pending(pdf, snapshot)
    return bytes(pdf.output())
