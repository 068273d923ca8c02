"""The plan document (DOCX and PDF) generated from the MinTIC seed plan, read back."""

import io
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from docx import Document
from pypdf import PdfReader

from indicators.services import seed_entity_load
from plans.documents.content import plan_document_content
from plans.documents.pdf import plan_pdf
from plans.documents.word import plan_docx
from plans.models import Plan

MINTIC = "Ministerio de Tecnologías de la Información y las Comunicaciones"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The MinTIC seed's matrix, counted by hand in ../shared/seeds/001_aaf7bc7c256f8c87.txt.
MINTIC_INDICATORS = [
    "Número de Comunicados Elaborados",
    "Número de Productos Audiovisuales desarrollados",
    "Número de Campañas Diseñadas",
    "Estrategia de rendición de cuentas definida",
    "Boletines Internos Enviados",
    "Campañas Internas Diseñadas",
    "Número de Contenidos Actualizados en Intranet",
    "Número de actualizaciones de contenidos para índices de transparencia realizados",
    "Campañas de Divulgación Implementadas",
    "Número de aplicaciones y/o servicios desarrollados",
    "Número de interacciones en redes sociales registradas",
    "Tráfico (sesiones) en páginas internas registrado",
]
MINTIC_SECTIONS = [
    "1. Objetivos",
    "2. Justificación",
    "3. Alcance",
    "4. Definiciones",
    "5. Normatividad",
    "6. Política de comunicación",
    "7. Diagnóstico y necesidades de comunicación",
    "8. Públicos objetivo",
    "9. Medios y canales",
    "10. Matriz del plan",
    "11. Componentes y actividades",
    "12. Fichas técnicas de los indicadores",
    "13. Versión y aprobación",
]


@pytest.fixture(scope="module")
def mintic(django_db_setup, django_db_blocker):
    """Load the MinTIC seed once for this module, inside a transaction rolled back at its end."""
    path = Path(settings.BASE_DIR) / "fixtures" / "plans" / "mintic.yaml"
    with django_db_blocker.unblock(), transaction.atomic():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        seed_entity_load(data=data, password_hash=make_password(None))
        yield Plan.objects.select_related("entity", "parent").get(entity__name=MINTIC)
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def mintic_docx(mintic):
    return Document(io.BytesIO(plan_docx(plan_document_content(plan=mintic))))


@pytest.fixture(scope="module")
def mintic_pdf_text(mintic):
    reader = PdfReader(io.BytesIO(plan_pdf(plan_document_content(plan=mintic))))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def _headings(document, level):
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def _all_text(document):
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


# --- DOCX ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_docx_has_the_seeds_sections_as_word_headings_in_order(mintic_docx):
    assert _headings(mintic_docx, 1) == MINTIC_SECTIONS


@pytest.mark.django_db
def test_the_docx_cover_names_the_entity_the_plan_and_its_vigencia(mintic_docx):
    cover = [p.text for p in mintic_docx.paragraphs[:12] if p.text]
    assert cover[:3] == [MINTIC, "Plan Estratégico de Comunicaciones", "Vigencia 2019–2022"]
    assert mintic_docx.core_properties.language == "es-CO"
    assert mintic_docx.core_properties.author == MINTIC


@pytest.mark.django_db
def test_the_docx_matrix_has_one_row_per_indicator_under_a_repeated_header(mintic_docx):
    matrix = next(t for t in mintic_docx.tables if t.rows[0].cells[0].text == "Componente")
    assert [c.text for c in matrix.rows[0].cells] == ["Componente", "Responsabilidad", "Actividad", "Indicadores"]
    # Twelve indicator rows and, as in the seed, a row for each of the three responsibilities of
    # «Comunicación externa» that no activity carries out.
    assert len(matrix.rows) - 1 == 15
    indicator_rows = [row for row in matrix.rows[1:] if row.cells[3].text]
    assert [row.cells[3].text.rsplit(" (", 1)[0] for row in indicator_rows] == MINTIC_INDICATORS
    # Merged cells: the first component spans its seven rows.
    assert {row.cells[0].text for row in matrix.rows[1:8]} == {"Comunicación externa"}
    assert [(matrix.rows[n].cells[1].text[:20], matrix.rows[n].cells[2].text) for n in (1, 2, 3)] == [
        ("Investigar, redactar", "Elaborar Contenidos Escritos"),
        ("Fortalecer el relaci", "—"),
        ("Divulgar contenidos ", "Productos Audiovisuales"),
    ]
    assert matrix.rows[0]._tr.xpath("./w:trPr/w:tblHeader")


@pytest.mark.django_db
def test_the_docx_has_a_ficha_with_the_annual_targets_of_every_indicator(mintic_docx):
    fichas = _headings(mintic_docx, 2)
    for name in MINTIC_INDICATORS:
        assert any(h.endswith(f" · {name}") for h in fichas), name
    text = _all_text(mintic_docx)
    # EXT-01 aims at 480, 520, 520 and 500 releases a year; 480 split into quarters is 120.
    assert (
        "2019: 480; I trimestre de 2019: 120; II trimestre de 2019: 120; "
        "III trimestre de 2019: 120; IV trimestre de 2019: 120" in text
    )
    assert "2022: 500" in text
    assert "Registro de comunicados de prensa de la Oficina Asesora de Prensa" in text


@pytest.mark.django_db
def test_the_docx_records_the_version_and_the_approval(mintic_docx):
    text = _all_text(mintic_docx)
    assert "Comité Institucional de Gestión y Desempeño" in text
    assert "Acta n.º 35 de 2019" in text
    assert "26/09/2019" in text
    versions = next(t for t in mintic_docx.tables if t.rows[0].cells[0].text == "Versión")
    assert versions.rows[1].cells[0].text == "1"


@pytest.mark.django_db
def test_the_docx_numbers_its_pages_and_carries_an_index_field(mintic_docx):
    footer = mintic_docx.sections[0].footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert "TOC \\o" in mintic_docx.element.body.xml


# --- PDF -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_pdf_outline_lists_the_sections_in_order_with_a_bookmark_per_ficha(mintic_pdf_text):
    reader, _text = mintic_pdf_text
    assert [item.title for item in reader.outline if not isinstance(item, list)] == MINTIC_SECTIONS
    outline = reader.outline
    position = next(i for i, item in enumerate(outline) if getattr(item, "title", "").startswith("12. "))
    fichas = outline[position + 1]  # the children of a bookmark follow it as a list
    assert [item.title.split(" · ", 1)[1] for item in fichas] == MINTIC_INDICATORS


@pytest.mark.django_db
def test_the_pdf_body_prints_the_sections_in_order_after_its_index(mintic_pdf_text):
    reader, _text = mintic_pdf_text
    pages = [page.extract_text() for page in reader.pages]
    assert "Plan Estratégico de Comunicaciones" in pages[0] and "Vigencia 2019–2022" in pages[0]
    assert pages[1].splitlines()[1:3] == [f"Página 2 de {len(pages)}", "Contenido"]
    body = "\n".join(pages[2:])
    positions = [body.index(title) for title in MINTIC_SECTIONS]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_the_pdf_prints_every_indicator_its_targets_and_the_approval(mintic_pdf_text):
    _reader, text = mintic_pdf_text
    text = " ".join(text.split())  # lines wrapped inside table cells joined again
    for name in MINTIC_INDICATORS:
        assert text.count(name) >= 3, name  # in the matrix, its ficha's heading and its ficha
    assert (
        "2019: 480; I trimestre de 2019: 120; II trimestre de 2019: 120; "
        "III trimestre de 2019: 120; IV trimestre de 2019: 120" in text
    )
    assert "2022: 500" in text
    assert "Aprobado el 26/09/2019 por Comité Institucional de Gestión y Desempeño (Acta n.º 35 de 2019)" in text
