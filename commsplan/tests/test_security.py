"""Security baseline: every URL needs a login unless allow-listed, CSP, throttling, errors."""

import re

import pytest
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse

pytestmark = pytest.mark.django_db

# URLs an anonymous visitor may open, as (regex on the path) → why.
PUBLIC = {
    r"^/cuenta/ingresar/$": "the login page",
    r"^/cuenta/salir/$": "logging out is harmless",
    r"^/i18n/": "choosing the language",
    r"^/admin/login/$": "the admin's own login page",
    r"^/admin/logout/$": "logging out is harmless",
    r"^/static/": "static files",
    r"^/admin/server-data\.js$": "nested-admin's configuration script: 403 for non-staff, holds no data",
    r"^/comunicacion/calendario/ical/[^/]+\.ics$": (
        "a user's iCalendar feed of the editorial calendar: authenticated by its secret, revocable token "
        "(calendar apps send no session); 404 for an unknown or revoked token"
    ),
    r"^/api/": (
        "the REST API: its schema and docs page hold no data; every other address answers an anonymous "
        "caller with a JSON 401 (machines have no login page), tested in api/tests"
    ),
    r"^/buzon/\d+/(respuestas/)?$": (
        "the entity's public suggestion box (throttled, honeypot, plain text) and the answers its press "
        "office published after moderation, without contacts"
    ),
    r"^/encuestas/[^/]+/(gracias/)?$": "a published survey's form behind its random link, and its thanks page",
    r"^/privacidad/\d+/$": "the entity's privacy notice (Ley 1581)",
    r"^/favicon\.ico$": "the site's icon, which browsers ask for on their own: a redirect to the static file",
    r"^/transparencia/\d+/(datos\.(csv|json))?$": (
        "the public transparency page of a plan and its open data (Ley 1712): 404 unless the press office "
        "published the plan, and never any person, log or evidence"
    ),
    r"^/transparencia/plan-de-accion/\d+/(plan\.(pdf|xlsx|csv))?$": (
        "a published annual action plan (Decreto 612 de 2018) and its files: 404 until the press office publishes it"
    ),
    r"^/transparencia/rendicion-de-cuentas/\d+/(informe\.(pdf|csv|json))?$": (
        "a published rendición de cuentas, its files and its questions form (moderated, throttled): 404 until published"
    ),
}


def _walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route


def _example_path(route: str) -> str:
    """Turn a route or regex into a concrete path, with 1 for every parameter."""
    path = re.sub(r"<(?:\w+:)?\w+>", "1", route)
    path = re.sub(r"\(\?P<\w+>[^)]*\)", "1", path)
    path = re.sub(r"\([^)]*\)", "1", path)
    path = path.replace("^", "").replace("$", "").replace("\\", "")
    return "/" + path.lstrip("/")


def _all_paths():
    return sorted({_example_path(route) for route in _walk(get_resolver().url_patterns)})


@pytest.mark.parametrize("path", _all_paths())
def test_every_url_sends_an_anonymous_visitor_to_a_login_page(client, path):
    if any(re.match(rule, path) for rule in PUBLIC):
        pytest.skip("allow-listed: " + next(why for rule, why in PUBLIC.items() if re.match(rule, path)))
    response = client.get(path)
    assert response.status_code == 302, path
    location = response["Location"]
    assert location.startswith(("/cuenta/ingresar/", "/admin/login/")), (path, location)


def test_the_walk_finds_the_product_urls():
    paths = _all_paths()
    assert "/planes/1/matriz/" in paths
    assert "/admin/plans/plan/" in paths
    assert len(paths) > 50


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get(reverse("login"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


def test_the_login_page_is_in_spanish_and_has_labels(client):
    response = client.get(reverse("login"))
    html = response.content.decode()
    assert '<html lang="es">' in html
    assert re.search(r'<label\s+for="id_username"', html)
    assert "Contraseña" in html


class TestLoginThrottling:
    def _fail(self, client, username, ip):
        return client.post(reverse("login"), {"username": username, "password": "mala"}, REMOTE_ADDR=ip)

    def test_a_username_is_locked_from_one_address_after_five_failures(self, press_officer):
        client = Client()
        for _ in range(5):
            self._fail(client, "prensa", "10.0.0.1")
        response = client.post(
            reverse("login"),
            {"username": "prensa", "password": "clave-de-prueba-2026"},
            REMOTE_ADDR="10.0.0.1",
        )
        assert response.status_code == 429
        assert "Acceso bloqueado temporalmente" in response.content.decode()

    def test_colleagues_behind_the_same_address_are_not_locked_out(self, press_officer, manager):
        client = Client()
        for _ in range(5):
            self._fail(client, "prensa", "10.0.0.1")
        response = client.post(
            reverse("login"),
            {"username": "directivo", "password": "clave-de-prueba-2026"},
            REMOTE_ADDR="10.0.0.1",
        )
        assert response.status_code == 302
        assert response["Location"] == reverse("home")

    def test_a_wrong_password_gets_a_spanish_message(self, client, press_officer):
        response = self._fail(client, "prensa", "10.0.0.2")
        assert response.status_code == 200
        assert "Usuario o contraseña incorrectos." in response.content.decode()


@override_settings(DEBUG=False)
def test_a_missing_page_gets_the_product_404_without_traceback(client, press_officer):
    client.force_login(press_officer)
    response = client.get("/no-existe/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Página no encontrada" in html
    assert "Traceback" not in html


def test_the_500_page_renders_without_a_request_context():
    from plans.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    assert "Ocurrió un error en el servidor" in response.content.decode()


class TestHome:
    def test_the_press_office_is_sent_to_its_home(self, client, press_officer):
        client.force_login(press_officer)
        assert client.get(reverse("home"))["Location"] == reverse("plans:press_home")

    def test_area_leads_are_sent_to_my_activities(self, client, lead_a):
        client.force_login(lead_a)
        assert client.get(reverse("home"))["Location"] == reverse("dashboards:my_activities")

    def test_managers_are_sent_to_the_dashboard_overview(self, client, manager):
        client.force_login(manager)
        assert client.get(reverse("home"))["Location"] == reverse("dashboards:overview")

    def test_a_user_without_a_role_is_sent_to_the_workspace(self, client, entity):
        from plans.tests.factories import UserFactory

        client.force_login(UserFactory(username="sin_rol", entity=entity))
        assert client.get(reverse("home"))["Location"] == reverse("plans:workspace")


class TestLanguage:
    def test_spanish_is_served_whatever_the_browser_asks(self, client):
        response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
        assert response["Content-Language"] == "es-co"
        assert "Contraseña" in response.content.decode()

    def test_english_is_served_once_chosen(self, client):
        response = client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
        assert response.status_code == 302
        response = client.get(reverse("login"))
        assert response["Content-Language"] == "en"
        assert '<html lang="en">' in response.content.decode()
