"""The public transparency page of a plan and its open data: off by default, no login, no
personal data, cacheable, refreshed by the roll-up."""

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboards.selectors.public import OPEN_DATA_COLUMNS
from dashboards.tests.dashboard_data import build, evidence, log, this_month, this_year, with_figures
from plans.models import Plan
from plans.tests.factories import UserFactory
from rollups.services import rollup_plan

pytestmark = pytest.mark.django_db
D = Decimal
COLUMNS = [
    "plan_id",
    "entidad",
    "plan",
    "componente",
    "indicador_codigo",
    "indicador",
    "unidad",
    "tipo_periodo",
    "inicio_periodo",
    "valor",
    "meta",
    "cumplimiento_pct",
    "estado",
]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def reporter(entity):
    return UserFactory(username="mgarcia", first_name="María Fernanda", last_name="García Torres", entity=entity)


@pytest.fixture
def world(entity, area_a, area_b, reporter):
    world = with_figures(build(entity, area_a, area_b), reporter)
    evidence(world.releases.log_values.first().log)
    return world


@pytest.fixture
def public(world):
    Plan.objects.filter(pk=world.plan.pk).update(is_public=True)
    world.plan.refresh_from_db()
    return world


def page_url(world, params=""):
    return reverse("dashboards:public_plan", args=[world.plan.pk]) + params


def csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


class TestOffByDefault:
    def test_a_new_plan_is_not_published(self, world):
        assert world.plan.is_public is False

    @pytest.mark.parametrize("name", ["dashboards:public_plan", "dashboards:public_csv", "dashboards:public_json"])
    def test_an_unpublished_plan_is_a_404_for_everybody(self, client, world, press_officer, name):
        url = reverse(name, args=[world.plan.pk])
        assert client.get(url).status_code == 404
        client.force_login(press_officer)
        assert client.get(url).status_code == 404

    def test_a_missing_plan_is_a_404(self, client):
        assert client.get(reverse("dashboards:public_plan", args=[999999])).status_code == 404

    def test_the_press_office_publishes_it_in_the_plan_admin(self, client, press_officer, world):
        client.force_login(press_officer)
        html = client.get(reverse("admin:plans_plan_change", args=[world.plan.pk])).content.decode()
        assert 'name="is_public"' in html
        assert "Publicar en la página de transparencia" in html


class TestPublicPage:
    def test_it_opens_without_login_with_the_plans_summary_and_results(self, client, public):
        response = client.get(page_url(public))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Plan estratégico de comunicaciones" in html
        assert "Alcaldía de Prueba" in html
        assert "Informar a la ciudadanía sobre la gestión de la entidad." in html
        assert "Comunicación externa" in html and "Comunicación interna" in html
        assert "Número de comunicados elaborados" in html
        page = response.context["page"]
        assert page.year == this_year()
        assert [(i.indicator.code, i.year.value, i.year.target, i.year.achievement) for i in page.indicators] == [
            ("EXT-01", D("8"), D("120"), D("6.67")),
            ("INT-01", D("2"), D("12"), D("16.67")),
        ]
        quarter = (this_month().month - 1) // 3
        assert page.indicators[0].quarters[quarter][1].value == D("8")
        assert page.indicators[0].quarters[quarter][1].target == D("30")

    def test_it_shows_no_personal_data(self, client, public, reporter, press_officer):
        html = client.get(page_url(public)).content.decode()
        for personal in [
            "María Fernanda",
            "García Torres",
            "mgarcia",
            press_officer.username,
            "Boletín sobre la feria de servicios",
            "lista-de-asistencia-firmada.pdf",
            "csrfmiddlewaretoken",
        ]:
            assert personal not in html, personal

    def test_a_logged_in_visitor_gets_the_same_page_without_their_name(self, client, public, press_officer):
        client.force_login(press_officer)
        logged_in = client.get(page_url(public)).content
        assert b"prensa" not in logged_in
        client.logout()
        assert client.get(page_url(public)).content == logged_in

    def test_it_is_cacheable_by_anyone_for_five_minutes(self, client, public):
        response = client.get(page_url(public))
        assert response["Cache-Control"] == "public, max-age=300"

    def test_a_cached_page_costs_one_query(self, client, public):
        client.get(page_url(public))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page_url(public)).status_code == 200
        assert len(queries) == 1

    def test_another_year_of_the_vigencia_can_be_chosen(self, client, public):
        response = client.get(page_url(public, f"?anio={this_year() - 1}"))
        assert response.context["page"].year == this_year() - 1
        assert [i.year.value for i in response.context["page"].indicators] == [None, None]
        assert client.get(page_url(public, "?anio=1990")).context["page"].year == this_year()

    def test_a_new_approved_value_shows_after_the_rollup(self, client, public, reporter):
        assert client.get(page_url(public)).context["page"].indicators[0].year.value == D("8")
        log(public.releases, 5, user=reporter)
        # Not rolled up yet: the page comes from the cache, unchanged (no template rendered).
        assert client.get(page_url(public)).context is None
        rollup_plan(plan=public.plan)
        response = client.get(page_url(public))
        assert response.context["page"].indicators[0].year.value == D("13")

    def test_it_documents_the_open_data_columns(self, client, public):
        html = client.get(page_url(public)).content.decode()
        documented = re.findall(
            r'<tr class="open-data-column"><th scope="row" class="fw-normal"><code>(\w+)</code>', html
        )
        assert documented == COLUMNS
        assert reverse("dashboards:public_csv", args=[public.plan.pk]) in html
        assert reverse("dashboards:public_json", args=[public.plan.pk]) in html

    def test_every_chart_has_its_data_in_json_and_no_inline_script(self, client, public):
        html = client.get(page_url(public)).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag
        assert 'id="grafico-componentes-datos"' in html


class TestOpenData:
    def test_the_csv_has_the_documented_columns_in_order_utf8_with_bom(self, client, public):
        response = client.get(reverse("dashboards:public_csv", args=[public.plan.pk]))
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response["Cache-Control"] == "public, max-age=300"
        assert response["Access-Control-Allow-Origin"] == "*"
        rows = csv_rows(response)
        assert rows[0] == COLUMNS == [name for name, _type, _description in OPEN_DATA_COLUMNS]
        quarter_start = date(this_year(), 3 * ((this_month().month - 1) // 3) + 1, 1)
        assert [
            str(public.plan.pk),
            "Alcaldía de Prueba",
            "Plan estratégico de comunicaciones",
            "Comunicación externa",
            "EXT-01",
            "Número de comunicados elaborados",
            "numero",
            "trimestre",
            quarter_start.isoformat(),
            "8",
            "30",
            "26.67",
            "atrasado",
        ] in rows
        assert [
            str(public.plan.pk),
            "Alcaldía de Prueba",
            "Plan estratégico de comunicaciones",
            "Comunicación interna",
            "INT-01",
            "Contenidos publicados en la intranet",
            "numero",
            "anio",
            f"{this_year()}-01-01",
            "2",
            "12",
            "16.67",
            "atrasado",
        ] in rows
        # Two indicators × (12 quarters + 3 years) of the vigencia.
        assert len(rows) == 1 + 2 * 15

    def test_the_json_has_the_same_columns_and_rows(self, client, public):
        response = client.get(reverse("dashboards:public_json", args=[public.plan.pk]))
        assert response["Cache-Control"] == "public, max-age=300"
        body = json.loads(response.content)
        assert body["columnas"] == COLUMNS
        assert body["plan_id"] == public.plan.pk
        year = next(
            row
            for row in body["datos"]
            if row["indicador_codigo"] == "EXT-01"
            and row["tipo_periodo"] == "anio"
            and row["inicio_periodo"] == f"{this_year()}-01-01"
        )
        assert year == {
            "plan_id": public.plan.pk,
            "entidad": "Alcaldía de Prueba",
            "plan": "Plan estratégico de comunicaciones",
            "componente": "Comunicación externa",
            "indicador_codigo": "EXT-01",
            "indicador": "Número de comunicados elaborados",
            "unidad": "numero",
            "tipo_periodo": "anio",
            "inicio_periodo": f"{this_year()}-01-01",
            "valor": 8,
            "meta": 120,
            "cumplimiento_pct": 6.67,
            "estado": "atrasado",
        }

    def test_the_open_data_hold_no_personal_data(self, client, public, reporter):
        for name in ("dashboards:public_csv", "dashboards:public_json"):
            text = client.get(reverse(name, args=[public.plan.pk])).content.decode("utf-8")
            for personal in ("María Fernanda", "mgarcia", "Boletín sobre la feria", "lista-de-asistencia"):
                assert personal not in text

    def test_text_that_a_spreadsheet_would_evaluate_is_escaped_in_the_csv(self, client, public):
        public.releases.name = '=HYPERLINK("http://x","clic")'
        public.releases.save()
        rows = csv_rows(client.get(reverse("dashboards:public_csv", args=[public.plan.pk])))
        assert {row[5] for row in rows[1:] if row[4] == "EXT-01"} == {'\'=HYPERLINK("http://x","clic")'}
