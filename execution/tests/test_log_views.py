"""The area leads' site: Mis actividades, the log form, its corrections and withdrawal, the logs
list, the press office's review and the reporting periods, through the web pages."""

import re
import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from execution import services as logs
from execution.enums import LogStatus, ReportingPeriodStatus
from execution.models import ActivityLog, AreaSubmission, Evidence, LogValue, ReportingPeriod
from execution.services import ValueInput
from indicators.enums import Aggregation, TargetDerivation, Unit
from indicators.tests.factories import IndicatorFactory, TargetFactory
from plans.enums import ComponentKind, Role
from plans.tests.factories import (
    ActivityFactory,
    ApprovedPlanFactory,
    AreaFactory,
    ComponentFactory,
    UserFactory,
)
from rollups.services import rollup_plan

pytestmark = pytest.mark.django_db
D = Decimal

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


# --- fixtures (the plan in execution is execution.tests.plan_in_execution's) ---------------


@pytest.fixture
def internal_component(plan):
    return ComponentFactory(plan=plan, name="Comunicación interna", kind=ComponentKind.INTERNAL, order=2)


def record(user, activity, area, day, value=3, **kwargs):
    kwargs.setdefault("description", "Tres comunicados sobre la feria de servicios")
    indicator = activity.indicators.order_by("order", "code").first()
    return logs.log_record(
        user=user,
        activity=activity,
        area=area,
        date=day,
        values={indicator.pk: ValueInput(value=D(value))},
        **kwargs,
    )


def form_data(indicator, day, **extra):
    data = {
        "submission_token": str(uuid.uuid4()),
        "date": day.isoformat(),
        f"value_{indicator.pk}": "3",
        "description": "Tres comunicados sobre la feria de servicios",
        "reach_total": "120",
        "links": "",
    }
    data.update(extra)
    return data


def field_errors(response, name):
    return response.context["form"].errors.get(name, [])


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- Mis actividades ------------------------------------------------------------------------


class TestMyActivities:
    url = reverse("dashboards:my_activities")

    def test_an_area_lead_sees_only_its_areas_activities_by_plan_and_component(
        self, client, lead_a, activity, count_indicator, activity_b, internal_component, area_a
    ):
        internal = ActivityFactory(component=internal_component, name="Boletín interno")
        internal.responsible_areas.add(area_a)
        client.force_login(lead_a)
        response = client.get(self.url)
        html = response.content.decode()
        assert response.status_code == 200
        assert "Comunicados de prensa" in html
        assert "Boletín interno" in html
        assert "Actualizar la intranet" not in html
        # Both owe a log this month: first on the page, in the matrix's order, each with its component.
        assert html.index("Comunicados de prensa") < html.index("Comunicación externa") < html.index("Boletín interno")
        assert html.index("Boletín interno") < html.index("Comunicación interna")
        assert reverse("execution:log_create", args=[activity.pk]) in html

    def test_an_activity_without_a_log_this_month_is_marked_missing(
        self, period, client, lead_a, activity, count_indicator, area_a, today
    ):
        client.force_login(lead_a)
        overview = client.get(self.url).context["overview"]
        lead_activity = overview.plans[0].components[0].activities[0]
        assert lead_activity.is_missing is True
        record(lead_a, activity, area_a, today)
        overview = client.get(self.url).context["overview"]
        lead_activity = overview.plans[0].components[0].activities[0]
        assert (lead_activity.is_missing, lead_activity.drafts) == (False, 1)

    def test_a_completed_activity_is_not_missing(self, client, lead_a, activity, count_indicator):
        activity.status = "completada"
        activity.save()
        client.force_login(lead_a)
        overview = client.get(self.url).context["overview"]
        assert overview.plans[0].components[0].activities[0].is_missing is False

    def test_it_shows_the_approved_value_against_the_months_target(
        self, client, lead_a, press_officer, activity, count_indicator, area_a, period, today, plan
    ):
        TargetFactory(indicator=count_indicator, period_start=date(today.year, 1, 1), value=D(120))
        log = record(lead_a, activity, area_a, today, value=4)
        logs.area_period_submit(user=lead_a, reporting_period=period)
        logs.log_approve(user=press_officer, log=log)
        rollup_plan(plan=plan)
        client.force_login(lead_a)
        response = client.get(self.url)
        row = response.context["overview"].plans[0].components[0].activities[0].indicators[0]
        assert (row.approved, row.target) == (D(4), D(10))
        # Logged this month: among the activities folded away, its figures on one line.
        assert "EXT-01: aprobado 4 · por aprobar — · meta del mes 10" in response.content.decode()

    def test_the_open_period_shows_its_deadline_and_a_submit_button(
        self, client, lead_a, activity, count_indicator, period, area_a, today
    ):
        record(lead_a, activity, area_a, today)  # a draft to send
        client.force_login(lead_a)
        html = client.get(self.url).content.decode()
        # As the page formats it (es-co: «7 de diciembre de 2026», no leading zero).
        assert f"<strong>{date_format(period.deadline, 'DATE_FORMAT')}</strong>" in html
        assert reverse("execution:period_submit", args=[period.pk]) in html
        assert f"Enviar periodo de {period.label}" in html

    def test_returned_logs_are_listed_with_the_comment_and_a_link_to_correct(
        self, client, lead_a, press_officer, activity, count_indicator, area_a, period, today
    ):
        log = record(lead_a, activity, area_a, today)
        logs.area_period_submit(user=lead_a, reporting_period=period)
        logs.log_return(user=press_officer, log=log, comment="Falta la lista de asistencia")
        client.force_login(lead_a)
        response = client.get(self.url)
        html = response.content.decode()
        assert [r.pk for r in response.context["overview"].returned] == [log.pk]
        assert f"Comentario de la oficina de prensa ({press_officer.username}): " in html
        assert "Falta la lista de asistencia" in html
        assert reverse("execution:log_update", args=[log.pk]) in html
        # Who returned it, by name once it has one.
        press_officer.first_name, press_officer.last_name = "Laura", "Gómez"
        press_officer.save()
        assert "Comentario de la oficina de prensa (Laura Gómez): " in client.get(self.url).content.decode()

    @pytest.mark.parametrize("persona", ["press_officer", "manager", "outsider"])
    def test_people_who_are_not_area_leads_get_403(self, client, persona, request, activity):
        client.force_login(request.getfixturevalue(persona))
        assert client.get(self.url).status_code == 403

    def test_anonymous_is_sent_to_login(self, client):
        response = client.get(self.url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_it_runs_the_same_number_of_queries_for_1_and_200_logs(
        self, client, lead_a, activity, count_indicator, area_a, period, today, activity_b
    ):
        client.force_login(lead_a)
        record(lead_a, activity, area_a, today)
        client.get(self.url)  # warm the session
        one = query_count(client, self.url)
        for n in range(199):
            record(lead_a, activity, area_a, today, value=n)
        assert ActivityLog.objects.count() == 200
        assert query_count(client, self.url) == one


# --- submitting the period ------------------------------------------------------------------


class TestPeriodSubmit:
    def test_a_lead_submits_its_areas_drafts_of_the_period(
        self, client, lead_a, activity, count_indicator, area_a, period, today
    ):
        log = record(lead_a, activity, area_a, today)
        client.force_login(lead_a)
        response = client.post(reverse("execution:period_submit", args=[period.pk]), follow=True)
        assert response.redirect_chain[-1][0] == reverse("dashboards:my_activities")
        assert f"Se envió 1 registro de {period.label} a la oficina de prensa." in response.content.decode()
        log.refresh_from_db()
        assert log.status == LogStatus.SUBMITTED
        assert AreaSubmission.objects.filter(reporting_period=period, area=area_a, submitted_by=lead_a).count() == 1

    def test_nothing_to_submit_is_said_in_spanish(self, client, lead_a, activity, count_indicator, period):
        client.force_login(lead_a)
        response = client.post(reverse("execution:period_submit", args=[period.pk]), follow=True)
        assert f"No hay registros en borrador para enviar en {period.label}." in response.content.decode()
        assert AreaSubmission.objects.count() == 0

    def test_a_closed_period_cannot_be_submitted(
        self, client, lead_a, press_officer, activity, count_indicator, area_a, period, today
    ):
        record(lead_a, activity, area_a, today)
        logs.reporting_period_close(user=press_officer, reporting_period=period)
        client.force_login(lead_a)
        response = client.post(reverse("execution:period_submit", args=[period.pk]), follow=True)
        assert f"El periodo de {period.label} está cerrado." in response.content.decode()
        assert ActivityLog.objects.get().status == LogStatus.DRAFT

    def test_a_lead_of_another_entity_gets_404(self, client, other_entity, period):
        stranger = UserFactory(username="lider_ajeno", entity=other_entity, area=AreaFactory(entity=other_entity))
        stranger.groups.add(Group.objects.get(name=Role.AREA_LEAD))
        client.force_login(stranger)
        assert client.post(reverse("execution:period_submit", args=[period.pk])).status_code == 404

    @pytest.mark.parametrize("persona", ["press_officer", "manager"])
    def test_only_area_leads_submit(self, client, persona, request, period):
        client.force_login(request.getfixturevalue(persona))
        assert client.post(reverse("execution:period_submit", args=[period.pk])).status_code == 403

    def test_it_takes_only_post(self, client, lead_a, period):
        client.force_login(lead_a)
        assert client.get(reverse("execution:period_submit", args=[period.pk])).status_code == 405


# --- the log form ---------------------------------------------------------------------------


class TestLogForm:
    def url(self, activity):
        return reverse("execution:log_create", args=[activity.pk])

    def test_the_form_is_built_from_the_activitys_indicators(self, client, lead_a, activity, count_indicator):
        percent = IndicatorFactory(
            activity=activity,
            code="EXT-03",
            name="Cobertura de la campaña",
            unit=Unit.PERCENTAGE,
            aggregation=Aggregation.AVERAGE,
            target_derivation=TargetDerivation.REPEAT,
            order=3,
        )
        ratio = IndicatorFactory(
            activity=activity,
            code="EXT-04",
            name="Tasa de adopción",
            unit=Unit.PERCENTAGE,
            aggregation=Aggregation.RATIO,
            target_derivation=TargetDerivation.REPEAT,
            numerator_definition="Usuarios activos",
            denominator_definition="Usuarios habilitados",
            order=4,
        )
        milestone = IndicatorFactory(
            activity=activity,
            code="EXT-05",
            name="Estrategia definida",
            unit=Unit.MILESTONE,
            aggregation=Aggregation.LAST,
            target_derivation=TargetDerivation.REPEAT,
            order=5,
        )
        client.force_login(lead_a)
        response = client.get(self.url(activity))
        html = response.content.decode()
        form = response.context["form"]
        assert list(form.fields) == [
            "submission_token",
            "date",
            f"value_{count_indicator.pk}",
            f"value_{percent.pk}",
            f"numerator_{ratio.pk}",
            f"denominator_{ratio.pk}",
            f"value_{milestone.pk}",
            "description",
            "reach_total",
            "evidence",
            "links",
        ]
        assert uuid.UUID(form.initial["submission_token"].hex)
        assert re.search(rf'name="value_{count_indicator.pk}"[^>]*inputmode="numeric"', html)
        assert re.search(rf'name="value_{percent.pk}"[^>]*inputmode="decimal"', html)
        assert "<legend>Tasa de adopción</legend>" in html
        assert re.search(r"<legend[^>]*>\s*Estrategia definida", html)
        assert f'name="value_{milestone.pk}" value="1"' in html
        assert re.search(r'<input type="file" name="evidence"[^>]*multiple', html)
        assert 'enctype="multipart/form-data"' in html
        assert "<script>" not in html and "style=" not in html

    def test_internal_activities_ask_for_public_servants_and_contractors(
        self, client, lead_a, internal_component, area_a
    ):
        internal = ActivityFactory(component=internal_component)
        internal.responsible_areas.add(area_a)
        IndicatorFactory(activity=internal)
        client.force_login(lead_a)
        fields = client.get(self.url(internal)).context["form"].fields
        assert {"reach_public_servants", "reach_contractors"} <= set(fields)

    def test_an_area_lead_records_a_log_with_values_reach_links_and_evidence(
        self, period, client, lead_a, activity, count_indicator, area_a, today, media
    ):
        client.force_login(lead_a)
        data = form_data(
            count_indicator,
            today,
            links="https://www.example.gov.co/noticias/1\n\nhttps://www.example.gov.co/noticias/2",
            evidence=[
                SimpleUploadedFile("lista.pdf", PDF, content_type="application/pdf"),
                SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, content_type="image/png"),
            ],
        )
        response = client.post(self.url(activity), data, follow=True)
        log = ActivityLog.objects.get()
        assert response.redirect_chain[-1][0] == reverse("execution:log_detail", args=[log.pk])
        assert "Se registró la ejecución." in response.content.decode()
        assert (log.activity, log.area, log.reported_by, log.status, log.date, log.reach_total) == (
            activity,
            area_a,
            lead_a,
            LogStatus.DRAFT,
            today,
            120,
        )
        assert log.links == "https://www.example.gov.co/noticias/1\nhttps://www.example.gov.co/noticias/2"
        assert LogValue.objects.get(log=log).value == D(3)
        assert sorted(Evidence.objects.filter(log=log).values_list("original_name", "content_type")) == [
            ("foto.png", "image/png"),
            ("lista.pdf", "application/pdf"),
        ]

    def test_colombian_numbers_are_accepted(self, period, client, lead_a, activity, count_indicator, area_a, today):
        hours = IndicatorFactory(
            activity=activity,
            code="EXT-06",
            unit=Unit.HOURS,
            aggregation=Aggregation.SUM,
            order=6,
        )
        money = IndicatorFactory(activity=activity, code="EXT-07", unit=Unit.COP, order=7)
        client.force_login(lead_a)
        data = form_data(
            count_indicator,
            today,
            **{
                f"value_{count_indicator.pk}": "1.234",
                f"value_{hours.pk}": "1,5",
                f"value_{money.pk}": "1.234.567,89",
                "reach_total": "2.500",
            },
        )
        assert client.post(self.url(activity), data).status_code == 302
        values = dict(LogValue.objects.values_list("indicator_id", "value"))
        assert values == {count_indicator.pk: D(1234), hours.pk: D("1.5"), money.pk: D("1234567.89")}
        assert ActivityLog.objects.get().reach_total == 2500

    def test_a_milestone_is_stored_as_1_or_0(self, period, client, lead_a, activity, area_a, today):
        milestone = IndicatorFactory(
            activity=activity,
            unit=Unit.MILESTONE,
            aggregation=Aggregation.LAST,
            target_derivation=TargetDerivation.REPEAT,
        )
        client.force_login(lead_a)
        data = form_data(milestone, today, **{f"value_{milestone.pk}": "0"})
        assert client.post(self.url(activity), data).status_code == 302
        assert LogValue.objects.get().value == D(0)

    def test_a_ratio_stores_numerator_and_denominator(self, period, client, lead_a, activity, today):
        ratio = IndicatorFactory(
            activity=activity,
            unit=Unit.PERCENTAGE,
            aggregation=Aggregation.RATIO,
            target_derivation=TargetDerivation.REPEAT,
            numerator_definition="Usuarios activos",
            denominator_definition="Usuarios habilitados",
        )
        client.force_login(lead_a)
        data = form_data(ratio, today, **{f"numerator_{ratio.pk}": "45", f"denominator_{ratio.pk}": "60"})
        del data[f"value_{ratio.pk}"]
        assert client.post(self.url(activity), data).status_code == 302
        value = LogValue.objects.get()
        assert (value.value, value.numerator, value.denominator) == (None, D(45), D(60))

    @pytest.mark.parametrize(
        ("field", "given", "message"),
        [
            ("value", "-1", "El valor no puede ser negativo."),
            ("value", "tres", "Un conteo debe ser un número entero."),
            ("value", "1,5", "Un conteo debe ser un número entero."),
            ("reach_total", "-4", "El número de personas no puede ser negativo."),
            ("reach_total", "muchos", "Indique un número entero de personas."),
            ("description", "", "Describa lo que se hizo."),
            ("links", "javascript:alert(1)", None),
        ],
    )
    def test_a_bad_value_gets_its_message_on_its_field_and_nothing_is_saved(
        self, client, lead_a, activity, count_indicator, today, field, given, message
    ):
        name = f"value_{count_indicator.pk}" if field == "value" else field
        client.force_login(lead_a)
        response = client.post(self.url(activity), form_data(count_indicator, today, **{name: given}))
        assert response.status_code == 200
        expected = message or (
            "«javascript:alert(1)» no es una dirección web válida (debe empezar por http:// o https://)."
        )
        assert field_errors(response, name) == [expected]
        assert expected in response.content.decode().replace("&quot;", '"').replace("&#x27;", "'")
        assert ActivityLog.objects.count() == 0

    def test_a_percentage_of_150_is_refused(self, client, lead_a, activity, today):
        percent = IndicatorFactory(
            activity=activity, unit=Unit.PERCENTAGE, aggregation=Aggregation.AVERAGE, target_derivation="repetir"
        )
        client.force_login(lead_a)
        response = client.post(self.url(activity), form_data(percent, today, **{f"value_{percent.pk}": "150"}))
        assert response.status_code == 200
        assert field_errors(response, f"value_{percent.pk}") == ["Un porcentaje no puede ser mayor que 100."]
        assert ActivityLog.objects.count() == 0

    def test_a_denominator_of_zero_is_refused(self, client, lead_a, activity, today):
        ratio = IndicatorFactory(
            activity=activity,
            unit=Unit.PERCENTAGE,
            aggregation=Aggregation.RATIO,
            target_derivation=TargetDerivation.REPEAT,
            numerator_definition="Usuarios activos",
            denominator_definition="Usuarios habilitados",
        )
        client.force_login(lead_a)
        data = form_data(ratio, today, **{f"numerator_{ratio.pk}": "4", f"denominator_{ratio.pk}": "0"})
        response = client.post(self.url(activity), data)
        assert response.status_code == 200
        assert field_errors(response, f"denominator_{ratio.pk}") == ["El denominador debe ser mayor que cero."]
        assert ActivityLog.objects.count() == 0

    def test_a_future_date_is_refused(self, client, lead_a, activity, count_indicator, today):
        client.force_login(lead_a)
        response = client.post(self.url(activity), form_data(count_indicator, today + timedelta(days=1)))
        assert response.status_code == 200
        assert field_errors(response, "date") == ["La fecha de ejecución no puede ser futura."]
        assert ActivityLog.objects.count() == 0

    def test_a_date_outside_the_vigencia_is_refused(self, client, lead_a, activity, count_indicator, plan):
        client.force_login(lead_a)
        day = plan.vigencia_start - timedelta(days=1)
        response = client.post(self.url(activity), form_data(count_indicator, day))
        assert response.status_code == 200
        start, end = plan.vigencia_start.strftime("%d/%m/%Y"), plan.vigencia_end.strftime("%d/%m/%Y")
        assert field_errors(response, "date") == [
            f"La fecha debe estar dentro de la vigencia del plan ({start} – {end})."
        ]
        assert ActivityLog.objects.count() == 0

    def test_a_date_in_a_closed_period_is_refused(
        self, client, lead_a, press_officer, activity, count_indicator, period, today
    ):
        logs.reporting_period_close(user=press_officer, reporting_period=period)
        client.force_login(lead_a)
        response = client.post(self.url(activity), form_data(count_indicator, today))
        assert response.status_code == 200
        assert field_errors(response, "date") == [
            f"El periodo de {period.label} está cerrado: ya no admite registros ni cambios."
        ]
        assert ActivityLog.objects.count() == 0

    def test_a_one_megabyte_description_is_refused(self, client, lead_a, activity, count_indicator, today):
        client.force_login(lead_a)
        response = client.post(self.url(activity), form_data(count_indicator, today, description="x" * 1_000_000))
        assert response.status_code == 200
        assert field_errors(response, "description") == [
            "La descripción admite hasta 5.000 caracteres; tiene 1.000.000."
        ]
        assert ActivityLog.objects.count() == 0

    def test_an_evidence_file_over_10_mb_is_refused(
        self, period, client, lead_a, activity, count_indicator, today, media
    ):
        big = SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * (10 * 1024 * 1024 + 1))
        client.force_login(lead_a)
        response = client.post(self.url(activity), form_data(count_indicator, today, evidence=[big]))
        assert response.status_code == 200
        assert field_errors(response, "evidence") == ["El archivo «foto.png» pesa más de 10 MB."]
        assert (ActivityLog.objects.count(), Evidence.objects.count()) == (0, 0)
        assert list(media.rglob("*.*")) == []

    def test_an_executable_renamed_pdf_is_refused(
        self, period, client, lead_a, activity, count_indicator, today, media
    ):
        exe = SimpleUploadedFile("informe.pdf", b"MZ\x90\x00\x03" + b"\x00" * 64, content_type="application/pdf")
        client.force_login(lead_a)
        response = client.post(self.url(activity), form_data(count_indicator, today, evidence=[exe]))
        assert response.status_code == 200
        assert field_errors(response, "evidence") == ["El contenido de «informe.pdf» no corresponde a un archivo .pdf."]
        assert ActivityLog.objects.count() == 0

    def test_an_error_is_tied_to_its_field_for_screen_readers(self, client, lead_a, activity, count_indicator, today):
        client.force_login(lead_a)
        name = f"value_{count_indicator.pk}"
        html = client.post(self.url(activity), form_data(count_indicator, today, **{name: "-1"})).content.decode()
        assert re.search(
            rf'name="{name}"[^>]*aria-invalid="true"[^>]*aria-describedby="id_{name}_helptext id_{name}_error"', html
        )
        assert f'id="id_{name}_error"' in html
        assert f'href="#id_{name}"' in html

    def test_another_areas_activity_is_404(self, client, lead_a, activity_b, today):
        client.force_login(lead_a)
        indicator = activity_b.indicators.get()
        assert client.get(self.url(activity_b)).status_code == 404
        assert client.post(self.url(activity_b), form_data(indicator, today)).status_code == 404
        assert ActivityLog.objects.count() == 0

    def test_an_activity_of_a_plan_not_in_execution_is_404(self, client, lead_a, entity, area_a):
        draft = ActivityFactory(component=ComponentFactory(plan=ApprovedPlanFactory(entity=entity)))
        draft.responsible_areas.add(area_a)
        client.force_login(lead_a)
        assert client.get(self.url(draft)).status_code == 404

    def test_tampered_area_status_and_author_in_the_post_are_ignored(
        self, period, client, lead_a, lead_b, activity, count_indicator, area_a, area_b, today
    ):
        client.force_login(lead_a)
        data = form_data(
            count_indicator,
            today,
            area=str(area_b.pk),
            status=LogStatus.APPROVED,
            reported_by=str(lead_b.pk),
            activity="999999",
        )
        assert client.post(self.url(activity), data).status_code == 302
        log = ActivityLog.objects.get()
        assert (log.area, log.status, log.reported_by, log.activity) == (area_a, LogStatus.DRAFT, lead_a, activity)

    def test_the_same_form_sent_twice_creates_one_log(self, period, client, lead_a, activity, count_indicator, today):
        client.force_login(lead_a)
        data = form_data(count_indicator, today)
        first = client.post(self.url(activity), data)
        again = client.post(self.url(activity), data)
        log = ActivityLog.objects.get()
        assert first["Location"] == again["Location"] == reverse("execution:log_detail", args=[log.pk])

    def test_a_press_officer_chooses_one_of_the_activitys_areas(
        self, period, client, press_officer, activity, count_indicator, area_a, area_b, today
    ):
        client.force_login(press_officer)
        response = client.post(self.url(activity), form_data(count_indicator, today, area=str(area_b.pk)))
        assert response.status_code == 200
        assert field_errors(response, "area") == ["Elija una de las dependencias responsables de la actividad."]
        assert (
            client.post(self.url(activity), form_data(count_indicator, today, area=str(area_a.pk))).status_code == 302
        )
        log = ActivityLog.objects.get()
        assert (log.area, log.reported_by) == (area_a, press_officer)

    def test_a_manager_gets_403(self, client, manager, activity, count_indicator, today):
        client.force_login(manager)
        assert client.get(self.url(activity)).status_code == 403
        assert client.post(self.url(activity), form_data(count_indicator, today)).status_code == 403
        assert ActivityLog.objects.count() == 0

    def test_a_user_of_another_entity_gets_404(self, client, outsider, activity, count_indicator, today):
        client.force_login(outsider)
        assert client.get(self.url(activity)).status_code == 404
        assert client.post(self.url(activity), form_data(count_indicator, today)).status_code == 404

    def test_anonymous_is_sent_to_login(self, client, activity):
        response = client.get(self.url(activity))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    @pytest.mark.parametrize(
        "junk",
        [
            {"date": "2026-13-45"},
            {"date": "ayer"},
            {"submission_token": "no-es-un-uuid"},
            {"value_X": "1e400"},
            {"value_X": "NaN"},
            {"value_X": "99999999999999999999999999"},
            {"reach_total": "99999999999"},
            {"description": "\x00"},
            {"links": "https://" + "a" * 6000},
            {"evidence": "no es un archivo"},
        ],
    )
    def test_no_input_gives_a_500(self, client, lead_a, activity, count_indicator, today, junk):
        junk = {k.replace("X", str(count_indicator.pk)): v for k, v in junk.items()}
        client.force_login(lead_a)
        response = client.post(self.url(activity), form_data(count_indicator, today, **junk))
        assert response.status_code in (200, 302)
        if response.status_code == 200:
            assert ActivityLog.objects.count() == 0


# --- correcting and withdrawing a log -------------------------------------------------------


class TestLogUpdate:
    def test_a_lead_corrects_its_draft_and_the_history_keeps_both_values(
        self, period, client, lead_a, activity, count_indicator, area_a, today
    ):
        log = record(lead_a, activity, area_a, today, value=3)
        client.force_login(lead_a)
        url = reverse("execution:log_update", args=[log.pk])
        form = client.get(url).context["form"]
        assert form.initial[f"value_{count_indicator.pk}"] == 3
        response = client.post(url, form_data(count_indicator, today, **{f"value_{count_indicator.pk}": "5"}))
        assert response["Location"] == reverse("execution:log_detail", args=[log.pk])
        value = LogValue.objects.get(log=log)
        assert value.value == D(5)
        assert [h.value for h in value.history.order_by("history_date")] == [D(3), D(5)]
        assert value.history.latest().history_user == lead_a

    def test_a_lead_cannot_correct_a_submitted_log(
        self, client, lead_a, activity, count_indicator, area_a, period, today
    ):
        log = record(lead_a, activity, area_a, today, value=3)
        logs.area_period_submit(user=lead_a, reporting_period=period)
        client.force_login(lead_a)
        url = reverse("execution:log_update", args=[log.pk])
        response = client.post(url, form_data(count_indicator, today, **{f"value_{count_indicator.pk}": "5"}))
        assert response.status_code == 200
        assert response.context["form"].non_field_errors() == [
            "Este registro ya fue enviado; solo la oficina de prensa puede corregirlo ahora."
        ]
        assert LogValue.objects.get(log=log).value == D(3)

    def test_a_closed_period_refuses_corrections_with_the_services_message(
        self, client, lead_a, press_officer, activity, count_indicator, area_a, period, today
    ):
        log = record(lead_a, activity, area_a, today, value=3)
        logs.reporting_period_close(user=press_officer, reporting_period=period)
        client.force_login(lead_a)
        response = client.post(reverse("execution:log_update", args=[log.pk]), form_data(count_indicator, today))
        assert response.status_code == 200
        assert field_errors(response, "date") == [
            f"El periodo de {period.label} está cerrado: ya no admite registros ni cambios."
        ]

    def test_a_lead_of_another_area_gets_404(
        self, period, client, lead_a, lead_b, activity, count_indicator, area_a, today
    ):
        log = record(lead_a, activity, area_a, today)
        client.force_login(lead_b)
        url = reverse("execution:log_update", args=[log.pk])
        assert client.get(url).status_code == 404
        assert (
            client.post(url, form_data(count_indicator, today, **{f"value_{count_indicator.pk}": "9"})).status_code
            == 404
        )
        assert LogValue.objects.get(log=log).value == D(3)

    def test_the_press_office_corrects_a_submitted_log(
        self, client, lead_a, press_officer, activity, count_indicator, area_a, period, today
    ):
        log = record(lead_a, activity, area_a, today, value=3)
        logs.area_period_submit(user=lead_a, reporting_period=period)
        client.force_login(press_officer)
        url = reverse("execution:log_update", args=[log.pk])
        response = client.post(url, form_data(count_indicator, today, **{f"value_{count_indicator.pk}": "2"}))
        assert response.status_code == 302
        log.refresh_from_db()
        assert (log.status, log.area, LogValue.objects.get(log=log).value) == (LogStatus.SUBMITTED, area_a, D(2))

    def test_a_user_of_another_entity_gets_404(
        self, period, client, lead_a, outsider, activity, count_indicator, area_a, today
    ):
        log = record(lead_a, activity, area_a, today)
        client.force_login(outsider)
        assert client.get(reverse("execution:log_update", args=[log.pk])).status_code == 404

    def test_a_manager_gets_403(self, period, client, lead_a, manager, activity, count_indicator, area_a, today):
        log = record(lead_a, activity, area_a, today)
        client.force_login(manager)
        assert client.get(reverse("execution:log_update", args=[log.pk])).status_code == 403


class TestLogWithdraw:
    def test_a_lead_withdraws_its_draft_with_a_reason(
        self, period, client, lead_a, activity, count_indicator, area_a, today
    ):
        log = record(lead_a, activity, area_a, today)
        client.force_login(lead_a)
        response = client.post(reverse("execution:log_withdraw", args=[log.pk]), {"reason": "Quedó duplicado"})
        assert response["Location"] == reverse("execution:log_detail", args=[log.pk])
        log.refresh_from_db()
        assert (log.status, log.review_comment) == (LogStatus.WITHDRAWN, "Quedó duplicado")

    def test_a_reason_is_required(self, period, client, lead_a, activity, count_indicator, area_a, today):
        log = record(lead_a, activity, area_a, today)
        client.force_login(lead_a)
        response = client.post(reverse("execution:log_withdraw", args=[log.pk]), {"reason": "  "})
        assert response.status_code == 200
        assert response.context["withdraw_form"].errors == {"reason": ["Indique por qué se retira el registro."]}
        assert ActivityLog.objects.get().status == LogStatus.DRAFT

    def test_the_press_office_withdraws_a_submitted_log(
        self, client, lead_a, press_officer, activity, count_indicator, area_a, period, today
    ):
        log = record(lead_a, activity, area_a, today)
        logs.area_period_submit(user=lead_a, reporting_period=period)
        client.force_login(press_officer)
        client.post(reverse("execution:log_withdraw", args=[log.pk]), {"reason": "Registrado dos veces"})
        log.refresh_from_db()
        assert (log.status, log.review_comment) == (LogStatus.WITHDRAWN, "Registrado dos veces")

    def test_a_lead_cannot_withdraw_a_submitted_log(
        self, client, lead_a, activity, count_indicator, area_a, period, today
    ):
        log = record(lead_a, activity, area_a, today)
        logs.area_period_submit(user=lead_a, reporting_period=period)
        client.force_login(lead_a)
        response = client.post(reverse("execution:log_withdraw", args=[log.pk]), {"reason": "Error"})
        assert response.status_code == 200
        assert response.context["withdraw_form"].non_field_errors() == [
            "Solo la oficina de prensa puede retirar un registro ya enviado."
        ]
        assert ActivityLog.objects.get().status == LogStatus.SUBMITTED

    @pytest.mark.parametrize(("persona", "status"), [("lead_b", 404), ("manager", 403), ("outsider", 404)])
    def test_others_cannot_withdraw(
        self, period, client, request, lead_a, activity, count_indicator, area_a, today, persona, status
    ):
        log = record(lead_a, activity, area_a, today)
        client.force_login(request.getfixturevalue(persona))
        assert client.post(reverse("execution:log_withdraw", args=[log.pk]), {"reason": "x"}).status_code == status
        assert ActivityLog.objects.get().status == LogStatus.DRAFT

    def test_it_takes_only_post(self, period, client, lead_a, activity, count_indicator, area_a, today):
        log = record(lead_a, activity, area_a, today)
        client.force_login(lead_a)
        assert client.get(reverse("execution:log_withdraw", args=[log.pk])).status_code == 405


# --- reading logs ---------------------------------------------------------------------------


class TestLogDetail:
    @pytest.mark.parametrize(
        ("persona", "status"),
        [("lead_a", 200), ("press_officer", 200), ("manager", 200), ("lead_b", 404), ("outsider", 404)],
    )
    def test_who_reads_a_log(
        self, period, client, request, lead_a, activity, count_indicator, area_a, today, persona, status
    ):
        log = record(lead_a, activity, area_a, today)
        client.force_login(request.getfixturevalue(persona))
        assert client.get(reverse("execution:log_detail", args=[log.pk])).status_code == status

    def test_anonymous_is_sent_to_login(self, period, client, lead_a, activity, count_indicator, area_a, today):
        log = record(lead_a, activity, area_a, today)
        assert client.get(reverse("execution:log_detail", args=[log.pk])).status_code == 302

    def test_a_manager_reads_but_is_offered_no_action(
        self, period, client, lead_a, manager, activity, count_indicator, area_a, today
    ):
        log = record(lead_a, activity, area_a, today)
        client.force_login(manager)
        context = client.get(reverse("execution:log_detail", args=[log.pk])).context
        assert (context["can_edit"], context["can_withdraw"], context["can_review"]) == (False, False, False)


class TestLogList:
    url = reverse("execution:log_list")

    def test_the_press_office_finds_the_bulk_import_here_and_nobody_else_does(
        self, client, press_officer, manager, lead_a
    ):
        link = reverse("imports:logs_upload")
        client.force_login(press_officer)
        assert link in client.get(self.url).content.decode()
        for user in (manager, lead_a):
            client.force_login(user)
            assert link not in client.get(self.url).content.decode()

    def test_a_lead_sees_its_areas_logs_and_a_manager_the_whole_entity(
        self,
        period,
        client,
        lead_a,
        lead_b,
        manager,
        press_officer,
        outsider,
        activity,
        count_indicator,
        activity_b,
        area_a,
        area_b,
        today,
    ):
        mine = record(lead_a, activity, area_a, today)
        theirs = record(lead_b, activity_b, area_b, today)
        client.force_login(lead_a)
        assert [log.pk for log in client.get(self.url).context["rows"]] == [mine.pk]
        client.force_login(manager)
        assert [log.pk for log in client.get(self.url).context["rows"]] == [theirs.pk, mine.pk]
        client.force_login(press_officer)
        assert [log.pk for log in client.get(self.url).context["rows"]] == [theirs.pk, mine.pk]
        client.force_login(outsider)
        assert client.get(self.url).context["rows"] == []

    def test_it_filters_by_plan_component_activity_month_and_status(
        self, client, press_officer, lead_a, activity, count_indicator, area_a, period, today, plan, component
    ):
        earlier_day = plan.vigencia_start + timedelta(days=3)
        logs.reporting_period_open(user=press_officer, plan=plan, month=earlier_day, deadline=today)
        old = record(lead_a, activity, area_a, earlier_day)
        new = record(lead_a, activity, area_a, today)
        logs.area_period_submit(user=lead_a, reporting_period=period)
        client.force_login(press_officer)
        query = {
            "plan": plan.pk,
            "component": component.pk,
            "activity": activity.pk,
            "period": today.strftime("%Y-%m"),
            "status": LogStatus.SUBMITTED,
        }
        assert [log.pk for log in client.get(self.url, query).context["rows"]] == [new.pk]
        query.update(period=earlier_day.strftime("%Y-%m"), status=LogStatus.DRAFT)
        assert [log.pk for log in client.get(self.url, query).context["rows"]] == [old.pk]

    def test_a_filter_outside_the_users_scope_is_refused_and_ignored(
        self, period, client, lead_a, activity, count_indicator, area_a, today, other_entity
    ):
        log = record(lead_a, activity, area_a, today)
        foreign_plan = ApprovedPlanFactory(entity=other_entity)
        client.force_login(lead_a)
        response = client.get(self.url, {"plan": foreign_plan.pk, "period": "noviembre"})
        assert response.status_code == 200
        assert set(response.context["form"].errors) == {"plan", "period"}
        assert [item.pk for item in response.context["rows"]] == [log.pk]

    def test_it_pages_by_25(self, period, client, lead_a, activity, count_indicator, area_a, today):
        for n in range(26):
            record(lead_a, activity, area_a, today, value=n)
        client.force_login(lead_a)
        assert len(client.get(self.url).context["page"].object_list) == 25
        assert len(client.get(self.url, {"page": 2}).context["page"].object_list) == 1

    def test_it_runs_the_same_number_of_queries_for_1_and_200_logs(
        self, period, client, manager, lead_a, activity, count_indicator, area_a, today, media
    ):
        first = record(
            lead_a, activity, area_a, today, files=[SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")]
        )
        assert first.evidence.count() == 1
        client.force_login(manager)
        client.get(self.url)
        one = query_count(client, self.url)
        for n in range(199):
            record(lead_a, activity, area_a, today, value=n)
        assert query_count(client, self.url) == one

    def test_evidence_links_point_to_the_checked_download(
        self, period, client, lead_a, activity, count_indicator, area_a, today, media
    ):
        log = record(
            lead_a, activity, area_a, today, files=[SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")]
        )
        client.force_login(lead_a)
        html = client.get(self.url).content.decode()
        assert reverse("execution:evidence_download", args=[log.evidence.get().pk]) in html
        assert "/media/" not in html


# --- the press office's review and the reporting periods ------------------------------------


class TestReview:
    url = reverse("execution:review")

    @pytest.fixture
    def submitted(self, lead_a, activity, count_indicator, area_a, period, today):
        log = record(lead_a, activity, area_a, today)
        logs.area_period_submit(user=lead_a, reporting_period=period)
        return log

    def test_the_press_office_sees_its_entitys_submitted_logs(
        self, client, press_officer, submitted, lead_b, activity_b, area_b, period, today
    ):
        other = record(lead_b, activity_b, area_b, today)
        logs.area_period_submit(user=lead_b, reporting_period=period)
        client.force_login(press_officer)
        assert [log.pk for log in client.get(self.url).context["rows"]] == [submitted.pk, other.pk]
        filtered = client.get(self.url, {"area": area_b.pk}).context["rows"]
        assert [log.pk for log in filtered] == [other.pk]

    def test_a_card_shows_the_log_its_values_in_the_indicators_order_and_its_evidence(
        self, client, press_officer, lead_a, lead_b, activity, count_indicator, area_a, period, today, media
    ):
        # Out of the code's order on purpose: the card follows the matrix's order.
        milestone = IndicatorFactory(
            activity=activity,
            code="EXT-00",
            unit=Unit.MILESTONE,
            aggregation=Aggregation.LAST,
            target_derivation=TargetDerivation.REPEAT,
            order=3,
        )
        ratio = IndicatorFactory(
            activity=activity,
            code="EXT-09",
            unit=Unit.PERCENTAGE,
            aggregation=Aggregation.RATIO,
            target_derivation=TargetDerivation.REPEAT,
            numerator_definition="Usuarios activos",
            denominator_definition="Usuarios habilitados",
            order=2,
        )
        lead_a.first_name, lead_a.last_name = "Ana", "Rojas"
        lead_a.save()
        values = {
            count_indicator.pk: ValueInput(value=D("1234")),
            ratio.pk: ValueInput(numerator=D("45"), denominator=D("50")),
            milestone.pk: ValueInput(value=D("1")),
        }
        files = [SimpleUploadedFile("acta.pdf", PDF, content_type="application/pdf")]
        named = logs.log_record(
            user=lead_a, activity=activity, area=area_a, date=today, values=values, files=files, description="Rueda"
        )
        bare = record(press_officer, activity, area_a, today, description="x" * 400)
        logs.area_period_submit(user=lead_a, reporting_period=period)
        client.force_login(press_officer)

        first, second = client.get(self.url).context["rows"]

        day = date_format(today, "SHORT_DATE_FORMAT")
        assert (first.pk, first.activity_name, first.area_name, first.status_label) == (
            named.pk,
            "Comunicados de prensa",
            area_a.name,
            "Enviado",
        )
        assert first.values == ["EXT-01: 1.234", "EXT-09: 45 / 50", "EXT-00: Sí"]
        assert [file.name for file in first.evidence] == ["acta.pdf"]
        assert first.evidence[0].url == reverse("execution:evidence_download", args=[named.evidence.get().pk])
        assert first.about == f"{day} · {area_a.name} · Plan de comunicaciones en ejecución · Ana Rojas"
        assert first.approve_url == reverse("execution:log_approve", args=[named.pk])
        assert first.return_url == reverse("execution:log_return", args=[named.pk])
        # Without a name, the username; a long description is cut; no evidence.
        assert second.pk == bare.pk
        assert second.about.endswith(f" · {press_officer.username}")
        assert len(second.summary) == 300
        assert (second.values, second.evidence) == (["EXT-01: 3"], [])

    def test_a_card_escapes_what_people_typed(
        self, client, press_officer, lead_a, activity, count_indicator, area_a, period, today
    ):
        activity.name = "Rueda <b>de prensa</b>"
        activity.save()
        record(lead_a, activity, area_a, today, description='Se citó a "<script>alert(1)</script>" & otros')
        logs.area_period_submit(user=lead_a, reporting_period=period)
        client.force_login(press_officer)
        html = client.get(self.url).content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "<b>de prensa</b>" not in html
        assert "Rueda &lt;b&gt;de prensa&lt;/b&gt;</a></h3>" in html
        assert "Se citó a &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; &amp; otros</p>" in html
        # The forms come back here, with a token the page's session accepts.
        assert 'name="csrfmiddlewaretoken" value="' in html
        assert f'<input type="hidden" name="next" value="{self.url}">' in html

    @pytest.mark.parametrize("persona", ["lead_a", "manager"])
    def test_leads_and_managers_get_403(self, client, request, persona, submitted):
        client.force_login(request.getfixturevalue(persona))
        assert client.get(self.url).status_code == 403
        assert client.post(reverse("execution:log_approve", args=[submitted.pk])).status_code == 403
        assert ActivityLog.objects.get().status == LogStatus.SUBMITTED

    def test_another_entitys_press_office_sees_nothing_and_cannot_act(self, client, outsider, submitted):
        client.force_login(outsider)
        assert client.get(self.url).context["rows"] == []
        assert client.post(reverse("execution:log_approve", args=[submitted.pk])).status_code == 404
        url = reverse("execution:log_return", args=[submitted.pk])
        assert client.post(url, {"comment": "x"}).status_code == 404
        assert ActivityLog.objects.get().status == LogStatus.SUBMITTED

    def test_approving_a_log(self, client, press_officer, submitted):
        client.force_login(press_officer)
        response = client.post(reverse("execution:log_approve", args=[submitted.pk]), {"next": self.url})
        assert response["Location"] == self.url
        submitted.refresh_from_db()
        assert (submitted.status, submitted.reviewed_by) == (LogStatus.APPROVED, press_officer)

    def test_approving_twice_says_why_in_spanish(self, client, press_officer, submitted):
        client.force_login(press_officer)
        client.post(reverse("execution:log_approve", args=[submitted.pk]))
        response = client.post(reverse("execution:log_approve", args=[submitted.pk]), follow=True)
        assert "Solo se revisan registros enviados; este está «Aprobado»." in response.content.decode()

    def test_an_unsafe_next_is_not_followed(self, client, press_officer, submitted):
        client.force_login(press_officer)
        url = reverse("execution:log_approve", args=[submitted.pk])
        assert client.post(url, {"next": "https://malo.example.com/"})["Location"] == self.url

    def test_returning_needs_a_comment(self, client, press_officer, submitted):
        client.force_login(press_officer)
        response = client.post(reverse("execution:log_return", args=[submitted.pk]), {"comment": ""})
        assert response.status_code == 200
        assert response.context["form"].errors == {"comment": ["Diga qué debe corregirse."]}
        assert ActivityLog.objects.get().status == LogStatus.SUBMITTED

    def test_returning_a_log_e_mails_its_areas_lead_after_the_commit(
        self, client, press_officer, lead_a, submitted, django_capture_on_commit_callbacks, settings
    ):
        settings.SITE_URL = "https://plan.example.gov.co"
        lead_a.email = "lider.a@example.gov.co"
        lead_a.save()
        client.force_login(press_officer)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                reverse("execution:log_return", args=[submitted.pk]), {"comment": "Falta la lista de asistencia"}
            )
        assert response.status_code == 302
        submitted.refresh_from_db()
        assert (submitted.status, submitted.review_comment) == (LogStatus.RETURNED, "Falta la lista de asistencia")
        assert [m.to for m in mail.outbox] == [["lider.a@example.gov.co"]]
        assert "Falta la lista de asistencia" in mail.outbox[0].body
        assert f"https://plan.example.gov.co/registros/{submitted.pk}/corregir/" in mail.outbox[0].body

    def test_it_runs_the_same_number_of_queries_for_1_and_200_submitted_logs(
        self, client, press_officer, lead_a, activity, count_indicator, area_a, period, today, submitted
    ):
        client.force_login(press_officer)
        client.get(self.url)
        one = query_count(client, self.url)
        for n in range(199):
            record(lead_a, activity, area_a, today, value=n)
        logs.area_period_submit(user=lead_a, reporting_period=period)
        assert ActivityLog.objects.filter(status=LogStatus.SUBMITTED).count() == 200
        assert query_count(client, self.url) == one

    def test_opening_and_closing_a_period(self, client, press_officer, plan, today):
        client.force_login(press_officer)
        deadline = today + timedelta(days=10)
        response = client.post(
            reverse("execution:period_open"),
            {"plan": plan.pk, "month": today.strftime("%Y-%m"), "deadline": deadline.isoformat()},
        )
        assert response["Location"] == self.url
        period = ReportingPeriod.objects.get()
        assert (period.period_start, period.deadline, period.status, period.opened_by) == (
            today.replace(day=1),
            deadline,
            ReportingPeriodStatus.OPEN,
            press_officer,
        )
        assert client.post(reverse("execution:period_close", args=[period.pk]))["Location"] == self.url
        period.refresh_from_db()
        assert (period.status, period.closed_by) == (ReportingPeriodStatus.CLOSED, press_officer)

    def test_opening_a_month_twice_gets_the_services_message_on_the_month(self, client, press_officer, plan, period):
        client.force_login(press_officer)
        response = client.post(
            reverse("execution:period_open"),
            {"plan": plan.pk, "month": period.period_start.strftime("%Y-%m"), "deadline": period.deadline.isoformat()},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["month"][0].startswith("Ya existe un periodo de reporte para")
        assert ReportingPeriod.objects.count() == 1

    @pytest.mark.parametrize(("persona", "status"), [("lead_a", 403), ("manager", 403), ("outsider", 404)])
    def test_others_cannot_close_a_period(self, client, request, persona, status, period):
        client.force_login(request.getfixturevalue(persona))
        assert client.post(reverse("execution:period_close", args=[period.pk])).status_code == status
        period.refresh_from_db()
        assert period.status == ReportingPeriodStatus.OPEN

    @pytest.mark.parametrize("persona", ["lead_a", "manager"])
    def test_others_cannot_open_a_period(self, client, request, persona, plan, today):
        client.force_login(request.getfixturevalue(persona))
        data = {"plan": plan.pk, "month": today.strftime("%Y-%m"), "deadline": today.isoformat()}
        assert client.post(reverse("execution:period_open"), data).status_code == 403
        assert ReportingPeriod.objects.count() == 0

    def test_another_entitys_plan_cannot_be_chosen(self, client, outsider, plan, today):
        client.force_login(outsider)
        data = {"plan": plan.pk, "month": today.strftime("%Y-%m"), "deadline": today.isoformat()}
        response = client.post(reverse("execution:period_open"), data)
        assert response.status_code == 200
        assert "plan" in response.context["form"].errors
        assert ReportingPeriod.objects.count() == 0


# --- the whole cycle ------------------------------------------------------------------------


def test_the_whole_cycle_through_the_pages_leaves_its_history(
    client, lead_a, press_officer, activity, count_indicator, period, today, django_capture_on_commit_callbacks
):
    lead, press = client, client.__class__()
    lead.force_login(lead_a)
    press.force_login(press_officer)
    create = reverse("execution:log_create", args=[activity.pk])

    lead.post(create, form_data(count_indicator, today))
    log = ActivityLog.objects.get()
    lead.post(reverse("execution:period_submit", args=[period.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        press.post(reverse("execution:log_return", args=[log.pk]), {"comment": "Adjunte la lista de asistencia"})
    lead.post(
        reverse("execution:log_update", args=[log.pk]),
        form_data(count_indicator, today, **{f"value_{count_indicator.pk}": "4"}),
    )
    lead.post(reverse("execution:period_submit", args=[period.pk]))
    with django_capture_on_commit_callbacks(execute=True):
        press.post(reverse("execution:log_approve", args=[log.pk]))
    press.post(reverse("execution:period_close", args=[period.pk]))

    log.refresh_from_db()
    assert log.status == LogStatus.APPROVED
    assert [h.status for h in log.history.order_by("history_date", "history_id")] == [
        "borrador",
        "enviado",
        "devuelto",
        "borrador",
        "enviado",
        "aprobado",
    ]
    assert [h.history_user for h in log.history.order_by("history_date", "history_id")] == [
        lead_a,
        lead_a,
        press_officer,
        lead_a,
        lead_a,
        press_officer,
    ]
    html = lead.get(reverse("execution:log_detail", args=[log.pk])).content.decode()
    assert html.count('class="history-row"') == 6
    assert "Adjunte la lista de asistencia" in html

    response = lead.post(create, form_data(count_indicator, today))
    assert response.status_code == 200
    assert response.context["form"].errors["date"] == [
        f"El periodo de {period.label} está cerrado: ya no admite registros ni cambios."
    ]
    assert ActivityLog.objects.count() == 1


# --- demo data ------------------------------------------------------------------------------


class TestDemo:
    def test_it_opens_the_month_and_records_submits_and_reviews_a_few_logs_once(
        self, lead_a, lead_b, press_officer, activity, count_indicator, activity_b, plan, today
    ):
        from demo.measurement import demo_logs_load

        assert demo_logs_load(today=today) == 4
        period = ReportingPeriod.objects.get(plan=plan)
        next_month = (today.replace(day=1) + timedelta(days=32)).replace(day=5)
        assert (period.period_start, period.deadline, period.status) == (today.replace(day=1), next_month, "abierto")
        statuses = sorted(ActivityLog.objects.values_list("area__name", "status"))
        assert statuses == [
            ("Talento Humano", LogStatus.APPROVED),
            ("Talento Humano", LogStatus.DRAFT),
            ("Tecnologías de la Información", LogStatus.APPROVED),
            ("Tecnologías de la Información", LogStatus.DRAFT),
        ]
        assert demo_logs_load(today=today) == 0
        assert (ActivityLog.objects.count(), ReportingPeriod.objects.count()) == (4, 1)

    def test_load_demo_twice_duplicates_nothing(self):
        from io import StringIO

        from django.core.management import call_command

        call_command("load_demo", "--quiet-logins", stdout=StringIO())
        counts = (ActivityLog.objects.count(), ReportingPeriod.objects.count(), LogValue.objects.count())
        out = StringIO()
        call_command("load_demo", "--quiet-logins", stdout=out)
        assert (ActivityLog.objects.count(), ReportingPeriod.objects.count(), LogValue.objects.count()) == counts
        assert "Registros de ejecución de demostración: 0 nuevos." in out.getvalue()
        # This month: a handful of logs in every state (the year before it is approved history).
        this_month = ActivityLog.objects.filter(date__gte=timezone.localdate().replace(day=1))
        assert this_month.count() <= 30
        in_vigencia = date(2025, 1, 1) <= timezone.localdate() <= date(2027, 12, 31)
        assert (this_month.count() > 0) == in_vigencia
        assert set(this_month.values_list("status", flat=True)) == (
            {LogStatus.APPROVED, LogStatus.SUBMITTED, LogStatus.RETURNED, LogStatus.DRAFT} if in_vigencia else set()
        )


@pytest.mark.parametrize(
    "name",
    ["log_withdraw", "log_approve", "log_return", "log_update", "period_submit", "period_close"],
)
def test_anonymous_posts_are_sent_to_login_and_change_nothing(
    client, name, lead_a, activity, count_indicator, area_a, period, today
):
    log = record(lead_a, activity, area_a, today)
    arg = period.pk if name.startswith("period") else log.pk
    response = client.post(reverse(f"execution:{name}", args=[arg]), {"reason": "x", "comment": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    log.refresh_from_db()
    period.refresh_from_db()
    assert (log.status, period.status) == (LogStatus.DRAFT, ReportingPeriodStatus.OPEN)
