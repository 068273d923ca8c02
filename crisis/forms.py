"""Forms of the crisis pages. They validate and shape input; the services decide the rest."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from crisis.enums import TemplatePurpose
from crisis.models import CrisisProtocol, Incident
from crisis.selectors import channels_with_template, spokespeople
from plans.models import Area

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    """The browser's date-and-time picker; values are in the user's time zone (Colombia)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format=DATETIME_LOCAL)


def datetime_field(label, **kwargs) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=DateTimeLocalInput(),
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        error_messages={
            "required": _("Indique la fecha y la hora."),
            "invalid": _("Escriba una fecha y hora válidas (dd/mm/aaaa hh:mm)."),
        },
        **kwargs,
    )


def now_local() -> str:
    return timezone.localtime().strftime(DATETIME_LOCAL)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's messages on the fields they name; the rest on the whole form."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, messages in error.message_dict.items():
        for message in messages:
            form.add_error(key if key in form.fields else None, message)


class IncidentCreateForm(forms.Form):
    """«Nuevo incidente»: what happened, since when, how severe, and the channels of the first
    notice (only channels with an «aviso inicial» template are offered)."""

    title = forms.CharField(
        label=_("Título"),
        max_length=200,
        error_messages={"required": _("Escriba un título corto del incidente.")},
    )
    started_at = datetime_field(_("Inicio (hora de Colombia)"))
    severity = forms.ModelChoiceField(
        label=_("Severidad"),
        queryset=None,
        empty_label=None,
        error_messages={"required": _("Elija la severidad."), "invalid_choice": _("Elija un nivel de la lista.")},
    )
    affected_service = forms.CharField(
        label=_("Servicio afectado"),
        max_length=200,
        error_messages={"required": _("Indique qué servicio está afectado.")},
    )
    channels = forms.ModelMultipleChoiceField(
        label=_("Canales del primer aviso"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Se prepara un mensaje por canal a partir de su plantilla; podrá editarlo antes de enviarlo."),
        error_messages={
            "required": _("Elija al menos un canal para el primer aviso."),
            "invalid_choice": _("Elija canales de la lista."),
        },
    )
    spokesperson = forms.ModelChoiceField(
        label=_("Vocero"), queryset=None, required=False, empty_label=_("El primer vocero del protocolo")
    )
    area = forms.ModelChoiceField(label=_("Dependencia a cargo"), queryset=None, required=False)
    description = forms.CharField(label=_("Descripción"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, protocol: CrisisProtocol, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["severity"].queryset = protocol.levels.order_by("level")
        self.fields["channels"].queryset = channels_with_template(
            protocol=protocol, purposes=[TemplatePurpose.FIRST_NOTICE]
        )
        self.fields["spokesperson"].queryset = spokespeople(protocol=protocol)
        self.fields["area"].queryset = Area.objects.filter(entity_id=protocol.entity_id).order_by("name")


class MessageSendForm(forms.Form):
    """Mark a prepared message as sent, with its final text."""

    subject = forms.CharField(label=_("Asunto"), max_length=200, required=False)
    text = forms.CharField(
        label=_("Texto del mensaje"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("El mensaje no puede quedar vacío.")},
    )
    sent_at = datetime_field(_("Hora de envío"))


class MessagePrepareForm(forms.Form):
    """Prepare an update or a restoration notice for some channels."""

    purpose = forms.ChoiceField(
        label=_("Mensaje"),
        choices=[(p.value, p.label) for p in TemplatePurpose if p != TemplatePurpose.FIRST_NOTICE],
    )
    channels = forms.ModelMultipleChoiceField(
        label=_("Canales"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Elija al menos un canal."), "invalid_choice": _("Elija canales de la lista.")},
    )

    def __init__(self, *args, incident: Incident, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["channels"].queryset = channels_with_template(
            protocol=incident.severity.protocol, purposes=[TemplatePurpose.UPDATE, TemplatePurpose.RESOLUTION]
        )


class EventForm(forms.Form):
    occurred_at = datetime_field(_("Hora"))
    text = forms.CharField(
        label=_("Qué pasó"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Describa qué pasó.")},
    )


class ResolveForm(forms.Form):
    resolved_at = datetime_field(_("Hora de resolución"))
    note = forms.CharField(
        label=_("Nota"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Por ejemplo: cómo se restableció el servicio."),
    )


class CloseForm(forms.Form):
    """The post-incident report, required to close."""

    report_causes = forms.CharField(
        label=_("Causas"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Describa las causas: es obligatorio para cerrar el incidente.")},
    )
    report_actions = forms.CharField(
        label=_("Acciones tomadas"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Describa las acciones tomadas: es obligatorio para cerrar el incidente.")},
    )
    report_lessons = forms.CharField(
        label=_("Lecciones aprendidas"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Escriba las lecciones aprendidas: es obligatorio para cerrar el incidente.")},
    )
