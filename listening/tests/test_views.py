"""The press office's pages of listening: who sees what (owner, team member, outsider), triage on
the web, results with chart and table, XLSX/CSV and QR, attendance taken and imported."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from listening import services
from listening.models import Attendance, Suggestion
from listening.tests.conftest import answers
from listening.tests.factories import TrainingSessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(entity):
    return services.suggestion_submit(
        entity=entity, kind="queja", text="La página no carga", contact=services.Contact()
    )


class TestSuggestionPages:
    def test_the_press_office_lists_them_with_response_times(self, client, press_officer, item):
        client.force_login(press_officer)
        page = client.get(reverse("listening:suggestion_list")).content.decode()
        assert "La página no carga" in page and "Días promedio hasta responder" in page

    def test_the_list_costs_the_same_queries_for_one_and_many(
        self, client, press_officer, entity, item, django_assert_max_num_queries
    ):
        client.force_login(press_officer)
        client.get(reverse("listening:suggestion_list"))
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as one:
            client.get(reverse("listening:suggestion_list"))
        for n in range(5):
            services.suggestion_submit(entity=entity, kind="queja", text=f"Otra {n}", contact=services.Contact())
        with CaptureQueriesContext(connection) as many:
            client.get(reverse("listening:suggestion_list"))
        assert len(many) == len(one)

    def test_the_press_office_triages_and_answers_on_the_web(self, client, press_officer, item, area_a):
        client.force_login(press_officer)
        url = reverse("listening:suggestion_detail", args=[item.pk])
        response = client.post(url, {"status": "respondida", "area": area_a.pk, "answer": "Ya funciona."})
        assert response.status_code == 302
        item.refresh_from_db()
        assert (item.status, item.area, item.answer) == ("respondida", area_a, "Ya funciona.")

    def test_a_bad_triage_names_the_field_and_changes_nothing(self, client, press_officer, item):
        client.force_login(press_officer)
        response = client.post(
            reverse("listening:suggestion_detail", args=[item.pk]), {"status": "respondida", "answer": ""}
        )
        assert "Escriba la respuesta antes de marcarla como respondida." in response.content.decode()
        assert Suggestion.objects.get().status == "nueva"

    def test_a_manager_reads_but_cannot_triage(self, client, manager, item):
        client.force_login(manager)
        url = reverse("listening:suggestion_detail", args=[item.pk])
        assert 'name="answer"' not in client.get(url).content.decode()
        assert client.post(url, {"status": "cerrada"}).status_code == 403
        assert Suggestion.objects.get().status == "nueva"

    def test_an_area_lead_cannot_read_the_box_but_writes_to_the_internal_one(self, client, lead_a):
        client.force_login(lead_a)
        assert client.get(reverse("listening:suggestion_list")).status_code == 403
        response = client.post(reverse("listening:suggestion_new"), {"kind": "soporte", "text": "No abre el correo"})
        assert response.status_code == 302
        assert Suggestion.objects.get().submitted_by == lead_a

    def test_another_entitys_suggestion_is_a_404(self, client, outsider, item):
        client.force_login(outsider)
        assert client.get(reverse("listening:suggestion_detail", args=[item.pk])).status_code == 404
        assert (
            client.post(reverse("listening:suggestion_detail", args=[item.pk]), {"status": "cerrada"}).status_code
            == 404
        )

    def test_anonymous_is_sent_to_the_login(self, client, item):
        assert client.get(reverse("listening:suggestion_list")).status_code == 302


class TestSurveyResults:
    def answered(self, client, survey):
        for scale in ("5", "4", "4"):
            client.post(reverse("listening:survey_answer", args=[survey.token]), answers(survey, scale=scale))

    def test_results_show_a_chart_and_the_table_behind_it(self, client, press_officer, survey):
        self.answered(client, survey)
        client.force_login(press_officer)
        page = client.get(reverse("listening:survey_results", args=[survey.pk])).content.decode()
        first = survey.questions.first()
        assert f'data-chart="pregunta-{first.pk}-datos"' in page and f'id="pregunta-{first.pk}-datos"' in page
        assert '<th scope="row">4</th><td>2</td><td>66,7</td>' in page
        assert "83,3" in page  # satisfaction: (100 + 75 + 75) / 3

    def test_responses_export_to_xlsx_and_csv(self, client, press_officer, survey):
        self.answered(client, survey)
        client.force_login(press_officer)
        sheet = load_workbook(io.BytesIO(client.get(reverse("listening:survey_xlsx", args=[survey.pk])).content)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:4] == (
            "respuesta",
            "fecha",
            "satisfaccion_0_100",
            "¿Qué tan satisfecho está con la mesa de ayuda?",
        )
        assert [row[3] for row in rows[1:]] == [5, 4, 4]
        text = client.get(reverse("listening:survey_csv", args=[survey.pk])).content.decode("utf-8-sig")
        assert len(list(csv.reader(io.StringIO(text)))) == 4

    def test_the_qr_code_encodes_the_public_link(self, client, press_officer, survey):
        client.force_login(press_officer)
        svg = client.get(reverse("listening:survey_qr_svg", args=[survey.pk]))
        assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
        png = client.get(reverse("listening:survey_qr_png", args=[survey.pk]))
        assert png.content.startswith(b"\x89PNG")

    def test_the_press_office_publishes_and_closes(self, client, press_officer, survey):
        client.force_login(press_officer)
        client.post(reverse("listening:survey_status", args=[survey.pk]), {"status": "cerrada"})
        survey.refresh_from_db()
        assert survey.status == "cerrada"

    def test_a_manager_cannot_close_and_an_outsider_gets_404(self, client, manager, outsider, survey):
        client.force_login(manager)
        assert (
            client.post(reverse("listening:survey_status", args=[survey.pk]), {"status": "cerrada"}).status_code == 403
        )
        client.force_login(outsider)
        for name in ("survey_results", "survey_xlsx", "survey_qr_svg"):
            assert client.get(reverse(f"listening:{name}", args=[survey.pk])).status_code == 404
        survey.refresh_from_db()
        assert survey.status == "abierta"


def sheet_upload(rows, name="asistencia.xlsx"):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


class TestTrainings:
    def test_attendance_is_imported_from_a_sheet(self, client, press_officer, entity):
        session = TrainingSessionFactory(entity=entity)
        client.force_login(press_officer)
        upload = sheet_upload(
            [
                ["Nombre", "Correo", "Dependencia", "Asistió", "Usa la herramienta"],
                ["Ana", "ana@x.co", "TI", "sí", "no"],
                ["Luis", "", "", "no", ""],
            ]
        )
        client.post(reverse("listening:attendance_import", args=[session.pk]), {"sheet": upload})
        assert sorted(Attendance.objects.values_list("name", "attended", "adopted")) == [
            ("Ana", True, False),
            ("Luis", False, None),
        ]

    def test_a_bad_row_refuses_the_whole_sheet_naming_the_row(self, client, press_officer, entity):
        session = TrainingSessionFactory(entity=entity)
        client.force_login(press_officer)
        upload = sheet_upload(
            [["nombre", "correo", "asistió"], ["Ana", "ana@x.co", "sí"], ["Luis", "no-es-correo", "tal vez"]]
        )
        response = client.post(
            reverse("listening:attendance_import", args=[session.pk]), {"sheet": upload}, follow=True
        )
        page = response.content.decode()
        assert "Fila 3, columna «correo»: «no-es-correo» no es un correo válido." in page
        assert not Attendance.objects.exists()

    def test_a_file_that_is_not_a_sheet_is_refused(self, client, press_officer, entity):
        session = TrainingSessionFactory(entity=entity)
        client.force_login(press_officer)
        upload = SimpleUploadedFile("virus.exe", b"MZ...")
        response = client.post(
            reverse("listening:attendance_import", args=[session.pk]), {"sheet": upload}, follow=True
        )
        assert "Suba una hoja XLSX o CSV." in response.content.decode()

    def test_the_trainer_takes_attendance_with_checkboxes(self, client, press_officer, entity):
        session = TrainingSessionFactory(entity=entity)
        services.attendance_add(
            user=press_officer, session=session, rows=[services.AttendanceRow(name="Ana", attended=False)]
        )
        attendance = Attendance.objects.get()
        client.force_login(press_officer)
        client.post(
            reverse("listening:attendance_take", args=[session.pk]),
            {f"asistio-{attendance.pk}": "on", f"adopto-{attendance.pk}": "si"},
        )
        attendance.refresh_from_db()
        assert (attendance.attended, attendance.adopted, attendance.adopted_score) == (True, True, 100)

    def test_another_entitys_session_is_a_404_and_a_lead_of_another_area_is_refused(
        self, client, outsider, lead_b, entity, area_a
    ):
        session = TrainingSessionFactory(entity=entity, area=area_a)
        client.force_login(outsider)
        assert client.get(reverse("listening:training_detail", args=[session.pk])).status_code == 404
        client.force_login(lead_b)
        assert client.post(reverse("listening:attendance_add", args=[session.pk]), {"name": "Eva"}).status_code == 403
        assert not Attendance.objects.exists()
