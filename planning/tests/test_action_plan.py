"""The year's action plan: generated from the strategic plan, edited with reasons, published on a
public page with its PDF, XLSX and open data; the January reminder."""

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from indicators.tests.factories import IndicatorFactory, TargetFactory
from planning import services
from planning.enums import ActionPlanStatus, ItemStatus
from planning.models import ActionPlan
from planning.reminders import send_action_plan_reminders
from plans.enums import ActivityStatus, PlanStatus
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, ComponentFactory


@pytest.fixture
def plan(entity, area_a):
    plan = ApprovedPlanFactory(entity=entity, status=PlanStatus.IN_EXECUTION, title="Plan de prueba")
    component = ComponentFactory(plan=plan, name="Comunicación externa")
    runs = ActivityFactory(
        component=component, name="Boletín mensual", start_date=date(2025, 3, 1), end_date=date(2026, 6, 30)
    )
    runs.responsible_areas.add(area_a)
    indicator = IndicatorFactory(activity=runs, code="EXT-01", name="Boletines publicados")
    TargetFactory(indicator=indicator, period_start=date(2026, 1, 1), value=Decimal("12"))
    TargetFactory(indicator=indicator, period_start=date(2025, 1, 1), value=Decimal("10"))
    ActivityFactory(
        component=component, name="Feria de servicios", start_date=date(2027, 2, 1), end_date=date(2027, 3, 1)
    )
    ActivityFactory(component=component, name="Suspendida", status=ActivityStatus.SUSPENDED)
    ActivityFactory(component=component, name="Permanente")
    return plan


def test_generating_takes_the_activities_of_the_year_with_that_years_targets(plan, press_officer):
    action_plan = services.action_plan_generate(plan=plan, year=2026, user=press_officer)

    items = {item.name: item for item in action_plan.items.all()}
    assert set(items) == {"Boletín mensual", "Permanente"}
    bulletin = items["Boletín mensual"]
    assert (bulletin.start_date, bulletin.end_date) == (date(2026, 1, 1), date(2026, 6, 30))
    assert bulletin.responsible == "Talento Humano"
    assert bulletin.indicators == [
        {"code": "EXT-01", "name": "Boletines publicados", "unit": bulletin.indicators[0]["unit"], "target": "12"}
    ]
    assert items["Permanente"].indicators == []


def test_a_year_outside_the_vigencia_or_twice_is_refused(plan, press_officer):
    services.action_plan_generate(plan=plan, year=2026, user=press_officer)
    with pytest.raises(services.PlanningError, match="ya tiene su Plan de Acción 2026"):
        services.action_plan_generate(plan=plan, year=2026, user=press_officer)
    with pytest.raises(services.PlanningError, match="fuera de la vigencia"):
        services.action_plan_generate(plan=plan, year=2030, user=press_officer)


def test_a_draft_plan_has_no_action_plan(entity, press_officer):
    draft = ApprovedPlanFactory(entity=entity, status=PlanStatus.DRAFT)
    with pytest.raises(services.PlanningError):
        services.action_plan_generate(plan=draft, year=2026, user=press_officer)


def test_press_officer_generates_postpones_with_a_reason_and_publishes(client, plan, press_officer):
    client.force_login(press_officer)
    response = client.post(reverse("planning:action_plan_generate", args=[plan.pk]), {"year": "2026"})
    action_plan = ActionPlan.objects.get(plan=plan, year=2026)
    assert response.url == action_plan.get_absolute_url()
    item = action_plan.items.get(name="Boletín mensual")
    url = reverse("planning:item_edit", args=[action_plan.pk, item.pk])
    data = {"start_date": "2026-01-01", "end_date": "2026-06-30", "budget": "", "status": "aplazada", "reason": ""}

    refused = client.post(url, data)

    assert refused.status_code == 200
    assert "Escriba el motivo" in refused.content.decode()
    item.refresh_from_db()
    assert item.status == ItemStatus.INCLUDED
    client.post(url, {**data, "reason": "Sin contrato de diseño hasta julio.", "budget": "1500000"})
    item.refresh_from_db()
    assert (item.status, item.reason, item.budget) == (
        ItemStatus.POSTPONED,
        "Sin contrato de diseño hasta julio.",
        1500000,
    )
    assert item.name == "Boletín mensual"  # a generated item keeps its name

    client.post(reverse("planning:action_plan_publish", args=[action_plan.pk]))
    action_plan.refresh_from_db()
    assert action_plan.status == ActionPlanStatus.PUBLISHED and action_plan.published_on is not None


def test_adding_an_activity_needs_its_reason(client, plan, press_officer):
    action_plan = services.action_plan_generate(plan=plan, year=2026, user=press_officer)
    client.force_login(press_officer)
    url = reverse("planning:item_add", args=[action_plan.pk])
    data = {"component_name": "Digital", "name": "Transmisión en vivo", "status": "agregada", "reason": ""}

    assert client.post(url, data).status_code == 200
    client.post(url, {**data, "reason": "Pedido del despacho.", "start_date": "2026-05-01", "end_date": "2026-04-01"})
    assert not action_plan.items.filter(name="Transmisión en vivo").exists()  # end before start
    client.post(url, {**data, "reason": "Pedido del despacho."})
    assert action_plan.items.get(name="Transmisión en vivo").status == ItemStatus.ADDED


def test_the_public_page_and_files_appear_only_once_published(client, plan, press_officer):
    action_plan = services.action_plan_generate(plan=plan, year=2026, user=press_officer)
    page = reverse("planning:public_action_plan", args=[action_plan.pk])
    assert client.get(page).status_code == 404

    services.action_plan_publish(action_plan=action_plan, today=date(2026, 1, 20))

    html = client.get(page).content.decode()
    assert "Plan de Acción 2026" in html and "Boletín mensual" in html and "20 de enero de 2026" in html
    pdf = client.get(reverse("planning:public_action_plan_pdf", args=[action_plan.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    xlsx = client.get(reverse("planning:public_action_plan_xlsx", args=[action_plan.pk]))
    sheet = load_workbook(BytesIO(xlsx.content)).active
    assert sheet["A5"].value == "Componente" and sheet["B6"].value == "Boletín mensual" and sheet["G6"].value == "12"
    csv = client.get(reverse("planning:public_action_plan_csv", args=[action_plan.pk])).content.decode("utf-8-sig")
    assert "Boletín mensual" in csv


def test_another_entitys_action_plan_is_a_404_and_a_lead_cannot_change_it(
    client, plan, press_officer, outsider, lead_a
):
    action_plan = services.action_plan_generate(plan=plan, year=2026, user=press_officer)
    client.force_login(outsider)
    assert client.get(action_plan.get_absolute_url()).status_code == 404
    assert client.get(reverse("planning:action_plan_pdf", args=[action_plan.pk])).status_code == 404
    client.force_login(lead_a)
    assert client.post(reverse("planning:action_plan_publish", args=[action_plan.pk])).status_code == 403
    action_plan.refresh_from_db()
    assert action_plan.status == ActionPlanStatus.DRAFT


def test_the_press_office_reads_the_year_figures_of_its_action_plan(client, plan, press_officer, manager):
    action_plan = services.action_plan_generate(plan=plan, year=2026, user=press_officer)
    client.force_login(manager)
    html = client.get(action_plan.get_absolute_url()).content.decode()
    assert "Boletín mensual" in html and "?anio=2026&amp;tipo=anio" in html
    assert "Publicar el Plan de Acción" not in html  # a manager reads, does not write


def test_the_january_reminder_goes_to_the_press_office_until_published(plan, press_officer):
    press_officer.email = "prensa@entidad.gov.co"
    press_officer.save()

    assert send_action_plan_reminders(day=date(2026, 2, 2)) == 0
    assert send_action_plan_reminders(day=date(2026, 1, 5)) == 1
    assert "Plan de Acción 2026" in mail.outbox[0].subject and "31 de enero" in mail.outbox[0].body

    action_plan = services.action_plan_generate(plan=plan, year=2026, user=press_officer)
    services.action_plan_publish(action_plan=action_plan, today=date(2026, 1, 10))
    assert send_action_plan_reminders(day=date(2026, 1, 12)) == 0
