"""The roll-up against hand-computed expectations, rule by rule."""

from datetime import date, timedelta
from decimal import Decimal

import pytest

from execution.enums import LogStatus
from execution.models import ActivityLog, LogValue
from indicators.enums import Aggregation, Direction, PeriodType, TargetDerivation, Unit
from indicators.models import Target
from indicators.tests.factories import IndicatorFactory
from plans.enums import PlanStatus
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, ComponentFactory
from rollups.enums import ProgressStatus
from rollups.models import PeriodValue, RollupMark, RollupRun
from rollups.services import mark_for_rollup, rollup_marked, rollup_plan

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture
def plan(entity):
    return ApprovedPlanFactory(
        entity=entity,
        status=PlanStatus.IN_EXECUTION,
        vigencia_start=date(2025, 1, 1),
        vigencia_end=date(2026, 12, 31),
    )


@pytest.fixture
def activity(plan, area_a):
    activity = ActivityFactory(component=ComponentFactory(plan=plan))
    activity.responsible_areas.add(area_a)
    return activity


def indicator(activity, **kwargs):
    return IndicatorFactory(activity=activity, **kwargs)


def log(indicator, day, value=None, *, status=LogStatus.APPROVED, numerator=None, denominator=None, user=None):
    """A log value written straight to the table the roll-up reads."""
    from plans.tests.factories import UserFactory

    entry = ActivityLog.objects.create(
        activity=indicator.activity,
        area=indicator.activity.responsible_areas.first(),
        date=day,
        description="Registro de prueba",
        status=status,
        reported_by=user or UserFactory(entity=indicator.plan.entity),
    )
    return LogValue.objects.create(
        log=entry,
        indicator=indicator,
        date=day,
        month=day.replace(day=1),
        status=status,
        value=None if value is None else D(value),
        numerator=None if numerator is None else D(numerator),
        denominator=None if denominator is None else D(denominator),
    )


def target(indicator, period_type, start, value):
    return Target.objects.create(indicator=indicator, period_type=period_type, period_start=start, value=D(value))


def pv(indicator, period_type, start):
    return PeriodValue.objects.get(indicator=indicator, period_type=period_type, period_start=start)


class TestRules:
    def test_periodic_values_add_up_across_month_quarter_year_and_vigencia(self, plan, activity):
        ind = indicator(activity)
        log(ind, date(2025, 1, 5), 2)
        log(ind, date(2025, 1, 31), 3)
        log(ind, date(2025, 3, 31), 4)  # last day of Q1
        log(ind, date(2025, 4, 1), 10)  # first day of Q2
        log(ind, date(2026, 1, 1), 1)
        rollup_plan(plan=plan)
        assert pv(ind, PeriodType.MONTH, date(2025, 1, 1)).value == D(5)
        assert pv(ind, PeriodType.QUARTER, date(2025, 1, 1)).value == D(9)
        assert pv(ind, PeriodType.QUARTER, date(2025, 4, 1)).value == D(10)
        assert pv(ind, PeriodType.YEAR, date(2025, 1, 1)).value == D(19)
        assert pv(ind, PeriodType.YEAR, date(2026, 1, 1)).value == D(1)
        assert pv(ind, PeriodType.VIGENCIA, date(2025, 1, 1)).value == D(20)
        assert pv(ind, PeriodType.MONTH, date(2025, 2, 1)).value is None
        assert pv(ind, PeriodType.MONTH, date(2025, 2, 1)).status == ProgressStatus.NO_DATA

    def test_cumulative_values_take_the_latest(self, plan, activity):
        ind = indicator(activity, aggregation=Aggregation.LAST, target_derivation=TargetDerivation.REPEAT)
        log(ind, date(2025, 1, 20), 50)
        log(ind, date(2025, 1, 10), 70)  # earlier in the month: not the latest
        log(ind, date(2025, 2, 3), 60)
        log(ind, date(2025, 5, 3), 80)
        rollup_plan(plan=plan)
        assert pv(ind, PeriodType.MONTH, date(2025, 1, 1)).value == D(50)
        assert pv(ind, PeriodType.QUARTER, date(2025, 1, 1)).value == D(60)
        assert pv(ind, PeriodType.YEAR, date(2025, 1, 1)).value == D(80)

    def test_averages_weigh_every_value_not_every_month(self, plan, activity):
        ind = indicator(
            activity, unit=Unit.HOURS, aggregation=Aggregation.AVERAGE, target_derivation=TargetDerivation.REPEAT
        )
        log(ind, date(2025, 1, 2), 2)
        log(ind, date(2025, 1, 3), 4)
        log(ind, date(2025, 2, 3), 9)
        rollup_plan(plan=plan)
        assert pv(ind, PeriodType.MONTH, date(2025, 1, 1)).value == D(3)
        # (2 + 4 + 9) / 3 = 5, not the average of the months' averages (3 + 9) / 2 = 6.
        assert pv(ind, PeriodType.QUARTER, date(2025, 1, 1)).value == D(5)

    def test_maximum_takes_the_peak(self, plan, activity):
        ind = indicator(activity, aggregation=Aggregation.MAX, target_derivation=TargetDerivation.REPEAT)
        log(ind, date(2025, 1, 2), 7)
        log(ind, date(2025, 2, 2), 3)
        rollup_plan(plan=plan)
        assert pv(ind, PeriodType.QUARTER, date(2025, 1, 1)).value == D(7)
        assert pv(ind, PeriodType.MONTH, date(2025, 2, 1)).value == D(3)

    def test_a_ratio_divides_the_rolled_up_terms_never_averages_percentages(self, plan, activity):
        ind = indicator(
            activity,
            unit=Unit.PERCENTAGE,
            aggregation=Aggregation.RATIO,
            target_derivation=TargetDerivation.REPEAT,
            numerator_definition="Usuarios activos",
            denominator_definition="Usuarios habilitados",
        )
        log(ind, date(2025, 1, 2), numerator=1, denominator=10)  # 10 %
        log(ind, date(2025, 2, 2), numerator=90, denominator=90)  # 100 %
        rollup_plan(plan=plan)
        quarter = pv(ind, PeriodType.QUARTER, date(2025, 1, 1))
        # 91 / 100 = 91 %, where averaging the percentages would say 55 %.
        assert (quarter.value, quarter.numerator, quarter.denominator) == (D(91), D(91), D(100))
        assert pv(ind, PeriodType.MONTH, date(2025, 1, 1)).value == D(10)


class TestOnlyApprovedCount:
    def test_submitted_values_are_a_separate_pending_figure(self, plan, activity):
        ind = indicator(activity)
        log(ind, date(2025, 1, 2), 4)
        log(ind, date(2025, 1, 3), 6, status=LogStatus.SUBMITTED)
        log(ind, date(2025, 1, 4), 100, status=LogStatus.DRAFT)
        log(ind, date(2025, 1, 5), 100, status=LogStatus.RETURNED)
        log(ind, date(2025, 1, 6), 100, status=LogStatus.WITHDRAWN)
        rollup_plan(plan=plan)
        month = pv(ind, PeriodType.MONTH, date(2025, 1, 1))
        assert (month.value, month.pending_value, month.approved_count, month.pending_count) == (D(4), D(6), 1, 1)


class TestTargets:
    def test_a_periodic_target_is_divided_among_months_and_quarters(self, plan, activity):
        ind = indicator(activity)
        target(ind, PeriodType.YEAR, date(2025, 1, 1), 120)
        rollup_plan(plan=plan)
        assert pv(ind, PeriodType.MONTH, date(2025, 3, 1)).target == D(10)
        assert pv(ind, PeriodType.QUARTER, date(2025, 4, 1)).target == D(30)
        assert pv(ind, PeriodType.YEAR, date(2025, 1, 1)).target == D(120)

    def test_a_periods_own_target_wins_over_the_derived_one(self, plan, activity):
        ind = indicator(activity)
        target(ind, PeriodType.YEAR, date(2025, 1, 1), 120)
        target(ind, PeriodType.QUARTER, date(2025, 1, 1), 50)
        rollup_plan(plan=plan)
        assert pv(ind, PeriodType.QUARTER, date(2025, 1, 1)).target == D(50)
        assert pv(ind, PeriodType.QUARTER, date(2025, 4, 1)).target == D(30)

    def test_a_repeated_target_is_the_annual_one_in_each_period(self, plan, activity):
        ind = indicator(
            activity, unit=Unit.PERCENTAGE, aggregation=Aggregation.AVERAGE, target_derivation=TargetDerivation.REPEAT
        )
        target(ind, PeriodType.YEAR, date(2025, 1, 1), 80)
        target(ind, PeriodType.YEAR, date(2026, 1, 1), 85)
        rollup_plan(plan=plan)
        assert pv(ind, PeriodType.MONTH, date(2025, 7, 1)).target == D(80)
        assert pv(ind, PeriodType.VIGENCIA, date(2025, 1, 1)).target == D(85)

    def test_the_vigencia_target_of_a_periodic_indicator_is_the_sum_of_its_years(self, plan, activity):
        ind = indicator(activity)
        target(ind, PeriodType.YEAR, date(2025, 1, 1), 120)
        target(ind, PeriodType.YEAR, date(2026, 1, 1), 80)
        rollup_plan(plan=plan)
        assert pv(ind, PeriodType.VIGENCIA, date(2025, 1, 1)).target == D(200)


class TestStatus:
    @pytest.mark.parametrize(
        ("value", "achievement", "status"),
        [
            (10, D("100.00"), ProgressStatus.ON_TRACK),
            (9, D("90.00"), ProgressStatus.ON_TRACK),
            (8, D("80.00"), ProgressStatus.AT_RISK),
            (7, D("70.00"), ProgressStatus.AT_RISK),
            (6, D("60.00"), ProgressStatus.LATE),
        ],
    )
    def test_more_is_better(self, plan, activity, value, achievement, status):
        ind = indicator(activity)
        target(ind, PeriodType.MONTH, date(2025, 1, 1), 10)
        log(ind, date(2025, 1, 9), value)
        rollup_plan(plan=plan)
        month = pv(ind, PeriodType.MONTH, date(2025, 1, 1))
        assert (month.achievement, month.status) == (achievement, status)

    @pytest.mark.parametrize(
        ("hours", "achievement", "status"),
        [
            (4, D("200.00"), ProgressStatus.ON_TRACK),  # half the target time
            (8, D("100.00"), ProgressStatus.ON_TRACK),
            (10, D("80.00"), ProgressStatus.AT_RISK),
            (16, D("50.00"), ProgressStatus.LATE),  # twice the target time
        ],
    )
    def test_less_is_better_for_resolution_time(self, plan, activity, hours, achievement, status):
        ind = indicator(
            activity,
            unit=Unit.HOURS,
            aggregation=Aggregation.AVERAGE,
            direction=Direction.DECREASE,
            target_derivation=TargetDerivation.REPEAT,
        )
        target(ind, PeriodType.MONTH, date(2025, 1, 1), 8)
        log(ind, date(2025, 1, 9), hours)
        rollup_plan(plan=plan)
        month = pv(ind, PeriodType.MONTH, date(2025, 1, 1))
        assert (month.achievement, month.status) == (achievement, status)

    def test_the_press_office_thresholds_are_used(self, plan, activity):
        plan.threshold_on_track = D(60)
        plan.threshold_at_risk = D(50)
        plan.save()
        ind = indicator(activity)
        target(ind, PeriodType.MONTH, date(2025, 1, 1), 10)
        log(ind, date(2025, 1, 9), 6)
        rollup_plan(plan=plan)
        assert pv(ind, PeriodType.MONTH, date(2025, 1, 1)).status == ProgressStatus.ON_TRACK

    def test_a_value_without_target_has_no_status(self, plan, activity):
        ind = indicator(activity)
        log(ind, date(2025, 1, 9), 6)
        rollup_plan(plan=plan)
        month = pv(ind, PeriodType.MONTH, date(2025, 1, 1))
        assert (month.value, month.achievement, month.status) == (D(6), None, ProgressStatus.NO_DATA)


class TestWrites:
    def test_every_indicator_gets_one_row_per_period_of_the_vigencia(self, plan, activity):
        ind = indicator(activity)
        rollup_plan(plan=plan)
        counts = {ptype: PeriodValue.objects.filter(indicator=ind, period_type=ptype).count() for ptype in PeriodType}
        assert counts == {PeriodType.MONTH: 24, PeriodType.QUARTER: 8, PeriodType.YEAR: 2, PeriodType.VIGENCIA: 1}

    def test_running_twice_writes_nothing_the_second_time(self, plan, activity):
        ind = indicator(activity)
        log(ind, date(2025, 1, 5), 2)
        first = rollup_plan(plan=plan)
        before = list(PeriodValue.objects.order_by("pk").values())
        assert first == 35
        assert rollup_plan(plan=plan) == 0
        assert list(PeriodValue.objects.order_by("pk").values()) == before

    def test_a_new_value_rewrites_only_the_periods_it_touches(self, plan, activity):
        ind = indicator(activity)
        log(ind, date(2025, 1, 5), 2)
        rollup_plan(plan=plan)
        log(ind, date(2025, 2, 5), 3)
        # February, Q1, 2025 and the vigencia.
        assert rollup_plan(plan=plan) == 4
        assert pv(ind, PeriodType.YEAR, date(2025, 1, 1)).value == D(5)

    def test_each_run_is_recorded(self, plan, activity):
        indicator(activity)
        rollup_plan(plan=plan)
        run = RollupRun.objects.get()
        assert (run.plan, run.indicators, run.rows_written) == (plan, 1, 35)

    def test_marked_indicators_are_recomputed_and_unmarked(self, plan, activity):
        ind = indicator(activity)
        other = indicator(activity)
        log(ind, date(2025, 1, 5), 2)
        mark_for_rollup(marks=[(ind.pk, date(2025, 1, 1))])
        rollup_marked()
        assert pv(ind, PeriodType.MONTH, date(2025, 1, 1)).value == D(2)
        assert not PeriodValue.objects.filter(indicator=other).exists()
        assert not RollupMark.objects.exists()

    def test_a_mark_renewed_or_added_during_a_run_stays_for_the_next_one(self, plan, activity, monkeypatch):
        """An approval stamps its mark when it writes it and makes it visible when it commits:
        one that commits while a run computes may carry a time from before the run began."""
        from rollups import services as rollup

        ind = indicator(activity)
        log(ind, date(2025, 1, 5), 2)
        mark_for_rollup(marks=[(ind.pk, date(2025, 1, 1))])
        stamped = RollupMark.objects.get().marked_at + timedelta(microseconds=1)  # before the run
        compute = rollup.rollup_plan

        def with_concurrent_approvals(**kwargs):
            written = compute(**kwargs)
            RollupMark.objects.filter(indicator=ind).update(marked_at=stamped)  # January again
            RollupMark.objects.create(indicator=ind, month=date(2025, 2, 1), marked_at=stamped)
            return written

        monkeypatch.setattr(rollup, "rollup_plan", with_concurrent_approvals)
        rollup_marked()

        assert sorted(RollupMark.objects.values_list("month", "marked_at")) == [
            (date(2025, 1, 1), stamped),
            (date(2025, 2, 1), stamped),
        ]
        monkeypatch.setattr(rollup, "rollup_plan", compute)
        rollup_marked()
        assert not RollupMark.objects.exists()

    def test_the_query_count_does_not_grow_with_the_indicators(self, plan, activity):
        for _ in range(2):
            log(indicator(activity), date(2025, 1, 5), 1)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            rollup_plan(plan=plan)
        PeriodValue.objects.all().delete()
        for _ in range(20):
            log(indicator(activity), date(2025, 1, 5), 1)
        with CaptureQueriesContext(connection) as many:
            rollup_plan(plan=plan)

        # Apart from the batches of the one bulk upsert (SQLite takes ~70 rows a statement).
        def reads_and_writes(queries):
            return [
                q for q in queries.captured_queries if not q["sql"].startswith('INSERT INTO "indicators_periodvalue"')
            ]

        assert len(reads_and_writes(many)) == len(reads_and_writes(few))


class TestIncremental:
    def test_an_incremental_run_gives_what_a_full_run_gives(self, plan, activity):
        rules = [
            {},
            {"aggregation": Aggregation.LAST, "target_derivation": TargetDerivation.REPEAT},
            {"aggregation": Aggregation.AVERAGE, "target_derivation": TargetDerivation.REPEAT},
            {"aggregation": Aggregation.MAX, "target_derivation": TargetDerivation.REPEAT},
            {
                "aggregation": Aggregation.RATIO,
                "target_derivation": TargetDerivation.REPEAT,
                "unit": Unit.PERCENTAGE,
                "numerator_definition": "n",
                "denominator_definition": "d",
            },
        ]
        indicators = [indicator(activity, **rule) for rule in rules]

        def add(ind, day, n, status=LogStatus.APPROVED):
            if ind.aggregation == Aggregation.RATIO:
                return log(ind, day, numerator=n, denominator=n + 3, status=status)
            return log(ind, day, n, status=status)

        for n in range(40):
            ind = indicators[n % 5]
            add(
                ind,
                date(2025, 1 + n % 12, 1 + n % 27),
                n % 9,
                status=LogStatus.SUBMITTED if n % 7 == 0 else LogStatus.APPROVED,
            )
        rollup_plan(plan=plan)
        marks = []
        for n in range(15):
            ind = indicators[n % 5]
            day = date(2025 + n % 2, 1 + (n * 5) % 12, 28)
            add(ind, day, 20 + n)
            marks.append((ind.pk, day))
        # A withdrawn value leaves its month: the month must be recomputed without it.
        gone = LogValue.objects.filter(indicator=indicators[0]).first()
        LogValue.objects.filter(pk=gone.pk).update(status=LogStatus.WITHDRAWN)
        marks.append((indicators[0].pk, gone.month))
        mark_for_rollup(marks=marks)
        rollup_marked()

        def snapshot():
            return sorted(
                PeriodValue.objects.values_list(
                    "indicator_id",
                    "period_type",
                    "period_start",
                    "value",
                    "numerator",
                    "denominator",
                    "total",
                    "pending_value",
                    "target",
                    "achievement",
                    "status",
                    "approved_count",
                    "pending_count",
                )
            )

        incremental = snapshot()
        PeriodValue.objects.all().delete()
        rollup_plan(plan=plan)
        assert incremental == snapshot()

    def test_decimal_amounts_stay_exact_through_an_incremental_run(self, plan, activity):
        ind = indicator(activity, unit=Unit.COP)
        log(ind, date(2025, 1, 5), "0.1")
        rollup_plan(plan=plan)
        log(ind, date(2025, 1, 6), "0.2")
        mark_for_rollup(marks=[(ind.pk, date(2025, 1, 6))])
        rollup_marked()
        month = pv(ind, PeriodType.MONTH, date(2025, 1, 1))
        assert (month.value, month.total) == (D("0.3"), D("0.3"))
        assert pv(ind, PeriodType.YEAR, date(2025, 1, 1)).value == D("0.3")


class TestBogotaBoundaries:
    """Log dates are calendar dates in Colombia (America/Bogota, UTC−5, no daylight saving): a
    value of the last day of a period counts in that period, the first day's in the next one."""

    def test_a_periodic_value_of_31_december_counts_in_december_q4_and_2025(self, plan, activity):
        ind = indicator(activity)
        log(ind, date(2025, 12, 31), 5)
        log(ind, date(2026, 1, 1), 7)
        rollup_plan(plan=plan)
        assert [
            pv(ind, PeriodType.MONTH, date(2025, 12, 1)).value,
            pv(ind, PeriodType.QUARTER, date(2025, 10, 1)).value,
            pv(ind, PeriodType.YEAR, date(2025, 1, 1)).value,
        ] == [D(5), D(5), D(5)]
        assert [
            pv(ind, PeriodType.MONTH, date(2026, 1, 1)).value,
            pv(ind, PeriodType.QUARTER, date(2026, 1, 1)).value,
            pv(ind, PeriodType.YEAR, date(2026, 1, 1)).value,
        ] == [D(7), D(7), D(7)]
        assert pv(ind, PeriodType.VIGENCIA, date(2025, 1, 1)).value == D(12)

    def test_a_cumulative_value_of_31_december_is_the_latest_of_q4_and_2025(self, plan, activity):
        ind = indicator(activity, aggregation=Aggregation.LAST, target_derivation=TargetDerivation.REPEAT)
        log(ind, date(2026, 1, 1), 95)  # recorded first: the date decides, not the order of recording
        log(ind, date(2025, 10, 15), 60)
        log(ind, date(2025, 12, 31), 80)
        rollup_plan(plan=plan)
        assert [
            pv(ind, PeriodType.MONTH, date(2025, 12, 1)).value,
            pv(ind, PeriodType.QUARTER, date(2025, 10, 1)).value,
            pv(ind, PeriodType.YEAR, date(2025, 1, 1)).value,
        ] == [D(80), D(80), D(80)]
        assert [
            pv(ind, PeriodType.MONTH, date(2026, 1, 1)).value,
            pv(ind, PeriodType.QUARTER, date(2026, 1, 1)).value,
            pv(ind, PeriodType.YEAR, date(2026, 1, 1)).value,
            pv(ind, PeriodType.VIGENCIA, date(2025, 1, 1)).value,
        ] == [D(95), D(95), D(95), D(95)]

    @pytest.mark.parametrize(
        ("last_day", "first_day", "quarters"),
        [
            # 31 January → 1 February: another month, the same quarter.
            (date(2025, 1, 31), date(2025, 2, 1), [(date(2025, 1, 1), D(3))]),
            # 30 June → 1 July: another month and another quarter.
            (date(2025, 6, 30), date(2025, 7, 1), [(date(2025, 4, 1), D(1)), (date(2025, 7, 1), D(2))]),
            # 30 September → 1 October.
            (date(2025, 9, 30), date(2025, 10, 1), [(date(2025, 7, 1), D(1)), (date(2025, 10, 1), D(2))]),
        ],
    )
    def test_the_last_and_first_day_of_a_month_fall_in_their_own_month_and_quarter(
        self, plan, activity, last_day, first_day, quarters
    ):
        ind = indicator(activity)
        log(ind, last_day, 1)
        log(ind, first_day, 2)
        rollup_plan(plan=plan)
        months = PeriodValue.objects.filter(indicator=ind, period_type=PeriodType.MONTH, value__isnull=False)
        assert sorted(months.values_list("period_start", "value")) == [
            (last_day.replace(day=1), D(1)),
            (first_day.replace(day=1), D(2)),
        ]
        quarter_rows = PeriodValue.objects.filter(indicator=ind, period_type=PeriodType.QUARTER, value__isnull=False)
        assert sorted(quarter_rows.values_list("period_start", "value")) == quarters

    def test_an_incremental_run_files_31_december_under_december_q4_and_2025(self, plan, activity):
        ind = indicator(activity)
        rollup_plan(plan=plan)
        log(ind, date(2025, 12, 31), 5)
        mark_for_rollup(marks=[(ind.pk, date(2025, 12, 31))])
        rollup_marked()
        counted = PeriodValue.objects.filter(indicator=ind, value__isnull=False)
        assert sorted(counted.values_list("period_type", "period_start", "value")) == sorted(
            [
                (PeriodType.MONTH, date(2025, 12, 1), D(5)),
                (PeriodType.QUARTER, date(2025, 10, 1), D(5)),
                (PeriodType.YEAR, date(2025, 1, 1), D(5)),
                (PeriodType.VIGENCIA, date(2025, 1, 1), D(5)),
            ]
        )

    def test_a_log_recorded_at_2330_of_31_march_in_bogota_counts_in_march_and_q1(
        self,
        plan,
        activity,
        area_a,
        lead_a,
        press_officer,
        client,
        monkeypatch,
        django_capture_on_commit_callbacks,
    ):
        """At 23:30 of 31 March in Bogotá it is already 04:30 of 1 April in UTC: the log form
        proposes 31 March, and the approved value rolls up into March and Q1, not April."""
        from datetime import UTC, datetime

        from django.urls import reverse
        from django.utils import timezone

        from execution import services as logs
        from execution.forms import ReportingPeriodOpenForm

        ind = indicator(activity)
        client.force_login(lead_a)
        # timezone.localdate() reads timezone.now() through the module: freeze it there.
        monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 4, 1, 4, 30, tzinfo=UTC))
        assert timezone.localdate() == date(2026, 3, 31)

        # The default dates the pages propose: the log form's date and the reporting period's month.
        form = client.get(reverse("execution:log_create", args=[activity.pk])).context["form"]
        day = form.initial["date"]
        assert day == date(2026, 3, 31)
        initial = ReportingPeriodOpenForm.default_initial()
        assert (initial["month"], initial["deadline"]) == (date(2026, 3, 1), date(2026, 4, 5))

        period = logs.reporting_period_open(
            user=press_officer, plan=plan, month=initial["month"], deadline=initial["deadline"]
        )
        entry = logs.log_record(
            user=lead_a,
            activity=activity,
            area=area_a,
            date=day,
            values={ind.pk: logs.ValueInput(value=D(3))},
            description="Boletín de cierre de trimestre",
        )
        assert logs.area_period_submit(user=lead_a, reporting_period=period) == 1
        with django_capture_on_commit_callbacks(execute=True):
            logs.log_approve(user=press_officer, log=entry)

        assert LogValue.objects.filter(log=entry).values_list("date", "month", "status").get() == (
            date(2026, 3, 31),
            date(2026, 3, 1),
            LogStatus.APPROVED,
        )
        march_q1 = [
            (PeriodType.MONTH, date(2026, 3, 1), D(3)),
            (PeriodType.QUARTER, date(2026, 1, 1), D(3)),
            (PeriodType.YEAR, date(2026, 1, 1), D(3)),
            (PeriodType.VIGENCIA, date(2025, 1, 1), D(3)),
        ]
        counted = PeriodValue.objects.filter(indicator=ind, value__isnull=False)
        # The incremental run the approval queued, then a full run: both say March and Q1.
        assert sorted(counted.values_list("period_type", "period_start", "value")) == sorted(march_q1)
        assert not RollupMark.objects.exists()
        rollup_plan(plan=plan)
        assert sorted(counted.values_list("period_type", "period_start", "value")) == sorted(march_q1)

    def test_1_april_is_still_a_future_date_at_2330_of_31_march_in_bogota(
        self, plan, activity, area_a, lead_a, monkeypatch
    ):
        from datetime import UTC, datetime

        from django.core.exceptions import ValidationError
        from django.utils import timezone

        from execution import services as logs

        ind = indicator(activity)
        monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 4, 1, 4, 30, tzinfo=UTC))
        with pytest.raises(ValidationError) as error:
            logs.log_record(
                user=lead_a,
                activity=activity,
                area=area_a,
                date=date(2026, 4, 1),
                values={ind.pk: logs.ValueInput(value=D(3))},
                description="Boletín",
            )
        assert error.value.message_dict == {"date": ["La fecha de ejecución no puede ser futura."]}
        assert not ActivityLog.objects.exists()
