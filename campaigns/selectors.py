"""Reads of the campaigns app: campaigns, pieces, the editorial calendar and the feed.

Every read starts from ``visible_to(user)`` (the entity's rows for the press office and
managers, the area's for an area lead) and owns its joins and annotations, so a page costs
the same number of queries whatever the number of rows.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404

from campaigns.enums import PieceStatus
from campaigns.models import (
    CalendarFeed,
    Campaign,
    ContentPiece,
    ElectionException,
    ElectoralWindow,
    PieceTransition,
)
from plans.models import Activity, Area, Audience, Channel, Component, User

# The week starts on Monday, as Colombian calendars print it.
WEEK = calendar.Calendar(firstweekday=calendar.MONDAY)
# How far back and ahead the calendar feed reaches: the subscriber's app keeps older events.
FEED_PAST_DAYS = 180
FEED_FUTURE_DAYS = 400


@dataclass
class PieceFilters:
    channel: Channel | None = None
    campaign: Campaign | None = None
    area: Area | None = None
    status: str = ""


# --- campaigns ------------------------------------------------------------------------------


def _campaign_windows() -> Exists:
    return Exists(
        ElectoralWindow.objects.filter(
            entity_id=OuterRef("component__plan__entity_id"),
            starts_on__lte=OuterRef("ends_on"),
            ends_on__gte=OuterRef("starts_on"),
        )
    )


def campaign_list_for_user(
    *, user: User, kind: str = "", status: str = "", area: Area | None = None, component: Component | None = None
) -> QuerySet[Campaign]:
    """Return the campaigns ``user`` may read, newest first, filtered, with their plan, area,
    number of pieces and whether they overlap a restricted electoral window. One query."""
    campaigns = Campaign.objects.visible_to(user)
    if kind:
        campaigns = campaigns.filter(kind=kind)
    if status:
        campaigns = campaigns.filter(status=status)
    if area is not None:
        campaigns = campaigns.filter(area=area)
    if component is not None:
        campaigns = campaigns.filter(component=component)
    return (
        campaigns.select_related("component__plan", "area")
        .annotate(piece_count=Count("pieces"), in_window=_campaign_windows())
        .order_by("-starts_on", "name", "pk")
    )


def campaign_get_for_user(*, user: User, campaign_id: int) -> Campaign:
    """Return campaign ``campaign_id`` if ``user`` may read it, with its relations, or raise
    Http404."""
    try:
        return (
            Campaign.objects.visible_to(user)
            .select_related("component__plan", "area", "created_by")
            .annotate(in_window=_campaign_windows())
            .prefetch_related(
                "audiences",
                "channels",
                "indicators",
                Prefetch(
                    "election_exceptions",
                    queryset=ElectionException.objects.select_related("window", "recorded_by"),
                ),
            )
            .get(pk=campaign_id)
        )
    except (Campaign.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def campaign_form_choices(*, user: User) -> dict[str, QuerySet]:
    """Return what a campaign form offers ``user``: the entity's components, areas,
    audiences, channels and indicators."""
    from indicators.models import Indicator

    return {
        "component": Component.objects.for_user(user).select_related("plan").order_by("plan__title", "order", "pk"),
        "area": Area.objects.for_user(user).order_by("name"),
        "audiences": Audience.objects.for_user(user).order_by("name"),
        "channels": Channel.objects.for_user(user).order_by("name"),
        "indicators": Indicator.objects.for_user(user).order_by("plan__title", "code"),
    }


# --- pieces ---------------------------------------------------------------------------------


def _annotated(pieces: QuerySet[ContentPiece]) -> QuerySet[ContentPiece]:
    """Add the calendar day and whether it lies in a restricted electoral window."""
    windows = ElectoralWindow.objects.filter(
        entity_id=OuterRef("area__entity_id"), starts_on__lte=OuterRef("day"), ends_on__gte=OuterRef("day")
    )
    return (
        pieces.annotate(day=Coalesce("published_on", "scheduled_on"))
        .annotate(
            in_window=Exists(windows),
            justified=Exists(ElectionException.objects.filter(piece_id=OuterRef("pk"))),
        )
        .select_related("channel", "campaign", "area", "owner", "activity")
    )


def piece_list_for_user(
    *, user: User, start: date | None = None, end: date | None = None, filters: PieceFilters | None = None
) -> QuerySet[ContentPiece]:
    """Return the pieces ``user`` may read whose calendar day (published, else scheduled) lies
    in [start, end], filtered, in day order. One query."""
    pieces = _annotated(ContentPiece.objects.visible_to(user))
    if start is not None:
        pieces = pieces.filter(day__gte=start)
    if end is not None:
        pieces = pieces.filter(day__lte=end)
    filters = filters or PieceFilters()
    if filters.channel is not None:
        pieces = pieces.filter(channel=filters.channel)
    if filters.campaign is not None:
        pieces = pieces.filter(campaign=filters.campaign)
    if filters.area is not None:
        pieces = pieces.filter(area=filters.area)
    if filters.status:
        pieces = pieces.filter(status=filters.status)
    return pieces.order_by("day", "title", "pk")


def pieces_in_review_count(*, user: User) -> int:
    """Return how many pieces ``user`` may read wait for the press office's approval (in
    review): the press office's worklist. One query."""
    return ContentPiece.objects.visible_to(user).filter(status=PieceStatus.IN_REVIEW).count()


def piece_get_for_user(*, user: User, piece_id: int) -> ContentPiece:
    """Return piece ``piece_id`` if ``user`` may read it, with its history, or raise Http404."""
    try:
        return (
            _annotated(ContentPiece.objects.visible_to(user))
            .select_related("approved_by", "created_by", "campaign__component__plan", "activity__component__plan")
            .prefetch_related(
                Prefetch("transitions", queryset=PieceTransition.objects.select_related("by").order_by("at", "pk")),
                Prefetch(
                    "election_exceptions",
                    queryset=ElectionException.objects.select_related("window", "recorded_by"),
                ),
            )
            .get(pk=piece_id)
        )
    except (ContentPiece.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def piece_form_choices(*, user: User) -> dict[str, QuerySet]:
    """Return what the piece form offers ``user``: for an area lead, their area, its
    campaigns and the activities it is responsible for; for the press office, the entity's."""
    areas = Area.objects.for_user(user).order_by("name")
    campaigns = Campaign.objects.visible_to(user).order_by("-starts_on", "name")
    activities = Activity.objects.for_user(user).select_related("component__plan")
    if not user.is_press:
        areas = areas.filter(pk=user.area_id)
        activities = activities.filter(responsible_areas=user.area_id)
    owners = User.objects.for_user(user).filter(is_active=True).order_by("first_name", "last_name", "username")
    return {
        "area": areas,
        "campaign": campaigns,
        "activity": activities.order_by("component__plan__title", "component__order", "order", "pk"),
        "channel": Channel.objects.for_user(user).order_by("name"),
        "owner": owners,
    }


def calendar_filter_choices(*, user: User) -> dict[str, QuerySet]:
    """Return the channels, campaigns and areas ``user`` may filter the calendar by."""
    areas = Area.objects.for_user(user).order_by("name")
    if not (user.is_press or user.is_manager):
        areas = areas.filter(pk=user.area_id)
    return {
        "channel": Channel.objects.for_user(user).order_by("name"),
        "campaign": Campaign.objects.visible_to(user).order_by("-starts_on", "name"),
        "area": areas,
    }


# --- the calendar ---------------------------------------------------------------------------


@dataclass
class CalendarDay:
    day: date
    in_period: bool
    is_today: bool
    pieces: list[ContentPiece] = field(default_factory=list)


@dataclass
class CalendarPage:
    start: date
    end: date
    weeks: list[list[CalendarDay]]
    previous: date
    next: date

    @property
    def pieces(self) -> list[ContentPiece]:
        return [piece for week in self.weeks for day in week if day.in_period for piece in day.pieces]


def month_start(day: date) -> date:
    return day.replace(day=1)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _grid(weeks: list[list[date]], start: date, end: date, today: date, pieces) -> list[list[CalendarDay]]:
    by_day: dict[date, list[ContentPiece]] = {}
    for piece in pieces:
        by_day.setdefault(piece.day, []).append(piece)
    return [
        [CalendarDay(d, start <= d <= end, d == today, by_day.get(d, []) if start <= d <= end else []) for d in week]
        for week in weeks
    ]


def calendar_month(*, user: User, month: date, today: date, filters: PieceFilters | None = None) -> CalendarPage:
    """Return the month containing ``month`` as weeks of days (Monday first) with the pieces
    of each day. One query for the pieces."""
    start = month_start(month)
    end = start.replace(day=calendar.monthrange(start.year, start.month)[1])
    pieces = piece_list_for_user(user=user, start=start, end=end, filters=filters)
    weeks = WEEK.monthdatescalendar(start.year, start.month)
    previous = month_start(start - timedelta(days=1))
    return CalendarPage(start, end, _grid(weeks, start, end, today, pieces), previous, end + timedelta(days=1))


def calendar_week(*, user: User, day: date, today: date, filters: PieceFilters | None = None) -> CalendarPage:
    """Return the Monday-to-Sunday week containing ``day`` with the pieces of each day."""
    start = week_start(day)
    end = start + timedelta(days=6)
    pieces = piece_list_for_user(user=user, start=start, end=end, filters=filters)
    week = [start + timedelta(days=n) for n in range(7)]
    return CalendarPage(
        start, end, _grid([week], start, end, today, pieces), start - timedelta(days=7), start + timedelta(days=7)
    )


# --- the feed -------------------------------------------------------------------------------


def feed_user_for_token(*, token: str) -> User:
    """Return the active user whose feed address carries ``token``, or raise Http404."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first() if token else None
    if feed is None or not feed.user.is_active:
        raise Http404
    return feed.user


def feed_pieces(*, user: User, today: date) -> QuerySet[ContentPiece]:
    """Return the pieces the feed of ``user`` lists: those they may read, from half a year back
    to a year ahead."""
    return piece_list_for_user(
        user=user, start=today - timedelta(days=FEED_PAST_DAYS), end=today + timedelta(days=FEED_FUTURE_DAYS)
    )
