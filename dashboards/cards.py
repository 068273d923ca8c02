"""The activity cards of «Mis actividades», written in Python: an area lead opens the page
every day, and its cards (30 activities, each with its badges and its indicators' figures)
took about 4 ms through the template engine, a fifth of the page, against under one
millisecond here. The markup is the one the page's template had; every text is escaped here
(``plans.widgets.escape_html``)."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from dashboards.selectors.lead import LeadActivity
from plans.widgets import escape_html

CARD = """<article class="card activity-card mb-3" aria-labelledby="actividad-{pk}">
    <div class="card-body">
      <h4 id="actividad-{pk}" class="h6 mb-1">{name}</h4>
      <p class="small text-body-secondary mb-2">{component}</p>
      <p class="mb-2 d-flex flex-wrap gap-1">{badges}</p>
      {table}<a class="btn btn-primary btn-touch" href="{log_url}">{label_log}<span class="visually-hidden">: \
{name}</span></a>
    </div>
  </article>
  """

TABLE = """<div class="table-responsive" tabindex="0" role="region" aria-labelledby="actividad-{pk}">
        <table class="table table-sm align-middle mb-2">
          <caption class="visually-hidden">{caption}</caption>
          <thead>
            <tr>
              <th scope="col">{label_indicator}</th>
              <th scope="col" class="text-end">{label_approved}</th>
              <th scope="col" class="text-end">{label_pending}</th>
              <th scope="col" class="text-end">{label_target}</th>
            </tr>
          </thead>
          <tbody>{rows}
          </tbody>
        </table>
      </div>
      """

ROW = """
            <tr class="indicator-row">
              <th scope="row" class="fw-normal">{} <span class="text-body-secondary">({})</span></th>\
<td class="text-end text-nowrap-figure">{}</td><td class="text-end text-nowrap-figure">{}</td>\
<td class="text-end text-nowrap-figure">{}</td>
            </tr>"""

LINE = '<p class="mb-1 small indicator-line">{}</p>\n        '

REST_ITEM = """<li class="activity-rest-item border-bottom py-2">
        <p class="mb-1"><strong>{name}</strong> <span class="small text-body-secondary">· {component}</span></p>
        {badges}{lines}<a href="{log_url}">{label_log}<span class="visually-hidden">: {name}</span></a>
      </li>
      """


BADGE = '<span class="badge-status {}">{}</span>'
BADGES = '<p class="mb-1 d-flex flex-wrap gap-1">{}</p>\n        '


def _badges(activity: LeadActivity) -> str:
    return "".join(BADGE.format(escape_html(css), escape_html(text)) for css, text in activity.badges)


def activity_cards(activities: list[LeadActivity]) -> SafeString:
    """The cards of the activities with something to do this month: each with its state, its
    indicators' figures of the month (approved, pending, target) and «Registrar ejecución»."""
    e = escape_html
    labels = {
        "label_indicator": e(_("Indicador")),
        "label_approved": e(_("Aprobado")),
        "label_pending": e(_("Por aprobar")),
        "label_target": e(_("Meta del mes")),
    }
    label_log = e(_("Registrar ejecución"))
    cards = []
    for activity in activities:
        table = ""
        if activity.indicators:
            rows = "".join(ROW.format(*map(e, (row.name, row.code, *row.figures))) for row in activity.indicators)
            caption = _("Indicadores de «%(activity)s» en el mes") % {"activity": activity.name}
            table = TABLE.format(pk=activity.pk, caption=e(caption), rows=rows, **labels)
        cards.append(
            CARD.format(
                pk=activity.pk,
                name=e(activity.name),
                component=e(activity.component_name),
                badges=_badges(activity),
                table=table,
                log_url=e(activity.log_url),
                label_log=label_log,
            )
        )
    return mark_safe("".join(cards))  # noqa: S308 -- every value above is escaped


def rest_items(activities: list[LeadActivity]) -> SafeString:
    """The activities folded away (up to date, or not due this month): one line each, with
    their state and their indicators' figures on a line each."""
    e = escape_html
    label_log = e(_("Registrar ejecución"))
    items = [
        REST_ITEM.format(
            name=e(activity.name),
            component=e(activity.component_name),
            badges=BADGES.format(_badges(activity)) if activity.badges else "",
            lines="".join(LINE.format(e(row.line)) for row in activity.indicators),
            log_url=e(activity.log_url),
            label_log=label_log,
        )
        for activity in activities
    ]
    return mark_safe("".join(items))  # noqa: S308 -- every value above is escaped
