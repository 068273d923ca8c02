"""How a log reads in the tables and cards of the pages opened every day (the logs list, the
review queue, the indicator page): its date, status, values and evidence written once per page
in Python, with their addresses, instead of by template filters, includes and ``{% url %}``
tags per cell. The templates still escape every text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.template.defaultfilters import filesizeformat, floatformat
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from execution.models import ActivityLog, LogValue
from indicators.enums import Unit
from plans.web import IdUrl

# How much of a log's description a review card shows.
REVIEW_SUMMARY_CHARS = 300


@dataclass
class EvidenceLink:
    url: str
    name: str
    size: str


@dataclass
class LogRow:
    """A log of a table or a card: ``log`` itself (its activity, plan, area and author are
    selected with it) and what is written from it."""

    log: ActivityLog
    day: str
    status_label: str
    values: list[str]
    evidence: list[EvidenceLink]
    detail_url: str
    # The review queue's cards: the id of its elements, its line (date, area, plan, who
    # reported it), the start of its description, what its buttons name and their addresses.
    key: str = ""
    about: str = ""
    summary: str = ""
    named: str = ""
    approve_url: str = ""
    return_url: str = ""


def _value_text(value: LogValue, yes: str, no: str) -> str:
    """«IND-001: 3», «IND-002: 45 / 50», «IND-003: Sí», as the log's page writes them."""
    if value.numerator is not None:
        figure = f"{floatformat(value.numerator, '-4g')} / {floatformat(value.denominator, '-4g')}"
    elif value.indicator.unit == Unit.MILESTONE:
        figure = yes if value.value else no
    else:
        figure = floatformat(value.value, "-4g")
    return f"{value.indicator.code}: {figure}"


def log_rows(logs: Iterable[ActivityLog], *, review: bool = False) -> list[LogRow]:
    """Return ``logs`` (a page of ``with_table_rows``'s logs) as their rows read; as the
    review queue's cards when ``review``. No query beyond the page's own."""
    detail, download = IdUrl("execution:log_detail"), IdUrl("execution:evidence_download")
    yes, no = _("Sí"), _("No")
    rows = [
        LogRow(
            log=log,
            day=date_format(log.date, "SHORT_DATE_FORMAT"),
            status_label=log.get_status_display(),
            values=[_value_text(value, yes, no) for value in log.value_rows],
            evidence=[EvidenceLink(download(e.pk), e.original_name, filesizeformat(e.size)) for e in log.evidence_rows],
            detail_url=detail(log.pk),
        )
        for log in logs
    ]
    if review:
        approve, give_back = IdUrl("execution:log_approve"), IdUrl("execution:log_return")
        for row in rows:
            log = row.log
            reporter = log.reported_by.get_full_name() or log.reported_by.username
            row.key = str(log.pk)
            row.about = f"{row.day} · {log.area.name} · {log.activity.component.plan.title} · {reporter}"
            row.summary = Truncator(log.description).chars(REVIEW_SUMMARY_CHARS)
            row.named = f"{log.activity.name}, {row.day}"
            row.approve_url, row.return_url = approve(log.pk), give_back(log.pk)
    return rows
