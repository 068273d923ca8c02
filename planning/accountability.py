"""The rendición de cuentas read for citizens: what the plan set out to do in the period, what
was done (indicators against targets, with the public evidence links of approved logs), what was
not and why, the campaigns and their reach, the channels used. Only approved figures."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from campaigns.enums import PieceStatus
from campaigns.models import Campaign, ContentPiece
from execution.enums import LogStatus
from execution.models import ActivityLog
from indicators.enums import PeriodType
from indicators.models import Indicator
from planning.enums import AccountabilityStatus, ItemStatus
from planning.models import Accountability, ActionPlanItem
from plans.models import Channel
from rollups.enums import ProgressStatus
from rollups.models import PeriodValue

MAX_LINKS = 5


def period_type_of(accountability: Accountability) -> tuple[str, date]:
    """The roll-up period that answers the report's period: a calendar year, else the vigencia."""
    start, end = accountability.period_start, accountability.period_end
    if start.month == 1 and start.day == 1 and end == date(start.year, 12, 31):
        return PeriodType.YEAR, start
    return PeriodType.VIGENCIA, accountability.plan.vigencia_start


@dataclass
class IndicatorResult:
    indicator: Indicator
    component: str
    target: Decimal | None
    value: Decimal | None
    achievement: Decimal | None
    status: str
    links: list[str] = field(default_factory=list)
    reason: str = ""

    @property
    def status_label(self) -> str:
        return ProgressStatus(self.status).label

    @property
    def met(self) -> bool:
        return self.status == ProgressStatus.ON_TRACK


@dataclass
class AccountabilityReport:
    accountability: Accountability
    results: list[IndicatorResult]
    not_met: list[IndicatorResult]
    changed_items: list[ActionPlanItem]
    campaigns: list[Campaign]
    channels: list[Channel]
    people_reached: int
    logs_approved: int

    @property
    def met_count(self) -> int:
        return sum(1 for r in self.results if r.met)


def _public_links(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip().startswith(("https://", "http://"))]


def _evidence(accountability: Accountability) -> dict[int, list[str]]:
    """Links of the approved logs of the period, by activity (at most MAX_LINKS each)."""
    links: dict[int, list[str]] = defaultdict(list)
    logs = ActivityLog.objects.filter(
        activity__component__plan=accountability.plan,
        status=LogStatus.APPROVED,
        date__range=(accountability.period_start, accountability.period_end),
    ).exclude(links="")
    for activity_id, text in logs.values_list("activity_id", "links").order_by("date", "pk"):
        for link in _public_links(text):
            if len(links[activity_id]) < MAX_LINKS and link not in links[activity_id]:
                links[activity_id].append(link)
    return links


def accountability_results(accountability: Accountability) -> list[IndicatorResult]:
    period_type, start = period_type_of(accountability)
    values = {
        pv.indicator_id: pv
        for pv in PeriodValue.objects.filter(
            indicator__plan=accountability.plan, period_type=period_type, period_start=start
        )
    }
    reasons = dict(accountability.reasons.values_list("indicator_id", "text"))
    links = _evidence(accountability) if accountability.show_evidence_links else {}
    results = []
    for indicator in Indicator.objects.filter(plan=accountability.plan).select_related("activity__component"):
        value = values.get(indicator.pk)
        component = indicator.activity.component.name if indicator.activity_id else _("Plan en su conjunto")
        results.append(
            IndicatorResult(
                indicator=indicator,
                component=component,
                target=value.target if value else None,
                value=value.value if value else None,
                achievement=value.achievement if value else None,
                status=value.status if value else ProgressStatus.NO_DATA,
                links=links.get(indicator.activity_id, []),
                reason=reasons.get(indicator.pk, ""),
            )
        )
    return results


def accountability_report(accountability: Accountability) -> AccountabilityReport:
    """Everything the public page, its PDF and its open data show. A fixed number of queries."""
    plan = accountability.plan
    period = (accountability.period_start, accountability.period_end)
    results = accountability_results(accountability)
    logs = ActivityLog.objects.filter(activity__component__plan=plan, status=LogStatus.APPROVED, date__range=period)
    totals = logs.aggregate(people=Sum("reach_total"), count=Count("pk"))
    published = Q(pieces__status=PieceStatus.PUBLISHED, pieces__published_on__range=period)
    campaigns = list(
        Campaign.objects.filter(component__plan=plan, starts_on__lte=period[1], ends_on__gte=period[0])
        .annotate(published=Count("pieces", filter=published))
        .order_by("starts_on", "name")
    )
    piece_channels = ContentPiece.objects.filter(
        area__entity=plan.entity_id, status=PieceStatus.PUBLISHED, published_on__range=period
    ).values("channel_id")
    log_channels = logs.values("activity__channels")
    channels = list(
        Channel.objects.filter(Q(pk__in=piece_channels) | Q(pk__in=log_channels)).order_by("name").distinct()
    )
    changed = list(
        ActionPlanItem.objects.filter(
            action_plan__plan=plan,
            action_plan__year__gte=period[0].year,
            action_plan__year__lte=period[1].year,
            status__in=[ItemStatus.POSTPONED, ItemStatus.DROPPED],
        ).select_related("action_plan")
    )
    return AccountabilityReport(
        accountability=accountability,
        results=results,
        not_met=[
            r for r in results if r.status in (ProgressStatus.LATE, ProgressStatus.AT_RISK, ProgressStatus.NO_DATA)
        ],
        changed_items=changed,
        campaigns=campaigns,
        channels=channels,
        people_reached=totals["people"] or 0,
        logs_approved=totals["count"] or 0,
    )


def public_accountability_get(*, accountability_id: int) -> Accountability:
    """A published rendición de cuentas with its plan and entity, or Http404."""
    try:
        return Accountability.objects.select_related("plan__entity").get(
            pk=accountability_id, status=AccountabilityStatus.PUBLISHED
        )
    except (Accountability.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


OPEN_DATA_COLUMNS = [
    ("componente", "texto"),
    ("codigo", "texto"),
    ("indicador", "texto"),
    ("unidad", "texto"),
    ("meta", "número"),
    ("valor", "número"),
    ("cumplimiento_pct", "número"),
    ("estado", "texto"),
    ("motivo", "texto"),
    ("evidencias", "texto"),
]


def open_data_rows(report: AccountabilityReport) -> list[list]:
    return [
        [
            r.component,
            r.indicator.code,
            r.indicator.name,
            str(r.indicator.get_unit_display()),
            r.target,
            r.value,
            r.achievement,
            str(r.status_label),
            r.reason,
            " ".join(r.links),
        ]
        for r in report.results
    ]
