"""The press office's home (/prensa/): each role lands where it works, and the press office sees
what waits for it in its own entity only, counted in a bounded number of queries."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from campaigns.enums import PieceStatus
from campaigns.tests.factories import ContentPieceFactory
from execution.enums import LogStatus, ReportingPeriodStatus
from execution.models import ActivityLog, ReportingPeriod
from indicators.enums import PeriodType
from listening.enums import SuggestionStatus
from listening.models import Suggestion
from plans import worklist
from plans.enums import PlanStatus
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, AreaFactory, UserFactory
from reports.enums import ReportStatus
from reports.models import Report

pytestmark = pytest.mark.django_db

QUEUES = [
    "execution.logs_to_review",
    "execution.drafts_out_of_period",
    "campaigns.pieces_in_review",
    "reports.failed",
    "execution.periods_closing",
    "listening.suggestions_new",
]


def build_work(entity, waiting: int) -> None:
    """Give ``entity`` ``waiting`` rows in every queue, and next to them rows that wait for
    nobody (a draft log, an idea, a draft piece, a failed report generated again since, a period closing next
    month or already closed, a suggestion in progress, a draft in a month open for reporting)."""
    area = AreaFactory(entity=entity)
    plan = ApprovedPlanFactory(entity=entity, status=PlanStatus.IN_EXECUTION)
    activity = ActivityFactory(component__plan=plan)
    author = UserFactory(entity=entity, area=area)
    today = timezone.localdate()
    # Drafts of March 2025, a month with no reporting period, wait for the press office to open
    # it; a draft of February 2024, whose period is open, waits for its area.
    logs = [(LogStatus.SUBMITTED, date(2025, 3, 3))] * waiting + [(LogStatus.DRAFT, date(2025, 3, 3))] * waiting
    for status, day in [*logs, (LogStatus.DRAFT, date(2024, 2, 10)), (LogStatus.APPROVED, date(2025, 3, 3))]:
        ActivityLog.objects.create(
            activity=activity, area=area, date=day, description="Taller", status=status, reported_by=author
        )
    for status in [PieceStatus.IN_REVIEW] * waiting + [PieceStatus.IDEA, PieceStatus.DRAFT]:
        ContentPieceFactory(area=area, status=status, campaign=None, activity=activity)
    for month in range(1, waiting + 1):
        Report.objects.create(
            plan=plan, period_type=PeriodType.MONTH, period_start=date(2025, month, 1), status=ReportStatus.FAILED
        )
    # A report that failed and was generated again since waits for nobody.
    for version, status in [(1, ReportStatus.FAILED), (2, ReportStatus.READY)]:
        Report.objects.create(
            plan=plan, period_type=PeriodType.QUARTER, period_start=date(2025, 1, 1), version=version, status=status
        )
    # Open periods due within the week (one already overdue), one due next month, one closed.
    deadlines = [today - timedelta(days=3)] + [today + timedelta(days=day % 7) for day in range(waiting - 1)]
    for month, (deadline, status) in enumerate(
        [(deadline, ReportingPeriodStatus.OPEN) for deadline in deadlines]
        + [(today + timedelta(days=30), ReportingPeriodStatus.OPEN), (today, ReportingPeriodStatus.CLOSED)],
        start=1,
    ):
        start = date(2024 + month // 12, month % 12 + 1, 1)
        ReportingPeriod.objects.create(
            plan=plan, period_start=start, period_end=start + timedelta(days=27), deadline=deadline, status=status
        )
    for status in [SuggestionStatus.NEW] * waiting + [SuggestionStatus.IN_PROGRESS]:
        Suggestion.objects.create(entity=entity, text="Que publiquen los horarios.", status=status)


def counts(response) -> dict[str, int]:
    return {row.item.key: row.count for row in response.context["rows"]}


class TestWhereEachRoleLands:
    def test_the_press_office_lands_on_its_home(self, client, press_officer):
        client.force_login(press_officer)
        assert client.get(reverse("home"))["Location"] == reverse("plans:press_home")

    def test_a_superuser_lands_on_the_press_office_home(self, client, superuser):
        client.force_login(superuser)
        assert client.get(reverse("home"))["Location"] == reverse("plans:press_home")

    def test_an_area_lead_still_lands_on_my_activities(self, client, lead_a):
        client.force_login(lead_a)
        assert client.get(reverse("home"))["Location"] == reverse("dashboards:my_activities")

    def test_a_manager_still_lands_on_the_dashboard_overview(self, client, manager):
        client.force_login(manager)
        assert client.get(reverse("home"))["Location"] == reverse("dashboards:overview")

    def test_the_login_form_takes_the_press_office_to_its_home(self, client, press_officer):
        from plans.tests.factories import DEFAULT_PASSWORD

        response = client.post(reverse("login"), {"username": "prensa", "password": DEFAULT_PASSWORD}, follow=True)
        assert response.redirect_chain[-1][0] == reverse("plans:press_home")
        assert "Inicio de la oficina de prensa" in response.content.decode()


class TestWhoOpensThePressHome:
    def test_an_area_lead_is_refused(self, client, lead_a):
        client.force_login(lead_a)
        assert client.get(reverse("plans:press_home")).status_code == 403

    def test_a_manager_is_refused(self, client, manager):
        client.force_login(manager)
        assert client.get(reverse("plans:press_home")).status_code == 403

    def test_an_anonymous_visitor_is_sent_to_the_login(self, client):
        response = client.get(reverse("plans:press_home"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


class TestTheQueues:
    def test_every_queue_is_registered_in_its_order(self):
        assert [item.key for item in worklist.items()] == QUEUES

    def test_the_press_office_sees_its_entitys_counts(self, client, press_officer, entity):
        build_work(entity, waiting=2)
        client.force_login(press_officer)
        response = client.get(reverse("plans:press_home"))
        assert response.status_code == 200
        assert counts(response) == dict.fromkeys(QUEUES, 2)
        assert response.context["waiting"] == 2 * len(QUEUES)

    def test_another_entitys_work_is_not_counted(self, client, press_officer, entity, outsider, other_entity):
        build_work(entity, waiting=2)
        build_work(other_entity, waiting=3)
        client.force_login(outsider)
        assert counts(client.get(reverse("plans:press_home"))) == dict.fromkeys(QUEUES, 3)
        client.force_login(press_officer)
        assert counts(client.get(reverse("plans:press_home"))) == dict.fromkeys(QUEUES, 2)

    def test_a_superuser_counts_every_entity(self, client, superuser, entity, other_entity):
        build_work(entity, waiting=2)
        build_work(other_entity, waiting=3)
        client.force_login(superuser)
        response = client.get(reverse("plans:press_home"))
        assert counts(response) == dict.fromkeys(QUEUES, 5)
        assert "Todas las entidades" in response.content.decode()

    def test_each_queue_links_to_where_its_work_is_done(self, client, press_officer, entity):
        build_work(entity, waiting=1)
        client.force_login(press_officer)
        html = client.get(reverse("plans:press_home")).content.decode()
        assert f'href="{reverse("execution:review")}">Registros por revisar</a>' in html
        assert f'href="{reverse("execution:review")}#periodos">' in html
        assert f'href="{reverse("execution:review")}#fuera-de-periodo">Borradores fuera de periodo</a>' in html
        assert f'href="{reverse("campaigns:pieces_to_approve")}">Piezas por aprobar</a>' in html
        assert f'href="{reverse("reports:report_list")}">Informes que fallaron</a>' in html
        assert f'href="{reverse("listening:suggestion_list")}?estado=nueva">' in html
        assert f'href="{reverse("admin:index")}"' in html

    def test_with_nothing_waiting_the_page_says_so(self, client, press_officer):
        client.force_login(press_officer)
        response = client.get(reverse("plans:press_home"))
        assert counts(response) == dict.fromkeys(QUEUES, 0)
        assert "No hay nada pendiente" in response.content.decode()

    def test_the_page_costs_the_same_queries_for_one_row_or_many(self, client, press_officer, entity):
        client.force_login(press_officer)
        build_work(entity, waiting=1)
        with CaptureQueriesContext(connection) as few:
            client.get(reverse("plans:press_home"))
        build_work(entity, waiting=6)
        with CaptureQueriesContext(connection) as many:
            response = client.get(reverse("plans:press_home"))
        assert counts(response) == dict.fromkeys(QUEUES, 7)
        assert len(many) == len(few)
        # The session, the user, its roles, its entity, then one count per queue.
        assert len(many) == 4 + len(QUEUES)
