"""The demo fixtures: the three seed plans transcribed whole, and the demo users."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from execution.enums import LogStatus
from execution.models import ActivityLog
from indicators.enums import PeriodType
from indicators.models import Indicator, Target
from plans.enums import PlanStatus, Role
from plans.models import Activity, Component, Entity, Plan, User
from reports.enums import ReportStatus
from reports.models import Report


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Load the demo once for this module, inside a transaction rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        out = StringIO()
        call_command("load_demo", "--password", "clave-demo", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


MINTIC = "Ministerio de Tecnologías de la Información y las Comunicaciones"

# Counted by hand in ../shared/seeds/.
SEED_COUNTS = [
    # entity, plan title prefix, components, activities, indicators
    (MINTIC, "Plan Estratégico de Comunicaciones", 3, 12, 12),
    ("Alcaldía de Segovia", "Plan de Comunicaciones", 2, 14, 14),
    ("Alcaldía de Cartagena", "Plan de Comunicaciones de la Oficina Asesora de Informática", 6, 19, 23),
]

MINTIC_MATRIX = [
    ("COMUNICACIÓN EXTERNA", "Elaborar Contenidos Escritos", "Número de Comunicados Elaborados"),
    ("COMUNICACIÓN EXTERNA", "Productos Audiovisuales", "Número de Productos Audiovisuales desarrollados"),
    ("COMUNICACIÓN EXTERNA", "Campañas de Comunicación", "Número de Campañas Diseñadas"),
    (
        "COMUNICACIÓN EXTERNA",
        "Realizar Audiencia de Rendición de Cuentas",
        "Estrategia de rendición de cuentas definida",
    ),
    ("COMUNICACIÓN INTERNA", "Boletines informativos", "Boletines Internos Enviados"),
    ("COMUNICACIÓN INTERNA", "Campañas Desarrolladas", "Campañas Internas Diseñadas"),
    ("COMUNICACIÓN INTERNA", "Actualizaciones Intranet", "Número de Contenidos Actualizados en Intranet"),
    (
        "COMUNICACIÓN DIGITAL",
        "Actualización de contenidos Página Web - Transparencia",
        "Número de actualizaciones de contenidos para índices de transparencia realizados",
    ),
    (
        "COMUNICACIÓN DIGITAL",
        "Campañas Digitales a Grupos de Interés",
        "Campañas de Divulgación Implementadas",
    ),
    (
        "COMUNICACIÓN DIGITAL",
        "Desarrollo Micrositios/Aplicaciones",
        "Número de aplicaciones y/o servicios desarrollados",
    ),
    (
        "COMUNICACIÓN DIGITAL",
        "Interacciones en redes sociales para cuentas MinTIC",
        "Número de interacciones en redes sociales registradas",
    ),
    (
        "COMUNICACIÓN DIGITAL",
        "Tráfico Interno en Página Web MinTIC",
        "Tráfico (sesiones) en páginas internas registrado",
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("entity", "title", "components", "activities", "indicators"), SEED_COUNTS)
def test_each_seed_plan_has_the_components_activities_and_indicators_of_its_seed(
    demo, entity, title, components, activities, indicators
):
    plan = Plan.objects.get(entity__name=entity, title__startswith=title)
    assert Component.objects.filter(plan=plan).count() == components
    assert Activity.objects.filter(component__plan=plan).count() == activities
    assert Indicator.objects.filter(plan=plan).count() == indicators


@pytest.mark.django_db
def test_the_mintic_matrix_is_the_seeds_twelve_rows_in_order(demo):
    plan = Plan.objects.get(entity__name=MINTIC)
    rows = [
        (a.component.name.upper(), a.name, i.name)
        for a in Activity.objects.filter(component__plan=plan).select_related("component")
        for i in a.indicators.order_by("order")
    ]
    assert rows == MINTIC_MATRIX


@pytest.mark.django_db
def test_the_mintic_matrix_page_shows_its_rows_in_the_seeds_order(demo, client):
    plan = Plan.objects.get(entity__name=MINTIC)
    client.force_login(User.objects.get(username="directivo.mintic"))
    html = client.get(reverse("indicators:plan_matrix", args=[plan.pk])).content.decode()
    cells = re.findall(r'<td class="indicator-cell"[^>]*>(.*?) <span', html)
    assert cells == [indicator for _, _, indicator in MINTIC_MATRIX]
    # Twelve indicator rows and, as in the seed, a row of its own for each of the three
    # responsibilities of «Comunicación externa» that no activity carries out.
    assert html.count('class="matrix-row"') == 15


@pytest.mark.django_db
def test_every_entity_has_a_demo_user_for_every_role(demo):
    for entity in Entity.objects.all():
        roles = set(User.objects.filter(entity=entity).values_list("groups__name", flat=True))
        assert roles == {Role.PRESS, Role.AREA_LEAD, Role.MANAGER}, entity.name
    assert User.objects.filter(area__isnull=False).exclude(groups__name=Role.AREA_LEAD).count() == 0
    assert User.objects.get(username="admin").is_superuser


@pytest.mark.django_db
def test_the_demo_logins_are_printed(demo):
    assert "Usuarios de demostración (contraseña: clave-demo)" in demo
    assert "prensa.mintic" in demo
    assert "lider.oai.cartagena" in demo


@pytest.mark.django_db
def test_the_oai_plan_aligns_with_the_alcaldias_general_plan(demo):
    oai = Plan.objects.get(title__contains="Oficina Asesora de Informática")
    assert oai.parent.title == "Plan Estratégico de Comunicaciones de la Alcaldía de Cartagena"
    assert oai.parent.entity == oai.entity


@pytest.mark.django_db
def test_loading_again_changes_nothing(demo):
    def counts():
        return [model.objects.count() for model in (Plan, Indicator, Target, User, ActivityLog, Report)]

    before = counts()
    call_command("load_demo", "--password", "clave-demo", "--quiet-logins", stdout=StringIO())
    assert counts() == before


@pytest.mark.django_db
def test_each_plan_in_execution_has_a_year_of_approved_history_and_its_latest_reports(demo, client):
    today = timezone.localdate()
    this_month = today.replace(day=1)
    plans = Plan.objects.filter(status=PlanStatus.IN_EXECUTION)
    assert plans.count() == 2
    for plan in plans:
        history = ActivityLog.objects.filter(
            activity__component__plan=plan, status=LogStatus.APPROVED, date__lt=this_month
        )
        assert len({day.replace(day=1) for day in history.values_list("date", flat=True)}) >= 9, plan.title
        reports = Report.objects.filter(plan=plan, status=ReportStatus.READY)
        assert set(reports.values_list("period_type", flat=True)) == {PeriodType.MONTH, PeriodType.QUARTER}
        manager = User.objects.with_role(Role.MANAGER).get(entity=plan.entity)
        client.force_login(manager)
        html = client.get(reverse("reports:report_list")).content.decode()
        for report in reports:
            assert reverse("reports:report_download", args=[report.pk, "pdf"]) in html
    assert "Informes de seguimiento de demostración: 4 nuevos." in demo


@pytest.mark.django_db
def test_every_seed_indicator_has_an_annual_target_for_each_year_of_its_vigencia(demo):
    for indicator in Indicator.objects.select_related("plan"):
        years = set(indicator.targets.filter(period_type="anio").values_list("period_start__year", flat=True))
        vigencia = set(range(indicator.plan.vigencia_start.year, indicator.plan.vigencia_end.year + 1))
        assert years == vigencia, indicator.code


@pytest.mark.django_db
def test_mintic_follows_the_two_municipalities_of_the_demo(demo):
    mintic = Entity.objects.get(name=MINTIC)
    assert set(mintic.supervised_entities.values_list("name", flat=True)) == {
        "Alcaldía de Segovia",
        "Alcaldía de Cartagena",
    }


@pytest.mark.django_db
def test_the_apps_demo_loaders_print_in_their_order(demo):
    lines = [
        "Histórico de ejecución de demostración (un año):",
        "Registros de ejecución de demostración:",
        "Incidentes de crisis de demostración:",
        "Campañas y piezas de demostración (nuevas):",
        "Menciones en medios de demostración:",
        "Informes de seguimiento de demostración:",
    ]
    positions = [demo.index(line) for line in lines]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_the_demo_publishes_one_plan_on_its_transparency_page(demo, client):
    published = Plan.objects.get(is_public=True)
    assert (published.entity.name, published.title) == (
        "Alcaldía de Segovia",
        "Plan de Comunicaciones – Estrategia de Gobierno en línea",
    )
    address = reverse("dashboards:public_plan", args=[published.pk])
    assert client.get(address).status_code == 200  # without logging in
    assert f"Página de transparencia publicada: {address} (" in demo
