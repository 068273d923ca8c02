"""The public pages of listening, without login: the entity's suggestion box, the suggestions it
published with their answer (moderated), and a survey's form behind its link.

Each form is throttled per address (listening.throttle), carries a honeypot, refuses empty,
oversized and scripted input with a Spanish message, and never shows what a citizen wrote until
the press office publishes it.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from listening import services
from listening.enums import SurveyStatus
from listening.forms import SuggestionForm, SurveyAnswerForm
from listening.selectors import suggestions_public, survey_get_open
from listening.throttle import throttle_count, throttle_exceeded
from plans.web import PAGE_SIZE
from privacy.selectors import entity_get_public
from privacy.services import notice_current


def _throttled(request: HttpRequest) -> HttpResponse:
    response = render(request, "listening/throttled.html", status=429)
    response["Retry-After"] = "600"
    return response


def _add_errors(form, error: ValidationError) -> None:
    for key, errors in getattr(error, "message_dict", {None: error.messages}).items():
        for message in errors:
            form.add_error(key if key in form.fields else None, message)


@require_http_methods(["GET", "POST"])
def suggestion_box(request: HttpRequest, entity_id: int) -> HttpResponse:
    """«Buzón de sugerencias» of an entity, for anyone."""
    entity = entity_get_public(entity_id=entity_id)
    notice = notice_current(entity_id=entity.pk)
    form = SuggestionForm(request.POST or None, with_contact=notice is not None)
    if request.method == "POST":
        if throttle_exceeded(request, "suggestion"):
            return _throttled(request)
        throttle_count(request, "suggestion")
        if form.is_spam:  # a robot: it is told what a person is told, and nothing is kept
            messages.success(request, _("Recibimos su mensaje. Gracias por escribirnos."))
            return redirect("listening:suggestion_box", entity.pk)
        if form.is_valid():
            try:
                suggestion = services.suggestion_submit(
                    entity=entity,
                    kind=form.cleaned_data["kind"],
                    text=form.cleaned_data["text"],
                    contact=form.contact(),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Recibimos su mensaje con el número %(number)s. Gracias por escribirnos.")
                    % {"number": suggestion.pk},
                )
                return redirect("listening:suggestion_box", entity.pk)
    return render(request, "listening/suggestion_box.html", {"entity": entity, "form": form, "notice": notice})


def suggestions_published(request: HttpRequest, entity_id: int) -> HttpResponse:
    """What the entity answered: the suggestions its press office published (no contact)."""
    entity = entity_get_public(entity_id=entity_id)
    items = suggestions_public(entity_id=entity.pk)[:PAGE_SIZE]
    return render(request, "listening/suggestions_published.html", {"entity": entity, "items": items})


@require_http_methods(["GET", "POST"])
def survey_answer(request: HttpRequest, token: str) -> HttpResponse:
    """A published survey, for anyone with its link or QR code."""
    survey = survey_get_open(token=token)
    if survey.status != SurveyStatus.OPEN:
        return render(request, "listening/survey_closed.html", {"survey": survey})
    notice = notice_current(entity_id=survey.entity_id)
    questions = list(survey.questions.all())
    form = SurveyAnswerForm(request.POST or None, survey=survey, questions=questions, with_contact=notice is not None)
    if request.method == "POST":
        if throttle_exceeded(request, "survey"):
            return _throttled(request)
        throttle_count(request, "survey")
        if form.is_spam:
            return redirect("listening:survey_thanks", survey.token)
        if form.is_valid():
            try:
                services.survey_respond(
                    survey=survey,
                    values=form.values(),
                    email=form.cleaned_data.get("respondent_email", ""),
                    contact=form.contact(),
                )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                return redirect("listening:survey_thanks", survey.token)
    return render(request, "listening/survey_answer.html", {"survey": survey, "form": form, "notice": notice})


def survey_thanks(request: HttpRequest, token: str) -> HttpResponse:
    survey = survey_get_open(token=token)
    return render(request, "listening/survey_thanks.html", {"survey": survey})
