"""Who may do what: the predicates of the product's roles, defined once, and the named
permissions every view, service and admin page asks for (django-rules).

Every predicate takes ``(user, obj)``. ``obj`` is the object the permission is asked about —
anything that names the path to its entity (``entity_path``, see ``plans.querysets``) — or
None, for the question "may this role do this at all?" (a page before its object is fetched).
With an object, the permission also asks that the user belongs to its entity; the selectors
that fetch with the user's scope still turn another entity's object into a 404 first.

Ask through ``require`` (raises PermissionDenied) or ``allows`` (a bool), not through
``user.has_perm``: Django answers yes to every active superuser there, whatever the rule says,
and some rules are not a superuser's (only an area lead submits its area's logs). Django's own
model permissions (``user.has_perm("execution.import_activitylog")``) stay where they are;
rules that need one ask for it.

Rules that need the vocabulary of a higher app live in that app's ``rules.py`` (campaigns:
which statuses of a piece are still open to changes), built from these predicates; the rules
app imports every app's ``rules`` module at start-up.
"""

from __future__ import annotations

from typing import Any

import rules
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from plans.models import Area, Entity, User

AnyUser = User | AnonymousUser


# --- what an object tells about itself -------------------------------------------------------


def entity_id_of(obj: Any) -> int | None:
    """Return the id of the entity ``obj`` belongs to, following its ``entity_path``."""
    *hops, last = obj.entity_path.split("__")
    for hop in hops:
        obj = getattr(obj, hop)
    return obj.pk if last == "pk" else getattr(obj, f"{last}_id")


def area_id_of(obj: Any) -> int | None:
    """Return the id of the area ``obj`` belongs to (an area is its own), or None."""
    return obj.pk if isinstance(obj, Area) else getattr(obj, "area_id", None)


# --- the roles --------------------------------------------------------------------------------

is_superuser = rules.is_superuser
is_active = rules.is_active
is_staff = rules.is_staff


@rules.predicate
def is_press(user: AnyUser) -> bool:
    """In the press office (Prensa); a superuser acts as one."""
    return user.is_authenticated and user.is_press


@rules.predicate
def is_manager(user: AnyUser) -> bool:
    """A manager (Directivo): reads everything of the entity, writes nothing."""
    return user.is_authenticated and user.is_manager


@rules.predicate
def is_area_lead(user: AnyUser) -> bool:
    """An area lead (Líder de área) with their area; a lead without one leads nothing."""
    return user.is_authenticated and user.is_area_lead and user.area_id is not None


has_role = is_press | is_manager | is_area_lead


# --- the user and the object ------------------------------------------------------------------


@rules.predicate
def same_entity(user: AnyUser, obj: Any) -> bool:
    """The object is of the user's entity (every entity is a superuser's); true without one."""
    if obj is None or user.is_superuser:
        return True
    return user.is_authenticated and user.entity_id == entity_id_of(obj)


@rules.predicate
def in_object_entity(user: AnyUser, obj: Any) -> bool:
    """The user belongs to the object's entity; here a superuser is no exception."""
    return obj is not None and user.is_authenticated and user.entity_id == entity_id_of(obj)


@rules.predicate
def leads_object_area(user: AnyUser, obj: Any) -> bool:
    """An area lead of the object's area; without an object, any area lead."""
    return is_area_lead(user) and (obj is None or user.area_id == area_id_of(obj))


@rules.predicate
def started_the_job(user: AnyUser, job: Any) -> bool:
    """The person who uploaded the import job."""
    return job is not None and user.is_authenticated and job.user_id == user.pk


@rules.predicate
def follows_object_entity(user: AnyUser, obj: Any) -> bool:
    """A follower of the object's entity: the user's entity supervises it (a governorship its
    municipalities, MinTIC the city halls it accompanies); a superuser follows every entity.
    Without an object: the user's entity follows at least one other."""
    if user.is_superuser:
        return True
    if not user.is_authenticated or user.entity_id is None:
        return False
    followed = Entity.objects.filter(supervisors=user.entity_id)
    return followed.exists() if obj is None else followed.filter(pk=entity_id_of(obj)).exists()


@rules.predicate
def log_area_in_activity_entity(user: AnyUser, log: Any) -> bool:
    """The log's area is of the entity whose plan holds its activity."""
    return log is not None and log.area.entity_id == log.activity.component.plan.entity_id


@rules.predicate
def log_area_is_responsible(user: AnyUser, log: Any) -> bool:
    """The log's area is one of its activity's responsible areas (one query)."""
    return log is not None and log.activity.responsible_areas.filter(pk=log.area_id).exists()


def has_model_perm(permission: str) -> rules.Predicate:
    """Return a predicate asking Django's model permission ``permission`` (a role's group)."""

    def check(user: AnyUser) -> bool:
        return user.has_perm(permission)

    return rules.Predicate(check, name=f"has_model_perm({permission})")


# --- roles within the object's entity ----------------------------------------------------------

press_office = is_press & same_entity
entity_manager = is_manager & same_entity
entity_area_lead = is_area_lead & same_entity
lead_of_object_area = leads_object_area & same_entity
entity_reader = press_office | entity_manager
entity_member = has_role & same_entity
log_writer = press_office | lead_of_object_area


# --- the named permissions -----------------------------------------------------------------------

PERMISSIONS: dict[str, rules.Predicate] = {
    # plans: superusers manage the people and act for every entity.
    "plans.manage_users": is_superuser,
    "plans.act_for_any_entity": is_superuser,
    # The press office's home: what waits for it (plans.worklist); each item asks its own rule.
    "plans.read_press_worklist": is_press,
    # execution: the reporting cycle. obj: an execution log (saved or about to be), a
    # reporting period, a plan, an activity.
    "execution.submit_area_logs": entity_area_lead,
    "execution.write_logs": log_writer,
    "execution.log_for_area": log_area_in_activity_entity & log_writer & log_area_is_responsible,
    "execution.choose_log_area": press_office,
    "execution.correct_sent_logs": press_office,
    "execution.review_logs": press_office,
    "execution.manage_periods": press_office,
    "execution.record_history": press_office,
    # imports: spreadsheets of logs and plan matrices. obj: an import job, a plan.
    "imports.import_logs": press_office & has_model_perm("execution.import_activitylog"),
    "imports.confirm_import": started_the_job | (is_press & in_object_entity),
    "imports.import_plans": is_staff & has_model_perm("plans.import_plan"),
    "imports.export_plan_matrix": entity_reader,
    # reports: the periodic reports; the Celery beat pages of the back office.
    "reports.read_reports": entity_reader,
    "reports.request_reports": press_office,
    "reports.manage_task_schedules": is_active & is_superuser,
    # dashboards. obj: a plan, an indicator, an area, an entity.
    "dashboards.read_dashboards": entity_member,
    "dashboards.read_all_areas": entity_reader,
    "dashboards.read_area": press_office | entity_manager | lead_of_object_area,
    "dashboards.read_overview": entity_reader,
    "dashboards.compare_entities": (is_press | is_manager) & follows_object_entity,
    # campaigns. obj: a campaign, a content piece. campaigns.edit_piece: campaigns/rules.py.
    "campaigns.read_campaigns": entity_member,
    "campaigns.manage_campaigns": press_office,
    "campaigns.write_pieces": press_office | lead_of_object_area,
    "campaigns.manage_pieces": press_office,
    # media_monitoring (the media app). obj: a mention.
    "media_monitoring.read_mentions": entity_reader,
    "media_monitoring.write_mentions": press_office,
    # crisis. obj: a protocol, an incident, a message.
    "crisis.read_incidents": entity_reader,
    "crisis.manage_incidents": press_office,
    # listening: the suggestion box, surveys and trainings. obj: a suggestion, a survey, a
    # training session. The public forms ask nothing (they are the citizens').
    "listening.send_suggestion": entity_member,
    "listening.read_suggestions": entity_reader,
    "listening.triage_suggestions": press_office,
    "listening.read_surveys": entity_reader,
    "listening.manage_surveys": press_office,
    "listening.read_trainings": entity_reader | lead_of_object_area,
    "listening.take_attendance": press_office | lead_of_object_area,
    # privacy (Ley 1581). obj: an entity.
    "privacy.edit_notice": press_office,
    "privacy.handle_rights": press_office,
}

for _name, _predicate in PERMISSIONS.items():
    rules.add_perm(_name, _predicate)


# --- asking -------------------------------------------------------------------------------------


def allows(user: AnyUser, perm: str, obj: Any = None) -> bool:
    """Return whether the rule ``perm`` lets ``user`` act (on ``obj``). Raise KeyError for a
    permission nobody registered, so that a typo fails loudly instead of refusing everyone."""
    if not rules.perm_exists(perm):
        raise KeyError(f"No rule named {perm!r}")
    return rules.has_perm(perm, user, obj)


def require(user: AnyUser, perm: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless the rule ``perm`` lets ``user`` act (on ``obj``)."""
    if not allows(user, perm, obj):
        raise PermissionDenied
