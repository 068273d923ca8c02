"""The public pages of the planning chain, without login: the published action plan (page, PDF,
XLSX, open data) and the published rendición de cuentas (page, PDF, open data) with the form
where citizens leave questions, shown only after moderation."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from dashboards import exports
from planning.accountability import OPEN_DATA_COLUMNS, accountability_report, open_data_rows, public_accountability_get
from planning.enums import QuestionStatus
from planning.files import accountability_pdf, action_plan_header, action_plan_rows
from planning.forms import QuestionForm
from planning.selectors import public_action_plan_get
from planning.services import question_ask
from planning.views import file_response
from privacy.services import notice_current

PUBLIC_MAX_AGE = 5 * 60
QUESTIONS_PER_HOUR = 5


def _public(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    return response


def public_action_plan(request: HttpRequest, action_plan_id: int) -> HttpResponse:
    action_plan = public_action_plan_get(action_plan_id=action_plan_id)
    items = list(action_plan.items.all())
    context = {"action_plan": action_plan, "plan": action_plan.plan, "items": items}
    return _public(render(request, "planning/public_action_plan.html", context))


def public_action_plan_file(request: HttpRequest, action_plan_id: int, fmt: str) -> HttpResponse:
    action_plan = public_action_plan_get(action_plan_id=action_plan_id)
    if fmt == "csv":
        items = list(action_plan.items.all())
        response = exports.csv_response(
            f"plan-de-accion-{action_plan.year}-{action_plan.plan_id}", action_plan_header(), action_plan_rows(items)
        )
        response["Access-Control-Allow-Origin"] = "*"
    else:
        response = file_response(action_plan, fmt)
    return _public(response)


def _throttled(request: HttpRequest) -> bool:
    key = f"planning:questions:{request.META.get('REMOTE_ADDR', '')}"
    cache.add(key, 0, 3600)
    try:
        return cache.incr(key) > QUESTIONS_PER_HOUR
    except ValueError:
        return False


def public_accountability(request: HttpRequest, accountability_id: int) -> HttpResponse:
    """The rendición de cuentas for citizens, and its questions form (POST)."""
    item = public_accountability_get(accountability_id=accountability_id)
    notice = notice_current(entity_id=item.plan.entity_id)
    form = QuestionForm(request.POST or None, with_contact=notice is not None)
    if request.method == "POST":
        if _throttled(request):
            form.add_error(None, _("Recibimos muchas preguntas desde su conexión; intente de nuevo en una hora."))
        elif form.is_valid():
            question_ask(accountability=item, notice=notice, **form.cleaned_data)
            messages.success(
                request,
                _(
                    "Gracias. Su pregunta llegó a la oficina de prensa; la publicaremos con su respuesta "
                    "una vez revisada."
                ),
            )
            return redirect("planning:public_accountability", item.pk)
    context = {
        "item": item,
        "plan": item.plan,
        "report": accountability_report(item),
        "form": form,
        "notice": notice,
        "questions": list(item.questions.filter(status=QuestionStatus.PUBLISHED).order_by("created_at")),
        "columns": OPEN_DATA_COLUMNS,
    }
    response = render(request, "planning/public_accountability.html", context)
    patch_cache_control(response, private=True, no_cache=True)
    return response


def public_accountability_file(request: HttpRequest, accountability_id: int, fmt: str) -> HttpResponse:
    item = public_accountability_get(accountability_id=accountability_id)
    report = accountability_report(item)
    if fmt == "pdf":
        response = HttpResponse(accountability_pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="rendicion-de-cuentas-{item.pk}.pdf"'
        return _public(response)
    names = [name for name, _type in OPEN_DATA_COLUMNS]
    rows = open_data_rows(report)
    if fmt == "json":
        body = {
            "entidad": item.plan.entity.name,
            "plan": item.plan.title,
            "periodo": {"inicio": item.period_start.isoformat(), "fin": item.period_end.isoformat()},
            "publicado": item.published_on.isoformat(),
            "indicadores": [
                dict(
                    zip(
                        names,
                        [exports.plain_number(v) if isinstance(v, Decimal) else v for v in row],
                        strict=True,
                    )
                )
                for row in rows
            ],
        }
        response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    else:
        response = exports.csv_response(f"rendicion-de-cuentas-{item.pk}", names, rows)
    response["Access-Control-Allow-Origin"] = "*"
    return _public(response)
