"""The one way to write campaigns and content pieces: save a campaign, propose or edit a
piece, and move a piece through its workflow (idea → borrador → en revisión → aprobado →
publicado), with the electoral guard (Ley 996 de 2005) on paid publicity.

Views, the admin and the demo all call these functions. Each is atomic, checks who acts
(PermissionDenied for a role that may not act at all), and refuses bad input with a
ValidationError whose messages name the field in Spanish.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from campaigns.enums import CAMPAIGN_GOING_AHEAD, ExceptionCategory, PieceStatus
from campaigns.models import (
    CalendarFeed,
    Campaign,
    ContentPiece,
    ElectionException,
    ElectoralWindow,
    PieceTransition,
    new_feed_token,
)
from plans.models import User
from plans.rules import allows, require

JUSTIFICATION_FIELD = "justification"


@dataclass(frozen=True)
class ExceptionInput:
    """Why paid publicity may go ahead inside a restricted window."""

    category: str
    justification: str


# --- who may do what: the permissions are plans.rules' (campaigns.edit_piece: campaigns.rules) --


def is_own_piece(user: User, piece: ContentPiece) -> bool:
    return user.pk in (piece.owner_id, piece.created_by_id)


# --- the electoral guard --------------------------------------------------------------------


def _windows(entity_id: int, start: date, end: date) -> list[ElectoralWindow]:
    return list(
        ElectoralWindow.objects.filter(entity_id=entity_id, starts_on__lte=end, ends_on__gte=start).order_by(
            "starts_on"
        )
    )


def campaign_restricted_windows(campaign: Campaign) -> list[ElectoralWindow]:
    """Return the restricted windows a paid ATL/BTL campaign's dates overlap (none otherwise)."""
    if not campaign.is_paid_publicity or not (campaign.starts_on and campaign.ends_on):
        return []
    return _windows(campaign.component.plan.entity_id, campaign.starts_on, campaign.ends_on)


def piece_restricted_windows(piece: ContentPiece, day: date | None = None) -> list[ElectoralWindow]:
    """Return the restricted windows a paid ATL/BTL piece's day (``day`` or its calendar day)
    falls in (none for a piece that is not paid publicity)."""
    day = day or piece.calendar_day
    if not piece.is_paid_publicity or day is None:
        return []
    return _windows(piece.area.entity_id, day, day)


def _unjustified(windows: Iterable[ElectoralWindow], justified_ids: set[int]) -> list[ElectoralWindow]:
    return [w for w in windows if w.pk not in justified_ids]


def _window_names(windows: list[ElectoralWindow]) -> str:
    return "; ".join(str(w) for w in windows)


def _clean_exception(exception: ExceptionInput | None, windows: list[ElectoralWindow], subject: str) -> None:
    if exception is None or not (exception.justification or "").strip() or not exception.category:
        errors = {}
        message = _(
            "%(subject)s es pauta pagada ATL/BTL dentro del periodo de restricción electoral %(windows)s "
            "(Ley 996 de 2005): indique la excepción (cívica, educativa o calamidad pública) y su justificación."
        ) % {"subject": subject, "windows": _window_names(windows)}
        errors[JUSTIFICATION_FIELD] = [message]
        if exception is not None and exception.justification.strip() and not exception.category:
            errors["exception_category"] = [_("Elija la categoría de la excepción.")]
        raise ValidationError(errors)
    if exception.category not in ExceptionCategory.values:
        raise ValidationError({"exception_category": [_("Elija una categoría de excepción válida.")]})


def _record_exceptions(
    *, user: User, windows: list[ElectoralWindow], exception: ExceptionInput, campaign=None, piece=None
) -> list[ElectionException]:
    return [
        ElectionException.objects.create(
            window=window,
            campaign=campaign,
            piece=piece,
            category=exception.category,
            justification=exception.justification.strip(),
            recorded_by=user,
        )
        for window in windows
    ]


# --- campaigns ------------------------------------------------------------------------------


def _check_same_entity(entity_id: int, field: str, rows, message: str) -> None:
    if any(row.entity_id != entity_id for row in rows):
        raise ValidationError({field: [message]})


def campaign_election_check(*, campaign: Campaign, exception: ExceptionInput | None) -> list[ElectoralWindow]:
    """Return the restricted windows a campaign going ahead needs ``exception`` for (those
    without a recorded exception yet); raise ValidationError when it needs one and
    ``exception`` is missing or incomplete. Writes nothing."""
    if campaign.status not in CAMPAIGN_GOING_AHEAD:
        return []
    justified = set(campaign.election_exceptions.values_list("window_id", flat=True)) if campaign.pk else set()
    windows = _unjustified(campaign_restricted_windows(campaign), justified)
    if windows:
        _clean_exception(exception, windows, _("La campaña «%(name)s»") % {"name": campaign.name})
    return windows


@transaction.atomic
def campaign_save(
    *,
    user: User,
    campaign: Campaign,
    audiences: Iterable | None = None,
    channels: Iterable | None = None,
    indicators: Iterable | None = None,
    exception: ExceptionInput | None = None,
) -> Campaign:
    """Create or change a campaign (press office only) and set its audiences, channels and
    indicators. A paid ATL/BTL campaign that goes ahead (designed, in progress, finished)
    inside a restricted electoral window needs ``exception``: it is recorded once per window,
    with who and when. Raise ValidationError (nothing saved) on bad input."""
    if not campaign.component_id:
        raise ValidationError({"component": [_("Elija el componente del plan.")]})
    entity_id = campaign.component.plan.entity_id
    require(user, "campaigns.manage_campaigns", campaign)
    campaign.full_clean()
    audiences = list(audiences) if audiences is not None else None
    channels = list(channels) if channels is not None else None
    indicators = list(indicators) if indicators is not None else None
    if audiences:
        _check_same_entity(entity_id, "audiences", audiences, _("Los públicos deben ser de la entidad del plan."))
    if channels:
        _check_same_entity(entity_id, "channels", channels, _("Los canales deben ser de la entidad del plan."))
    if indicators and any(i.plan_id != campaign.component.plan_id for i in indicators):
        raise ValidationError({"indicators": [_("Los indicadores deben ser del plan de la campaña.")]})
    windows = campaign_election_check(campaign=campaign, exception=exception)
    if campaign.pk is None:
        campaign.created_by = user
    campaign.save()
    if windows:
        _record_exceptions(user=user, windows=windows, exception=exception, campaign=campaign)
    if audiences is not None:
        campaign.audiences.set(audiences)
    if channels is not None:
        campaign.channels.set(channels)
    if indicators is not None:
        campaign.indicators.set(indicators)
    return campaign


# --- content pieces -------------------------------------------------------------------------


def _log(piece: ContentPiece, user: User, old: str, new: str, comment: str = "") -> None:
    PieceTransition.objects.create(piece=piece, from_status=old, to_status=new, by=user, comment=comment)


@transaction.atomic
def piece_save(*, user: User, piece: ContentPiece) -> ContentPiece:
    """Propose a new piece (as an idea) or change one still open to changes.

    An area lead proposes and edits their own area's pieces while they are an idea or a
    draft; the press office any piece of its entity until it is approved. Managers only read.
    The workflow fields (status, approval, publication) are never taken from here."""
    if not piece.area_id:
        raise ValidationError({"area": [_("Elija la dependencia de la pieza.")]})
    creating = piece.pk is None
    if creating:
        piece.created_by = user
        if not piece.owner_id:
            piece.owner = user
        piece.status = PieceStatus.IDEA
        piece.published_on = None
        piece.approved_by = None
        piece.approved_at = None
        require(user, "campaigns.write_pieces", piece)
    else:
        stored = ContentPiece.objects.select_for_update(of=("self",)).get(pk=piece.pk)
        require(user, "campaigns.write_pieces", stored)
        if not allows(user, "campaigns.edit_piece", stored):
            raise ValidationError(
                _("La pieza está «%(status)s»: ya no se puede modificar.") % {"status": stored.get_status_display()}
            )
        if piece.area_id != stored.area_id:
            require(user, "campaigns.manage_pieces", stored)
        for field in ("status", "published_on", "approved_by_id", "approved_at", "created_by_id"):
            setattr(piece, field, getattr(stored, field))
    piece.full_clean()
    piece.save()
    if creating:
        _log(piece, user, "", PieceStatus.IDEA)
    return piece


# Moves and who makes them: "writer" is the piece's area lead or the press office.
WRITER_MOVES = {(PieceStatus.IDEA, PieceStatus.DRAFT), (PieceStatus.DRAFT, PieceStatus.IN_REVIEW)}
PRESS_MOVES = {
    (PieceStatus.IN_REVIEW, PieceStatus.APPROVED),
    (PieceStatus.IN_REVIEW, PieceStatus.DRAFT),
    (PieceStatus.APPROVED, PieceStatus.PUBLISHED),
}


def allowed_moves(user: User, piece: ContentPiece) -> set[str]:
    """Return the statuses ``user`` may move ``piece`` to (the pages offer these buttons)."""
    moves = set()
    if not allows(user, "campaigns.write_pieces", piece):
        return moves
    for old, new in WRITER_MOVES:
        if piece.status == old:
            moves.add(new)
    if allows(user, "campaigns.manage_pieces", piece):
        for old, new in PRESS_MOVES:
            if piece.status == old and not (new == PieceStatus.APPROVED and is_own_piece(user, piece)):
                moves.add(new)
    return moves


def _refuse_move(old: str, new: str) -> None:
    if new == PieceStatus.PUBLISHED:
        raise ValidationError({"status": [_("Una pieza solo se publica después de aprobada.")]})
    raise ValidationError(
        {
            "status": [
                _("Una pieza no puede pasar de «%(old)s» a «%(new)s».")
                % {"old": PieceStatus(old).label, "new": PieceStatus(new).label}
            ]
        }
    )


@transaction.atomic
def piece_move(
    *,
    user: User,
    piece: ContentPiece,
    to: str,
    comment: str = "",
    link: str = "",
    published_on: date | None = None,
    exception: ExceptionInput | None = None,
) -> ContentPiece:
    """Move ``piece`` to status ``to`` and record the step (who, when, comment).

    - idea → borrador → en revisión: the piece's area lead or the press office;
    - en revisión → aprobado: the press office, never the piece's owner or author; paid ATL/BTL
      publicity inside a restricted electoral window needs ``exception`` (recorded);
    - en revisión → borrador: the press office returns it with ``comment`` (required);
    - aprobado → publicado: the press office, with ``link`` and ``published_on``.

    Raise PermissionDenied for a role that may not make the move, ValidationError (nothing
    changed) for a move the workflow refuses or bad input."""
    piece = (
        ContentPiece.objects.select_for_update(of=("self",))
        .select_related("area", "channel", "campaign")
        .get(pk=piece.pk)
    )
    require(user, "campaigns.write_pieces", piece)
    old = piece.status
    if (old, to) in WRITER_MOVES:
        pass
    elif (old, to) in PRESS_MOVES:
        require(user, "campaigns.manage_pieces", piece)
    else:
        _refuse_move(old, to)

    if to == PieceStatus.APPROVED:
        if is_own_piece(user, piece):
            raise ValidationError(
                {"status": [_("Nadie aprueba su propia pieza: debe aprobarla otra persona de la oficina de prensa.")]}
            )
        justified = set(piece.election_exceptions.values_list("window_id", flat=True))
        windows = _unjustified(piece_restricted_windows(piece), justified)
        if windows:
            _clean_exception(exception, windows, _("La pieza «%(title)s»") % {"title": piece.title})
            _record_exceptions(user=user, windows=windows, exception=exception, piece=piece)
        piece.approved_by = user
        piece.approved_at = timezone.now()
    elif old == PieceStatus.IN_REVIEW and to == PieceStatus.DRAFT:
        if not (comment or "").strip():
            raise ValidationError({"comment": [_("Indique qué debe corregirse antes de devolver la pieza.")]})
    elif to == PieceStatus.PUBLISHED:
        _clean_publication(user, piece, link, published_on)
        piece.link = link.strip()
        piece.published_on = published_on

    piece.status = to
    piece.full_clean()
    piece.save()
    _log(piece, user, old, to, (comment or "").strip())
    return piece


def _clean_publication(user: User, piece: ContentPiece, link: str, published_on: date | None) -> None:
    errors: dict[str, list[str]] = {}
    if not (link or "").strip():
        errors["link"] = [_("Indique el enlace de la publicación.")]
    if published_on is None:
        errors["published_on"] = [_("Indique la fecha de publicación.")]
    else:
        if published_on > timezone.localdate():
            errors["published_on"] = [_("La fecha de publicación no puede ser futura.")]
        elif piece.approved_at and published_on < timezone.localdate(piece.approved_at):
            errors["published_on"] = [
                _("La pieza se aprobó el %(day)s: no pudo publicarse antes.")
                % {"day": date_format(timezone.localdate(piece.approved_at), "SHORT_DATE_FORMAT")}
            ]
        else:
            justified = set(piece.election_exceptions.values_list("window_id", flat=True))
            windows = _unjustified(piece_restricted_windows(piece, published_on), justified)
            if windows:
                errors["published_on"] = [
                    _(
                        "Ese día está en el periodo de restricción electoral %(windows)s y la aprobación no "
                        "registró una excepción para él: devuelva la pieza a revisión o cambie la fecha."
                    )
                    % {"windows": _window_names(windows)}
                ]
    if errors:
        raise ValidationError(errors)


def piece_return(*, user: User, piece: ContentPiece, comment: str) -> ContentPiece:
    """Return a piece under review to draft with what must change (press office)."""
    return piece_move(user=user, piece=piece, to=PieceStatus.DRAFT, comment=comment)


def piece_approve(*, user: User, piece: ContentPiece, exception: ExceptionInput | None = None) -> ContentPiece:
    """Approve a piece under review (press office, not its owner)."""
    return piece_move(user=user, piece=piece, to=PieceStatus.APPROVED, exception=exception)


def piece_publish(*, user: User, piece: ContentPiece, link: str, published_on: date) -> ContentPiece:
    """Mark an approved piece published, with its link and day (press office)."""
    return piece_move(user=user, piece=piece, to=PieceStatus.PUBLISHED, link=link, published_on=published_on)


# --- the calendar feed ----------------------------------------------------------------------


@transaction.atomic
def calendar_feed_regenerate(*, user: User) -> CalendarFeed:
    """Give ``user`` a new secret feed address; the previous one stops working."""
    feed, created = CalendarFeed.objects.get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.save(update_fields=["token"])
    return feed


def calendar_feed_revoke(*, user: User) -> bool:
    """Delete ``user``'s feed address; return whether there was one."""
    deleted, _rows = CalendarFeed.objects.filter(user=user).delete()
    return bool(deleted)
