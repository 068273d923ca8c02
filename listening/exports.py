"""Files of listening: a survey's responses as XLSX or CSV (the dashboards' writers, with their
formula escaping) and the QR code of its public link (segno: SVG or PNG, pure Python)."""

from __future__ import annotations

import io

import segno
from django.http import Http404, HttpResponse

from dashboards.exports import csv_response, xlsx_response
from listening.models import Survey
from listening.selectors import survey_export_rows


def _filename(survey: Survey, ext: str) -> str:
    return f"encuesta-{survey.pk}-respuestas.{ext}"


def survey_xlsx(survey: Survey) -> HttpResponse:
    header, rows = survey_export_rows(survey=survey)
    return xlsx_response(_filename(survey, "xlsx"), "Respuestas", header, rows)


def survey_csv(survey: Survey) -> HttpResponse:
    header, rows = survey_export_rows(survey=survey)
    return csv_response(_filename(survey, "csv"), header, rows)


def survey_qr(survey: Survey, url: str, fmt: str) -> HttpResponse:
    """The QR code of ``url``: error correction «M» (a printed poster survives a smudge)."""
    code = segno.make(url, error="m", micro=False)
    buffer = io.BytesIO()
    if fmt == "svg":
        code.save(buffer, kind="svg", scale=6, border=2, title=survey.title)
        content_type = "image/svg+xml"
    elif fmt == "png":
        code.save(buffer, kind="png", scale=10, border=2)
        content_type = "image/png"
    else:
        raise Http404
    response = HttpResponse(buffer.getvalue(), content_type=content_type)
    if fmt == "png":
        response["Content-Disposition"] = f'attachment; filename="encuesta-{survey.pk}-qr.png"'
    return response
