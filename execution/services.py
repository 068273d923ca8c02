"""The execution logs and their reporting cycle: the one way to record, correct, submit,
approve, return and withdraw a log, and to open and close a reporting period.

Views, the admin, imports and commands all call these functions. Each is atomic, checks who
acts, refuses bad input with a ValidationError whose messages name the field in Spanish, and
marks the touched indicators for the roll-up, which is enqueued once the transaction commits.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

from execution.enums import LogStatus, ReportingPeriodStatus
from execution.models import ActivityLog, AreaSubmission, Evidence, LogValue, ReportingPeriod
from indicators.enums import Aggregation, PeriodType
from indicators.models import Indicator
from indicators.periods import period_end, period_label, period_start
from indicators.signals import values_changed_announce
from indicators.validators import evidence_content_type, validate_http_url, validate_value_for_unit
from plans.enums import PlanStatus
from plans.models import Activity, Area, Plan, User
from plans.rules import allows, require

DESCRIPTION_MAX = 5000
# Statuses whose values the roll-up reads: a change into or out of them calls for a recompute.
COUNTED = {LogStatus.SUBMITTED, LogStatus.APPROVED}


@dataclass(frozen=True)
class ValueInput:
    """What a person reported for one indicator."""

    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    @property
    def is_empty(self) -> bool:
        return self.value is None and self.numerator is None and self.denominator is None


def value_field(indicator_id: int, part: str = "value") -> str:
    """The name of a value's form field, so errors land on the right input."""
    return f"{part}_{indicator_id}"


def log_values_announce(marks: Iterable[tuple[int, date]]) -> None:
    """Announce the (indicator, month) pairs whose figures changed: the roll-up marks them in
    this transaction and runs once the change commits (indicators.signals)."""
    values_changed_announce(sender=ActivityLog, marks=marks)


# --- reading the input ----------------------------------------------------------------------


def closed_period_for(plan: Plan, day: date) -> ReportingPeriod | None:
    return ReportingPeriod.objects.filter(
        plan=plan, period_start=period_start(PeriodType.MONTH, day), status=ReportingPeriodStatus.CLOSED
    ).first()


def closed_message(period: ReportingPeriod) -> str:
    return _("El periodo de %(period)s está cerrado: ya no admite registros ni cambios.") % {"period": period.label}


def closed_refusal_for(plan: Plan, day: date) -> str | None:
    """Refuse a day whose month's reporting period is closed."""
    closed = closed_period_for(plan, day)
    return closed_message(closed) if closed else None


def open_months_message(open_months: Iterable[date]) -> str:
    """Say which months of a plan are open for reporting."""
    open_months = sorted(open_months)
    if not open_months:
        return _("Ningún mes de este plan está abierto para reporte.")
    return _("Solo están abiertos para reporte: %(months)s.") % {
        "months": get_text_list([period_label(PeriodType.MONTH, month) for month in open_months], _("y"))
    }


def not_open_message(plan: Plan, month: date, open_months: Iterable[date]) -> str:
    """Say that ``month`` has no open reporting period, which months do, and whom to ask."""
    named = period_label(PeriodType.MONTH, month)
    return " ".join(
        [
            _(
                "La fecha de ejecución cae en %(month)s, un mes sin periodo de reporte abierto: el registro "
                "quedaría en borrador sin poder enviarse a la oficina de prensa."
            )
            % {"month": named},
            open_months_message(open_months),
            _("Pida a la oficina de prensa de %(entity)s que abra el periodo de %(month)s.")
            % {"entity": plan.entity.name, "month": named},
        ]
    )


def open_refusal_for(plan: Plan, day: date) -> str | None:
    """Refuse a day whose month has no open reporting period (none yet, or closed).

    A draft is sent to the press office only with its month's period (area_period_submit), and
    «Mis actividades» and the review list show the open periods: a draft dated in a month with
    no period would be kept, never sent and seen by nobody, while its author believes it was
    reported. One query, two when it refuses.
    """
    start = period_start(PeriodType.MONTH, day)
    periods = list(
        ReportingPeriod.objects.filter(plan=plan).filter(Q(status=ReportingPeriodStatus.OPEN) | Q(period_start=start))
    )
    own = next((period for period in periods if period.period_start == start), None)
    if own is not None:
        return closed_message(own) if own.is_closed else None
    return not_open_message(plan, start, [period.period_start for period in periods])


def _date_errors(plan: Plan, day: date | None, period_refusal: Callable[[Plan, date], str | None]) -> list[str]:
    if day is None:
        return [_("Indique la fecha de ejecución.")]
    errors = []
    if day > timezone.localdate():
        errors.append(_("La fecha de ejecución no puede ser futura."))
    if not plan.vigencia_start <= day <= plan.vigencia_end:
        errors.append(
            _("La fecha debe estar dentro de la vigencia del plan (%(start)s – %(end)s).")
            % {
                "start": date_format(plan.vigencia_start, "SHORT_DATE_FORMAT"),
                "end": date_format(plan.vigencia_end, "SHORT_DATE_FORMAT"),
            }
        )
    elif not errors and (refusal := period_refusal(plan, day)):
        errors.append(refusal)
    return errors


def _reach_errors(total: int | None, servants: int | None, contractors: int | None) -> dict[str, list[str]]:
    errors = {
        field: [_("El número de personas no puede ser negativo.")]
        for field, amount in (
            ("reach_total", total),
            ("reach_public_servants", servants),
            ("reach_contractors", contractors),
        )
        if amount is not None and amount < 0
    }
    if total is not None and (servants or 0) + (contractors or 0) > total and "reach_total" not in errors:
        errors["reach_total"] = [_("Servidores públicos y contratistas no pueden sumar más que el total de personas.")]
    return errors


def _clean_values(indicators: list[Indicator], values: Mapping[int, ValueInput], error) -> dict[int, ValueInput]:
    cleaned: dict[int, ValueInput] = {}
    known = {i.pk for i in indicators}
    if any(indicator_id not in known for indicator_id in values):
        error("__all__", _("Uno de los valores no corresponde a un indicador de esta actividad."))
    for indicator in indicators:
        given = values.get(indicator.pk, ValueInput())
        if given.is_empty:
            continue
        if indicator.is_automatic:
            error(
                value_field(indicator.pk),
                _("«%(name)s» no se reporta: se calcula solo (%(source)s).")
                % {"name": indicator.name, "source": indicator.get_source_display()},
            )
        elif indicator.aggregation == Aggregation.RATIO:
            if given.numerator is None:
                error(value_field(indicator.pk, "numerator"), _("Indique el numerador."))
            elif given.numerator < 0:
                error(value_field(indicator.pk, "numerator"), _("El numerador no puede ser negativo."))
            if given.denominator is None:
                error(value_field(indicator.pk, "denominator"), _("Indique el denominador."))
            elif given.denominator <= 0:
                error(value_field(indicator.pk, "denominator"), _("El denominador debe ser mayor que cero."))
            cleaned[indicator.pk] = ValueInput(numerator=given.numerator, denominator=given.denominator)
        else:
            try:
                validate_value_for_unit(indicator.unit, given.value)
            except ValidationError as exc:
                error(value_field(indicator.pk), exc.messages[0])
            cleaned[indicator.pk] = ValueInput(value=given.value)
    return cleaned


def log_clean(
    *,
    activity: Activity,
    indicators: list[Indicator],
    day: date | None,
    values: Mapping[int, ValueInput],
    description: str,
    reach_total: int | None,
    reach_public_servants: int | None,
    reach_contractors: int | None,
    links: str,
    period_refusal: Callable[[Plan, date], str | None] = open_refusal_for,
) -> tuple[dict[int, ValueInput], list[str]]:
    """Check a log's input against the rules; return the values to store and the links.

    ``period_refusal`` says why a day's month cannot take the log, or None. By default a draft
    needs its month's period open (``open_refusal_for``); a log that will not be a draft only
    needs it not closed (``closed_refusal_for``); bulk recording passes a lookup in periods it
    loaded once instead of one query per log.
    """
    plan = activity.component.plan
    errors: dict[str, list[str]] = {}

    def error(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    if plan.status != PlanStatus.IN_EXECUTION:
        error("activity", _("El plan de esta actividad no está en ejecución."))
    for message in _date_errors(plan, day, period_refusal):
        error("date", message)
    if not (description or "").strip():
        error("description", _("Describa lo que se hizo."))
    elif len(description) > DESCRIPTION_MAX:
        error(
            "description",
            _("La descripción admite hasta %(max)s caracteres; tiene %(length)s.")
            % {"max": f"{DESCRIPTION_MAX:,}".replace(",", "."), "length": f"{len(description):,}".replace(",", ".")},
        )
    for field, messages in _reach_errors(reach_total, reach_public_servants, reach_contractors).items():
        errors.setdefault(field, []).extend(messages)
    cleaned = _clean_values(indicators, values, error)
    if indicators and not cleaned and not any(k.startswith(("value_", "numerator_", "denominator_")) for k in errors):
        error("__all__", _("Indique el valor de al menos un indicador."))
    link_list = [line.strip() for line in (links or "").splitlines() if line.strip()]
    for link in link_list:
        try:
            validate_http_url(link)
        except ValidationError as exc:
            error("links", exc.messages[0])
    if errors:
        raise ValidationError(errors)
    return cleaned, link_list


def _clean_files(files: Iterable[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    checked, messages = [], []
    for upload in files:
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        try:
            checked.append((upload, evidence_content_type(upload.name or "", head, upload.size or 0)))
        except ValidationError as exc:
            messages.extend(exc.messages)
    if messages:
        raise ValidationError({"evidence": messages})
    return checked


def _save_files(log: ActivityLog, checked: list[tuple[UploadedFile, str]], user: User) -> None:
    for upload, content_type in checked:
        evidence = Evidence(
            log=log, original_name=upload.name, content_type=content_type, size=upload.size, uploaded_by=user
        )
        evidence.file.save(upload.name, upload, save=False)
        evidence.save()


# --- the cycle ------------------------------------------------------------------------------


@transaction.atomic
def log_record(
    *,
    user: User,
    activity: Activity,
    area: Area,
    date: date | None,
    values: Mapping[int, ValueInput],
    description: str,
    reach_total: int | None = None,
    reach_public_servants: int | None = None,
    reach_contractors: int | None = None,
    links: str = "",
    files: Iterable[UploadedFile] = (),
    submission_token: uuid.UUID | None = None,
) -> ActivityLog:
    """Record what ``area`` did for ``activity``: a draft log with a value per indicator and
    its evidence. The same ``submission_token`` twice (double click, browser resend) returns
    the first log instead of creating a second one. The date's month must have an open
    reporting period, or the draft could never be sent (``open_refusal_for``).
    """
    if submission_token is not None:
        existing = ActivityLog.objects.filter(submission_token=submission_token).first()
        if existing is not None:
            if existing.reported_by_id != user.pk:
                raise PermissionDenied
            return existing
    # The log about to be recorded, unsaved: the rule reads its activity and area.
    require(user, "execution.log_for_area", ActivityLog(activity=activity, area=area))
    indicators = list(activity.indicators.order_by("order", "code"))
    cleaned, links_list = log_clean(
        activity=activity,
        indicators=indicators,
        day=date,
        values=values,
        description=description,
        reach_total=reach_total,
        reach_public_servants=reach_public_servants,
        reach_contractors=reach_contractors,
        links=links,
    )
    checked_files = _clean_files(files)
    log = ActivityLog.objects.create(
        activity=activity,
        area=area,
        date=date,
        description=description.strip(),
        reach_total=reach_total,
        reach_public_servants=reach_public_servants,
        reach_contractors=reach_contractors,
        links="\n".join(links_list),
        reported_by=user,
        submission_token=submission_token,
    )
    for indicator_id, given in cleaned.items():
        LogValue.objects.create(
            log=log,
            indicator_id=indicator_id,
            date=date,
            month=period_start(PeriodType.MONTH, date),
            status=log.status,
            value=given.value,
            numerator=given.numerator,
            denominator=given.denominator,
        )
    _save_files(log, checked_files, user)
    return log


def _lock(log: ActivityLog) -> ActivityLog:
    return ActivityLog.objects.select_for_update().select_related("activity__component__plan", "area").get(pk=log.pk)


def _set_status(log: ActivityLog, status: str, *, user: User, **fields) -> None:
    previous = log.status
    log._history_user = user  # the history names who acted, also outside a web request
    log.status = status
    for name, value in fields.items():
        setattr(log, name, value)
    log.save()
    LogValue.objects.filter(log=log).update(status=status)
    if previous in COUNTED or status in COUNTED:
        log_values_announce(log.values.values_list("indicator_id", "month"))


@transaction.atomic
def log_correct(
    *,
    user: User,
    log: ActivityLog,
    date: date | None,
    values: Mapping[int, ValueInput],
    description: str,
    reach_total: int | None = None,
    reach_public_servants: int | None = None,
    reach_contractors: int | None = None,
    links: str = "",
    files: Iterable[UploadedFile] = (),
) -> ActivityLog:
    """Correct a log. Its earlier values stay in its history with who changed them and when.

    An area lead corrects its own area's drafts and returned logs; the press office may also
    correct submitted and approved ones. A returned log goes back to draft, ready to resubmit.
    """
    log = _lock(log)
    if log.status == LogStatus.WITHDRAWN:
        raise ValidationError({"__all__": [_("Este registro fue retirado y ya no se puede corregir.")]})
    require(user, "execution.log_for_area", log)
    if log.status in (LogStatus.SUBMITTED, LogStatus.APPROVED) and not allows(user, "execution.correct_sent_logs", log):
        raise ValidationError(
            {"__all__": [_("Este registro ya fue enviado; solo la oficina de prensa puede corregirlo ahora.")]}
        )
    closed = closed_period_for(log.activity.component.plan, log.date)
    if closed:
        raise ValidationError({"date": [closed_message(closed)]})
    status = LogStatus.DRAFT if log.status == LogStatus.RETURNED else log.status
    indicators = list(log.activity.indicators.order_by("order", "code"))
    cleaned, links_list = log_clean(
        activity=log.activity,
        indicators=indicators,
        day=date,
        values=values,
        description=description,
        reach_total=reach_total,
        reach_public_servants=reach_public_servants,
        reach_contractors=reach_contractors,
        links=links,
        # A correction that leaves a draft needs an open month, as a new log does; a sent log
        # the press office corrects stays in its review queue or counts: only a closed month
        # refuses it.
        period_refusal=open_refusal_for if status == LogStatus.DRAFT else closed_refusal_for,
    )
    checked_files = _clean_files(files)
    touched = {(v.indicator_id, v.month) for v in log.values.all()}
    touched |= {(indicator_id, period_start(PeriodType.MONTH, date)) for indicator_id in cleaned}
    log.date = date
    log.description = description.strip()
    log.reach_total, log.reach_public_servants, log.reach_contractors = (
        reach_total,
        reach_public_servants,
        reach_contractors,
    )
    log.links = "\n".join(links_list)
    log.status = status
    log._history_user = user
    log.save()
    current = {v.indicator_id: v for v in log.values.all()}
    for indicator_id, row in current.items():
        if indicator_id not in cleaned:
            row.delete()
    for indicator_id, given in cleaned.items():
        row = current.get(indicator_id) or LogValue(log=log, indicator_id=indicator_id)
        row.date, row.month, row.status = date, period_start(PeriodType.MONTH, date), status
        row.value, row.numerator, row.denominator = given.value, given.numerator, given.denominator
        row._history_user = user
        row.save()  # one row at a time so that each value's history records the correction
    _save_files(log, checked_files, user)
    if status in COUNTED:
        log_values_announce(touched)
    return log


@transaction.atomic
def log_withdraw(*, user: User, log: ActivityLog, reason: str) -> ActivityLog:
    """Withdraw a log: it stays, with its history, but no longer counts anywhere."""
    log = _lock(log)
    require(user, "execution.log_for_area", log)
    if log.status == LogStatus.WITHDRAWN:
        return log
    if log.status in (LogStatus.SUBMITTED, LogStatus.APPROVED) and not allows(user, "execution.correct_sent_logs", log):
        raise ValidationError({"__all__": [_("Solo la oficina de prensa puede retirar un registro ya enviado.")]})
    if not (reason or "").strip():
        raise ValidationError({"reason": [_("Indique por qué se retira el registro.")]})
    closed = closed_period_for(log.activity.component.plan, log.date)
    if closed:
        raise ValidationError(
            {
                "__all__": [
                    _("El periodo de %(period)s está cerrado: ya no admite registros ni cambios.")
                    % {"period": closed.label}
                ]
            }
        )
    _set_status(log, LogStatus.WITHDRAWN, user=user, review_comment=reason.strip())
    return log


@transaction.atomic
def area_period_submit(*, user: User, reporting_period: ReportingPeriod) -> int:
    """Submit the lead's area's draft logs of an open period to the press office.

    Return how many logs were submitted. Submitting again later sends the new drafts (for
    example corrected returned logs).
    """
    period = ReportingPeriod.objects.select_for_update().select_related("plan").get(pk=reporting_period.pk)
    require(user, "execution.submit_area_logs", period)
    if period.is_closed:
        raise ValidationError({"__all__": [_("El periodo de %(period)s está cerrado.") % {"period": period.label}]})
    logs = list(
        ActivityLog.objects.select_for_update().filter(
            area_id=user.area_id,
            activity__component__plan=period.plan,
            date__range=(period.period_start, period.period_end),
            status=LogStatus.DRAFT,
        )
    )
    if not logs:
        raise ValidationError(
            {"__all__": [_("No hay registros en borrador para enviar en %(period)s.") % {"period": period.label}]}
        )
    for log in logs:
        _set_status(log, LogStatus.SUBMITTED, user=user)
    AreaSubmission.objects.update_or_create(
        reporting_period=period,
        area_id=user.area_id,
        defaults={"submitted_by": user, "submitted_at": timezone.now()},
    )
    return len(logs)


def _review(user: User, log: ActivityLog) -> ActivityLog:
    log = _lock(log)
    require(user, "execution.review_logs", log)
    if log.status != LogStatus.SUBMITTED:
        raise ValidationError(
            {
                "__all__": [
                    _("Solo se revisan registros enviados; este está «%(status)s».")
                    % {"status": log.get_status_display()}
                ]
            }
        )
    closed = closed_period_for(log.activity.component.plan, log.date)
    if closed:
        raise ValidationError(
            {
                "__all__": [
                    _("El periodo de %(period)s está cerrado: ya no admite registros ni cambios.")
                    % {"period": closed.label}
                ]
            }
        )
    return log


@transaction.atomic
def log_approve(*, user: User, log: ActivityLog) -> ActivityLog:
    """Approve a submitted log: from now on its values count in the roll-up."""
    log = _review(user, log)
    _set_status(log, LogStatus.APPROVED, user=user, reviewed_by=user, reviewed_at=timezone.now(), review_comment="")
    return log


@transaction.atomic
def log_return(*, user: User, log: ActivityLog, comment: str) -> ActivityLog:
    """Return a submitted log to its area with a comment saying what to correct."""
    if not (comment or "").strip():
        raise ValidationError({"comment": [_("Diga qué debe corregirse.")]})
    log = _review(user, log)
    _set_status(
        log, LogStatus.RETURNED, user=user, reviewed_by=user, reviewed_at=timezone.now(), review_comment=comment.strip()
    )
    return log


@transaction.atomic
def reporting_period_open(*, user: User, plan: Plan, month: date, deadline: date) -> ReportingPeriod:
    """Open a month of ``plan`` for reporting, with its deadline."""
    require(user, "execution.manage_periods", plan)
    start = period_start(PeriodType.MONTH, month)
    end = period_end(PeriodType.MONTH, start)
    errors: dict[str, list[str]] = {}
    if not plan.contains_period(start, end):
        errors["month"] = [_("El mes debe estar dentro de la vigencia del plan.")]
    if deadline < start:
        errors["deadline"] = [_("La fecha límite no puede ser anterior al inicio del mes.")]
    if ReportingPeriod.objects.filter(plan=plan, period_start=start).exists():
        errors["month"] = [
            _("Ya existe un periodo de reporte para %(month)s.") % {"month": date_format(start, "YEAR_MONTH_FORMAT")}
        ]
    if errors:
        raise ValidationError(errors)
    return ReportingPeriod.objects.create(
        plan=plan, period_start=start, period_end=end, deadline=deadline, opened_by=user
    )


def reporting_deadline_default(*, month: date, today: date) -> date:
    """Return the usual deadline of ``month``: the 5th of the next month. A month opened late
    (already past) gets the 5th after the current month instead, so its areas have time to send."""
    later = max(period_start(PeriodType.MONTH, month), period_start(PeriodType.MONTH, today))
    return period_end(PeriodType.MONTH, later) + timedelta(days=5)


@transaction.atomic
def reporting_period_close(*, user: User, reporting_period: ReportingPeriod) -> ReportingPeriod:
    """Close (lock) a period: it refuses new logs and edits from now on."""
    period = ReportingPeriod.objects.select_for_update().get(pk=reporting_period.pk)
    require(user, "execution.manage_periods", period)
    if not period.is_closed:
        period.status = ReportingPeriodStatus.CLOSED
        period.closed_by = user
        period.closed_at = timezone.now()
        period.save()
    return period
