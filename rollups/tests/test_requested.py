"""A full roll-up request is kept in the database until a roll-up answers it: an edit saved
with the broker down, or whose worker died, is caught up by the periodic run."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import transaction

from plans.enums import PlanStatus
from plans.models import Plan
from plans.signals import plans_edited
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, ComponentFactory
from plans.tests.test_admin import admin_form_data, admin_url, form_errors
from rollups import requested
from rollups.enums import ProgressStatus, RollupKind
from rollups.models import PeriodValue, RollupMark, RollupRequest, RollupRun
from rollups.requested import plans_recompute_after_edit, rollup_pending, rollup_plan_requested
from rollups.services import mark_for_rollup, rollup_plan
from rollups.tasks import rollup_all_task, rollup_marked_task, rollup_plan_task
from rollups.tests.test_rollup import indicator, log, target
from rollups.tests.test_tasks import broker_down

pytestmark = pytest.mark.django_db

JANUARY = date(2025, 1, 1)


@pytest.fixture
def plan(entity):
    return ApprovedPlanFactory(
        entity=entity, status=PlanStatus.IN_EXECUTION, vigencia_start=date(2025, 1, 1), vigencia_end=date(2026, 12, 31)
    )


@pytest.fixture
def activity(plan, area_a):
    activity = ActivityFactory(component=ComponentFactory(plan=plan))
    activity.responsible_areas.add(area_a)
    return activity


@pytest.fixture
def releases(plan, activity):
    """An indicator at 80 % of its January target: «En riesgo» against the default 90 / 70."""
    ind = indicator(activity)
    target(ind, "mes", JANUARY, 10)
    log(ind, date(2025, 1, 9), 8)
    rollup_plan(plan=plan)
    assert january_status(ind) == ProgressStatus.AT_RISK
    return ind


def january_status(ind) -> str:
    return PeriodValue.objects.get(indicator=ind, period_type="mes", period_start=JANUARY).status


def thresholds_edit(plan, on_track) -> None:
    """What the plan's admin page does on save: the new thresholds, then the announcement."""
    Plan.objects.filter(pk=plan.pk).update(threshold_on_track=Decimal(on_track))
    plans_edited.send(sender=Plan, plan_ids=[plan.pk])


def test_an_admin_edit_saved_with_the_broker_down_is_caught_up_by_the_periodic_run(
    client, press_officer, plan, releases, django_capture_on_commit_callbacks
):
    client.force_login(press_officer)
    form_page = client.get(admin_url(plan, "change"))
    with broker_down(), django_capture_on_commit_callbacks(execute=True):
        response = client.post(admin_url(plan, "change"), admin_form_data(form_page, threshold_on_track="75"))
    assert response.status_code == 302, form_errors(response)
    assert list(RollupRequest.objects.values_list("plan_id", flat=True)) == [plan.pk]
    assert january_status(releases) == ProgressStatus.AT_RISK  # not recomputed yet

    rollup_marked_task.delay()  # the broker is back: Celery beat's run of every minute

    assert january_status(releases) == ProgressStatus.ON_TRACK
    assert not RollupRequest.objects.exists()
    assert RollupRun.objects.filter(plan=plan, kind=RollupKind.FULL).count() == 2


def test_the_request_is_written_in_the_edits_transaction_and_goes_with_it(plan, releases):
    with pytest.raises(RuntimeError), transaction.atomic():
        thresholds_edit(plan, 75)
        assert RollupRequest.objects.filter(plan=plan).exists()
        raise RuntimeError("the edit fails after the announcement")
    assert not RollupRequest.objects.exists()


def test_the_queued_run_answers_the_request(plan, releases, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        thresholds_edit(plan, 75)  # the run is queued (here, run in-process) once it commits
    assert january_status(releases) == ProgressStatus.ON_TRACK
    assert not RollupRequest.objects.exists()


def test_a_request_renewed_during_the_run_stays_for_the_next_one(plan, releases, monkeypatch):
    thresholds_edit(plan, 75)
    compute = requested.rollup_plan

    def with_a_concurrent_edit(**kwargs):
        written = compute(**kwargs)
        # Another edit of the plan commits while this run computes: it may not have seen it.
        renewed = RollupRequest.objects.get().requested_at + timedelta(seconds=1)
        RollupRequest.objects.filter(plan=plan).update(requested_at=renewed)
        return written

    monkeypatch.setattr(requested, "rollup_plan", with_a_concurrent_edit)
    rollup_plan_task.delay(plan_id=plan.pk)
    assert RollupRequest.objects.filter(plan=plan).exists()

    monkeypatch.setattr(requested, "rollup_plan", compute)
    rollup_pending()
    assert not RollupRequest.objects.exists()


def test_a_request_answered_meanwhile_is_not_recomputed_again(plan, releases):
    thresholds_edit(plan, 75)
    rollup_plan_task.delay(plan_id=plan.pk)
    runs = RollupRun.objects.count()

    assert rollup_plan_requested(plan=plan, only_if_requested=True) == 0
    assert RollupRun.objects.count() == runs


def test_the_periodic_run_costs_one_query_when_nothing_waits(plan, releases, django_assert_num_queries):
    with django_assert_num_queries(1):
        assert rollup_pending() == 0


def test_the_periodic_run_answers_requests_and_marks_together(plan, releases, activity):
    other = indicator(activity)
    log(other, date(2025, 2, 3), 4)
    mark_for_rollup(marks=[(other.pk, date(2025, 2, 1))])
    thresholds_edit(plan, 75)

    rollup_pending()

    assert january_status(releases) == ProgressStatus.ON_TRACK
    assert PeriodValue.objects.get(indicator=other, period_type="mes", period_start=date(2025, 2, 1)).value == 4
    assert not RollupRequest.objects.exists()
    assert not RollupMark.objects.exists()


def test_a_plan_whose_roll_up_fails_keeps_its_request_and_the_marks_go_on(
    plan, releases, activity, monkeypatch, caplog
):
    other = indicator(activity)
    log(other, date(2025, 2, 3), 4)
    mark_for_rollup(marks=[(other.pk, date(2025, 2, 1))])
    thresholds_edit(plan, 75)

    def broken(**kwargs):
        raise ValueError("a defect in the full roll-up")

    monkeypatch.setattr(requested, "rollup_plan", broken)
    rollup_pending()

    assert list(RollupRequest.objects.values_list("plan_id", flat=True)) == [plan.pk]
    assert f"The requested full roll-up of plan {plan.pk} failed" in caplog.text
    assert PeriodValue.objects.get(indicator=other, period_type="mes", period_start=date(2025, 2, 1)).value == 4
    assert not RollupMark.objects.exists()


def test_the_nightly_run_answers_the_requests_of_the_plans_it_recomputes(plan, releases):
    plans_recompute_after_edit(plan_ids=[plan.pk, plan.pk])
    assert RollupRequest.objects.count() == 1
    rollup_all_task.delay()
    assert not RollupRequest.objects.exists()
