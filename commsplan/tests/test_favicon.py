"""Browsers ask for /favicon.ico on their own: no page logs a 404 for it."""

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_favicon_ico_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert (response.status_code, response["Location"]) == (302, "/static/img/favicon.ico")
    assert finders.find("img/favicon.ico") and finders.find("img/favicon.svg")


def test_every_page_names_its_icon(client):
    html = client.get("/cuenta/ingresar/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html


def test_the_admin_names_its_icon_too(client):
    html = client.get("/admin/login/").content.decode()
    assert '<link rel="icon" href="/static/img/favicon.svg" type="image/svg+xml">' in html
