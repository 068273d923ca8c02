"""The named permissions of plans.rules (and campaigns.rules), asked for every persona: the
press officer, the area leads of A and B, the manager, a press officer of another entity, a
superuser, a user without a role and an anonymous visitor."""

import pytest
import rules
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.exceptions import PermissionDenied

from campaigns.enums import PieceStatus
from campaigns.models import ContentPiece
from execution.models import ActivityLog
from imports.models import ImportJob
from plans.enums import Role
from plans.models import User
from plans.rules import allows, require
from plans.tests.factories import ActivityFactory, AreaFactory, EntityFactory, PlanFactory, UserFactory

pytestmark = pytest.mark.django_db

EVERYONE = {"press", "lead_a", "lead_b", "manager", "outsider", "superuser", "no_role", "anonymous"}
PRESS = {"press", "outsider", "superuser"}
READERS = {"press", "manager", "outsider", "superuser"}
WRITERS = {"press", "lead_a", "lead_b", "outsider", "superuser"}
MEMBERS = {"press", "lead_a", "lead_b", "manager", "outsider", "superuser"}

# Who may, asked without an object ("may this role do this at all?", before a page fetches).
WITHOUT_OBJECT = {
    "plans.manage_users": {"superuser"},
    "plans.act_for_any_entity": {"superuser"},
    "plans.read_press_worklist": PRESS,
    "execution.submit_area_logs": {"lead_a", "lead_b"},
    "execution.write_logs": WRITERS,
    "execution.log_for_area": set(),  # only about a log
    "execution.choose_log_area": PRESS,
    "execution.correct_sent_logs": PRESS,
    "execution.review_logs": PRESS,
    "execution.manage_periods": PRESS,
    "execution.record_history": PRESS,
    "imports.import_logs": PRESS,
    "imports.confirm_import": set(),  # only about a job
    "imports.import_plans": PRESS,
    "imports.export_plan_matrix": READERS,
    "reports.read_reports": READERS,
    "reports.request_reports": PRESS,
    "reports.manage_task_schedules": {"superuser"},
    "dashboards.read_dashboards": MEMBERS,
    "dashboards.read_all_areas": READERS,
    "dashboards.read_area": MEMBERS,
    "dashboards.read_overview": READERS,
    "dashboards.compare_entities": {"superuser"},  # nobody's entity follows another here
    "campaigns.read_campaigns": MEMBERS,
    "campaigns.manage_campaigns": PRESS,
    "campaigns.write_pieces": WRITERS,
    "campaigns.manage_pieces": PRESS,
    "campaigns.edit_piece": WRITERS,
    "media_monitoring.read_mentions": READERS,
    "media_monitoring.write_mentions": PRESS,
    "crisis.read_incidents": READERS,
    "crisis.manage_incidents": PRESS,
    "listening.send_suggestion": MEMBERS,
    "listening.read_suggestions": READERS,
    "listening.triage_suggestions": PRESS,
    "listening.read_surveys": READERS,
    "listening.manage_surveys": PRESS,
    "listening.read_trainings": MEMBERS,  # an area lead reads their area's sessions
    "listening.take_attendance": WRITERS,  # an area lead takes their area's attendance
    "privacy.edit_notice": PRESS,
    "privacy.handle_rights": PRESS,
    "planning.read_planning": READERS,
    "planning.manage_action_plans": PRESS,
    "planning.request_approval": PRESS,
    "planning.decide_approval": PRESS,
    "planning.advance_plan": PRESS,
    "planning.manage_accountability": PRESS,
    "planning.moderate_questions": PRESS,
}

# Who may, asked about a plan of the entity: the press officer of another entity drops out.
ABOUT_A_PLAN = {
    "execution.submit_area_logs": {"lead_a", "lead_b"},
    "execution.manage_periods": {"press", "superuser"},
    "execution.record_history": {"press", "superuser"},
    "imports.export_plan_matrix": {"press", "manager", "superuser"},
    "reports.read_reports": {"press", "manager", "superuser"},
    "reports.request_reports": {"press", "superuser"},
    "dashboards.read_dashboards": {"press", "lead_a", "lead_b", "manager", "superuser"},
    "dashboards.read_all_areas": {"press", "manager", "superuser"},
    "dashboards.read_overview": {"press", "manager", "superuser"},
    "campaigns.read_campaigns": {"press", "lead_a", "lead_b", "manager", "superuser"},
    "campaigns.manage_campaigns": {"press", "superuser"},
    "media_monitoring.read_mentions": {"press", "manager", "superuser"},
    "media_monitoring.write_mentions": {"press", "superuser"},
    "crisis.read_incidents": {"press", "manager", "superuser"},
    "crisis.manage_incidents": {"press", "superuser"},
    "listening.send_suggestion": {"press", "lead_a", "lead_b", "manager", "superuser"},
    "listening.read_suggestions": {"press", "manager", "superuser"},
    "listening.triage_suggestions": {"press", "superuser"},
    "listening.read_surveys": {"press", "manager", "superuser"},
    "listening.manage_surveys": {"press", "superuser"},
    "listening.read_trainings": {"press", "manager", "superuser"},  # a plan has no area
    "listening.take_attendance": {"press", "superuser"},
    "privacy.edit_notice": {"press", "superuser"},
    "privacy.handle_rights": {"press", "superuser"},
    "planning.read_planning": {"press", "manager", "superuser"},
    "planning.manage_action_plans": {"press", "superuser"},
    "planning.request_approval": {"press", "superuser"},
    "planning.decide_approval": {"press", "superuser"},
    "planning.advance_plan": {"press", "superuser"},
    "planning.manage_accountability": {"press", "superuser"},
    "planning.moderate_questions": {"press", "superuser"},
}


@pytest.fixture
def people(press_officer, lead_a, lead_b, manager, outsider, superuser, entity):
    return {
        "press": press_officer,
        "lead_a": lead_a,
        "lead_b": lead_b,
        "manager": manager,
        "outsider": outsider,
        "superuser": superuser,
        "no_role": UserFactory(username="sin_rol", entity=entity),
        "anonymous": AnonymousUser(),
    }


def allowed(people, perm, obj=None) -> set[str]:
    return {name for name, user in people.items() if allows(user, perm, obj)}


@pytest.fixture
def activity(entity, area_a):
    activity = ActivityFactory(component__plan__entity=entity)
    activity.responsible_areas.add(area_a)
    return activity


class TestTheVocabulary:
    def test_every_registered_permission_is_tested_here(self):
        registered = {name for name in rules.permissions.permissions if "." in name}
        assert registered == set(WITHOUT_OBJECT)

    def test_an_unknown_permission_name_fails_loudly(self, press_officer):
        with pytest.raises(KeyError):
            allows(press_officer, "execution.review_log")

    def test_require_raises_permission_denied_when_refused(self, manager, press_officer):
        with pytest.raises(PermissionDenied):
            require(manager, "execution.review_logs")
        assert require(press_officer, "execution.review_logs") is None

    def test_django_has_perm_asks_the_same_rules_through_the_backend(self, press_officer, manager, plan_of_entity):
        assert press_officer.has_perm("reports.request_reports", plan_of_entity) is True
        assert manager.has_perm("reports.request_reports", plan_of_entity) is False

    def test_django_has_perm_answers_yes_to_a_superuser_where_the_rule_says_no(self, superuser):
        # Why the product asks through allows/require: only area leads submit their area's logs.
        assert superuser.has_perm("execution.submit_area_logs") is True
        assert allows(superuser, "execution.submit_area_logs") is False


@pytest.fixture
def plan_of_entity(entity):
    return PlanFactory(entity=entity)


class TestWithoutAnObject:
    @pytest.mark.parametrize(("perm", "expected"), sorted(WITHOUT_OBJECT.items()))
    def test_each_role_may_what_its_permission_says(self, people, perm, expected):
        assert allowed(people, perm) == expected


class TestAboutAPlanOfTheEntity:
    @pytest.mark.parametrize(("perm", "expected"), sorted(ABOUT_A_PLAN.items()))
    def test_another_entitys_press_officer_is_refused(self, people, plan_of_entity, perm, expected):
        assert allowed(people, perm, plan_of_entity) == expected


class TestAreas:
    def test_an_areas_page_is_for_its_leads_the_press_office_and_managers(self, people, area_a):
        assert allowed(people, "dashboards.read_area", area_a) == {"press", "manager", "lead_a", "superuser"}

    def test_another_entitys_area_is_only_a_superusers(self, people, other_entity):
        foreign_area = AreaFactory(entity=other_entity)
        assert allowed(people, "dashboards.read_area", foreign_area) == {"outsider", "superuser"}


class TestExecutionLogs:
    def test_an_area_lead_writes_only_its_areas_logs(self, people, activity, area_a):
        log = ActivityLog(activity=activity, area=area_a)
        assert allowed(people, "execution.write_logs", log) == {"press", "lead_a", "superuser"}

    def test_a_log_is_recorded_for_a_responsible_area_by_its_lead_or_the_press_office(self, people, activity, area_a):
        log = ActivityLog(activity=activity, area=area_a)
        assert allowed(people, "execution.log_for_area", log) == {"press", "lead_a", "superuser"}

    def test_nobody_logs_for_an_area_that_is_not_responsible(self, people, activity, area_b):
        log = ActivityLog(activity=activity, area=area_b)
        assert allowed(people, "execution.log_for_area", log) == set()

    def test_nobody_logs_for_an_area_of_another_entity(self, people, activity, other_entity):
        foreign_area = AreaFactory(entity=other_entity)
        activity.responsible_areas.add(foreign_area)
        log = ActivityLog(activity=activity, area=foreign_area)
        assert allowed(people, "execution.log_for_area", log) == set()

    def test_only_the_press_office_reviews_and_corrects_sent_logs(self, people, activity, area_a):
        log = ActivityLog(activity=activity, area=area_a)
        assert allowed(people, "execution.review_logs", log) == {"press", "superuser"}
        assert allowed(people, "execution.correct_sent_logs", log) == {"press", "superuser"}


class TestImportJobs:
    def test_a_job_is_confirmed_by_who_uploaded_it_or_the_entitys_press_office(self, people, entity, manager):
        job = ImportJob(entity=entity, user=manager)
        assert allowed(people, "imports.confirm_import", job) == {"press", "manager"}

    def test_a_superuser_without_entity_confirms_only_its_own_jobs(self, people, entity, superuser):
        job = ImportJob(entity=entity, user=superuser)
        assert allowed(people, "imports.confirm_import", job) == {"press", "superuser"}

    def test_importing_logs_needs_the_model_permission_too(self, press_officer):
        Group.objects.get(name=Role.PRESS).permissions.remove(Permission.objects.get(codename="import_activitylog"))
        fresh = User.objects.get(pk=press_officer.pk)  # Django caches a user's permissions
        assert allows(fresh, "imports.import_logs") is False
        assert allows(fresh, "execution.review_logs") is True

    def test_importing_a_plan_matrix_needs_the_back_office(self, press_officer):
        press_officer.is_staff = False
        assert allows(press_officer, "imports.import_plans") is False


class TestContentPieces:
    def test_a_piece_is_written_by_its_areas_lead_and_the_press_office(self, people, area_a):
        piece = ContentPiece(area=area_a, status=PieceStatus.IDEA)
        assert allowed(people, "campaigns.write_pieces", piece) == {"press", "lead_a", "superuser"}

    def test_an_idea_is_open_to_its_writers(self, people, area_a):
        piece = ContentPiece(area=area_a, status=PieceStatus.IDEA)
        assert allowed(people, "campaigns.edit_piece", piece) == {"press", "lead_a", "superuser"}

    def test_a_piece_in_review_is_open_only_to_the_press_office(self, people, area_a):
        piece = ContentPiece(area=area_a, status=PieceStatus.IN_REVIEW)
        assert allowed(people, "campaigns.edit_piece", piece) == {"press", "superuser"}

    def test_an_approved_piece_is_open_to_nobody(self, people, area_a):
        piece = ContentPiece(area=area_a, status=PieceStatus.APPROVED)
        assert allowed(people, "campaigns.edit_piece", piece) == set()

    def test_the_press_office_manages_its_entitys_pieces(self, people, area_a):
        piece = ContentPiece(area=area_a, status=PieceStatus.IN_REVIEW)
        assert allowed(people, "campaigns.manage_pieces", piece) == {"press", "superuser"}


class TestFollowers:
    def test_the_people_of_a_supervising_entity_compare_the_entities_it_follows(self, people, entity, other_entity):
        entity.supervised_entities.add(other_entity)
        assert allowed(people, "dashboards.compare_entities") == {"press", "manager", "superuser"}
        assert allowed(people, "dashboards.compare_entities", other_entity) == {"press", "manager", "superuser"}

    def test_an_entity_not_followed_is_only_a_superusers_to_compare(self, people, entity, other_entity):
        entity.supervised_entities.add(other_entity)
        assert allowed(people, "dashboards.compare_entities", EntityFactory(name="Alcaldía Tercera")) == {"superuser"}

    def test_neither_the_own_entity_nor_a_follower_is_followed(self, people, entity, other_entity):
        entity.supervised_entities.add(other_entity)
        assert allowed(people, "dashboards.compare_entities", entity) == {"superuser"}
