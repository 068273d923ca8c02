"""The press office's pages of listening: the suggestion box (list with response times, triage
and answer, the internal box for servants), survey results (chart and table, XLSX/CSV, link and
QR code, publishing and closing) and trainings (attendance taken, imported, materials).

Who sees what goes through plans.rules; another entity's object is a 404 (the selectors).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from listening import exports, services
from listening.attendance_import import attendance_rows_read
from listening.enums import SurveyStatus
from listening.forms import AttendanceAddForm, AttendanceImportForm, SuggestionFilterForm, SuggestionForm, TriageForm
from listening.models import TrainingMaterial
from listening.selectors import (
    suggestion_get_for_user,
    suggestion_list_for_user,
    suggestion_times,
    survey_get_for_user,
    survey_list_for_user,
    survey_results,
    training_attendance,
    training_get_for_user,
    training_list_for_user,
)
from listening.views_public import _add_errors
from plans.rules import allows, require
from plans.web import PAGE_SIZE, querystring_without_page
from privacy.services import notice_current


@login_required
def suggestion_list(request: HttpRequest) -> HttpResponse:
    """«Buzón»: the entity's suggestions, newest first, with the box's response times."""
    require(request.user, "listening.read_suggestions")
    filters = SuggestionFilterForm(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    suggestions = suggestion_list_for_user(
        user=request.user, status=chosen.get("estado", ""), kind=chosen.get("tipo", "")
    )
    page = Paginator(suggestions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "listening/suggestion_list.html",
        {
            "page": page,
            "filters": filters,
            "times": suggestion_times(user=request.user),
            "querystring": querystring_without_page(request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_new(request: HttpRequest) -> HttpResponse:
    """The internal box: a servant of the entity writes to the press office."""
    user = request.user
    require(user, "listening.send_suggestion", user.entity)
    form = SuggestionForm(request.POST or None, with_contact=notice_current(entity_id=user.entity_id) is not None)
    if request.method == "POST" and form.is_valid():
        try:
            suggestion = services.suggestion_submit(
                entity=user.entity,
                user=user,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                contact=form.contact(),
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Se envió su mensaje con el número %(number)s.") % {"number": suggestion.pk})
            return redirect("home")
    return render(request, "listening/suggestion_new.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_detail(request: HttpRequest, suggestion_id: int) -> HttpResponse:
    """A suggestion and, for the press office, its triage: status, area, answer, publication."""
    suggestion = suggestion_get_for_user(user=request.user, suggestion_id=suggestion_id)
    require(request.user, "listening.read_suggestions", suggestion)
    can_triage = allows(request.user, "listening.triage_suggestions", suggestion)
    form = TriageForm(request.POST or None, instance=suggestion) if can_triage else None
    if request.method == "POST":
        require(request.user, "listening.triage_suggestions", suggestion)
        if form.is_valid():
            try:
                services.suggestion_triage(
                    user=request.user,
                    suggestion=suggestion_get_for_user(user=request.user, suggestion_id=suggestion_id),
                    **form.cleaned_data,
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request, _("Se guardó el trámite de la sugerencia %(number)s.") % {"number": suggestion.pk}
                )
                return redirect(suggestion)
    return render(request, "listening/suggestion_detail.html", {"suggestion": suggestion, "form": form})


@login_required
def survey_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "listening.read_surveys")
    page = Paginator(survey_list_for_user(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "listening/survey_list.html",
        {"page": page, "can_manage": allows(request.user, "listening.manage_surveys")},
    )


@login_required
def survey_results_view(request: HttpRequest, survey_id: int) -> HttpResponse:
    """A survey's results: each question's chart with the table behind it, texts, exports, link."""
    survey = survey_get_for_user(user=request.user, survey_id=survey_id)
    require(request.user, "listening.read_surveys", survey)
    return render(
        request,
        "listening/survey_results.html",
        {
            "survey": survey,
            "results": survey_results(survey=survey),
            "public_url": request.build_absolute_uri(survey.public_path()),
            "can_manage": allows(request.user, "listening.manage_surveys", survey),
            "statuses": SurveyStatus,
        },
    )


@login_required
@require_POST
def survey_status(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = survey_get_for_user(user=request.user, survey_id=survey_id)
    status = request.POST.get("status", "")
    if status not in (SurveyStatus.OPEN, SurveyStatus.CLOSED):
        raise Http404
    try:
        services.survey_set_status(user=request.user, survey=survey, status=status)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("La encuesta quedó: %(status)s.") % {"status": survey.get_status_display()})
    return redirect(survey)


@login_required
def survey_export(request: HttpRequest, survey_id: int, fmt: str) -> HttpResponse:
    survey = survey_get_for_user(user=request.user, survey_id=survey_id)
    require(request.user, "listening.read_surveys", survey)
    return exports.survey_xlsx(survey) if fmt == "xlsx" else exports.survey_csv(survey)


@login_required
def survey_qr(request: HttpRequest, survey_id: int, fmt: str) -> HttpResponse:
    """The QR code of the survey's public link (SVG for the page and print, PNG to share)."""
    survey = survey_get_for_user(user=request.user, survey_id=survey_id)
    require(request.user, "listening.read_surveys", survey)
    return exports.survey_qr(survey, request.build_absolute_uri(survey.public_path()), fmt)


@login_required
def training_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "listening.read_trainings")
    page = Paginator(training_list_for_user(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "listening/training_list.html", {"page": page})


@login_required
def training_detail(request: HttpRequest, session_id: int) -> HttpResponse:
    """A session: its attendance to take (checkboxes), the sheet import, its materials."""
    session = training_get_for_user(user=request.user, session_id=session_id)
    require(request.user, "listening.read_trainings", session)
    return render(
        request,
        "listening/training_detail.html",
        {
            "session": session,
            "attendances": training_attendance(session=session),
            "can_take": allows(request.user, "listening.take_attendance", session),
            "import_form": AttendanceImportForm(),
            "add_form": AttendanceAddForm(),
            "materials": session.materials.all(),
        },
    )


def _flag(value: str) -> bool | None:
    return {"si": True, "no": False}.get(value)


@login_required
@require_POST
def attendance_take(request: HttpRequest, session_id: int) -> HttpResponse:
    session = training_get_for_user(user=request.user, session_id=session_id)
    ids = [a.pk for a in session.attendances.all()]
    marks = {pk: (f"asistio-{pk}" in request.POST, _flag(request.POST.get(f"adopto-{pk}", ""))) for pk in ids}
    changed = services.attendance_update(user=request.user, session=session, marks=marks)
    messages.success(request, _("Se guardó la asistencia (%(count)d cambios).") % {"count": changed})
    return redirect(session)


@login_required
@require_POST
def attendance_import(request: HttpRequest, session_id: int) -> HttpResponse:
    """Attendance from a sheet: all rows or none, each refusal naming its row."""
    session = training_get_for_user(user=request.user, session_id=session_id)
    require(request.user, "listening.take_attendance", session)
    form = AttendanceImportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            rows = attendance_rows_read(form.cleaned_data["sheet"])
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            count = services.attendance_add(user=request.user, session=session, rows=rows)
            messages.success(request, _("Se importaron %(count)d personas.") % {"count": count})
    else:
        messages.error(request, _("Elija la hoja de asistencia (XLSX o CSV)."))
    return redirect(session)


@login_required
@require_POST
def attendance_add(request: HttpRequest, session_id: int) -> HttpResponse:
    session = training_get_for_user(user=request.user, session_id=session_id)
    require(request.user, "listening.take_attendance", session)
    form = AttendanceAddForm(request.POST)
    if form.is_valid():
        services.attendance_add(
            user=request.user, session=session, rows=[services.AttendanceRow(attended=True, **form.cleaned_data)]
        )
        messages.success(request, _("Se agregó a %(name)s.") % {"name": form.cleaned_data["name"]})
    else:
        for field, errors in form.errors.items():
            messages.error(request, f"{form.fields[field].label}: {' '.join(errors)}")
    return redirect(session)


@login_required
def material_download(request: HttpRequest, material_id: int) -> HttpResponse:
    material = TrainingMaterial.objects.for_user(request.user).filter(pk=material_id).select_related("session").first()
    if material is None or not material.file:
        raise Http404
    require(request.user, "listening.read_trainings", material.session)
    return FileResponse(material.file.open("rb"), as_attachment=True, filename=material.file.name.rsplit("/", 1)[-1])
