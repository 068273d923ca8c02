"""Writes of the privacy app: publishing a new version of the privacy notice and attending a
data subject's requests (export and deletion). Atomic; each checks who acts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from plans.models import Entity, User
from plans.rules import require
from privacy.enums import RightsRequestKind
from privacy.models import PrivacyNotice, RightsRequest
from privacy.registry import contact_erase_rows, contact_records


def notice_current(*, entity_id: int) -> PrivacyNotice | None:
    """Return the entity's privacy notice in force (its newest version), or None."""
    return PrivacyNotice.objects.filter(entity_id=entity_id).order_by("-version").first()


@transaction.atomic
def notice_publish(*, user: User, entity: Entity, title: str, text: str) -> PrivacyNotice:
    """Publish a new version of ``entity``'s privacy notice; earlier versions stay (the consents
    given under them name them). Refuses an empty text."""
    require(user, "privacy.edit_notice", entity)
    if not text.strip():
        raise ValidationError({"text": _("Escriba el texto del aviso de privacidad.")})
    # Lock the entity's row: two editors publishing at once get consecutive versions.
    Entity.objects.select_for_update().filter(pk=entity.pk).first()
    last = PrivacyNotice.objects.filter(entity=entity).aggregate(last=Max("version"))["last"] or 0
    return PrivacyNotice.objects.create(
        entity=entity,
        version=last + 1,
        title=title.strip() or _("Aviso de privacidad"),
        text=text.strip(),
        published_by=user,
    )


def _check_identifier(email: str, phone: str) -> None:
    if not email.strip() and len("".join(ch for ch in phone if ch.isdigit())) < 7:
        raise ValidationError(
            {"email": _("Indique el correo electrónico o un teléfono (al menos siete dígitos) del titular.")}
        )


@transaction.atomic
def contact_export(*, user: User, entity: Entity, email: str = "", phone: str = "") -> list[dict]:
    """Return every record the entity keeps about the person (by e-mail or phone) and log the
    request («conocer»)."""
    require(user, "privacy.handle_rights", entity)
    _check_identifier(email, phone)
    records = contact_records(entity_id=entity.pk, email=email, phone=phone)
    RightsRequest.objects.create(entity=entity, kind=RightsRequestKind.KNOW, handled_by=user, records=len(records))
    return records


@transaction.atomic
def contact_delete(*, user: User, entity: Entity, email: str = "", phone: str = "", note: str = "") -> int:
    """Delete the person's data from every record of the entity (by e-mail or phone): contacts
    nothing counts are deleted, the others lose the person and keep their figures. Log the
    request («suprimir») and return how many records changed."""
    require(user, "privacy.handle_rights", entity)
    _check_identifier(email, phone)
    changed = contact_erase_rows(entity_id=entity.pk, email=email, phone=phone)
    RightsRequest.objects.create(
        entity=entity, kind=RightsRequestKind.DELETE, handled_by=user, records=changed, note=note[:300]
    )
    return changed


def contact_records_for(*, user: User, entity: Entity, email: str = "", phone: str = "") -> list[dict]:
    """Return what the entity keeps about the person, for the press office's search (not logged:
    a search is how the office finds out whether it holds anything)."""
    require(user, "privacy.handle_rights", entity)
    _check_identifier(email, phone)
    return contact_records(entity_id=entity.pk, email=email, phone=phone)
