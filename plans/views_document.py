"""The plan document (DOCX and PDF) for every person of the plan's entity."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse

from plans.documents.content import document_filename, plan_document_content
from plans.documents.pdf import plan_pdf
from plans.documents.word import plan_docx
from plans.selectors import plan_get_for_user

WRITERS = {
    "docx": (plan_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pdf": (plan_pdf, "application/pdf"),
}


@login_required
def plan_document(request: HttpRequest, plan_id: int, kind: str) -> HttpResponse:
    """Download the plan as the document the entity publishes. Open to every role of the
    plan's entity, as the plan matrix is; another entity's plan is a 404."""
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    write, content_type = WRITERS[kind]
    response = HttpResponse(write(plan_document_content(plan=plan)), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{document_filename(plan, kind)}"'
    response["X-Content-Type-Options"] = "nosniff"
    # The plan changes while it is drafted: never serve yesterday's document from a cache.
    response["Cache-Control"] = "private, no-store"
    return response
