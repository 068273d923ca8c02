"""The ``rollup`` management command: which plans and indicators it recomputes, its refusals,
its progress lines and its summary."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count

from execution.enums import LogStatus
from execution.models import ActivityLog, LogValue
from indicators.enums import PeriodType
from indicators.tests.factories import IndicatorFactory
from plans.enums import PlanStatus
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, AreaFactory, ComponentFactory, UserFactory
from rollups.enums import RollupKind
from rollups.models import PeriodValue, RollupRun

pytestmark = pytest.mark.django_db
D = Decimal
JANUARY = date(2025, 1, 1)
# A vigencia of two years: 24 months, 8 quarters, 2 years and the vigencia per indicator.
ROWS_PER_INDICATOR = 35
FULL_BAR = "[" + "#" * 30 + "]"
HALF_BAR = "[" + "#" * 15 + "." * 15 + "]"


def make_plan(entity, title):
    return ApprovedPlanFactory(
        entity=entity,
        title=title,
        status=PlanStatus.IN_EXECUTION,
        vigencia_start=date(2025, 1, 1),
        vigencia_end=date(2026, 12, 31),
    )


def make_indicator(plan, area):
    activity = ActivityFactory(component=ComponentFactory(plan=plan))
    activity.responsible_areas.add(area)
    return IndicatorFactory(activity=activity)


def approved_value(indicator, day, value):
    """An approved log value written straight to the table the roll-up reads."""
    area = indicator.activity.responsible_areas.first()
    entry = ActivityLog.objects.create(
        activity=indicator.activity,
        area=area,
        date=day,
        description="Registro de prueba",
        status=LogStatus.APPROVED,
        reported_by=UserFactory(entity=area.entity),
    )
    return LogValue.objects.create(
        log=entry, indicator=indicator, date=day, month=day.replace(day=1), status=LogStatus.APPROVED, value=D(value)
    )


def january(indicator):
    return PeriodValue.objects.get(indicator=indicator, period_type=PeriodType.MONTH, period_start=JANUARY).value


def rows_by_plan():
    return dict(PeriodValue.objects.values_list("indicator__plan_id").annotate(Count("id")).order_by())


def rows_by_indicator():
    return dict(PeriodValue.objects.values_list("indicator_id").annotate(Count("id")).order_by())


def runs():
    return list(RollupRun.objects.order_by("pk").values_list("plan_id", "kind", "indicators", "rows_written"))


def rollup(**options):
    """Run the command; return its output lines, the elapsed seconds of each progress line
    replaced by «…» once checked to read like «0,8 s»."""
    out = io.StringIO()
    call_command("rollup", stdout=out, **options)
    lines = out.getvalue().splitlines()
    for number, line in enumerate(lines[:-1]):
        assert re.search(r" \(\d+,\d s\)$", line), line
        lines[number] = re.sub(r"\(\d+,\d s\)$", "(… s)", line)
    return lines


@pytest.fixture
def plan(entity, area_a):
    plan = make_plan(entity, "Plan Anual de Medios")
    approved_value(make_indicator(plan, area_a), date(2025, 1, 5), 3)
    return plan


@pytest.fixture
def sibling(entity, area_a):
    """Another plan of the same entity."""
    plan = make_plan(entity, "Plan de Comunicación Interna")
    approved_value(make_indicator(plan, area_a), date(2025, 1, 5), 5)
    return plan


@pytest.fixture
def foreign(other_entity):
    """A plan of another entity."""
    plan = make_plan(other_entity, "Plan de la Gobernación")
    approved_value(make_indicator(plan, AreaFactory(entity=other_entity)), date(2025, 1, 5), 7)
    return plan


class TestWhatItRecomputes:
    def test_plan_recomputes_that_plan_only(self, plan, sibling, foreign):
        rollup(plan=plan.pk)

        assert rows_by_plan() == {plan.pk: ROWS_PER_INDICATOR}
        assert runs() == [(plan.pk, RollupKind.FULL, 1, ROWS_PER_INDICATOR)]

    def test_plan_leaves_the_old_rows_of_another_plan_of_the_entity_as_they_were(self, plan, sibling):
        rollup(entity=plan.entity_id)
        ours, theirs = plan.indicators.get(), sibling.indicators.get()
        approved_value(ours, date(2025, 1, 20), 10)
        approved_value(theirs, date(2025, 1, 20), 10)

        rollup(plan=plan.pk)

        assert (january(ours), january(theirs)) == (D(13), D(5))
        # January, Q1, 2025 and the vigencia changed; the other plan had no run.
        assert runs()[-1] == (plan.pk, RollupKind.FULL, 1, 4)
        assert len(runs()) == 3

    def test_indicator_recomputes_only_that_indicators_rows(self, plan, area_a):
        ours = plan.indicators.get()
        other = make_indicator(plan, area_a)
        approved_value(other, date(2025, 1, 6), 4)

        rollup(indicator=ours.pk)

        assert rows_by_indicator() == {ours.pk: ROWS_PER_INDICATOR}
        assert runs() == [(plan.pk, RollupKind.FULL, 1, ROWS_PER_INDICATOR)]

    def test_indicator_leaves_the_old_rows_of_the_plans_other_indicators_as_they_were(self, plan, area_a):
        ours = plan.indicators.get()
        other = make_indicator(plan, area_a)
        approved_value(other, date(2025, 1, 6), 4)
        rollup(plan=plan.pk)
        approved_value(ours, date(2025, 1, 20), 10)
        approved_value(other, date(2025, 1, 20), 10)

        rollup(indicator=ours.pk)

        assert (january(ours), january(other)) == (D(13), D(4))
        assert runs() == [(plan.pk, RollupKind.FULL, 2, 2 * ROWS_PER_INDICATOR), (plan.pk, RollupKind.FULL, 1, 4)]

    def test_entity_recomputes_every_plan_of_the_entity_and_not_another_entitys(self, plan, sibling, foreign):
        rollup(entity=plan.entity_id)

        assert rows_by_plan() == {plan.pk: ROWS_PER_INDICATOR, sibling.pk: ROWS_PER_INDICATOR}
        assert sorted(runs()) == sorted(
            [
                (plan.pk, RollupKind.FULL, 1, ROWS_PER_INDICATOR),
                (sibling.pk, RollupKind.FULL, 1, ROWS_PER_INDICATOR),
            ]
        )
        assert (january(plan.indicators.get()), january(sibling.indicators.get())) == (D(3), D(5))

    def test_all_recomputes_every_plan_of_every_entity(self, plan, sibling, foreign):
        rollup(all=True)

        assert rows_by_plan() == {
            plan.pk: ROWS_PER_INDICATOR,
            sibling.pk: ROWS_PER_INDICATOR,
            foreign.pk: ROWS_PER_INDICATOR,
        }
        assert sorted(runs()) == sorted(
            [
                (plan.pk, RollupKind.FULL, 1, ROWS_PER_INDICATOR),
                (sibling.pk, RollupKind.FULL, 1, ROWS_PER_INDICATOR),
                (foreign.pk, RollupKind.FULL, 1, ROWS_PER_INDICATOR),
            ]
        )
        assert january(foreign.indicators.get()) == D(7)

    def test_running_it_twice_writes_nothing_the_second_time(self, plan, sibling):
        first = rollup(entity=plan.entity_id)
        before = list(PeriodValue.objects.order_by("pk").values())

        second = rollup(entity=plan.entity_id)

        assert first[-1] == "2 planes recalculados; 70 filas escritas."
        assert second[-1] == "2 planes recalculados; 0 filas escritas."
        assert [written for *_run, written in runs()] == [ROWS_PER_INDICATOR, ROWS_PER_INDICATOR, 0, 0]
        assert list(PeriodValue.objects.order_by("pk").values()) == before


class TestRefusals:
    @pytest.mark.parametrize(
        ("option", "message"),
        [
            ("plan", "No existe el plan 999999."),
            ("indicator", "No existe el indicador 999999."),
            ("entity", "No existe la entidad 999999."),
        ],
    )
    def test_an_unknown_id_is_refused_naming_it(self, plan, option, message):
        with pytest.raises(CommandError) as error:
            rollup(**{option: 999999})

        assert str(error.value) == message
        assert (rows_by_plan(), runs()) == ({}, [])


class TestOutput:
    def test_several_plans_show_one_progress_line_each_and_a_summary(self, plan, sibling):
        lines = rollup(entity=plan.entity_id)

        assert lines == [
            f"{HALF_BAR} 1/2 Plan Anual de Medios (… s)",
            f"{FULL_BAR} 2/2 Plan de Comunicación Interna (… s)",
            "2 planes recalculados; 70 filas escritas.",
        ]

    def test_a_single_plan_shows_its_progress_line_too(self, plan):
        lines = rollup(plan=plan.pk)

        assert lines == [f"{FULL_BAR} 1/1 Plan Anual de Medios (… s)", "1 plan recalculado; 35 filas escritas."]

    def test_a_long_title_is_cut_at_50_characters(self, entity, area_a):
        title = "Plan Estratégico de Comunicaciones de la Alcaldía Municipal 2025–2026"
        plan = make_plan(entity, title)
        make_indicator(plan, area_a)

        lines = rollup(plan=plan.pk)

        assert lines[0] == f"{FULL_BAR} 1/1 {title[:50]} (… s)"

    def test_an_entity_without_plans_says_so_in_the_summary(self, other_entity):
        assert rollup(entity=other_entity.pk) == ["0 planes recalculados; 0 filas escritas."]
