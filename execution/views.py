"""The area leads' site (Mis actividades, the execution logs and their evidence) and the press
office's review and reporting periods.

Thin on purpose: fetch with the scope check (a selector that raises 404), validate a form, call
one service of execution.services, respond. The services decide who may do what; the checks here
only keep managers (read-only) and people without a role away from the forms."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from execution import services as logs
from execution.cards import review_cards
from execution.enums import LogStatus
from execution.forms import (
    ActivityLogForm,
    LogFilterForm,
    LogReturnForm,
    LogWithdrawForm,
    OutOfPeriodOpenForm,
    ReportingPeriodOpenForm,
    ReviewFilterForm,
    add_service_errors,
)
from execution.models import ActivityLog
from execution.rows import log_rows
from execution.selectors import (
    activity_get_for_logging,
    drafts_out_of_period_for_user,
    evidence_get_for_user,
    log_detail_extras,
    log_filter_choices,
    log_get_for_user,
    log_table_for_user,
    plans_in_execution_for_user,
    reporting_period_for_submit,
    reporting_period_get_for_user,
    reporting_periods_for_review,
    review_queue_for_user,
)
from execution.tasks import enqueue_log_returned
from indicators.enums import Source
from plans.models import Activity, Area, User
from plans.rules import allows, require
from plans.web import PAGE_SIZE, next_url, querystring_without_page

# --- what a log's page offers ---------------------------------------------------------------


def _log_actions(user: User, log: ActivityLog) -> dict[str, bool]:
    """Which buttons a log's page offers ``user``; the services still decide on the POST."""
    writer = allows(user, "execution.write_logs", log)
    editable = log.status != LogStatus.WITHDRAWN and (
        allows(user, "execution.correct_sent_logs", log) or log.status in (LogStatus.DRAFT, LogStatus.RETURNED)
    )
    return {
        "can_edit": writer and editable,
        "can_withdraw": writer and editable,
        "can_review": allows(user, "execution.review_logs", log) and log.status == LogStatus.SUBMITTED,
    }


# --- Mis actividades and the area's submission ----------------------------------------------


@login_required
@require_POST
def period_submit(request: HttpRequest, period_id: int) -> HttpResponse:
    """Send the area's draft logs of a reporting period to the press office."""
    require(request.user, "execution.submit_area_logs")
    period = reporting_period_for_submit(user=request.user, period_id=period_id)
    try:
        count = logs.area_period_submit(user=request.user, reporting_period=period)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            ngettext(
                "Se envió %(count)s registro de %(period)s a la oficina de prensa.",
                "Se enviaron %(count)s registros de %(period)s a la oficina de prensa.",
                count,
            )
            % {"count": count, "period": period.label},
        )
    return redirect("dashboards:my_activities")


# --- recording and correcting a log ---------------------------------------------------------


def _record(
    request: HttpRequest, form: ActivityLogForm, activity: Activity, areas: QuerySet[Area] | None
) -> HttpResponse | None:
    """Record a valid form's log through logs.log_record and redirect to it; on a rule broken
    there, put it on the form and return None."""
    user = request.user
    token = form.cleaned_data.get("submission_token")
    area = form.cleaned_data["area"] if areas is not None else user.area
    try:
        log = logs.log_record(
            user=user, activity=activity, area=area, submission_token=token, **form.service_arguments()
        )
    except ValidationError as error:
        form.add_service_errors(error)
        return None
    except IntegrityError:
        # The same token committed by a concurrent request (a double click on
        # PostgreSQL): show the log it created.
        log = ActivityLog.objects.filter(submission_token=token, reported_by=user).first() if token else None
        if log is None:
            raise
        return redirect("execution:log_detail", log_id=log.pk)
    messages.success(request, _("Se registró la ejecución. Queda en borrador hasta que se envíe el periodo."))
    return redirect("execution:log_detail", log_id=log.pk)


def _render_form(
    request: HttpRequest, form: ActivityLogForm, activity: Activity, log: ActivityLog | None
) -> HttpResponse:
    return render(
        request,
        "execution/activitylog_form.html",
        {"form": form, "activity": activity, "plan": activity.component.plan, "log": log},
    )


@login_required
def log_create(request: HttpRequest, activity_id: int) -> HttpResponse:
    """«Registrar ejecución»: one form per activity, built from its indicators.

    The area is the lead's own (the press office chooses one of the activity's responsible
    areas); anything else the POST says about area, status or author is ignored. A hidden token
    makes a double click or a browser resend return the first log instead of a second one.
    """
    user = request.user
    require(user, "execution.write_logs")
    activity = activity_get_for_logging(user=user, activity_id=activity_id)
    indicators = list(activity.indicators.filter(source=Source.MANUAL).order_by("order", "code"))
    areas = activity.responsible_areas.order_by("name") if allows(user, "execution.choose_log_area") else None
    if request.method == "POST":
        form = ActivityLogForm(request.POST, request.FILES, activity=activity, indicators=indicators, areas=areas)
        if form.is_valid() and (response := _record(request, form, activity, areas)):
            return response
    else:
        form = ActivityLogForm(
            initial={"date": timezone.localdate(), "submission_token": uuid.uuid4()},
            activity=activity,
            indicators=indicators,
            areas=areas,
        )
    return _render_form(request, form, activity, None)


@login_required
def log_update(request: HttpRequest, log_id: int) -> HttpResponse:
    """Correct a log through logs.log_correct; its earlier values stay in its history."""
    user = request.user
    log = log_get_for_user(user=user, log_id=log_id)
    require(user, "execution.write_logs")
    activity = log.activity
    indicators = list(activity.indicators.filter(source=Source.MANUAL).order_by("order", "code"))
    if request.method == "POST":
        form = ActivityLogForm(request.POST, request.FILES, activity=activity, indicators=indicators)
        del form.fields["submission_token"]
        if form.is_valid():
            try:
                logs.log_correct(user=user, log=log, **form.service_arguments())
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("Se guardó la corrección del registro."))
                return redirect("execution:log_detail", log_id=log.pk)
    else:
        values = list(log.values.select_related("indicator"))
        form = ActivityLogForm(
            initial=ActivityLogForm.initial_for_log(log, values), activity=activity, indicators=indicators
        )
        del form.fields["submission_token"]
    return _render_form(request, form, activity, log)


def _render_detail(request: HttpRequest, log: ActivityLog, **forms) -> HttpResponse:
    actions = _log_actions(request.user, log)
    context = {
        "log": log,
        "plan": log.activity.component.plan,
        **log_detail_extras(log=log),
        **actions,
        "withdraw_form": forms.get("withdraw_form") or (LogWithdrawForm() if actions["can_withdraw"] else None),
        "return_form": forms.get("return_form") or (LogReturnForm() if actions["can_review"] else None),
    }
    return render(request, "execution/activitylog_detail.html", context)


@login_required
def log_detail(request: HttpRequest, log_id: int) -> HttpResponse:
    """A log with its values, evidence, history and the actions the user may take."""
    log = log_get_for_user(user=request.user, log_id=log_id)
    return _render_detail(request, log)


@login_required
@require_POST
def log_withdraw(request: HttpRequest, log_id: int) -> HttpResponse:
    """Withdraw a log (it stays, with its history, but no longer counts), with a reason."""
    user = request.user
    log = log_get_for_user(user=user, log_id=log_id)
    require(user, "execution.write_logs")
    form = LogWithdrawForm(request.POST)
    if form.is_valid():
        try:
            logs.log_withdraw(user=user, log=log, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Se retiró el registro."))
            return redirect("execution:log_detail", log_id=log.pk)
    return _render_detail(request, log, withdraw_form=form)


@login_required
def log_list(request: HttpRequest) -> HttpResponse:
    """«Registros»: the logs the user may read, filtered and paginated."""
    user = request.user
    plans, components, activities = log_filter_choices(user=user)
    form = LogFilterForm(request.GET or None, plans=plans, components=components, activities=activities)
    filters = form.filters() if form.is_bound else {}
    page = Paginator(log_table_for_user(user=user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "execution/activitylog_list.html",
        {
            "form": form,
            "page": page,
            "rows": log_rows(page.object_list),
            "querystring": querystring_without_page(request),
            # The press office also loads history in bulk (imports.logs_import), named by URL.
            "can_import": allows(user, "imports.import_logs"),
        },
    )


@login_required
def evidence_download(request: HttpRequest, evidence_id: int) -> FileResponse:
    """Stream an evidence file to someone who may read its log, as an attachment."""
    evidence = evidence_get_for_user(user=request.user, evidence_id=evidence_id)
    try:
        handle = evidence.file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    # A private document: never kept by a shared cache or the browser's.
    response["Cache-Control"] = "private, no-store"
    return response


# --- the press office's review and the reporting periods ------------------------------------


@login_required
def review(request: HttpRequest) -> HttpResponse:
    """«Revisión»: the entity's submitted logs to approve or return, and its reporting periods."""
    user = request.user
    require(user, "execution.review_logs")
    plans = plans_in_execution_for_user(user=user)
    form = ReviewFilterForm(request.GET or None, plans=plans, areas=Area.objects.for_user(user).order_by("name"))
    filters = form.filters() if form.is_bound else {}
    page = Paginator(review_queue_for_user(user=user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = log_rows(page.object_list, review=True)
    return render(
        request,
        "execution/activitylog_review_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "cards": review_cards(rows, request),
            "querystring": querystring_without_page(request),
            "periods": reporting_periods_for_review(user=user),
            # Drafts no area can send (their month has no period), each month with its button.
            "out_of_period": drafts_out_of_period_for_user(user=user),
            # Its own ids: the filter form above has a «plan» field too.
            "open_form": ReportingPeriodOpenForm(
                initial=ReportingPeriodOpenForm.default_initial(), plans=plans, auto_id="abrir_%s"
            ),
        },
    )


@login_required
@require_POST
def log_approve(request: HttpRequest, log_id: int) -> HttpResponse:
    user = request.user
    require(user, "execution.review_logs")
    log = log_get_for_user(user=user, log_id=log_id)
    try:
        logs.log_approve(user=user, log=log)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Se aprobó el registro «%(log)s».") % {"log": log})
    return redirect(next_url(request, reverse("execution:review")))


@login_required
def log_return(request: HttpRequest, log_id: int) -> HttpResponse:
    """Return a submitted log to its area with a comment; its leads get an e-mail once the
    return is committed."""
    user = request.user
    require(user, "execution.review_logs")
    log = log_get_for_user(user=user, log_id=log_id)
    form = LogReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            logs.log_return(user=user, log=log, comment=form.cleaned_data["comment"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            transaction.on_commit(lambda: enqueue_log_returned(log.pk))
            messages.success(request, _("Se devolvió el registro «%(log)s» a su dependencia.") % {"log": log})
            return redirect(next_url(request, reverse("execution:review")))
    return render(
        request,
        "execution/activitylog_return_form.html",
        {"form": form, "log": log, "next": next_url(request, "")},
    )


@login_required
def period_open(request: HttpRequest) -> HttpResponse:
    """Open a month of a plan for reporting, with its deadline."""
    user = request.user
    require(user, "execution.manage_periods")
    plans = plans_in_execution_for_user(user=user)
    if request.method == "POST":
        form = ReportingPeriodOpenForm(request.POST, plans=plans)
        if form.is_valid():
            data = form.cleaned_data
            try:
                period = logs.reporting_period_open(
                    user=user, plan=data["plan"], month=data["month"], deadline=data["deadline"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Se abrió el periodo de %(period)s con fecha límite %(deadline)s.")
                    % {"period": period.label, "deadline": date_format(period.deadline, "SHORT_DATE_FORMAT")},
                )
                return redirect("execution:review")
    else:
        form = ReportingPeriodOpenForm(initial=ReportingPeriodOpenForm.default_initial(), plans=plans)
    return render(request, "execution/reportingperiod_form.html", {"form": form})


@login_required
@require_POST
def period_open_for_drafts(request: HttpRequest) -> HttpResponse:
    """Open, in one click from the review page, a month that holds drafts but no reporting
    period, with the usual deadline (a past month: the 5th after this month)."""
    user = request.user
    require(user, "execution.manage_periods")
    form = OutOfPeriodOpenForm(request.POST, plans=plans_in_execution_for_user(user=user))
    if not form.is_valid():
        messages.error(request, _("No se encontró ese mes de un plan en ejecución de su entidad."))
        return redirect("execution:review")
    month = form.cleaned_data["month"]
    deadline = logs.reporting_deadline_default(month=month, today=timezone.localdate())
    try:
        period = logs.reporting_period_open(user=user, plan=form.cleaned_data["plan"], month=month, deadline=deadline)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _(
                "Se abrió el periodo de %(period)s con fecha límite %(deadline)s: las dependencias ya pueden "
                "enviar sus borradores de ese mes."
            )
            % {
                "period": period.label,
                "deadline": date_format(deadline, "SHORT_DATE_FORMAT"),
            },
        )
    return redirect("execution:review")


@login_required
@require_POST
def period_close(request: HttpRequest, period_id: int) -> HttpResponse:
    """Close a reporting period: from now on it refuses new logs and changes."""
    user = request.user
    require(user, "execution.manage_periods")
    period = reporting_period_get_for_user(user=user, period_id=period_id)
    logs.reporting_period_close(user=user, reporting_period=period)
    messages.success(request, _("Se cerró el periodo de %(period)s.") % {"period": period.label})
    return redirect("execution:review")
