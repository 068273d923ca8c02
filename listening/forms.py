"""Forms of listening. The public ones (suggestion box, survey) refuse empty, oversized and
scripted input with a Spanish message naming the field, and carry a honeypot: a field hidden from
people that a robot fills."""

from __future__ import annotations

import re

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from listening.enums import QuestionKind, SuggestionKind, SuggestionStatus
from listening.models import TEXT_MAX, Question, Suggestion, Survey
from listening.services import Contact
from listening.validators import validate_plain_text
from plans.models import Area

HONEYPOT = "sitio_web"
validate_phone = RegexValidator(
    re.compile(r"^\+?[0-9 ()\-.]{7,20}$"), _("Escriba un teléfono con números (por ejemplo: 300 123 4567).")
)


def _text_messages(label: str) -> dict:
    return {
        "required": _("Escriba %(what)s.") % {"what": label},
        "max_length": _("El texto supera los %(limit_value)d caracteres (tiene %(show_value)d)."),
    }


class HoneypotMixin(forms.Form):
    """A field people do not see (hidden by CSS and from assistive technology); a robot fills it."""

    sitio_web = forms.CharField(label=_("No escriba en este campo"), required=False, max_length=200)

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT))


class ContactMixin(forms.Form):
    """An optional contact, only with consent under the entity's privacy notice."""

    contact_name = forms.CharField(
        label=_("Su nombre (opcional)"), required=False, max_length=120, validators=[validate_plain_text]
    )
    contact_email = forms.EmailField(
        label=_("Su correo (opcional)"),
        required=False,
        max_length=254,
        error_messages={"invalid": _("Escriba un correo válido, por ejemplo nombre@dominio.co.")},
    )
    consent = forms.BooleanField(
        label=_(
            "Autorizo el tratamiento de mis datos de contacto según el aviso de privacidad, solo para responderme."
        ),
        required=False,
    )

    def clean(self):
        data = super().clean()
        if (data.get("contact_email") or data.get("contact_phone")) and not data.get("consent"):
            self.add_error("consent", _("Para dejar un contacto, marque la autorización del tratamiento de sus datos."))
        return data

    def contact(self) -> Contact:
        data = self.cleaned_data
        return Contact(
            name=data.get("contact_name", ""),
            email=data.get("contact_email", ""),
            phone=data.get("contact_phone", ""),
            consent=bool(data.get("consent")),
        )


class SuggestionForm(HoneypotMixin, ContactMixin):
    """The suggestion box (public and internal)."""

    kind = forms.ChoiceField(
        label=_("Tipo de mensaje"), choices=SuggestionKind.choices, initial=SuggestionKind.SUGGESTION
    )
    text = forms.CharField(
        label=_("Su mensaje"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": TEXT_MAX}),
        validators=[validate_plain_text],
        error_messages=_text_messages(_("su mensaje")),
    )
    contact_phone = forms.CharField(
        label=_("Su teléfono (opcional)"), required=False, max_length=40, validators=[validate_phone]
    )

    field_order = ["kind", "text", "contact_name", "contact_email", "contact_phone", "consent", HONEYPOT]

    def __init__(self, *args, with_contact: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not with_contact:  # no privacy notice published: no contact is asked
            for name in ("contact_name", "contact_email", "contact_phone", "consent"):
                del self.fields[name]


class SurveyAnswerForm(HoneypotMixin, ContactMixin):
    """The questions of a survey, built from its questions."""

    def __init__(self, *args, survey: Survey, questions: list[Question], with_contact: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        fields = {}
        for question in questions:
            fields[f"q{question.pk}"] = self._field(question)
        if survey.one_per_person:
            fields["respondent_email"] = forms.EmailField(
                label=_("Su correo (para contar una respuesta por persona; no se guarda)"),
                max_length=254,
                error_messages={
                    "required": _("Escriba su correo."),
                    "invalid": _("Escriba un correo válido, por ejemplo nombre@dominio.co."),
                },
            )
        contact = {name: self.fields.pop(name) for name in ("contact_name", "contact_email", "consent")}
        honeypot = self.fields.pop(HONEYPOT)
        self.fields.update(fields)
        if with_contact:
            self.fields.update(contact)
        self.fields[HONEYPOT] = honeypot

    @staticmethod
    def _field(question: Question) -> forms.Field:
        required = {"required": _("Responda esta pregunta.")}
        if question.kind == QuestionKind.SCALE:
            choices = [(str(n), str(n)) for n in range(1, question.scale_max + 1)]
            return forms.ChoiceField(
                label=question.text,
                choices=choices,
                required=question.required,
                widget=forms.RadioSelect,
                error_messages={**required, "invalid_choice": _("Elija un valor de la escala.")},
            )
        if question.kind == QuestionKind.CHOICE:
            return forms.ChoiceField(
                label=question.text,
                choices=[(option, option) for option in question.option_list],
                required=question.required,
                widget=forms.RadioSelect,
                error_messages={**required, "invalid_choice": _("Elija una de las opciones.")},
            )
        return forms.CharField(
            label=question.text,
            required=question.required,
            max_length=TEXT_MAX,
            widget=forms.Textarea(attrs={"rows": 4, "maxlength": TEXT_MAX}),
            validators=[validate_plain_text],
            error_messages={
                **required,
                "max_length": _("El texto supera los %(limit_value)d caracteres (tiene %(show_value)d)."),
            },
        )

    def values(self) -> dict[int, object]:
        return {question.pk: self.cleaned_data.get(f"q{question.pk}") for question in self.questions}


class TriageForm(forms.ModelForm):
    """The press office's triage: status, area, answer and whether it is published."""

    class Meta:
        model = Suggestion
        fields = ["status", "area", "answer", "is_public"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(entity_id=self.instance.entity_id)
        self.fields["answer"].validators.append(validate_plain_text)


class SuggestionFilterForm(forms.Form):
    estado = forms.ChoiceField(label=_("Estado"), required=False, choices=[("", _("Todos")), *SuggestionStatus.choices])
    tipo = forms.ChoiceField(label=_("Tipo"), required=False, choices=[("", _("Todos")), *SuggestionKind.choices])


class AttendanceImportForm(forms.Form):
    sheet = forms.FileField(
        label=_("Hoja de asistencia (XLSX o CSV)"),
        help_text=_("Columnas: nombre, correo, dependencia, asistió (sí/no), usa la herramienta (sí/no/vacío)."),
    )


class AttendanceAddForm(forms.Form):
    name = forms.CharField(label=_("Nombre"), max_length=160, validators=[validate_plain_text])
    email = forms.EmailField(label=_("Correo electrónico"), required=False)
    area_name = forms.CharField(
        label=_("Dependencia"), required=False, max_length=160, validators=[validate_plain_text]
    )
