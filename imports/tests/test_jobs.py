"""The import pages and jobs: upload, preview, confirm, large imports as Celery jobs, e-mail."""

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from execution.enums import LogStatus
from execution.models import ActivityLog
from imports.models import ImportJob, ImportStatus
from imports.tasks import import_job_task
from imports.tests import test_logs_import

pytestmark = pytest.mark.django_db
# The plan, activity and indicators of the import tests, shared as fixtures.
HEADER = test_logs_import.HEADER
plan, activity, indicators, year = (
    test_logs_import.plan,
    test_logs_import.activity,
    test_logs_import.indicators,
    test_logs_import.year,
)


def upload(name="historico.csv", content=b""):
    return SimpleUploadedFile(name, content, content_type="text/csv")


def rows(year, count, *, bad_row=None):
    lines = [HEADER]
    for n in range(count):
        value = "x" if n == bad_row else "1"
        lines.append(f"CNT;Talento Humano;{(n % 28) + 1:02d}/03/{year};{value};;;Boletín {n};")
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def upload_url():
    return reverse("imports:logs_upload")


class TestUploadAndConfirm:
    def test_a_small_file_is_previewed_then_imported_on_confirmation(
        self, client, press_officer, indicators, area_a, year, upload_url
    ):
        client.force_login(press_officer)

        response = client.post(upload_url, {"file": upload(content=rows(year, 3))})

        job = ImportJob.objects.get()
        assert response.status_code == 302 and response.url == job.get_absolute_url()
        assert (job.status, job.total_rows, job.new_count, job.unchanged_count, job.error_count) == (
            ImportStatus.CHECKED,
            3,
            3,
            0,
            0,
        )
        assert ActivityLog.objects.count() == 0
        page = client.get(job.get_absolute_url())
        assert "Confirmar la importación" in page.content.decode()

        client.post(reverse("imports:job_confirm", args=[job.pk]))

        job.refresh_from_db()
        assert (job.status, job.created_count) == (ImportStatus.DONE, 3)
        assert set(ActivityLog.objects.values_list("status", flat=True)) == {LogStatus.APPROVED}
        assert mail.outbox == []  # small imports answer on the page itself

    def test_confirming_twice_imports_once(self, client, press_officer, indicators, area_a, year, upload_url):
        client.force_login(press_officer)
        client.post(upload_url, {"file": upload(content=rows(year, 2))})
        job = ImportJob.objects.get()
        confirm = reverse("imports:job_confirm", args=[job.pk])

        client.post(confirm)
        response = client.post(confirm, follow=True)

        assert ActivityLog.objects.count() == 2
        assert "ya no espera confirmación" in response.content.decode()

    def test_a_file_with_errors_shows_every_error_and_cannot_be_confirmed(
        self, client, press_officer, indicators, area_a, year, upload_url
    ):
        client.force_login(press_officer)
        client.post(upload_url, {"file": upload(content=rows(year, 4, bad_row=2))})
        job = ImportJob.objects.get()

        page = client.get(job.get_absolute_url()).content.decode()
        client.post(reverse("imports:job_confirm", args=[job.pk]))

        assert (job.status, job.error_count) == (ImportStatus.FAILED, 1)
        assert job.errors == [
            {"row": 4, "column": "Valor", "message": "«Valor»: «x» no es un número (escriba por ejemplo 1.234,5)."}
        ]
        assert "«Valor»: «x» no es un número" in page
        assert "Confirmar la importación" not in page
        assert ActivityLog.objects.count() == 0

    def test_a_file_that_is_not_a_spreadsheet_is_refused_on_the_form(
        self, client, press_officer, indicators, upload_url
    ):
        client.force_login(press_officer)

        response = client.post(upload_url, {"file": upload("plan.xlsx", b"%PDF-1.7 contenido")})

        assert response.status_code == 200
        assert "es un PDF, no una hoja de cálculo" in response.content.decode()
        assert ImportJob.objects.count() == 0


class TestLargeImports:
    def test_a_large_file_runs_as_a_job_with_progress_and_an_email(
        self, client, press_officer, indicators, area_a, year, upload_url, settings, django_capture_on_commit_callbacks
    ):
        settings.IMPORT_ASYNC_ROWS = 5
        press_officer.email = "prensa@alcaldia.gov.co"
        press_officer.save()
        client.force_login(press_officer)

        with django_capture_on_commit_callbacks() as queued:
            client.post(upload_url, {"file": upload(content=rows(year, 8))})
        job = ImportJob.objects.get()
        assert (job.status, job.processed_rows) == (ImportStatus.PENDING, 0)
        page = client.get(job.get_absolute_url()).content.decode()
        assert "data-refresh-seconds" in page and "0 de 8 filas" in page

        for callback in queued:
            callback()  # the Celery task, eager in tests

        job.refresh_from_db()
        assert (job.status, job.processed_rows, job.new_count) == (ImportStatus.CHECKED, 8, 8)
        assert [message.subject for message in mail.outbox] == [
            "Importación «historico.csv»: Revisado: esperando confirmación"
        ]
        assert f"/importar/trabajos/{job.pk}/" in mail.outbox[0].body

        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("imports:job_confirm", args=[job.pk]))

        job.refresh_from_db()
        assert (job.status, job.created_count) == (ImportStatus.DONE, 8)
        assert ActivityLog.objects.count() == 8
        assert mail.outbox[-1].subject == "Importación «historico.csv»: Importado"
        assert mail.outbox[-1].to == ["prensa@alcaldia.gov.co"]

    def test_a_redelivered_task_does_not_import_twice(
        self, client, press_officer, indicators, area_a, year, upload_url, settings
    ):
        client.force_login(press_officer)
        client.post(upload_url, {"file": upload(content=rows(year, 2))})
        job = ImportJob.objects.get()
        client.post(reverse("imports:job_confirm", args=[job.pk]))

        result = import_job_task(job_id=job.pk)

        assert result["status"] == ImportStatus.DONE
        assert ActivityLog.objects.count() == 2

    def test_the_task_of_a_deleted_job_does_nothing(self):
        assert import_job_task(job_id=987654) == {"job_id": 987654, "status": None}


class TestAccess:
    def test_anonymous_is_sent_to_login(self, client, upload_url):
        response = client.get(upload_url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))

    def test_view_only_staff_an_area_lead_and_a_manager_get_403(
        self, client, entity, lead_a, manager, upload_url, django_user_model
    ):
        viewer = django_user_model.objects.create(username="lector", entity=entity, is_staff=True)
        viewer.user_permissions.add(Permission.objects.get(codename="view_activitylog"))
        for user in (viewer, lead_a, manager):
            client.force_login(user)
            assert client.get(upload_url).status_code == 403
            assert client.post(upload_url, {"file": upload(content=b"a;b\n1;2\n")}).status_code == 403
        assert ImportJob.objects.count() == 0

    def test_another_entitys_job_is_404(self, client, press_officer, outsider, indicators, area_a, year, upload_url):
        client.force_login(press_officer)
        client.post(upload_url, {"file": upload(content=rows(year, 1))})
        job = ImportJob.objects.get()

        client.force_login(outsider)

        assert client.get(job.get_absolute_url()).status_code == 404
        assert client.post(reverse("imports:job_confirm", args=[job.pk])).status_code == 404
        job.refresh_from_db()
        assert job.status == ImportStatus.CHECKED

    def test_the_admin_list_of_logs_offers_the_import_to_the_press_office(self, client, press_officer):
        client.force_login(press_officer)

        response = client.get(reverse("admin:execution_activitylog_changelist"))

        assert response.status_code == 200, response.status_code
        page = response.content.decode()
        assert reverse("imports:logs_upload") in page

    def test_the_list_of_jobs_costs_the_same_queries_for_one_or_many(
        self, client, press_officer, upload_url, django_assert_num_queries
    ):
        client.force_login(press_officer)

        def make(count):
            for n in range(count):
                ImportJob.objects.create(
                    entity=press_officer.entity, user=press_officer, original_name=f"f{n}.csv", file="x"
                )

        make(1)
        client.get(upload_url)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as one:
            client.get(upload_url)
        make(10)
        with django_assert_num_queries(len(one)):
            client.get(upload_url)
