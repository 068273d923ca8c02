"""The periodic reports' pages: the list, the request and regeneration, the downloads."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from execution.forms import (
    add_service_errors,
)
from plans.rules import allows, require
from plans.web import PAGE_SIZE, next_url, querystring_without_page
from reports.forms import ReportFilterForm, ReportRequestForm
from reports.selectors import report_get_for_user, report_groups, report_list_for_user, report_plans_for_user
from reports.services import report_filename, report_request

# --- periodic reports (informes de seguimiento) ---------------------------------------------

REPORT_CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """«Informes»: the entity's reports by plan and period, every version, newest first; the
    press office also asks for new ones here."""
    user = request.user
    require(user, "reports.read_reports")
    plans = report_plans_for_user(user=user)
    form = ReportFilterForm(request.GET or None, plans=plans)
    filters = form.filters() if form.is_bound else {}
    page = Paginator(report_list_for_user(user=user, **filters), PAGE_SIZE).get_page(request.GET.get("page"))
    request_form = (  # its own ids: the filter form below has «plan» and «period_type» too
        ReportRequestForm(initial=ReportRequestForm.default_initial(), plans=plans, auto_id="generar_%s")
        if allows(user, "reports.request_reports")
        else None
    )
    return render(
        request,
        "reports/report_list.html",
        {
            "form": form,
            "page": page,
            "groups": report_groups(page.object_list),
            "querystring": querystring_without_page(request),
            "request_form": request_form,
        },
    )


@login_required
def report_create(request: HttpRequest) -> HttpResponse:
    """«Generar informe» (press office): a new version of a plan's report for a period."""
    user = request.user
    require(user, "reports.request_reports")
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
                return redirect(f"{reverse('reports:report_list')}?plan={report.plan_id}")
    else:
        form = ReportRequestForm(initial=ReportRequestForm.default_initial(), plans=plans)
    return render(request, "reports/report_form.html", {"form": form})


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
    require(user, "reports.request_reports")
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
    return redirect(next_url(request, reverse("reports:report_list")))


@login_required
def report_download(request: HttpRequest, report_id: int, kind: str) -> FileResponse:
    """Stream a ready report's XLSX or PDF to a manager or the press office of its entity."""
    user = request.user
    require(user, "reports.read_reports")
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
