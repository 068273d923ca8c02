"""Exports of the dashboards' tables (CSV and XLSX): scoped like their pages, and text a
spreadsheet would evaluate is escaped in every one of them."""

import csv
import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from openpyxl import load_workbook

from dashboards.exports import csv_text, escape_spreadsheet_text, plain_number, xlsx_bytes
from dashboards.tests.dashboard_data import build, this_month, this_year, with_figures
from indicators.enums import PeriodType
from indicators.periods import period_label
from plans.tests.factories import EntityFactory, UserFactory

pytestmark = pytest.mark.django_db
D = Decimal
DANGEROUS = '=HYPERLINK("http://x.example","clic")'


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(entity, area_a, area_b, press_officer):
    return with_figures(build(entity, area_a, area_b), press_officer)


def month_query():
    return f"?anio={this_year()}&tipo=mes&periodo={this_month().month}"


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def read_xlsx(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()], sheet


class TestEscapeSpreadsheetText:
    @pytest.mark.parametrize(
        ("text", "escaped"),
        [
            ("=1+1", "'=1+1"),
            ("+57 300 000 0000", "'+57 300 000 0000"),
            ("-5 piezas", "'-5 piezas"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcmd", "'\tcmd"),
            ("\rcmd", "'\rcmd"),
        ],
    )
    def test_text_beginning_with_a_formula_character_gets_an_apostrophe(self, text, escaped):
        assert escape_spreadsheet_text(text) == escaped

    @pytest.mark.parametrize("text", ["Comunicados", "1+1", "a=b", "", " =x", "'=ya escapado"])
    def test_other_text_is_left_alone(self, text):
        assert escape_spreadsheet_text(text) == text

    @pytest.mark.parametrize("value", [D("-5"), -5, -5.5, None, True])
    def test_numbers_and_empty_values_are_left_alone(self, value):
        assert escape_spreadsheet_text(value) == value

    def test_the_csv_writer_escapes_every_text_cell_and_header(self):
        rows = list(csv.reader(io.StringIO(csv_text(["=x", "b"], [["-a", D("-5.50")], ["@b", 3]])[1:])))
        assert rows == [["'=x", "b"], ["'-a", "-5.5"], ["'@b", "3"]]

    def test_the_xlsx_writer_keeps_escaped_text_as_text_and_numbers_as_numbers(self):
        sheet = load_workbook(io.BytesIO(xlsx_bytes("Hoja", ["Nombre", "Valor"], [["=1+1", D("-2.5")]]))).active
        name, value = sheet["A2"], sheet["B2"]
        assert (name.value, name.data_type) == ("'=1+1", "s")
        assert (value.value, value.data_type) == (-2.5, "n")

    def test_numbers_are_written_with_a_point_and_no_trailing_zeros(self):
        assert [plain_number(v) for v in (D("12.5000"), D("1234567.0000"), D("0.0100"), None)] == [
            "12.5",
            "1234567",
            "0.01",
            "",
        ]


class TestPlanDashboardExport:
    def url(self, world, fmt):
        return reverse(f"dashboards:plan_{fmt}", args=[world.plan.pk]) + month_query()

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    @pytest.mark.parametrize(
        ("persona", "status"),
        [("press_officer", 200), ("lead_a", 200), ("manager", 200), ("superuser", 200), ("outsider", 404)],
    )
    def test_each_persona_gets_its_answer(self, client, request, world, persona, status, fmt):
        client.force_login(request.getfixturevalue(persona))
        assert client.get(self.url(world, fmt)).status_code == status

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_a_user_without_a_role_is_refused_and_anonymous_sent_to_login(self, client, world, entity, fmt):
        assert client.get(self.url(world, fmt))["Location"].startswith(reverse("login"))
        client.force_login(UserFactory(username="sin_rol", entity=entity))
        assert client.get(self.url(world, fmt)).status_code == 403

    def test_the_csv_has_the_tables_columns_and_figures(self, client, manager, world):
        client.force_login(manager)
        response = client.get(self.url(world, "csv"))
        assert response["Content-Disposition"] == (
            f'attachment; filename="tablero-plan-{world.plan.pk}-mes-{this_month():%Y-%m}.csv"'
        )
        assert response["Cache-Control"] == "private, no-store"
        rows = read_csv(response)
        period = period_label(PeriodType.MONTH, this_month())
        assert rows[0] == [
            "Código",
            "Indicador",
            "Componente",
            "Dependencia",
            "Unidad",
            "Periodo",
            "Valor",
            "Meta",
            "Cumplimiento (%)",
            "Estado",
            "Valor enviado sin aprobar",
        ]
        assert rows[1] == [
            "EXT-01",
            "Número de comunicados elaborados",
            "Comunicación externa",
            "Talento Humano",
            "Número (conteo)",
            period,
            "8",
            "10",
            "80",
            "En riesgo",
            "3",
        ]
        assert rows[2][0] == "INT-01"

    def test_it_follows_the_pages_filters_and_order(self, client, manager, world, area_b):
        client.force_login(manager)
        rows = read_csv(client.get(self.url(world, "csv") + f"&dependencia={area_b.pk}"))
        assert [row[0] for row in rows[1:]] == ["INT-01"]
        rows = read_csv(client.get(self.url(world, "csv") + "&orden=-cumplimiento"))
        assert [row[0] for row in rows[1:]] == ["INT-01", "EXT-01"]

    def test_the_xlsx_has_the_same_table_with_numbers_as_numbers(self, client, manager, world):
        client.force_login(manager)
        response = client.get(self.url(world, "xlsx"))
        assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        rows, _sheet = read_xlsx(response)
        assert rows[0][0] == "Código"
        assert rows[1][:4] == ["EXT-01", "Número de comunicados elaborados", "Comunicación externa", "Talento Humano"]
        assert rows[1][6:] == [8, 10, 80, "En riesgo", 3]

    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_a_name_that_looks_like_a_formula_is_escaped(self, client, manager, world, fmt):
        world.releases.name = DANGEROUS
        world.releases.save()
        world.activity_a.component.name = "+Externa"
        world.activity_a.component.save()
        client.force_login(manager)
        response = client.get(self.url(world, fmt))
        rows = read_csv(response) if fmt == "csv" else read_xlsx(response)[0]
        assert rows[1][1:3] == ["'" + DANGEROUS, "'+Externa"]


class TestOverviewExport:
    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_the_entitys_plans_with_their_progress(self, client, manager, world, fmt):
        client.force_login(manager)
        response = client.get(reverse(f"dashboards:overview_{fmt}"))
        assert response.status_code == 200
        assert response["Cache-Control"] == "private, no-store"
        rows = read_csv(response) if fmt == "csv" else read_xlsx(response)[0]
        assert rows[0][:6] == ["Plan", "Inicio de la vigencia", "Fin de la vigencia", "Estado", "Año", "Avance (%)"]
        progress = "11.7" if fmt == "csv" else 11.7
        year = str(this_year()) if fmt == "csv" else this_year()
        assert rows[1][0] == "Plan estratégico de comunicaciones"
        assert rows[1][4:10] == [year, progress, *(["0", "0", "2", "0"] if fmt == "csv" else [0, 0, 2, 0])]

    def test_an_area_lead_is_refused(self, client, lead_a):
        client.force_login(lead_a)
        assert client.get(reverse("dashboards:overview_csv")).status_code == 403

    def test_another_entitys_user_gets_only_its_own_plans(self, client, outsider, world):
        client.force_login(outsider)
        rows = read_csv(client.get(reverse("dashboards:overview_csv")))
        assert len(rows) == 1

    def test_a_superuser_gets_every_entity_escaped(self, client, superuser, area_a, area_b, world):
        EntityFactory(name="=cmd|' /C calc'!A0")
        client.force_login(superuser)
        rows = read_csv(client.get(reverse("dashboards:overview_csv")))
        assert rows[0] == ["Entidad", "Planes", "Año", "Avance (%)", "Al día", "En riesgo", "Atrasado", "Sin datos"]
        assert rows[1:] == [
            ["'=cmd|' /C calc'!A0", "0", str(this_year()), "", "0", "0", "0", "0"],
            ["Alcaldía de Prueba", "1", str(this_year()), "11.7", "0", "0", "2", "0"],
        ]
