from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from indicators.enums import Aggregation, PeriodType, TargetDerivation, Unit
from indicators.models import Indicator, Target
from indicators.tests.factories import IndicatorFactory, TargetFactory
from plans.tests.factories import ActivityFactory, ComponentFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(entity):
    activity = ActivityFactory(component=ComponentFactory(plan=PlanFactory(entity=entity)))
    return IndicatorFactory(activity=activity)


class TestIndicatorRules:
    def test_a_ratio_needs_its_numerator_and_denominator_definitions(self, indicator):
        indicator.aggregation = Aggregation.RATIO
        indicator.target_derivation = TargetDerivation.REPEAT
        with pytest.raises(ValidationError) as error:
            indicator.full_clean()
        assert error.value.message_dict["numerator_definition"] == ["Una razón necesita la definición del numerador."]
        assert error.value.message_dict["denominator_definition"] == [
            "Una razón necesita la definición del denominador."
        ]

    def test_the_database_refuses_a_ratio_without_its_terms(self, indicator):
        with pytest.raises(IntegrityError), transaction.atomic():
            Indicator.objects.filter(pk=indicator.pk).update(
                aggregation=Aggregation.RATIO, target_derivation=TargetDerivation.REPEAT
            )

    def test_the_database_refuses_a_duplicate_code_in_the_same_plan(self, indicator):
        with pytest.raises(IntegrityError), transaction.atomic():
            Indicator.objects.create(plan=indicator.plan, code=indicator.code, name="Otro")

    def test_the_same_code_is_fine_in_another_plan(self, indicator, entity):
        other = IndicatorFactory(activity=ActivityFactory(component=ComponentFactory(plan=PlanFactory(entity=entity))))
        other.code = indicator.code
        other.full_clean()

    def test_only_periodic_indicators_divide_their_annual_target(self, indicator):
        indicator.aggregation = Aggregation.AVERAGE
        with pytest.raises(ValidationError) as error:
            indicator.full_clean()
        assert "target_derivation" in error.value.message_dict

    def test_the_activity_must_belong_to_the_indicators_plan(self, indicator, entity):
        indicator.plan = PlanFactory(entity=entity)
        with pytest.raises(ValidationError) as error:
            indicator.full_clean()
        assert error.value.message_dict["activity"] == ["La actividad debe ser del mismo plan que el indicador."]


class TestTargetRules:
    @pytest.mark.parametrize(
        ("unit", "value", "message"),
        [
            (Unit.COUNT, Decimal("-1"), "El valor no puede ser negativo."),
            (Unit.COUNT, Decimal("2.5"), "Un conteo debe ser un número entero."),
            (Unit.PERCENTAGE, Decimal("150"), "Un porcentaje no puede ser mayor que 100."),
            (Unit.MILESTONE, Decimal("2"), "Un hito solo admite 1 (cumplido) o 0 (no cumplido)."),
        ],
    )
    def test_the_value_must_fit_the_unit(self, indicator, unit, value, message):
        indicator.unit = unit
        indicator.save()
        target = Target(indicator=indicator, period_type=PeriodType.YEAR, period_start=date(2025, 1, 1), value=value)
        with pytest.raises(ValidationError) as error:
            target.full_clean()
        assert error.value.message_dict["value"] == [message]

    def test_a_percentage_of_100_is_fine(self, indicator):
        indicator.unit = Unit.PERCENTAGE
        indicator.save()
        Target(
            indicator=indicator, period_type=PeriodType.YEAR, period_start=date(2025, 1, 1), value=Decimal(100)
        ).full_clean()

    def test_the_period_must_lie_inside_the_vigencia(self, indicator):
        target = Target(
            indicator=indicator, period_type=PeriodType.QUARTER, period_start=date(2028, 1, 1), value=Decimal(1)
        )
        with pytest.raises(ValidationError) as error:
            target.full_clean()
        assert error.value.message_dict["period_start"] == [
            "El periodo está fuera de la vigencia del plan (01/01/2025 – 31/12/2027)."
        ]

    def test_the_period_must_start_on_its_first_day(self, indicator):
        target = Target(
            indicator=indicator, period_type=PeriodType.QUARTER, period_start=date(2025, 2, 1), value=Decimal(1)
        )
        with pytest.raises(ValidationError) as error:
            target.full_clean()
        assert error.value.message_dict["period_start"] == ["La fecha debe ser el primer día del periodo."]

    @pytest.mark.parametrize(
        ("period_type", "start"),
        [
            (PeriodType.YEAR, date(2024, 1, 1)),
            (PeriodType.YEAR, date(2028, 1, 1)),
            (PeriodType.MONTH, date(2024, 12, 1)),
            (PeriodType.QUARTER, date(2028, 1, 1)),
        ],
    )
    @pytest.mark.postgres
    def test_the_database_refuses_a_period_outside_the_vigencia(self, indicator, period_type, start):
        with pytest.raises(IntegrityError), transaction.atomic():
            Target.objects.create(indicator=indicator, period_type=period_type, period_start=start, value=1)

    def test_the_database_accepts_the_last_month_of_the_vigencia(self, indicator):
        Target.objects.create(
            indicator=indicator, period_type=PeriodType.MONTH, period_start=date(2027, 12, 1), value=1
        )
        assert Target.objects.filter(indicator=indicator).count() == 1

    def test_the_database_refuses_a_negative_target(self, indicator):
        with pytest.raises(IntegrityError), transaction.atomic():
            TargetFactory(indicator=indicator, value=Decimal("-5"))

    def test_the_database_refuses_two_targets_for_one_period(self, indicator):
        TargetFactory(indicator=indicator)
        with pytest.raises(IntegrityError), transaction.atomic():
            TargetFactory(indicator=indicator)
