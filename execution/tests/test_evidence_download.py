"""Evidence files are streamed only to people who may read their log, never from a public URL."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from execution import services as logs
from execution.models import Evidence
from execution.services import ValueInput
from indicators.tests.factories import IndicatorFactory
from plans.enums import PlanStatus
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, ComponentFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n% lista de asistencia\n"


@pytest.fixture
def evidence(settings, tmp_path, entity, area_a, lead_a, press_officer):
    settings.MEDIA_ROOT = tmp_path
    today = timezone.localdate()
    plan = ApprovedPlanFactory(
        entity=entity,
        status=PlanStatus.IN_EXECUTION,
        vigencia_start=date(today.year - 1, 1, 1),
        vigencia_end=date(today.year + 1, 12, 31),
    )
    activity = ActivityFactory(component=ComponentFactory(plan=plan))
    activity.responsible_areas.add(area_a)
    indicator = IndicatorFactory(activity=activity)
    logs.reporting_period_open(user=press_officer, plan=plan, month=today, deadline=today)
    log = logs.log_record(
        user=lead_a,
        activity=activity,
        area=area_a,
        date=today,
        values={indicator.pk: ValueInput(value=Decimal(1))},
        description="Capacitación",
        files=[SimpleUploadedFile("lista de asistencia ñ.pdf", PDF, content_type="text/html")],
    )
    return Evidence.objects.get(log=log)


def url(evidence):
    return reverse("execution:evidence_download", args=[evidence.pk])


@pytest.mark.parametrize("persona", ["lead_a", "press_officer", "manager", "superuser"])
def test_the_areas_lead_the_press_office_and_managers_download_it(client, request, persona, evidence):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url(evidence))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"  # the checked type, not the one the browser sent
    assert response["Content-Disposition"] == ("attachment; filename*=utf-8''lista%20de%20asistencia%20%C3%B1.pdf")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("persona", ["lead_b", "outsider"])
def test_a_lead_of_another_area_and_a_user_of_another_entity_get_404(client, request, persona, evidence):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(evidence)).status_code == 404


def test_anonymous_is_sent_to_login(client, evidence):
    response = client.get(url(evidence))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_an_unknown_id_is_404(client, lead_a, evidence):
    client.force_login(lead_a)
    assert client.get(reverse("execution:evidence_download", args=[evidence.pk + 1000])).status_code == 404


def test_a_file_missing_from_the_disk_is_404_not_500(client, lead_a, evidence):
    evidence.file.storage.delete(evidence.file.name)
    client.force_login(lead_a)
    assert client.get(url(evidence)).status_code == 404


def test_the_file_is_stored_under_a_private_random_name_not_under_media_url(evidence, settings):
    assert evidence.file.name.startswith(f"evidence/{evidence.log.area.entity_id}/")
    assert "asistencia" not in evidence.file.name
    # No URL pattern serves MEDIA_ROOT: the only way to a file is the checked view.
    from django.urls import Resolver404, resolve

    with pytest.raises(Resolver404):
        resolve(settings.MEDIA_URL + evidence.file.name)
