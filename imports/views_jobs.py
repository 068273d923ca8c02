"""Pages of the spreadsheet imports of execution logs: upload, preview (dry run), confirm,
and the progress of large imports, which run as Celery jobs.

Only people with the import permission (the press office) reach them; another entity's job
does not exist (404).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from imports.logs_import import COLUMN_LABELS, import_job_confirm, import_job_create
from imports.models import ImportJob, ImportStatus
from imports.readers import SpreadsheetError
from plans.rules import require

JOBS_SHOWN = 30
ERRORS_SHOWN = 500


class LogsImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Hoja de cálculo (CSV, XLSX u ODS)"),
        help_text=gettext_lazy(
            "Una fila por registro. Columnas: código del indicador, área, fecha, valor (o numerador y "
            "denominador), descripción; opcionales: plan, actividad, alcance, servidores públicos, "
            "contratistas, enlaces."
        ),
    )


def _job_for_user(user, job_id: int) -> ImportJob:
    return get_object_or_404(ImportJob.objects.for_user(user).select_related("user"), pk=job_id)


@login_required
def logs_upload(request: HttpRequest) -> HttpResponse:
    """Upload a spreadsheet of execution logs: it is checked first, nothing is written yet."""
    require(request.user, "imports.import_logs")
    form = LogsImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            job = import_job_create(user=request.user, upload=form.cleaned_data["file"])
        except SpreadsheetError as error:
            form.add_error("file", error.message)
        else:
            return redirect(job)
    jobs = ImportJob.objects.for_user(request.user).select_related("user")[:JOBS_SHOWN]
    return render(
        request,
        "imports/job_upload.html",
        {"form": form, "jobs": jobs, "columns": list(COLUMN_LABELS.values())},
    )


@login_required
def job_detail(request: HttpRequest, job_id: int) -> HttpResponse:
    """The preview of a checked file (counts and every row error) or the progress of a job."""
    require(request.user, "imports.import_logs")
    job = _job_for_user(request.user, job_id)
    return render(
        request,
        "imports/job_detail.html",
        {
            "job": job,
            "errors": job.errors[:ERRORS_SHOWN],
            "more_errors": max(0, len(job.errors) - ERRORS_SHOWN),
            "can_confirm": job.status == ImportStatus.CHECKED and job.error_count == 0 and job.new_count > 0,
        },
    )


@login_required
@require_POST
def job_confirm(request: HttpRequest, job_id: int) -> HttpResponse:
    """Import a checked file with no errors."""
    require(request.user, "imports.import_logs")
    job = _job_for_user(request.user, job_id)
    try:
        job = import_job_confirm(user=request.user, job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if job.status == ImportStatus.DONE:
            messages.success(
                request, _("Se importaron %(count)s registros de ejecución.") % {"count": job.created_count}
            )
    return redirect(job)
