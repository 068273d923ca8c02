"""The back office (Django admin) of activities, indicators and targets, and the plan matrix:
who opens which page, the entity scope, the change history, the Spanish validation messages,
protected deletes and the target actions."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.urls import reverse
from django_celery_beat.models import PeriodicTask

from indicators.enums import Aggregation, PeriodType, TargetDerivation, Unit
from indicators.models import Indicator, Target
from indicators.tests.factories import IndicatorFactory, TargetFactory
from plans.enums import ActivityStatus, PlanStatus
from plans.models import Activity
from plans.tests.factories import (
    ActivityFactory,
    ApprovedPlanFactory,
    AreaFactory,
    AudienceFactory,
    ChannelFactory,
    ComponentFactory,
    PlanFactory,
)
from plans.tests.test_admin import (
    INVALID_CHOICE,
    PAGES,
    admin_form_data,
    admin_login_url,
    admin_url,
    autocomplete_texts,
    changelist_rows,
    form_errors,
    login_as,
    messages_of,
    query_count,
    related_filter_choices,
    run_action,
)
from reports.enums import ReportStatus
from reports.models import Report, ReportSchedule
from reports.services import report_schedules_ensure

pytestmark = pytest.mark.django_db

INDICATORS_MODELS = {"activity": Activity, "indicator": Indicator, "target": Target}


def make_indicators_rows(entity, label: str, code: str) -> dict:
    """Create a plan of ``entity`` with one activity, its indicator and an annual target."""
    plan = ApprovedPlanFactory(entity=entity, title=f"Plan estratégico {label}")
    area = AreaFactory(entity=entity, name=f"Comunicaciones {label}")
    audience = AudienceFactory(entity=entity, name=f"Ciudadanía {label}")
    channel = ChannelFactory(entity=entity, name=f"Emisora {label}")
    component = ComponentFactory(plan=plan, name=f"Comunicación externa {label}")
    activity = ActivityFactory(component=component, name=f"Boletín mensual {label}")
    activity.responsible_areas.set([area])
    activity.audiences.set([audience])
    activity.channels.set([channel])
    indicator = IndicatorFactory(
        activity=activity, code=code, name=f"Boletines publicados {label}", responsible_area=area
    )
    target = TargetFactory(indicator=indicator, period_start=date(2025, 1, 1), value=Decimal("12"))
    return {
        "plan": plan,
        "area": area,
        "audience": audience,
        "channel": channel,
        "component": component,
        "activity": activity,
        "indicator": indicator,
        "target": target,
    }


@pytest.fixture
def rows_a(entity):
    """The press officer's entity (A)."""
    return make_indicators_rows(entity, "de la Alcaldía", "ALC-01")


@pytest.fixture
def rows_b(other_entity):
    """The outsider's entity (B)."""
    return make_indicators_rows(other_entity, "de la Gobernación", "GOB-01")


def indicator_with_targets(entity, *, annual, quarters=(), **fields):
    """Create an indicator of an approved 2025–2027 plan with a 2025 annual target and, if
    given, its 2025 quarter targets."""
    indicator = IndicatorFactory(
        activity=ActivityFactory(component=ComponentFactory(plan=ApprovedPlanFactory(entity=entity))), **fields
    )
    TargetFactory(indicator=indicator, period_type=PeriodType.YEAR, period_start=date(2025, 1, 1), value=annual)
    for month, value in zip((1, 4, 7, 10), quarters, strict=False):
        TargetFactory(
            indicator=indicator, period_type=PeriodType.QUARTER, period_start=date(2025, month, 1), value=value
        )
    return indicator


def quarter_values(indicator) -> list[Decimal]:
    return list(
        indicator.targets.filter(period_type=PeriodType.QUARTER)
        .order_by("period_start")
        .values_list("value", flat=True)
    )


# --- Who opens which page -------------------------------------------------------------------


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("model_name", INDICATORS_MODELS)
def test_press_officer_opens_the_admin_pages_of_its_entitys_rows(client, press_officer, rows_a, model_name, page):
    client.force_login(press_officer)

    response = client.get(admin_url(rows_a[model_name], page))

    assert response.status_code == 200


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("model_name", INDICATORS_MODELS)
@pytest.mark.parametrize("role", ["lead_a", "manager", "anonymous"])
def test_users_who_are_not_staff_are_sent_to_the_admin_login(client, request, rows_a, role, model_name, page):
    login_as(client, request, role)
    url = admin_url(rows_a[model_name], page)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == admin_login_url(url)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("model_name", INDICATORS_MODELS)
def test_superuser_opens_every_admin_page(client, superuser, rows_a, model_name, page):
    client.force_login(superuser)

    response = client.get(admin_url(rows_a[model_name], page))

    assert response.status_code == 200


# --- Entity scope -----------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["change", "delete", "history"])
@pytest.mark.parametrize("model_name", INDICATORS_MODELS)
def test_outsider_gets_404_on_the_pages_of_another_entitys_rows(client, outsider, rows_a, model_name, page):
    client.force_login(outsider)

    response = client.get(admin_url(rows_a[model_name], page))

    assert response.status_code == 404


@pytest.mark.parametrize("model_name", INDICATORS_MODELS)
def test_outsider_gets_404_on_a_historical_version_of_another_entitys_row(client, outsider, rows_a, model_name):
    obj = rows_a[model_name]
    opts = obj._meta
    url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, obj.history.latest().history_id]
    )
    client.force_login(outsider)

    response = client.get(url)

    assert response.status_code == 404


@pytest.mark.parametrize("model_name", INDICATORS_MODELS)
def test_outsider_cannot_delete_another_entitys_row_by_posting(client, outsider, rows_a, model_name):
    obj = rows_a[model_name]
    client.force_login(outsider)

    response = client.post(admin_url(obj, "delete"), {"post": "yes"})

    assert response.status_code == 404
    assert type(obj).objects.filter(pk=obj.pk).exists()


@pytest.mark.parametrize("model_name", INDICATORS_MODELS)
def test_outsider_changelist_lists_only_its_own_entitys_rows(client, outsider, rows_a, rows_b, model_name):
    client.force_login(outsider)

    response = client.get(admin_url(INDICATORS_MODELS[model_name], "changelist"))

    assert response.status_code == 200
    assert changelist_rows(response) == [rows_b[model_name]]
    assert str(rows_a[model_name]) not in response.content.decode()


@pytest.mark.parametrize(
    ("model_name", "expected_filters"),
    [
        (
            "activity",
            {
                "component__plan": ["Plan estratégico de la Gobernación (2025–2027)", "Plan regional (2025–2027)"],
                "responsible_areas": ["Comunicaciones de la Gobernación", "Prensa regional"],
            },
        ),
        (
            "indicator",
            {
                "plan": ["Plan estratégico de la Gobernación (2025–2027)", "Plan regional (2025–2027)"],
                "responsible_area": ["Comunicaciones de la Gobernación", "Prensa regional"],
            },
        ),
        (
            "target",
            {"indicator__plan": ["Plan estratégico de la Gobernación (2025–2027)", "Plan regional (2025–2027)"]},
        ),
    ],
)
def test_related_list_filters_never_offer_another_entitys_rows(
    client, outsider, rows_a, rows_b, model_name, expected_filters
):
    # A second plan and area of B, so that each filter has two choices and is shown.
    area = AreaFactory(entity=rows_b["plan"].entity, name="Prensa regional")
    activity = ActivityFactory(component=ComponentFactory(plan=PlanFactory(entity=area.entity, title="Plan regional")))
    activity.responsible_areas.set([area])
    TargetFactory(indicator=IndicatorFactory(activity=activity, responsible_area=area))
    client.force_login(outsider)

    response = client.get(admin_url(INDICATORS_MODELS[model_name], "changelist"))

    choices = {path: sorted(labels) for path, labels in related_filter_choices(response).items()}
    assert choices == expected_filters


@pytest.mark.parametrize(
    ("app_label", "model_name", "field_name", "target"),
    [
        ("indicators", "indicator", "plan", "plan"),
        ("indicators", "indicator", "activity", "activity"),
        ("indicators", "indicator", "responsible_area", "area"),
        ("indicators", "target", "indicator", "indicator"),
        ("plans", "activity", "component", "component"),
        ("plans", "activity", "responsible_areas", "area"),
        ("plans", "activity", "audiences", "audience"),
        ("plans", "activity", "channels", "channel"),
    ],
)
@pytest.mark.parametrize(("role", "own_rows"), [("press_officer", "rows_a"), ("outsider", "rows_b")])
def test_autocomplete_offers_only_the_users_own_entitys_rows(
    client, request, rows_a, rows_b, role, own_rows, app_label, model_name, field_name, target
):
    login_as(client, request, role)

    texts = autocomplete_texts(client, app_label=app_label, model_name=model_name, field_name=field_name)

    assert texts == [str(request.getfixturevalue(own_rows)[target])]


def test_outsider_cannot_create_an_indicator_in_another_entitys_plan(client, outsider, rows_a, rows_b):
    client.force_login(outsider)
    form_page = client.get(admin_url(Indicator, "add"))

    response = client.post(
        admin_url(Indicator, "add"),
        admin_form_data(form_page, plan=str(rows_a["plan"].pk), code="INTRUSO-01", name="Indicador intruso"),
    )

    assert response.status_code == 200
    assert form_errors(response) == {"plan": [INVALID_CHOICE]}
    assert Indicator.objects.filter(code="INTRUSO-01").exists() is False
    assert Indicator.objects.count() == 2


def test_outsider_cannot_create_a_target_for_another_entitys_indicator(client, outsider, rows_a, rows_b):
    client.force_login(outsider)
    form_page = client.get(admin_url(Target, "add"))

    response = client.post(
        admin_url(Target, "add"),
        admin_form_data(
            form_page,
            indicator=str(rows_a["indicator"].pk),
            period_type=PeriodType.YEAR,
            period_start="2026-01-01",
            value="5",
        ),
    )

    assert response.status_code == 200
    assert form_errors(response) == {"indicator": [INVALID_CHOICE]}
    assert Target.objects.count() == 2


def test_outsider_cannot_create_an_activity_in_another_entitys_component(client, outsider, rows_a, rows_b):
    client.force_login(outsider)
    form_page = client.get(admin_url(Activity, "add"))

    response = client.post(
        admin_url(Activity, "add"),
        admin_form_data(form_page, component=str(rows_a["component"].pk), name="Actividad intrusa"),
    )

    assert response.status_code == 200
    assert form_errors(response) == {"component": [INVALID_CHOICE]}
    assert Activity.objects.filter(name="Actividad intrusa").exists() is False


def test_outsider_cannot_give_its_activity_another_entitys_audience(client, outsider, rows_a, rows_b):
    activity = rows_b["activity"]
    client.force_login(outsider)
    form_page = client.get(admin_url(activity, "change"))

    response = client.post(
        admin_url(activity, "change"), admin_form_data(form_page, audiences=[str(rows_a["audience"].pk)])
    )

    assert response.status_code == 200
    assert form_errors(response) == {
        "audiences": [f"Escoja una opción válida. {rows_a['audience'].pk} no es una de las opciones disponibles."]
    }
    assert list(activity.audiences.all()) == [rows_b["audience"]]


def test_outsider_actions_on_another_entitys_rows_change_nothing(client, outsider, rows_a):
    indicator, activity = rows_a["indicator"], rows_a["activity"]
    client.force_login(outsider)

    split = run_action(client, Indicator, "split_into_quarters", [indicator])
    delete = run_action(client, Activity, "delete_selected", [activity], post="yes")

    assert (split.status_code, delete.status_code) == (302, 302)
    assert quarter_values(indicator) == []
    assert Activity.objects.filter(pk=activity.pk).exists()


# --- Change history -----------------------------------------------------------------------------


def test_editing_an_activity_in_the_admin_records_who_changed_what(client, press_officer, rows_a):
    activity = rows_a["activity"]
    before = activity.history.count()
    client.force_login(press_officer)
    form_page = client.get(admin_url(activity, "change"))

    response = client.post(
        admin_url(activity, "change"),
        admin_form_data(form_page, name="Boletín quincenal", status=ActivityStatus.IN_PROGRESS),
    )

    assert response.status_code == 302
    assert activity.history.count() == before + 1
    latest, previous = activity.history.order_by("-history_id")[:2]
    assert latest.history_user == press_officer
    changes = latest.diff_against(previous).changes
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("name", "Boletín mensual de la Alcaldía", "Boletín quincenal"),
        ("status", ActivityStatus.PLANNED, ActivityStatus.IN_PROGRESS),
    ]
    # The inline indicator was sent back unchanged and is still there.
    assert list(activity.indicators.all()) == [rows_a["indicator"]]


def test_the_activity_history_page_shows_the_old_and_the_new_value(client, press_officer, rows_a):
    activity = rows_a["activity"]
    client.force_login(press_officer)
    form_page = client.get(admin_url(activity, "change"))
    client.post(admin_url(activity, "change"), admin_form_data(form_page, name="Boletín quincenal"))

    response = client.get(admin_url(activity, "history"))

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(
        r"<strong>Nombre:</strong>\s*Boletín mensual de la Alcaldía\s*&nbsp;&rarr;&nbsp;&nbsp;Boletín quincenal", html
    )
    user_link = f'<a href="{reverse("admin:plans_user_change", args=[press_officer.pk])}">prensa</a>'
    assert user_link in html


# --- Form messages --------------------------------------------------------------------------------


def post_target(client, indicator, **fields):
    form_page = client.get(admin_url(Target, "add"))
    return client.post(admin_url(Target, "add"), admin_form_data(form_page, indicator=str(indicator.pk), **fields))


def test_target_outside_the_vigencia_is_refused(client, press_officer, rows_a):
    client.force_login(press_officer)

    response = post_target(
        client, rows_a["indicator"], period_type=PeriodType.YEAR, period_start="2028-01-01", value="5"
    )

    assert response.status_code == 200
    assert form_errors(response) == {
        "period_start": ["El periodo está fuera de la vigencia del plan (01/01/2025 – 31/12/2027)."]
    }
    assert Target.objects.count() == 1


def test_negative_target_of_a_count_is_refused(client, press_officer, rows_a):
    client.force_login(press_officer)

    response = post_target(
        client, rows_a["indicator"], period_type=PeriodType.YEAR, period_start="2026-01-01", value="-3"
    )

    assert response.status_code == 200
    assert form_errors(response) == {"value": ["El valor no puede ser negativo."]}
    assert Target.objects.count() == 1


def test_percentage_target_over_100_is_refused(client, press_officer, entity):
    indicator = IndicatorFactory(
        activity=ActivityFactory(component=ComponentFactory(plan=ApprovedPlanFactory(entity=entity))),
        unit=Unit.PERCENTAGE,
        aggregation=Aggregation.AVERAGE,
        target_derivation=TargetDerivation.REPEAT,
    )
    client.force_login(press_officer)

    response = post_target(client, indicator, period_type=PeriodType.YEAR, period_start="2025-01-01", value="150")

    assert response.status_code == 200
    assert form_errors(response) == {"value": ["Un porcentaje no puede ser mayor que 100."]}
    assert Target.objects.count() == 0


def test_a_target_on_any_day_of_its_period_is_stored_on_the_first_day(client, press_officer, rows_a):
    client.force_login(press_officer)

    response = post_target(
        client, rows_a["indicator"], period_type=PeriodType.QUARTER, period_start="2025-05-20", value="3"
    )

    assert response.status_code == 302
    target = Target.objects.get(period_type=PeriodType.QUARTER)
    assert (target.period_start, target.value) == (date(2025, 4, 1), Decimal("3"))


def post_indicator(client, plan, **fields):
    form_page = client.get(admin_url(Indicator, "add"))
    return client.post(admin_url(Indicator, "add"), admin_form_data(form_page, plan=str(plan.pk), **fields))


def test_duplicate_indicator_code_in_the_same_plan_is_refused(client, press_officer, rows_a):
    client.force_login(press_officer)

    response = post_indicator(client, rows_a["plan"], code=" alc-01 ", name="Otro indicador")

    assert response.status_code == 200
    assert form_errors(response) == {"code": ["Ya existe un indicador con el código ALC-01 en este plan."]}
    assert Indicator.objects.count() == 1


def test_the_same_code_in_another_plan_is_accepted_in_capitals(client, press_officer, rows_a, entity):
    other_plan = PlanFactory(entity=entity, title="Plan 2026")
    client.force_login(press_officer)

    response = post_indicator(client, other_plan, code="alc-01", name="Boletines 2026")

    assert response.status_code == 302
    assert Indicator.objects.get(plan=other_plan).code == "ALC-01"


def test_ratio_indicator_needs_numerator_and_denominator_definitions(client, press_officer, rows_a):
    client.force_login(press_officer)

    response = post_indicator(
        client,
        rows_a["plan"],
        code="ALC-02",
        name="Tasa de apertura",
        unit=Unit.PERCENTAGE,
        aggregation=Aggregation.RATIO,
        target_derivation=TargetDerivation.REPEAT,
    )

    assert response.status_code == 200
    assert form_errors(response) == {
        "numerator_definition": ["Una razón necesita la definición del numerador."],
        "denominator_definition": ["Una razón necesita la definición del denominador."],
    }
    assert Indicator.objects.count() == 1


def test_a_target_typed_in_the_indicator_change_form_is_checked_against_the_vigencia(client, press_officer, rows_a):
    indicator = rows_a["indicator"]
    client.force_login(press_officer)
    form_page = client.get(admin_url(indicator, "change"))
    data = admin_form_data(form_page)
    data.update(
        {
            "targets-TOTAL_FORMS": "2",
            "targets-1-period_type": PeriodType.YEAR,
            "targets-1-period_start": "2028-01-01",
            "targets-1-value": "5",
        }
    )

    response = client.post(admin_url(indicator, "change"), data)

    assert response.status_code == 200
    target_errors = response.context["inline_admin_formsets"][0].formset.errors
    assert target_errors == [
        {},
        {"period_start": ["El periodo está fuera de la vigencia del plan (01/01/2025 – 31/12/2027)."]},
    ]
    assert Target.objects.count() == 1


@pytest.mark.parametrize(
    ("indicator_fields", "target_fields", "expected_errors"),
    [
        (
            {},
            {"period_type": PeriodType.YEAR, "period_start": "2028-01-01", "value": "5"},
            {"period_start": ["El periodo está fuera de la vigencia del plan (01/01/2025 – 31/12/2027)."]},
        ),
        (
            {"unit": Unit.PERCENTAGE, "aggregation": Aggregation.AVERAGE, "target_derivation": TargetDerivation.REPEAT},
            {"period_type": PeriodType.YEAR, "period_start": "2025-01-01", "value": "150"},
            {"value": ["Un porcentaje no puede ser mayor que 100."]},
        ),
    ],
    ids=["outside-vigencia", "percentage-150"],
)
def test_a_target_typed_in_the_indicator_add_form_is_checked(
    client, press_officer, rows_a, indicator_fields, target_fields, expected_errors
):
    client.force_login(press_officer)
    form_page = client.get(admin_url(Indicator, "add"))
    data = admin_form_data(
        form_page, plan=str(rows_a["plan"].pk), code="ALC-02", name="Notas de prensa", **indicator_fields
    )
    data["targets-TOTAL_FORMS"] = "1"
    data.update({f"targets-0-{name}": value for name, value in target_fields.items()})

    response = client.post(admin_url(Indicator, "add"), data)

    assert Indicator.objects.filter(code="ALC-02").exists() is False
    assert response.status_code == 200
    assert response.context["inline_admin_formsets"][0].formset.errors == [expected_errors]


def test_two_new_indicators_of_an_activity_with_the_same_code_are_refused(client, press_officer, rows_a):
    activity = rows_a["activity"]
    client.force_login(press_officer)
    form_page = client.get(admin_url(activity, "change"))
    data = admin_form_data(form_page)
    data["indicators-TOTAL_FORMS"] = "3"
    for index in (1, 2):
        data.update(
            {
                f"indicators-{index}-code": "ALC-09",
                f"indicators-{index}-name": f"Indicador {index}",
                f"indicators-{index}-unit": Unit.COUNT,
                f"indicators-{index}-aggregation": Aggregation.SUM,
                f"indicators-{index}-direction": "aumentar",
                f"indicators-{index}-frequency": "mensual",
                f"indicators-{index}-target_derivation": TargetDerivation.DIVIDE,
            }
        )

    response = client.post(admin_url(activity, "change"), data)

    assert response.status_code == 200
    assert Indicator.objects.filter(code="ALC-09").count() == 0


# --- Protected deletes ------------------------------------------------------------------------------


def test_an_activity_with_indicators_cannot_be_deleted(client, press_officer, rows_a):
    activity, indicator = rows_a["activity"], rows_a["indicator"]
    client.force_login(press_officer)

    response = client.post(admin_url(activity, "delete"), {"post": "yes"})

    assert response.status_code == 200
    assert Activity.objects.filter(pk=activity.pk).exists()
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    assert [str(p) for p in response.context["protected"]] == [f'Indicador: <a href="{url}">{indicator}</a>']
    assert (
        f"La eliminación de actividad {activity} requeriría eliminar los siguientes objetos relacionados protegidos:"
    ) in response.content.decode()


def test_bulk_delete_of_an_activity_with_indicators_is_refused(client, press_officer, rows_a):
    activity = rows_a["activity"]
    client.force_login(press_officer)

    response = run_action(client, Activity, "delete_selected", [activity], post="yes")

    assert response.status_code == 200
    assert Activity.objects.filter(pk=activity.pk).exists()
    assert (
        "La eliminación de actividad seleccionado requeriría el borrado de los siguientes objetos protegidos "
        "relacionados:"
    ) in response.content.decode()


def test_an_activity_without_indicators_is_deleted(client, press_officer, rows_a):
    activity = ActivityFactory(component=rows_a["component"])
    client.force_login(press_officer)

    response = client.post(admin_url(activity, "delete"), {"post": "yes"})

    assert response.status_code == 302
    assert Activity.objects.filter(pk=activity.pk).exists() is False


# --- Target actions and warnings ------------------------------------------------------------------


def test_split_into_quarters_divides_an_annual_count_giving_the_remainder_to_the_first_quarters(
    client, press_officer, entity
):
    indicator = indicator_with_targets(entity, annual=Decimal("10"))
    client.force_login(press_officer)

    response = run_action(client, Indicator, "split_into_quarters", [indicator])

    assert response.status_code == 302
    assert quarter_values(indicator) == [Decimal("3"), Decimal("3"), Decimal("2"), Decimal("2")]
    assert messages_of(response) == ["Se escribieron 4 metas de trimestre a partir de las metas anuales."]


def test_split_into_quarters_repeats_the_annual_value_of_an_averaged_percentage(client, press_officer, entity):
    indicator = indicator_with_targets(
        entity,
        annual=Decimal("80"),
        unit=Unit.PERCENTAGE,
        aggregation=Aggregation.AVERAGE,
        target_derivation=TargetDerivation.REPEAT,
    )
    client.force_login(press_officer)

    response = run_action(client, Indicator, "split_into_quarters", [indicator])

    assert response.status_code == 302
    assert quarter_values(indicator) == [Decimal("80")] * 4


def test_split_into_months_divides_an_annual_count_into_twelve(client, press_officer, entity):
    indicator = indicator_with_targets(entity, annual=Decimal("30"))
    client.force_login(press_officer)

    response = run_action(client, Indicator, "split_into_months", [indicator])

    months = indicator.targets.filter(period_type=PeriodType.MONTH).order_by("period_start")
    # Quarter by quarter (8, 8, 7, 7), so that months add up to their quarter.
    assert list(months.values_list("value", flat=True)) == [Decimal(n) for n in (3, 3, 2, 3, 3, 2, 3, 2, 2, 3, 2, 2)]
    assert messages_of(response) == ["Se escribieron 12 metas de mes a partir de las metas anuales."]


def test_indicator_change_page_warns_when_quarter_targets_do_not_add_up(client, press_officer, entity):
    indicator = indicator_with_targets(entity, annual=Decimal("10"), quarters=[3, 3, 2, 1], code="EXT-01")
    client.force_login(press_officer)

    response = client.get(admin_url(indicator, "change"))

    assert response.status_code == 200
    assert messages_of(response) == ["EXT-01: las metas de los trimestres de 2025 suman 9 y la meta anual es 10."]


def test_indicator_change_page_does_not_warn_when_quarter_targets_add_up(client, press_officer, entity):
    indicator = indicator_with_targets(entity, annual=Decimal("10"), quarters=[3, 3, 2, 2], code="EXT-01")
    client.force_login(press_officer)

    response = client.get(admin_url(indicator, "change"))

    assert response.status_code == 200
    assert messages_of(response) == []


def test_saving_a_quarter_target_that_breaks_the_sum_warns(client, press_officer, entity):
    indicator = indicator_with_targets(entity, annual=Decimal("10"), quarters=[3, 3, 2], code="EXT-01")
    client.force_login(press_officer)

    response = post_target(client, indicator, period_type=PeriodType.QUARTER, period_start="2025-10-01", value="4")

    assert response.status_code == 302
    target = indicator.targets.get(period_type=PeriodType.QUARTER, period_start=date(2025, 10, 1))
    url = admin_url(target, "change")
    assert messages_of(response) == [
        "EXT-01: las metas de los trimestres de 2025 suman 12 y la meta anual es 10.",
        f'El meta “<a href="{url}">EXT-01 · IV trimestre de 2025: 4</a>” fue agregado correctamente.',
    ]


# --- Plan matrix --------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["press_officer", "lead_a", "lead_b", "manager"])
def test_plan_matrix_opens_for_every_role_of_the_entity(client, request, rows_a, role):
    login_as(client, request, role)

    response = client.get(reverse("indicators:plan_matrix", args=[rows_a["plan"].pk]))

    assert response.status_code == 200
    assert response.context["plan"] == rows_a["plan"]


def test_plan_matrix_is_404_for_outsider(client, outsider, rows_a):
    client.force_login(outsider)

    response = client.get(reverse("indicators:plan_matrix", args=[rows_a["plan"].pk]))

    assert response.status_code == 404


def test_plan_matrix_sends_anonymous_to_the_login(client, rows_a):
    url = reverse("indicators:plan_matrix", args=[rows_a["plan"].pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={quote(url)}"


def build_matrix_plan(entity):
    """A plan whose rows were created out of order: component 2 first, activity 2 first."""
    plan = ApprovedPlanFactory(entity=entity, title="Plan con orden")
    internal = ComponentFactory(plan=plan, name="Comunicación interna", order=2)
    external = ComponentFactory(plan=plan, name="Comunicación externa", order=1)
    press = ActivityFactory(component=external, name="Ruedas de prensa", order=2)
    bulletin = ActivityFactory(component=external, name="Boletines", order=1)
    letter = ActivityFactory(component=internal, name="Carta del alcalde", order=1)
    IndicatorFactory(activity=letter, code="INT-02", order=2)
    IndicatorFactory(activity=letter, code="INT-01", order=1)
    IndicatorFactory(activity=bulletin, code="EXT-01")
    return plan, press


def test_plan_matrix_rows_follow_component_then_activity_order(client, press_officer, entity):
    plan, _ = build_matrix_plan(entity)
    client.force_login(press_officer)

    response = client.get(reverse("indicators:plan_matrix", args=[plan.pk]))

    rows = [
        (
            row.component.component.name if row.component else None,
            row.activity.activity.name if row.activity else None,
            row.indicator.code if row.indicator else None,
        )
        for row in response.context["rows"]
    ]
    assert rows == [
        ("Comunicación externa", "Boletines", "EXT-01"),
        (None, "Ruedas de prensa", None),
        ("Comunicación interna", "Carta del alcalde", "INT-01"),
        (None, None, "INT-02"),
    ]
    html = response.content.decode()
    assert re.findall(r'class="activity-cell"[^>]*>([^<]*)<', html) == [
        "Boletines",
        "Ruedas de prensa",
        "Carta del alcalde",
    ]


def test_plan_matrix_query_count_does_not_grow_with_the_plan(client, press_officer, entity):
    plan, press = build_matrix_plan(entity)
    client.force_login(press_officer)
    url = reverse("indicators:plan_matrix", args=[plan.pk])
    client.get(url)  # warm the content type and site caches
    before = query_count(client, url)

    for order in range(3, 6):
        activity = ActivityFactory(component=press.component, order=order)
        activity.responsible_areas.set([AreaFactory(entity=entity)])
        IndicatorFactory(activity=activity, responsible_area=AreaFactory(entity=entity))
    ComponentFactory(plan=plan, order=3)

    assert query_count(client, url) == before


# --- Query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("model_name", INDICATORS_MODELS)
def test_changelist_query_count_does_not_grow_with_the_rows(client, press_officer, entity, model_name):
    make_indicators_rows(entity, "uno", "UNO-01")
    client.force_login(press_officer)
    url = admin_url(INDICATORS_MODELS[model_name], "changelist")
    client.get(url)  # warm the content type and site caches
    with_one_row = query_count(client, url)

    make_indicators_rows(entity, "dos", "DOS-01")
    make_indicators_rows(entity, "tres", "TRES-01")

    assert query_count(client, url) == with_one_row


# --- Report schedules -----------------------------------------------------------------------------


def schedules_with_reports(entity, label: str, press_officer) -> dict:
    """A plan of ``entity`` with its monthly and quarterly schedules (beat has never run them),
    two monthly reports generated by the schedule and a later one a person asked for."""
    plan = ApprovedPlanFactory(entity=entity, title=f"Plan con informes {label}", status=PlanStatus.IN_EXECUTION)
    schedules = {schedule.period_type: schedule for schedule in report_schedules_ensure(plan=plan)}
    for month, hour, user in ((10, 12, None), (11, 12, None), (11, 20, press_officer)):
        Report.objects.create(
            plan=plan,
            period_type=PeriodType.MONTH,
            period_start=date(2026, month - 1, 1),
            version=1 if user is None else 2,
            status=ReportStatus.READY,
            requested_by=user,
            generated_at=datetime(2026, month, 6, hour, 5, tzinfo=UTC),
        )
    return schedules


def last_runs(response) -> dict:
    model_admin = response.context["cl"].model_admin
    return {(s.plan.title, s.period_type): model_admin.last_run(s) for s in changelist_rows(response)}


def test_schedules_show_when_their_latest_report_was_generated_when_beat_never_ran_them(client, press_officer, entity):
    schedules_with_reports(entity, "uno", press_officer)
    client.force_login(press_officer)

    response = client.get(admin_url(ReportSchedule, "changelist"))

    assert last_runs(response) == {
        ("Plan con informes uno", PeriodType.MONTH): datetime(2026, 11, 6, 12, 5, tzinfo=UTC),
        ("Plan con informes uno", PeriodType.QUARTER): None,
    }
    assert '<td class="field-last_run nowrap">6 de noviembre de 2026 a las 07:05</td>' in response.content.decode()


def test_schedules_show_beats_last_run_when_it_is_later_than_their_latest_report(client, press_officer, entity):
    schedules = schedules_with_reports(entity, "uno", press_officer)
    beat_ran = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    PeriodicTask.objects.filter(pk=schedules[PeriodType.QUARTER].periodic_task_id).update(last_run_at=beat_ran)
    client.force_login(press_officer)

    response = client.get(admin_url(ReportSchedule, "changelist"))

    assert last_runs(response) == {
        ("Plan con informes uno", PeriodType.MONTH): datetime(2026, 11, 6, 12, 5, tzinfo=UTC),
        ("Plan con informes uno", PeriodType.QUARTER): beat_ran,
    }


def test_schedules_changelist_query_count_does_not_grow_with_the_schedules(client, press_officer, entity):
    schedules_with_reports(entity, "uno", press_officer)
    client.force_login(press_officer)
    url = admin_url(ReportSchedule, "changelist")
    client.get(url)  # warm the content type and site caches
    with_one_plan = query_count(client, url)

    schedules_with_reports(entity, "dos", press_officer)
    schedules_with_reports(entity, "tres", press_officer)

    assert query_count(client, url) == with_one_plan
