"""How a log reads in the tables and cards of the pages opened every day (the logs list, the
review queue, the indicator page): its date, status, values and evidence written once per page
in Python, with their addresses, instead of by template filters, includes and ``{% url %}``
tags per cell. The templates still escape every text."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from datetime import date

from django.db.models import QuerySet
from django.template.defaultfilters import filesizeformat, floatformat
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from execution.enums import LogStatus
from execution.models import ActivityLog, Evidence, LogValue
from execution.selectors import with_table_rows
from indicators.enums import Unit
from plans.models import person_name
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
    """A log of a table or a card, as ``execution.selectors.with_table_rows`` reads it (its
    activity, plan, area and author with it), and what is written from it."""

    pk: int
    date: date
    status: str
    activity_name: str
    plan_title: str
    area_name: str
    day: str
    status_label: str
    detail_url: str
    values: list[str] = field(default_factory=list)
    evidence: list[EvidenceLink] = field(default_factory=list)
    # The review queue's cards: the id of its elements, its line (date, area, plan, who
    # reported it), the start of its description, what its buttons name and their addresses.
    key: str = ""
    about: str = ""
    summary: str = ""
    named: str = ""
    approve_url: str = ""
    return_url: str = ""


def _value_text(code: str, unit: str, value, numerator, denominator, yes: str, no: str) -> str:
    """«IND-001: 3», «IND-002: 45 / 50», «IND-003: Sí», as the log's page writes them."""
    if numerator is not None:
        figure = f"{floatformat(numerator, '-4g')} / {floatformat(denominator, '-4g')}"
    elif unit == Unit.MILESTONE:
        figure = yes if value else no
    else:
        figure = floatformat(value, "-4g")
    return f"{code}: {figure}"


def _summary(description: str) -> str:
    """The start of a description, as the review card shows it. Truncator reads a text
    character by character (about 0.1 ms for 300): a text no longer than the limit is kept
    without it, normalised as Truncator would keep it."""
    text = unicodedata.normalize("NFC", description)
    if len(text) <= REVIEW_SUMMARY_CHARS:
        return text
    return Truncator(text).chars(REVIEW_SUMMARY_CHARS)


def log_rows(logs: QuerySet[ActivityLog], *, review: bool = False, plan: bool = True) -> list[LogRow]:
    """Return ``logs`` (a page of logs) as their rows read, in three queries: the logs with
    their activity, area and, when ``plan``, their plan's title (``with_table_rows``), their
    values in their indicators' order, their evidence. As the review queue's cards, with
    their plan and author, when ``review``."""
    detail = IdUrl("execution:log_detail")
    labels = {status.value: str(status.label) for status in LogStatus}
    rows = {}
    days: dict[date, str] = {}  # a page's logs share few dates: each is written once
    for log in with_table_rows(logs, plan=plan or review, reporter=review):
        if (day := days.get(log["date"])) is None:
            day = days[log["date"]] = date_format(log["date"], "SHORT_DATE_FORMAT")
        rows[log["pk"]] = LogRow(
            pk=log["pk"],
            date=log["date"],
            status=log["status"],
            activity_name=log["activity_name"],
            plan_title=log.get("plan_title", ""),
            area_name=log["area_name"],
            day=day,
            status_label=labels[log["status"]],
            detail_url=detail(log["pk"]),
        )
        if review:
            row = rows[log["pk"]]
            row.key = str(log["pk"])
            reporter = person_name(log["reporter_username"], log["reporter_first_name"], log["reporter_last_name"])
            row.about = f"{day} · {log['area_name']} · {log['plan_title']} · {reporter}"
            row.summary = _summary(log["description"])
            row.named = f"{log['activity_name']}, {day}"
    if not rows:
        return []
    _add_values(rows)
    _add_evidence(rows)
    if review:
        approve, give_back = IdUrl("execution:log_approve"), IdUrl("execution:log_return")
        for row in rows.values():
            row.approve_url, row.return_url = approve(row.pk), give_back(row.pk)
    return list(rows.values())


def _add_values(rows: dict[int, LogRow]) -> None:
    """Each row's values, in its indicators' order: one query."""
    yes, no = _("Sí"), _("No")
    values = (
        LogValue.objects.filter(log_id__in=rows)
        .order_by("indicator__order", "indicator__code")
        .values_list("log_id", "indicator__code", "indicator__unit", "value", "numerator", "denominator")
    )
    for log_id, *value in values:
        rows[log_id].values.append(_value_text(*value, yes, no))


def _add_evidence(rows: dict[int, LogRow]) -> None:
    """Each row's evidence files, in the order they were attached: one query."""
    download = IdUrl("execution:evidence_download")
    evidence = Evidence.objects.filter(log_id__in=rows).order_by("pk")
    for pk, log_id, name, size in evidence.values_list("pk", "log_id", "original_name", "size"):
        rows[log_id].evidence.append(EvidenceLink(download(pk), name, filesizeformat(size)))
