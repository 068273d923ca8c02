"""Each activity carries out the responsibility beside it in the seed plan's matrix: the fixture,
the import, the export and the admin keep that pairing."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.core.exceptions import ValidationError

from imports.matrix import MATRIX_SHEET
from imports.matrix_export import plan_matrix_sheets
from imports.matrix_files import matrix_file_read, sheets_bytes
from imports.matrix_import import plan_matrix_import
from imports.readers import normalize_name
from indicators.services import seed_entity_load
from plans.models import Activity, Component, Plan, Responsibility
from plans.tests.factories import EntityFactory, PlanFactory

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "plans" / "mintic.yaml"

# The MinTIC plan's matrix (GRUPO | RESPONSABILIDADES | ACTIVIDADES | INDICADORES) row by row:
# each activity and the start of the responsibility on its row, empty where the row has none.
SEED_PAIRS = [
    ("Elaborar Contenidos Escritos", "Investigar, redactar y editar contenidos escritos"),
    ("Productos Audiovisuales", "Divulgar contenidos en prensa escrita"),
    ("Campañas de Comunicación", "Asesorar y apoyar todas las políticas de divulgación"),
    ("Realizar Audiencia de Rendición de Cuentas", ""),
    ("Boletines informativos", "Apoyar la estrategia de comunicación para la correcta divulgación"),
    ("Campañas Desarrolladas", "Actualizar y generar contenidos de interés general en la intranet"),
    ("Actualizaciones Intranet", "Apoyar campañas dirigidas a mejorar el ambiente laboral"),
    ("Actualización de contenidos Página Web - Transparencia", "Divulgar los contenidos producidos por los programas"),
    ("Campañas Digitales a Grupos de Interés", "Apoyar a los programas, planes, proyectos, servicios e iniciativas"),
    ("Desarrollo Micrositios/Aplicaciones", ""),
    ("Interacciones en redes sociales para cuentas MinTIC", ""),
    ("Tráfico Interno en Página Web MinTIC", "Analizar el tráfico de redes"),
]


def _plan_pairs(plan: Plan) -> list[tuple[str, str]]:
    activities = Activity.objects.filter(component__plan=plan).select_related("responsibility")
    return [
        (normalize_name(a.name), normalize_name(a.responsibility.text) if a.responsibility else "")
        for a in activities.order_by("component__order", "order")
    ]


def _mintic(db):
    entity, plans, _users = seed_entity_load(
        data=yaml.safe_load(FIXTURE.read_text(encoding="utf-8")), password_hash="!"
    )
    return entity, next(p for p in plans if p.components.exists())


def test_the_mintic_fixture_pairs_activities_and_responsibilities_as_the_seed_row_by_row(db):
    _entity, plan = _mintic(db)
    pairs = _plan_pairs(plan)
    assert [name for name, _r in pairs] == [normalize_name(name) for name, _r in SEED_PAIRS]
    for (name, responsibility), (_seed_name, seed_start) in zip(pairs, SEED_PAIRS, strict=True):
        assert responsibility.startswith(normalize_name(seed_start)) and bool(responsibility) == bool(seed_start), name


def test_the_fixture_names_the_digital_rows_as_the_seed(db):
    _entity, plan = _mintic(db)
    website = Activity.objects.get(component__plan=plan, name__startswith="Actualización de contenidos Página Web")
    assert website.responsibility.text.startswith("Divulgar los contenidos producidos por los programas")
    social = Activity.objects.get(component__plan=plan, name="Interacciones en redes sociales para cuentas MinTIC")
    assert social.responsibility is None and social.description == ""


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
def test_the_pairing_survives_an_export_and_an_import_into_another_entity(db, fmt):
    _entity, plan = _mintic(db)
    other = EntityFactory(name="Entidad vacía")
    data = sheets_bytes(plan_matrix_sheets(plan), fmt)
    plan_fields = {"title": plan.title, "vigencia_start": plan.vigencia_start, "vigencia_end": plan.vigencia_end}
    draft = matrix_file_read(data, filename=f"m.{fmt}", plan_fields=plan_fields if fmt == "csv" else None)
    result = plan_matrix_import(entity=other, draft=draft, dry_run=False)
    assert [str(i) for i in result.issues] == []
    copy = Plan.objects.get(entity=other, title=plan.title)
    assert _plan_pairs(copy) == _plan_pairs(plan)
    assert [
        r.text for r in Responsibility.objects.filter(component__plan=copy).order_by("component__order", "order")
    ] == [r.text for r in Responsibility.objects.filter(component__plan=plan).order_by("component__order", "order")]


def test_the_export_writes_a_responsibility_beside_its_activity_and_the_others_on_their_own_rows(db):
    plan = PlanFactory()
    component = Component.objects.create(plan=plan, kind="externa", name="Externa", order=1)
    first, _alone, second = (
        Responsibility.objects.create(component=component, text=text, order=n)
        for n, text in enumerate(["Redactar", "Atender a los medios", "Producir video"], start=1)
    )
    Activity.objects.create(component=component, name="Comunicados", responsibility=first, order=1)
    Activity.objects.create(component=component, name="Videos", responsibility=second, order=2)
    Activity.objects.create(component=component, name="Rueda de prensa", order=3)
    matrix = next(s for s in plan_matrix_sheets(plan) if s.title == MATRIX_SHEET)
    rows = [(r[matrix.header.index("Responsabilidad")], r[matrix.header.index("Actividad")]) for r in matrix.rows]
    assert rows == [
        ("Redactar", "Comunicados"),
        ("Atender a los medios", ""),
        ("Producir video", "Videos"),
        ("", "Rueda de prensa"),
    ]


def test_an_activity_cannot_carry_another_components_responsibility(db):
    plan = PlanFactory()
    external = Component.objects.create(plan=plan, kind="externa", name="Externa")
    internal = Component.objects.create(plan=plan, kind="interna", name="Interna")
    foreign = Responsibility.objects.create(component=internal, text="Informar a los servidores")
    activity = Activity(component=external, name="Comunicados", responsibility=foreign)
    with pytest.raises(ValidationError) as error:
        activity.full_clean()
    assert error.value.message_dict["responsibility"] == [
        "La responsabilidad debe ser del mismo componente que la actividad."
    ]


def test_deleting_a_responsibility_keeps_its_activities(db):
    plan = PlanFactory()
    component = Component.objects.create(plan=plan, kind="externa", name="Externa")
    responsibility = Responsibility.objects.create(component=component, text="Redactar")
    activity = Activity.objects.create(component=component, name="Comunicados", responsibility=responsibility)
    responsibility.delete()
    activity.refresh_from_db()
    assert activity.responsibility is None


def test_the_activity_admin_offers_only_its_components_responsibilities(client, press_officer, outsider, entity):
    from django.urls import reverse

    plan = PlanFactory(entity=entity)
    external = Component.objects.create(plan=plan, kind="externa", name="Externa")
    internal = Component.objects.create(plan=plan, kind="interna", name="Interna")
    own = Responsibility.objects.create(component=external, text="Redactar comunicados")
    foreign = Responsibility.objects.create(component=internal, text="Informar a los servidores")
    activity = Activity.objects.create(component=external, name="Comunicados")
    url = reverse("admin:plans_activity_change", args=[activity.pk])
    client.force_login(press_officer)
    response = client.get(url)
    assert list(response.context["adminform"].form.fields["responsibility"].queryset) == [own]
    client.force_login(outsider)
    assert client.get(url).status_code == 404  # another entity's activity does not exist for them
    assert foreign.activities.count() == 0
