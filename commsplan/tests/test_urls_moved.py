"""Pages that moved with the split of the indicators app keep answering at their old
addresses."""

import pytest

from plans.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("/admin/indicators/report/", "/admin/reports/report/"),
        ("/admin/indicators/reportschedule/add/", "/admin/reports/reportschedule/add/"),
        ("/admin/indicators/activitylog/?area__id__exact=3", "/admin/execution/activitylog/?area__id__exact=3"),
        ("/admin/indicators/report/12/change/", "/admin/reports/report/12/change/"),
    ],
)
def test_an_old_admin_address_of_a_moved_model_redirects_to_its_new_app(client, old, new):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"] == new


def test_the_admin_pages_that_stayed_in_indicators_are_not_redirected(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/indicators/indicator/")
    assert response.status_code == 200
