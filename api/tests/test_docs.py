"""The OpenAPI schema and its documentation page, served from the installed packages under the
site's CSP (no inline script, nothing from outside)."""

import re

import pytest
import yaml

pytestmark = pytest.mark.django_db


def test_the_schema_documents_every_resource_and_the_token(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    schema = yaml.safe_load(response.content)
    assert schema["openapi"].startswith("3.")
    paths = set(schema["paths"])
    for path in (
        "/api/v1/plans/{id}/",
        "/api/v1/period-values/",
        "/api/v1/logs/",
        "/api/v1/logs/{id}/approve/",
        "/api/v1/logs/{id}/evidence/",
        "/api/v1/reporting-periods/{id}/submit/",
        "/api/v1/reports/",
        "/api/v1/campaigns/",
        "/api/v1/pieces/",
        "/api/v1/mentions/",
    ):
        assert path in paths
    assert schema["components"]["securitySchemes"]["tokenPersonal"]["scheme"] == "bearer"
    period_values = {p["name"] for p in schema["paths"]["/api/v1/period-values/"]["get"]["parameters"]}
    assert {"plan", "indicator", "period_type", "period", "area", "cursor", "page_size"} <= period_values
    assert "400" in schema["paths"]["/api/v1/logs/"]["post"]["responses"]


def test_the_docs_page_loads_only_local_files_and_no_inline_script(client):
    response = client.get("/api/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="/' in attrs and not body.strip() for attrs, body in scripts)
    assert "<style" not in html and "http" not in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    init = client.get("/api/docs/?script=")
    assert init.status_code == 200 and "SwaggerUIBundle" in init.content.decode()
