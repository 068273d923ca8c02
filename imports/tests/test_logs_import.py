"""Bulk import of execution-log history (imports.logs_import): the logging rules, row by row."""

import io
from datetime import date
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from execution import services as logs
from execution.enums import LogStatus, ReportingPeriodStatus
from execution.historical import LogEntry, logs_record_historical
from execution.models import ActivityLog, LogValue, ReportingPeriod
from imports.logs_import import RowError, logs_import
from imports.readers import SpreadsheetError
from indicators.enums import Aggregation, PeriodType, TargetDerivation, Unit
from indicators.tests.factories import IndicatorFactory
from plans.enums import PlanStatus
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, AreaFactory, ComponentFactory
from rollups import services as rollup
from rollups.models import PeriodValue, RollupMark

pytestmark = pytest.mark.django_db
D = Decimal
HEADER = "Código del indicador;Área;Fecha;Valor;Numerador;Denominador;Descripción;Alcance"


@pytest.fixture
def year():
    return timezone.localdate().year - 1  # a whole past year: no date is in the future


@pytest.fixture
def plan(entity, year):
    return ApprovedPlanFactory(
        entity=entity,
        title="Plan 2024-2026",
        status=PlanStatus.IN_EXECUTION,
        vigencia_start=date(year, 1, 1),
        vigencia_end=date(year + 1, 12, 31),
    )


@pytest.fixture
def activity(plan, area_a):
    activity = ActivityFactory(component=ComponentFactory(plan=plan), name="Boletines internos")
    activity.responsible_areas.add(area_a)
    return activity


@pytest.fixture
def indicators(activity):
    return {
        "count": IndicatorFactory(activity=activity, code="CNT"),
        "pct": IndicatorFactory(
            activity=activity,
            code="PCT",
            unit=Unit.PERCENTAGE,
            aggregation=Aggregation.AVERAGE,
            target_derivation=TargetDerivation.REPEAT,
        ),
        "ratio": IndicatorFactory(
            activity=activity,
            code="RAT",
            unit=Unit.PERCENTAGE,
            aggregation=Aggregation.RATIO,
            target_derivation=TargetDerivation.REPEAT,
            numerator_definition="Abiertos",
            denominator_definition="Enviados",
        ),
        "milestone": IndicatorFactory(
            activity=activity,
            code="HIT",
            unit=Unit.MILESTONE,
            aggregation=Aggregation.LAST,
            target_derivation=TargetDerivation.REPEAT,
        ),
        "cop": IndicatorFactory(activity=activity, code="COP", unit=Unit.COP),
    }


def csv_file(*lines, header=HEADER):
    return ("\n".join([header, *lines]) + "\n").encode("utf-8")


def run(user, data, *, dry_run=False, filename="historico.csv"):
    return logs_import(user=user, file=data, filename=filename, dry_run=dry_run)


def database_state():
    return (
        ActivityLog.objects.count(),
        LogValue.objects.count(),
        ActivityLog.history.count(),
        LogValue.history.count(),
        RollupMark.objects.count(),
    )


class TestImport:
    def test_a_dry_run_counts_the_new_rows_and_writes_nothing(self, press_officer, indicators, area_a, year):
        data = csv_file(
            f"CNT;Talento Humano;15/01/{year};3;;;Boletín de enero;40",
            f"cnt;talento humano;{year}-02-15;2;;;Boletín de febrero;",
        )

        result = run(press_officer, data, dry_run=True)

        assert (result.total, result.new, result.unchanged, result.errors) == (2, 2, 0, [])
        assert database_state() == (0, 0, 0, 0, 0)

    def test_it_records_approved_logs_with_values_history_and_rollup_marks(
        self, press_officer, indicators, area_a, activity, year, django_capture_on_commit_callbacks
    ):
        data = csv_file(
            f"CNT;Talento Humano;15/01/{year};3;;;Boletín de enero;40",
            f"RAT;Talento Humano;20/01/{year};;45;60;Apertura de correos;",
            f"PCT;Talento Humano;31 de marzo de {year};12,5 %;;;Encuesta;",
            f"HIT;Talento Humano;01/04/{year};sí;;;Lanzamiento;",
            f'COP;Talento Humano;02/04/{year};"$ 1.500.000";;;Pauta radial;',
        )

        with django_capture_on_commit_callbacks() as callbacks:
            result = run(press_officer, data)

        assert (result.new, result.created, result.errors) == (5, 5, [])
        assert len(callbacks) == 1  # one roll-up enqueued for the whole file
        logs_by_code = {log.values.get().indicator.code: log for log in ActivityLog.objects.all()}
        january = logs_by_code["CNT"]
        assert (january.activity, january.area, january.date, january.description, january.reach_total) == (
            activity,
            area_a,
            date(year, 1, 15),
            "Boletín de enero",
            40,
        )
        assert (january.status, january.reported_by, january.reviewed_by) == (
            LogStatus.APPROVED,
            press_officer,
            press_officer,
        )
        values = {v.indicator.code: (v.value, v.numerator, v.denominator, v.status) for v in LogValue.objects.all()}
        assert values == {
            "CNT": (D(3), None, None, LogStatus.APPROVED),
            "RAT": (None, D(45), D(60), LogStatus.APPROVED),
            "PCT": (D("12.5"), None, None, LogStatus.APPROVED),
            "HIT": (D(1), None, None, LogStatus.APPROVED),
            "COP": (D(1500000), None, None, LogStatus.APPROVED),
        }
        history = january.history.get()
        assert (history.history_user, history.history_type, history.history_change_reason) == (
            press_officer,
            "+",
            "Importado desde «historico.csv»",
        )
        assert (history.description, history.date, history.status, history.id) == (
            "Boletín de enero",
            date(year, 1, 15),
            LogStatus.APPROVED,
            january.pk,
        )
        value_history = LogValue.history.filter(log_id=january.pk).get()
        assert (value_history.value, value_history.history_user, value_history.history_type) == (
            D(3),
            press_officer,
            "+",
        )
        assert LogValue.history.count() == 5
        assert set(RollupMark.objects.values_list("indicator__code", "month")) == {
            ("CNT", date(year, 1, 1)),
            ("RAT", date(year, 1, 1)),
            ("PCT", date(year, 3, 1)),
            ("HIT", date(year, 4, 1)),
            ("COP", date(year, 4, 1)),
        }

    def test_the_rollup_reads_the_imported_values(self, press_officer, indicators, area_a, year):
        data = csv_file(
            f"CNT;Talento Humano;05/01/{year};3;;;Boletín 1;",
            f"CNT;Talento Humano;25/01/{year};4;;;Boletín 2;",
            f"CNT;Talento Humano;10/02/{year};5;;;Boletín 3;",
            f"RAT;Talento Humano;05/01/{year};;45;60;Correo 1;",
            f"RAT;Talento Humano;25/01/{year};;15;40;Correo 2;",
        )
        run(press_officer, data)

        rollup.rollup_marked()

        def month(code, month_number):
            return PeriodValue.objects.get(
                indicator=indicators[code], period_type=PeriodType.MONTH, period_start=date(year, month_number, 1)
            )

        assert month("count", 1).value == D(7)
        assert month("count", 2).value == D(5)
        january_ratio = month("ratio", 1)
        assert (january_ratio.numerator, january_ratio.denominator) == (D(60), D(100))
        assert january_ratio.value == D(60)  # 60 / 100 as a percentage, not the mean of 75 % and 37,5 %
        assert PeriodValue.objects.get(
            indicator=indicators["count"], period_type=PeriodType.YEAR, period_start=date(year, 1, 1)
        ).value == D(12)

    def test_reimporting_the_same_file_changes_nothing(self, press_officer, indicators, area_a, year):
        data = csv_file(
            f"CNT;Talento Humano;15/01/{year};3;;;Boletín de enero;40",
            f"RAT;Talento Humano;20/01/{year};;45;60;Apertura de correos;",
        )
        run(press_officer, data)
        before = database_state()

        again = run(press_officer, data)

        assert (again.new, again.unchanged, again.created, again.errors) == (0, 2, 0, [])
        assert database_state() == before

    def test_a_changed_row_is_new_and_an_identical_one_is_unchanged(self, press_officer, indicators, area_a, year):
        run(press_officer, csv_file(f"CNT;Talento Humano;15/01/{year};3;;;Boletín de enero;"))

        result = run(
            press_officer,
            csv_file(
                f"CNT;Talento Humano;15/01/{year};3,0;;;Boletín de enero;",
                f"CNT;Talento Humano;15/01/{year};4;;;Boletín de enero;",
                f"CNT;Talento Humano;15/01/{year};4;;;Boletín de enero;",
            ),
        )

        assert (result.new, result.unchanged) == (1, 2)
        assert ActivityLog.objects.count() == 2

    def test_it_reads_an_xlsx_with_other_header_spellings(self, press_officer, indicators, area_a, year):
        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.append(["CODIGO", "Dependencia", "Fecha de ejecución", "VALOR", "Descripcion", "Actividad", "Plan"])
        sheet.append(["CNT", "Talento Humano", date(year, 3, 3), 6, "Boletín", "boletines INTERNOS", "plan 2024-2026"])
        path = f"{year}.xlsx"
        buffer = io.BytesIO()
        workbook.save(buffer)

        result = run(press_officer, buffer.getvalue(), filename=path)

        assert (result.created, result.errors) == (1, [])
        assert LogValue.objects.get().value == D(6)


class TestMonthsWithNoOpenPeriod:
    """History is imported approved: a month with no reporting period takes it (nothing is left
    to send), but a row that repeats a draft nobody sees is refused rather than skipped."""

    @staticmethod
    def draft(lead, indicator, day, *, status=LogStatus.DRAFT):
        """A log of the area, written as a lead's draft before a draft needed an open month."""
        log = ActivityLog.objects.create(
            activity=indicator.activity,
            area=lead.area,
            date=day,
            description="Boletín",
            reported_by=lead,
            status=status,
        )
        LogValue.objects.create(
            log=log, indicator=indicator, date=day, month=day.replace(day=1), status=status, value=D(3)
        )
        return log

    def test_months_with_no_period_at_all_take_history_as_approved(self, press_officer, indicators, area_a, year):
        assert not ReportingPeriod.objects.exists()

        result = run(press_officer, csv_file(f"CNT;Talento Humano;15/03/{year};3;;;Boletín;"))

        assert (result.created, result.errors) == (1, [])
        assert ActivityLog.objects.get().status == LogStatus.APPROVED

    def test_a_row_repeating_a_draft_of_a_month_with_no_period_is_refused_and_nothing_is_imported(
        self, press_officer, lead_a, indicators, area_a, plan, year
    ):
        ReportingPeriod.objects.create(
            plan=plan, period_start=date(year, 5, 1), period_end=date(year, 5, 31), deadline=date(year, 6, 5)
        )
        self.draft(lead_a, indicators["count"], date(year, 3, 15))
        before = database_state()
        data = csv_file(
            f"CNT;Talento Humano;15/01/{year};3;;;Boletín de enero;",  # 2: fine
            f"CNT;Talento Humano;15/03/{year};3;;;Boletín;",  # 3: the lead's draft again
        )

        result = run(press_officer, data)

        assert result.errors == [
            RowError(
                3,
                "Fecha",
                f"Esta fila repite un registro en borrador de Talento Humano de marzo de {year} que nunca se "
                "envió: ese mes no tiene periodo de reporte abierto, así que no cuenta ni llega a revisión. "
                f"Solo están abiertos para reporte: mayo de {year}. Abra el periodo de marzo de {year} en "
                "«Revisión» para que la dependencia lo envíe, o retire ese borrador, y vuelva a importar el archivo.",
            )
        ]
        assert (result.new, result.created) == (1, 0)
        assert database_state() == before

    def test_once_its_month_is_open_the_same_row_is_unchanged(
        self, press_officer, lead_a, indicators, area_a, plan, year
    ):
        ReportingPeriod.objects.create(
            plan=plan, period_start=date(year, 3, 1), period_end=date(year, 3, 31), deadline=date(year, 4, 5)
        )
        self.draft(lead_a, indicators["count"], date(year, 3, 15))

        result = run(press_officer, csv_file(f"CNT;Talento Humano;15/03/{year};3;;;Boletín;"))

        assert (result.unchanged, result.created, result.errors) == (1, 0, [])

    def test_a_row_repeating_a_sent_log_of_such_a_month_is_unchanged(
        self, press_officer, lead_a, indicators, area_a, year
    ):
        self.draft(lead_a, indicators["count"], date(year, 3, 15), status=LogStatus.SUBMITTED)

        result = run(press_officer, csv_file(f"CNT;Talento Humano;15/03/{year};3;;;Boletín;"))

        assert (result.unchanged, result.created, result.errors) == (1, 0, [])


class TestRowErrors:
    def test_every_bad_row_is_reported_at_once_with_row_column_and_reason(
        self, press_officer, indicators, area_a, area_b, plan, year
    ):
        ReportingPeriod.objects.create(
            plan=plan,
            period_start=date(year, 6, 1),
            period_end=date(year, 6, 30),
            deadline=date(year, 7, 5),
            status=ReportingPeriodStatus.CLOSED,
        )
        before = database_state()
        data = csv_file(
            f"CNT;Talento Humano;15/01/{year};3;;;Fila buena;",  # 2: fine
            f"NOPE;Talento Humano;15/01/{year};3;;;x;",  # 3
            f"CNT;Jurídica;15/01/{year};3;;;x;",  # 4
            f"CNT;Talento Humano;32/01/{year};3;;;x;",  # 5
            f"CNT;Talento Humano;15/01/{year - 5};3;;;x;",  # 6
            f"CNT;Talento Humano;15/01/{year};2,5;;;x;",  # 7
            f"PCT;Talento Humano;15/01/{year};120;;;x;",  # 8
            f"HIT;Talento Humano;15/01/{year};tal vez;;;x;",  # 9
            f"RAT;Talento Humano;15/01/{year};;4;0;x;",  # 10
            f"RAT;Talento Humano;15/01/{year};;4;;x;",  # 11
            f"CNT;Talento Humano;15/01/{year};3;;;;",  # 12
            f"CNT;Tecnologías de la Información;15/01/{year};3;;;x;",  # 13
            f"CNT;Talento Humano;15/06/{year};3;;;x;",  # 14
            f"CNT;Talento Humano;15/01/{year};-1;;;x;",  # 15
            f"CNT;Talento Humano;15/01/{year};3;;;x;12,5",  # 16
            f"CNT;Talento Humano;15/01/{year};abc;;;x;",  # 17
            f"COP;Talento Humano;15/01/{year};1,23456;;;x;",  # 18
        )

        result = run(press_officer, data, dry_run=False)

        assert result.errors == [
            RowError(3, "Código del indicador", "No existe el indicador «NOPE» en los planes de su entidad."),
            RowError(4, "Área", "No existe el área «Jurídica» en su entidad."),
            RowError(5, "Fecha", f"«Fecha»: la fecha «32/01/{year}» no existe en el calendario."),
            RowError(
                6,
                "Fecha",
                f"La fecha debe estar dentro de la vigencia del plan (01/01/{year} – 31/12/{year + 1}).",
            ),
            RowError(7, "Valor", "Un conteo debe ser un número entero."),
            RowError(8, "Valor", "Un porcentaje no puede ser mayor que 100."),
            RowError(9, "Valor", "«Valor»: «tal vez» no es un número (escriba por ejemplo 1.234,5)."),
            RowError(10, "Denominador", "El denominador debe ser mayor que cero."),
            RowError(11, "Denominador", "El indicador «RAT» es una razón: indique el denominador."),
            RowError(12, "Descripción", "Describa lo que se hizo."),
            RowError(
                13,
                "Área",
                "La dependencia «Tecnologías de la Información» no es responsable de la actividad "
                "«Boletines internos».",
            ),
            RowError(14, "Fecha", f"El periodo de junio de {year} está cerrado: ya no admite registros ni cambios."),
            RowError(15, "Valor", "El valor no puede ser negativo."),
            RowError(16, "Alcance", "El número de personas debe ser entero."),
            RowError(17, "Valor", "«Valor»: «abc» no es un número (escriba por ejemplo 1.234,5)."),
            RowError(18, "Valor", "Admite hasta 4 decimales."),
        ]
        assert (result.total, result.new, result.error_rows, result.created) == (17, 1, 16, 0)
        assert database_state() == before

    def test_another_entitys_indicator_area_and_plan_are_refused(
        self, press_officer, indicators, area_a, other_entity, year
    ):
        other_plan = ApprovedPlanFactory(
            entity=other_entity,
            title="Plan ajeno",
            status=PlanStatus.IN_EXECUTION,
            vigencia_start=date(year, 1, 1),
            vigencia_end=date(year, 12, 31),
        )
        other_area = AreaFactory(entity=other_entity, name="Prensa ajena")
        other_activity = ActivityFactory(component=ComponentFactory(plan=other_plan))
        other_activity.responsible_areas.add(other_area)
        IndicatorFactory(activity=other_activity, code="AJENO")
        data = csv_file(
            f"AJENO;Prensa ajena;15/01/{year};3;;;x;",
            f"CNT;Prensa ajena;15/01/{year};3;;;x;",
            f"CNT;Talento Humano;15/01/{year};3;;;x;;Plan ajeno",
            header=HEADER + ";Plan",
        )

        result = run(press_officer, data)

        assert result.errors == [
            RowError(2, "Código del indicador", "No existe el indicador «AJENO» en los planes de su entidad."),
            RowError(3, "Área", "No existe el área «Prensa ajena» en su entidad."),
            RowError(4, "Plan", "No existe el plan «Plan ajeno» en su entidad."),
        ]
        assert ActivityLog.objects.count() == 0

    def test_a_code_in_two_plans_needs_the_plan_column(self, press_officer, indicators, area_a, entity, year):
        second = ApprovedPlanFactory(
            entity=entity,
            title="Plan B",
            status=PlanStatus.IN_EXECUTION,
            vigencia_start=date(year, 1, 1),
            vigencia_end=date(year, 12, 31),
        )
        activity_b = ActivityFactory(component=ComponentFactory(plan=second), name="Otra")
        activity_b.responsible_areas.add(area_a)
        IndicatorFactory(activity=activity_b, code="CNT")

        ambiguous = run(press_officer, csv_file(f"CNT;Talento Humano;15/01/{year};3;;;x;"))
        chosen = run(press_officer, csv_file(f"CNT;Talento Humano;15/01/{year};3;;;x;;Plan B", header=HEADER + ";Plan"))

        assert ambiguous.errors == [
            RowError(
                2,
                "Código del indicador",
                "El código «CNT» está en varios planes («Plan 2024-2026», «Plan B»): indique el plan en la "
                "columna «plan».",
            )
        ]
        assert chosen.errors == []
        assert ActivityLog.objects.get().activity == activity_b

    def test_an_activity_that_is_not_the_indicators_is_refused(self, press_officer, indicators, area_a, year):
        data = csv_file(f"CNT;Talento Humano;15/01/{year};3;;;x;;Otra cosa", header=HEADER + ";Actividad")

        result = run(press_officer, data)

        assert result.errors == [
            RowError(2, "Actividad", "El indicador «CNT» mide la actividad «Boletines internos», no «Otra cosa»."),
        ]

    def test_an_unknown_layout_names_the_missing_columns(self, press_officer, indicators):
        with pytest.raises(SpreadsheetError) as error:
            run(press_officer, b"Indicador;Fecha;Notas\nCNT;01/01/2025;x\n")

        assert error.value.message == (
            "Faltan columnas obligatorias en el encabezado: «área», «descripción», «valor» (o «numerador» y "
            "«denominador» para las razones). Columnas encontradas: «Indicador», «Fecha», «Notas»."
        )


class TestWhoMayImport:
    def test_an_area_lead_a_manager_and_view_only_staff_cannot_import(
        self, lead_a, manager, indicators, area_a, year, django_user_model
    ):
        from django.contrib.auth.models import Permission

        viewer = django_user_model.objects.create(username="lector", entity=lead_a.entity, is_staff=True)
        viewer.user_permissions.add(Permission.objects.get(codename="view_activitylog"))
        data = csv_file(f"CNT;Talento Humano;15/01/{year};3;;;x;")
        for user in (lead_a, manager, viewer):
            with pytest.raises(PermissionDenied):
                run(user, data)
        assert ActivityLog.objects.count() == 0

    def test_the_service_refuses_entries_of_another_entity(self, outsider, activity, area_a, indicators, year):
        entry = LogEntry(
            activity=activity,
            area=area_a,
            date=date(year, 1, 15),
            values={indicators["count"].pk: logs.ValueInput(value=D(1))},
            description="x",
        )
        with pytest.raises(PermissionDenied):
            logs_record_historical(user=outsider, entries=[entry])
        assert ActivityLog.objects.count() == 0
