"""Writes of the indicators app that touch several rows or models."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.contrib.auth.models import Group
from django.db import transaction

from indicators.enums import PeriodType, TargetDerivation, Unit
from indicators.models import Indicator, Target
from indicators.periods import period_end, period_start, plan_periods, subperiods_of_year
from indicators.signals import values_changed_announce
from plans.enums import Role
from plans.models import (
    Activity,
    Area,
    Audience,
    Channel,
    Component,
    Entity,
    Objective,
    Plan,
    Responsibility,
    User,
)

WHOLE_UNITS = frozenset({Unit.COUNT, Unit.MILESTONE})


def target_split(total: Decimal, parts: int, *, whole: bool) -> list[Decimal]:
    """Split ``total`` into ``parts`` amounts that add up to it exactly.

    Whole units (counts, milestones) by the largest remainder: each part gets the whole
    quotient and the units left over go one each to the parts with the largest fractional
    remainder. The parts are equal periods, so their remainders tie and the earlier periods
    get the extra unit: 10 in quarters is 3, 3, 2, 2; 8 in months is eight 1 and four 0. A
    whole-unit total with decimals (a count target should have none) splits as other units do.
    Other units round down to the cent and the last period absorbs the rounding.
    """
    if whole and total == total.to_integral_value():
        base, remainder = divmod(int(total), parts)
        return [Decimal(base + (1 if i < remainder else 0)) for i in range(parts)]
    share = (total / parts).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [share] * (parts - 1) + [total - share * (parts - 1)]


def _months_divided(
    total: Decimal, months: list[date], quarter_own: dict[date, Decimal], *, whole: bool
) -> list[Decimal]:
    """Divide a year's ``total`` among its ``months``, quarter by quarter.

    The months of a quarter that has its own target share that target. Whole units share the
    quarter's part of the annual target (the year split among its quarters first), so that
    months add up to their quarter and quarters to the year: 8 a year is 2 a quarter, months
    1, 1, 0. The other months share the annual target evenly. The roll-up derives a missing
    month's target the same way (rollups.targets).
    """
    by_quarter: dict[date, list[date]] = {}
    for month in months:
        by_quarter.setdefault(period_start(PeriodType.QUARTER, month), []).append(month)
    quarter_parts: dict[date, Decimal] = {}
    if whole and total == total.to_integral_value():
        quarter_parts = dict(zip(by_quarter, target_split(total, len(by_quarter), whole=True), strict=True))
    flat = dict(zip(months, target_split(total, len(months), whole=whole), strict=True))
    values: list[Decimal] = []
    for quarter, quarter_months in by_quarter.items():
        source = quarter_own.get(quarter, quarter_parts.get(quarter))
        if source is None:
            values += [flat[month] for month in quarter_months]
        else:
            values += target_split(source, len(quarter_months), whole=whole)
    return values


def indicator_targets_changed(*, indicator: Indicator) -> None:
    """Have the roll-up recompute every period of ``indicator`` after its targets changed.

    Announces each month of the vigencia (indicators.signals): the roll-up marks them inside the
    caller's transaction, so nothing is lost when the broker is down, and runs once it commits.
    """
    months = [start for ptype, start, _ in plan_periods(indicator.plan) if ptype == PeriodType.MONTH]
    values_changed_announce(sender=Indicator, marks=[(indicator.pk, month) for month in months])


@transaction.atomic
def targets_split_annual(*, indicator: Indicator, into: str) -> list[Target]:
    """Write the month or quarter targets of every year that has an annual target.

    Periodic indicators divide the annual target among the periods (``target_split``: whole
    units in whole numbers; months quarter by quarter, following the quarters' own targets);
    the others repeat it (a month repeats its quarter's own target where there is one).
    Existing targets of those periods are updated (their history keeps the earlier value).
    Periods outside the plan's vigencia are skipped. Return the targets written.
    """
    if into not in (PeriodType.MONTH, PeriodType.QUARTER):
        raise ValueError(f"Targets split into months or quarters, not {into}")
    plan = indicator.plan
    whole = indicator.unit in WHOLE_UNITS
    existing = {t.period_start: t for t in indicator.targets.filter(period_type=into)}
    # Months follow the quarters' own targets where the press office set them.
    quarter_own = {}
    if into == PeriodType.MONTH:
        quarters = indicator.targets.filter(period_type=PeriodType.QUARTER)
        quarter_own = dict(quarters.values_list("period_start", "value"))
    written: list[Target] = []
    for annual in indicator.targets.filter(period_type=PeriodType.YEAR).order_by("period_start"):
        starts = [
            s
            for s in subperiods_of_year(annual.period_start.year, into)
            if plan.contains_period(s, period_end(into, s))
        ]
        if not starts:
            continue
        if indicator.target_derivation == TargetDerivation.DIVIDE and into == PeriodType.MONTH:
            values = _months_divided(annual.value, starts, quarter_own, whole=whole)
        elif indicator.target_derivation == TargetDerivation.DIVIDE:
            values = target_split(annual.value, len(starts), whole=whole)
        else:
            values = [quarter_own.get(period_start(PeriodType.QUARTER, s), annual.value) for s in starts]
        for start, value in zip(starts, values, strict=True):
            target = existing.get(start) or Target(indicator=indicator, period_type=into, period_start=start)
            if target.pk and target.value == value:
                continue
            target.value = value
            # The field rules are checked here; the constraints (unique period, non-negative,
            # inside the vigencia) are the database's, which refuses a bad row anyway.
            target.full_clean(validate_constraints=False)
            # One save per target (not bulk) so that the change history records each one.
            target.save()
            written.append(target)
    if written:
        indicator_targets_changed(indicator=indicator)
    return written


def _clean_save(obj, **kwargs):
    # Field and row rules run in Python; the constraints are enforced by the database itself,
    # which spares a query per constraint and row on a load of thousands of rows.
    obj.full_clean(validate_constraints=False, **kwargs)
    obj.save()
    return obj


@transaction.atomic
def seed_entity_load(*, data: dict, password_hash: str) -> tuple[Entity, list[Plan], list[User]]:
    """Load one entity of the demo fixtures: its areas, audiences, channels, plans (with
    objectives, components, responsibilities, activities, indicators and annual targets split
    into quarters) and its demo users.

    ``password_hash`` is an already hashed password (make_password) set on every new user.
    Idempotent: rows that exist (matched by name, title or username) are left as they are, so
    running it again changes nothing. Every row is validated with the models' own rules.
    Return the entity, the plans created and the users created.
    """
    entity_data = data["entity"]
    entity = Entity.objects.filter(name=entity_data["name"]).first()
    if entity is None:
        entity = _clean_save(Entity(**entity_data))
    areas = {
        a["name"]: Area.objects.get_or_create(entity=entity, name=a["name"], defaults={"code": a.get("code", "")})[0]
        for a in data.get("areas", [])
    }
    audiences = {
        a["name"]: Audience.objects.get_or_create(
            entity=entity, name=a["name"], defaults={k: v or "" for k, v in a.items() if k != "name"}
        )[0]
        for a in data.get("audiences", [])
    }
    channels = {
        c["name"]: Channel.objects.get_or_create(
            entity=entity, name=c["name"], defaults={k: v or "" for k, v in c.items() if k != "name"}
        )[0]
        for c in data.get("channels", [])
    }
    created_plans: list[Plan] = []
    plans_by_title: dict[str, Plan] = {p.title: p for p in entity.plans.all()}
    for plan_data in data.get("plans", []):
        if plan_data["title"] in plans_by_title:
            continue
        plan = _seed_plan(plan_data, entity, plans_by_title, areas, audiences, channels)
        plans_by_title[plan.title] = plan
        created_plans.append(plan)
    created_users = []
    for user_data in data.get("users", []):
        if User.objects.filter(username=user_data["username"]).exists():
            continue
        role = user_data["role"]
        user = User(
            username=user_data["username"],
            first_name=user_data.get("first_name", ""),
            last_name=user_data.get("last_name", ""),
            email=user_data.get("email", ""),
            entity=entity,
            area=areas[user_data["area"]] if user_data.get("area") else None,
            is_staff=role == Role.PRESS,
        )
        user.password = password_hash
        _clean_save(user)
        user.groups.add(Group.objects.get(name=role))
        created_users.append(user)
    return entity, created_plans, created_users


_PLAN_FIELDS = [
    "title",
    "vigencia_start",
    "vigencia_end",
    "status",
    "version",
    "approved_on",
    "approval_body",
    "approval_act",
    "general_objective",
    "justification",
    "scope",
    "diagnosis",
    "policy",
    "normative_references",
    "definitions",
]
_PLAN_TEXT_FIELDS = [
    "general_objective",
    "justification",
    "scope",
    "diagnosis",
    "policy",
    "normative_references",
    "definitions",
    "approval_body",
    "approval_act",
]
_INDICATOR_FIELDS = [
    "code",
    "name",
    "definition",
    "kind",
    "unit",
    "aggregation",
    "numerator_definition",
    "denominator_definition",
    "direction",
    "baseline",
    "frequency",
    "target_derivation",
    "data_source",
    "verification_means",
    "source",
    "source_piece_kind",
]


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _seed_plan(data, entity, plans_by_title, areas, audiences, channels) -> Plan:
    fields = {k: data[k] for k in _PLAN_FIELDS if k in data and data[k] is not None}
    for key in _PLAN_TEXT_FIELDS:
        if key in fields:
            fields[key] = _text(fields[key])
    plan = _clean_save(Plan(entity=entity, parent=plans_by_title.get(data.get("parent") or ""), **fields))
    for order, objective in enumerate(data.get("objectives", []), start=1):
        _clean_save(Objective(plan=plan, kind=objective["kind"], text=_text(objective["text"]), order=order))
    for c_order, component_data in enumerate(data.get("components", []), start=1):
        component = _clean_save(
            Component(
                plan=plan,
                kind=component_data["kind"],
                name=component_data["name"],
                objective=_text(component_data.get("objective")),
                description=_text(component_data.get("description")),
                order=c_order,
            )
        )
        responsibilities = {}
        for r_order, text in enumerate(component_data.get("responsibilities") or [], start=1):
            responsibility = _clean_save(Responsibility(component=component, text=_text(text), order=r_order))
            responsibilities[responsibility.text] = responsibility
        for a_order, activity_data in enumerate(component_data.get("activities") or [], start=1):
            # The responsibility it carries out, spelled as in the component's list (a KeyError
            # on a misspelt one: fixtures are checked by their tests, not at run time).
            carried = activity_data.get("responsibility")
            activity = _clean_save(
                Activity(
                    component=component,
                    responsibility=responsibilities[_text(carried)] if carried else None,
                    name=_text(activity_data["name"]),
                    description=_text(activity_data.get("description")),
                    responsible_text=_text(activity_data.get("responsible_text")),
                    tactics=_text(activity_data.get("tactics")),
                    frequency=activity_data.get("frequency") or Activity._meta.get_field("frequency").default,
                    status=activity_data.get("status") or Activity._meta.get_field("status").default,
                    start_date=activity_data.get("start_date"),
                    end_date=activity_data.get("end_date"),
                    order=a_order,
                )
            )
            activity.responsible_areas.set([areas[name] for name in activity_data.get("areas") or []])
            activity.audiences.set([audiences[name] for name in activity_data.get("audiences") or []])
            activity.channels.set([channels[name] for name in activity_data.get("channels") or []])
            for i_order, indicator_data in enumerate(activity_data.get("indicators") or [], start=1):
                _seed_indicator(indicator_data, plan, activity, areas, i_order)
    for i_order, indicator_data in enumerate(data.get("indicators") or [], start=1):
        _seed_indicator(indicator_data, plan, None, areas, i_order)
    return plan


def _seed_indicator(data, plan, activity, areas, order) -> Indicator:
    fields = {k: data[k] for k in _INDICATOR_FIELDS if data.get(k) is not None}
    for key in ("definition", "numerator_definition", "denominator_definition", "data_source", "verification_means"):
        if key in fields:
            fields[key] = _text(fields[key])
    if "baseline" in fields:
        fields["baseline"] = Decimal(str(fields["baseline"]))
    indicator = _clean_save(
        Indicator(
            plan=plan,
            activity=activity,
            responsible_area=areas.get(data.get("responsible_area") or ""),
            order=order,
            **fields,
        )
    )
    for year, value in sorted((data.get("targets") or {}).items()):
        _clean_save(
            Target(
                indicator=indicator,
                period_type=PeriodType.YEAR,
                period_start=date(int(year), 1, 1),
                value=Decimal(str(value)),
            )
        )
    targets_split_annual(indicator=indicator, into=PeriodType.QUARTER)
    return indicator
