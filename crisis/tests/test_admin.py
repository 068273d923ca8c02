"""The protocol's back office: scoped to the entity, the placeholder check on the template's
field with nothing saved, one protocol per entity, incidents read-only."""

from datetime import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from crisis.enums import TemplatePurpose
from crisis.models import CrisisProtocol, MessageTemplate
from crisis.tests.conftest import make_incident

pytestmark = pytest.mark.django_db


def _change_data(protocol, **template):
    """The change form of ``protocol`` as the admin posts it, with one new template."""
    data = {
        "title": protocol.title,
        "purpose": "",
        "activation": "",
        "immediate_channel": protocol.immediate_channel_id or "",
    }
    for prefix, rows in (
        ("levels", list(protocol.levels.all())),
        ("roles", list(protocol.roles.all())),
        ("contacts", list(protocol.contacts.all())),
    ):
        data.update({f"{prefix}-TOTAL_FORMS": len(rows), f"{prefix}-INITIAL_FORMS": len(rows)})
        for n, row in enumerate(rows):
            data[f"{prefix}-{n}-id"] = row.pk
            data[f"{prefix}-{n}-protocol"] = protocol.pk
            for field in row._meta.concrete_fields:
                if field.name not in ("id", "protocol"):
                    value = getattr(row, field.attname)
                    if isinstance(value, bool):
                        if value:
                            data[f"{prefix}-{n}-{field.name}"] = "on"
                    elif isinstance(value, datetime):  # the admin's split date and time
                        local = timezone.localtime(value)
                        data[f"{prefix}-{n}-{field.name}_0"] = local.strftime("%d/%m/%Y")
                        data[f"{prefix}-{n}-{field.name}_1"] = local.strftime("%H:%M:%S")
                    elif value is None:
                        data[f"{prefix}-{n}-{field.name}"] = ""
                    else:
                        data[f"{prefix}-{n}-{field.name}"] = value
    templates = list(protocol.templates.all())
    data.update({"templates-TOTAL_FORMS": len(templates) + 1, "templates-INITIAL_FORMS": len(templates)})
    for n, row in enumerate(templates):
        data.update(
            {
                f"templates-{n}-id": row.pk,
                f"templates-{n}-protocol": protocol.pk,
                f"templates-{n}-channel": row.channel_id,
                f"templates-{n}-purpose": row.purpose,
                f"templates-{n}-subject": row.subject,
                f"templates-{n}-body": row.body,
            }
        )
    n = len(templates)
    data.update({f"templates-{n}-protocol": protocol.pk, **{f"templates-{n}-{k}": v for k, v in template.items()}})
    return data


def test_a_template_with_an_unknown_placeholder_gets_the_error_on_its_field(client, press_officer, protocol):
    client.force_login(press_officer)
    url = reverse("admin:crisis_crisisprotocol_change", args=[protocol.pk])
    data = _change_data(
        protocol, channel=protocol.radio.pk, purpose=TemplatePurpose.FIRST_NOTICE, subject="", body="Falla en {sede}"
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Marcador desconocido: {sede}. Use solo los marcadores de la lista." in response.content.decode()
    assert not MessageTemplate.objects.filter(channel=protocol.radio).exists()


def test_a_valid_template_is_saved(client, press_officer, protocol):
    client.force_login(press_officer)
    url = reverse("admin:crisis_crisisprotocol_change", args=[protocol.pk])
    data = _change_data(
        protocol,
        channel=protocol.radio.pk,
        purpose=TemplatePurpose.FIRST_NOTICE,
        subject="",
        body="Falla en {servicio}",
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert MessageTemplate.objects.get(channel=protocol.radio).body == "Falla en {servicio}"


def test_the_placeholders_are_listed_as_help_text(client, press_officer, protocol):
    client.force_login(press_officer)
    html = client.get(reverse("admin:crisis_crisisprotocol_change", args=[protocol.pk])).content.decode()
    assert "{proxima_actualizacion}" in html and "{vocero}" in html


def test_another_entitys_protocol_is_404_and_not_listed(client, outsider, protocol):
    client.force_login(outsider)
    assert client.get(reverse("admin:crisis_crisisprotocol_change", args=[protocol.pk])).status_code == 404
    assert protocol.entity.name not in client.get(reverse("admin:crisis_crisisprotocol_changelist")).content.decode()


def test_only_the_entitys_channels_are_offered(client, press_officer, protocol, other_protocol):
    client.force_login(press_officer)
    html = client.get(reverse("admin:crisis_crisisprotocol_change", args=[protocol.pk])).content.decode()
    assert "Correo interno ajeno" not in html and "Correo interno" in html


def test_a_press_office_creates_its_entitys_protocol_once(client, press_officer, entity):
    client.force_login(press_officer)
    url = reverse("admin:crisis_crisisprotocol_add")
    data = {"title": "Protocolo", "purpose": "", "activation": "", "immediate_channel": ""}
    for prefix in ("levels", "roles", "contacts", "templates"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    assert client.post(url, data).status_code == 302
    assert CrisisProtocol.objects.get().entity == entity
    assert client.get(url).status_code == 403


def test_incidents_are_read_only_in_the_admin(client, press_officer, protocol):
    incident = make_incident(press_officer, protocol)
    client.force_login(press_officer)
    assert client.get(reverse("admin:crisis_incident_change", args=[incident.pk])).status_code == 200
    assert client.get(reverse("admin:crisis_incident_add")).status_code == 403
    response = client.post(reverse("admin:crisis_incident_change", args=[incident.pk]), {"title": "Otro"})
    incident.refresh_from_db()
    assert response.status_code == 403 and incident.title == "Caída del portal de trámites"


def test_area_leads_have_no_crisis_admin(client, lead_a, protocol):
    lead_a.is_staff = True
    lead_a.save()
    client.force_login(lead_a)
    assert client.get(reverse("admin:crisis_crisisprotocol_change", args=[protocol.pk])).status_code == 403
