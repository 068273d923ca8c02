"""The execution logs and their reporting cycle (execution.services)."""

import uuid
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from execution import services as logs
from execution.enums import LogStatus
from execution.models import ActivityLog, AreaSubmission, Evidence, LogValue
from execution.services import ValueInput
from indicators.enums import Aggregation, PeriodType, TargetDerivation, Unit
from indicators.tests.factories import IndicatorFactory
from plans.enums import PlanStatus
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, ComponentFactory
from rollups.models import PeriodValue, RollupMark

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def plan(entity, today):
    return ApprovedPlanFactory(
        entity=entity,
        status=PlanStatus.IN_EXECUTION,
        vigencia_start=date(today.year - 1, 1, 1),
        vigencia_end=date(today.year + 1, 12, 31),
    )


@pytest.fixture
def activity(plan, area_a):
    activity = ActivityFactory(component=ComponentFactory(plan=plan))
    activity.responsible_areas.add(area_a)
    return activity


@pytest.fixture
def count_indicator(activity):
    return IndicatorFactory(activity=activity, code="CNT")


@pytest.fixture
def ratio_indicator(activity):
    return IndicatorFactory(
        activity=activity,
        code="RAT",
        unit=Unit.PERCENTAGE,
        aggregation=Aggregation.RATIO,
        target_derivation=TargetDerivation.REPEAT,
        numerator_definition="Usuarios activos",
        denominator_definition="Usuarios habilitados",
    )


@pytest.fixture
def period(plan, press_officer, today):
    return logs.reporting_period_open(user=press_officer, plan=plan, month=today, deadline=today + timedelta(days=5))


def record(user, activity, area, day, values, **kwargs):
    kwargs.setdefault("description", "Capacitación en la sala de juntas")
    return logs.log_record(user=user, activity=activity, area=area, date=day, values=values, **kwargs)


def errors_of(call):
    with pytest.raises(ValidationError) as error:
        call()
    return error.value.message_dict


class TestRecording:
    @pytest.fixture(autouse=True)
    def _this_month_is_open(self, period):
        """A draft needs its month's reporting period open."""

    def test_an_area_lead_records_a_draft_log_with_its_values(self, lead_a, activity, area_a, count_indicator, today):
        log = record(lead_a, activity, area_a, today, {count_indicator.pk: ValueInput(value=D(3))}, reach_total=25)
        assert (log.status, log.reported_by, log.area, log.reach_total) == (LogStatus.DRAFT, lead_a, area_a, 25)
        value = LogValue.objects.get(log=log)
        assert (value.value, value.month, value.status) == (D(3), today.replace(day=1), LogStatus.DRAFT)

    def test_a_lead_of_another_area_cannot_log_for_this_activity(
        self, lead_b, activity, area_a, area_b, count_indicator, today
    ):
        with pytest.raises(PermissionDenied):
            record(lead_b, activity, area_b, today, {count_indicator.pk: ValueInput(value=D(1))})
        with pytest.raises(PermissionDenied):
            record(lead_b, activity, area_a, today, {count_indicator.pk: ValueInput(value=D(1))})
        assert ActivityLog.objects.count() == 0

    def test_a_manager_cannot_log(self, manager, activity, area_a, count_indicator, today):
        with pytest.raises(PermissionDenied):
            record(manager, activity, area_a, today, {count_indicator.pk: ValueInput(value=D(1))})

    def test_a_user_of_another_entity_cannot_log(self, outsider, activity, area_a, count_indicator, today):
        with pytest.raises(PermissionDenied):
            record(outsider, activity, area_a, today, {count_indicator.pk: ValueInput(value=D(1))})

    def test_the_same_submission_token_creates_one_log(self, lead_a, activity, area_a, count_indicator, today):
        token = uuid.uuid4()
        first = record(
            lead_a, activity, area_a, today, {count_indicator.pk: ValueInput(value=D(1))}, submission_token=token
        )
        again = record(
            lead_a, activity, area_a, today, {count_indicator.pk: ValueInput(value=D(1))}, submission_token=token
        )
        assert first.pk == again.pk
        assert ActivityLog.objects.count() == 1

    @pytest.mark.parametrize(
        ("day_offset", "message"),
        [(1, "La fecha de ejecución no puede ser futura.")],
    )
    def test_a_future_date_is_refused(self, lead_a, activity, area_a, count_indicator, today, day_offset, message):
        errors = errors_of(
            lambda: record(
                lead_a,
                activity,
                area_a,
                today + timedelta(days=day_offset),
                {count_indicator.pk: ValueInput(value=D(1))},
            )
        )
        assert errors["date"] == [message]

    def test_a_date_outside_the_vigencia_is_refused(self, lead_a, activity, area_a, count_indicator, plan):
        errors = errors_of(
            lambda: record(
                lead_a,
                activity,
                area_a,
                date(plan.vigencia_start.year - 1, 6, 1),
                {count_indicator.pk: ValueInput(value=D(1))},
            )
        )
        assert errors["date"][0].startswith("La fecha debe estar dentro de la vigencia del plan")

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (D(-1), "El valor no puede ser negativo."),
            (D("1.5"), "Un conteo debe ser un número entero."),
        ],
    )
    def test_a_bad_count_is_refused_on_its_field(
        self, lead_a, activity, area_a, count_indicator, today, value, message
    ):
        errors = errors_of(
            lambda: record(lead_a, activity, area_a, today, {count_indicator.pk: ValueInput(value=value)})
        )
        assert errors[f"value_{count_indicator.pk}"] == [message]
        assert ActivityLog.objects.count() == 0

    def test_a_percentage_of_150_is_refused(self, lead_a, activity, area_a, today):
        percent = IndicatorFactory(
            activity=activity,
            unit=Unit.PERCENTAGE,
            aggregation=Aggregation.AVERAGE,
            target_derivation=TargetDerivation.REPEAT,
        )
        errors = errors_of(lambda: record(lead_a, activity, area_a, today, {percent.pk: ValueInput(value=D(150))}))
        assert errors[f"value_{percent.pk}"] == ["Un porcentaje no puede ser mayor que 100."]

    def test_a_denominator_of_zero_is_refused(self, lead_a, activity, area_a, ratio_indicator, today):
        errors = errors_of(
            lambda: record(
                lead_a, activity, area_a, today, {ratio_indicator.pk: ValueInput(numerator=D(1), denominator=D(0))}
            )
        )
        assert errors[f"denominator_{ratio_indicator.pk}"] == ["El denominador debe ser mayor que cero."]

    def test_a_one_megabyte_description_is_refused(self, lead_a, activity, area_a, count_indicator, today):
        errors = errors_of(
            lambda: record(
                lead_a,
                activity,
                area_a,
                today,
                {count_indicator.pk: ValueInput(value=D(1))},
                description="x" * 1_000_000,
            )
        )
        assert errors["description"] == ["La descripción admite hasta 5.000 caracteres; tiene 1.000.000."]

    def test_a_value_for_an_indicator_of_another_activity_is_refused(
        self, lead_a, activity, area_a, count_indicator, plan, today
    ):
        foreign = IndicatorFactory(activity=ActivityFactory(component=ComponentFactory(plan=plan)))
        errors = errors_of(lambda: record(lead_a, activity, area_a, today, {foreign.pk: ValueInput(value=D(1))}))
        assert "__all__" in errors

    def test_a_link_that_is_not_http_is_refused(self, lead_a, activity, area_a, count_indicator, today):
        errors = errors_of(
            lambda: record(
                lead_a,
                activity,
                area_a,
                today,
                {count_indicator.pk: ValueInput(value=D(1))},
                links="javascript:alert(1)",
            )
        )
        assert errors["links"] == [
            "«javascript:alert(1)» no es una dirección web válida (debe empezar por http:// o https://)."
        ]


class TestEvidence:
    @pytest.fixture(autouse=True)
    def _this_month_is_open(self, period):
        """A draft needs its month's reporting period open."""

    def test_a_pdf_is_kept_under_a_private_random_name(self, lead_a, activity, area_a, count_indicator, today):
        upload = SimpleUploadedFile("lista de asistencia.pdf", b"%PDF-1.7\n...", content_type="application/pdf")
        log = record(lead_a, activity, area_a, today, {count_indicator.pk: ValueInput(value=D(1))}, files=[upload])
        evidence = Evidence.objects.get(log=log)
        assert evidence.original_name == "lista de asistencia.pdf"
        assert evidence.content_type == "application/pdf"
        assert evidence.file.name.startswith(f"evidence/{area_a.entity_id}/")
        assert "asistencia" not in evidence.file.name

    def test_an_executable_renamed_pdf_is_refused(self, lead_a, activity, area_a, count_indicator, today):
        upload = SimpleUploadedFile("informe.pdf", b"MZ\x90\x00\x03" + b"\x00" * 64)
        errors = errors_of(
            lambda: record(
                lead_a, activity, area_a, today, {count_indicator.pk: ValueInput(value=D(1))}, files=[upload]
            )
        )
        assert errors["evidence"] == ["El contenido de «informe.pdf» no corresponde a un archivo .pdf."]
        assert ActivityLog.objects.count() == 0

    def test_a_file_over_the_limit_is_refused(self, lead_a, activity, area_a, count_indicator, today):
        upload = SimpleUploadedFile("foto.png", b"\x89PNG\r\n\x1a\n" + b"0" * (10 * 1024 * 1024 + 1))
        errors = errors_of(
            lambda: record(
                lead_a, activity, area_a, today, {count_indicator.pk: ValueInput(value=D(1))}, files=[upload]
            )
        )
        assert errors["evidence"] == ["El archivo «foto.png» pesa más de 10 MB."]

    def test_a_name_that_climbs_folders_cannot_leave_the_evidence_folder(
        self, lead_a, activity, area_a, count_indicator, today
    ):
        # Django keeps only the last part of an uploaded name; the file is stored under a random
        # name in the entity's private folder whatever it was called.
        upload = SimpleUploadedFile("../../../etc/x.pdf", b"%PDF-1.7")
        log = record(lead_a, activity, area_a, today, {count_indicator.pk: ValueInput(value=D(1))}, files=[upload])
        evidence = Evidence.objects.get(log=log)
        assert evidence.original_name == "x.pdf"
        assert evidence.file.name.startswith(f"evidence/{area_a.entity_id}/")
        assert ".." not in evidence.file.name

    def test_the_service_refuses_a_name_with_folders_from_any_other_path(self):
        from indicators.validators import evidence_content_type

        with pytest.raises(ValidationError) as error:
            evidence_content_type("../../x.pdf", b"%PDF-1.7", 10)
        assert error.value.messages == ["El nombre del archivo «../../x.pdf» no es válido."]


class TestCycle:
    def test_submit_return_correct_resubmit_approve_close(
        self, lead_a, press_officer, activity, area_a, count_indicator, plan, today, django_capture_on_commit_callbacks
    ):
        period = logs.reporting_period_open(
            user=press_officer, plan=plan, month=today, deadline=today + timedelta(days=5)
        )
        log = record(lead_a, activity, area_a, today, {count_indicator.pk: ValueInput(value=D(3))})

        assert logs.area_period_submit(user=lead_a, reporting_period=period) == 1
        log.refresh_from_db()
        assert log.status == LogStatus.SUBMITTED
        assert AreaSubmission.objects.filter(reporting_period=period, area=area_a).exists()

        logs.log_return(user=press_officer, log=log, comment="Falta la lista de asistencia")
        log.refresh_from_db()
        assert (log.status, log.review_comment, log.reviewed_by) == (
            LogStatus.RETURNED,
            "Falta la lista de asistencia",
            press_officer,
        )

        logs.log_correct(
            user=lead_a,
            log=log,
            date=today,
            values={count_indicator.pk: ValueInput(value=D(4))},
            description="Capacitación, con lista de asistencia",
        )
        log.refresh_from_db()
        assert log.status == LogStatus.DRAFT
        value = LogValue.objects.get(log=log)
        assert [h.value for h in value.history.order_by("history_date")] == [D(3), D(4)]
        assert value.history.latest().history_user == lead_a

        logs.area_period_submit(user=lead_a, reporting_period=period)
        with django_capture_on_commit_callbacks(execute=True):
            logs.log_approve(user=press_officer, log=log)
        log.refresh_from_db()
        assert log.status == LogStatus.APPROVED
        month = PeriodValue.objects.get(
            indicator=count_indicator, period_type=PeriodType.MONTH, period_start=today.replace(day=1)
        )
        assert month.value == D(4)
        assert not RollupMark.objects.exists()

        statuses = [h.status for h in log.history.order_by("history_date")]
        assert statuses == ["borrador", "enviado", "devuelto", "borrador", "enviado", "aprobado"]

        logs.reporting_period_close(user=press_officer, reporting_period=period)
        errors = errors_of(
            lambda: record(lead_a, activity, area_a, today, {count_indicator.pk: ValueInput(value=D(1))})
        )
        assert errors["date"] == [f"El periodo de {period.label} está cerrado: ya no admite registros ni cambios."]
        with pytest.raises(ValidationError):
            logs.log_correct(
                user=press_officer,
                log=log,
                date=today,
                values={count_indicator.pk: ValueInput(value=D(9))},
                description="cambio tardío",
            )
        assert LogValue.objects.get(log=log).value == D(4)

    def test_a_lead_cannot_approve(self, lead_a, activity, area_a, count_indicator, plan, today, press_officer):
        period = logs.reporting_period_open(user=press_officer, plan=plan, month=today, deadline=today)
        log = record(lead_a, activity, area_a, today, {count_indicator.pk: ValueInput(value=D(3))})
        logs.area_period_submit(user=lead_a, reporting_period=period)
        with pytest.raises(PermissionDenied):
            logs.log_approve(user=lead_a, log=log)

    def test_a_press_officer_of_another_entity_cannot_approve(
        self, lead_a, outsider, activity, area_a, count_indicator, plan, today, press_officer
    ):
        period = logs.reporting_period_open(user=press_officer, plan=plan, month=today, deadline=today)
        log = record(lead_a, activity, area_a, today, {count_indicator.pk: ValueInput(value=D(3))})
        logs.area_period_submit(user=lead_a, reporting_period=period)
        with pytest.raises(PermissionDenied):
            logs.log_approve(user=outsider, log=log)

    def test_returning_needs_a_comment(self, lead_a, press_officer, activity, area_a, count_indicator, plan, today):
        period = logs.reporting_period_open(user=press_officer, plan=plan, month=today, deadline=today)
        log = record(lead_a, activity, area_a, today, {count_indicator.pk: ValueInput(value=D(3))})
        logs.area_period_submit(user=lead_a, reporting_period=period)
        assert errors_of(lambda: logs.log_return(user=press_officer, log=log, comment=" ")) == {
            "comment": ["Diga qué debe corregirse."]
        }

    def test_a_withdrawn_log_stays_but_stops_counting(
        self, lead_a, press_officer, activity, area_a, count_indicator, plan, today, django_capture_on_commit_callbacks
    ):
        period = logs.reporting_period_open(user=press_officer, plan=plan, month=today, deadline=today)
        log = record(lead_a, activity, area_a, today, {count_indicator.pk: ValueInput(value=D(3))})
        logs.area_period_submit(user=lead_a, reporting_period=period)
        with django_capture_on_commit_callbacks(execute=True):
            logs.log_approve(user=press_officer, log=log)
        month_start = today.replace(day=1)
        assert PeriodValue.objects.get(
            indicator=count_indicator, period_type=PeriodType.MONTH, period_start=month_start
        ).value == D(3)
        with django_capture_on_commit_callbacks(execute=True):
            logs.log_withdraw(user=press_officer, log=log, reason="Duplicado")
        assert ActivityLog.objects.get(pk=log.pk).status == LogStatus.WITHDRAWN
        month = PeriodValue.objects.get(
            indicator=count_indicator, period_type=PeriodType.MONTH, period_start=today.replace(day=1)
        )
        assert month.value is None
