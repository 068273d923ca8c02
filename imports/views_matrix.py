"""The plan matrix in the back office: the template, the import (upload → preview → confirm)
and the export of a plan.

The uploaded file waits between preview and confirmation in the private file storage under a
random name; the session keeps its name and SHA-256, and the confirmation refuses a file that
changed. Importing needs the ``plans.import_plan`` permission (the press office's); a view-only
staff user gets 403. Everything is written into the user's own entity.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import date

from django.contrib import admin, messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from imports.matrix_export import plan_matrix_sheets
from imports.matrix_files import (
    CONTENT_TYPES,
    PENDING_DIR,
    instructions_lines,
    matrix_file_read,
    sheets_bytes,
    template_bytes,
)
from imports.matrix_forms import FORMATS, MatrixUploadForm
from imports.matrix_import import MatrixResult, plan_matrix_import
from imports.readers import SpreadsheetError
from plans.models import Entity
from plans.rules import require
from plans.selectors import plan_get_for_user

SESSION_KEY = "imports_matrix_pending"


def _download(data: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _context(request: HttpRequest, **extra) -> dict:
    return {**admin.site.each_context(request), **extra}


@login_required
def matrix_template(request: HttpRequest) -> HttpResponse:
    """The template's download page, with the CSV instructions."""
    require(request.user, "imports.import_plans")
    return render(
        request,
        "imports/matrix_template.html",
        _context(request, title=_("Plantilla de la matriz del plan"), instructions=instructions_lines()[2:]),
    )


@login_required
def matrix_template_file(request: HttpRequest, fmt: str) -> HttpResponse:
    require(request.user, "imports.import_plans")
    if fmt not in FORMATS:
        raise Http404
    return _download(template_bytes(fmt), fmt, "plantilla-matriz-plan")


@login_required
def matrix_export(request: HttpRequest, plan_id: int, fmt: str) -> HttpResponse:
    """A plan's matrix in the template's layout, for the press office and the managers."""
    user = request.user
    plan = plan_get_for_user(user=user, plan_id=plan_id)
    require(user, "imports.export_plan_matrix", plan)
    if fmt not in FORMATS:
        raise Http404
    name = f"matriz-{slugify(plan.title)[:60]}-{plan.vigencia_start.year}"
    return _download(sheets_bytes(plan_matrix_sheets(plan), fmt), fmt, name)


def _pending_save(request: HttpRequest, data: bytes, *, filename: str, entity: Entity, plan_fields: dict) -> str:
    _pending_discard(request)
    token = uuid.uuid4().hex
    default_storage.save(f"{PENDING_DIR}/{token}", ContentFile(data))
    request.session[SESSION_KEY] = {
        "token": token,
        "sha256": hashlib.sha256(data).hexdigest(),
        "filename": filename,
        "entity": entity.pk,
        "plan_fields": {k: v.isoformat() if isinstance(v, date) else v for k, v in plan_fields.items()},
    }
    return token


def _pending_discard(request: HttpRequest) -> None:
    pending = request.session.pop(SESSION_KEY, None)
    if pending:
        default_storage.delete(f"{PENDING_DIR}/{pending['token']}")


def _pending_read(pending: dict) -> bytes:
    """Return the bytes of the file waiting for confirmation (empty when it is gone)."""
    try:
        with default_storage.open(f"{PENDING_DIR}/{pending['token']}", "rb") as file:
            return file.read()
    except FileNotFoundError:
        return b""


def _preview(
    request: HttpRequest, result: MatrixResult, *, token: str | None, filename: str, entity: Entity
) -> HttpResponse:
    return render(
        request,
        "imports/matrix_preview.html",
        _context(
            request,
            title=_("Vista previa de la importación"),
            result=result,
            token=token,
            filename=filename,
            entity=entity,
        ),
    )


@login_required
def matrix_import(request: HttpRequest) -> HttpResponse:
    """Upload a matrix and see the preview: what would be created or updated, the new areas,
    audiences and channels, or every issue with its row and column. Nothing is saved here."""
    user = request.user
    require(user, "imports.import_plans")
    form = MatrixUploadForm(request.POST or None, request.FILES or None, user=user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["archivo"]
        data = upload.read()
        entity = form.entity()
        plan_fields = form.plan_fields()
        try:
            draft = matrix_file_read(data, filename=upload.name, plan_fields=plan_fields)
        except SpreadsheetError as error:
            form.add_error("archivo", error.message)
        else:
            result = plan_matrix_import(entity=entity, draft=draft, dry_run=True)
            token = None
            if result.ok:
                token = _pending_save(request, data, filename=upload.name, entity=entity, plan_fields=plan_fields)
            return _preview(request, result, token=token, filename=upload.name, entity=entity)
    return render(
        request, "imports/matrix_upload.html", _context(request, title=_("Importar la matriz de un plan"), form=form)
    )


@login_required
@require_POST
def matrix_import_confirm(request: HttpRequest) -> HttpResponse:
    """Import the file of the preview, checked against its hash, in one transaction."""
    user = request.user
    require(user, "imports.import_plans")
    pending = request.session.get(SESSION_KEY)
    if not pending or request.POST.get("token") != pending["token"]:
        messages.error(request, _("La vista previa ya no está disponible: suba el archivo de nuevo."))
        return redirect("imports:matrix_import")
    data = _pending_read(pending)
    if hashlib.sha256(data).hexdigest() != pending["sha256"]:
        _pending_discard(request)
        messages.error(request, _("El archivo de la vista previa cambió o ya no está: suba el archivo de nuevo."))
        return redirect("imports:matrix_import")
    entity = Entity.objects.for_user(user).filter(pk=pending["entity"]).first()
    if entity is None:
        raise Http404
    plan_fields = {
        k: (date.fromisoformat(v) if k.startswith("vigencia") and v else v) for k, v in pending["plan_fields"].items()
    }
    draft = matrix_file_read(data, filename=pending["filename"], plan_fields=plan_fields)
    result = plan_matrix_import(entity=entity, draft=draft, dry_run=False)
    if not result.committed:
        # Something changed in the database since the preview: show why, keep nothing.
        return _preview(request, result, token=None, filename=pending["filename"], entity=entity)
    _pending_discard(request)
    messages.success(
        request,
        _("Se importó la matriz del plan «%(plan)s»: %(changes)s cambios.")
        % {"plan": result.plan.title, "changes": result.changes},
    )
    return redirect(reverse("admin:plans_plan_change", args=[result.plan.pk]))
