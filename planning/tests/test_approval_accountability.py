"""The committee's approval as the only way a plan changes state, the versions' diff, the
rendición de cuentas for citizens and their moderated questions."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from execution.enums import LogStatus
from execution.models import ActivityLog
from indicators.enums import PeriodType
from indicators.tests.factories import IndicatorFactory
from planning import approvals
from planning.enums import ApprovalStatus, QuestionStatus
from planning.models import Accountability, Approval, CitizenQuestion
from planning.rules import SECRETARY_GROUP
from planning.services import QUESTION_PURPOSE, question_ask
from plans.enums import PlanStatus
from plans.services import plan_open_new_version
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, ComponentFactory, UserFactory
from privacy.enums import ConsentMethod
from privacy.tests.factories import PrivacyNoticeFactory
from rollups.enums import ProgressStatus
from rollups.models import PeriodValue


@pytest.fixture
def plan(entity, area_a):
    plan = ApprovedPlanFactory(entity=entity, status=PlanStatus.IN_EXECUTION, title="Plan de prueba")
    component = ComponentFactory(plan=plan, name="Comunicación externa")
    activity = ActivityFactory(component=component, name="Boletín mensual")
    IndicatorFactory(activity=activity, code="EXT-01", name="Boletines publicados")
    return plan


def decision(**changes):
    data = {
        "decision": "aprobar",
        "body": "Comité Institucional de Gestión y Desempeño",
        "act_number": "Acta n.º 7 de 2026",
        "decided_on": "2026-03-02",
    }
    return {**data, **changes}


def test_a_new_version_is_approved_only_through_the_committee_step(client, plan, press_officer, entity):
    plan_open_new_version(plan=plan)
    component = plan.components.get()
    ActivityFactory(component=component, name="Podcast institucional")
    secretary = UserFactory(username="secretaria", entity=entity)
    secretary.groups.add(Group.objects.get(name=SECRETARY_GROUP))
    client.force_login(press_officer)

    client.post(reverse("planning:approval_request", args=[plan.pk]), {"summary": "Se agrega el podcast."})
    approval = Approval.objects.get(plan=plan, status=ApprovalStatus.PENDING)
    assert approval.version == 2
    client.force_login(secretary)
    act = SimpleUploadedFile("acta.pdf", b"%PDF-1.4 acta", content_type="application/pdf")
    response = client.post(approval.get_absolute_url(), {**decision(), "act_file": act})

    assert response.status_code == 302
    plan.refresh_from_db()
    approval.refresh_from_db()
    assert (plan.status, plan.approval_act, plan.approved_on) == (
        PlanStatus.APPROVED,
        "Acta n.º 7 de 2026",
        date(2026, 3, 2),
    )
    assert approval.decided_by == secretary and approval.act_file.name.endswith(".pdf")
    rows = {(row.after or row.before or ""): row.change for row in approvals.tree_diff({}, approval.snapshot)}
    assert any("Podcast institucional" in text for text in rows)


def test_the_diff_shows_what_changed_between_two_versions(plan, press_officer):
    plan_open_new_version(plan=plan)
    first = approvals.approval_request(plan=plan, user=press_officer)
    approvals.approval_decide(
        approval=first,
        user=press_officer,
        approved=True,
        body="Comité",
        act_number="Acta 1",
        decided_on=date(2026, 1, 5),
    )
    approvals.plan_advance(plan=plan)
    plan_open_new_version(plan=plan)
    activity = plan.components.get().activities.get()
    activity.name = "Boletín quincenal"
    activity.save()
    ActivityFactory(component=activity.component, name="Podcast")
    second = approvals.approval_request(plan=plan, user=press_officer)

    diff = approvals.tree_diff(first.snapshot, second.snapshot)

    changes = {row.change for row in diff}
    changed = next(row for row in diff if row.change == "changed" and row.label == "Actividad")
    assert "Boletín mensual" in changed.before and "Boletín quincenal" in changed.after
    assert {"changed", "added", "same"} <= changes
    assert approvals.approval_previous(second) == first


def test_a_returned_version_stays_in_draft_and_needs_observations(client, plan, press_officer):
    plan_open_new_version(plan=plan)
    approval = approvals.approval_request(plan=plan, user=press_officer)
    client.force_login(press_officer)

    refused = client.post(approval.get_absolute_url(), decision(decision="devolver"))
    assert "Escriba las observaciones" in refused.content.decode()
    client.post(approval.get_absolute_url(), decision(decision="devolver", observations="Faltan metas 2027."))

    plan.refresh_from_db()
    approval.refresh_from_db()
    assert (plan.status, approval.status) == (PlanStatus.DRAFT, ApprovalStatus.REJECTED)


def test_a_decision_in_the_future_or_an_act_that_is_not_a_pdf_is_refused(client, plan, press_officer):
    plan_open_new_version(plan=plan)
    approval = approvals.approval_request(plan=plan, user=press_officer)
    client.force_login(press_officer)
    fake = SimpleUploadedFile("acta.pdf", b"MZ not a pdf")

    html = client.post(
        approval.get_absolute_url(), {**decision(decided_on="2999-01-01"), "act_file": fake}
    ).content.decode()

    assert "no puede ser posterior a hoy" in html and "debe ser un archivo PDF" in html
    approval.refresh_from_db()
    assert approval.status == ApprovalStatus.PENDING


def test_only_a_draft_goes_to_approval_and_outsiders_and_leads_get_404_or_403(
    client, plan, press_officer, outsider, lead_a
):
    client.force_login(press_officer)
    client.post(reverse("planning:approval_request", args=[plan.pk]))
    assert not Approval.objects.filter(plan=plan, status=ApprovalStatus.PENDING).exists()
    plan_open_new_version(plan=plan)
    approval = approvals.approval_request(plan=plan, user=press_officer)
    client.force_login(outsider)
    assert client.get(approval.get_absolute_url()).status_code == 404
    assert client.post(approval.get_absolute_url(), decision()).status_code == 404
    client.force_login(lead_a)
    assert client.post(approval.get_absolute_url(), decision()).status_code == 403
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


@pytest.fixture
def accountability(plan, area_a, press_officer):
    indicator = plan.indicators.get()
    now = timezone.now()
    PeriodValue.objects.create(
        indicator=indicator,
        period_type=PeriodType.YEAR,
        period_start=date(2026, 1, 1),
        value=Decimal("6"),
        target=Decimal("12"),
        achievement=Decimal("50"),
        status=ProgressStatus.LATE,
        computed_at=now,
    )
    ActivityLog.objects.create(
        activity=indicator.activity,
        area=area_a,
        date=date(2026, 4, 1),
        description="Boletín de abril",
        links="https://www.entidad.gov.co/boletin-abril\nno-es-enlace",
        status=LogStatus.APPROVED,
        reach_total=300,
        reported_by=press_officer,
    )
    return Accountability.objects.create(
        plan=plan,
        title="Rendición de cuentas 2026",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 12, 31),
        created_by=press_officer,
    )


def test_press_office_writes_reasons_publishes_and_citizens_read_it_logged_out(client, accountability, press_officer):
    indicator = accountability.plan.indicators.get()
    public = reverse("planning:public_accountability", args=[accountability.pk])
    assert client.get(public).status_code == 404
    client.force_login(press_officer)
    client.post(
        accountability.get_absolute_url(),
        {
            "title": "Rendición de cuentas 2026",
            "introduction": "Informar a la ciudadanía.",
            "not_done": "",
            "show_evidence_links": "on",
            f"reason_{indicator.pk}": "El contrato de diseño empezó en julio.",
            "publish": "1",
        },
    )
    client.logout()

    html = client.get(public).content.decode()
    assert "El contrato de diseño empezó en julio." in html
    assert "https://www.entidad.gov.co/boletin-abril" in html and "no-es-enlace" not in html
    assert "300" in html
    assert client.get(reverse("planning:public_accountability_pdf", args=[accountability.pk])).content.startswith(
        b"%PDF"
    )
    data = client.get(reverse("planning:public_accountability_json", args=[accountability.pk])).json()
    assert data["indicadores"][0]["codigo"] == "EXT-01" and data["indicadores"][0]["estado"] == "Atrasado"


def test_citizens_questions_are_shown_only_after_moderation(client, accountability, press_officer, entity):
    PrivacyNoticeFactory(entity=entity)
    accountability.status, accountability.published_on = "publicado", date(2026, 12, 20)
    accountability.save()
    public = reverse("planning:public_accountability", args=[accountability.pk])

    refused = client.post(public, {"text": "¿Cuándo sale el boletín?", "email": "ana@correo.co"})
    assert "necesitamos su autorización" in refused.content.decode()
    client.post(public, {"text": "¿Cuándo sale el boletín?", "name": "Ana", "email": "ana@correo.co", "consent": "on"})
    question = CitizenQuestion.objects.get()
    assert "¿Cuándo sale el boletín?" not in client.get(public).content.decode()

    client.force_login(press_officer)
    url = reverse("planning:question_moderate", args=[accountability.pk, question.pk])
    client.post(url, {"decision": "publicar", "answer": "Cada mes."})
    client.logout()
    html = client.get(public).content.decode()
    question.refresh_from_db()
    assert question.status == QuestionStatus.PUBLISHED
    assert "¿Cuándo sale el boletín?" in html and "Cada mes." in html
    assert "ana@correo.co" not in html and "Ana" not in html


def test_a_questions_contact_is_kept_with_its_consent_and_notice_version(client, accountability, entity):
    notice = PrivacyNoticeFactory(entity=entity)
    accountability.status, accountability.published_on = "publicado", date(2026, 12, 20)
    accountability.save()

    client.post(
        reverse("planning:public_accountability", args=[accountability.pk]),
        {"text": "¿Habrá audiencia pública?", "name": "Ana", "email": "ana@correo.co", "consent": "on"},
    )

    question = CitizenQuestion.objects.get()
    assert (question.name, question.email, question.consent_method, question.consent_notice) == (
        "Ana",
        "ana@correo.co",
        ConsentMethod.WEB_FORM,
        notice,
    )
    assert question.consent_given_at is not None and question.consent_purpose == QUESTION_PURPOSE


def test_without_a_privacy_notice_a_question_keeps_nothing_personal(client, accountability):
    accountability.status, accountability.published_on = "publicado", date(2026, 12, 20)
    accountability.save()
    public = reverse("planning:public_accountability", args=[accountability.pk])

    assert 'name="email"' not in client.get(public).content.decode()
    client.post(public, {"text": "¿Y el presupuesto?", "name": "Ana", "email": "ana@correo.co", "consent": "on"})

    question = CitizenQuestion.objects.get()
    assert (question.text, question.name, question.email, question.consent_given_at) == (
        "¿Y el presupuesto?",
        "",
        "",
        None,
    )


def test_the_rights_page_erases_a_questions_contact_and_keeps_the_question(
    client, accountability, press_officer, entity
):
    notice = PrivacyNoticeFactory(entity=entity)
    question = question_ask(
        accountability=accountability, notice=notice, text="¿Cuándo?", name="Ana", email="ana@correo.co", consent=True
    )
    client.force_login(press_officer)

    found = client.get(reverse("privacy:rights"), {"email": "ana@correo.co"}).content.decode()
    client.post(reverse("privacy:rights"), {"action": "delete", "email": "ana@correo.co", "confirm": "on"})

    assert "Autor de una pregunta de rendición de cuentas" in found
    question.refresh_from_db()
    assert (question.text, question.name, question.email, question.consent_given_at) == ("¿Cuándo?", "", "", None)


def test_an_outsider_cannot_moderate_or_read_another_entitys_report(client, accountability, outsider):
    question = CitizenQuestion.objects.create(accountability=accountability, text="¿?")
    client.force_login(outsider)
    assert client.get(accountability.get_absolute_url()).status_code == 404
    url = reverse("planning:question_moderate", args=[accountability.pk, question.pk])
    assert client.post(url, {"decision": "publicar"}).status_code == 404
    question.refresh_from_db()
    assert question.status == QuestionStatus.PENDING


def test_an_approval_recorded_before_the_approval_step_shows_without_its_author(client, plan, press_officer):
    # Approvals typed into the plan before the committee's step existed were carried over with
    # their act and date but no author.
    Approval.objects.create(
        plan=plan,
        version=1,
        status=ApprovalStatus.APPROVED,
        body="Comité Institucional de Gestión y Desempeño",
        act_number="Acta n.º 3 de 2025",
        decided_on=date(2025, 12, 1),
    )
    client.force_login(press_officer)

    page = client.get(reverse("planning:plan_planning", args=[plan.pk]))
    detail = client.get(plan.approvals.get().get_absolute_url())

    assert (page.status_code, detail.status_code) == (200, 200)
    assert "Acta n.º 3 de 2025" in page.content.decode()
