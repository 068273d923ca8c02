"""Views of the indicators app: the plan matrix and the area leads' site (Mis actividades, the
execution logs, their evidence, the press office's review and the reporting periods).

Thin on purpose: fetch with the scope check (a selector that raises 404), validate a form, call
one service of indicators.logs, respond. The services decide who may do what; the checks here
only keep managers (read-only) and people without a role away from the forms.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from indicators import dashboards, exports, logs
from indicators.enums import LogStatus, Source
from indicators.forms import (
    ActivityLogForm,
    LogFilterForm,
    LogReturnForm,
    LogWithdrawForm,
    ReportingPeriodOpenForm,
    ReviewFilterForm,
    add_service_errors,
)
from indicators.models import ActivityLog
from indicators.report_forms import ReportFilterForm, ReportRequestForm
from indicators.reports import (
    report_filename,
    report_get_for_user,
    report_groups,
    report_list_for_user,
    report_plans_for_user,
    report_request,
)
from indicators.selectors import (
    activities_for_lead,
    activity_get_for_logging,
    evidence_get_for_user,
    log_detail_extras,
    log_filter_choices,
    log_get_for_user,
    log_list_for_user,
    matrix_rows,
    plans_in_execution_for_user,
    reporting_period_for_submit,
    reporting_period_get_for_user,
    reporting_periods_for_review,
    review_queue_for_user,
)
from indicators.selectors import plan_matrix as plan_matrix_components
from indicators.tasks import enqueue_log_returned
from plans.models import Area, User
from plans.selectors import entities_compared_by, plan_get_for_user

PAGE_SIZE = 25


@login_required
def plan_matrix(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The read-only «Matriz del plan»: componente → responsabilidades → actividades → indicadores."""
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    components, plan_indicators = plan_matrix_components(plan=plan)
    return render(
        request,
        "indicators/plan_matrix.html",
        {"plan": plan, "rows": matrix_rows(components), "plan_indicators": plan_indicators},
    )


# --- who may use which page -----------------------------------------------------------------


def _is_lead(user: User) -> bool:
    return user.is_area_lead and user.area_id is not None


def _require_lead(user: User) -> None:
    if not _is_lead(user):
        raise PermissionDenied


def _require_writer(user: User) -> None:
    """Area leads and the press office write logs; managers (and anyone else) only read."""
    if not (user.is_press or _is_lead(user)):
        raise PermissionDenied


def _require_press(user: User) -> None:
    if not user.is_press:
        raise PermissionDenied


def _log_actions(user: User, log: ActivityLog) -> dict[str, bool]:
    """Which buttons a log's page offers ``user``; the services still decide on the POST."""
    writer = user.is_press or (_is_lead(user) and user.area_id == log.area_id)
    editable = log.status != LogStatus.WITHDRAWN and (
        user.is_press or log.status in (LogStatus.DRAFT, LogStatus.RETURNED)
    )
    return {
        "can_edit": writer and editable,
        "can_withdraw": writer and editable,
        "can_review": user.is_press and log.status == LogStatus.SUBMITTED,
    }


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return default


def _querystring_without_page(request: HttpRequest) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


# --- Mis actividades and the area's submission ----------------------------------------------


@login_required
def my_activities(request: HttpRequest) -> HttpResponse:
    """«Mis actividades»: the lead's area's activities, what is logged and what is missing this
    month, the open reporting periods to submit and the returned logs to correct."""
    _require_lead(request.user)
    overview = activities_for_lead(user=request.user, today=timezone.localdate())
    return render(request, "indicators/activity_list.html", {"overview": overview})


@login_required
@require_POST
def period_submit(request: HttpRequest, period_id: int) -> HttpResponse:
    """Send the area's draft logs of a reporting period to the press office."""
    _require_lead(request.user)
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
    return redirect("indicators:my_activities")


# --- recording and correcting a log ---------------------------------------------------------


@login_required
def log_create(request: HttpRequest, activity_id: int) -> HttpResponse:
    """«Registrar ejecución»: one form per activity, built from its indicators.

    The area is the lead's own (the press office chooses one of the activity's responsible
    areas); anything else the POST says about area, status or author is ignored. A hidden token
    makes a double click or a browser resend return the first log instead of a second one.
    """
    user = request.user
    _require_writer(user)
    activity = activity_get_for_logging(user=user, activity_id=activity_id)
    indicators = list(activity.indicators.filter(source=Source.MANUAL).order_by("order", "code"))
    areas = activity.responsible_areas.order_by("name") if user.is_press else None
    if request.method == "POST":
        form = ActivityLogForm(request.POST, request.FILES, activity=activity, indicators=indicators, areas=areas)
        if form.is_valid():
            token = form.cleaned_data.get("submission_token")
            area = form.cleaned_data["area"] if areas is not None else user.area
            try:
                log = logs.log_record(
                    user=user, activity=activity, area=area, submission_token=token, **form.service_arguments()
                )
            except ValidationError as error:
                form.add_service_errors(error)
            except IntegrityError:
                # The same token committed by a concurrent request (a double click on
                # PostgreSQL): show the log it created.
                log = ActivityLog.objects.filter(submission_token=token, reported_by=user).first() if token else None
                if log is None:
                    raise
                return redirect("indicators:log_detail", log_id=log.pk)
            else:
                messages.success(
                    request, _("Se registró la ejecución. Queda en borrador hasta que se envíe el periodo.")
                )
                return redirect("indicators:log_detail", log_id=log.pk)
    else:
        form = ActivityLogForm(
            initial={"date": timezone.localdate(), "submission_token": uuid.uuid4()},
            activity=activity,
            indicators=indicators,
            areas=areas,
        )
    return render(
        request,
        "indicators/activitylog_form.html",
        {"form": form, "activity": activity, "plan": activity.component.plan, "log": None},
    )


@login_required
def log_update(request: HttpRequest, log_id: int) -> HttpResponse:
    """Correct a log through logs.log_correct; its earlier values stay in its history."""
    user = request.user
    log = log_get_for_user(user=user, log_id=log_id)
    _require_writer(user)
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
                return redirect("indicators:log_detail", log_id=log.pk)
    else:
        values = list(log.values.select_related("indicator"))
        form = ActivityLogForm(
            initial=ActivityLogForm.initial_for_log(log, values), activity=activity, indicators=indicators
        )
        del form.fields["submission_token"]
    return render(
        request,
        "indicators/activitylog_form.html",
        {"form": form, "activity": activity, "plan": activity.component.plan, "log": log},
    )


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
    return render(request, "indicators/activitylog_detail.html", context)


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
    _require_writer(user)
    form = LogWithdrawForm(request.POST)
    if form.is_valid():
        try:
            logs.log_withdraw(user=user, log=log, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Se retiró el registro."))
            return redirect("indicators:log_detail", log_id=log.pk)
    return _render_detail(request, log, withdraw_form=form)


@login_required
def log_list(request: HttpRequest) -> HttpResponse:
    """«Registros»: the logs the user may read, filtered and paginated."""
    user = request.user
    plans, components, activities = log_filter_choices(user=user)
    form = LogFilterForm(request.GET or None, plans=plans, components=components, activities=activities)
    filters = form.filters() if form.is_bound else {}
    page = Paginator(log_list_for_user(user=user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "indicators/activitylog_list.html",
        {
            "form": form,
            "page": page,
            "querystring": _querystring_without_page(request),
            # The press office also loads history in bulk (imports.logs_import), named by URL.
            "can_import": user.is_press and user.has_perm("indicators.import_activitylog"),
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
    _require_press(user)
    plans = plans_in_execution_for_user(user=user)
    form = ReviewFilterForm(request.GET or None, plans=plans, areas=Area.objects.for_user(user).order_by("name"))
    filters = form.filters() if form.is_bound else {}
    page = Paginator(review_queue_for_user(user=user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "indicators/activitylog_review_list.html",
        {
            "form": form,
            "page": page,
            "querystring": _querystring_without_page(request),
            "periods": reporting_periods_for_review(user=user),
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
    _require_press(user)
    log = log_get_for_user(user=user, log_id=log_id)
    try:
        logs.log_approve(user=user, log=log)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Se aprobó el registro «%(log)s».") % {"log": log})
    return redirect(_next_url(request, reverse("indicators:review")))


@login_required
def log_return(request: HttpRequest, log_id: int) -> HttpResponse:
    """Return a submitted log to its area with a comment; its leads get an e-mail once the
    return is committed."""
    user = request.user
    _require_press(user)
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
            return redirect(_next_url(request, reverse("indicators:review")))
    return render(
        request,
        "indicators/activitylog_return_form.html",
        {"form": form, "log": log, "next": _next_url(request, "")},
    )


@login_required
def period_open(request: HttpRequest) -> HttpResponse:
    """Open a month of a plan for reporting, with its deadline."""
    user = request.user
    _require_press(user)
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
                return redirect("indicators:review")
    else:
        form = ReportingPeriodOpenForm(initial=ReportingPeriodOpenForm.default_initial(), plans=plans)
    return render(request, "indicators/reportingperiod_form.html", {"form": form})


@login_required
@require_POST
def period_close(request: HttpRequest, period_id: int) -> HttpResponse:
    """Close a reporting period: from now on it refuses new logs and changes."""
    user = request.user
    _require_press(user)
    period = reporting_period_get_for_user(user=user, period_id=period_id)
    logs.reporting_period_close(user=user, reporting_period=period)
    messages.success(request, _("Se cerró el periodo de %(period)s.") % {"period": period.label})
    return redirect("indicators:review")


# --- periodic reports (informes de seguimiento) ---------------------------------------------

REPORT_CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _require_report_reader(user: User) -> None:
    """Managers and the press office read their entity's reports; area leads do not."""
    if not (user.is_press or user.is_manager):
        raise PermissionDenied


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """«Informes»: the entity's reports by plan and period, every version, newest first; the
    press office also asks for new ones here."""
    user = request.user
    _require_report_reader(user)
    plans = report_plans_for_user(user=user)
    form = ReportFilterForm(request.GET or None, plans=plans)
    filters = form.filters() if form.is_bound else {}
    page = Paginator(report_list_for_user(user=user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    request_form = (  # its own ids: the filter form below has «plan» and «period_type» too
        ReportRequestForm(initial=ReportRequestForm.default_initial(), plans=plans, auto_id="generar_%s")
        if user.is_press
        else None
    )
    return render(
        request,
        "indicators/report_list.html",
        {
            "form": form,
            "page": page,
            "groups": report_groups(page.object_list),
            "querystring": _querystring_without_page(request),
            "request_form": request_form,
        },
    )


@login_required
def report_create(request: HttpRequest) -> HttpResponse:
    """«Generar informe» (press office): a new version of a plan's report for a period."""
    user = request.user
    _require_press(user)
    plans = report_plans_for_user(user=user)
    if request.method == "POST":
        form = ReportRequestForm(request.POST, plans=plans)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = report_request(
                    plan=data["plan"], period_type=data["period_type"], period_start=data["period_start"], user=user
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                _report_requested_message(request, report)
                return redirect(f"{reverse('indicators:report_list')}?plan={report.plan_id}")
    else:
        form = ReportRequestForm(initial=ReportRequestForm.default_initial(), plans=plans)
    return render(request, "indicators/report_form.html", {"form": form})


def _report_requested_message(request: HttpRequest, report) -> None:
    messages.success(
        request,
        _("Se solicitó el informe de %(period)s de «%(plan)s» (versión %(version)s).")
        % {"period": report.period_label, "plan": report.plan.title, "version": report.version},
    )
    if report.is_partial:
        messages.warning(
            request,
            _("El periodo termina el %(end)s: el informe es parcial, con las cifras registradas hasta hoy.")
            % {"end": date_format(report.period_end, "DATE_FORMAT")},
        )


@login_required
@require_POST
def report_regenerate(request: HttpRequest, report_id: int) -> HttpResponse:
    """Generate a report again (press office): a new version; the earlier ones stay."""
    user = request.user
    _require_press(user)
    report = report_get_for_user(user=user, report_id=report_id)
    try:
        new = report_request(
            plan=report.plan, period_type=report.period_type, period_start=report.period_start, user=user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        _report_requested_message(request, new)
    return redirect(_next_url(request, reverse("indicators:report_list")))


@login_required
def report_download(request: HttpRequest, report_id: int, kind: str) -> FileResponse:
    """Stream a ready report's XLSX or PDF to a manager or the press office of its entity."""
    user = request.user
    _require_report_reader(user)
    report = report_get_for_user(user=user, report_id=report_id)
    file = {"xlsx": report.xlsx, "pdf": report.pdf}.get(kind)
    if file is None or not report.is_ready or not file:
        raise Http404
    try:
        handle = file.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=report_filename(report, kind),
        content_type=REPORT_CONTENT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    # A private document: never kept by a shared cache or the browser's.
    response["Cache-Control"] = "private, no-store"
    return response


# --- dashboards: plan, indicator, area, overview; the public transparency page ---------------
# They read the rolled-up period values through indicators.dashboards, never the raw logs.


def _require_dashboard_reader(user: User) -> None:
    """The press office, managers and area leads read their entity's dashboards; nobody else."""
    if not (user.is_press or user.is_manager or _is_lead(user)):
        raise PermissionDenied


def _require_overview_reader(user: User) -> None:
    if not (user.is_press or user.is_manager):
        raise PermissionDenied


def _private_download(response: HttpResponse) -> HttpResponse:
    # The entity's figures: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def plan_dashboard(request: HttpRequest, plan_id: int) -> HttpResponse:
    """«Tablero del plan»: progress overall, by component and by area, and the indicator table
    with its traffic lights and trends, for the period chosen in the GET form."""
    user = request.user
    plan = plan_get_for_user(user=user, plan_id=plan_id)
    _require_dashboard_reader(user)
    dashboard = dashboards.plan_dashboard(plan=plan, params=request.GET, today=timezone.localdate())
    sees_all_areas = user.is_press or user.is_manager
    return render(
        request,
        "indicators/dashboard_plan.html",
        {
            "plan": plan,
            "dashboard": dashboard,
            "sees_all_areas": sees_all_areas,
            # The cached fragment links to the areas this viewer may open.
            "viewer": "all" if sees_all_areas else f"area-{user.area_id}",
        },
    )


@login_required
def plan_dashboard_export(request: HttpRequest, plan_id: int, fmt: str) -> HttpResponse:
    """The dashboard's indicator table as CSV or XLSX, with the page's filters and order."""
    user = request.user
    plan = plan_get_for_user(user=user, plan_id=plan_id)
    _require_dashboard_reader(user)
    dashboard = dashboards.plan_dashboard(plan=plan, params=request.GET, today=timezone.localdate())
    header, rows = dashboards.plan_dashboard_export(plan=plan, filters=dashboard.filters)
    filters = dashboard.filters
    name = f"tablero-plan-{plan.pk}-{filters.period_type}-{filters.period_start:%Y-%m}"
    return _private_download(
        exports.table_response(fmt, filename=name, title=_("Indicadores"), header=header, rows=rows)
    )


@login_required
def indicator_detail(request: HttpRequest, indicator_id: int) -> HttpResponse:
    """An indicator: its ficha técnica, its value and target by month, quarter and year, the
    logs behind them (those the viewer may read) and the history of its targets."""
    user = request.user
    indicator = dashboards.indicator_get_for_user(user=user, indicator_id=indicator_id)
    _require_dashboard_reader(user)
    month = dashboards.parse_month(request.GET.get("mes"))
    page = Paginator(dashboards.indicator_logs(user=user, indicator=indicator, month=month), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "plan": indicator.plan,
            "ficha": dashboards.indicator_ficha(indicator),
            "series": dashboards.indicator_series(indicator),
            "history": dashboards.indicator_target_history(indicator),
            "month": month,
            "page": page,
            "querystring": _querystring_without_page(request),
        },
    )


@login_required
def area_dashboard(request: HttpRequest, area_id: int) -> HttpResponse:
    """An area's page: its indicators this month and this year, what it still owes this month
    and how it does against its own targets. For the area's leads and the entity's press office
    and managers."""
    user = request.user
    area = dashboards.area_get_for_user(user=user, area_id=area_id)
    if not (user.is_press or user.is_manager or (_is_lead(user) and user.area_id == area.pk)):
        raise PermissionDenied
    dashboard = dashboards.area_dashboard(user=user, area=area, today=timezone.localdate())
    return render(request, "indicators/area_dashboard.html", {"area": area, "dashboard": dashboard})


def _overview_scope(request: HttpRequest):
    """Return (the entity whose plans the overview lists, the entities the user compares).

    A user who follows other entities (a superuser; the people of a governorship or of MinTIC
    that follows municipalities) gets the comparison, or one of those entities with
    ``?entidad=``; anyone else gets their own entity."""
    user = request.user
    compared = entities_compared_by(user=user)
    if compared is None:
        return user.entity, None
    entity_id = request.GET.get("entidad")
    return (dashboards.entity_get(entity_id, among=compared) if entity_id else None), compared


@login_required
def overview(request: HttpRequest) -> HttpResponse:
    """«Tablero»: every plan of the entity with its progress this year; for a superuser, the
    comparison across entities, 25 a page."""
    _require_overview_reader(request.user)
    year = timezone.localdate().year
    entity, compared = _overview_scope(request)
    context = {"year": year, "entity": entity, "compares": compared is not None}
    if entity is None:
        page = Paginator(dashboards.entity_queryset(compared), PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(
            page=page,
            comparison=dashboards.entity_comparison(entities=list(page.object_list), year=year),
            querystring="",
        )
    else:
        plans = dashboards.overview_plans(entity_id=entity.pk, year=year)
        context.update(plans=plans, chart=dashboards.overview_chart(plans))
    return render(request, "indicators/overview.html", context)


@login_required
def overview_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The overview's table as CSV or XLSX: the entity's plans, or every entity for a superuser."""
    _require_overview_reader(request.user)
    year = timezone.localdate().year
    entity, compared = _overview_scope(request)
    if entity is None:
        header, rows = dashboards.entity_comparison_export(year=year, among=compared)
        name = f"tablero-entidades-{year}"
    else:
        header, rows = dashboards.overview_export(
            plans=dashboards.overview_plans(entity_id=entity.pk, year=year), year=year
        )
        name = f"tablero-entidad-{entity.pk}-{year}"
    return _private_download(exports.table_response(fmt, filename=name, title=_("Tablero"), header=header, rows=rows))


def _public(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=dashboards.PUBLIC_MAX_AGE)
    return response


def public_plan(request: HttpRequest, plan_id: int) -> HttpResponse:
    """The transparency page of a published plan, without login: its summary, components and
    indicator results by year and quarter, and its open data. No person, log or evidence.

    Rendered without the request (no user, no CSRF token in it) and cached per plan, year and
    language until the plan's next roll-up.
    """
    plan = dashboards.public_plan_get(plan_id=plan_id)
    year, years = dashboards.public_year(plan, request.GET, timezone.localdate())
    html = dashboards.cached(
        dashboards.public_cache_key(plan=plan, year=year),
        lambda: render_to_string(
            "indicators/public_plan.html",
            {
                "page": dashboards.public_plan_page(plan=plan, year=year, years=years),
                "columns": dashboards.OPEN_DATA_COLUMNS,
            },
        ),
    )
    return _public(HttpResponse(html))


def public_plan_data(request: HttpRequest, plan_id: int, fmt: str) -> HttpResponse:
    """The open data of a published plan: CSV (UTF-8 with BOM, comma-separated) or JSON, with
    the columns documented on its transparency page."""
    plan = dashboards.public_plan_get(plan_id=plan_id)
    if fmt == "json":
        body = dashboards.open_data_cached(plan=plan, fmt=fmt, compute=lambda: dashboards.open_data_json(plan=plan))
        response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    else:
        names = [name for name, _type, _description in dashboards.OPEN_DATA_COLUMNS]
        text = dashboards.open_data_cached(
            plan=plan, fmt=fmt, compute=lambda: exports.csv_text(names, dashboards.open_data_rows(plan=plan))
        )
        response = HttpResponse(text.encode("utf-8"), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="datos-plan-{plan.pk}.csv"'
    # Open data: any site may read it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    return _public(response)
