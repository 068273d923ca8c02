from datetime import UTC, date, datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboards.tests.dashboard_data import make_plan, this_year
from indicators.enums import PeriodType
from indicators.tests.factories import IndicatorFactory
from plans.tests.factories import (
    ActivityFactory,
    AreaFactory,
    ComponentFactory,
    PlanFactory,
    ResponsibilityFactory,
)
from reports.enums import ReportStatus
from reports.models import Report

pytestmark = pytest.mark.django_db


def build_plan(entity, components, activities, indicators):
    plan = PlanFactory(entity=entity)
    area = AreaFactory(entity=entity)
    for c in range(components):
        component = ComponentFactory(plan=plan, order=c)
        ResponsibilityFactory(component=component)
        for a in range(activities):
            activity = ActivityFactory(component=component, order=a)
            activity.responsible_areas.add(area)
            for _ in range(indicators):
                IndicatorFactory(activity=activity)
    return plan


def count_queries(client, plan):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("indicators:plan_matrix", args=[plan.pk]))
    assert response.status_code == 200
    return len(queries)


class TestPlanMatrix:
    def test_it_runs_the_same_number_of_queries_for_a_small_and_a_large_plan(self, client, manager, entity):
        client.force_login(manager)
        small = build_plan(entity, 1, 1, 1)
        large = build_plan(entity, 4, 6, 2)
        count_queries(client, small)  # warm the session and the user's groups
        assert count_queries(client, large) == count_queries(client, small)

    def test_rows_follow_component_activity_and_indicator_order(self, client, manager, entity):
        plan = build_plan(entity, 2, 2, 1)
        client.force_login(manager)
        html = client.get(reverse("indicators:plan_matrix", args=[plan.pk])).content.decode()
        names = [
            i.name
            for c in plan.components.order_by("order")
            for a in c.activities.order_by("order")
            for i in a.indicators.all()
        ]
        positions = [html.index(name) for name in names]
        assert positions == sorted(positions)
        # Four indicator rows and, per component, a row for its responsibility no activity carries.
        assert html.count('class="matrix-row"') == 6

    @pytest.mark.parametrize("persona", ["press_officer", "lead_a", "manager", "superuser"])
    def test_the_entitys_people_can_read_it(self, client, persona, request, entity):
        plan = build_plan(entity, 1, 1, 1)
        client.force_login(request.getfixturevalue(persona))
        assert client.get(reverse("indicators:plan_matrix", args=[plan.pk])).status_code == 200

    def test_a_user_of_another_entity_gets_404(self, client, outsider, entity):
        plan = build_plan(entity, 1, 1, 1)
        client.force_login(outsider)
        assert client.get(reverse("indicators:plan_matrix", args=[plan.pk])).status_code == 404

    def test_anonymous_is_sent_to_login(self, client, entity):
        plan = build_plan(entity, 1, 1, 1)
        response = client.get(reverse("indicators:plan_matrix", args=[plan.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_it_prints_without_navigation(self, client, manager, entity):
        plan = build_plan(entity, 1, 1, 1)
        client.force_login(manager)
        html = client.get(reverse("indicators:plan_matrix", args=[plan.pk])).content.decode()
        assert 'class="navbar navbar-expand-md navbar-dark bg-primary-dark d-print-none"' in html


class TestReportListInEnglish:
    def test_when_a_report_was_asked_for_and_generated_reads_day_month_name_year(self, client, manager, entity):
        plan = make_plan(entity)
        report = Report.objects.create(
            plan=plan,
            period_type=PeriodType.QUARTER,
            period_start=date(this_year(), 7, 1),
            status=ReportStatus.READY,
            generated_at=datetime(2026, 12, 2, 16, 49, tzinfo=UTC),
        )
        Report.objects.filter(pk=report.pk).update(created_at=datetime(2026, 12, 2, 16, 48, tzinfo=UTC))
        client.force_login(manager)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

        html = client.get(reverse("reports:report_list")).content.decode()

        assert "<td>2 Dec 2026 11:49</td>" in html
        assert "<td>2 Dec 2026 11:48<br>" in html
        assert f"{plan.title} · Q3 {this_year()}" in html
