"""The dashboards fit the screen: on a phone the wide tables scroll sideways in their own boxes,
never the whole page; on a laptop the overview shows every column of its table."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from dashboards.tests.dashboard_data import build, with_figures

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# How far the page scrolls sideways, and which tables wider than the screen do not scroll in a
# box of their own (by class).
PAGE_OVERFLOW = "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
UNBOXED_WIDE_TABLES = """() => Array.from(document.querySelectorAll('main table'))
  .filter(t => t.getBoundingClientRect().width > document.documentElement.clientWidth
               && !t.parentElement.classList.contains('table-responsive'))
  .map(t => t.className)"""


@pytest.fixture
def world(entity, area_a, area_b, press_officer):
    # The live server shares this process's cache, and test databases reuse ids.
    cache.clear()
    yield with_figures(build(entity, area_a, area_b), press_officer)
    cache.clear()


def test_on_a_phone_the_plan_dashboard_scrolls_its_tables_and_not_the_page(
    browser_page, browser_login, axe_check, manager, world
):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login(page, manager)

    page.goto(reverse("dashboards:plan_dashboard", args=[world.plan.pk]))
    page.wait_for_load_state("networkidle")

    assert page.evaluate(UNBOXED_WIDE_TABLES) == []
    assert page.evaluate(PAGE_OVERFLOW) == 0
    axe_check(page, "on the plan dashboard at 390 px")


def test_on_a_laptop_the_overview_shows_every_column_of_its_table(browser_page, browser_login, manager, world):
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 800})
    browser_login(page, manager)

    page.goto(reverse("dashboards:overview"))
    page.wait_for_load_state("networkidle")

    box = page.locator(".table-responsive:has(.overview-table)")
    assert box.evaluate("box => box.scrollWidth - box.clientWidth") == 0
    last_column = page.get_by_role("columnheader", name="Último cálculo").bounding_box()
    assert last_column["x"] + last_column["width"] <= 1280
    assert page.evaluate(PAGE_OVERFLOW) == 0
