"""The activity cards of «Mis actividades», written in Python: an area lead opens the page
every day, and its cards (30 activities, each with its badges and its indicators' figures)
cost about as much through the template engine as everything else the page does. The markup
is the one the page's template had; every text is escaped here (``format_html``)."""

from __future__ import annotations

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from dashboards.selectors.lead import LeadActivity

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


def _badges(activity: LeadActivity) -> SafeString:
    return format_html_join("", '<span class="badge-status {}">{}</span>', activity.badges)


def activity_cards(activities: list[LeadActivity]) -> SafeString:
    """The cards of the activities with something to do this month: each with its state, its
    indicators' figures of the month (approved, pending, target) and «Registrar ejecución»."""
    labels = {
        "label_indicator": _("Indicador"),
        "label_approved": _("Aprobado"),
        "label_pending": _("Por aprobar"),
        "label_target": _("Meta del mes"),
    }
    label_log = _("Registrar ejecución")
    cards = []
    for activity in activities:
        table = ""
        if activity.indicators:
            rows = format_html_join("", ROW, ((row.name, row.code, *row.figures) for row in activity.indicators))
            caption = _("Indicadores de «%(activity)s» en el mes") % {"activity": activity.name}
            table = format_html(TABLE, pk=activity.pk, caption=caption, rows=rows, **labels)
        cards.append(
            format_html(
                CARD,
                pk=activity.pk,
                name=activity.name,
                component=activity.component_name,
                badges=_badges(activity),
                table=table,
                log_url=activity.log_url,
                label_log=label_log,
            )
        )
    return format_html_join("", "{}", ((card,) for card in cards))


def rest_items(activities: list[LeadActivity]) -> SafeString:
    """The activities folded away (up to date, or not due this month): one line each, with
    their state and their indicators' figures on a line each."""
    label_log = _("Registrar ejecución")
    return format_html_join(
        "",
        REST_ITEM,
        (
            {
                "name": activity.name,
                "component": activity.component_name,
                "badges": (
                    format_html('<p class="mb-1 d-flex flex-wrap gap-1">{}</p>\n        ', _badges(activity))
                    if activity.badges
                    else ""
                ),
                "lines": format_html_join("", LINE, ((row.line,) for row in activity.indicators)),
                "log_url": activity.log_url,
                "label_log": label_log,
            }
            for activity in activities
        ),
    )
