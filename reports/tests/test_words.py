"""The report files read as the office writes: milestones «Sí»/«No», months in lower case,
quarters in Roman numerals, file names without «--»."""

import io
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from indicators.enums import Aggregation, PeriodType, TargetDerivation, Unit
from indicators.tests.factories import IndicatorFactory
from plans.enums import PlanStatus
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, ComponentFactory
from reports.files import report_pdf, report_xlsx
from reports.models import Report
from reports.services import report_filename
from reports.snapshot import report_snapshot
from rollups.services import rollup_plan
from rollups.tests.test_rollup import log

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(entity):
    return ApprovedPlanFactory(
        entity=entity,
        title="Plan de Comunicaciones 2025",
        status=PlanStatus.IN_EXECUTION,
        vigencia_start=date(2025, 1, 1),
        vigencia_end=date(2025, 12, 31),
    )


@pytest.fixture
def milestone(plan, area_a):
    activity = ActivityFactory(component=ComponentFactory(plan=plan), name="Manual de marca")
    activity.responsible_areas.add(area_a)
    indicator = IndicatorFactory(
        activity=activity,
        code="HIT-01",
        name="Manual de marca publicado",
        unit=Unit.MILESTONE,
        aggregation=Aggregation.MAX,
        target_derivation=TargetDerivation.REPEAT,
    )
    indicator.targets.create(period_type=PeriodType.YEAR, period_start=date(2025, 1, 1), value=Decimal(1))
    log(indicator, date(2025, 7, 15), 1)
    rollup_plan(plan=plan)
    return indicator


def quarter_snapshot(plan):
    return report_snapshot(plan=plan, period_type=PeriodType.QUARTER, period_start=date(2025, 7, 1))


def test_a_milestone_reads_si_in_the_xlsx_as_on_screen(plan, milestone):
    sheet = load_workbook(io.BytesIO(report_xlsx(quarter_snapshot(plan))))["Indicadores"]
    header = [cell.value for cell in sheet[1]]
    row = [cell.value for cell in sheet[2]]
    assert row[header.index("Meta")] == "Sí"
    assert row[header.index("Valor")] == "Sí"
    assert row[header.index("Valor III trimestre de 2025")] == "Sí"
    assert row[header.index("Valor I trimestre de 2025")] is None


def test_a_milestone_reads_si_and_no_in_the_pdf(plan, milestone):
    reader = PdfReader(io.BytesIO(report_pdf(quarter_snapshot(plan))))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "III trimestre de 2025" in text
    assert "Sí Sí" in text  # target and value
    assert "— · — · Sí" in text  # the trend: nothing in the first two quarters, then met


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Plan de Comunicaciones 2025", "informe-plan-de-comunicaciones-2025-iii-trimestre-de-2025-v1.pdf"),
        # Cut at 60 characters right after a hyphen.
        (
            "Plan Estratégico de Comunicaciones de la Gobernación – 2025 a 2028",
            "informe-plan-estrategico-de-comunicaciones-de-la-gobernacion-2025-a-iii-trimestre-de-2025-v1.pdf",
        ),
        ("«—»", "informe-iii-trimestre-de-2025-v1.pdf"),
    ],
)
def test_a_report_file_name_never_has_a_double_hyphen(plan, title, expected):
    plan.title = title
    report = Report(plan=plan, period_type=PeriodType.QUARTER, period_start=date(2025, 7, 1), version=1)
    assert report_filename(report, "pdf") == expected


def test_a_month_is_lower_case_inside_a_line_and_capitalised_alone_on_the_cover(plan, milestone):
    snapshot = report_snapshot(plan=plan, period_type=PeriodType.MONTH, period_start=date(2025, 7, 1))
    reader = PdfReader(io.BytesIO(report_pdf(snapshot)))
    cover, *pages = [page.extract_text() for page in reader.pages]
    assert "\nJulio de 2025\n" in cover
    assert "Plan de Comunicaciones 2025 · julio de 2025" in pages[0]
    assert "Periodo: julio de 2025 (mes)" in cover
