"""Periodic reports (informes de seguimiento): the frozen snapshot of a plan's figures for a
period, its versions, their generation into XLSX and PDF, the e-mail to the entity's managers,
and the schedules Celery beat runs them on.

- ``report_request`` creates the next version of a report as pending and enqueues its
  generation once the transaction commits; a broker that is down leaves it pending for the
  periodic sweep (``reports_pending_enqueue``).
- ``report_generate`` claims a pending report, freezes its snapshot, writes both files, marks it
  ready and e-mails the managers. Run again on a ready report it only sends what was not sent.
- ``report_schedule_save`` keeps each ReportSchedule's django-celery-beat PeriodicTask in step:
  the press office edits the schedule in our scoped admin, never the PeriodicTask.

The file writers are in reports.files; the reads the web pages need are at the end.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_celery_beat.models import CrontabSchedule, PeriodicTask

from execution.reminders import absolute_url
from indicators.enums import PeriodType
from indicators.periods import period_end, period_start
from plans.enums import PlanStatus, Role
from plans.models import Plan, User
from reports.enums import ReportStatus
from reports.models import Report, ReportSchedule
from reports.snapshot import report_snapshot

logger = logging.getLogger(__name__)

# What a person may ask a report for (schedules run monthly and quarterly ones only).
REPORT_PERIOD_TYPES = [PeriodType.MONTH, PeriodType.QUARTER, PeriodType.YEAR, PeriodType.VIGENCIA]
# A report still «generating» after this long lost its worker (the hard time limit is
# CELERY_TASK_TIME_LIMIT, 11 minutes): it may be claimed again.
STALE_AFTER = timedelta(minutes=15)
# A pending report nobody picked up in this long was not enqueued (broker down): the sweep does.
PENDING_AFTER = timedelta(minutes=10)
SCHEDULED_TASK = "indicators.tasks.reports_due_task"

Progress = Callable[[str], None]


# --- Requesting and generating ---------------------------------------------------------------


def report_period(*, plan: Plan, period_type: str, day: date) -> date:
    """Return the first day of the period of ``period_type`` containing ``day``, or raise a
    ValidationError (in Spanish, on the «period» field) when the plan cannot report it."""
    if period_type not in REPORT_PERIOD_TYPES:
        raise ValidationError({"period_type": _("Elija mes, trimestre, año o vigencia.")})
    start = period_start(period_type, day, vigencia_start=plan.vigencia_start)
    end = period_end(period_type, start, vigencia_end=plan.vigencia_end)
    if end < plan.vigencia_start or start > plan.vigencia_end:
        raise ValidationError(
            {
                "period": _("El periodo está fuera de la vigencia del plan (%(start)s – %(end)s).")
                % {
                    "start": date_format(plan.vigencia_start, "SHORT_DATE_FORMAT"),
                    "end": date_format(plan.vigencia_end, "SHORT_DATE_FORMAT"),
                }
            }
        )
    if start > timezone.localdate():
        raise ValidationError({"period": _("El periodo aún no ha empezado: no hay nada que informar.")})
    return start


def report_request(
    *,
    plan: Plan,
    period_type: str,
    period_start: date,
    user: User | None = None,
    enqueue: bool = True,
) -> Report:
    """Create the next version of the report of ``plan`` for the period, pending, and (unless
    ``enqueue`` is False) enqueue its generation once the transaction commits. Earlier versions
    stay. Raise ValidationError for a draft plan or a period it cannot report."""
    if plan.status == PlanStatus.DRAFT:
        raise ValidationError({"plan": _("El plan está en borrador: todavía no tiene ejecución que informar.")})
    start = report_period(plan=plan, period_type=period_type, day=period_start)
    with transaction.atomic():
        # Lock the plan so that two requests at once number their versions one after the other
        # (PostgreSQL; SQLite's IMMEDIATE transactions already admit one writer at a time).
        Plan.objects.select_for_update().filter(pk=plan.pk).first()
        last = Report.objects.filter(plan=plan, period_type=period_type, period_start=start).aggregate(
            last=Max("version")
        )["last"]
        report = Report.objects.create(
            plan=plan,
            period_type=period_type,
            period_start=start,
            version=(last or 0) + 1,
            requested_by=user,
        )
        if enqueue:
            from reports.tasks import enqueue_report_generation

            transaction.on_commit(partial(enqueue_report_generation, report.pk))
    return report


def _claim(report_id: int) -> bool:
    """Mark the report as generating if it is pending (or its worker died): one conditional
    UPDATE, so that two workers never generate the same report at once."""
    now = timezone.now()
    return bool(
        Report.objects.filter(pk=report_id)
        .filter(
            Q(status=ReportStatus.PENDING)
            | Q(status=ReportStatus.GENERATING, started_at__lt=now - STALE_AFTER)
            | Q(status=ReportStatus.GENERATING, started_at__isnull=True)
        )
        .update(status=ReportStatus.GENERATING, started_at=now, attempts=F("attempts") + 1)
    )


def report_filename(report: Report, extension: str) -> str:
    """The name a downloaded file gets: «informe-plan-de-comunicaciones-iii-trimestre-de-2025-v2.pdf».

    Each part is a slug without hyphens at its ends, and an empty part is left out, so the name
    never has «--»: a title cut at 60 characters right after a hyphen, or a title of signs only.
    """
    title = slugify(report.plan.title.replace("–", "-").replace("—", "-"))[:60]
    parts = ["informe", title, slugify(report.period_label), f"v{report.version}"]
    return "-".join(part.strip("-") for part in parts if part.strip("-")) + f".{extension}"


def _store(report: Report, snapshot: dict, xlsx: bytes, pdf: bytes) -> None:
    """Save both files and mark the report ready, in one transaction; a failure removes the
    files it already wrote."""
    saved = []
    try:
        with transaction.atomic():
            report.xlsx.save(report_filename(report, "xlsx"), ContentFile(xlsx), save=False)
            saved.append(report.xlsx.name)
            report.pdf.save(report_filename(report, "pdf"), ContentFile(pdf), save=False)
            saved.append(report.pdf.name)
            report.snapshot = snapshot
            report.status = ReportStatus.READY
            report.error = ""
            report.generated_at = timezone.now()
            report.save(update_fields=["xlsx", "pdf", "snapshot", "status", "error", "generated_at"])
    except BaseException:
        for name in saved:
            report.xlsx.storage.delete(name)
        raise


def report_notify(*, report: Report) -> int:
    """E-mail the active managers (Directivo) of the report's entity that it is ready, with a
    link to the reports page; record when. Return how many e-mails went out."""
    managers = (
        User.objects.with_role(Role.MANAGER)
        .filter(is_active=True, entity_id=report.plan.entity_id)
        .exclude(email="")
        .order_by("username")
    )
    url = absolute_url(reverse("reports:report_list") + f"?plan={report.plan_id}")
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Informe de seguimiento: %(plan)s · %(period)s") % {
            "plan": report.plan.title[:80],
            "period": report.period_label,
        }
        for user in managers:
            context = {"user": user, "report": report, "plan": report.plan, "url": url}
            message = EmailMultiAlternatives(
                subject=subject,
                body=render_to_string("reports/email/report_ready.txt", context),
                to=[user.email],
            )
            message.attach_alternative(render_to_string("reports/email/report_ready.html", context), "text/html")
            message.send()
            sent += 1
    Report.objects.filter(pk=report.pk).update(notified_at=timezone.now())
    return sent


def report_generate(*, report_id: int, progress: Progress | None = None, notify: bool = True) -> Report | None:
    """Generate the report ``report_id``: freeze its snapshot, write the XLSX and the PDF, mark
    it ready and (unless ``notify`` is False: the demo's reports) e-mail the entity's managers.
    Return the report (None if it no longer exists).

    Safe to run again: a report another worker is generating is left alone, and a ready one
    only gets the e-mails it has not had. Errors propagate (the caller records them with
    ``report_failure_record``) and leave no files behind.
    """
    from reports.files import report_pdf, report_xlsx

    step = progress or (lambda message: None)
    with translation.override(settings.LANGUAGE_CODE):
        if _claim(report_id):
            report = Report.objects.select_related("plan__entity", "requested_by").get(pk=report_id)
            step(_("Calculando las cifras del periodo…"))
            snapshot = report_snapshot(
                plan=report.plan, period_type=report.period_type, period_start=report.period_start
            )
            snapshot["report"] = {
                "version": report.version,
                "requested_by": (report.requested_by.get_full_name() or report.requested_by.username)
                if report.requested_by
                else "",
            }
            step(_("Escribiendo la hoja de cálculo (XLSX)…"))
            xlsx = report_xlsx(snapshot)
            step(_("Escribiendo el documento (PDF)…"))
            pdf = report_pdf(snapshot)
            step(_("Guardando los archivos…"))
            _store(report, snapshot, xlsx, pdf)
        report = Report.objects.select_related("plan__entity").filter(pk=report_id).first()
        if notify and report is not None and report.is_ready and report.notified_at is None:
            step(_("Enviando el aviso a los directivos…"))
            report_notify(report=report)
            report.refresh_from_db(fields=["notified_at"])
    return report


def report_failure_record(*, report_id: int, error: BaseException | str, final: bool) -> None:
    """Record why generating a report failed: back to pending for the next retry, or failed
    when ``final``. A report already ready (the e-mail failed) stays ready with the error.

    The reason is the technical detail the admin shows (a validation error keeps its Spanish
    message); the web pages show a plain sentence instead."""
    if isinstance(error, str):
        message = error
    elif isinstance(error, ValidationError):
        message = "; ".join(error.messages)
    else:
        message = f"{type(error).__name__}: {error}"
    message = message[:2000]
    report = Report.objects.filter(pk=report_id).first()
    if report is None:
        return
    if report.status == ReportStatus.READY:
        Report.objects.filter(pk=report_id).update(error=message)
        return
    status = ReportStatus.FAILED if final else ReportStatus.PENDING
    Report.objects.filter(pk=report_id).update(status=status, error=message)
    if final:
        logger.error("Report %s failed: %s", report_id, message)


def report_generate_now(
    *, report_id: int, attempts: int | None = None, progress: Progress | None = None
) -> Report | None:
    """Generate a report in this process (the embedded default, the command) and never raise
    for a failed generation: up to ``attempts`` tries (default: as many as the worker's) one
    right after the other — someone is waiting, so no backoff —, each failure recorded, the
    last one marking the report failed. Return the report as it ends."""
    if attempts is None:
        from reports.tasks import report_generate_task

        attempts = 1 + report_generate_task.max_retries
    for attempt in range(1, attempts + 1):
        try:
            return report_generate(report_id=report_id, progress=progress)
        except Exception as error:
            report_failure_record(report_id=report_id, error=error, final=attempt == attempts)
    return Report.objects.filter(pk=report_id).first()


def reports_pending_enqueue() -> int:
    """Enqueue the reports left pending longer than PENDING_AFTER (their enqueue failed) and
    those whose worker died while generating. Return how many."""
    from reports.tasks import enqueue_report_generation

    now = timezone.now()
    ids = list(
        Report.objects.filter(
            Q(status=ReportStatus.PENDING, created_at__lt=now - PENDING_AFTER)
            & (Q(started_at__isnull=True) | Q(started_at__lt=now - PENDING_AFTER))
            | Q(status=ReportStatus.GENERATING, started_at__lt=now - STALE_AFTER)
        )
        .order_by("created_at")
        .values_list("pk", flat=True)
    )
    return sum(enqueue_report_generation(pk) for pk in ids)


# --- Schedules -------------------------------------------------------------------------------


def last_completed_period(period_type: str, today: date) -> date:
    """Return the first day of the last month or quarter that ended before ``today``."""
    return period_start(period_type, period_start(period_type, today) - timedelta(days=1))


def _crontab_for(schedule: ReportSchedule) -> CrontabSchedule:
    months = "*" if schedule.period_type == PeriodType.MONTH else "1,4,7,10"
    crontab, _created = CrontabSchedule.objects.get_or_create(
        minute="0",
        hour=str(schedule.hour),
        day_of_month=str(schedule.day_of_month),
        month_of_year=months,
        day_of_week="*",
        timezone=settings.TIME_ZONE,
    )
    return crontab


def _task_name(schedule: ReportSchedule) -> str:
    kind = "mensual" if schedule.period_type == PeriodType.MONTH else "trimestral"
    return f"Informe {kind} · plan {schedule.plan_id} · programación {schedule.pk}"


def report_schedule_sync(*, schedule: ReportSchedule) -> PeriodicTask:
    """Create or update the Celery beat task of ``schedule``: its crontab (day and hour, every
    month or every quarter, Colombian time), its kwargs and whether it is enabled."""
    task = schedule.periodic_task or PeriodicTask()
    task.name = _task_name(schedule)[:200]
    task.task = SCHEDULED_TASK
    task.crontab = _crontab_for(schedule)
    task.kwargs = json.dumps({"schedule_id": schedule.pk})
    task.enabled = schedule.enabled
    task.description = _("Genera el informe de seguimiento del periodo anterior. Se edita en «%(model)s».") % {
        "model": ReportSchedule._meta.verbose_name_plural
    }
    task.save()
    if schedule.periodic_task_id != task.pk:
        schedule.periodic_task = task
        ReportSchedule.objects.filter(pk=schedule.pk).update(periodic_task=task)
    return task


@transaction.atomic
def report_schedule_save(*, schedule: ReportSchedule) -> ReportSchedule:
    """Save ``schedule`` and its Celery beat task together."""
    schedule.save()
    report_schedule_sync(schedule=schedule)
    return schedule


@transaction.atomic
def report_schedule_delete(*, schedule: ReportSchedule) -> None:
    """Delete ``schedule`` and its Celery beat task."""
    task_id = schedule.periodic_task_id
    schedule.delete()
    if task_id:
        PeriodicTask.objects.filter(pk=task_id).delete()


@transaction.atomic
def report_schedules_ensure(*, plan: Plan) -> list[ReportSchedule]:
    """Give ``plan`` its default schedules if it lacks them: the monthly report on the 6th and
    the quarterly one on the 6th of the next quarter's first month, at 7:00. Existing schedules
    are left as the press office set them (only a missing beat task is recreated)."""
    schedules = []
    for period_type in (PeriodType.MONTH, PeriodType.QUARTER):
        schedule, created = ReportSchedule.objects.get_or_create(plan=plan, period_type=period_type)
        if created or schedule.periodic_task_id is None:
            report_schedule_sync(schedule=schedule)
        schedules.append(schedule)
    return schedules


def reports_due(*, schedule_id: int, today: date | None = None) -> Report | None:
    """Request the report of the last completed month or quarter of the schedule's plan, unless
    its first version exists or the plan has nothing to report (not in execution or closed, or
    the period outside its vigencia). Return the new report, if any.

    A schedule that no longer exists has its orphaned beat task removed.
    """
    today = today or timezone.localdate()
    schedule = ReportSchedule.objects.select_related("plan").filter(pk=schedule_id).first()
    if schedule is None:
        PeriodicTask.objects.filter(task=SCHEDULED_TASK, kwargs=json.dumps({"schedule_id": schedule_id})).delete()
        return None
    plan = schedule.plan
    if not schedule.enabled or plan.status not in (PlanStatus.IN_EXECUTION, PlanStatus.CLOSED):
        return None
    start = last_completed_period(schedule.period_type, today)
    if Report.objects.filter(plan=plan, period_type=schedule.period_type, period_start=start, version=1).exists():
        return None
    try:
        return report_request(plan=plan, period_type=schedule.period_type, period_start=start)
    except ValidationError:
        return None  # the period lies outside the vigencia
    except IntegrityError:
        return None  # requested at the same moment by another run
