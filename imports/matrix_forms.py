"""The upload form of the plan matrix import."""

from __future__ import annotations

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from plans.enums import PlanStatus
from plans.models import Entity, Plan

FORMATS = ["xlsx", "ods", "csv"]


class MatrixUploadForm(forms.Form):
    """The file and, when it has no «Plan» sheet (CSV), the plan it goes into."""

    archivo = forms.FileField(
        label=_("Archivo de la matriz"),
        help_text=_("XLSX (Excel), ODS (LibreOffice) o CSV, con las columnas de la plantilla."),
        validators=[FileExtensionValidator(FORMATS, message=_("Suba un archivo XLSX, ODS o CSV."))],
    )
    entidad = forms.ModelChoiceField(
        label=_("Entidad"), queryset=Entity.objects.none(), required=False, help_text=_("Solo para superusuarios.")
    )
    plan = forms.ModelChoiceField(
        label=_("Plan en borrador existente"),
        queryset=Plan.objects.none(),
        required=False,
        help_text=_("Opcional: actualiza ese plan. Si lo deja vacío, se usa la hoja «Plan» o los campos de abajo."),
    )
    titulo = forms.CharField(label=_("Título del plan"), max_length=300, required=False)
    inicio = forms.DateField(label=_("Inicio de la vigencia"), required=False, help_text=_("dd/mm/aaaa"))
    fin = forms.DateField(label=_("Fin de la vigencia"), required=False, help_text=_("dd/mm/aaaa"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.is_superuser and user.entity_id is None:
            self.fields["entidad"].queryset = Entity.objects.order_by("name")
            self.fields["entidad"].required = True
        else:
            del self.fields["entidad"]
        # Only the user's own entity's drafts: another entity's plan id is «not a valid choice».
        self.fields["plan"].queryset = Plan.objects.for_user(user).filter(status=PlanStatus.DRAFT).order_by("title")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("inicio"), cleaned.get("fin")
        if start and end and end <= start:
            self.add_error("fin", _("El fin de la vigencia debe ser posterior a su inicio."))
        plan, entity = cleaned.get("plan"), cleaned.get("entidad")
        if plan is not None and entity is not None and plan.entity_id != entity.pk:
            self.add_error("plan", _("El plan debe ser de la entidad elegida."))
        return cleaned

    def entity(self) -> Entity:
        return self.cleaned_data.get("entidad") or self.user.entity

    def plan_fields(self) -> dict:
        plan = self.cleaned_data.get("plan")
        if plan is not None:
            return {"title": plan.title, "vigencia_start": plan.vigencia_start, "vigencia_end": plan.vigencia_end}
        return {
            "title": self.cleaned_data.get("titulo") or "",
            "vigencia_start": self.cleaned_data.get("inicio"),
            "vigencia_end": self.cleaned_data.get("fin"),
        }
