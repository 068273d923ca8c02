from datetime import date
from decimal import Decimal

import factory

from indicators.enums import Aggregation, PeriodType, TargetDerivation, Unit
from indicators.models import Indicator, Target
from plans.tests.factories import ActivityFactory


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    activity = factory.SubFactory(ActivityFactory)
    plan = factory.LazyAttribute(lambda o: o.activity.component.plan)
    code = factory.Sequence(lambda n: f"IND-{n:03d}")
    name = factory.Sequence(lambda n: f"Número de piezas {n}")
    unit = Unit.COUNT
    aggregation = Aggregation.SUM
    target_derivation = TargetDerivation.DIVIDE


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    period_type = PeriodType.YEAR
    period_start = date(2025, 1, 1)
    value = Decimal("100")
