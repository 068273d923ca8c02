"""Personas shared by every app's tests: press officer, area leads of A and B, manager, a user
of another entity, a superuser. Anonymous is the test client without login."""

import functools
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from plans.enums import Role
from plans.tests.factories import AreaFactory, EntityFactory, UserFactory

# A plan in execution of the personas' entity (today, plan, component, activity, activity_b,
# count_indicator, period, media), shared by the execution and API tests.
pytest_plugins = ["execution.tests.plan_in_execution"]


@pytest.fixture(autouse=True)
def _spanish_by_default():
    """Every test starts in Spanish, whatever language an earlier test (or request) left
    active in this thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


def _with_role(user, role):
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def entity(db):
    return EntityFactory(name="Alcaldía de Prueba")


@pytest.fixture
def other_entity(db):
    return EntityFactory(name="Gobernación Ajena")


@pytest.fixture
def area_a(entity):
    return AreaFactory(entity=entity, name="Talento Humano")


@pytest.fixture
def area_b(entity):
    return AreaFactory(entity=entity, name="Tecnologías de la Información")


@pytest.fixture
def press_officer(entity):
    return _with_role(UserFactory(username="prensa", entity=entity, is_staff=True), Role.PRESS)


@pytest.fixture
def lead_a(entity, area_a):
    return _with_role(UserFactory(username="lider_a", entity=entity, area=area_a), Role.AREA_LEAD)


@pytest.fixture
def lead_b(entity, area_b):
    return _with_role(UserFactory(username="lider_b", entity=entity, area=area_b), Role.AREA_LEAD)


@pytest.fixture
def manager(entity):
    return _with_role(UserFactory(username="directivo", entity=entity), Role.MANAGER)


@pytest.fixture
def outsider(other_entity):
    """A press officer of another entity."""
    return _with_role(UserFactory(username="prensa_ajena", entity=other_entity, is_staff=True), Role.PRESS)


@pytest.fixture
def superuser(db):
    return UserFactory(username="super", entity=None, is_staff=True, is_superuser=True)


def pytest_collection_modifyitems(config, items):
    """Skip tests marked ``postgres`` when the suite runs on SQLite (the PostgreSQL pass of
    .ci/run runs them)."""
    from django.conf import settings

    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: run with DATABASE_URL=postgres://…")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


# --- Browser journeys ------------------------------------------------------------------------
# Tests marked ``browser`` drive Debian's chromium with Playwright against pytest-django's
# live server. `make test` leaves them out (a laptop needs no browser); .ci/run runs them.

AXE_PATH = Path(__file__).resolve().parent / "commsplan" / "tests" / "vendor" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@functools.cache
def _axe_source() -> str:
    return AXE_PATH.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def _browser():
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs a loop
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-dev-shm-usage"])
        yield browser
        browser.close()


@pytest.fixture
def browser_page(_browser, live_server):
    """A fresh page (own cookies) in Spanish, whose ``goto`` takes paths of the live server."""
    # bypass_csp lets the test inject axe-core; the app's CSP itself is tested in test_security.
    context = _browser.new_context(
        locale="es-CO", timezone_id="America/Bogota", base_url=live_server.url, bypass_csp=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def browser_login():
    """Log a user in through the login form: ``browser_login(page, user)`` (password of the
    factories: ``UserFactory`` sets ``clave-de-prueba-123``)."""

    def login(page, user, password=None):
        from plans.tests.factories import DEFAULT_PASSWORD

        page.goto("/cuenta/ingresar/")
        page.get_by_label("Usuario").fill(user.username)
        page.get_by_label("Contraseña").fill(password or DEFAULT_PASSWORD)
        page.get_by_role("button", name="Ingresar").click()
        page.wait_for_load_state("networkidle")

    return login


@pytest.fixture
def axe_check():
    """Run axe-core on the page and fail on serious or critical violations (WCAG 2.1 AA).

    axe-core is evaluated in the page rather than added as a script tag: the product's Content
    Security Policy refuses an injected script, in a context that does not bypass it. A check
    that ran no rule fails too, so that an axe that did not load never passes for a clean page.
    """

    def check(page, context=""):
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(_axe_source())
        result = page.evaluate(
            "() => axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
        )
        assert result["passes"], f"axe-core ran no check {context}: did it load?"
        bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        details = "; ".join(f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}" for v in bad)
        assert not bad, f"axe found serious/critical violations {context}: {details}"

    return check
