"""The press office's day in a real browser, under the product's Content Security Policy: the
press officer logs in, lands on its home with what waits for it, and every page it works in —
the web pages and the back office's lists and forms — passes axe-core without serious or
critical findings and fits the screen, on a laptop (1280×800) and on a phone (390×844)."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from campaigns.enums import PieceStatus
from campaigns.tests.factories import ContentPieceFactory
from dashboards.tests.dashboard_data import build, with_figures
from execution.models import ReportingPeriod
from indicators.enums import PeriodType
from indicators.models import Target
from listening.models import Suggestion
from plans.tests.factories import AudienceFactory, ChannelFactory, ObjectiveFactory, ResponsibilityFactory
from reports.enums import ReportStatus
from reports.models import Report, ReportSchedule

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENS = [{"width": 1280, "height": 800}, {"width": 390, "height": 844}]
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"


def press_office_world(entity, area_a, area_b, press_officer):
    """A plan in execution as the demo has it (objectives, components with responsibilities,
    activities, indicators with targets, logs, one sent for review), and one row in each of
    the press office's queues."""
    world = with_figures(build(entity, area_a, area_b), press_officer)
    plan = world.plan
    ObjectiveFactory(plan=plan, text="Informar a la ciudadanía sobre los trámites en línea.")
    ResponsibilityFactory(component=world.activity_a.component, text="Redactar y difundir los comunicados.")
    AudienceFactory(entity=entity)
    ChannelFactory(entity=entity)
    ContentPieceFactory(
        area=area_a, activity=world.activity_a, campaign=None, status=PieceStatus.IN_REVIEW, title="Boletín de marzo"
    )
    Report.objects.create(
        plan=plan, period_type=PeriodType.MONTH, period_start=date(2025, 3, 1), status=ReportStatus.FAILED
    )
    schedule = ReportSchedule.objects.create(plan=plan, period_type=PeriodType.MONTH)
    month = timezone.localdate().replace(day=1)
    ReportingPeriod.objects.create(
        plan=plan,
        period_start=month,
        period_end=(month + timedelta(days=32)).replace(day=1) - timedelta(days=1),
        deadline=timezone.localdate() + timedelta(days=2),
    )
    Suggestion.objects.create(entity=entity, text="Publiquen los horarios de atención.")
    return world, schedule


def admin_pages(name: str, obj) -> list[str]:
    return [
        reverse(f"admin:{name}_changelist"),
        reverse(f"admin:{name}_change", args=[obj.pk]),
        reverse(f"admin:{name}_add"),
    ]


def press_office_pages(world, schedule, entity, area_a) -> list[str]:
    target = Target.objects.filter(indicator=world.releases).first()
    return [
        reverse("plans:press_home"),
        reverse("execution:review"),
        reverse("execution:log_list"),
        reverse("reports:report_list"),
        reverse("campaigns:calendar_month"),
        reverse("campaigns:calendar_list") + "?status=en_revision",
        reverse("admin:index"),
        *admin_pages("plans_plan", world.plan),
        *admin_pages("plans_component", world.activity_a.component),
        *admin_pages("plans_activity", world.activity_a),
        *admin_pages("indicators_indicator", world.releases),
        *admin_pages("indicators_target", target),
        *admin_pages("plans_area", area_a),
        *admin_pages("reports_reportschedule", schedule),
        reverse("admin:plans_entity_changelist"),
        reverse("admin:plans_entity_change", args=[entity.pk]),
        reverse("admin:execution_activitylog_changelist"),
        reverse("admin:reports_report_changelist"),
    ]


@pytest.fixture
def csp_page(_browser, live_server):
    """One page in Spanish under the product's own Content Security Policy (no bypass): what
    the admin's script and styles do here, they do in production."""
    context = _browser.new_context(locale="es-CO", timezone_id="America/Bogota", base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def test_every_page_of_the_press_offices_day_passes_axe_on_a_laptop_and_a_phone(
    csp_page, browser_login, axe_check, entity, area_a, area_b, press_officer
):
    world, schedule = press_office_world(entity, area_a, area_b, press_officer)
    page = csp_page
    browser_login(page, press_officer)

    # Login lands on the press office's home, with what waits for it.
    assert page.url.endswith(reverse("plans:press_home"))
    assert page.get_by_role("heading", level=1).inner_text() == "Inicio de la oficina de prensa"
    for queue in ("execution.logs_to_review", "campaigns.pieces_in_review", "reports.failed"):
        assert page.locator(f'[data-queue="{queue}"] .worklist-count').inner_text().startswith("1")
    assert page.locator('[data-queue="execution.periods_closing"] .worklist-count').inner_text().startswith("1")

    pages = press_office_pages(world, schedule, entity, area_a)
    for screen in SCREENS:
        page.set_viewport_size(screen)
        for path in pages:
            response = page.goto(path)
            assert response.ok, (path, response.status)
            page.wait_for_load_state("networkidle")
            where = f"on {path} at {screen['width']} px"
            axe_check(page, where)
            assert page.evaluate(PAGE_OVERFLOW) == 0, f"the page scrolls sideways {where}"

    # From the back office, the press office gets back to its home.
    page.goto(reverse("admin:index"))
    page.get_by_role("link", name="Inicio de la oficina de prensa").click()
    assert page.url.endswith(reverse("plans:press_home"))
