"""Import-export on the Indicator and Target admins: scoped to the user's entity, validated
with the models' rules, formulas escaped, import only with the import permission."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import tablib
from django.contrib.auth.models import Permission
from django.urls import reverse

from imports.matrix_resources import IndicatorResource, TargetResource
from indicators.models import Indicator, Target
from plans.tests.factories import PlanFactory, UserFactory

HEADER = ["plan", "code", "name", "unit", "aggregation", "target_derivation", "responsible_area"]


def _dataset(*rows):
    return tablib.Dataset(*rows, headers=HEADER)


def test_press_officer_imports_indicators_of_own_plan(press_officer, entity, area_a):
    plan = PlanFactory(entity=entity)
    data = _dataset([plan.pk, "ext-01", "Comunicados", "numero", "periodica", "dividir", "talento humano"])
    result = IndicatorResource(user=press_officer).import_data(data, dry_run=False)
    assert [r.error_dict for r in result.invalid_rows] == []
    assert not result.has_errors()
    indicator = Indicator.objects.get(plan=plan)
    assert (indicator.code, indicator.responsible_area) == ("EXT-01", area_a)
    # The same file again: matched by plan and code, skipped.
    again = IndicatorResource(user=press_officer).import_data(data, dry_run=False)
    assert again.totals["skip"] == 1 and Indicator.objects.count() == 1


def test_a_row_of_another_entitys_plan_is_refused_and_nothing_is_written(press_officer, entity, other_entity):
    own, foreign = PlanFactory(entity=entity), PlanFactory(entity=other_entity)
    data = _dataset(
        [own.pk, "A-1", "Bien", "numero", "periodica", "dividir", ""],
        [foreign.pk, "A-2", "Ajeno", "numero", "periodica", "dividir", ""],
    )
    result = IndicatorResource(user=press_officer).import_data(data, dry_run=False)
    # The plan is part of the row's identity, so the refusal is a row error, not a field error.
    assert result.has_errors()
    (error,) = result.rows[1].errors
    assert error.number == 2 and "no hay un(a) plan de comunicaciones con ese valor en su entidad" in str(error.error)
    assert Indicator.objects.count() == 0


def test_model_rules_apply_to_imported_indicators(press_officer, entity):
    plan = PlanFactory(entity=entity)
    data = _dataset([plan.pk, "R-1", "Razón sin términos", "porcentaje", "razon", "repetir", ""])
    result = IndicatorResource(user=press_officer).import_data(data, dry_run=False)
    assert result.has_validation_errors()
    assert "numerator_definition" in result.invalid_rows[0].error_dict
    assert Indicator.objects.count() == 0


def test_targets_import_within_the_entity(press_officer, outsider, entity):
    plan = PlanFactory(entity=entity, vigencia_start=date(2025, 1, 1), vigencia_end=date(2025, 12, 31))
    indicator = Indicator.objects.create(plan=plan, code="A-1", name="I")
    data = tablib.Dataset(
        [indicator.pk, "anio", "2025-01-01", "12", ""],
        headers=["indicator", "period_type", "period_start", "value", "note"],
    )
    refused = TargetResource(user=outsider).import_data(data, dry_run=False)
    assert refused.has_errors() and "no hay un(a) indicador" in str(refused.rows[0].errors[0].error)
    assert Target.objects.count() == 0
    result = TargetResource(user=press_officer).import_data(data, dry_run=False)
    assert not result.has_validation_errors() and not result.has_errors()
    assert Target.objects.get(indicator=indicator).value == Decimal("12")


def test_export_escapes_formulas_and_shows_only_the_entity(press_officer, entity, other_entity):
    plan = PlanFactory(entity=entity)
    Indicator.objects.create(plan=plan, code="F-1", name='=HYPERLINK("http://x")')
    Indicator.objects.create(plan=PlanFactory(entity=other_entity), code="F-2", name="Ajeno")
    exported = IndicatorResource(user=press_officer).export()
    assert exported["name"] == ['\'=HYPERLINK("http://x")']
    # And imported back unescaped: the name is unchanged, the row skipped.
    result = IndicatorResource(user=press_officer).import_data(exported, dry_run=False)
    assert not result.has_validation_errors() and result.totals["skip"] == 1
    assert Indicator.objects.get(code="F-1").name == '=HYPERLINK("http://x")'


def test_only_users_with_the_import_permission_open_the_import_pages(client, press_officer, entity):
    viewer = UserFactory(username="solo_ver", entity=entity, is_staff=True)
    viewer.user_permissions.add(*Permission.objects.filter(codename__in=["view_indicator", "view_target"]))
    for name in ("admin:indicators_indicator_import", "admin:indicators_target_import"):
        client.force_login(viewer)
        assert client.get(reverse(name)).status_code == 403
        client.force_login(press_officer)
        assert client.get(reverse(name)).status_code == 200


def test_the_indicator_import_refuses_a_file_that_is_not_a_spreadsheet(client, press_officer, entity):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(press_officer)
    png = SimpleUploadedFile("indicadores.xlsx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)
    response = client.post(
        reverse("admin:indicators_indicator_import"), {"format": "1", "import_file": png, "resource": "0"}
    )
    assert response.status_code == 200
    assert "no una hoja de cálculo" in response.context["form"].errors["import_file"][0]
    assert not Indicator.objects.exists()
