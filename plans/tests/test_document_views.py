"""Downloading the plan document: who may, what the file is called, what an empty plan gives,
and a query count that does not grow with the plan."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from indicators.enums import PeriodType
from indicators.tests.factories import IndicatorFactory, TargetFactory
from plans.tests.factories import (
    ActivityFactory,
    AreaFactory,
    AudienceFactory,
    ChannelFactory,
    ComponentFactory,
    PlanFactory,
    ResponsibilityFactory,
)

pytestmark = pytest.mark.django_db

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def url(plan, kind):
    return reverse(f"plans:plan_document_{kind}", args=[plan.pk])


def build_plan(entity, components, activities, indicators, *, title="Plan de Comunicaciones 2025"):
    """A plan with ``components`` × ``activities`` × ``indicators``, each activity with an area,
    an audience and a channel, each indicator with an annual and a quarterly target."""
    plan = PlanFactory(entity=entity, title=title)
    area = AreaFactory(entity=entity)
    audience = AudienceFactory(entity=entity)
    channel = ChannelFactory(entity=entity)
    for c in range(components):
        component = ComponentFactory(plan=plan, order=c)
        ResponsibilityFactory(component=component)
        for a in range(activities):
            activity = ActivityFactory(component=component, order=a)
            activity.responsible_areas.add(area)
            activity.audiences.add(audience)
            activity.channels.add(channel)
            for _i in range(indicators):
                indicator = IndicatorFactory(activity=activity, responsible_area=area)
                TargetFactory(indicator=indicator, period_start=date(2025, 1, 1), value=Decimal(40))
                TargetFactory(
                    indicator=indicator, period_type=PeriodType.QUARTER, period_start=date(2025, 4, 1), value=10
                )
    return plan


class TestWhoMayDownload:
    @pytest.mark.parametrize("persona", ["press_officer", "lead_a", "manager", "superuser"])
    @pytest.mark.parametrize("kind", ["docx", "pdf"])
    def test_every_role_of_the_entity_downloads_both_files(self, client, request, entity, persona, kind):
        plan = build_plan(entity, 1, 1, 1, title="Plan Estratégico de Comunicaciones")
        client.force_login(request.getfixturevalue(persona))
        response = client.get(url(plan, kind))
        assert response.status_code == 200
        assert response["Content-Type"] == {"docx": DOCX_TYPE, "pdf": "application/pdf"}[kind]
        assert response["Content-Disposition"] == (
            f'attachment; filename="plan-estrategico-de-comunicaciones-2025-2027-v1.{kind}"'
        )
        assert response["Cache-Control"] == "private, no-store"
        assert response.content.startswith(b"%PDF" if kind == "pdf" else b"PK")

    @pytest.mark.parametrize("kind", ["docx", "pdf"])
    def test_it_hides_another_entitys_plan(self, client, entity, outsider, kind):
        plan = build_plan(entity, 1, 1, 1)
        client.force_login(outsider)
        assert client.get(url(plan, kind)).status_code == 404

    @pytest.mark.parametrize("kind", ["docx", "pdf"])
    def test_it_sends_an_anonymous_visitor_to_the_login_page(self, client, entity, kind):
        plan = build_plan(entity, 1, 1, 1)
        response = client.get(url(plan, kind))
        assert response.status_code == 302
        assert response["Location"].startswith("/cuenta/ingresar/")

    def test_a_plan_that_does_not_exist_is_a_404(self, client, press_officer):
        client.force_login(press_officer)
        assert client.get(reverse("plans:plan_document_pdf", args=[999999])).status_code == 404


class TestAnEmptyPlan:
    def test_a_plan_without_objectives_components_or_targets_gives_valid_files(self, client, entity, manager):
        plan = PlanFactory(entity=entity, title="Plan en construcción")
        client.force_login(manager)
        document = Document(io.BytesIO(client.get(url(plan, "docx")).content))
        assert [p.text for p in document.paragraphs if p.style.name == "Heading 1"] == ["1. Versión y aprobación"]
        assert "Sin aprobar" in [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        reader = PdfReader(io.BytesIO(client.get(url(plan, "pdf")).content))
        assert [item.title for item in reader.outline if not isinstance(item, list)] == ["1. Versión y aprobación"]
        assert "Plan en construcción" in reader.pages[0].extract_text()

    def test_an_indicator_without_targets_says_so_in_its_ficha(self, client, entity, manager):
        plan = PlanFactory(entity=entity)
        indicator = IndicatorFactory(activity=ActivityFactory(component=ComponentFactory(plan=plan)))
        client.force_login(manager)
        document = Document(io.BytesIO(client.get(url(plan, "docx")).content))
        texts = [p.text for p in document.paragraphs]
        assert f"{indicator.code} · {indicator.name}" in texts
        assert "El indicador aún no tiene metas." in texts
        pdf_text = "".join(
            page.extract_text() for page in PdfReader(io.BytesIO(client.get(url(plan, "pdf")).content)).pages
        )
        assert "El indicador aún no tiene metas." in pdf_text

    def test_an_activity_without_indicators_keeps_its_row_in_the_matrix(self, client, entity, manager):
        plan = PlanFactory(entity=entity)
        ActivityFactory(component=ComponentFactory(plan=plan, name="Comunicación interna"), name="Carteleras")
        client.force_login(manager)
        document = Document(io.BytesIO(client.get(url(plan, "docx")).content))
        matrix = next(t for t in document.tables if t.rows[0].cells[0].text == "Componente")
        # No responsibility carried: a dash, as on the matrix page.
        assert [c.text for c in matrix.rows[1].cells] == ["Comunicación interna", "—", "Carteleras", "—"]


class TestQueries:
    @pytest.mark.parametrize("kind", ["docx", "pdf"])
    def test_it_runs_the_same_number_of_queries_for_a_small_and_a_large_plan(self, client, manager, entity, kind):
        client.force_login(manager)
        small = build_plan(entity, 1, 1, 1, title="Pequeño")
        large = build_plan(entity, 3, 3, 2, title="Grande")

        def count(plan):
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url(plan, kind)).status_code == 200
            return len(queries)

        count(small)  # warm the session and the user's groups
        assert count(large) == count(small)


class TestLinks:
    def test_the_plan_matrix_offers_both_files_to_an_area_lead(self, client, entity, lead_a):
        plan = build_plan(entity, 1, 1, 1)
        client.force_login(lead_a)
        html = client.get(reverse("indicators:plan_matrix", args=[plan.pk])).content.decode()
        assert f'href="{url(plan, "docx")}" download>Documento del plan (DOCX)</a>' in html
        assert f'href="{url(plan, "pdf")}" download>Documento del plan (PDF)</a>' in html

    def test_the_plans_admin_page_links_both_files(self, client, entity, press_officer):
        plan = build_plan(entity, 1, 1, 1)
        client.force_login(press_officer)
        html = client.get(reverse("admin:plans_plan_change", args=[plan.pk])).content.decode()
        assert "Documento del plan (DOCX/PDF)" in html
        assert f'<a href="{url(plan, "docx")}">Descargar en Word (DOCX)</a>' in html
        assert f'<a href="{url(plan, "pdf")}">Descargar en PDF</a>' in html


class TestTextsPeopleType:
    def test_characters_outside_the_pdf_font_and_control_characters_do_not_break_the_files(
        self, client, entity, manager
    ):
        plan = PlanFactory(entity=entity, title="Plan ≥ 90 % ✓ «sí»", scope="Alcance\x0b con tabulador vertical 🚀")
        client.force_login(manager)
        document = Document(io.BytesIO(client.get(url(plan, "docx")).content))
        assert "Alcance con tabulador vertical 🚀" in [p.text for p in document.paragraphs]
        reader = PdfReader(io.BytesIO(client.get(url(plan, "pdf")).content))
        assert "Plan >= 90 % ? «sí»" in reader.pages[0].extract_text()


def test_the_plan_document_never_imports_the_indicators_app():
    """plans sits below indicators: the document reads indicators through the plan's relations."""
    from pathlib import Path

    sources = (Path(__file__).resolve().parents[1] / "documents").glob("*.py")
    for source in sources:
        text = source.read_text(encoding="utf-8")
        assert "from indicators" not in text and "import indicators" not in text, source.name
