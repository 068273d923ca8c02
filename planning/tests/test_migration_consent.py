"""The citizen questions' old consent checkbox becomes a full consent record, and a name left
without consent is not kept (planning 0003)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("planning", "0002_secretary_group_and_typed_approvals"), ("privacy", "0002_roles")]
AFTER = [("planning", "0003_citizen_question_consent")]


# serialized_rollback: the role groups the data migrations made are put back for later tests.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_old_questions_carry_their_consent_and_lose_a_name_given_without_it():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    entity = old.get_model("plans", "Entity").objects.create(name="Alcaldía de Prueba")
    notice = old.get_model("privacy", "PrivacyNotice").objects.create(entity=entity, version=1, text="Aviso.")
    plan = old.get_model("plans", "Plan").objects.create(
        entity=entity,
        title="Plan",
        vigencia_start=timezone.localdate() - timedelta(days=400),
        vigencia_end=timezone.localdate() + timedelta(days=400),
    )
    item = old.get_model("planning", "Accountability").objects.create(
        plan=plan,
        title="Rendición de cuentas",
        period_start=timezone.localdate() - timedelta(days=365),
        period_end=timezone.localdate(),
    )
    Question = old.get_model("planning", "CitizenQuestion")
    with_consent = Question.objects.create(
        accountability=item, name="Ana", email="ana@correo.co", consent=True, text="¿Cuándo?"
    )
    without = Question.objects.create(accountability=item, name="Luis", consent=False, text="¿Dónde?")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("planning", "CitizenQuestion")

    kept = new.objects.get(pk=with_consent.pk)
    assert (kept.name, kept.email, kept.consent_method, kept.consent_notice_id) == (
        "Ana",
        "ana@correo.co",
        "formulario",
        notice.pk,
    )
    assert kept.consent_given_at == kept.created_at
    blanked = new.objects.get(pk=without.pk)
    assert (blanked.name, blanked.text, blanked.consent_given_at) == ("", "¿Dónde?", None)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
