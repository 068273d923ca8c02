"""Pages of the crisis section: incidents (list, «Nuevo incidente», the incident page with its
messages and timeline, closing with the post-incident report, the printable report) and the
entity's protocol.

Who sees what: the press office (Prensa, and superusers) runs incidents; managers (Directivo)
read every page; area leads and users without a role get 403 on every page of the section (it is
not theirs, like the review pages). Another entity's incident, message or protocol is 404.
Thin views: a selector fetches with the scope check, a form validates, one service writes.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from crisis import services
from crisis.enums import IncidentStatus
from crisis.forms import (
    CloseForm,
    EventForm,
    IncidentCreateForm,
    MessagePrepareForm,
    MessageSendForm,
    ResolveForm,
    add_service_errors,
    now_local,
)
from crisis.models import Incident
from crisis.selectors import (
    incident_get_for_user,
    incident_list_for_user,
    incident_messages,
    incident_timeline,
    message_get_for_user,
    protocol_for_entity,
    protocol_get_for_user,
    protocols_for_user,
)
from plans.rules import allows, require
from plans.web import PAGE_SIZE


@login_required
def incident_list(request: HttpRequest) -> HttpResponse:
    """«Crisis»: the entity's incidents, newest first, with their times, and its protocol."""
    user = request.user
    require(user, "crisis.read_incidents")
    status = request.GET.get("estado") or ""
    if status not in IncidentStatus.values:
        status = ""
    page = Paginator(incident_list_for_user(user=user, status=status or None), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "crisis/incident_list.html",
        {
            "page": page,
            "status": status,
            "statuses": IncidentStatus.choices,
            "protocols": list(protocols_for_user(user=user)),
            "querystring": f"estado={status}" if status else "",
        },
    )


@login_required
def incident_create(request: HttpRequest) -> HttpResponse:
    """«Nuevo incidente»: record the incident and get its ready first notices in one step."""
    user = request.user
    require(user, "crisis.manage_incidents")
    protocol = protocol_for_entity(entity_id=user.entity_id)
    if protocol is None or not protocol.levels.exists():
        messages.error(
            request,
            _("La entidad aún no tiene protocolo de crisis con niveles de severidad: créelo en la administración."),
        )
        return redirect("crisis:incident_list")
    if request.method == "POST":
        form = IncidentCreateForm(request.POST, protocol=protocol)
        if form.is_valid():
            try:
                incident = services.incident_create(user=user, protocol=protocol, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                count = incident.messages.count()
                messages.success(
                    request,
                    ngettext(
                        "Se registró el incidente y se preparó %(count)s mensaje: revíselo y márquelo como enviado.",
                        "Se registró el incidente y se prepararon %(count)s mensajes: revíselos y márquelos como "
                        "enviados.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect(incident)
    else:
        initial = {"started_at": now_local()}
        if protocol.immediate_channel_id:
            initial["channels"] = [protocol.immediate_channel_id]
        form = IncidentCreateForm(initial=initial, protocol=protocol)
    return render(request, "crisis/incident_form.html", {"form": form, "protocol": protocol})


def _render_detail(request: HttpRequest, incident: Incident, **bound) -> HttpResponse:
    """The incident page; ``bound`` carries the one form that came back with errors."""
    user = request.user
    all_messages = incident_messages(incident=incident)
    can_write = allows(user, "crisis.manage_incidents", incident) and incident.is_live
    drafts = []
    if can_write:
        sending = bound.get("send_form")
        for message in all_messages:
            if message.is_sent:
                continue
            if sending is not None and sending.prefix == f"m{message.pk}":
                form = sending
            else:
                form = MessageSendForm(
                    prefix=f"m{message.pk}",
                    initial={"subject": message.subject, "text": message.text, "sent_at": now_local()},
                )
            drafts.append((message, form))
    context = {
        "incident": incident,
        "protocol": incident.severity.protocol,
        "sent": [m for m in all_messages if m.is_sent],
        "drafts": drafts,
        "events": incident_timeline(incident=incident),
        "can_write": can_write,
    }
    if can_write:
        context["event_form"] = bound.get("event_form") or EventForm(initial={"occurred_at": now_local()})
        context["prepare_form"] = bound.get("prepare_form") or MessagePrepareForm(incident=incident)
        if not incident.is_resolved:
            context["resolve_form"] = bound.get("resolve_form") or ResolveForm(initial={"resolved_at": now_local()})
    return render(request, "crisis/incident_detail.html", context)


@login_required
def incident_detail(request: HttpRequest, incident_id: int) -> HttpResponse:
    """The incident: summary and times, messages to send and sent, timeline, next steps."""
    require(request.user, "crisis.read_incidents")
    incident = incident_get_for_user(user=request.user, incident_id=incident_id)
    return _render_detail(request, incident)


def _refused(request: HttpRequest, form, error: ValidationError) -> None:
    add_service_errors(form, error)
    for message in form.non_field_errors():
        messages.error(request, message)


@login_required
@require_POST
def message_send(request: HttpRequest, message_id: int) -> HttpResponse:
    """Mark a prepared message as sent, with its final text and the time it went out."""
    require(request.user, "crisis.manage_incidents")
    message = message_get_for_user(user=request.user, message_id=message_id)
    form = MessageSendForm(request.POST, prefix=f"m{message.pk}")
    if form.is_valid():
        try:
            services.incident_message_send(user=request.user, message=message, **form.cleaned_data)
        except ValidationError as error:
            _refused(request, form, error)
        else:
            messages.success(request, _("Se registró el envío por %(channel)s.") % {"channel": message.channel.name})
            return redirect(message.incident)
    incident = incident_get_for_user(user=request.user, incident_id=message.incident_id)
    return _render_detail(request, incident, send_form=form)


def _incident_action(request: HttpRequest, incident_id: int, form_class, form_key: str, service, success: str):
    require(request.user, "crisis.manage_incidents")
    incident = incident_get_for_user(user=request.user, incident_id=incident_id)
    kwargs = {"incident": incident} if form_class is MessagePrepareForm else {}
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            service(user=request.user, incident=incident, **form.cleaned_data)
        except ValidationError as error:
            _refused(request, form, error)
        else:
            messages.success(request, success)
            return redirect(incident)
    return _render_detail(request, incident, **{form_key: form})


@login_required
@require_POST
def event_add(request: HttpRequest, incident_id: int) -> HttpResponse:
    """Add a novelty to the incident's timeline."""
    return _incident_action(
        request, incident_id, EventForm, "event_form", services.incident_event_add, _("Se agregó a la línea de tiempo.")
    )


@login_required
@require_POST
def messages_prepare(request: HttpRequest, incident_id: int) -> HttpResponse:
    """Prepare an update or a restoration notice from the templates of the chosen channels."""
    return _incident_action(
        request,
        incident_id,
        MessagePrepareForm,
        "prepare_form",
        services.incident_messages_prepare,
        _("Se prepararon los mensajes: revíselos y márquelos como enviados."),
    )


@login_required
@require_POST
def incident_resolve(request: HttpRequest, incident_id: int) -> HttpResponse:
    """Record when the service was restored."""
    return _incident_action(
        request,
        incident_id,
        ResolveForm,
        "resolve_form",
        services.incident_resolve,
        _("Se registró la resolución. Cierre el incidente con su informe posincidente."),
    )


@login_required
def incident_close(request: HttpRequest, incident_id: int) -> HttpResponse:
    """Close a resolved incident with its post-incident report (causes, actions, lessons)."""
    require(request.user, "crisis.manage_incidents")
    incident = incident_get_for_user(user=request.user, incident_id=incident_id)
    if incident.status == IncidentStatus.CLOSED:
        return redirect("crisis:incident_report", incident_id=incident.pk)
    if request.method == "POST":
        form = CloseForm(request.POST)
        if form.is_valid():
            try:
                services.incident_close(
                    user=request.user,
                    incident=incident,
                    causes=form.cleaned_data["report_causes"],
                    actions=form.cleaned_data["report_actions"],
                    lessons=form.cleaned_data["report_lessons"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Se cerró el incidente. Este es su informe posincidente."))
                return redirect("crisis:incident_report", incident_id=incident.pk)
    else:
        form = CloseForm()
    return render(request, "crisis/incident_close.html", {"incident": incident, "form": form})


@login_required
def incident_report(request: HttpRequest, incident_id: int) -> HttpResponse:
    """The printable post-incident report of a closed incident."""
    require(request.user, "crisis.read_incidents")
    incident = incident_get_for_user(user=request.user, incident_id=incident_id)
    if incident.status != IncidentStatus.CLOSED:
        messages.info(request, _("El informe posincidente estará disponible cuando se cierre el incidente."))
        return redirect(incident)
    return render(
        request,
        "crisis/incident_report.html",
        {
            "incident": incident,
            "sent": [m for m in incident_messages(incident=incident) if m.is_sent],
            "events": incident_timeline(incident=incident),
        },
    )


@login_required
def protocol_detail(request: HttpRequest, protocol_id: int) -> HttpResponse:
    """The entity's crisis protocol, readable and printable: levels and steps, roles and
    spokespeople, contacts and the message templates."""
    require(request.user, "crisis.read_incidents")
    protocol = protocol_get_for_user(user=request.user, protocol_id=protocol_id)
    return render(request, "crisis/protocol_detail.html", {"protocol": protocol})
