"""The bulk import of past execution (historical logs): the same rules as the logging service,
written in batches with their history rows."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from execution.enums import LogStatus, ReportingPeriodStatus
from execution.models import ActivityLog, LogValue, ReportingPeriod
from execution.services import (
    ValueInput,
    closed_message,
    log_clean,
    log_values_announce,
    open_months_message,
)
from indicators.enums import PeriodType
from indicators.models import Indicator
from indicators.periods import period_label, period_start
from plans.models import Activity, Area, Plan, User
from plans.rules import require

# --- historical logs in bulk (spreadsheet imports) -------------------------------------------


@dataclass(frozen=True)
class LogEntry:
    """One log to record in bulk, as read from a row of a spreadsheet."""

    activity: Activity
    area: Area
    date: date | None
    values: Mapping[int, ValueInput]
    description: str
    reach_total: int | None = None
    reach_public_servants: int | None = None
    reach_contractors: int | None = None
    links: str = ""


@dataclass
class BulkOutcome:
    """What ``logs_record_historical`` found and did, by position in its list of entries."""

    errors: dict[int, ValidationError]
    unchanged: list[int]
    created: list[ActivityLog]


def _signature(activity_id, area_id, day, description, values) -> tuple:
    # Decimal("5.0000") == Decimal("5") and both hash alike, so stored and typed values match.
    return (activity_id, area_id, day, description, frozenset(values))


class _Batch:
    """Every lookup the entries need, loaded once: the responsible areas, the activities'
    indicators, the closed periods and the signatures of the logs already recorded (apart,
    those of drafts nobody sees: in a month with no open reporting period)."""

    def __init__(self, entries: Sequence[LogEntry]):
        activity_ids = {entry.activity.pk for entry in entries}
        self.responsible = set(
            Activity.responsible_areas.through.objects.filter(activity_id__in=activity_ids).values_list(
                "activity_id", "area_id"
            )
        )
        self.indicators_of: dict[int, list[Indicator]] = {}
        for indicator in Indicator.objects.filter(activity_id__in=activity_ids).order_by("order", "code"):
            self.indicators_of.setdefault(indicator.activity_id, []).append(indicator)
        self.plan_ids = {entry.activity.component.plan_id for entry in entries}
        self.closed = {
            (period.plan_id, period.period_start): period
            for period in ReportingPeriod.objects.filter(plan_id__in=self.plan_ids, status=ReportingPeriodStatus.CLOSED)
        }
        self.open_months: dict[int, list[date]] = {}
        for plan_id, month in ReportingPeriod.objects.filter(
            plan_id__in=self.plan_ids, status=ReportingPeriodStatus.OPEN
        ).values_list("plan_id", "period_start"):
            self.open_months.setdefault(plan_id, []).append(month)
        self.seen: set[tuple] = set()
        self.unseen_drafts: dict[tuple, date] = {}
        for signature, plan_id, status, month in self._recorded(entries, activity_ids).values():
            if status == LogStatus.DRAFT and month not in self.open_months.get(plan_id, []):
                self.unseen_drafts[signature] = month
            else:
                self.seen.add(signature)

    @staticmethod
    def _recorded(entries: Sequence[LogEntry], activity_ids: set[int]) -> dict[int, tuple]:
        """The logs already recorded in the entries' range: log id -> (signature, plan id,
        status, month)."""
        days = [entry.date for entry in entries if entry.date is not None]
        if not days:
            return {}
        parts: dict[int, list] = {}
        about: dict[int, tuple] = {}
        rows = LogValue.objects.filter(
            log__activity_id__in=activity_ids,
            log__area_id__in={entry.area.pk for entry in entries},
            date__range=(min(days), max(days)),
        ).values_list(
            "log_id",
            "log__activity__component__plan_id",
            "log__status",
            "month",
            "log__activity_id",
            "log__area_id",
            "date",
            "log__description",
            "indicator_id",
            "value",
            "numerator",
            "denominator",
        )
        for log_id, plan_id, status, month, activity_id, area_id, day, description, *value in rows:
            parts.setdefault(log_id, [activity_id, area_id, day, description, set()])[4].add(tuple(value))
            about[log_id] = (plan_id, status, month)
        return {log_id: (_signature(*part), *about[log_id]) for log_id, part in parts.items()}

    def closed_refusal(self, plan: Plan, day: date) -> str | None:
        """History is reviewed on paper: any month takes it but a closed one.

        Why not the open-period rule of ``log_record`` (services.open_refusal_for): that rule
        keeps a draft out of a month whose period is not open, because a draft is sent to the
        press office only with its month's period and would otherwise stay unsent and unseen.
        Imported history is recorded approved (``_write_historical``): it counts in the roll-up
        and shows on every dashboard at once, with nothing left to send, and past months
        legitimately have no period. Were this import ever to record drafts, it must ask
        ``open_refusal_for`` instead. The one draft it can leave unseen is a recorded one a
        row repeats: ``check`` refuses that row rather than call it unchanged.
        """
        closed = self.closed.get((plan.pk, period_start(PeriodType.MONTH, day)))
        return closed_message(closed) if closed else None

    def unseen_draft_refusal(self, entry: LogEntry, month: date) -> ValidationError:
        """Refuse a row that repeats a draft of a month with no open period: skipped as
        unchanged, the importer would believe the row recorded while that draft neither counts
        nor reaches the review, as the area lead who typed it believes it reported."""
        plan = entry.activity.component.plan
        named = period_label(PeriodType.MONTH, month)
        return ValidationError(
            {
                "date": [
                    " ".join(
                        [
                            _(
                                "Esta fila repite un registro en borrador de %(area)s de %(month)s que nunca se "
                                "envió: ese mes no tiene periodo de reporte abierto, así que no cuenta ni llega "
                                "a revisión."
                            )
                            % {"area": entry.area.name, "month": named},
                            open_months_message(self.open_months.get(plan.pk, [])),
                            _(
                                "Abra el periodo de %(month)s en «Revisión» para que la dependencia lo envíe, o "
                                "retire ese borrador, y vuelva a importar el archivo."
                            )
                            % {"month": named},
                        ]
                    )
                ]
            }
        )

    def check(self, entry: LogEntry) -> tuple[dict[int, ValueInput], list[str]] | None:
        """Clean one entry with ``log_clean``'s rules; None when it repeats a recorded log or an
        earlier entry. Raises ValidationError."""
        if (entry.activity.pk, entry.area.pk) not in self.responsible:
            raise ValidationError(
                {
                    "area": [
                        _("La dependencia «%(area)s» no es responsable de la actividad «%(activity)s».")
                        % {"area": entry.area.name, "activity": entry.activity.name}
                    ]
                }
            )
        cleaned, links = log_clean(
            activity=entry.activity,
            indicators=self.indicators_of.get(entry.activity.pk, []),
            day=entry.date,
            values=entry.values,
            description=entry.description,
            reach_total=entry.reach_total,
            reach_public_servants=entry.reach_public_servants,
            reach_contractors=entry.reach_contractors,
            links=entry.links,
            period_refusal=self.closed_refusal,
        )
        signature = _signature(
            entry.activity.pk,
            entry.area.pk,
            entry.date,
            entry.description.strip(),
            {(pk, given.value, given.numerator, given.denominator) for pk, given in cleaned.items()},
        )
        if signature in self.seen:
            return None
        if (month := self.unseen_drafts.get(signature)) is not None:
            raise self.unseen_draft_refusal(entry, month)
        self.seen.add(signature)
        return cleaned, links


def logs_record_historical(
    *,
    user: User,
    entries: Sequence[LogEntry],
    dry_run: bool = False,
    change_reason: str = "",
) -> BulkOutcome:
    """Check many logs with ``log_record``'s rules and, if all pass, record them at once.

    Imported history is already done and reviewed on paper, so the logs are recorded as
    approved by ``user`` (a press officer of the entity) and count in the roll-up at once.
    An entry identical to a log already recorded (same activity, area, date, description and
    values), or to an earlier entry, is skipped as unchanged, unless that log is a draft of a
    month with no open reporting period: nobody sees it, so its row is refused, not skipped.
    Past months need no open period (see ``_Batch.closed_refusal``). All or nothing: with any error,
    or with ``dry_run``, nothing is written. Side effects: logs, their values and both
    histories (with ``change_reason``), roll-up marks, and the roll-up enqueued after commit.
    """
    # One area or activity per entity the entries touch: the rule asks for each entity once.
    owners = {entry.area.entity_id: entry.area for entry in entries} | {
        entry.activity.component.plan.entity_id: entry.activity for entry in entries
    }
    for owner in list(owners.values()) or [None]:
        require(user, "execution.record_history", owner)
    if not entries:
        return BulkOutcome(errors={}, unchanged=[], created=[])
    batch = _Batch(entries)
    errors: dict[int, ValidationError] = {}
    unchanged: list[int] = []
    accepted: list[tuple[LogEntry, dict[int, ValueInput], list[str]]] = []
    for index, entry in enumerate(entries):
        try:
            checked = batch.check(entry)
        except ValidationError as error:
            errors[index] = error
            continue
        if checked is None:
            unchanged.append(index)
        else:
            accepted.append((entry, *checked))
    if errors or dry_run:
        return BulkOutcome(errors=errors, unchanged=unchanged, created=[])
    created = _write_historical(user, accepted, change_reason, batch.closed, batch.plan_ids)
    return BulkOutcome(errors={}, unchanged=unchanged, created=created)


_HISTORY_OWN_FIELDS = ("history_date", "history_change_reason", "history_type", "history_user")
_HISTORY_BATCH = 500  # ids per statement, under SQLite's limit of bound parameters


def _copy_into_history(model, ids: list[int], *, user: User, reason: str, when) -> None:
    """Write the creation ("+") history rows of rows just inserted, as simple-history would.

    Performance: one INSERT … SELECT per batch lets the database copy the rows; building a
    historical instance per row in Python (simple-history's bulk_history_create) cost more
    than the rest of an import together.
    """
    from django.db import connection

    history = model.history.model
    own = [history._meta.get_field(name).column for name in _HISTORY_OWN_FIELDS]
    copied = [
        field.column
        for field in history._meta.concrete_fields
        if field.column not in own and field.column != history._meta.pk.column
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in copied)
    params = [connection.ops.adapt_datetimefield_value(when), reason, "+", user.pk]
    with connection.cursor() as cursor:
        for start in range(0, len(ids), _HISTORY_BATCH):
            batch = ids[start : start + _HISTORY_BATCH]
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} ({columns}, {', '.join(quote(c) for c in own)}) "  # noqa: S608 - names from the models' metadata
                f"SELECT {columns}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(batch))})",
                [*params, *batch],
            )


@transaction.atomic
def _write_historical(
    user: User,
    accepted: list[tuple[LogEntry, dict[int, ValueInput], list[str]]],
    change_reason: str,
    closed: dict,
    plan_ids: set[int],
) -> list[ActivityLog]:
    # A period closed while the batch was being checked: refuse rather than write into it.
    now_closed = set(
        ReportingPeriod.objects.filter(plan_id__in=plan_ids, status=ReportingPeriodStatus.CLOSED).values_list(
            "plan_id", "period_start"
        )
    )
    if now_closed != set(closed):
        raise ValidationError(
            {"__all__": [_("Se cerró un periodo de reporte mientras se revisaba el archivo; vuelva a importarlo.")]}
        )
    now = timezone.now()
    logs = [
        ActivityLog(
            activity=entry.activity,
            area=entry.area,
            date=entry.date,
            description=entry.description.strip(),
            reach_total=entry.reach_total,
            reach_public_servants=entry.reach_public_servants,
            reach_contractors=entry.reach_contractors,
            links="\n".join(links),
            status=LogStatus.APPROVED,
            reported_by=user,
            reviewed_by=user,
            reviewed_at=now,
        )
        for entry, _cleaned, links in accepted
    ]
    # bulk_create returns the new ids on SQLite and PostgreSQL; the history rows are then
    # copied by the database (see _copy_into_history) instead of one save a row.
    logs = ActivityLog.objects.bulk_create(logs)
    _copy_into_history(ActivityLog, [log.pk for log in logs], user=user, reason=change_reason, when=now)
    values = [
        LogValue(
            log=log,
            indicator_id=indicator_id,
            date=log.date,
            month=period_start(PeriodType.MONTH, log.date),
            status=LogStatus.APPROVED,
            value=given.value,
            numerator=given.numerator,
            denominator=given.denominator,
        )
        for log, (_entry, cleaned, _links) in zip(logs, accepted, strict=True)
        for indicator_id, given in cleaned.items()
    ]
    values = LogValue.objects.bulk_create(values)
    _copy_into_history(LogValue, [value.pk for value in values], user=user, reason=change_reason, when=now)
    log_values_announce({(value.indicator_id, value.month) for value in values})
    return logs
