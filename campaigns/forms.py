"""Forms of the campaigns app: they shape and validate input; the models and services keep
the rules."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.enums import CampaignKind, CampaignStatus, ExceptionCategory, PieceStatus
from campaigns.models import Campaign, ContentPiece
from campaigns.services import ExceptionInput
from execution.forms import MonthField, add_service_errors

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

__all__ = [
    "CalendarFilterForm",
    "CampaignFilterForm",
    "CampaignForm",
    "PieceApproveForm",
    "PieceForm",
    "PiecePublishForm",
    "PieceReturnForm",
    "add_service_errors",
]


class ExceptionFieldsMixin(forms.Form):
    """The justification that lets paid publicity go ahead inside a restricted electoral
    window (Ley 996 de 2005); asked for only when the guard needs it."""

    exception_category = forms.ChoiceField(
        label=gettext_lazy("Excepción a la restricción electoral"),
        required=False,
        help_text=gettext_lazy("Solo para pauta pagada ATL/BTL dentro de un periodo de restricción electoral."),
    )
    justification = forms.CharField(
        label=gettext_lazy("Justificación de la excepción"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def _set_exception_choices(self) -> None:
        self.fields["exception_category"].choices = [("", _("Ninguna")), *ExceptionCategory.choices]

    def exception(self) -> ExceptionInput | None:
        data = self.cleaned_data
        if not data.get("exception_category") and not (data.get("justification") or "").strip():
            return None
        return ExceptionInput(
            category=data.get("exception_category") or "", justification=data.get("justification") or ""
        )


class CampaignForm(ExceptionFieldsMixin, forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "name",
            "kind",
            "status",
            "component",
            "area",
            "objective",
            "key_message",
            "audiences",
            "channels",
            "indicators",
            "starts_on",
            "ends_on",
            "designed_on",
            "budget",
        ]
        widgets = {
            "objective": forms.Textarea(attrs={"rows": 3}),
            "key_message": forms.Textarea(attrs={"rows": 2}),
            "audiences": forms.CheckboxSelectMultiple,
            "channels": forms.CheckboxSelectMultiple,
            "indicators": forms.CheckboxSelectMultiple,
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "designed_on": DATE_WIDGET,
        }

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in choices.items():
            self.fields[name].queryset = queryset
        self.fields["component"].label_from_instance = lambda c: f"{c.plan.title} · {c.name}"
        self.fields["indicators"].label_from_instance = lambda i: f"{i.code} · {i.name}"
        # Colombian amounts: 1.234.567 is read as one million two hundred…
        budget = self.fields["budget"]
        budget.localize = True
        budget.widget = forms.TextInput(attrs={"inputmode": "numeric"})
        budget.widget.is_localized = True
        self._set_exception_choices()


class CampaignFilterForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Tipo"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Estado"), required=False)
    area = forms.ModelChoiceField(label=gettext_lazy("Dependencia"), queryset=None, required=False)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Todos")), *CampaignKind.choices]
        self.fields["status"].choices = [("", _("Todos")), *CampaignStatus.choices]
        self.fields["area"].queryset = areas
        self.fields["area"].empty_label = _("Todas")

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"kind": data.get("kind") or "", "status": data.get("status") or "", "area": data.get("area")}


class PieceForm(forms.ModelForm):
    """A piece's content. An area lead's piece is always of their area and theirs; the press
    office chooses the area and the owner."""

    class Meta:
        model = ContentPiece
        fields = [
            "title",
            "kind",
            "area",
            "owner",
            "channel",
            "campaign",
            "activity",
            "scheduled_on",
            "is_paid",
            "summary",
        ]
        widgets = {"scheduled_on": DATE_WIDGET, "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, choices: dict, press: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not press:
            del self.fields["area"]
            del self.fields["owner"]
        for name, queryset in choices.items():
            if name in self.fields:
                self.fields[name].queryset = queryset
        if "owner" in self.fields:
            self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["activity"].label_from_instance = lambda a: f"{a.component.plan.title} · {a.name}"
        self.fields["campaign"].help_text = _("Indique la campaña, la actividad del plan o ambas.")


class PieceReturnForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Qué debe corregirse"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": gettext_lazy("Indique qué debe corregirse antes de devolver la pieza.")},
    )


class PieceApproveForm(ExceptionFieldsMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_exception_choices()


class PiecePublishForm(forms.Form):
    link = forms.URLField(
        label=gettext_lazy("Enlace de la publicación"),
        max_length=500,
        assume_scheme="https",
        error_messages={
            "required": gettext_lazy("Indique el enlace de la publicación."),
            "invalid": gettext_lazy("Indique un enlace válido, por ejemplo https://www.entidad.gov.co/noticia."),
        },
    )
    published_on = forms.DateField(
        label=gettext_lazy("Fecha de publicación"),
        widget=DATE_WIDGET,
        error_messages={
            "required": gettext_lazy("Indique la fecha de publicación."),
            "invalid": gettext_lazy("Indique la fecha como AAAA-MM-DD."),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {"published_on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class CalendarFilterForm(forms.Form):
    """The calendar's filters (a GET form); an invalid value is shown with its message and
    ignored."""

    channel = forms.ModelChoiceField(label=gettext_lazy("Canal"), queryset=None, required=False)
    campaign = forms.ModelChoiceField(label=gettext_lazy("Campaña"), queryset=None, required=False)
    area = forms.ModelChoiceField(label=gettext_lazy("Dependencia"), queryset=None, required=False)
    status = forms.ChoiceField(label=gettext_lazy("Estado"), required=False)
    month = MonthField(label=gettext_lazy("Mes"), required=False)
    week = forms.DateField(
        label=gettext_lazy("Semana del"),
        required=False,
        widget=DATE_WIDGET,
        error_messages={"invalid": gettext_lazy("Indique un día de la semana como AAAA-MM-DD.")},
    )

    def __init__(self, *args, choices: dict, **kwargs):
        super().__init__(*args, **kwargs)
        for name, queryset in choices.items():
            self.fields[name].queryset = queryset
            self.fields[name].empty_label = _("Todos")
        self.fields["area"].empty_label = _("Todas")
        self.fields["status"].choices = [("", _("Todos")), *PieceStatus.choices]
        for name in ("channel", "campaign", "area", "status"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def cleaned(self) -> dict:
        self.is_valid()
        return getattr(self, "cleaned_data", {})
