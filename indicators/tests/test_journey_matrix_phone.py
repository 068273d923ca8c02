"""The plan matrix and the transparency page on a phone: each activity beside the responsibility
it carries out, and nothing that scrolls sideways."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.contrib.auth.hashers import make_password

from indicators.services import seed_entity_load
from plans.tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PHONE = {"width": 360, "height": 740}
SCROLLS_SIDEWAYS = "() => document.documentElement.scrollWidth > window.innerWidth"


@pytest.fixture
def mintic():
    data = yaml.safe_load((Path(settings.BASE_DIR) / "fixtures" / "plans" / "mintic.yaml").read_text("utf-8"))
    _entity, plans, users = seed_entity_load(data=data, password_hash=make_password(DEFAULT_PASSWORD))
    plan = next(p for p in plans if p.components.exists())
    plan.is_public = True
    plan.save(update_fields=["is_public"])
    press = next(u for u in users if u.is_press and not u.is_superuser)
    return plan, press


def test_the_matrix_page_pairs_the_rows_and_fits_a_phone(browser_page, browser_login, axe_check, mintic):
    plan, press = mintic
    page = browser_page
    browser_login(page, press)
    page.set_viewport_size(PHONE)
    page.goto(f"/planes/{plan.pk}/matriz/")
    row = page.locator("tr.matrix-row", has=page.locator("td.activity-cell", has_text="Elaborar Contenidos Escritos"))
    cell = row.locator("td.responsibility-cell")
    assert cell.inner_text() == "Investigar, redactar y editar contenidos escritos."
    # On a phone each cell is a line of its card, named by its column.
    assert cell.evaluate("(td) => getComputedStyle(td).display") == "block"
    assert cell.evaluate("(td) => getComputedStyle(td, '::before').content") == '"Responsabilidad: "'
    website = page.locator("tr.matrix-row", has=page.get_by_text("Actualización de contenidos Página Web"))
    assert "Divulgar los contenidos producidos" in website.locator("td.responsibility-cell").inner_text()
    assert page.evaluate("() => window.innerWidth") == PHONE["width"]
    assert not page.evaluate(SCROLLS_SIDEWAYS), "the matrix page scrolls sideways on a phone"
    axe_check(page, "on the plan matrix at phone width")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert page.locator("thead").first.is_visible()  # the full table on a desktop


def test_the_transparency_page_fits_a_phone(browser_page, axe_check, mintic):
    plan, _press = mintic
    page = browser_page
    page.set_viewport_size(PHONE)
    response = page.goto(f"/transparencia/{plan.pk}/")
    assert response.status == 200
    assert page.locator("tr.public-indicator-row").count() > 0
    assert not page.evaluate(SCROLLS_SIDEWAYS), "the transparency page scrolls sideways on a phone"
    axe_check(page, "on the transparency page at phone width")
