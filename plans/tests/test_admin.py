"""The back office (Django admin) of the plans app: who opens which page, the entity scope,
the Spanish validation messages, protected deletes, plan versions and the change history.

The helpers at the top are shared with ``indicators/tests/test_admin.py``.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.contrib.admin.filters import RelatedFieldListFilter
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from indicators.tests.factories import IndicatorFactory
from plans.enums import PlanStatus
from plans.models import Area, Audience, Channel, Component, Entity, Plan, Responsibility, User
from plans.tests.factories import (
    ActivityFactory,
    ApprovedPlanFactory,
    AreaFactory,
    AudienceFactory,
    ChannelFactory,
    ComponentFactory,
    PlanFactory,
    ResponsibilityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


# --- Helpers --------------------------------------------------------------------------------


class _FormReader(HTMLParser):
    """Collect what a browser submits from one form: every named control with its value."""

    def __init__(self, form_id: str):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.inside = False
        self.fields: list[tuple[str, str]] = []
        self._select: dict | None = None
        self._option: dict | None = None
        self._textarea: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
            return
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "options": [], "selected": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "text": ""}
            self._select["options"].append(self._option)
            if "selected" in attrs:
                self._select["selected"].append(self._option)
        elif tag == "textarea" and name:
            self._textarea = {"name": name, "text": ""}

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea["text"] += data
        elif self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["selected"]
            if not chosen and not self._select["multiple"] and self._select["options"]:
                chosen = self._select["options"][:1]  # a browser submits the first option
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"]
                self.fields.append((self._select["name"], value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # Browsers drop the newline that Django writes right after <textarea>.
            text = self._textarea["text"]
            self.fields.append((self._textarea["name"], text[1:] if text.startswith("\n") else text))
            self._textarea = None


def admin_form_data(response, **changes) -> dict[str, str | list[str]]:
    """Return the POST data a browser would send from the admin form on ``response``, with
    ``changes`` applied: main fields, inlines and their management forms, as rendered."""
    opts = response.context["opts"]
    reader = _FormReader(f"{opts.model_name}_form")
    reader.feed(response.content.decode())
    data: dict[str, list[str]] = {}
    for name, value in reader.fields:
        data.setdefault(name, []).append(value)
    flat = {name: values[0] if len(values) == 1 else values for name, values in data.items()}
    flat.pop("csrfmiddlewaretoken", None)
    flat.update(changes)
    flat["_save"] = "Grabar"
    return flat


def admin_url(obj_or_model, page: str) -> str:
    """Return the admin URL of ``page`` (changelist, add, change, delete, history) for an
    object or, for changelist and add, a model."""
    opts = obj_or_model._meta
    name = f"admin:{opts.app_label}_{opts.model_name}_{page}"
    if page in ("changelist", "add"):
        return reverse(name)
    return reverse(name, args=[obj_or_model.pk])


def admin_login_url(next_url: str) -> str:
    return f"{reverse('admin:login')}?next={quote(next_url)}"


def login_as(client, request, role: str):
    """Log the persona ``role`` in (``anonymous`` stays logged out) and return it."""
    if role == "anonymous":
        return None
    user = request.getfixturevalue(role)
    client.force_login(user)
    return user


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def form_errors(response) -> dict[str, list[str]]:
    return {field: list(errors) for field, errors in response.context["adminform"].form.errors.items()}


def changelist_rows(response) -> list:
    return list(response.context["cl"].result_list)


def related_filter_choices(response) -> dict[str, list[str]]:
    """Return, for each related list filter shown, the labels it offers."""
    return {
        spec.field_path: [label for _, label in spec.lookup_choices]
        for spec in response.context["cl"].filter_specs
        if isinstance(spec, RelatedFieldListFilter)
    }


def autocomplete_texts(client, *, app_label: str, model_name: str, field_name: str, term: str = "") -> list[str]:
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return [result["text"] for result in json.loads(response.content)["results"]]


def run_action(client, model, action: str, objects, **extra):
    """POST an admin action from the changelist for ``objects``."""
    return client.post(
        admin_url(model, "changelist"),
        {"action": action, "_selected_action": [obj.pk for obj in objects], **extra},
    )


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


# --- Rows of an entity ------------------------------------------------------------------------

PLANS_MODELS = {
    "entity": Entity,
    "area": Area,
    "audience": Audience,
    "channel": Channel,
    "plan": Plan,
    "component": Component,
    "responsibility": Responsibility,
    "user": User,
}
SCOPED_MODELS = [name for name in PLANS_MODELS if name != "user"]
PAGES = ["changelist", "add", "change", "delete", "history"]
INVALID_CHOICE = "Escoja una opción válida. Esa opción no está entre las disponibles."


def make_plans_rows(entity: Entity, label: str) -> dict:
    """Create one row of each model of the plans admin for ``entity``; names carry ``label``."""
    plan = ApprovedPlanFactory(entity=entity, title=f"Plan estratégico {label}")
    component = ComponentFactory(plan=plan, name=f"Comunicación externa {label}")
    return {
        "entity": entity,
        "area": AreaFactory(entity=entity, name=f"Comunicaciones {label}"),
        "audience": AudienceFactory(entity=entity, name=f"Ciudadanía {label}"),
        "channel": ChannelFactory(entity=entity, name=f"Emisora {label}"),
        "plan": plan,
        "component": component,
        "responsibility": ResponsibilityFactory(component=component, text=f"Coordinar la agenda {label}"),
        "user": UserFactory(username=f"enlace_{entity.pk}_{plan.pk}", entity=entity),
    }


@pytest.fixture
def rows_a(entity):
    """The press officer's entity (A)."""
    return make_plans_rows(entity, "de la Alcaldía")


@pytest.fixture
def rows_b(other_entity):
    """The outsider's entity (B)."""
    return make_plans_rows(other_entity, "de la Gobernación")


# --- Who opens which page -------------------------------------------------------------------

# Prensa only views entities (view_entity), and users are managed by superusers alone.
PRESS_OFFICER_REFUSED = {("entity", "add"), ("entity", "delete"), *(("user", page) for page in PAGES)}


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("model_name", PLANS_MODELS)
def test_press_officer_opens_the_admin_pages_of_its_entitys_rows(client, press_officer, rows_a, model_name, page):
    client.force_login(press_officer)

    response = client.get(admin_url(rows_a[model_name], page))

    assert response.status_code == (403 if (model_name, page) in PRESS_OFFICER_REFUSED else 200)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("model_name", PLANS_MODELS)
@pytest.mark.parametrize("role", ["lead_a", "manager", "anonymous"])
def test_users_who_are_not_staff_are_sent_to_the_admin_login(client, request, rows_a, role, model_name, page):
    login_as(client, request, role)
    url = admin_url(rows_a[model_name], page)

    response = client.get(url)

    assert response.status_code == 302
    assert response.url == admin_login_url(url)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("model_name", PLANS_MODELS)
def test_superuser_opens_every_admin_page(client, superuser, rows_a, model_name, page):
    client.force_login(superuser)

    response = client.get(admin_url(rows_a[model_name], page))

    assert response.status_code == 200


def test_press_officer_sees_its_entity_read_only_and_cannot_save_it(client, press_officer, entity):
    client.force_login(press_officer)

    page = client.get(admin_url(entity, "change"))
    response = client.post(admin_url(entity, "change"), {"name": "Alcaldía Renombrada", "kind": "alcaldia"})

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert b'name="_save"' not in page.content
    assert response.status_code == 403
    entity.refresh_from_db()
    assert entity.name == "Alcaldía de Prueba"


# Registered by Django and django-axes: groups grant permissions and the login records name
# every entity's users, so they are for superusers only.
THIRD_PARTY_ADMINS = ["auth.group", "axes.accessattempt", "axes.accessfailurelog", "axes.accesslog"]
# django-celery-beat's tasks and schedules belong to no entity (indicators/admin.py).
THIRD_PARTY_ADMINS += [
    f"django_celery_beat.{name}"
    for name in ("periodictask", "intervalschedule", "crontabschedule", "solarschedule", "clockedschedule")
]
INDICATORS_ADMINS = ["plans.activity", "indicators.indicator", "indicators.target"]  # indicators/tests/test_admin.py
INDICATORS_ADMINS += ["reports.report", "reports.reportschedule"]  # indicators/tests/test_reports.py
INDICATORS_ADMINS += ["execution.activitylog", "imports.importjob"]  # imports/tests/test_jobs.py
CAMPAIGNS_ADMINS = ["campaigns.campaign", "campaigns.contentpiece", "campaigns.electoralwindow"]  # campaigns/tests
CRISIS_ADMINS = ["crisis.crisisprotocol", "crisis.incident"]  # crisis/tests/test_admin.py
MEDIA_ADMINS = ["media_monitoring.mediamention", "media_monitoring.outlet", "media_monitoring.tariff"]  # media/tests
LISTENING_ADMINS = ["listening.survey", "listening.trainingsession", "listening.suggestion"]  # listening/tests
PRIVACY_ADMINS = ["privacy.contactlist", "privacy.privacynotice", "privacy.rightsrequest"]  # listening/tests
OTHER_APPS_ADMINS = [*CAMPAIGNS_ADMINS, *CRISIS_ADMINS, *MEDIA_ADMINS, *LISTENING_ADMINS, *PRIVACY_ADMINS]


def test_every_model_in_the_admin_is_covered_by_the_role_tables():
    registered = {model._meta.label_lower for model in admin.site._registry}

    covered = {model._meta.label_lower for model in PLANS_MODELS.values()}
    assert registered == covered | set(INDICATORS_ADMINS) | set(OTHER_APPS_ADMINS) | set(THIRD_PARTY_ADMINS)


@pytest.mark.parametrize("label", THIRD_PARTY_ADMINS)
@pytest.mark.parametrize(("role", "expected_status"), [("press_officer", 403), ("superuser", 200)])
def test_only_superusers_open_groups_and_login_records(client, request, role, expected_status, label):
    login_as(client, request, role)

    response = client.get(reverse(f"admin:{label.replace('.', '_')}_changelist"))

    assert response.status_code == expected_status


def test_press_officer_cannot_list_users_even_of_its_own_entity(client, press_officer, rows_a):
    client.force_login(press_officer)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 200
    assert reverse("admin:plans_user_changelist") not in response.content.decode()


# --- Entity scope -----------------------------------------------------------------------------


@pytest.mark.parametrize("page", ["change", "delete", "history"])
@pytest.mark.parametrize("model_name", SCOPED_MODELS)
def test_outsider_gets_404_on_the_pages_of_another_entitys_rows(client, outsider, rows_a, model_name, page):
    client.force_login(outsider)

    response = client.get(admin_url(rows_a[model_name], page))

    assert response.status_code == 404


def test_outsider_cannot_delete_another_entitys_plan_by_posting(client, outsider, rows_a):
    client.force_login(outsider)

    response = client.post(admin_url(rows_a["plan"], "delete"), {"post": "yes"})

    assert response.status_code == 404
    assert Plan.objects.filter(pk=rows_a["plan"].pk).exists()


@pytest.mark.parametrize("model_name", SCOPED_MODELS)
def test_outsider_changelist_lists_only_its_own_entitys_rows(client, outsider, rows_a, rows_b, model_name):
    client.force_login(outsider)

    response = client.get(admin_url(PLANS_MODELS[model_name], "changelist"))

    assert response.status_code == 200
    assert changelist_rows(response) == [rows_b[model_name]]
    assert str(rows_a[model_name]) not in response.content.decode()


@pytest.mark.parametrize("model_name", SCOPED_MODELS)
def test_press_officer_changelist_lists_only_its_own_entitys_rows(client, press_officer, rows_a, rows_b, model_name):
    client.force_login(press_officer)

    response = client.get(admin_url(PLANS_MODELS[model_name], "changelist"))

    assert changelist_rows(response) == [rows_a[model_name]]
    assert str(rows_b[model_name]) not in response.content.decode()


@pytest.mark.parametrize(
    ("model_name", "expected_filters"),
    [
        # A filter with a single choice is not shown: the outsider's entity is alone in it.
        ("area", {}),
        ("audience", {}),
        ("channel", {}),
        ("plan", {}),
        (
            "component",
            {
                "plan": [
                    "Plan de medios de la Gobernación (2025–2027)",
                    "Plan estratégico de la Gobernación (2025–2027)",
                ]
            },
        ),
        (
            "responsibility",
            {
                "component__plan": [
                    "Plan de medios de la Gobernación (2025–2027)",
                    "Plan estratégico de la Gobernación (2025–2027)",
                ]
            },
        ),
    ],
)
def test_related_list_filters_never_offer_another_entitys_rows(
    client, outsider, rows_a, rows_b, model_name, expected_filters
):
    second_plan = PlanFactory(entity=rows_b["entity"], title="Plan de medios de la Gobernación")
    ResponsibilityFactory(component=ComponentFactory(plan=second_plan))
    client.force_login(outsider)

    response = client.get(admin_url(PLANS_MODELS[model_name], "changelist"))

    choices = {path: sorted(labels) for path, labels in related_filter_choices(response).items()}
    assert choices == expected_filters


@pytest.mark.parametrize(
    ("model_name", "field_name", "target"),
    [
        ("area", "entity", "entity"),
        ("plan", "entity", "entity"),
        ("plan", "parent", "plan"),
        ("component", "plan", "plan"),
        ("responsibility", "component", "component"),
    ],
)
@pytest.mark.parametrize(("role", "own_rows"), [("press_officer", "rows_a"), ("outsider", "rows_b")])
def test_autocomplete_offers_only_the_users_own_entitys_rows(
    client, request, rows_a, rows_b, role, own_rows, model_name, field_name, target
):
    login_as(client, request, role)

    texts = autocomplete_texts(client, app_label="plans", model_name=model_name, field_name=field_name)

    assert texts == [str(request.getfixturevalue(own_rows)[target])]


@pytest.mark.parametrize(
    ("model_name", "field", "target", "fields"),
    [
        ("area", "entity", "entity", {"name": "Prensa"}),
        ("component", "plan", "plan", {"name": "Digital", "kind": "digital"}),
        (
            "plan",
            "parent",
            "plan",
            {"title": "Plan 2026", "vigencia_start": "2026-01-01", "vigencia_end": "2026-12-31"},
        ),
    ],
)
def test_outsider_cannot_attach_a_new_row_to_another_entitys_row(
    client, outsider, rows_a, rows_b, model_name, field, target, fields
):
    model = PLANS_MODELS[model_name]
    before = model.objects.count()
    client.force_login(outsider)
    form_page = client.get(admin_url(model, "add"))

    response = client.post(
        admin_url(model, "add"), admin_form_data(form_page, **fields, **{field: str(rows_a[target].pk)})
    )

    assert response.status_code == 200
    assert form_errors(response) == {field: [INVALID_CHOICE]}
    assert model.objects.count() == before


def test_outsider_actions_on_another_entitys_plan_change_nothing(client, outsider, rows_a):
    plan = rows_a["plan"]
    client.force_login(outsider)

    new_version = run_action(client, Plan, "open_new_version", [plan])
    delete = run_action(client, Plan, "delete_selected", [plan], post="yes")

    assert (new_version.status_code, delete.status_code) == (302, 302)
    plan.refresh_from_db()
    assert (plan.status, plan.version) == (PlanStatus.APPROVED, 1)


# --- Change history -----------------------------------------------------------------------------


def test_plan_history_page_is_404_for_outsider_and_200_for_press_officer(client, press_officer, outsider, rows_a):
    url = reverse("admin:plans_plan_history", args=[rows_a["plan"].pk])

    client.force_login(outsider)
    outsider_response = client.get(url)
    client.force_login(press_officer)
    press_response = client.get(url)

    assert outsider_response.status_code == 404
    assert press_response.status_code == 200
    assert str(rows_a["plan"]) in press_response.content.decode()


def test_outsider_gets_404_on_a_historical_version_of_another_entitys_plan(client, outsider, rows_a):
    plan = rows_a["plan"]
    record = plan.history.latest()
    client.force_login(outsider)

    response = client.get(reverse("admin:plans_plan_simple_history", args=[plan.pk, record.history_id]))

    assert response.status_code == 404


def test_editing_a_plan_records_who_changed_what(client, press_officer, rows_a):
    plan = rows_a["plan"]
    client.force_login(press_officer)
    form_page = client.get(admin_url(plan, "change"))

    response = client.post(admin_url(plan, "change"), admin_form_data(form_page, title="Plan estratégico 2025"))

    assert response.status_code == 302
    latest, previous = plan.history.order_by("-history_id")[:2]
    assert latest.history_user == press_officer
    changes = latest.diff_against(previous).changes
    assert [(c.field, c.old, c.new) for c in changes] == [
        ("title", "Plan estratégico de la Alcaldía", "Plan estratégico 2025")
    ]


def test_a_historical_version_cannot_be_saved_over_the_plan(client, press_officer, entity):
    plan = ApprovedPlanFactory(entity=entity, status=PlanStatus.CLOSED)
    record = plan.history.latest()
    url = reverse("admin:plans_plan_simple_history", args=[plan.pk, record.history_id])
    client.force_login(press_officer)
    form_page = client.get(url)

    response = client.post(url, admin_form_data(form_page, status=PlanStatus.DRAFT))

    plan.refresh_from_db()
    assert (plan.status, plan.version) == (PlanStatus.CLOSED, 1)
    assert response.status_code == 403


# --- Form messages --------------------------------------------------------------------------------


def test_plan_whose_vigencia_ends_before_it_starts_is_refused_with_a_message_on_the_field(
    client, press_officer, entity
):
    client.force_login(press_officer)
    form_page = client.get(admin_url(Plan, "add"))

    response = client.post(
        admin_url(Plan, "add"),
        admin_form_data(form_page, title="Plan 2026", vigencia_start="2026-12-31", vigencia_end="2026-01-01"),
    )

    assert response.status_code == 200
    assert form_errors(response) == {"vigencia_end": ["El fin de la vigencia debe ser posterior a su inicio."]}
    assert Plan.objects.count() == 0


def test_a_new_plan_is_created_for_the_press_officers_entity(client, press_officer, entity):
    client.force_login(press_officer)
    form_page = client.get(admin_url(Plan, "add"))

    response = client.post(
        admin_url(Plan, "add"),
        admin_form_data(form_page, title="Plan 2026", vigencia_start="2026-01-01", vigencia_end="2026-12-31"),
    )

    assert response.status_code == 302
    plan = Plan.objects.get()
    assert (plan.entity, plan.title, plan.status, plan.version) == (entity, "Plan 2026", PlanStatus.DRAFT, 1)


def test_the_state_and_approval_cannot_be_typed_in_the_change_form(client, press_officer, entity):
    # The state changes only through the committee's approval step (planning).
    plan = ApprovedPlanFactory(entity=entity, status=PlanStatus.CLOSED)
    client.force_login(press_officer)
    form_page = client.get(admin_url(plan, "change"))

    response = client.post(
        admin_url(plan, "change"),
        admin_form_data(form_page, status=PlanStatus.IN_EXECUTION, approval_act="Acta inventada"),
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.approval_act) == (PlanStatus.CLOSED, "Acta n.º 3 de 2025")


def test_the_version_cannot_be_typed_in_the_change_form(client, press_officer, rows_a):
    plan = rows_a["plan"]
    client.force_login(press_officer)
    form_page = client.get(admin_url(plan, "change"))

    response = client.post(admin_url(plan, "change"), admin_form_data(form_page, version="7"))

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.version == 1


# --- Protected deletes ------------------------------------------------------------------------------


def protected_link(indicator) -> str:
    url = reverse("admin:indicators_indicator_change", args=[indicator.pk])
    return f'Indicador: <a href="{url}">{indicator}</a>'


def test_a_plan_with_indicators_cannot_be_deleted(client, press_officer, rows_a):
    plan = rows_a["plan"]
    indicator = IndicatorFactory(activity=ActivityFactory(component=rows_a["component"]))
    client.force_login(press_officer)

    response = client.post(admin_url(plan, "delete"), {"post": "yes"})

    assert response.status_code == 200
    assert Plan.objects.filter(pk=plan.pk).exists()
    assert [str(p) for p in response.context["protected"]] == [protected_link(indicator)]
    assert (
        f"La eliminación de plan de comunicaciones {plan} requeriría eliminar los siguientes objetos "
        "relacionados protegidos:"
    ) in response.content.decode()


def test_a_component_with_indicators_cannot_be_deleted(client, press_officer, rows_a):
    component = rows_a["component"]
    indicator = IndicatorFactory(activity=ActivityFactory(component=component))
    client.force_login(press_officer)

    response = client.post(admin_url(component, "delete"), {"post": "yes"})

    assert response.status_code == 200
    assert Component.objects.filter(pk=component.pk).exists()
    assert [str(p) for p in response.context["protected"]] == [protected_link(indicator)]
    assert (
        f"La eliminación de componente {component} requeriría eliminar los siguientes objetos relacionados protegidos:"
    ) in response.content.decode()


@pytest.mark.parametrize("model_name", ["plan", "component"])
def test_bulk_delete_of_rows_with_indicators_is_refused(client, press_officer, rows_a, model_name):
    obj = rows_a[model_name]
    indicator = IndicatorFactory(activity=ActivityFactory(component=rows_a["component"]))
    client.force_login(press_officer)

    response = run_action(client, PLANS_MODELS[model_name], "delete_selected", [obj], post="yes")

    assert response.status_code == 200
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert [str(p) for p in response.context["protected"]] == [protected_link(indicator)]
    assert (
        f"La eliminación de {obj._meta.verbose_name} seleccionado requeriría el borrado de los siguientes "
        "objetos protegidos relacionados:"
    ) in response.content.decode()


def test_a_draft_plan_without_indicators_is_deleted_with_its_components(client, press_officer, entity):
    plan = PlanFactory(entity=entity)
    component = ComponentFactory(plan=plan)
    ActivityFactory(component=component)
    ResponsibilityFactory(component=component)
    client.force_login(press_officer)

    response = client.post(admin_url(plan, "delete"), {"post": "yes"})

    assert response.status_code == 302
    assert response.url == admin_url(Plan, "changelist")
    assert Plan.objects.filter(pk=plan.pk).exists() is False
    assert Component.objects.filter(pk=component.pk).exists() is False


# --- «Abrir nueva versión» --------------------------------------------------------------------------


def test_open_new_version_returns_an_approved_plan_to_draft_as_version_2(client, press_officer, rows_a):
    plan = rows_a["plan"]
    client.force_login(press_officer)

    response = run_action(client, Plan, "open_new_version", [plan])

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.version) == (PlanStatus.DRAFT, 2)
    assert messages_of(response) == ["«Plan estratégico de la Alcaldía» está ahora en borrador como versión 2."]
    assert plan.history.latest().history_change_reason == "Nueva versión 2"


def test_open_new_version_refuses_a_draft_plan_and_changes_nothing(client, press_officer, entity):
    plan = PlanFactory(entity=entity, title="Plan en borrador")
    client.force_login(press_officer)

    response = run_action(client, Plan, "open_new_version", [plan])

    assert response.status_code == 302
    plan.refresh_from_db()
    assert (plan.status, plan.version) == (PlanStatus.DRAFT, 1)
    assert messages_of(response) == [
        "Plan en borrador: Solo un plan aprobado o en ejecución puede abrir una nueva versión."
    ]
    assert [m.level_tag for m in get_messages(response.wsgi_request)] == ["error"]


# --- Query counts ---------------------------------------------------------------------------------


@pytest.mark.parametrize("model_name", ["area", "audience", "channel", "plan", "component", "responsibility"])
def test_changelist_query_count_does_not_grow_with_the_rows(client, press_officer, entity, model_name):
    make_plans_rows(entity, "uno")
    client.force_login(press_officer)
    url = admin_url(PLANS_MODELS[model_name], "changelist")
    client.get(url)  # warm the content type and site caches
    with_one_row = query_count(client, url)

    make_plans_rows(entity, "dos")
    make_plans_rows(entity, "tres")

    assert query_count(client, url) == with_one_row
