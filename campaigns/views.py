"""Views of the campaigns app: campaigns, content pieces and their workflow, the editorial
calendar (month, week and list) and the calendar feed.

Thin on purpose: fetch with the scope check (a selector that raises 404), validate a form, call
one service of campaigns.services, respond. The services decide who may do what; the checks
here only keep the wrong roles away from the forms (403).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from campaigns import selectors, services
from campaigns.enums import PieceStatus
from campaigns.forms import (
    CalendarFilterForm,
    CampaignFilterForm,
    CampaignForm,
    PieceApproveForm,
    PieceForm,
    PiecePublishForm,
    PieceReturnForm,
    add_service_errors,
)
from campaigns.models import CalendarFeed, Campaign, ContentPiece
from plans.rules import allows, require
from plans.web import PAGE_SIZE

# --- campaigns ------------------------------------------------------------------------------


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    """«Campañas»: the campaigns the user may read, filtered and paginated."""
    user = request.user
    require(user, "campaigns.read_campaigns")
    areas = selectors.calendar_filter_choices(user=user)["area"]
    form = CampaignFilterForm(request.GET or None, areas=areas)
    filters = form.filters() if form.is_bound else {}
    campaigns = selectors.campaign_list_for_user(user=user, **filters)
    page = Paginator(campaigns, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "campaigns/campaign_list.html",
        {
            "form": form,
            "page": page,
            "querystring": query.urlencode(),
            "can_create": allows(user, "campaigns.manage_campaigns"),
        },
    )


@login_required
def campaign_detail(request: HttpRequest, campaign_id: int) -> HttpResponse:
    user = request.user
    require(user, "campaigns.read_campaigns")
    campaign = selectors.campaign_get_for_user(user=user, campaign_id=campaign_id)
    pieces = selectors.piece_list_for_user(user=user).filter(campaign=campaign)
    return render(
        request,
        "campaigns/campaign_detail.html",
        {"campaign": campaign, "pieces": pieces, "can_edit": allows(user, "campaigns.manage_campaigns")},
    )


def _campaign_form(request: HttpRequest, campaign: Campaign | None) -> HttpResponse:
    user = request.user
    require(user, "campaigns.manage_campaigns")
    choices = selectors.campaign_form_choices(user=user)
    form = CampaignForm(request.POST or None, instance=campaign, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.campaign_save(
                user=user,
                campaign=form.save(commit=False),
                audiences=form.cleaned_data["audiences"],
                channels=form.cleaned_data["channels"],
                indicators=form.cleaned_data["indicators"],
                exception=form.exception(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Se guardó la campaña «%(name)s».") % {"name": saved.name})
            return redirect(saved)
    return render(request, "campaigns/campaign_form.html", {"form": form, "campaign": campaign})


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    return _campaign_form(request, None)


@login_required
def campaign_update(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = selectors.campaign_get_for_user(user=request.user, campaign_id=campaign_id)
    return _campaign_form(request, campaign)


# --- pieces ---------------------------------------------------------------------------------


def _piece_form(request: HttpRequest, piece: ContentPiece | None) -> HttpResponse:
    user = request.user
    require(user, "campaigns.write_pieces")
    if piece is not None:
        require(user, "campaigns.edit_piece", piece)
    press = allows(user, "campaigns.manage_pieces")
    instance = piece or ContentPiece()
    if not press and piece is None:
        # An area lead's piece is of their area and their own.
        instance.area_id = user.area_id
        instance.owner = user
    initial = {}
    if piece is None:
        initial = {"scheduled_on": _day_param(request.GET.get("dia")) or timezone.localdate()}
        if press:
            initial["owner"] = user.pk
    form = PieceForm(
        request.POST or None,
        instance=instance,
        initial=initial,
        choices=selectors.piece_form_choices(user=user),
        press=press,
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.piece_save(user=user, piece=form.save(commit=False))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Se guardó la pieza «%(title)s».") % {"title": saved.title})
            return redirect(saved)
    return render(request, "campaigns/contentpiece_form.html", {"form": form, "piece": piece})


@login_required
def piece_create(request: HttpRequest) -> HttpResponse:
    """Propose a piece: an area lead for their area, the press office for any."""
    return _piece_form(request, None)


@login_required
def piece_update(request: HttpRequest, piece_id: int) -> HttpResponse:
    piece = selectors.piece_get_for_user(user=request.user, piece_id=piece_id)
    return _piece_form(request, piece)


@login_required
def piece_detail(request: HttpRequest, piece_id: int) -> HttpResponse:
    user = request.user
    require(user, "campaigns.read_campaigns")
    piece = selectors.piece_get_for_user(user=user, piece_id=piece_id)
    moves = services.allowed_moves(user, piece)
    return render(
        request,
        "campaigns/contentpiece_detail.html",
        {
            "piece": piece,
            "can_edit": allows(user, "campaigns.edit_piece", piece),
            "can_draft": PieceStatus.DRAFT in moves and piece.status == PieceStatus.IDEA,
            "can_submit": PieceStatus.IN_REVIEW in moves,
            "can_review": piece.status == PieceStatus.IN_REVIEW and allows(user, "campaigns.manage_pieces", piece),
            "can_publish": PieceStatus.PUBLISHED in moves,
            "own_piece": services.is_own_piece(user, piece),
        },
    )


@login_required
@require_POST
def piece_move(request: HttpRequest, piece_id: int) -> HttpResponse:
    """Move a piece forward on its author's side: idea → borrador → en revisión."""
    user = request.user
    require(user, "campaigns.write_pieces")
    piece = selectors.piece_get_for_user(user=user, piece_id=piece_id)
    target = request.POST.get("to", "")
    if target not in (PieceStatus.DRAFT, PieceStatus.IN_REVIEW):
        messages.error(request, _("Elija un paso válido del flujo."))
        return redirect(piece)
    try:
        moved = services.piece_move(user=user, piece=piece, to=target)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        if moved.status == PieceStatus.IN_REVIEW:
            messages.success(request, _("La pieza se envió a revisión de la oficina de prensa."))
        else:
            messages.success(request, _("La pieza pasó a borrador."))
    return redirect(piece)


@login_required
def piece_review(request: HttpRequest, piece_id: int) -> HttpResponse:
    """The press office's review of a piece: approve it (with the electoral justification
    when the guard asks for one) or return it to draft with a comment."""
    user = request.user
    require(user, "campaigns.manage_pieces")
    piece = selectors.piece_get_for_user(user=user, piece_id=piece_id)
    action = request.POST.get("action") if request.method == "POST" else None
    approve_form = PieceApproveForm(request.POST if action == "aprobar" else None, prefix="aprobar")
    return_form = PieceReturnForm(request.POST if action == "devolver" else None, prefix="devolver")
    if action == "aprobar" and approve_form.is_valid():
        try:
            services.piece_approve(user=user, piece=piece, exception=approve_form.exception())
        except ValidationError as error:
            add_service_errors(approve_form, error)
        else:
            messages.success(request, _("Se aprobó la pieza «%(title)s».") % {"title": piece.title})
            return redirect(piece)
    elif action == "devolver" and return_form.is_valid():
        try:
            services.piece_return(user=user, piece=piece, comment=return_form.cleaned_data["comment"])
        except ValidationError as error:
            add_service_errors(return_form, error)
        else:
            messages.success(request, _("La pieza volvió a borrador con sus observaciones."))
            return redirect(piece)
    return render(
        request,
        "campaigns/contentpiece_review.html",
        {
            "piece": piece,
            "approve_form": approve_form,
            "return_form": return_form,
            "own_piece": services.is_own_piece(user, piece),
            "in_review": piece.status == PieceStatus.IN_REVIEW,
        },
    )


@login_required
def piece_publish(request: HttpRequest, piece_id: int) -> HttpResponse:
    """Mark an approved piece published, with its link and day (press office)."""
    user = request.user
    require(user, "campaigns.manage_pieces")
    piece = selectors.piece_get_for_user(user=user, piece_id=piece_id)
    form = PiecePublishForm(request.POST or None, initial={"link": piece.link, "published_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.piece_publish(user=user, piece=piece, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("La pieza quedó publicada."))
            return redirect(piece)
    return render(request, "campaigns/contentpiece_publish.html", {"piece": piece, "form": form})


# --- the calendar ---------------------------------------------------------------------------


def _day_param(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _calendar_context(request: HttpRequest) -> tuple[CalendarFilterForm, selectors.PieceFilters, dict]:
    user = request.user
    require(user, "campaigns.read_campaigns")
    form = CalendarFilterForm(request.GET or None, choices=selectors.calendar_filter_choices(user=user))
    data = form.cleaned() if form.is_bound else {}
    filters = selectors.PieceFilters(
        channel=data.get("channel"),
        campaign=data.get("campaign"),
        area=data.get("area"),
        status=data.get("status") or "",
    )
    # The filters without the period, for the prev/next and view links.
    query = request.GET.copy()
    for key in ("month", "week", "page"):
        query.pop(key, None)
    return form, filters, {"filter_query": query.urlencode(), "form": form}


@login_required
def calendar_month(request: HttpRequest) -> HttpResponse:
    """The editorial calendar of a month: a table of weeks and days with each day's pieces."""
    form, filters, context = _calendar_context(request)
    today = timezone.localdate()
    month = form.cleaned().get("month") if form.is_bound else None
    page = selectors.calendar_month(user=request.user, month=month or today, today=today, filters=filters)
    return render(request, "campaigns/calendar_month.html", {**context, "page": page, "view": "month"})


@login_required
def calendar_week(request: HttpRequest) -> HttpResponse:
    """The editorial calendar of a week, Monday to Sunday."""
    form, filters, context = _calendar_context(request)
    today = timezone.localdate()
    day = form.cleaned().get("week") if form.is_bound else None
    page = selectors.calendar_week(user=request.user, day=day or today, today=today, filters=filters)
    return render(request, "campaigns/calendar_week.html", {**context, "page": page, "view": "week"})


@login_required
def calendar_list(request: HttpRequest) -> HttpResponse:
    """The list alternative of the month calendar: the same pieces, one row each."""
    form, filters, context = _calendar_context(request)
    today = timezone.localdate()
    month = form.cleaned().get("month") if form.is_bound else None
    page = selectors.calendar_month(user=request.user, month=month or today, today=today, filters=filters)
    return render(
        request, "campaigns/calendar_list.html", {**context, "page": page, "pieces": page.pieces, "view": "list"}
    )


@login_required
def pieces_to_approve(request: HttpRequest) -> HttpResponse:
    """«Piezas por aprobar»: every piece in review the press office may approve, whatever its
    month, the soonest first (the press office's home links here)."""
    user = request.user
    require(user, "campaigns.manage_pieces")
    pieces = selectors.piece_list_for_user(user=user, filters=selectors.PieceFilters(status=PieceStatus.IN_REVIEW))
    page = Paginator(pieces, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "campaigns/pieces_to_approve.html", {"page": page, "pieces": page.object_list})


# --- the calendar feed ----------------------------------------------------------------------


@login_required
def calendar_subscription(request: HttpRequest) -> HttpResponse:
    """The user's feed page: the secret address to subscribe to, to regenerate or revoke."""
    user = request.user
    require(user, "campaigns.read_campaigns")
    if request.method == "POST":
        if request.POST.get("action") == "revocar":
            services.calendar_feed_revoke(user=user)
            messages.success(request, _("Se revocó la dirección del calendario: ya no funciona."))
        else:
            services.calendar_feed_regenerate(user=user)
            messages.success(request, _("Se generó una dirección nueva; la anterior dejó de funcionar."))
        return redirect("campaigns:calendar_subscription")
    feed = CalendarFeed.objects.filter(user=user).first()
    feed_url = request.build_absolute_uri(feed.get_absolute_url()) if feed else ""
    return render(request, "campaigns/calendar_subscription.html", {"feed": feed, "feed_url": feed_url})


def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The iCalendar feed of a user, authenticated by its secret address (no session): the
    pieces the user may read, each an all-day event on its calendar day."""
    user = selectors.feed_user_for_token(token=token)
    today = timezone.localdate()
    cal = Calendar()
    cal.add("prodid", "-//Plan de Comunicaciones//Calendario editorial//ES")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", _("Calendario editorial"))
    cal.add("x-wr-timezone", "America/Bogota")
    stamp = timezone.now()
    for piece in selectors.feed_pieces(user=user, today=today):
        event = Event()
        event.add("uid", f"pieza-{piece.pk}@plan-de-comunicaciones")
        event.add("dtstamp", stamp)
        event.add("dtstart", piece.day)
        event.add("dtend", piece.day + timedelta(days=1))
        summary = f"[{piece.get_status_display()}] {piece.title}"
        if piece.is_flagged:
            summary = f"{summary} · {_('Restricción electoral')}"
        event.add("summary", summary)
        description = [f"{piece.get_kind_display()} · {piece.channel} · {piece.area}"]
        if piece.campaign_id:
            description.append(_("Campaña: %(name)s") % {"name": piece.campaign})
        event.add("description", "\n".join(description))
        event.add("url", request.build_absolute_uri(piece.get_absolute_url()))
        event.add("last-modified", piece.updated_at)
        cal.add_component(event)
    response = HttpResponse(cal.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="calendario-editorial.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
