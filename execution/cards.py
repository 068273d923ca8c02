"""The review queue's cards, written in Python: the press office opens «Revisión» many times a
day, and its 25 cards (each with its values, evidence and two forms) cost about three times as
much through the template engine as the rest of the page. The markup is the one the page's
template had; every text is escaped here (``format_html``)."""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from execution.rows import LogRow

CARD = """<article class="card mb-3 review-item" aria-labelledby="registro-{key}">
    <div class="card-body">
      <h3 id="registro-{key}" class="h6"><a href="{detail_url}">{activity}</a></h3>
      <p class="mb-1">{about}</p>
      <p class="mb-1 prewrap">{summary}</p>
      <div class="row">
        <div class="col-sm-6">{label_values}: {values}</div>
        <div class="col-sm-6">{label_evidence}: {evidence}</div>
      </div>
      <div class="d-flex flex-wrap gap-3 align-items-end mt-2">
        <form method="post" action="{approve_url}" data-once>
          {csrf}
          <input type="hidden" name="next" value="{back}">
          <button type="submit" class="btn btn-success btn-touch">{label_approve}<span class="visually-hidden">: \
{named}</span></button>
        </form>
        <form method="post" action="{return_url}" class="flex-grow-1" novalidate data-once>
          {csrf}
          <input type="hidden" name="next" value="{back}">
          <label class="form-label" for="comentario-{key}">{label_comment}</label>
          <textarea class="form-control mb-2" id="comentario-{key}" name="comment" rows="1" maxlength="2000" \
required></textarea>
          <button type="submit" class="btn btn-warning btn-touch">{label_return}<span class="visually-hidden">: \
{named}</span></button>
        </form>
      </div>
    </div>
  </article>
"""


def _list(items, item_format: str, args) -> SafeString:
    """A ``<ul>`` of ``items`` or «—» when there are none."""
    if not items:
        return mark_safe("—")
    return format_html('<ul class="list-unstyled mb-0">{}</ul>', format_html_join("", item_format, map(args, items)))


def review_cards(rows: list[LogRow], request: HttpRequest) -> SafeString:
    """The review queue's cards of ``rows`` (``execution.rows.log_rows(…, review=True)``): each
    log's activity, line, description, values and evidence, and its «Aprobar» and «Devolver»
    forms, which come back to this page (``next``)."""
    labels = {
        "label_values": _("Valores"),
        "label_evidence": _("Evidencias"),
        "label_approve": _("Aprobar"),
        "label_comment": _("Qué debe corregirse"),
        "label_return": _("Devolver"),
        "csrf": format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request)),
        "back": request.get_full_path(),
    }
    return format_html_join(
        "  ",
        CARD,
        (
            {
                **labels,
                "key": row.key,
                "detail_url": row.detail_url,
                "activity": row.activity_name,
                "about": row.about,
                "summary": row.summary,
                "values": _list(row.values, "\n          <li>{}</li>", lambda text: (text,)),
                "evidence": _list(
                    row.evidence,
                    '\n          <li><a href="{}">{}</a> <span class="text-body-secondary">({})</span></li>',
                    lambda file: (file.url, file.name, file.size),
                ),
                "named": row.named,
                "approve_url": row.approve_url,
                "return_url": row.return_url,
            }
            for row in rows
        ),
    )
