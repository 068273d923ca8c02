"""Who may do what in the planning chain, built from the shared predicates of plans.rules.

The approving body's secretary (group «Secretaría del comité», created by this app's migration)
records the committee's decisions of their entity and reads its plans; the press office may also
record them (many entities have it take the minutes)."""

from __future__ import annotations

import rules

from plans.rules import AnyUser, entity_reader, press_office, same_entity

SECRETARY_GROUP = "Secretaría del comité"


@rules.predicate
def is_committee_secretary(user: AnyUser) -> bool:
    return user.is_authenticated and SECRETARY_GROUP in user.roles


committee_secretary = is_committee_secretary & same_entity

PLANNING_PERMISSIONS = {
    # obj: a plan, an action plan, an approval, a rendición de cuentas.
    "planning.read_planning": entity_reader | committee_secretary,
    "planning.manage_action_plans": press_office,
    "planning.request_approval": press_office,
    "planning.decide_approval": press_office | committee_secretary,
    "planning.advance_plan": press_office,
    "planning.manage_accountability": press_office,
    "planning.moderate_questions": press_office,
}

for _name, _predicate in PLANNING_PERMISSIONS.items():
    rules.add_perm(_name, _predicate)
