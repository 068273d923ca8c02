"""Every page of the site, for every role, has unique ids: a label (``for=``), a described-by
hint or an error message points at one control only (WCAG 2.1, 1.3.1 and 4.1.1)."""

import re
from collections import Counter

import pytest
from django.urls import get_resolver

from commsplan.tests.test_security import _example_path, _walk

pytestmark = pytest.mark.django_db

ID = re.compile(r'\sid="([^"]+)"')


def _pages_without_parameters() -> list[str]:
    """The site's own pages (not the admin's, which Django draws) that take no parameter."""
    routes = [route for route in _walk(get_resolver().url_patterns) if "<" not in route and "(" not in route]
    paths = sorted({_example_path(route) for route in routes})
    return [path for path in paths if not path.startswith(("/admin/", "/static/", "/i18n/", "/cuenta/salir/"))]


def test_the_walk_covers_the_pages_with_two_forms():
    paths = _pages_without_parameters()
    assert {"/informes/", "/revision/", "/registros/", "/tablero/"} <= set(paths)


@pytest.mark.parametrize("role", ["press_officer", "lead_a", "manager"])
def test_no_page_repeats_an_id(client, request, role):
    client.force_login(request.getfixturevalue(role))
    checked = 0
    for path in _pages_without_parameters():
        response = client.get(path)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        repeated = sorted(name for name, count in Counter(ID.findall(html)).items() if count > 1)
        assert repeated == [], (role, path)
        checked += 1
    assert checked >= 5, role
