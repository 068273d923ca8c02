"""The matrix pages in the back office: who may import, preview then confirm, the kept file,
the export of a plan and the template downloads."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.matrix import MATRIX_SHEET
from imports.matrix_files import example_plan_fields, example_sheet, sheets_bytes
from imports.readers import read_table
from indicators.models import Indicator
from plans.models import Area, Plan
from plans.tests.factories import PlanFactory, UserFactory

IMPORT = reverse("imports:matrix_import")
CONFIRM = reverse("imports:matrix_import_confirm")


def _upload(fmt="xlsx", data=None):
    data = data if data is not None else sheets_bytes([example_sheet(MATRIX_SHEET)], fmt)
    return SimpleUploadedFile(f"matriz.{fmt}", data)


def _post(client, fmt="xlsx", **extra):
    fields = example_plan_fields()
    payload = {
        "archivo": _upload(fmt),
        "titulo": fields["title"],
        "inicio": fields["vigencia_start"].strftime("%d/%m/%Y"),
        "fin": fields["vigencia_end"].strftime("%d/%m/%Y"),
        **extra,
    }
    return client.post(IMPORT, payload)


def test_anonymous_is_sent_to_login(client):
    for url in (IMPORT, reverse("imports:matrix_template"), reverse("imports:matrix_template_file", args=["xlsx"])):
        response = client.get(url)
        assert response.status_code == 302 and "/cuenta/ingresar/" in response["Location"]


def test_a_view_only_staff_user_cannot_import(client, entity):
    viewer = UserFactory(username="solo_ver", entity=entity, is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_plan"))
    client.force_login(viewer)
    assert client.get(IMPORT).status_code == 403
    assert _post(client).status_code == 403
    assert client.post(CONFIRM, {"token": "x"}).status_code == 403
    assert client.get(reverse("imports:matrix_template_file", args=["xlsx"])).status_code == 403
    assert not Plan.objects.exists()


def test_area_leads_and_managers_cannot_import(client, lead_a, manager):
    for user in (lead_a, manager):
        client.force_login(user)
        assert client.get(IMPORT).status_code == 403


def test_press_officer_previews_then_confirms(client, press_officer, entity):
    client.force_login(press_officer)
    response = _post(client)
    assert response.status_code == 200
    assert not Plan.objects.exists()  # the preview writes nothing
    content = response.content.decode()
    assert "Oficina de Comunicaciones" in content and "Talento Humano" in content  # new areas listed
    token = response.context["token"]
    assert response.context["result"].counts["indicators"]["created"] == 4
    response = client.post(CONFIRM, {"token": token})
    plan = Plan.objects.get(entity=entity)
    assert response.status_code == 302 and response["Location"] == reverse("admin:plans_plan_change", args=[plan.pk])
    assert Indicator.objects.filter(plan=plan).count() == 4
    assert set(Area.objects.filter(entity=entity).values_list("name", flat=True)) == {
        "Oficina de Comunicaciones",
        "Talento Humano",
    }
    # The token is spent: a second confirmation imports nothing again.
    response = client.post(CONFIRM, {"token": token})
    assert response.status_code == 302 and response["Location"] == IMPORT


def test_a_changed_pending_file_is_refused(client, press_officer, entity, settings):
    from django.core.files.storage import default_storage

    from imports.matrix_files import PENDING_DIR

    client.force_login(press_officer)
    token = _post(client).context["token"]
    path = f"{PENDING_DIR}/{token}"
    default_storage.delete(path)
    default_storage.save(path, _upload("csv"))
    response = client.post(CONFIRM, {"token": token})
    assert response.status_code == 302 and response["Location"] == IMPORT
    assert not Plan.objects.exists()


def test_a_wrong_token_imports_nothing(client, press_officer):
    client.force_login(press_officer)
    _post(client)
    response = client.post(CONFIRM, {"token": "otro"})
    assert response.status_code == 302
    assert not Plan.objects.exists()


def test_bad_rows_are_listed_and_no_confirmation_is_offered(client, press_officer):
    client.force_login(press_officer)
    sheet = example_sheet(MATRIX_SHEET)
    sheet.rows[1][sheet.header.index("Unidad")] = "litros"
    response = client.post(
        IMPORT,
        {
            "archivo": _upload(data=sheets_bytes([sheet], "xlsx")),
            "titulo": "P",
            "inicio": "01/01/2025",
            "fin": "31/12/2026",
        },
    )
    assert response.status_code == 200
    assert response.context["token"] is None
    issues = response.context["result"].issues
    assert [(i.row, i.column) for i in issues] == [(3, "Unidad")]
    assert "litros" in response.content.decode()
    assert not Plan.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_gets_a_form_error(client, press_officer):
    client.force_login(press_officer)
    response = client.post(IMPORT, {"archivo": SimpleUploadedFile("m.xlsx", b"%PDF-1.4 nada"), "titulo": "P"})
    assert response.status_code == 200
    assert "PDF" in response.context["form"].errors["archivo"][0]


def test_another_entitys_plan_cannot_be_chosen(client, press_officer, other_entity):
    foreign = PlanFactory(entity=other_entity)
    client.force_login(press_officer)
    response = _post(client, plan=foreign.pk)
    assert response.status_code == 200
    assert "plan" in response.context["form"].errors
    assert Plan.objects.count() == 1  # only the foreign one


def test_the_template_page_and_files(client, press_officer):
    client.force_login(press_officer)
    page = client.get(reverse("imports:matrix_template"))
    assert page.status_code == 200 and "CSV" in page.content.decode()
    for fmt in ("xlsx", "ods", "csv"):
        response = client.get(reverse("imports:matrix_template_file", args=[fmt]))
        assert response.status_code == 200
        assert response["Content-Disposition"] == f'attachment; filename="plantilla-matriz-plan.{fmt}"'
    assert client.get(reverse("imports:matrix_template_file", args=["pdf"])).status_code == 404


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_the_press_office_and_managers_export_a_plan(client, press_officer, manager, entity, fmt):
    plan = PlanFactory(
        entity=entity, title="Plan 2025", vigencia_start=date(2025, 1, 1), vigencia_end=date(2025, 12, 31)
    )
    for user in (press_officer, manager):
        client.force_login(user)
        response = client.get(reverse("imports:matrix_export", args=[plan.pk, fmt]))
        assert response.status_code == 200
        table = read_table(response.content, filename=f"m.{fmt}", sheet=MATRIX_SHEET)
        assert table.headers[0] == "Componente"


def test_export_is_404_for_another_entity_and_403_for_area_leads(client, outsider, lead_a, entity):
    plan = PlanFactory(entity=entity)
    url = reverse("imports:matrix_export", args=[plan.pk, "xlsx"])
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(lead_a)
    assert client.get(url).status_code == 403


def test_the_plan_admin_links_to_the_import_and_the_exports(client, press_officer, entity):
    plan = PlanFactory(entity=entity)
    client.force_login(press_officer)
    changelist = client.get(reverse("admin:plans_plan_changelist")).content.decode()
    assert IMPORT in changelist and reverse("imports:matrix_template") in changelist
    change = client.get(reverse("admin:plans_plan_change", args=[plan.pk])).content.decode()
    assert reverse("imports:matrix_export", args=[plan.pk, "xlsx"]) in change


def _plan_with(entity, n: int) -> Plan:
    from indicators.models import Target
    from plans.models import Activity, Audience, Component, Objective, Responsibility

    plan = PlanFactory(entity=entity, vigencia_start=date(2025, 1, 1), vigencia_end=date(2025, 12, 31))
    audience = Audience.objects.create(entity=entity, name=f"Público {n}", scope="externo")
    area = Area.objects.create(entity=entity, name=f"Área {n}")
    for c in range(n):
        Objective.objects.create(plan=plan, text=f"Objetivo {c}")
        component = Component.objects.create(plan=plan, kind="externa", name=f"Componente {c}", order=c)
        responsibility = Responsibility.objects.create(component=component, text=f"Responsabilidad {c}")
        for a in range(n):
            activity = Activity.objects.create(
                component=component,
                name=f"Actividad {c}.{a}",
                order=a,
                responsibility=responsibility if a == 0 else None,
            )
            activity.audiences.add(audience)
            activity.responsible_areas.add(area)
            indicator = Indicator.objects.create(
                plan=plan, activity=activity, code=f"I-{c}-{a}", name="I", responsible_area=area
            )
            Target.objects.create(indicator=indicator, period_type="anio", period_start=date(2025, 1, 1), value=n)
    return plan


def test_the_export_runs_the_same_queries_for_one_row_and_for_many(client, press_officer, entity):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small, large = _plan_with(entity, 1), _plan_with(entity, 4)
    client.force_login(press_officer)
    counts = []
    for plan in (small, large):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("imports:matrix_export", args=[plan.pk, "csv"]))
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]
    table = read_table(response.content, filename="m.csv")
    assert len(table.rows) == 16


def test_a_superuser_chooses_the_entity(client, superuser, entity, other_entity):
    client.force_login(superuser)
    response = _post(client)
    assert "entidad" in response.context["form"].errors
    response = _post(client, entidad=other_entity.pk)
    client.post(CONFIRM, {"token": response.context["token"]})
    assert Plan.objects.get().entity == other_entity


def test_uploading_the_same_file_again_previews_no_change(client, press_officer, entity):
    client.force_login(press_officer)
    client.post(CONFIRM, {"token": _post(client).context["token"]})
    response = _post(client)
    assert response.context["result"].changes == 0
    assert "El archivo no cambia nada" in response.content.decode()


def test_previews_nobody_confirmed_are_deleted_after_a_day(client, press_officer, settings, tmp_path):
    import os
    import time

    from django.core.files.storage import default_storage

    from imports.matrix_files import PENDING_DIR
    from imports.tasks import pending_matrices_purge_task

    settings.MEDIA_ROOT = tmp_path
    assert pending_matrices_purge_task.delay().get() == 0  # nothing was ever uploaded
    client.force_login(press_officer)
    token = _post(client).context["token"]
    abandoned = default_storage.save(f"{PENDING_DIR}/abandonado", _upload("csv"))
    day_and_a_minute_ago = time.time() - 24 * 60 * 60 - 60
    os.utime(default_storage.path(abandoned), (day_and_a_minute_ago, day_and_a_minute_ago))

    assert pending_matrices_purge_task.delay().get() == 1

    assert not default_storage.exists(abandoned)
    assert default_storage.exists(f"{PENDING_DIR}/{token}")  # today's preview can still be confirmed
    response = client.post(CONFIRM, {"token": token})
    assert response.status_code == 302 and Plan.objects.count() == 1
