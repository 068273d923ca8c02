"""«Mis actividades» organised for a lead's phone (what is owed this month first, the rest
folded away, the submit button only while something is left to send), and the query-count
guards of the daily pages: the same number of queries for one activity as for many."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dashboards.tests.dashboard_data import build, log, make_plan, with_figures
from execution import services as logs
from execution.enums import LogStatus
from indicators.models import Indicator
from indicators.tests.factories import IndicatorFactory
from plans.enums import ActivityStatus, ComponentKind
from plans.tests.factories import ActivityFactory, ComponentFactory
from rollups.services import rollup_plan

pytestmark = pytest.mark.django_db
URL = reverse("dashboards:my_activities")


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def query_count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_activities(plan, area, count, *, start=0):
    """``count`` activities of ``area`` in a new component of ``plan``, one indicator each, each
    with an approved log this month (so their figures and counts are read too)."""
    component = ComponentFactory(plan=plan, name=f"Componente {start}", kind=ComponentKind.DIGITAL, order=10 + start)
    activities = []
    for n in range(count):
        activity = ActivityFactory(component=component, name=f"Actividad adicional {start + n}", order=n)
        activity.responsible_areas.add(area)
        indicator = IndicatorFactory(
            activity=activity, code=f"ADD-{start + n:03d}", name=f"Indicador {start + n}", responsible_area=area
        )
        log(indicator, 1)
        activities.append(activity)
    rollup_plan(plan=plan)
    return activities


@pytest.fixture
def plan(entity):
    return make_plan(entity)


@pytest.fixture
def component(plan):
    return ComponentFactory(plan=plan, name="Comunicación externa", kind=ComponentKind.EXTERNAL, order=1)


def activity_of(component, area, name, order, **kwargs):
    activity = ActivityFactory(component=component, name=name, order=order, **kwargs)
    activity.responsible_areas.add(area)
    IndicatorFactory(activity=activity, code=f"EXT-{order:02d}", name=f"Indicador de {name}", responsible_area=area)
    return activity


def indicator_of(activity):
    return Indicator.objects.get(activity=activity)


def open_period(plan, press_officer):
    today = timezone.localdate()
    return logs.reporting_period_open(user=press_officer, plan=plan, month=today, deadline=today + timedelta(days=5))


class TestMyActivitiesOrder:
    def test_what_is_owed_this_month_comes_first_and_the_rest_is_folded(
        self, client, lead_a, area_a, component, press_officer
    ):
        missing = activity_of(component, area_a, "Boletín sin registro", 1)
        done = activity_of(component, area_a, "Comunicados ya aprobados", 2)
        drafted = activity_of(component, area_a, "Video en borrador", 3)
        completed = activity_of(component, area_a, "Campaña terminada", 4, status=ActivityStatus.DONE)
        returned = activity_of(component, area_a, "Taller devuelto", 5)
        log(indicator_of(done), 4, user=press_officer)
        log(indicator_of(drafted), 1, status=LogStatus.DRAFT, user=lead_a)
        log(indicator_of(returned), 1, status=LogStatus.RETURNED, user=lead_a)
        client.force_login(lead_a)
        response = client.get(URL)
        item = response.context["overview"].plans[0]
        assert [a.pk for a in item.to_do] == [missing.pk, drafted.pk, returned.pk]
        assert [a.pk for a in item.rest] == [done.pk, completed.pk]
        html = response.content.decode()
        details = html.index("<details")
        assert html.index("Boletín sin registro") < html.index("Video en borrador") < details
        assert details < html.index("Comunicados ya aprobados") < html.index("Campaña terminada")
        assert "2 actividades más, al día o sin registro previsto este mes" in html

    def test_each_card_says_its_months_state_in_words(self, client, lead_a, area_a, component):
        drafted = activity_of(component, area_a, "Video en borrador", 1)
        for _n in range(2):
            log(indicator_of(drafted), 1, status=LogStatus.DRAFT, user=lead_a)
        log(indicator_of(drafted), 1, status=LogStatus.SUBMITTED, user=lead_a)
        client.force_login(lead_a)
        item = client.get(URL).context["overview"].plans[0]
        assert item.to_do[0].badges == [
            ("badge-status-borrador", "2 en borrador"),
            ("badge-status-enviado", "1 enviado"),
        ]

    def test_the_cards_escape_what_people_typed(self, client, lead_a, area_a, component, press_officer):
        owed = activity_of(component, area_a, "Taller <b>urgente</b> & más", 1)
        done = activity_of(component, area_a, 'Boletín "<i>al día</i>"', 2)
        log(indicator_of(done), 4, user=press_officer)
        client.force_login(lead_a)
        html = client.get(URL).content.decode()
        assert "<b>urgente</b>" not in html
        assert "<i>al día</i>" not in html
        assert f'<h4 id="actividad-{owed.pk}" class="h6 mb-1">Taller &lt;b&gt;urgente&lt;/b&gt; &amp; más</h4>' in html
        assert "<strong>Boletín &quot;&lt;i&gt;al día&lt;/i&gt;&quot;</strong>" in html

    def test_with_nothing_owed_the_page_says_so(self, client, lead_a, area_a, component, press_officer):
        done = activity_of(component, area_a, "Comunicados ya aprobados", 1)
        log(indicator_of(done), 4, user=press_officer)
        client.force_login(lead_a)
        html = client.get(URL).content.decode()
        assert "Nada pendiente este mes" in html
        assert "1 actividad más, al día o sin registro previsto este mes" in html

    def test_the_page_names_the_area_with_or_without_activities(self, client, lead_a, area_a, component):
        client.force_login(lead_a)
        assert f'<p class="mb-4">{area_a.name} · Mes en curso:' in client.get(URL).content.decode()
        activity_of(component, area_a, "Boletín sin registro", 1)
        assert f'<p class="mb-4">{area_a.name} · Mes en curso:' in client.get(URL).content.decode()

    def test_a_folded_activity_reads_its_figures_in_one_line(self, client, lead_a, area_a, component, press_officer):
        done = activity_of(component, area_a, "Comunicados ya aprobados", 1)
        log(indicator_of(done), 4, user=press_officer)
        rollup_plan(plan=component.plan)
        client.force_login(lead_a)
        html = client.get(URL).content.decode()
        code = indicator_of(done).code
        assert f'<p class="mb-1 small indicator-line">{code}: aprobado 4 · por aprobar — · meta del mes' in html


class TestPeriodSubmitButton:
    def test_the_button_disappears_once_nothing_is_left_to_send(
        self, client, lead_a, area_a, component, plan, press_officer
    ):
        activity = activity_of(component, area_a, "Comunicados de prensa", 1)
        period = open_period(plan, press_officer)
        submit = reverse("execution:period_submit", args=[period.pk])
        client.force_login(lead_a)
        html = client.get(URL).content.decode()
        assert submit not in html
        assert "No quedan registros en borrador por enviar." in html

        log(indicator_of(activity), 2, status=LogStatus.DRAFT, user=lead_a)
        html = client.get(URL).content.decode()
        assert submit in html
        assert f"Enviar periodo de {period.label}" in html
        assert "1 registro en borrador por enviar." in html

        logs.area_period_submit(user=lead_a, reporting_period=period)
        html = client.get(URL).content.decode()
        assert submit not in html
        assert "Su dependencia envió este periodo el" in html


class TestDailyPagesQueryCounts:
    """Each page runs as many queries for a plan of one activity as for one of many."""

    def test_mis_actividades(self, client, lead_a, area_a, plan, press_officer):
        add_activities(plan, area_a, 1)
        open_period(plan, press_officer)
        client.force_login(lead_a)
        client.get(URL)  # the session is read once
        one = query_count(client, URL)
        add_activities(plan, area_a, 30, start=1)
        assert query_count(client, URL) == one

    def test_plan_dashboard_cold_and_warm(self, client, manager, area_a, plan):
        url = reverse("dashboards:plan_dashboard", args=[plan.pk])
        add_activities(plan, area_a, 1)
        client.force_login(manager)
        client.get(url)
        cache.clear()
        cold_one, warm_one = query_count(client, url), query_count(client, url)
        add_activities(plan, area_a, 30, start=1)
        cache.clear()
        assert (query_count(client, url), query_count(client, url)) == (cold_one, warm_one)

    def test_indicator_page_cold_and_warm(self, client, manager, entity, area_a, area_b, press_officer):
        world = with_figures(build(entity, area_a, area_b), press_officer)
        url = reverse("dashboards:indicator_detail", args=[world.releases.pk])
        client.force_login(manager)
        client.get(url)
        cache.clear()
        cold_one, warm_one = query_count(client, url), query_count(client, url)
        add_activities(world.plan, area_a, 30)
        cache.clear()
        assert (query_count(client, url), query_count(client, url)) == (cold_one, warm_one)

    @pytest.mark.parametrize("name", ["execution:log_list", "execution:review"])
    def test_logs_list_and_review(self, client, press_officer, area_a, plan, name):
        url = reverse(name)
        for activity in add_activities(plan, area_a, 1):
            log(indicator_of(activity), 1, status=LogStatus.SUBMITTED, user=press_officer)
        client.force_login(press_officer)
        client.get(url)
        one = query_count(client, url)
        for activity in add_activities(plan, area_a, 30, start=1):
            log(indicator_of(activity), 1, status=LogStatus.SUBMITTED, user=press_officer)
        assert query_count(client, url) == one
