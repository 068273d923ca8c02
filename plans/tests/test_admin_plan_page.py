"""The plan's back-office page fits a laptop screen: saved components fold under their heading,
empty tables are closed, the matrix exports are object tools, every control of a table row is
labelled; the back office links the press office to its home and to the review, and names
an empty filter value."""

import re

import pytest
from django.urls import reverse

from plans.tests.factories import ComponentFactory, ObjectiveFactory, PlanFactory, ResponsibilityFactory

pytestmark = pytest.mark.django_db

FOLDS = re.compile(r'<details class="djn-fold( djn-fold-item)?"( open)?>')


@pytest.fixture
def plan_page(client, press_officer, entity):
    plan = PlanFactory(entity=entity)
    ComponentFactory(plan=plan, name="Comunicación externa")
    filled = ComponentFactory(plan=plan, name="Comunicación interna")
    ResponsibilityFactory(component=filled, text="Redactar los boletines internos.")
    client.force_login(press_officer)
    response = client.get(reverse("admin:plans_plan_change", args=[plan.pk]))
    assert response.status_code == 200
    return plan, response.content.decode()


def test_saved_components_fold_and_the_new_one_shows_open(plan_page):
    _plan, html = plan_page
    components = [bool(opened) for item, opened in FOLDS.findall(html) if item]
    # Two saved components folded, then the blank form that «Agregar componente» copies.
    assert components == [False, False, True]


def test_empty_tables_are_closed_and_tables_with_rows_open(plan_page):
    _plan, html = plan_page
    tables = [bool(opened) for item, opened in FOLDS.findall(html) if not item]
    # The objectives (none), each component's responsibilities (none, one), the blank form's.
    assert tables == [False, False, True, False]
    assert re.search(r"Objetivos\s*<span class=\"djn-fold-count\">\(0\)</span>", html)


def test_the_matrix_exports_are_object_tools_of_the_plan(plan_page):
    plan, html = plan_page
    tools = re.search(r'<ul class="object-tools">(.*?)</ul>', html, re.S).group(1)
    for kind in ("xlsx", "ods", "csv"):
        assert reverse("imports:matrix_export", args=[plan.pk, kind]) in tools


def test_every_control_of_a_table_row_has_a_label(client, press_officer, entity):
    plan = PlanFactory(entity=entity)
    ObjectiveFactory(plan=plan)
    client.force_login(press_officer)
    html = client.get(reverse("admin:plans_plan_change", args=[plan.pk])).content.decode()
    for control in ("id_objectives-0-order", "id_objectives-0-kind", "id_objectives-0-text", "id_objectives-0-DELETE"):
        assert f'<label class="visually-hidden" for="{control}">' in html


def test_the_back_office_links_the_press_office_to_its_home_and_the_review(client, press_officer):
    client.force_login(press_officer)
    html = client.get(reverse("admin:index")).content.decode()
    assert f'<a href="{reverse("plans:press_home")}">Inicio de la oficina de prensa</a>' in html
    assert f'<a href="{reverse("execution:review")}">Revisión de registros</a>' in html
    assert '/static/css/admin.css"' in html
    assert '/static/js/admin_a11y.js"' in html


def test_the_entity_filter_names_an_empty_department(client, superuser, entity):
    from plans.tests.factories import EntityFactory

    EntityFactory(name="Ministerio Nacional", department="")
    client.force_login(superuser)
    html = client.get(reverse("admin:plans_entity_changelist")).content.decode()
    assert '<a href="?department=">(sin dato)</a>' in html
