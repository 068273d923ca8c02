"""Browser journey: a lead creates an API token from its account, copies the key shown once,
uses it against the API and revokes it; the swagger page loads under the site's CSP. axe-core
checks the token page."""

import pytest

from api.models import ApiToken

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_lead_creates_uses_and_revokes_a_token(browser_page, browser_login, axe_check, lead_a, live_server):
    page = browser_page
    browser_login(page, lead_a)
    page.locator("#account-menu").click()
    page.get_by_role("link", name="Tokens de la API").click()
    axe_check(page, "on the empty token page")
    page.get_by_label("Nombre del token").fill("Macro de seguimiento")
    page.get_by_role("button", name="Crear token").click()
    key = page.get_by_label("Token", exact=True).input_value()
    assert key.startswith("cp_")
    axe_check(page, "with the new key shown")

    api = page.context.request
    response = api.get(f"{live_server.url}/api/v1/entities/", headers={"Authorization": f"Bearer {key}"})
    assert response.status == 200

    page.goto("/cuenta/tokens/")
    assert page.get_by_label("Token", exact=True).count() == 0
    page.get_by_role("button", name="Revocar «Macro de seguimiento»").click()
    assert page.get_by_text("ya no da acceso").is_visible()
    assert ApiToken.objects.get().revoked_at is not None
    response = api.get(f"{live_server.url}/api/v1/entities/", headers={"Authorization": f"Bearer {key}"})
    assert response.status == 401


def test_the_docs_page_renders_under_the_csp(_browser, live_server):
    # A context of its own that keeps the site's CSP (the shared one bypasses it for axe).
    context = _browser.new_context(base_url=live_server.url)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto("/api/docs/")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20_000)
    assert page.locator(".opblock").count() > 10
    context.close()
    assert not [e for e in errors if "Content Security Policy" in e], errors
