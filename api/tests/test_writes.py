"""The API's writes go through the web form's services: same rules, same Spanish messages; a
lead logs for its own area only, only the press office approves or returns, and evidence gets
the same type and size checks."""

import uuid
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile

from execution import services as logs
from execution.enums import LogStatus
from execution.models import ActivityLog, Evidence
from execution.services import ValueInput
from plans.enums import Role
from plans.tests.factories import UserFactory

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
MONTHS = [
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
]


def body(indicator, day, **extra):
    data = {
        "activity": indicator.activity_id,
        "date": day.isoformat(),
        "values": [{"indicator": indicator.pk, "value": "3"}],
        "description": "Tres comunicados sobre la feria de servicios",
        "reach_total": 120,
        "links": ["https://alcaldia.gov.co/noticias/feria"],
    }
    data.update(extra)
    return data


def recorded(user, indicator, day):
    return logs.log_record(
        user=user,
        activity=indicator.activity,
        area=user.area,
        date=day,
        values={indicator.pk: ValueInput(value=Decimal(3))},
        description="Tres comunicados",
    )


class TestLogCreate:
    @pytest.fixture(autouse=True)
    def _this_month_is_open(self, period):
        """A draft needs its month's reporting period open."""

    def test_a_lead_logs_an_execution_for_its_area(self, api_as, lead_a, indicator, today):
        response = api_as(lead_a).post("/api/v1/logs/", body(indicator, today), format="json")
        assert response.status_code == 201, response.content
        log = ActivityLog.objects.get()
        assert response.json()["id"] == log.pk and response.json()["status"] == "borrador"
        assert (log.area, log.reported_by, log.reach_total) == (lead_a.area, lead_a, 120)
        assert log.values.get().value == Decimal(3)
        assert log.links == "https://alcaldia.gov.co/noticias/feria"

    def test_the_services_messages_name_the_fields(self, api_as, lead_a, indicator, today):
        data = body(
            indicator,
            today + timedelta(days=1),
            description="",
            values=[{"indicator": indicator.pk, "value": "-2"}],
            links=["ftp://x"],
        )
        response = api_as(lead_a).post("/api/v1/logs/", data, format="json")
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert errors["date"][0] == "La fecha de ejecución no puede ser futura."
        assert errors["description"] == ["Describa lo que se hizo."]
        assert errors["values[0].value"] == ["El valor no puede ser negativo."]
        assert "links" in errors
        assert not ActivityLog.objects.exists()

    def test_a_date_in_a_month_with_no_open_period_is_a_400_naming_the_date(self, api_as, lead_a, indicator, today):
        last_month = (today.replace(day=1) - timedelta(days=1)).replace(day=10)
        named, open_month = (f"{MONTHS[d.month - 1]} de {d.year}" for d in (last_month, today))

        response = api_as(lead_a).post("/api/v1/logs/", body(indicator, last_month), format="json")

        assert response.status_code == 400
        assert response.json()["errors"] == {
            "date": [
                f"La fecha de ejecución cae en {named}, un mes sin periodo de reporte abierto: el registro "
                "quedaría en borrador sin poder enviarse a la oficina de prensa. Solo están abiertos para "
                f"reporte: {open_month}. Pida a la oficina de prensa de Alcaldía de Prueba que abra el "
                f"periodo de {named}."
            ]
        }
        assert not ActivityLog.objects.exists()

    def test_the_same_messages_in_english_when_asked(self, api_as, lead_a, indicator, today):
        response = api_as(lead_a, "en").post("/api/v1/logs/", body(indicator, today, description=""), format="json")
        assert response.json()["errors"]["description"] == ["Describe what was done."]

    def test_another_areas_activity_is_a_404(self, api_as, lead_a, activity_b, today):
        indicator_b = activity_b.indicators.get()
        response = api_as(lead_a).post("/api/v1/logs/", body(indicator_b, today), format="json")
        assert response.status_code == 404
        assert not ActivityLog.objects.exists()

    def test_another_entitys_activity_is_a_404_for_the_press_office(self, api_as, press_officer, other_plan, today):
        indicator = other_plan.indicators.get()
        response = api_as(press_officer).post("/api/v1/logs/", body(indicator, today), format="json")
        assert response.status_code == 404

    def test_the_press_office_chooses_a_responsible_area(self, api_as, press_officer, indicator, area_a, area_b, today):
        client = api_as(press_officer)
        wrong = client.post("/api/v1/logs/", body(indicator, today, area=area_b.pk), format="json")
        assert wrong.json()["errors"] == {"area": ["Elija una de las dependencias responsables de la actividad."]}
        right = client.post("/api/v1/logs/", body(indicator, today, area=area_a.pk), format="json")
        assert right.status_code == 201 and right.json()["area"] == area_a.pk

    def test_the_same_submission_token_twice_records_one_log(self, api_as, lead_a, indicator, today):
        client = api_as(lead_a)
        data = body(indicator, today, submission_token=str(uuid.uuid4()))
        first = client.post("/api/v1/logs/", data, format="json")
        second = client.post("/api/v1/logs/", data, format="json")
        assert first.json()["id"] == second.json()["id"]
        assert ActivityLog.objects.count() == 1

    def test_a_value_without_its_indicator_is_named(self, api_as, lead_a, indicator, today):
        log = recorded(lead_a, indicator, today)
        response = api_as(lead_a).patch(f"/api/v1/logs/{log.pk}/", {"values": [{"value": "1"}]}, format="json")
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["values[0].indicator"]

    def test_a_manager_writes_nothing(self, api_as, manager, indicator, today):
        assert api_as(manager).post("/api/v1/logs/", body(indicator, today), format="json").status_code == 403


class TestLogCorrect:
    @pytest.fixture(autouse=True)
    def _this_month_is_open(self, period):
        """A draft needs its month's reporting period open."""

    def test_a_patch_changes_only_what_it_carries(self, api_as, lead_a, indicator, today):
        log = recorded(lead_a, indicator, today)
        response = api_as(lead_a).patch(f"/api/v1/logs/{log.pk}/", {"reach_total": 40}, format="json")
        assert response.status_code == 200, response.content
        log.refresh_from_db()
        assert log.reach_total == 40
        assert log.description == "Tres comunicados" and log.values.get().value == Decimal(3)

    def test_a_lead_may_not_correct_a_sent_log(self, api_as, lead_a, indicator, today, period):
        log = recorded(lead_a, indicator, today)
        logs.area_period_submit(user=lead_a, reporting_period=period)
        response = api_as(lead_a).patch(f"/api/v1/logs/{log.pk}/", {"reach_total": 40}, format="json")
        assert response.json()["errors"] == {
            "non_field_errors": ["Este registro ya fue enviado; solo la oficina de prensa puede corregirlo ahora."]
        }

    def test_withdraw_needs_a_reason(self, api_as, lead_a, indicator, today):
        log = recorded(lead_a, indicator, today)
        client = api_as(lead_a)
        missing = client.post(f"/api/v1/logs/{log.pk}/withdraw/", {}, format="json")
        assert missing.json()["errors"] == {"reason": ["Indique por qué se retira el registro."]}
        done = client.post(f"/api/v1/logs/{log.pk}/withdraw/", {"reason": "Duplicado"}, format="json")
        assert done.json()["status"] == LogStatus.WITHDRAWN


class TestCycle:
    def test_submit_then_only_the_press_office_approves(self, api_as, lead_a, press_officer, indicator, today, period):
        log = recorded(lead_a, indicator, today)
        lead = api_as(lead_a)
        submitted = lead.post(f"/api/v1/reporting-periods/{period.pk}/submit/")
        assert submitted.status_code == 200 and submitted.json()["submitted"] == 1
        assert lead.post(f"/api/v1/logs/{log.pk}/approve/").status_code == 403
        log.refresh_from_db()
        assert log.status == LogStatus.SUBMITTED
        approved = api_as(press_officer).post(f"/api/v1/logs/{log.pk}/approve/")
        assert approved.json()["status"] == LogStatus.APPROVED

    def test_return_needs_a_comment_and_another_entity_gets_a_404(
        self, api_as, lead_a, press_officer, outsider, indicator, today, period
    ):
        log = recorded(lead_a, indicator, today)
        logs.area_period_submit(user=lead_a, reporting_period=period)
        assert api_as(outsider).post(f"/api/v1/logs/{log.pk}/approve/").status_code == 404
        press = api_as(press_officer)
        missing = press.post(f"/api/v1/logs/{log.pk}/return/", {}, format="json")
        assert missing.json()["errors"] == {"comment": ["Diga qué debe corregirse."]}
        returned = press.post(f"/api/v1/logs/{log.pk}/return/", {"comment": "Falta el enlace"}, format="json")
        assert returned.json()["status"] == LogStatus.RETURNED

    def test_another_entitys_lead_gets_a_404_for_the_period(self, api_as, outsider, period):
        stranger = UserFactory(username="lider_ajeno", entity=outsider.entity)
        stranger.groups.add(Group.objects.get(name=Role.AREA_LEAD))
        stranger.area = None
        assert api_as(outsider).post(f"/api/v1/reporting-periods/{period.pk}/submit/").status_code == 403
        assert api_as(outsider).get(f"/api/v1/reporting-periods/{period.pk}/").status_code == 404


class TestEvidence:
    @pytest.fixture(autouse=True)
    def _this_month_is_open(self, period):
        """A draft needs its month's reporting period open."""

    def test_a_pdf_is_attached_and_downloads(self, api_as, lead_a, indicator, today, media):
        log = recorded(lead_a, indicator, today)
        client = api_as(lead_a)
        upload = SimpleUploadedFile("acta.pdf", PDF, content_type="application/pdf")
        response = client.post(f"/api/v1/logs/{log.pk}/evidence/", {"file": upload}, format="multipart")
        assert response.status_code == 201, response.content
        evidence = Evidence.objects.get()
        assert evidence.original_name == "acta.pdf"
        download = client.get(response.json()["evidence"][0]["download"])
        assert download.status_code == 200 and b"".join(download.streaming_content) == PDF

    def test_a_file_of_the_wrong_type_is_refused_with_the_forms_message(self, api_as, lead_a, indicator, today, media):
        log = recorded(lead_a, indicator, today)
        upload = SimpleUploadedFile("virus.exe", b"MZ\x90\x00binario", content_type="application/pdf")
        response = api_as(lead_a).post(f"/api/v1/logs/{log.pk}/evidence/", {"file": upload}, format="multipart")
        assert response.status_code == 400
        assert list(response.json()["errors"]) == ["evidence"]
        assert not Evidence.objects.exists()

    def test_another_areas_evidence_is_a_404(self, api_as, lead_a, lead_b, indicator, today, media):
        log = recorded(lead_a, indicator, today)
        upload = SimpleUploadedFile("acta.pdf", PDF, content_type="application/pdf")
        api_as(lead_a).post(f"/api/v1/logs/{log.pk}/evidence/", {"file": upload}, format="multipart")
        evidence = Evidence.objects.get()
        assert api_as(lead_b).get(f"/api/v1/evidence/{evidence.pk}/file/").status_code == 404
