"""The review queue's cards, written in Python: the press office opens «Revisión» many times a
day, and its 25 cards (each with its values, evidence and two forms) took about 3 ms through
the template engine, a sixth of the page, against half a millisecond here. The
markup is the one the page's template had; every text is escaped here
(``plans.widgets.escape_html``)."""

from __future__ import annotations

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from execution.rows import LogRow
from plans.widgets import escape_html

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


VALUE = "\n          <li>{}</li>"
EVIDENCE = '\n          <li><a href="{}">{}</a> <span class="text-body-secondary">({})</span></li>'


def _list(items: list[str]) -> str:
    """A ``<ul>`` of ``items`` (written and escaped) or «—» when there are none."""
    return f'<ul class="list-unstyled mb-0">{"".join(items)}</ul>' if items else "—"


def review_cards(rows: list[LogRow], request: HttpRequest) -> SafeString:
    """The review queue's cards of ``rows`` (``execution.rows.log_rows(…, review=True)``): each
    log's activity, line, description, values and evidence, and its «Aprobar» and «Devolver»
    forms, which come back to this page (``next``)."""
    e = escape_html
    page = {
        "label_values": e(_("Valores")),
        "label_evidence": e(_("Evidencias")),
        "label_approve": e(_("Aprobar")),
        "label_comment": e(_("Qué debe corregirse")),
        "label_return": e(_("Devolver")),
        "csrf": f'<input type="hidden" name="csrfmiddlewaretoken" value="{e(get_token(request))}">',
        "back": e(request.get_full_path()),
    }
    cards = [
        CARD.format(
            **page,
            key=e(row.key),
            detail_url=e(row.detail_url),
            activity=e(row.activity_name),
            about=e(row.about),
            summary=e(row.summary),
            values=_list([VALUE.format(e(text)) for text in row.values]),
            evidence=_list([EVIDENCE.format(e(file.url), e(file.name), e(file.size)) for file in row.evidence]),
            named=e(row.named),
            approve_url=e(row.approve_url),
            return_url=e(row.return_url),
        )
        for row in rows
    ]
    return mark_safe("  ".join(cards))  # noqa: S308 -- every value above is escaped
