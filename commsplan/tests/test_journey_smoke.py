"""The browser set-up itself: a lead logs in through the form and lands on a page that axe-core
finds without serious or critical violations."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_login_form_and_home_pass_axe(browser_page, browser_login, axe_check, lead_a):
    page = browser_page
    page.goto("/cuenta/ingresar/")
    axe_check(page, "on the login page")
    browser_login(page, lead_a)
    assert "/cuenta/ingresar/" not in page.url
    page.goto("/mis-actividades/")
    assert page.get_by_role("heading", level=1).count() == 1
    axe_check(page, "on Mis actividades")
