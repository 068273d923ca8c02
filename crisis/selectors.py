"""Reads of the crisis app; each applies the user's entity scope and owns its joins."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from crisis.models import CrisisProtocol, CrisisRole, Incident, IncidentEvent, IncidentMessage, MessageTemplate
from plans.models import Channel, User


def protocols_for_user(*, user: User) -> QuerySet[CrisisProtocol]:
    """Return the crisis protocols ``user`` may read, with their entity."""
    return CrisisProtocol.objects.for_user(user).select_related("entity").order_by("entity__name")


def protocol_get_for_user(*, user: User, protocol_id: int) -> CrisisProtocol:
    """Return the protocol with everything its page shows, or raise Http404 outside the scope."""
    queryset = (
        CrisisProtocol.objects.for_user(user)
        .select_related("entity", "immediate_channel")
        .prefetch_related(
            "levels",
            "roles",
            "contacts",
            Prefetch("templates", queryset=MessageTemplate.objects.select_related("channel")),
        )
    )
    try:
        return queryset.get(pk=protocol_id)
    except (CrisisProtocol.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def protocol_for_entity(*, entity_id: int | None) -> CrisisProtocol | None:
    """Return the entity's protocol with its immediate channel, or None when it has none yet."""
    if entity_id is None:
        return None
    return CrisisProtocol.objects.select_related("entity", "immediate_channel").filter(entity_id=entity_id).first()


def channels_with_template(*, protocol: CrisisProtocol, purposes: list[str]) -> QuerySet[Channel]:
    """Return the protocol's channels that have a template for one of ``purposes``."""
    return (
        Channel.objects.filter(crisis_templates__protocol=protocol, crisis_templates__purpose__in=purposes)
        .distinct()
        .order_by("name")
    )


def spokespeople(*, protocol: CrisisProtocol) -> QuerySet[CrisisRole]:
    return protocol.roles.filter(is_spokesperson=True).order_by("order", "pk")


def incident_list_for_user(*, user: User, status: str | None = None) -> QuerySet[Incident]:
    """Return the incidents ``user`` may read, newest first, with what the list shows."""
    queryset = Incident.objects.for_user(user).select_related("entity", "severity", "area")
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-started_at", "-pk")


def incident_get_for_user(*, user: User, incident_id: int) -> Incident:
    """Return the incident ``incident_id`` if ``user`` may see it, or raise Http404."""
    queryset = Incident.objects.for_user(user).select_related(
        "entity", "severity__protocol", "area", "spokesperson", "created_by"
    )
    try:
        return queryset.get(pk=incident_id)
    except (Incident.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def incident_timeline(*, incident: Incident) -> list[IncidentEvent]:
    """Return the incident's events in time order, with their authors (one query)."""
    return list(incident.events.select_related("author").order_by("occurred_at", "pk"))


def incident_messages(*, incident: Incident) -> list[IncidentMessage]:
    """Return the incident's messages in the order they were prepared (one query)."""
    return list(incident.messages.select_related("channel", "sent_by").order_by("created_at", "pk"))


def message_get_for_user(*, user: User, message_id: int) -> IncidentMessage:
    """Return the message with its incident if ``user`` may see it, or raise Http404."""
    queryset = IncidentMessage.objects.for_user(user).select_related(
        "channel", "incident__entity", "incident__severity__protocol"
    )
    try:
        return queryset.get(pk=message_id)
    except (IncidentMessage.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
