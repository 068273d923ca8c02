"""Forms of the planning chain; each names the field it refuses, in Spanish."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from planning.enums import ItemStatus
from planning.models import ACT_MAX_BYTES, Accountability, ActionPlanItem, CitizenQuestion

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class GenerateForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Año"), coerce=int)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]


class ItemForm(forms.ModelForm):
    class Meta:
        model = ActionPlanItem
        fields = ["component_name", "name", "responsible", "start_date", "end_date", "budget", "status", "reason"]
        widgets = {"start_date": DATE, "end_date": DATE, "reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, adding: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if adding:
            self.fields["status"].choices = [(ItemStatus.ADDED, ItemStatus.ADDED.label)]
            self.fields["status"].initial = ItemStatus.ADDED
        else:
            # A generated item is included, postponed or dropped; «added» is for new ones.
            self.fields["status"].choices = [
                (s.value, s.label) for s in ItemStatus if s != ItemStatus.ADDED or self.instance.status == s
            ]
            for name in ("component_name", "name"):
                self.fields[name].disabled = bool(self.instance.activity_id)


class ApprovalRequestForm(forms.Form):
    summary = forms.CharField(
        label=_("Cambios que se presentan al comité"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=5000,
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decisión"),
        choices=[("aprobar", _("Aprobar")), ("devolver", _("Devolver con observaciones"))],
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        label=_("Instancia que decide"), max_length=200, initial=_("Comité Institucional de Gestión y Desempeño")
    )
    act_number = forms.CharField(label=_("Acta"), max_length=200, help_text=_("Por ejemplo: Acta n.º 32 de 2019."))
    decided_on = forms.DateField(label=_("Fecha de la decisión"), widget=DATE)
    act_file = forms.FileField(label=_("Acta firmada (PDF)"), required=False, help_text=_("Hasta 10 MB."))
    observations = forms.CharField(label=_("Observaciones"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_decided_on(self):
        value = self.cleaned_data["decided_on"]
        if value > self.today:
            raise ValidationError(_("La fecha de la decisión no puede ser posterior a hoy."))
        return value

    def clean_act_file(self):
        upload = self.cleaned_data.get("act_file")
        if not upload:
            return upload
        if upload.size > ACT_MAX_BYTES:
            raise ValidationError(_("El acta supera los 10 MB."))
        head = upload.read(5)
        upload.seek(0)
        if not upload.name.lower().endswith(".pdf") or head != b"%PDF-":
            raise ValidationError(_("El acta debe ser un archivo PDF."))
        return upload

    def clean(self):
        data = super().clean()
        if data.get("decision") == "devolver" and not (data.get("observations") or "").strip():
            self.add_error("observations", _("Escriba las observaciones del comité al devolver."))
        return data


class AccountabilityCreateForm(forms.Form):
    period = forms.ChoiceField(label=_("Periodo"))

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [(str(year), str(year)) for year in years] + [
            ("vigencia", _("Toda la vigencia"))
        ]


class AccountabilityForm(forms.ModelForm):
    class Meta:
        model = Accountability
        fields = ["title", "introduction", "not_done", "show_evidence_links"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4}), "not_done": forms.Textarea(attrs={"rows": 4})}


class QuestionForm(forms.ModelForm):
    """A citizen's question. The name and e-mail are asked only where the entity has published
    its privacy notice, and kept only with the citizen's consent (Ley 1581)."""

    consent = forms.BooleanField(
        label=_("Autorización de tratamiento de datos"),
        required=False,
        help_text=_(
            "Autorizo el tratamiento de mis datos para responder esta pregunta (Ley 1581 de 2012). "
            "Puede pedir que se borren en cualquier momento."
        ),
    )

    class Meta:
        model = CitizenQuestion
        fields = ["name", "email", "text"]
        labels = {"name": _("Su nombre (opcional)"), "email": _("Su correo, para responderle (opcional)")}
        widgets = {"text": forms.Textarea(attrs={"rows": 4, "maxlength": 2000})}

    def __init__(self, *args, with_contact: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_contact:
            # Without a published privacy notice the form asks for no personal data at all.
            for name in ("name", "email", "consent"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if (data.get("email") or data.get("name")) and not data.get("consent"):
            self.add_error("consent", _("Para guardar su nombre o su correo necesitamos su autorización."))
        return data


class ModerationForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decisión"), choices=[("publicar", _("Publicar")), ("rechazar", _("No publicar"))]
    )
    answer = forms.CharField(label=_("Respuesta"), widget=forms.Textarea(attrs={"rows": 2}), required=False)
