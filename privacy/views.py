"""Pages of personal data: the entity's privacy notice (public), its editing by the press office,
and the «derechos del titular» page where the press office finds what the product keeps about a
person, hands it over (CSV) and deletes it on request."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from plans.rules import require
from privacy import services
from privacy.forms import DeleteForm, NoticeForm, SubjectForm
from privacy.models import RightsRequest
from privacy.selectors import entity_get_public, entity_of_user


def notice(request: HttpRequest, entity_id: int) -> HttpResponse:
    """The entity's privacy notice in force, without login."""
    entity = entity_get_public(entity_id=entity_id)
    current = services.notice_current(entity_id=entity.pk)
    return render(request, "privacy/notice.html", {"entity": entity, "notice": current})


@login_required
@require_http_methods(["GET", "POST"])
def notice_edit(request: HttpRequest) -> HttpResponse:
    """«Aviso de privacidad»: publish a new version (the consents given keep theirs)."""
    entity = entity_of_user(user=request.user)
    require(request.user, "privacy.edit_notice", entity)
    current = services.notice_current(entity_id=entity.pk)
    form = NoticeForm(
        request.POST or None, instance=None, initial={"title": current.title, "text": current.text} if current else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            published = services.notice_publish(user=request.user, entity=entity, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Se publicó la versión %(version)s del aviso de privacidad.") % {"version": published.version},
            )
            return redirect("privacy:notice", entity.pk)
    return render(request, "privacy/notice_form.html", {"form": form, "current": current, "entity": entity})


def _csv(records: list[dict]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_("Registro"), _("Número"), _("Dato"), _("Valor")])
    for record in records:
        for name, value in record["fields"]:
            # A cell that starts like a formula is written as text (spreadsheet injection).
            text = f"'{value}" if value[:1] in ("=", "+", "-", "@") else value
            writer.writerow([record["holder_label"], record["id"], name, text])
    response = HttpResponse(("\ufeff" + buffer.getvalue()).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="datos-del-titular.csv"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def rights(request: HttpRequest) -> HttpResponse:
    """«Derechos del titular»: search (GET), export the person's data as CSV or delete them
    (POST, both logged)."""
    entity = entity_of_user(user=request.user)
    require(request.user, "privacy.handle_rights", entity)
    action = request.POST.get("action", "")
    form = DeleteForm(request.POST) if action == "delete" else SubjectForm(request.POST or request.GET or None)
    records = None
    if form.is_bound and form.is_valid():
        subject = {"email": form.cleaned_data["email"], "phone": form.cleaned_data["phone"]}
        if action == "export":
            return _csv(services.contact_export(user=request.user, entity=entity, **subject))
        if action == "delete":
            changed = services.contact_delete(
                user=request.user, entity=entity, note=form.cleaned_data["note"], **subject
            )
            messages.success(
                request,
                ngettext(
                    "Se suprimieron los datos del titular en %(count)d registro; las cifras no cambian.",
                    "Se suprimieron los datos del titular en %(count)d registros; las cifras no cambian.",
                    changed,
                )
                % {"count": changed},
            )
            return redirect("privacy:rights")
        records = services.contact_records_for(user=request.user, entity=entity, **subject)
    return render(
        request,
        "privacy/rights.html",
        {
            "form": form,
            "records": records,
            "delete_form": DeleteForm(initial=form.cleaned_data if records else None),
            "requests": RightsRequest.objects.filter(entity=entity).select_related("handled_by")[:20],
            "entity": entity,
        },
    )
