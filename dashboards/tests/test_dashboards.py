"""The managers' dashboards: the plan dashboard, the indicator page, the area page and the
overview, through the web pages, persona by persona."""

import json
import re
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboards.selectors.indicator import FICHA_FIELDS
from dashboards.selectors.overview import entity_comparison, entity_queryset
from dashboards.tests.dashboard_data import (
    build,
    evidence,
    log,
    make_plan,
    many_indicators,
    this_month,
    this_year,
    with_figures,
)
from execution.enums import LogStatus
from indicators.enums import PeriodType
from indicators.models import Target
from indicators.periods import period_label
from plans.tests.factories import AreaFactory, EntityFactory, UserFactory
from plans.tests.test_admin import admin_form_data, admin_url, form_errors
from rollups.cache import plan_cache_version
from rollups.enums import ProgressStatus
from rollups.models import PeriodValue, RollupRun
from rollups.progress import plan_progress
from rollups.services import rollup_plan
from rollups.tests.test_tasks import broker_down

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture(autouse=True)
def empty_cache():
    # Test databases reuse ids, and the cache outlives a test: start each test with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(entity, area_a, area_b, press_officer):
    return with_figures(build(entity, area_a, area_b), press_officer)


@pytest.fixture
def no_role(entity):
    return UserFactory(username="sin_rol", entity=entity)


PERSONAS = ["press_officer", "lead_a", "lead_b", "manager", "outsider", "superuser", "no_role"]


def get(client, request, persona, url):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    return client.get(url)


def month_params():
    return f"anio={this_year()}&tipo=mes&periodo={this_month().month}"


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def scripts(html):
    return re.findall(r"<script\b[^>]*>", html)


# --- the plan dashboard ---------------------------------------------------------------------


class TestPlanDashboardAccess:
    @pytest.mark.parametrize(
        ("persona", "status"),
        [
            ("press_officer", 200),
            ("lead_a", 200),
            ("lead_b", 200),
            ("manager", 200),
            ("superuser", 200),
            ("outsider", 404),
            ("no_role", 403),
        ],
    )
    def test_each_persona_gets_its_answer(self, client, request, world, persona, status):
        response = get(client, request, persona, reverse("dashboards:plan_dashboard", args=[world.plan.pk]))
        assert response.status_code == status

    def test_an_anonymous_visitor_is_sent_to_the_login(self, client, world):
        response = client.get(reverse("dashboards:plan_dashboard", args=[world.plan.pk]))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    def test_a_missing_plan_is_a_404(self, client, manager):
        client.force_login(manager)
        assert client.get(reverse("dashboards:plan_dashboard", args=[999999])).status_code == 404


class TestPlanDashboard:
    def url(self, world, params=""):
        return reverse("dashboards:plan_dashboard", args=[world.plan.pk]) + (f"?{params}" if params else "")

    def test_it_shows_the_progress_of_the_month_under_way_by_default(self, client, manager, world):
        client.force_login(manager)
        dashboard = client.get(self.url(world)).context["dashboard"]
        assert (dashboard.filters.period_type, dashboard.filters.period_start) == (PeriodType.MONTH, this_month())
        # EXT-01: 8 of 10 = 80 %; INT-01: 2 of 1 = 200 %, capped at 100: (80 + 100) / 2.
        assert dashboard.overall.percent == D("90.0")
        assert [(row.name, row.percent) for row in dashboard.component_progress] == [
            ("Comunicación externa", D("80.0")),
            ("Comunicación interna", D("100.0")),
        ]
        assert [(row.name, row.percent) for row in dashboard.area_progress] == [
            ("Talento Humano", D("80.0")),
            ("Tecnologías de la Información", D("100.0")),
        ]

    def test_the_indicator_table_has_value_target_achievement_status_and_pending(self, client, manager, world):
        client.force_login(manager)
        response = client.get(self.url(world, month_params()))
        rows = response.context["dashboard"].rows
        assert [(r.indicator.code, r.value, r.target, r.achievement, r.status, r.pending) for r in rows] == [
            ("EXT-01", D("8"), D("10"), D("80"), ProgressStatus.AT_RISK, D("3")),
            ("INT-01", D("2"), D("1"), D("200"), ProgressStatus.ON_TRACK, None),
        ]
        html = response.content.decode()
        assert "80 %" in html
        assert "3 por aprobar" in html
        badge = '<span class="badge-symbol" aria-hidden="true">!</span> En riesgo</span>'
        assert f'<span class="badge-progress badge-progress-en_riesgo">{badge}' in html

    def test_the_year_compares_with_the_annual_target(self, client, manager, world):
        client.force_login(manager)
        response = client.get(self.url(world, f"anio={this_year()}&tipo=anio"))
        rows = response.context["dashboard"].rows
        assert [(r.indicator.code, r.value, r.target, r.achievement, r.status) for r in rows] == [
            ("EXT-01", D("8"), D("120"), D("6.67"), ProgressStatus.LATE),
            ("INT-01", D("2"), D("12"), D("16.67"), ProgressStatus.LATE),
        ]
        # Components 6.7 and 16.7 (each rounded to a tenth), the plan their mean.
        assert response.context["dashboard"].overall.percent == D("11.7")

    def test_it_filters_by_component_and_by_area(self, client, manager, world, area_b):
        client.force_login(manager)
        component = world.activity_a.component
        by_component = client.get(self.url(world, f"{month_params()}&componente={component.pk}"))
        assert [r.indicator.code for r in by_component.context["dashboard"].rows] == ["EXT-01"]
        by_area = client.get(self.url(world, f"{month_params()}&dependencia={area_b.pk}"))
        assert [r.indicator.code for r in by_area.context["dashboard"].rows] == ["INT-01"]

    def test_it_sorts_on_the_server_by_the_orden_parameter(self, client, manager, world):
        client.force_login(manager)
        descending = client.get(self.url(world, f"{month_params()}&orden=-cumplimiento"))
        assert [r.indicator.code for r in descending.context["dashboard"].rows] == ["INT-01", "EXT-01"]
        by_status = client.get(self.url(world, f"{month_params()}&orden=estado"))
        # The worst first: en riesgo before al día.
        assert [r.indicator.code for r in by_status.context["dashboard"].rows] == ["EXT-01", "INT-01"]
        assert 'aria-sort="ascending"' in by_status.content.decode()

    def test_a_hand_edited_address_falls_back_to_the_defaults(self, client, manager, world):
        client.force_login(manager)
        response = client.get(self.url(world, "anio=1900&tipo=semana&periodo=99&componente=x&orden=drop"))
        filters = response.context["dashboard"].filters
        assert response.status_code == 200
        assert (filters.period_type, filters.period_start, filters.component_id, filters.order) == (
            PeriodType.MONTH,
            this_month(),
            None,
            "",
        )

    def test_a_component_of_another_plan_is_ignored(self, client, manager, world, entity):
        other = build(entity, AreaFactory(entity=entity), AreaFactory(entity=entity), title="Otro plan")
        client.force_login(manager)
        response = client.get(self.url(world, f"componente={other.activity_a.component_id}"))
        assert response.context["dashboard"].filters.component_id is None

    def test_it_shows_when_the_figures_were_last_computed_in_bogota_time(self, client, manager, world):
        RollupRun.objects.filter(plan=world.plan).update(finished_at=datetime(2030, 3, 5, 19, 30, tzinfo=UTC))
        client.force_login(manager)
        html = client.get(self.url(world)).content.decode()
        assert "05/03/2030 14:30" in html

    def test_in_english_the_vigencia_and_the_last_computation_read_day_month_name_year(self, client, manager, world):
        RollupRun.objects.filter(plan=world.plan).update(finished_at=datetime(2030, 3, 5, 19, 30, tzinfo=UTC))
        client.force_login(manager)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        html = client.get(self.url(world)).content.decode()
        year = this_year()
        assert f"Validity period: 1 Jan {year - 1} – 31 Dec {year + 1}" in html
        assert 'Figures calculated on <time datetime="2030-03-05T14:30:00-05:00">5 Mar 2030 14:30</time>' in html

    def test_a_quarter_reads_q3_in_english_and_iii_trimestre_in_spanish(self, client, manager, world):
        client.force_login(manager)
        url = self.url(world, f"anio={this_year()}&tipo=trimestre&periodo=3")
        assert f"Avance del plan en III trimestre de {this_year()}" in client.get(url).content.decode()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        english = client.get(url)
        assert f"Plan progress in Q3 {this_year()}" in english.content.decode()
        assert [label for _number, label in english.context["dashboard"].options[PeriodType.QUARTER]] == [
            f"Q{quarter} {this_year()}" for quarter in (1, 2, 3, 4)
        ]

    def test_sparklines_show_value_and_target_with_a_text_alternative(self, client, manager, world):
        client.force_login(manager)
        html = client.get(self.url(world, month_params())).content.decode()
        month = period_label(PeriodType.MONTH, this_month())
        assert f"{month}: 8 (meta 10)" in html
        assert 'class="sparkline"' in html
        assert 'role="img"' in html

    def test_charts_carry_their_target_and_data_in_json_with_no_inline_script(self, client, manager, world):
        client.force_login(manager)
        html = client.get(self.url(world, month_params())).content.decode()
        data = re.search(r'<script id="grafico-componentes-datos" type="application/json">(.*?)</script>', html)
        chart = json.loads(data.group(1))
        assert chart["labels"] == ["Comunicación externa", "Comunicación interna"]
        assert [d["role"] for d in chart["datasets"]] == ["value", "target"]
        assert chart["datasets"][0]["data"] == [80.0, 100.0]
        assert chart["datasets"][1]["data"] == [100, 100]
        # Every script is a file or JSON data: the CSP allows no inline code.
        for tag in scripts(html):
            assert "src=" in tag or 'type="application/json"' in tag, tag
        assert "/static/vendor/chartjs/chart.umd.min.js" in html
        assert "/static/js/dashboard.js" in html

    def test_every_chart_has_an_accessible_name_and_a_table_with_a_caption(self, client, manager, world):
        client.force_login(manager)
        html = client.get(self.url(world, month_params())).content.decode()
        canvases = re.findall(r"<canvas [^>]*>", html)
        assert len(canvases) == 2
        for canvas in canvases:
            assert 'role="img"' in canvas
            assert 'aria-label="Avance por' in canvas
        assert "<caption>Avance por componente frente a la meta (100 %) y sus indicadores por estado</caption>" in html
        assert "<caption>Avance por dependencia frente a la meta (100 %) y sus indicadores por estado</caption>" in html

    def test_filters_and_navigation_are_left_out_of_print(self, client, manager, world):
        client.force_login(manager)
        html = client.get(self.url(world)).content.decode()
        assert 'class="dashboard-filters d-print-none' in html
        css = (Path(settings.BASE_DIR) / "static/css/app.css").read_text()
        assert re.search(r"@media print \{[^@]*\.dashboard-filters", css)

    def test_managers_see_links_to_the_area_pages_and_leads_do_not(self, client, manager, lead_a, world, area_b):
        link = reverse("dashboards:area_dashboard", args=[area_b.pk])
        client.force_login(manager)
        assert link in client.get(self.url(world)).content.decode()
        client.force_login(lead_a)
        assert link not in client.get(self.url(world)).content.decode()

    def test_it_runs_the_same_queries_for_10_and_300_indicators(self, client, manager, entity, area_a, area_b):
        small = build(entity, area_a, area_b, title="Plan pequeño")
        many_indicators(small.plan, small.activity_a, 8)
        large = build(entity, area_a, area_b, title="Plan grande")
        many_indicators(large.plan, large.activity_a, 298)
        client.force_login(manager)
        small_url = reverse("dashboards:plan_dashboard", args=[small.plan.pk])
        large_url = reverse("dashboards:plan_dashboard", args=[large.plan.pk])
        cold_small, cold_large = query_count(client, small_url), query_count(client, large_url)
        warm_small, warm_large = query_count(client, small_url), query_count(client, large_url)
        assert cold_small == cold_large
        assert warm_small == warm_large
        # Warm, the figures come from the cache: the progress, the trends and the table cost nothing.
        assert warm_large < cold_large

    def test_a_rollup_refreshes_the_cached_figures(self, client, manager, world, press_officer):
        client.force_login(manager)
        url = self.url(world, month_params())
        assert client.get(url).context["dashboard"].rows[0].value == D("8")
        log(world.releases, 4, user=press_officer)
        rollup_plan(plan=world.plan)
        response = client.get(url)
        assert response.context["dashboard"].rows[0].value == D("12")
        assert ">12<" in response.content.decode().replace(" ", "")


class TestPlanDashboardCacheVersion:
    def test_a_committed_rollup_bumps_the_plans_cache_version(self, world, django_capture_on_commit_callbacks):
        before = plan_cache_version(world.plan.pk)
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            rollup_plan(plan=world.plan)
        assert len(callbacks) == 1
        assert plan_cache_version(world.plan.pk) != before

    def test_the_cache_version_of_another_plan_stays(
        self, world, entity, area_a, area_b, django_capture_on_commit_callbacks
    ):
        other = build(entity, area_a, area_b, title="Otro plan")
        before = plan_cache_version(other.plan.pk)
        with django_capture_on_commit_callbacks(execute=True):
            rollup_plan(plan=world.plan)
        assert plan_cache_version(other.plan.pk) == before


def test_the_vendored_chartjs_is_the_version_locked_in_package_lock():
    base = Path(settings.BASE_DIR)
    lock = json.loads((base / "package-lock.json").read_text())
    locked = lock["packages"]["node_modules/chart.js"]["version"]
    header = (base / "static/vendor/chartjs/chart.umd.min.js").read_text()[:200]
    assert re.search(r"Chart\.js v(\S+)", header).group(1) == locked
    assert json.loads((base / "package.json").read_text())["dependencies"]["chart.js"] == locked
    assert (base / "static/vendor/chartjs/LICENSE.md").read_text().startswith("The MIT License")


# --- the indicator page ---------------------------------------------------------------------


class TestIndicatorPage:
    def url(self, indicator, params=""):
        return reverse("dashboards:indicator_detail", args=[indicator.pk]) + (f"?{params}" if params else "")

    @pytest.mark.parametrize(
        ("persona", "status"),
        [
            ("press_officer", 200),
            ("lead_a", 200),
            ("lead_b", 200),
            ("manager", 200),
            ("superuser", 200),
            ("outsider", 404),
            ("no_role", 403),
        ],
    )
    def test_each_persona_gets_its_answer(self, client, request, world, persona, status):
        assert get(client, request, persona, self.url(world.releases)).status_code == status

    def test_an_anonymous_visitor_is_sent_to_the_login(self, client, world):
        assert client.get(self.url(world.releases))["Location"].startswith(reverse("login"))

    def test_the_ficha_tecnica_lists_every_field_in_spanish(self, client, manager, world):
        client.force_login(manager)
        ficha = dict(client.get(self.url(world.releases)).context["ficha"])
        assert ficha["Código"] == "EXT-01"
        assert ficha["Nombre"] == "Número de comunicados elaborados"
        assert ficha["Unidad de medida"] == "Número (conteo)"
        assert ficha["Regla de agregación"] == "Periódica: los valores se suman"
        assert ficha["Sentido"] == "Más es mejor"
        assert ficha["Dependencia responsable"] == "Talento Humano"
        assert ficha["Línea base"] == "—"
        assert len(ficha) == len(FICHA_FIELDS)

    def test_it_shows_value_and_target_by_month_quarter_and_year(self, client, manager, world):
        client.force_login(manager)
        series = {s.period_type: s for s in client.get(self.url(world.releases)).context["series"]}
        assert list(series) == [PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR]
        month = next(p for p in series[PeriodType.MONTH].points if p.start == this_month())
        assert (month.value, month.target, month.status) == (D("8"), D("10"), ProgressStatus.AT_RISK)
        year = next(p for p in series[PeriodType.YEAR].points if p.start.year == this_year())
        assert (year.value, year.target) == (D("8"), D("120"))
        assert len(series[PeriodType.MONTH].points) == 36
        assert series[PeriodType.YEAR].chart["datasets"][1]["label"] == "Meta"

    def test_the_press_office_sees_every_log_behind_the_indicator_with_its_evidence(self, client, press_officer, world):
        evidence(world.releases.log_values.first().log)
        client.force_login(press_officer)
        response = client.get(self.url(world.releases))
        assert response.context["page"].paginator.count == 2
        assert "lista-de-asistencia-firmada.pdf" in response.content.decode()

    def test_an_area_lead_sees_only_its_own_areas_logs(self, client, lead_b, world, area_b, press_officer):
        log(world.releases, 1, area=area_b, user=press_officer)
        client.force_login(lead_b)
        rows = client.get(self.url(world.releases)).context["rows"]
        assert [row.area_name for row in rows] == [area_b.name]

    @pytest.fixture
    def unsent(self, world, lead_a, press_officer):
        """Besides the world's approved and submitted logs of EXT-01: a draft of area A, one
        returned by the press office and one withdrawn (created in this order)."""
        return {
            "draft": log(world.releases, 5, status=LogStatus.DRAFT, user=lead_a),
            "returned": log(world.releases, 4, status=LogStatus.RETURNED, user=lead_a),
            "withdrawn": log(world.releases, 6, status=LogStatus.WITHDRAWN, user=press_officer),
        }

    def listed(self, client, user, world, unsent):
        """Return the statuses of the logs the page lists and which of ``unsent`` it links to."""
        client.force_login(user)
        response = client.get(self.url(world.releases))
        html = response.content.decode()
        linked = [name for name, entry in unsent.items() if reverse("execution:log_detail", args=[entry.pk]) in html]
        return [entry.status for entry in response.context["rows"]], linked

    def test_a_manager_sees_only_the_logs_sent_not_the_leads_drafts(self, client, manager, world, unsent):
        assert self.listed(client, manager, world, unsent) == ([LogStatus.SUBMITTED, LogStatus.APPROVED], [])

    def test_the_press_office_sees_the_logs_sent_and_those_it_returned_but_no_draft(
        self, client, press_officer, world, unsent
    ):
        assert self.listed(client, press_officer, world, unsent) == (
            [LogStatus.RETURNED, LogStatus.SUBMITTED, LogStatus.APPROVED],
            ["returned"],
        )

    def test_an_area_lead_still_sees_its_own_areas_drafts_and_returned_logs(self, client, lead_a, world, unsent):
        assert self.listed(client, lead_a, world, unsent) == (
            [LogStatus.RETURNED, LogStatus.DRAFT, LogStatus.SUBMITTED, LogStatus.APPROVED],
            ["draft", "returned"],
        )

    def test_the_lead_of_another_area_sees_none_of_area_as_logs(self, client, lead_b, world, unsent):
        assert self.listed(client, lead_b, world, unsent) == ([], [])

    def test_the_logs_can_be_narrowed_to_one_month(self, client, manager, world, press_officer):
        log(world.releases, 1, day=date(this_year() - 1, 6, 10), user=press_officer)
        client.force_login(manager)
        assert client.get(self.url(world.releases)).context["page"].paginator.count == 3
        narrowed = client.get(self.url(world.releases, f"mes={this_year() - 1}-06"))
        assert narrowed.context["page"].paginator.count == 1

    def test_the_target_history_says_who_changed_what_and_when(self, client, manager, world, press_officer):
        target = Target.objects.get(indicator=world.releases)
        target.value = D(150)
        target._history_user = press_officer
        target.save()
        client.force_login(manager)
        history = client.get(self.url(world.releases)).context["history"]
        assert [(c.who, c.kind, c.old, c.new) for c in history] == [
            ("prensa", "Modificada", "120", "150"),
            ("Sistema o importación", "Creada", "—", "120"),
        ]

    def test_it_runs_the_same_queries_whatever_the_number_of_logs(self, client, manager, world, press_officer):
        client.force_login(manager)
        client.get(self.url(world.releases))  # the rendered series go to the tile cache
        few = query_count(client, self.url(world.releases))
        for _ in range(5):
            evidence(log(world.releases, 1, user=press_officer))
        assert query_count(client, self.url(world.releases)) == few


# --- the area page --------------------------------------------------------------------------


class TestAreaPage:
    def url(self, area):
        return reverse("dashboards:area_dashboard", args=[area.pk])

    @pytest.mark.parametrize(
        ("persona", "status"),
        [
            ("press_officer", 200),
            ("lead_a", 200),
            ("lead_b", 403),
            ("manager", 200),
            ("superuser", 200),
            ("outsider", 404),
            ("no_role", 403),
        ],
    )
    def test_each_persona_gets_its_answer(self, client, request, world, area_a, persona, status):
        assert get(client, request, persona, self.url(area_a)).status_code == status

    def test_an_anonymous_visitor_is_sent_to_the_login(self, client, area_a):
        assert client.get(self.url(area_a))["Location"].startswith(reverse("login"))

    def test_it_shows_the_areas_indicators_this_month_and_this_year(self, client, lead_a, world, area_a):
        client.force_login(lead_a)
        dashboard = client.get(self.url(area_a)).context["dashboard"]
        (area_plan,) = dashboard.plans
        assert [
            (i.indicator.code, i.month.value, i.month.target, i.month.status, i.year.value, i.year.target)
            for i in area_plan.indicators
        ] == [("EXT-01", D("8"), D("10"), ProgressStatus.AT_RISK, D("8"), D("120"))]
        assert (area_plan.month_progress.percent, area_plan.year_progress.percent) == (D("80.0"), D("6.7"))

    def test_it_lists_what_is_missing_and_returned_this_month(self, client, manager, world, area_b, press_officer):
        returned = log(world.intranet, 1, status=LogStatus.RETURNED, user=press_officer)
        returned.review_comment = "Falta el enlace a la publicación."
        returned.save()
        world.intranet.log_values.exclude(log=returned).delete()
        type(returned).objects.filter(area=area_b).exclude(pk=returned.pk).delete()
        client.force_login(manager)
        response = client.get(self.url(area_b))
        dashboard = response.context["dashboard"]
        # A returned log still counts as logged: the activity is not missing, the log is returned.
        assert dashboard.missing == []
        assert dashboard.returned == [returned]
        assert "Falta el enlace a la publicación." in response.content.decode()

    def test_an_activity_due_without_a_log_this_month_is_missing(self, client, manager, world, area_a, entity):
        from plans.tests.factories import ActivityFactory

        extra = ActivityFactory(component=world.activity_a.component, name="Ruedas de prensa")
        extra.responsible_areas.add(area_a)
        client.force_login(manager)
        assert client.get(self.url(area_a)).context["dashboard"].missing == [extra]

    def test_the_chart_compares_each_indicator_with_its_own_target(self, client, lead_a, world, area_a):
        client.force_login(lead_a)
        chart = client.get(self.url(area_a)).context["dashboard"].chart
        assert chart["labels"] == ["EXT-01 · Número de comunicados elaborados"]
        assert chart["datasets"][0]["data"] == [6.67]
        assert chart["datasets"][1]["data"] == [100]


# --- the overview ---------------------------------------------------------------------------


class TestOverview:
    url = reverse("dashboards:overview")

    @pytest.mark.parametrize(
        ("persona", "status"),
        [
            ("press_officer", 200),
            ("manager", 200),
            ("superuser", 200),
            ("outsider", 200),
            ("lead_a", 403),
            ("no_role", 403),
        ],
    )
    def test_each_persona_gets_its_answer(self, client, request, world, persona, status):
        assert get(client, request, persona, self.url).status_code == status

    def test_an_anonymous_visitor_is_sent_to_the_login(self, client):
        assert client.get(self.url)["Location"].startswith(reverse("login"))

    def test_it_lists_every_plan_of_the_entity_with_its_progress_this_year(self, client, manager, world, entity):
        draft = make_plan(entity, title="Plan anterior")
        draft.vigencia_start, draft.vigencia_end = date(2015, 1, 1), date(2018, 12, 31)
        draft.save()
        client.force_login(manager)
        response = client.get(self.url)
        plans = {item.plan.title: item for item in response.context["plans"]}
        assert plans["Plan estratégico de comunicaciones"].progress.percent == D("11.7")
        assert plans["Plan anterior"].progress is None
        assert "11,7 %" in response.content.decode()

    def test_in_english_the_last_computation_reads_day_month_name_year(self, client, manager, world):
        RollupRun.objects.filter(plan=world.plan).update(finished_at=datetime(2030, 3, 5, 19, 30, tzinfo=UTC))
        client.force_login(manager)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        html = client.get(self.url).content.decode()
        assert '<td class="text-nowrap">5 Mar 2030 14:30</td>' in html

    def test_another_entitys_user_does_not_see_the_plan(self, client, outsider, world):
        client.force_login(outsider)
        response = client.get(self.url)
        assert response.context["plans"] == []
        assert world.plan.title not in response.content.decode()

    def test_it_runs_the_same_queries_for_a_plan_of_10_and_of_300_indicators(
        self, client, manager, entity, area_a, area_b
    ):
        world = build(entity, area_a, area_b)
        many_indicators(world.plan, world.activity_a, 8)
        client.force_login(manager)
        small = query_count(client, self.url)
        cache.clear()
        many_indicators(world.plan, world.activity_a, 290)
        assert query_count(client, self.url) == small


class TestEntityComparison:
    url = reverse("dashboards:overview")

    def entities(self, count, area_factory=AreaFactory):
        for n in range(count):
            entity = EntityFactory(name=f"Alcaldía {n:03d}")
            with_figures(build(entity, area_factory(entity=entity), area_factory(entity=entity)), None)

    def test_a_superuser_compares_every_entity_25_a_page(self, client, superuser):
        self.entities(27)
        client.force_login(superuser)
        response = client.get(self.url)
        page = response.context["page"]
        assert page.paginator.count == 27
        comparison = response.context["comparison"]
        assert len(comparison) == 25
        assert comparison[0].entity.name == "Alcaldía 000"
        assert comparison[0].progress.percent == D("11.7")
        assert client.get(self.url + "?page=2").context["comparison"][-1].entity.name == "Alcaldía 026"

    def test_it_runs_the_same_queries_for_3_and_30_entities(self, client, superuser):
        client.force_login(superuser)
        self.entities(3)
        three = query_count(client, self.url)
        self.entities(27)
        assert query_count(client, self.url) == three

    def test_the_aggregate_agrees_with_plan_progress(self, entity, area_a, area_b, press_officer):
        world = with_figures(build(entity, area_a, area_b), press_officer)
        many_indicators(world.plan, world.activity_b, 7)
        (row,) = entity_comparison(entities=list(entity_queryset()), year=this_year())
        expected = plan_progress(plan=world.plan, period_type=PeriodType.YEAR, period_start=date(this_year(), 1, 1))
        assert row.progress.percent == expected.plan.percent
        assert dict(row.progress.statuses) == dict(expected.plan.statuses)

    def test_a_superuser_can_open_one_entitys_plans(self, client, superuser, world, entity):
        client.force_login(superuser)
        response = client.get(f"{self.url}?entidad={entity.pk}")
        assert [item.plan for item in response.context["plans"]] == [world.plan]
        assert client.get(f"{self.url}?entidad=999999").status_code == 404

    def test_a_press_officer_cannot_switch_entity(self, client, outsider, world, entity):
        client.force_login(outsider)
        response = client.get(f"{self.url}?entidad={entity.pk}")
        assert response.context["entity"] == outsider.entity
        assert response.context["plans"] == []


class TestSupervisingEntity:
    """A governorship (or MinTIC) compares the municipalities it follows: their aggregated
    progress only, never their plans' detail, and nobody else's."""

    url = reverse("dashboards:overview")

    @pytest.fixture
    def governorship(self, entity, area_a, area_b, press_officer):
        with_figures(build(entity, area_a, area_b), press_officer)
        followed = EntityFactory(name="Alcaldía Seguida")
        with_figures(build(followed, AreaFactory(entity=followed), AreaFactory(entity=followed)), None)
        EntityFactory(name="Alcaldía Ajena")
        entity.supervised_entities.add(followed)
        return followed

    def test_its_manager_compares_its_entity_and_those_it_follows(self, client, manager, governorship, entity):
        client.force_login(manager)
        response = client.get(self.url)
        rows = {item.entity.name: item for item in response.context["comparison"]}
        assert set(rows) == {"Alcaldía de Prueba", "Alcaldía Seguida"}
        assert rows["Alcaldía Seguida"].progress.percent == D("11.7")
        assert "Alcaldía Ajena" not in response.content.decode()

    def test_it_opens_a_followed_entitys_plans_without_their_detail(self, client, manager, governorship):
        client.force_login(manager)
        response = client.get(f"{self.url}?entidad={governorship.pk}")
        assert response.status_code == 200
        (item,) = response.context["plans"]
        assert item.plan.entity == governorship
        assert reverse("dashboards:plan_dashboard", args=[item.plan.pk]) not in response.content.decode()
        assert client.get(reverse("dashboards:plan_dashboard", args=[item.plan.pk])).status_code == 404

    def test_an_entity_it_does_not_follow_is_404(self, client, manager, governorship):
        stranger = EntityFactory(name="Alcaldía Ajena")
        client.force_login(manager)
        assert client.get(f"{self.url}?entidad={stranger.pk}").status_code == 404

    def test_the_export_lists_only_the_compared_entities(self, client, press_officer, governorship):
        client.force_login(press_officer)
        content = client.get(reverse("dashboards:overview_csv")).content.decode("utf-8-sig")
        assert "Alcaldía Seguida" in content
        assert "Alcaldía Ajena" not in content

    def test_the_followed_entity_does_not_see_its_follower(self, client, governorship):
        from django.contrib.auth.models import Group

        from plans.enums import Role

        followed_manager = UserFactory(username="directivo_seguida", entity=governorship)
        followed_manager.groups.add(Group.objects.get(name=Role.MANAGER))
        client.force_login(followed_manager)
        response = client.get(self.url)
        assert response.context["entity"] == governorship
        assert "comparison" not in response.context


class TestBackOfficeEditsShowAtOnce:
    """An edit in the admin that changes what the dashboard shows of every period (thresholds,
    names, weights) reaches a dashboard whose figures are already cached, on the next page."""

    def dashboard(self, client, world):
        return client.get(f"{reverse('dashboards:plan_dashboard', args=[world.plan.pk])}?{month_params()}")

    def edit(self, client, obj, django_capture_on_commit_callbacks, **changes):
        form_page = client.get(admin_url(obj, "change"))
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(admin_url(obj, "change"), admin_form_data(form_page, **changes))
        assert response.status_code == 302, form_errors(response)

    @pytest.fixture
    def warm(self, client, manager, press_officer, world):
        """The manager's dashboard, rendered once so that its figures are cached."""
        client.force_login(manager)
        before = self.dashboard(client, world).context["dashboard"]
        assert [(r.indicator.code, r.status) for r in before.rows] == [
            ("EXT-01", ProgressStatus.AT_RISK),  # 80 % against the default 90 / 70
            ("INT-01", ProgressStatus.ON_TRACK),
        ]
        client.force_login(press_officer)
        return world

    def test_new_thresholds_recolour_the_stored_statuses_and_the_dashboard(
        self, client, manager, warm, django_capture_on_commit_callbacks
    ):
        self.edit(client, warm.plan, django_capture_on_commit_callbacks, threshold_on_track="75")

        month = PeriodValue.objects.get(
            indicator=warm.releases, period_type=PeriodType.MONTH, period_start=this_month()
        )
        assert month.status == ProgressStatus.ON_TRACK
        client.force_login(manager)
        rows = self.dashboard(client, warm).context["dashboard"].rows
        assert [(r.indicator.code, r.status) for r in rows] == [
            ("EXT-01", ProgressStatus.ON_TRACK),
            ("INT-01", ProgressStatus.ON_TRACK),
        ]

    def test_a_renamed_component_shows_its_new_name(self, client, manager, warm, django_capture_on_commit_callbacks):
        component = warm.activity_a.component
        self.edit(client, component, django_capture_on_commit_callbacks, name="Comunicación con la ciudadanía")

        client.force_login(manager)
        dashboard = self.dashboard(client, warm).context["dashboard"]
        assert [row.name for row in dashboard.component_progress] == [
            "Comunicación con la ciudadanía",
            "Comunicación interna",
        ]

    def test_a_new_component_weight_reweighs_the_plans_progress(
        self, client, manager, warm, django_capture_on_commit_callbacks
    ):
        self.edit(client, warm.activity_a.component, django_capture_on_commit_callbacks, weight="3")

        client.force_login(manager)
        # (80 × 3 + 100 × 1) / 4, where equal weights gave 90.
        assert self.dashboard(client, warm).context["dashboard"].overall.percent == D("85.0")

    def test_a_renamed_area_shows_its_new_name(self, client, manager, warm, area_b, django_capture_on_commit_callbacks):
        self.edit(client, area_b, django_capture_on_commit_callbacks, name="Oficina TIC")

        client.force_login(manager)
        dashboard = self.dashboard(client, warm).context["dashboard"]
        assert [row.name for row in dashboard.area_progress] == ["Oficina TIC", "Talento Humano"]

    def test_an_edit_saved_with_the_broker_down_is_kept_without_waiting(
        self, client, warm, django_capture_on_commit_callbacks
    ):
        with broker_down():
            self.edit(client, warm.plan, django_capture_on_commit_callbacks, threshold_on_track="75")
        warm.plan.refresh_from_db()
        assert warm.plan.threshold_on_track == D("75")
        # Not recomputed yet: the periodic run answers its request once the broker is back.
        month = PeriodValue.objects.get(
            indicator=warm.releases, period_type=PeriodType.MONTH, period_start=this_month()
        )
        assert month.status == ProgressStatus.AT_RISK
