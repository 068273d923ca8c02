"""The registry of stored contacts: every app that keeps a person's name, e-mail or phone
registers its model here (from its ``AppConfig.ready()``), so that the «derechos del titular»
page finds, exports and erases a person's data everywhere without naming the apps above it.

A holder either deletes its row (a crisis contact, a distribution list entry: nothing counts
them) or anonymises it (a suggestion, a survey response, an attendance: the row stays, without
the person, so every figure that counts it stays as it was).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Model
from django.utils.functional import Promise

CONSENT_FIELDS = ("consent_given_at", "consent_method", "consent_purpose", "consent_notice")


@dataclass(frozen=True)
class ContactHolder:
    """A model that stores contacts: ``email_field`` and ``phone_field`` find a person's rows,
    ``personal_fields`` are what an export shows and an anonymisation blanks (with the consent);
    ``delete`` removes the row instead."""

    key: str
    label: str | Promise
    model: str  # "app.Model"
    entity_path: str
    email_field: str
    phone_field: str | None
    personal_fields: tuple[str, ...]
    delete: bool = False
    # Fields shown in the export beside the personal ones (what the record is about).
    context_fields: tuple[str, ...] = field(default_factory=tuple)

    @property
    def model_class(self) -> type[Model]:
        return apps.get_model(self.model)


_HOLDERS: dict[str, ContactHolder] = {}


def register_holder(holder: ContactHolder) -> None:
    """Register ``holder`` (idempotent for the same holder; another one under its key is refused)."""
    registered = _HOLDERS.get(holder.key)
    if registered is not None and registered != holder:
        raise ValueError(f"Another contact holder is registered as {holder.key!r}.")
    _HOLDERS[holder.key] = holder


def holders() -> list[ContactHolder]:
    """Return the registered holders, in registration order."""
    return list(_HOLDERS.values())


def _digits(phone: str) -> str:
    return "".join(ch for ch in phone if ch.isdigit())


def holder_rows(holder: ContactHolder, *, entity_id: int, email: str = "", phone: str = "") -> list[Model]:
    """Return ``holder``'s rows of the entity whose e-mail is ``email`` (any case) or whose phone
    ends with the same last ten digits as ``phone`` (a phone is written «300 123 4567», «+57
    3001234567»…; seven digits at least)."""
    rows = holder.model_class._default_manager.filter(**{holder.entity_path: entity_id})
    found: dict[int, Model] = {}
    if email.strip():
        for row in rows.filter(**{f"{holder.email_field}__iexact": email.strip()}):
            found[row.pk] = row
    digits = _digits(phone)
    if holder.phone_field and len(digits) >= 7:
        wanted = digits[-10:]
        # Candidates by their last four digits in SQL (formatting differs), exact in Python.
        for row in rows.filter(**{f"{holder.phone_field}__contains": digits[-4:]}):
            if _digits(getattr(row, holder.phone_field))[-10:] == wanted:
                found[row.pk] = row
    return [found[pk] for pk in sorted(found)]


def _display(row: Model, name: str) -> str:
    value = getattr(row, name)
    display = getattr(row, f"get_{name}_display", None)
    if display is not None:
        value = display()
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def contact_records(*, entity_id: int, email: str = "", phone: str = "") -> list[dict]:
    """Return what the product stores about the person (by e-mail or phone) in the entity: one
    dict per record with the holder, the personal fields, the consent and the context."""
    records = []
    for holder in _HOLDERS.values():
        model = holder.model_class
        for row in holder_rows(holder, entity_id=entity_id, email=email, phone=phone):
            names = (*holder.personal_fields, *CONSENT_FIELDS, *holder.context_fields)
            records.append(
                {
                    "holder": holder.key,
                    "holder_label": str(holder.label),
                    "id": row.pk,
                    "fields": [(str(model._meta.get_field(name).verbose_name), _display(row, name)) for name in names],
                }
            )
    return records


def contact_erase_rows(*, entity_id: int, email: str = "", phone: str = "", only: Iterable[str] | None = None) -> int:
    """Delete or anonymise the person's rows in every holder (or the holders ``only`` names) and
    return how many rows changed. The caller runs it in a transaction."""
    changed = 0
    wanted = set(only) if only is not None else None
    for holder in _HOLDERS.values():
        if wanted is not None and holder.key not in wanted:
            continue
        rows = holder_rows(holder, entity_id=entity_id, email=email, phone=phone)
        for row in rows:
            if holder.delete:
                row.delete()
            else:
                for name in (*holder.personal_fields, *CONSENT_FIELDS):
                    model_field = row._meta.get_field(name)
                    setattr(row, model_field.attname, None if model_field.null else "")
                # One row at a time through save(): the holders' own receivers (the automatic
                # indicators' marks) see the change; the figures they count do not move.
                row.save()
            changed += 1
    return changed
