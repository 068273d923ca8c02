"""Periodic reports: the frozen snapshot, the XLSX and the PDF made from it, versions, failures
and retries, the e-mail to managers, who may list and download them, the schedules Celery beat
runs and the command that generates them by hand."""

import io
import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from celery.exceptions import Retry
from django.contrib.auth.models import Group
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django_celery_beat.models import PeriodicTask
from openpyxl import load_workbook
from pypdf import PdfReader

from execution.enums import LogStatus
from execution.models import ActivityLog, AreaSubmission, LogValue, ReportingPeriod
from indicators.enums import PeriodType
from indicators.periods import period_end
from indicators.tests.factories import IndicatorFactory
from plans.enums import ComponentKind, PlanStatus, Role
from plans.models import Plan
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, ComponentFactory, UserFactory
from reports import files as report_files
from reports import services as reports
from reports.enums import ReportStatus
from reports.models import Report, ReportSchedule
from reports.snapshot import report_snapshot
from reports.tasks import report_generate_task, reports_due_task
from rollups.enums import ProgressStatus, RollupKind
from rollups.models import PeriodValue, RollupRun

pytestmark = pytest.mark.django_db
D = Decimal
APRIL = date(2025, 4, 1)


# --- fixtures -------------------------------------------------------------------------------


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def plan(entity):
    return ApprovedPlanFactory(
        entity=entity,
        title="Plan Estratégico de Comunicaciones 2025–2026",
        status=PlanStatus.IN_EXECUTION,
        vigencia_start=date(2025, 1, 1),
        vigencia_end=date(2026, 12, 31),
    )


@pytest.fixture
def external(plan):
    return ComponentFactory(plan=plan, name="Comunicación externa", kind=ComponentKind.EXTERNAL, order=1)


@pytest.fixture
def internal(plan):
    return ComponentFactory(plan=plan, name="Comunicación interna", kind=ComponentKind.INTERNAL, order=2)


@pytest.fixture
def press_activity(external, area_a):
    activity = ActivityFactory(component=external, name="Comunicados de prensa", order=1)
    activity.responsible_areas.add(area_a)
    return activity


@pytest.fixture
def intranet_activity(internal, area_b):
    activity = ActivityFactory(component=internal, name="Boletín interno", order=1)
    activity.responsible_areas.add(area_b)
    return activity


@pytest.fixture
def indicators(press_activity, intranet_activity):
    return {
        "releases": IndicatorFactory(
            activity=press_activity, code="EXT-01", name="Número de comunicados elaborados", weight=2, order=1
        ),
        # A name a spreadsheet would evaluate if it were written as is.
        "formula": IndicatorFactory(activity=press_activity, code="EXT-02", name="=SUMA(A1)", order=2),
        "bulletins": IndicatorFactory(activity=intranet_activity, code="INT-01", name="Campaña de boletines", order=1),
        "silent": IndicatorFactory(activity=intranet_activity, code="INT-02", name="Encuestas de clima", order=2),
    }


def period_value(indicator, start, value, target, achievement, status, period_type=PeriodType.MONTH):
    return PeriodValue.objects.create(
        indicator=indicator,
        period_type=period_type,
        period_start=start,
        value=None if value is None else D(value),
        target=None if target is None else D(target),
        achievement=None if achievement is None else D(achievement),
        status=status,
        computed_at=timezone.now(),
    )


@pytest.fixture
def april(plan, indicators, press_officer, lead_a, area_a, press_activity):
    """April 2025 as the roll-up left it, with the reporting cycle: area A submitted, area B did
    not, and one of area A's logs came back with a comment."""
    period_value(indicators["releases"], APRIL, "1234.5", "1000", "123.45", ProgressStatus.ON_TRACK)
    period_value(indicators["releases"], date(2025, 2, 1), "10", "1000", "1", ProgressStatus.LATE)
    period_value(indicators["releases"], date(2025, 3, 1), "20", "1000", "2", ProgressStatus.LATE)
    period_value(indicators["formula"], APRIL, "30", "60", "50", ProgressStatus.LATE)
    period_value(indicators["bulletins"], APRIL, "8", "10", "80", ProgressStatus.AT_RISK)
    reporting_period = ReportingPeriod.objects.create(
        plan=plan, period_start=APRIL, period_end=date(2025, 4, 30), deadline=date(2025, 5, 5), opened_by=press_officer
    )
    AreaSubmission.objects.create(
        reporting_period=reporting_period, area=area_a, submitted_by=lead_a, submitted_at=timezone.now()
    )
    ActivityLog.objects.create(
        activity=press_activity,
        area=area_a,
        date=date(2025, 4, 10),
        description="Comunicado sobre la feria de servicios",
        status=LogStatus.RETURNED,
        review_comment="Falta el enlace a la publicación.",
        reported_by=lead_a,
        reviewed_by=press_officer,
    )
    RollupRun.objects.create(
        plan=plan,
        kind=RollupKind.FULL,
        started_at=datetime(2025, 5, 6, 13, 29, tzinfo=UTC),
        finished_at=datetime(2025, 5, 6, 13, 30, tzinfo=UTC),
        indicators=4,
        rows_written=5,
    )
    return reporting_period


@pytest.fixture
def manager_b(other_entity):
    user = UserFactory(username="directivo_ajeno", entity=other_entity, email="directivo@ajena.gov.co")
    user.groups.add(Group.objects.get(name=Role.MANAGER))
    return user


def generate(plan, *, user=None, period_type=PeriodType.MONTH, start=APRIL, capture) -> Report:
    """Request a report and run what its commit enqueues (eagerly, here: the generation)."""
    with capture(execute=True):
        report = reports.report_request(plan=plan, period_type=period_type, period_start=start, user=user)
    report.refresh_from_db()
    return report


@pytest.fixture
def ready_report(media, april, plan, press_officer, django_capture_on_commit_callbacks):
    return generate(plan, user=press_officer, capture=django_capture_on_commit_callbacks)


def pdf_text(report) -> str:
    with report.pdf.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return "\n".join(page.extract_text() for page in reader.pages)


# --- the snapshot ---------------------------------------------------------------------------


class TestSnapshot:
    def test_it_weighs_progress_by_indicator_and_leaves_out_indicators_without_data(self, plan, april):
        snapshot = report_snapshot(plan=plan, period_type=PeriodType.MONTH, period_start=APRIL)

        # External: (2 × min(123,45; 100) + 1 × 50) / 3 = 83,3; internal: 80 (the indicator with
        # no data weighs nothing); the plan weighs its two components equally: 81,7.
        assert snapshot["overall"]["progress"] == "81.7"
        assert snapshot["overall"]["counts"] == {"al_dia": 1, "en_riesgo": 1, "atrasado": 1, "sin_datos": 1}
        assert [(c["name"], c["progress"], c["with_data"]) for c in snapshot["components"]] == [
            ("Comunicación externa", "83.3", 2),
            ("Comunicación interna", "80", 1),
        ]
        assert [(a["name"], a["progress"], a["indicators"]) for a in snapshot["areas"]] == [
            ("Talento Humano", "83.3", 2),
            ("Tecnologías de la Información", "80", 2),
        ]

    def test_it_lists_every_indicator_with_its_figures_and_trend(self, plan, april):
        snapshot = report_snapshot(plan=plan, period_type=PeriodType.MONTH, period_start=APRIL)

        assert snapshot["period"]["label"] == "abril de 2025"
        # The vigencia starts in January: the trend has four months, not six.
        assert snapshot["trend_labels"] == ["enero de 2025", "febrero de 2025", "marzo de 2025", "abril de 2025"]
        first, *_, last = snapshot["indicators"]
        assert {k: first[k] for k in ("code", "component", "area", "target", "value", "achievement", "status")} == {
            "code": "EXT-01",
            "component": "Comunicación externa",
            "area": "Talento Humano",
            "target": "1000",
            "value": "1234.5",
            "achievement": "123.45",
            "status": "al_dia",
        }
        assert first["trend"] == [None, "10", "20", "1234.5"]
        assert (last["code"], last["value"], last["status"], last["status_label"]) == (
            "INT-02",
            None,
            "sin_datos",
            "Sin datos",
        )

    def test_it_names_the_areas_that_did_not_submit_and_the_returned_logs(self, plan, april):
        snapshot = report_snapshot(plan=plan, period_type=PeriodType.MONTH, period_start=APRIL)

        assert [(m["month_label"], m["area"], m["period_status"]) for m in snapshot["missing"]] == [
            ("abril de 2025", "Tecnologías de la Información", "Abierto")
        ]
        assert snapshot["returned"] == [
            {
                "date": "2025-04-10",
                "activity": "Comunicados de prensa",
                "area": "Talento Humano",
                "comment": "Falta el enlace a la publicación.",
                "reviewed_by": "prensa",
            }
        ]
        assert snapshot["rollup_at"] == "2025-05-06T13:30:00+00:00"

    def test_it_costs_the_same_queries_for_4_and_for_40_indicators(self, plan, april, press_activity):
        def count():
            with CaptureQueriesContext(connection) as queries:
                report_snapshot(plan=plan, period_type=PeriodType.QUARTER, period_start=APRIL)
            return len(queries)

        first = IndicatorFactory(activity=press_activity, code="EXT-09")
        period_value(first, APRIL, 1, 10, 10, ProgressStatus.LATE, period_type=PeriodType.QUARTER)
        few = count()
        for n in range(36):
            indicator = IndicatorFactory(activity=press_activity, code=f"EXT-{n + 10}")
            period_value(indicator, APRIL, n, 10, n * 10, ProgressStatus.LATE, period_type=PeriodType.QUARTER)

        assert count() == few

    def test_a_quarter_counts_every_month_not_opened_for_reporting_as_missing(self, plan, april):
        snapshot = report_snapshot(plan=plan, period_type=PeriodType.QUARTER, period_start=APRIL)

        assert [(m["month_label"], m["area"], m["period_status"]) for m in snapshot["missing"]] == [
            ("abril de 2025", "Tecnologías de la Información", "Abierto"),
            ("mayo de 2025", "Talento Humano", "No abierto, sin registros"),
            ("mayo de 2025", "Tecnologías de la Información", "No abierto, sin registros"),
            ("junio de 2025", "Talento Humano", "No abierto, sin registros"),
            ("junio de 2025", "Tecnologías de la Información", "No abierto, sin registros"),
        ]

    def test_an_area_with_logs_sent_in_a_month_never_opened_is_not_missing(
        self, plan, april, indicators, area_a, area_b, lead_a
    ):
        # May: area A's history was imported (approved, no submission); area B sent one log
        # for review; June has nothing. A draft or returned log is not sent.
        for area, status, day in [
            (area_a, LogStatus.APPROVED, date(2025, 5, 8)),
            (area_b, LogStatus.SUBMITTED, date(2025, 5, 20)),
            (area_a, LogStatus.DRAFT, date(2025, 6, 3)),
            (area_b, LogStatus.RETURNED, date(2025, 6, 4)),
        ]:
            indicator = indicators["releases"] if area == area_a else indicators["bulletins"]
            entry = ActivityLog.objects.create(
                activity=indicator.activity,
                area=area,
                date=day,
                description="Registro",
                status=status,
                reported_by=lead_a,
            )
            LogValue.objects.create(
                log=entry, indicator=indicator, date=day, month=day.replace(day=1), status=status, value=D(1)
            )

        snapshot = report_snapshot(plan=plan, period_type=PeriodType.QUARTER, period_start=APRIL)

        assert [(m["month_label"], m["area"]) for m in snapshot["missing"]] == [
            ("abril de 2025", "Tecnologías de la Información"),
            ("junio de 2025", "Talento Humano"),
            ("junio de 2025", "Tecnologías de la Información"),
        ]


# --- the files ------------------------------------------------------------------------------


class TestFiles:
    def test_the_xlsx_has_the_summary_the_indicators_and_what_is_pending(self, ready_report):
        with ready_report.xlsx.open("rb") as handle:
            workbook = load_workbook(io.BytesIO(handle.read()))

        assert workbook.sheetnames == ["Resumen", "Indicadores", "Pendientes"]
        table = [[cell.value for cell in row] for row in workbook["Indicadores"].iter_rows()]
        assert table[0][:10] == [
            "Código",
            "Indicador",
            "Componente",
            "Dependencia",
            "Unidad",
            "Meta",
            "Valor",
            "Enviado sin aprobar",
            "Cumplimiento (%)",
            "Estado",
        ]
        assert table[0][10:] == [
            "Valor enero de 2025",
            "Valor febrero de 2025",
            "Valor marzo de 2025",
            "Valor abril de 2025",
        ]
        assert table[1] == [
            "EXT-01",
            "Número de comunicados elaborados",
            "Comunicación externa",
            "Talento Humano",
            "Número (conteo)",
            1000,
            1234.5,
            None,
            123.45,
            "Al día",
            None,
            10,
            20,
            1234.5,
        ]
        summary = {row[0].value: row[1].value for row in workbook["Resumen"].iter_rows(max_col=2) if row[0].value}
        assert summary["Avance del plan (%)"] == 81.7
        assert summary["Periodo"] == "abril de 2025 (mes)"
        pending = [[cell.value for cell in row] for row in workbook["Pendientes"].iter_rows()]
        assert ["abril de 2025", "Tecnologías de la Información", "Abierto", "05/05/2025", None] in pending
        assert [
            "10/04/2025",
            "Comunicados de prensa",
            "Talento Humano",
            "Falta el enlace a la publicación.",
            "prensa",
        ] in pending

    def test_the_xlsx_escapes_text_a_spreadsheet_would_evaluate(self, ready_report):
        with ready_report.xlsx.open("rb") as handle:
            sheet = load_workbook(io.BytesIO(handle.read()))["Indicadores"]

        cell = sheet["B3"]
        assert (cell.value, cell.data_type) == ("'=SUMA(A1)", "s")

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("=1+1", "'=1+1"),
            ("+57 300", "'+57 300"),
            ("-2", "'-2"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tcmd", "'\tcmd"),
            ("\rcmd", "'\rcmd"),
            ("Boletín", "Boletín"),
        ],
    )
    def test_every_formula_prefix_is_escaped(self, text, expected):
        assert report_files.xlsx_text(text) == expected

    def test_the_xlsx_charts_each_components_progress_against_its_target(self, ready_report):
        with ready_report.xlsx.open("rb") as handle:
            sheet = load_workbook(io.BytesIO(handle.read()))["Resumen"]

        assert len(sheet._charts) == 1

    def test_the_pdf_reads_in_spanish_with_colombian_numbers(self, ready_report):
        text = pdf_text(ready_report)

        assert "Informe de seguimiento" in text
        assert "Plan Estratégico de Comunicaciones 2025–2026" in text
        assert "Abril de 2025" in text
        assert "Número de comunicados elaborados" in text
        assert "1.234,5" in text
        assert "123,5 %" in text  # the achievement
        assert "Campaña de boletines" in text
        assert "Meta (100 %)" in text  # the target line of the charts
        assert "Falta el enlace a la publicación." in text
        assert "Tecnologías de la Información" in text

    def test_a_plan_without_indicators_says_so_instead_of_drawing_empty_charts(
        self, media, entity, press_officer, django_capture_on_commit_callbacks
    ):
        empty = ApprovedPlanFactory(entity=entity, vigencia_start=date(2025, 1, 1), vigencia_end=date(2026, 12, 31))
        report = generate(empty, user=press_officer, capture=django_capture_on_commit_callbacks)

        text = pdf_text(report)
        assert "El plan no tiene componentes con indicadores." in text
        assert "El plan no tiene indicadores: no hay nada que graficar." in text
        assert "Meta (100 %)" not in text
        with report.xlsx.open("rb") as handle:
            sheet = load_workbook(io.BytesIO(handle.read()))["Indicadores"]
        assert sheet["A2"].value == "El plan no tiene indicadores."

    def test_characters_outside_the_pdf_font_are_replaced_not_fatal(self):
        assert report_files.pdf_text("Meta ≥ 90 % ✓ «sí» – ñ") == "Meta >= 90 % ? «sí» – ñ"

    def test_the_snapshot_is_frozen_when_the_values_change_later(self, ready_report, indicators):
        PeriodValue.objects.filter(indicator=indicators["releases"], period_start=APRIL).update(value=D(1))

        ready_report.refresh_from_db()
        assert ready_report.snapshot["indicators"][0]["value"] == "1234.5"
        assert ready_report.snapshot["report"] == {"version": 1, "requested_by": "prensa"}


# --- generation, versions, failures and the e-mail -------------------------------------------


class TestGeneration:
    def test_a_generated_report_is_ready_with_both_files(self, ready_report, media):
        assert (ready_report.status, ready_report.version, ready_report.attempts, ready_report.error) == (
            ReportStatus.READY,
            1,
            1,
            "",
        )
        assert ready_report.xlsx.name.startswith(f"reports/{ready_report.plan.entity_id}/")
        assert ready_report.pdf.name.endswith(".pdf")
        assert (media / ready_report.pdf.name).read_bytes().startswith(b"%PDF")

    def test_regenerating_makes_version_2_and_keeps_version_1(
        self, ready_report, plan, press_officer, django_capture_on_commit_callbacks
    ):
        second = generate(plan, user=press_officer, capture=django_capture_on_commit_callbacks)

        assert second.version == 2
        assert second.status == ReportStatus.READY
        first = Report.objects.get(pk=ready_report.pk)
        assert (first.version, first.status, first.pdf.name) == (1, ReportStatus.READY, ready_report.pdf.name)
        assert first.pdf.name != second.pdf.name

    def test_the_entitys_managers_get_an_e_mail_with_the_link(
        self, settings, media, april, plan, manager, manager_b, press_officer, django_capture_on_commit_callbacks
    ):
        settings.SITE_URL = "https://plan.example.gov.co"
        press_officer.email = "prensa@alcaldia.gov.co"
        press_officer.save()
        manager.email = "directivo@alcaldia.gov.co"
        manager.save()

        report = generate(plan, capture=django_capture_on_commit_callbacks)

        assert [m.to for m in mail.outbox] == [["directivo@alcaldia.gov.co"]]
        message = mail.outbox[0]
        assert message.subject == "Informe de seguimiento: Plan Estratégico de Comunicaciones 2025–2026 · abril de 2025"
        assert f"https://plan.example.gov.co/informes/?plan={plan.pk}" in message.body
        assert report.notified_at is not None

    def test_running_generation_again_on_a_ready_report_changes_and_sends_nothing(self, ready_report, manager):
        manager.email = "directivo@alcaldia.gov.co"
        manager.save()

        reports.report_generate(report_id=ready_report.pk)

        report = Report.objects.get(pk=ready_report.pk)
        assert (report.attempts, report.pdf.name) == (1, ready_report.pdf.name)
        assert mail.outbox == []

    def test_a_failing_generation_is_retried_then_marked_failed_with_its_reason(
        self, media, april, plan, monkeypatch, django_capture_on_commit_callbacks
    ):
        def broken(snapshot):
            raise RuntimeError("disco lleno")

        monkeypatch.setattr(report_files, "report_xlsx", broken)

        # Eager tasks raise their first failure instead of retrying, so the embedded default
        # retries in-process (no backoff: someone is waiting) and never fails the request.
        report = generate(plan, capture=django_capture_on_commit_callbacks)

        assert (report.status, report.attempts, report.error) == (ReportStatus.FAILED, 4, "RuntimeError: disco lleno")
        assert (report.xlsx.name, report.pdf.name) == ("", "")
        assert not (media / "reports").exists()
        assert mail.outbox == []

    def test_the_worker_task_records_each_failure_and_marks_the_last_one_failed(self, media, april, plan, monkeypatch):
        def broken(snapshot):
            raise RuntimeError("disco lleno")

        monkeypatch.setattr(report_files, "report_xlsx", broken)
        report = reports.report_request(plan=plan, period_type=PeriodType.MONTH, period_start=APRIL)

        # A worker's first try: Celery schedules a retry with backoff; the report waits for it.
        with pytest.raises(Retry):
            report_generate_task.apply(kwargs={"report_id": report.pk}, throw=True)
        report.refresh_from_db()
        assert (report.status, report.attempts, report.error) == (ReportStatus.PENDING, 1, "RuntimeError: disco lleno")

        # The last retry (max_retries = 3): the error propagates and the report is failed.
        with pytest.raises(RuntimeError, match="disco lleno"):
            report_generate_task.apply(kwargs={"report_id": report.pk}, retries=3, throw=True)
        report.refresh_from_db()
        assert (report.status, report.attempts, report.error) == (ReportStatus.FAILED, 2, "RuntimeError: disco lleno")

    def test_a_failure_followed_by_a_success_ends_ready_without_the_error(
        self, media, april, plan, monkeypatch, django_capture_on_commit_callbacks
    ):
        real = report_files.report_pdf
        calls = []

        def flaky(snapshot):
            calls.append(1)
            if len(calls) == 1:
                raise OSError("sin espacio")
            return real(snapshot)

        monkeypatch.setattr(report_files, "report_pdf", flaky)

        report = generate(plan, capture=django_capture_on_commit_callbacks)

        assert (report.status, report.attempts, report.error) == (ReportStatus.READY, 2, "")

    def test_a_draft_plan_or_a_period_outside_the_vigencia_is_refused(self, plan, entity):
        draft = ApprovedPlanFactory(entity=entity, status=PlanStatus.DRAFT, approved_on=None, approval_body="")

        with pytest.raises(Exception, match="borrador"):
            reports.report_request(plan=draft, period_type=PeriodType.MONTH, period_start=APRIL)
        with pytest.raises(Exception, match="fuera de la vigencia"):
            reports.report_request(plan=plan, period_type=PeriodType.MONTH, period_start=date(2024, 12, 1))
        assert not Report.objects.exists()

    def test_a_report_left_pending_by_a_broker_that_was_down_is_picked_up_by_the_sweep(
        self, media, april, plan, django_capture_on_commit_callbacks
    ):
        report = reports.report_request(plan=plan, period_type=PeriodType.MONTH, period_start=APRIL)  # never enqueued
        Report.objects.filter(pk=report.pk).update(created_at=timezone.now() - reports.PENDING_AFTER * 2)

        assert reports.reports_pending_enqueue() == 1

        report.refresh_from_db()
        assert report.status == ReportStatus.READY


# --- the web pages --------------------------------------------------------------------------


def download_url(report, kind="pdf"):
    return reverse("reports:report_download", args=[report.pk, kind])


class TestPages:
    @pytest.mark.parametrize("persona", ["manager", "press_officer", "superuser"])
    def test_managers_and_the_press_office_list_and_download_the_entitys_reports(
        self, client, request, persona, ready_report
    ):
        client.force_login(request.getfixturevalue(persona))

        page = client.get(reverse("reports:report_list"))
        pdf = client.get(download_url(ready_report, "pdf"))
        xlsx = client.get(download_url(ready_report, "xlsx"))

        assert page.status_code == 200
        assert [r.pk for g in page.context["groups"] for r in g["reports"]] == [ready_report.pk]
        assert pdf.status_code == 200
        assert b"".join(pdf.streaming_content).startswith(b"%PDF")
        assert pdf["Content-Type"] == "application/pdf"
        assert pdf["X-Content-Type-Options"] == "nosniff"
        assert pdf["Content-Disposition"] == (
            'attachment; filename="informe-plan-estrategico-de-comunicaciones-2025-2026-abril-de-2025-v1.pdf"'
        )
        assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    @pytest.mark.parametrize("persona", ["manager_b", "outsider"])
    def test_another_entity_neither_lists_nor_downloads_the_report(self, client, request, persona, ready_report):
        client.force_login(request.getfixturevalue(persona))

        page = client.get(reverse("reports:report_list"))
        response = client.get(download_url(ready_report))

        assert page.status_code == 200
        assert page.context["groups"] == []
        assert ready_report.plan.title not in page.content.decode()
        assert response.status_code == 404

    def test_an_area_lead_is_refused_the_reports(self, client, lead_a, ready_report):
        client.force_login(lead_a)

        assert client.get(reverse("reports:report_list")).status_code == 403
        assert client.get(download_url(ready_report)).status_code == 403

    def test_anonymous_is_sent_to_the_login(self, client, ready_report):
        for url in (reverse("reports:report_list"), download_url(ready_report)):
            response = client.get(url)
            assert response.status_code == 302
            assert response["Location"].startswith(reverse("login"))

    def test_a_report_that_is_not_ready_or_an_unknown_kind_is_not_found(self, client, manager, ready_report, plan):
        pending = reports.report_request(plan=plan, period_type=PeriodType.MONTH, period_start=APRIL)
        client.force_login(manager)

        assert client.get(download_url(pending)).status_code == 404
        assert client.get(download_url(ready_report, "docx")).status_code == 404

    def test_the_press_office_regenerates_a_report(
        self, client, press_officer, ready_report, django_capture_on_commit_callbacks
    ):
        client.force_login(press_officer)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("reports:report_regenerate", args=[ready_report.pk]))

        assert response.status_code == 302
        assert list(Report.objects.order_by("version").values_list("version", "status")) == [
            (1, ReportStatus.READY),
            (2, ReportStatus.READY),
        ]
        assert Report.objects.get(version=2).requested_by == press_officer

    @pytest.mark.parametrize(("persona", "status"), [("manager", 403), ("lead_a", 403), ("outsider", 404)])
    def test_nobody_else_regenerates_it(self, client, request, persona, status, ready_report):
        client.force_login(request.getfixturevalue(persona))

        response = client.post(reverse("reports:report_regenerate", args=[ready_report.pk]))

        assert response.status_code == status
        assert Report.objects.count() == 1

    def test_the_press_office_asks_for_a_quarterly_report(
        self, client, press_officer, plan, april, media, django_capture_on_commit_callbacks
    ):
        client.force_login(press_officer)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("reports:report_create"),
                {"plan": plan.pk, "period_type": PeriodType.QUARTER, "period": "2025-05"},
            )

        assert response.status_code == 302
        report = Report.objects.get()
        assert (report.period_type, report.period_start, report.status) == (
            PeriodType.QUARTER,
            APRIL,
            ReportStatus.READY,
        )

    def test_the_form_names_a_period_outside_the_vigencia(self, client, press_officer, plan):
        client.force_login(press_officer)

        response = client.post(
            reverse("reports:report_create"), {"plan": plan.pk, "period_type": PeriodType.MONTH, "period": "2024-06"}
        )

        assert response.status_code == 200
        assert response.context["form"].errors["period"] == [
            "El periodo está fuera de la vigencia del plan (01/01/2025 – 31/12/2026)."
        ]
        assert not Report.objects.exists()

    def test_a_manager_cannot_ask_for_a_report_nor_choose_another_entitys_plan(
        self, client, manager, press_officer, other_entity
    ):
        foreign = ApprovedPlanFactory(entity=other_entity, status=PlanStatus.IN_EXECUTION)
        client.force_login(manager)
        assert client.post(reverse("reports:report_create"), {}).status_code == 403

        client.force_login(press_officer)
        response = client.post(
            reverse("reports:report_create"),
            {"plan": foreign.pk, "period_type": PeriodType.MONTH, "period": "2025-04"},
        )
        assert response.status_code == 200
        assert "plan" in response.context["form"].errors
        assert not Report.objects.exists()

    def test_the_list_groups_versions_newest_first(self, client, manager, plan):
        for version in (1, 2):
            Report.objects.create(plan=plan, period_type=PeriodType.MONTH, period_start=APRIL, version=version)
        Report.objects.create(plan=plan, period_type=PeriodType.MONTH, period_start=date(2025, 3, 1))
        client.force_login(manager)

        response = client.get(reverse("reports:report_list"))

        groups = [(g["period_label"], [r.version for r in g["reports"]]) for g in response.context["groups"]]
        assert groups == [("abril de 2025", [2, 1]), ("marzo de 2025", [1])]

    def test_the_list_filters_by_plan_and_period_type(self, client, manager, plan, entity):
        other_plan = ApprovedPlanFactory(entity=entity, status=PlanStatus.IN_EXECUTION)
        Report.objects.create(plan=plan, period_type=PeriodType.MONTH, period_start=APRIL)
        wanted = Report.objects.create(plan=plan, period_type=PeriodType.QUARTER, period_start=APRIL)
        Report.objects.create(plan=other_plan, period_type=PeriodType.QUARTER, period_start=APRIL)
        client.force_login(manager)

        response = client.get(reverse("reports:report_list"), {"plan": plan.pk, "period_type": "trimestre"})

        assert [r.pk for g in response.context["groups"] for r in g["reports"]] == [wanted.pk]

    def test_the_list_costs_the_same_queries_for_1_and_for_20_reports(self, client, manager, plan, press_officer):
        client.force_login(manager)

        def count(n):
            Report.objects.all().delete()
            for month in range(1, n + 1):
                Report.objects.create(
                    plan=plan,
                    period_type=PeriodType.MONTH,
                    period_start=date(2025 + (month - 1) // 12, (month - 1) % 12 + 1, 1),
                    status=ReportStatus.FAILED,
                    error="Falló",
                    requested_by=press_officer,
                )
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse("reports:report_list")).status_code == 200
            return len(queries)

        assert count(1) == count(20)


# --- schedules ------------------------------------------------------------------------------


class TestSchedules:
    def test_saving_a_schedule_in_the_admin_creates_then_updates_its_beat_task(self, client, press_officer, plan):
        client.force_login(press_officer)

        client.post(
            reverse("admin:reports_reportschedule_add"),
            {"plan": plan.pk, "period_type": PeriodType.QUARTER, "day_of_month": 6, "hour": 7, "enabled": "on"},
        )
        schedule = ReportSchedule.objects.get()
        task = schedule.periodic_task
        assert (task.task, json.loads(task.kwargs), task.enabled) == (
            "indicators.tasks.reports_due_task",
            {"schedule_id": schedule.pk},
            True,
        )
        crontab = task.crontab
        assert (crontab.minute, crontab.hour, crontab.day_of_month, crontab.month_of_year, str(crontab.timezone)) == (
            "0",
            "7",
            "6",
            "1,4,7,10",
            "America/Bogota",
        )

        client.post(
            reverse("admin:reports_reportschedule_change", args=[schedule.pk]),
            {"plan": plan.pk, "period_type": PeriodType.QUARTER, "day_of_month": 10, "hour": 9},
        )
        task = PeriodicTask.objects.get()
        assert (task.pk, task.crontab.day_of_month, task.crontab.hour, task.enabled) == (
            schedule.periodic_task_id,
            "10",
            "9",
            False,
        )

    def test_deleting_a_schedule_removes_its_beat_task(self, client, press_officer, plan):
        (schedule, _quarterly) = reports.report_schedules_ensure(plan=plan)
        client.force_login(press_officer)

        client.post(reverse("admin:reports_reportschedule_delete", args=[schedule.pk]), {"post": "yes"})

        assert list(ReportSchedule.objects.values_list("period_type", flat=True)) == [PeriodType.QUARTER]
        assert PeriodicTask.objects.count() == 1

    def test_a_day_past_28_is_refused(self, client, press_officer, plan):
        client.force_login(press_officer)

        response = client.post(
            reverse("admin:reports_reportschedule_add"),
            {"plan": plan.pk, "period_type": PeriodType.MONTH, "day_of_month": 31, "hour": 7},
        )

        assert response.status_code == 200
        form = response.context["adminform"].form
        assert form.errors["day_of_month"] == ["El día del mes va de 1 a 28 (todos los meses lo tienen)."]
        assert form.non_field_errors() == []
        assert not PeriodicTask.objects.exists()

    def test_the_press_office_cannot_schedule_another_entitys_plan(self, client, press_officer, other_entity):
        foreign = ApprovedPlanFactory(entity=other_entity, status=PlanStatus.IN_EXECUTION)
        client.force_login(press_officer)

        response = client.post(
            reverse("admin:reports_reportschedule_add"),
            {"plan": foreign.pk, "period_type": PeriodType.MONTH, "day_of_month": 6, "hour": 7},
        )

        assert "plan" in response.context["adminform"].form.errors
        assert not ReportSchedule.objects.exists()

    def test_another_entitys_schedule_is_not_there(self, client, outsider, plan):
        (schedule, _quarterly) = reports.report_schedules_ensure(plan=plan)
        client.force_login(outsider)

        response = client.get(reverse("admin:reports_reportschedule_change", args=[schedule.pk]))

        assert response.status_code == 404

    def test_a_plan_in_execution_gets_a_monthly_and_a_quarterly_schedule_once(self, plan):
        reports.report_schedules_ensure(plan=plan)
        reports.report_schedules_ensure(plan=plan)

        assert list(ReportSchedule.objects.values_list("period_type", "day_of_month", "hour", "enabled")) == [
            (PeriodType.MONTH, 6, 7, True),
            (PeriodType.QUARTER, 6, 7, True),
        ]
        assert PeriodicTask.objects.filter(task="indicators.tasks.reports_due_task").count() == 2

    def test_the_due_run_requests_the_report_of_the_month_just_ended_once(self, plan):
        monthly, quarterly = reports.report_schedules_ensure(plan=plan)

        first = reports.reports_due(schedule_id=monthly.pk, today=date(2025, 5, 6))
        again = reports.reports_due(schedule_id=monthly.pk, today=date(2025, 5, 6))
        quarter = reports.reports_due(schedule_id=quarterly.pk, today=date(2025, 7, 6))

        assert (first.period_type, first.period_start, first.version, first.requested_by) == (
            PeriodType.MONTH,
            APRIL,
            1,
            None,
        )
        assert again is None
        assert (quarter.period_type, quarter.period_start) == (PeriodType.QUARTER, APRIL)
        assert Report.objects.count() == 2

    def test_the_beat_task_requests_the_last_month_of_a_plan_running_today(self, entity):
        today = timezone.localdate()
        plan = ApprovedPlanFactory(
            entity=entity,
            status=PlanStatus.IN_EXECUTION,
            vigencia_start=date(today.year - 1, 1, 1),
            vigencia_end=date(today.year + 1, 12, 31),
        )
        monthly, _quarterly = reports.report_schedules_ensure(plan=plan)

        reports_due_task.delay(schedule_id=monthly.pk)
        reports_due_task.delay(schedule_id=monthly.pk)

        report = Report.objects.get()
        assert report.period_start == reports.last_completed_period(PeriodType.MONTH, today)

    def test_a_disabled_schedule_or_a_plan_not_running_requests_nothing(self, plan, entity):
        monthly, _quarterly = reports.report_schedules_ensure(plan=plan)
        ReportSchedule.objects.filter(pk=monthly.pk).update(enabled=False)

        assert reports.reports_due(schedule_id=monthly.pk, today=date(2025, 5, 6)) is None
        assert reports.reports_due(schedule_id=monthly.pk, today=date(2027, 5, 6)) is None  # after the vigencia
        assert not Report.objects.exists()

    def test_a_schedule_that_vanished_takes_its_beat_task_with_it(self, plan):
        monthly, _quarterly = reports.report_schedules_ensure(plan=plan)
        task_id = monthly.periodic_task_id
        ReportSchedule.objects.filter(pk=monthly.pk).delete()  # the FK to the task is SET_NULL

        assert reports.reports_due(schedule_id=monthly.pk) is None
        assert not PeriodicTask.objects.filter(pk=task_id).exists()

    @pytest.mark.parametrize(("persona", "status"), [("press_officer", 403), ("superuser", 200)])
    def test_only_superusers_open_django_celery_beats_pages(self, client, request, persona, status):
        client.force_login(request.getfixturevalue(persona))

        response = client.get(reverse("admin:django_celery_beat_periodictask_changelist"))

        assert response.status_code == status


# --- the admin's reports ----------------------------------------------------------------------


class TestAdmin:
    def test_the_press_office_reads_a_report_but_cannot_change_add_or_delete_it(
        self, client, press_officer, ready_report
    ):
        client.force_login(press_officer)

        page = client.get(reverse("admin:reports_report_change", args=[ready_report.pk]))

        assert page.status_code == 200
        assert b'name="_save"' not in page.content
        assert client.get(reverse("admin:reports_report_add")).status_code == 403
        assert client.get(reverse("admin:reports_report_delete", args=[ready_report.pk])).status_code == 403

    def test_a_failed_report_shows_its_reason_in_the_list(self, client, press_officer, plan):
        Report.objects.create(
            plan=plan, period_type=PeriodType.MONTH, period_start=APRIL, status=ReportStatus.FAILED, error="Disco lleno"
        )
        client.force_login(press_officer)

        response = client.get(reverse("admin:reports_report_changelist"))

        assert "Disco lleno" in response.content.decode()

    def test_the_regenerate_action_makes_one_new_version_per_period(
        self, client, press_officer, plan, media, april, django_capture_on_commit_callbacks
    ):
        first = Report.objects.create(plan=plan, period_type=PeriodType.MONTH, period_start=APRIL, version=1)
        second = Report.objects.create(plan=plan, period_type=PeriodType.MONTH, period_start=APRIL, version=2)
        client.force_login(press_officer)

        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("admin:reports_report_changelist"),
                {"action": "regenerate", "_selected_action": [first.pk, second.pk]},
            )

        assert list(Report.objects.order_by("version").values_list("version", flat=True)) == [1, 2, 3]
        assert Report.objects.get(version=3).status == ReportStatus.READY

    def test_an_outsider_gets_404_on_a_report_page(self, client, outsider, ready_report):
        client.force_login(outsider)

        response = client.get(reverse("admin:reports_report_change", args=[ready_report.pk]))

        assert response.status_code == 404


# --- the command ----------------------------------------------------------------------------


class TestCommand:
    def test_it_generates_a_report_in_process_and_shows_its_progress(self, plan, april, media):
        out = io.StringIO()

        call_command("generate_report", plan=plan.pk, period_type="trimestre", period="2025-04", stdout=out)

        report = Report.objects.get()
        assert (report.period_type, report.period_start, report.status) == (PeriodType.QUARTER, APRIL, "listo")
        lines = out.getvalue().splitlines()
        assert lines[0] == f"(1/1) {report}"
        assert [line.strip()[:5] for line in lines[1:6]] == ["[1/5]", "[2/5]", "[3/5]", "[4/5]", "[5/5]"]
        assert lines[-1] == "1 informes listos."

    def test_all_due_generates_the_missing_scheduled_reports_and_the_pending_ones(self, entity, media):
        today = timezone.localdate()
        plan = ApprovedPlanFactory(
            entity=entity,
            status=PlanStatus.IN_EXECUTION,
            vigencia_start=date(today.year - 1, 1, 1),
            vigencia_end=date(today.year + 1, 12, 31),
        )
        reports.report_schedules_ensure(plan=plan)

        call_command("generate_report", all_due=True, stdout=io.StringIO())
        call_command("generate_report", all_due=True, stdout=io.StringIO())

        assert sorted(Report.objects.values_list("period_type", "version", "status")) == [
            (PeriodType.MONTH, 1, ReportStatus.READY),
            (PeriodType.QUARTER, 1, ReportStatus.READY),
        ]

    def test_it_refuses_a_period_it_cannot_read(self, plan):
        with pytest.raises(CommandError, match="AAAA-MM"):
            call_command("generate_report", plan=plan.pk, period="abril")


class TestPeriodUnderWay:
    """A report of a period not yet over is allowed (a mid-period cut), and says so everywhere:
    in its files, in the list and when it is asked for."""

    @pytest.fixture
    def running(self, entity, press_activity):
        """A plan whose vigencia holds today, with one indicator."""
        today = timezone.localdate()
        plan = press_activity.component.plan
        Plan.objects.filter(pk=plan.pk).update(
            vigencia_start=date(today.year - 1, 1, 1), vigencia_end=date(today.year + 1, 12, 31)
        )
        plan.refresh_from_db()
        IndicatorFactory(activity=press_activity, code="RUN-01", name="Número de comunicados elaborados")
        return plan

    def test_the_snapshot_of_this_month_is_partial_with_todays_cut_off(self, running):
        today = timezone.localdate()

        snapshot = report_snapshot(plan=running, period_type=PeriodType.MONTH, period_start=today.replace(day=1))

        assert (snapshot["partial"], snapshot["cut_off"]) == (True, today.isoformat())

    def test_the_snapshot_of_a_month_that_ended_is_not_partial(self, plan, april):
        snapshot = report_snapshot(plan=plan, period_type=PeriodType.MONTH, period_start=APRIL, today=date(2025, 5, 1))

        assert snapshot["partial"] is False

    def test_the_last_day_of_the_period_is_still_under_way(self, plan, april):
        snapshot = report_snapshot(plan=plan, period_type=PeriodType.MONTH, period_start=APRIL, today=date(2025, 4, 30))

        assert snapshot["partial"] is True

    def test_its_pdf_and_xlsx_say_it_is_partial_and_until_when(
        self, running, media, press_officer, django_capture_on_commit_callbacks
    ):
        today = timezone.localdate()
        end = report_files.fmt_date(period_end(PeriodType.MONTH, today).isoformat())

        report = generate(
            running, user=press_officer, start=today.replace(day=1), capture=django_capture_on_commit_callbacks
        )

        cut_off = report_files.fmt_date(today.isoformat())
        note = f"Periodo en curso: cifras hasta el {cut_off}; el periodo termina el {end}."
        text = pdf_text(report)
        assert "Informe parcial: el periodo está en curso" in text
        assert note in " ".join(text.split())
        with report.xlsx.open("rb") as handle:
            summary = load_workbook(io.BytesIO(handle.read())).worksheets[0]
        assert ["Corte", note] in [[cell.value for cell in row[:2]] for row in summary.iter_rows()]

    def test_a_report_of_a_finished_period_carries_no_such_note(self, ready_report):
        assert "Informe parcial" not in pdf_text(ready_report)
        assert "Periodo en curso" not in pdf_text(ready_report)

    def test_the_list_marks_it_and_asking_for_it_warns(
        self, client, running, media, press_officer, django_capture_on_commit_callbacks
    ):
        client.force_login(press_officer)
        today = timezone.localdate()
        last_april = date(today.year - 1, 4, 1)
        generate(running, user=press_officer, start=last_april, capture=django_capture_on_commit_callbacks)

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("reports:report_create"),
                {"plan": running.pk, "period_type": PeriodType.MONTH, "period": today.strftime("%Y-%m")},
                follow=True,
            )

        end = date_format(period_end(PeriodType.MONTH, today), "DATE_FORMAT")
        assert [str(m) for m in response.context["messages"]][-1] == (
            f"El periodo termina el {end}: el informe es parcial, con las cifras registradas hasta hoy."
        )
        page = client.get(reverse("reports:report_list")).content.decode()
        # One badge: this month's report; last April's ended long ago.
        assert page.count('<span class="badge text-bg-warning">Parcial') == 1


class TestFailureShownToUsers:
    def failed(self, plan, error):
        report = reports.report_request(plan=plan, period_type=PeriodType.MONTH, period_start=APRIL, enqueue=False)
        reports.report_failure_record(report_id=report.pk, error=error, final=True)
        report.refresh_from_db()
        return report

    def test_the_list_explains_a_failure_in_spanish_without_the_technical_detail(self, client, manager, plan):
        report = self.failed(plan, NotADirectoryError(20, "Not a directory", "/srv/plan/media"))
        client.force_login(manager)

        page = client.get(reverse("reports:report_list")).content.decode()

        assert report.error == "NotADirectoryError: [Errno 20] Not a directory: '/srv/plan/media'"
        assert "No se pudo generar después de varios intentos." in page
        assert "/srv/plan/media" not in page
        assert "NotADirectoryError" not in page

    def test_a_refusal_keeps_its_spanish_message_as_the_reason(self, plan):
        report = self.failed(plan, ValidationError({"period": "El periodo está fuera de la vigencia del plan."}))

        assert report.error == "El periodo está fuera de la vigencia del plan."


class TestPdfChartLabels:
    NAME = "Fortalecimiento de la comunicación con los medios de comunicación regionales y comunitarios"

    @pytest.fixture
    def pdf(self, ready_report):
        document = report_files.ReportPDF(ready_report.snapshot)
        document.add_page()
        document.set_font("Helvetica", size=8)
        return document

    def test_a_long_label_is_cut_at_a_word_with_an_ellipsis(self, pdf):
        label = pdf.fit(self.NAME, 60)

        words = label.removesuffix("…").split()
        assert label.endswith("…")
        assert words == self.NAME.split()[: len(words)]
        assert pdf.get_string_width(label) <= 60
        assert pdf.get_string_width(" ".join(self.NAME.split()[: len(words) + 1]) + "…") > 60

    def test_a_label_that_fits_is_left_whole(self, pdf):
        assert pdf.fit("Comunicación externa", 60) == "Comunicación externa"
