from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from plans.enums import PlanStatus
from plans.models import Plan
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, ComponentFactory, PlanFactory

pytestmark = pytest.mark.django_db


class TestPlanVigencia:
    def test_clean_refuses_an_end_before_the_start_with_a_message_on_the_field(self, entity):
        plan = Plan(entity=entity, title="Plan", vigencia_start=date(2025, 1, 1), vigencia_end=date(2024, 12, 31))
        with pytest.raises(ValidationError) as error:
            plan.full_clean()
        assert error.value.message_dict["vigencia_end"] == ["El fin de la vigencia debe ser posterior a su inicio."]

    def test_the_database_refuses_an_end_before_the_start(self, entity):
        with pytest.raises(IntegrityError), transaction.atomic():
            Plan.objects.create(
                entity=entity, title="Plan", vigencia_start=date(2025, 1, 1), vigencia_end=date(2024, 1, 1)
            )


class TestPlanApproval:
    def test_an_approved_plan_needs_its_approval_record(self, entity):
        plan = PlanFactory.build(entity=entity, status=PlanStatus.APPROVED)
        with pytest.raises(ValidationError) as error:
            plan.full_clean()
        assert error.value.message_dict["approved_on"] == [
            "Indique la fecha de aprobación: el plan no está en borrador."
        ]
        assert error.value.message_dict["approval_body"] == ["Indique la instancia que aprobó el plan."]

    def test_the_database_refuses_an_approved_plan_without_approval_record(self, entity):
        with pytest.raises(IntegrityError), transaction.atomic():
            PlanFactory(entity=entity, status=PlanStatus.APPROVED)

    def test_a_closed_plan_cannot_go_back_to_execution(self, entity):
        plan = ApprovedPlanFactory(entity=entity, status=PlanStatus.CLOSED)
        plan = Plan.objects.get(pk=plan.pk)
        plan.status = PlanStatus.IN_EXECUTION
        with pytest.raises(ValidationError) as error:
            plan.full_clean()
        assert error.value.message_dict["status"] == ["Un plan no puede pasar de «Cerrado» a «En ejecución»."]

    def test_an_approved_plan_may_start_execution(self, entity):
        plan = Plan.objects.get(pk=ApprovedPlanFactory(entity=entity).pk)
        plan.status = PlanStatus.IN_EXECUTION
        plan.full_clean()


class TestActivityDates:
    def test_activity_dates_must_fall_inside_the_vigencia(self, entity):
        component = ComponentFactory(plan=PlanFactory(entity=entity))
        activity = ActivityFactory.build(component=component, start_date=date(2024, 6, 1))
        with pytest.raises(ValidationError) as error:
            activity.full_clean()
        assert error.value.message_dict["start_date"] == [
            "La fecha debe estar dentro de la vigencia del plan (01/01/2025 – 31/12/2027)."
        ]

    def test_activity_end_before_start_is_refused(self, entity):
        component = ComponentFactory(plan=PlanFactory(entity=entity))
        activity = ActivityFactory.build(component=component, start_date=date(2025, 6, 1), end_date=date(2025, 5, 1))
        with pytest.raises(ValidationError) as error:
            activity.full_clean()
        assert error.value.message_dict["end_date"] == ["La fecha de fin no puede ser anterior a la de inicio."]
