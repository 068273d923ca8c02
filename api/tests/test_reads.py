"""The API's reads: scoped like the site (another entity's object is a 404), the plan's tree,
filters that name a bad parameter, cursor pages, and query counts that do not grow with the
page size."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from indicators.enums import PeriodType
from indicators.tests.factories import IndicatorFactory, TargetFactory
from plans.tests.factories import ObjectiveFactory, ResponsibilityFactory
from rollups.models import PeriodValue

pytestmark = pytest.mark.django_db


def ids(response):
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


class TestScope:
    def test_another_entitys_plan_is_a_404_and_absent_from_lists(self, api_as, lead_a, plan, other_plan):
        client = api_as(lead_a)
        assert ids(client.get("/api/v1/plans/")) == [plan.pk]
        response = client.get(f"/api/v1/plans/{other_plan.pk}/")
        assert response.status_code == 404
        assert response.json() == {"status": 404, "code": "not_found", "detail": "No encontrado.", "errors": {}}
        other_indicator = other_plan.indicators.get()
        assert client.get(f"/api/v1/indicators/{other_indicator.pk}/").status_code == 404
        assert other_indicator.pk not in ids(client.get("/api/v1/indicators/"))

    def test_the_outsider_sees_nothing_of_the_entity(self, api_as, outsider, plan, indicator):
        client = api_as(outsider)
        assert client.get(f"/api/v1/plans/{plan.pk}/").status_code == 404
        assert indicator.pk not in ids(client.get("/api/v1/indicators/"))
        assert plan.entity_id not in ids(client.get("/api/v1/entities/"))

    def test_reports_and_mentions_are_the_press_office_and_managers(self, api_as, lead_a, manager, press_officer):
        assert api_as(lead_a).get("/api/v1/mentions/").status_code == 403
        assert api_as(lead_a).get("/api/v1/reports/").status_code == 403
        assert api_as(manager).get("/api/v1/reports/").status_code == 200
        assert api_as(press_officer).get("/api/v1/mentions/").status_code == 200

    def test_an_area_lead_reads_only_its_areas_logs(
        self, period, api_as, lead_a, lead_b, press_officer, indicator, today
    ):
        from execution import services as logs
        from execution.services import ValueInput

        log = logs.log_record(
            user=lead_a,
            activity=indicator.activity,
            area=lead_a.area,
            date=today,
            values={indicator.pk: ValueInput(value=Decimal(2))},
            description="Dos comunicados",
        )
        assert ids(api_as(lead_a).get("/api/v1/logs/")) == [log.pk]
        assert ids(api_as(lead_b).get("/api/v1/logs/")) == []
        assert api_as(lead_b).get(f"/api/v1/logs/{log.pk}/").status_code == 404
        assert ids(api_as(press_officer).get("/api/v1/logs/")) == [log.pk]


class TestPlanTree:
    def test_a_plan_carries_its_whole_tree_and_ficha_tecnica(self, api_as, press_officer, plan, indicator, activity):
        ObjectiveFactory(plan=plan, text="Fortalecer la comunicación interna")
        ResponsibilityFactory(component=activity.component, text="Publicar los comunicados")
        IndicatorFactory(plan=plan, activity=None, code="PLAN-01", name="Tasa de adopción")
        body = api_as(press_officer).get(f"/api/v1/plans/{plan.pk}/").json()
        assert body["objectives"][0]["text"] == "Fortalecer la comunicación interna"
        component = body["components"][0]
        assert component["responsibilities"][0]["text"] == "Publicar los comunicados"
        assert component["activities"][0]["responsible_areas"] == [activity.responsible_areas.get().pk]
        ficha = component["activities"][0]["indicators"][0]
        assert ficha["code"] == "EXT-01" and {"unit", "aggregation", "baseline", "verification_means"} <= set(ficha)
        assert [i["code"] for i in body["plan_indicators"]] == ["PLAN-01"]

    def test_the_tree_costs_the_same_queries_with_more_activities(self, api_as, press_officer, plan, component):
        from plans.tests.factories import ActivityFactory

        client = api_as(press_officer)
        client.get("/api/v1/entities/")  # the token's first use writes last_used_at

        def count():
            with CaptureQueriesContext(connection) as queries:
                assert client.get(f"/api/v1/plans/{plan.pk}/").status_code == 200
            return len(queries)

        ActivityFactory(component=component)
        few = count()
        for _ in range(8):
            IndicatorFactory(activity=ActivityFactory(component=component))
        assert count() == few


def make_period_values(indicator, count):
    now = timezone.now()
    PeriodValue.objects.bulk_create(
        PeriodValue(
            indicator=indicator,
            period_type=PeriodType.MONTH,
            period_start=date(1900 + n // 12, n % 12 + 1, 1),
            value=Decimal(n),
            computed_at=now,
        )
        for n in range(count)
    )


class TestPeriodValues:
    def test_queries_do_not_grow_from_10_to_500_values(self, api_as, press_officer, plan, indicator, activity):
        other = IndicatorFactory(activity=activity, code="EXT-09")
        make_period_values(indicator, 500)
        make_period_values(other, 500)
        client = api_as(press_officer)
        client.get("/api/v1/entities/")

        def count(size):
            with CaptureQueriesContext(connection) as queries:
                response = client.get(f"/api/v1/period-values/?plan={plan.pk}&page_size={size}")
            assert len(response.json()["results"]) == size
            return len(queries)

        assert count(10) == count(500)

    def test_filters_by_indicator_type_period_and_area(self, api_as, lead_a, indicator, activity_b, area_a, area_b):
        make_period_values(indicator, 3)
        make_period_values(activity_b.indicators.get(), 3)
        client = api_as(lead_a)
        mine = client.get(f"/api/v1/period-values/?area={area_a.pk}").json()["results"]
        assert {row["indicator"] for row in mine} == {indicator.pk}
        one = client.get(f"/api/v1/period-values/?indicator={indicator.pk}&period_type=mes&period=1900-02-01")
        assert [row["value"] for row in one.json()["results"]] == ["1.0000"]

    def test_a_bad_filter_is_named_in_spanish_and_english(self, api_as, lead_a):
        response = api_as(lead_a).get("/api/v1/period-values/?period_type=semana&period=ayer")
        assert response.status_code == 400
        errors = response.json()["errors"]
        assert set(errors) == {"period_type", "period"}
        assert "no es una elección válida" in errors["period_type"][0]
        english = api_as(lead_a, "en").get("/api/v1/period-values/?period_type=semana")
        assert english.json()["detail"] == "The request has errors: check the fields named."
        assert "is not a valid choice" in english.json()["errors"]["period_type"][0]
        assert english["Content-Language"] == "en"

    def test_cursor_pages_walk_every_value_once(self, api_as, press_officer, indicator):
        make_period_values(indicator, 25)
        client = api_as(press_officer)
        seen, url = [], "/api/v1/period-values/?page_size=10"
        while url:
            body = client.get(url).json()
            seen += [row["id"] for row in body["results"]]
            url = body["next"]
        assert len(seen) == len(set(seen)) == 25


class TestTargets:
    def test_targets_of_the_plan_by_period_type(self, api_as, manager, indicator, plan):
        target = TargetFactory(indicator=indicator, period_type=PeriodType.YEAR, period_start=plan.vigencia_start)
        client = api_as(manager)
        assert ids(client.get(f"/api/v1/targets/?plan={plan.pk}&period_type=anio")) == [target.pk]
        assert ids(client.get(f"/api/v1/targets/?plan={plan.pk}&period_type=mes")) == []


class TestErrors:
    @pytest.mark.parametrize(
        "url",
        [
            "/api/v1/plans/99999999999999999999999/",
            "/api/v1/plans/abc/",
            "/api/v1/no-existe/",
            "/api/v1/plans/?cursor=basura",
            "/api/v1/logs/?plan=-1",
            "/api/v1/logs/?plan=99999999999999999999",
        ],
    )
    def test_bad_addresses_get_json_never_html_or_500(self, api_as, lead_a, url):
        response = api_as(lead_a).get(url)
        assert response.status_code in (400, 404)
        assert response["Content-Type"] == "application/json"
        assert response.json()["status"] == response.status_code

    def test_a_body_that_is_not_json_is_named(self, api_as, lead_a):
        response = api_as(lead_a).generic("POST", "/api/v1/logs/", "{no", content_type="application/json")
        assert response.status_code == 400
        assert response.json()["code"] == "parse_error"

    def test_an_address_with_a_line_break_is_a_json_404(self, api_as, lead_a):
        response = api_as(lead_a).get("/api/v1/indicators/x%0Ay/")
        assert response.status_code == 404 and response["Content-Type"] == "application/json"
