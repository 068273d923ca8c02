"""The campaigns' permission that needs their workflow: which pieces are still open to
changes, and for whom. Built from the shared predicates of plans.rules."""

from __future__ import annotations

from typing import Any

import rules

from campaigns.enums import PieceStatus
from plans.rules import PERMISSIONS, AnyUser, is_press

# Statuses in which a piece's content may still change, by who edits it.
LEAD_EDITABLE = {PieceStatus.IDEA, PieceStatus.DRAFT}
PRESS_EDITABLE = {PieceStatus.IDEA, PieceStatus.DRAFT, PieceStatus.IN_REVIEW}


@rules.predicate
def piece_open_to_user(user: AnyUser, piece: Any) -> bool:
    """The piece may still change in the user's hands: an idea or a draft; for the press
    office, also while in review."""
    if piece is None:
        return True
    return piece.status in (PRESS_EDITABLE if is_press(user) else LEAD_EDITABLE)


# The piece's writer (its area's lead or the press office), while it is open to them.
rules.add_perm("campaigns.edit_piece", PERMISSIONS["campaigns.write_pieces"] & piece_open_to_user)
