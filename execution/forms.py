"""Forms of the reporting cycle: they shape and validate input, the services keep the rules."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from execution.enums import LogStatus
from execution.models import ActivityLog
from execution.services import DESCRIPTION_MAX, ValueInput, value_field
from indicators.enums import Aggregation, PeriodType, Unit
from indicators.models import Indicator
from indicators.periods import period_start
from indicators.validators import validate_value_for_unit
from plans.enums import ComponentKind
from plans.models import Activity
from plans.widgets import BootstrapBoundField, LargeModelChoiceField, LargeSelect

# --- The area leads' site -------------------------------------------------------------------

# What the database keeps: LogValue holds 20 digits with 4 decimals, a reach is a 32-bit integer.
COUNT_MAX = 10**15
REACH_MAX = 2_147_483_647
EVIDENCE_MAX_FILES = 10

UNIT_HELP = {
    Unit.COUNT: gettext_lazy("Número entero, 0 o más."),
    Unit.PERCENTAGE: gettext_lazy("Porcentaje de 0 a 100; por ejemplo 87,5."),
    Unit.COP: gettext_lazy("Valor en pesos colombianos; por ejemplo 1.250.000."),
    Unit.HOURS: gettext_lazy("Horas; admite decimales, por ejemplo 1,5."),
    Unit.DAYS: gettext_lazy("Días; admite decimales, por ejemplo 0,5."),
    Unit.MINUTES: gettext_lazy("Minutos; admite decimales, por ejemplo 12,5."),
}


class MultipleFileInput(forms.FileInput):
    """A file input that accepts several files (``<input type="file" multiple>``)."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field whose cleaned value is the list of uploaded files (Django's «Uploading
    multiple files» recipe). Their content is checked by the service, not here."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        files = data if isinstance(data, list | tuple) else [data]
        cleaned = [single_clean(item, initial) for item in files if item]
        if len(cleaned) > EVIDENCE_MAX_FILES:
            raise ValidationError(
                _("Adjunte como máximo %(max)s archivos por registro.") % {"max": EVIDENCE_MAX_FILES}, code="max_files"
            )
        if self.required and not cleaned:
            raise ValidationError(self.error_messages["required"], code="required")
        return cleaned


def _unit_validator(unit: str):
    def validate(value) -> None:
        if value is not None:
            validate_value_for_unit(unit, Decimal(value))

    return validate


def _plain(value: Decimal | None):
    """A stored decimal as a person would type it: 3 rather than 3,0000."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def _decimal_field(label: str, help_text: str = "", validators=()) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        help_text=help_text,
        required=False,
        localize=True,  # accepts the Colombian 1.234,5 as well as 1234.5
        max_digits=20,
        decimal_places=4,
        validators=list(validators),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


def indicator_fields(indicator: Indicator) -> dict[str, forms.Field]:
    """Return the form fields that ask for ``indicator``'s value, shaped by its unit and rule."""
    if indicator.aggregation == Aggregation.RATIO:
        return {
            value_field(indicator.pk, "numerator"): _decimal_field(
                _("Numerador: %(definition)s") % {"definition": indicator.numerator_definition}
            ),
            value_field(indicator.pk, "denominator"): _decimal_field(
                _("Denominador: %(definition)s") % {"definition": indicator.denominator_definition},
                _("Mayor que cero."),
            ),
        }
    if indicator.unit == Unit.MILESTONE:
        field = forms.TypedChoiceField(
            label=indicator.name,
            choices=[("1", _("Sí, se cumplió")), ("0", _("No se cumplió"))],
            coerce=Decimal,
            empty_value=None,
            required=False,
            widget=forms.RadioSelect,
        )
    elif indicator.unit == Unit.COUNT:
        field = forms.IntegerField(
            label=indicator.name,
            help_text=UNIT_HELP[Unit.COUNT],
            required=False,
            localize=True,
            max_value=COUNT_MAX,
            validators=[_unit_validator(indicator.unit)],
            error_messages={"invalid": _("Un conteo debe ser un número entero.")},
            widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        )
    else:
        field = _decimal_field(indicator.name, UNIT_HELP.get(indicator.unit, ""), [_unit_validator(indicator.unit)])
    return {value_field(indicator.pk): field}


def _reach_field(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        localize=True,
        min_value=0,
        max_value=REACH_MAX,
        error_messages={
            "min_value": _("El número de personas no puede ser negativo."),
            "invalid": _("Indique un número entero de personas."),
        },
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ActivityLogForm(forms.Form):
    """The «Registrar ejecución» form of one activity, built from its indicators.

    It shapes the input (numbers in the Colombian format, one field per indicator value); the
    rules are the service's (execution.services), whose errors land back on these fields through
    ``add_service_errors``.
    """

    submission_token = forms.UUIDField(required=False, widget=forms.HiddenInput)
    date = forms.DateField(
        label=gettext_lazy("Fecha de ejecución"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    description = forms.CharField(
        label=gettext_lazy("Descripción"),
        help_text=gettext_lazy("Qué se hizo, con quién y dónde; hasta 5.000 caracteres."),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": DESCRIPTION_MAX}),
        error_messages={"required": gettext_lazy("Describa lo que se hizo.")},
    )
    reach_total = _reach_field(gettext_lazy("Personas alcanzadas o asistentes"))
    evidence = MultipleFileField(
        label=gettext_lazy("Archivos de evidencia"),
        required=False,
        help_text=gettext_lazy(
            "PDF, imágenes o documentos de oficina, hasta 10 MB cada uno; puede elegir varios a la vez."
        ),
    )
    links = forms.CharField(
        label=gettext_lazy("Enlaces de evidencia"),
        required=False,
        max_length=5000,
        help_text=gettext_lazy("Una dirección http(s) por línea."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, activity: Activity, indicators: list[Indicator], areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.activity = activity
        self.indicators = indicators
        fields = dict(self.fields)
        self.fields.clear()
        self.fields["submission_token"] = fields["submission_token"]
        if areas is not None:
            self.fields["area"] = forms.ModelChoiceField(
                label=_("Dependencia que ejecutó"),
                queryset=areas,
                empty_label=None,
                error_messages={"invalid_choice": _("Elija una de las dependencias responsables de la actividad.")},
            )
        self.fields["date"] = fields["date"]
        for indicator in indicators:
            self.fields.update(indicator_fields(indicator))
        self.fields["description"] = fields["description"]
        self.fields["reach_total"] = fields["reach_total"]
        if activity.component.kind == ComponentKind.INTERNAL:
            self.fields["reach_public_servants"] = _reach_field(_("De ellos, servidores públicos"))
            self.fields["reach_contractors"] = _reach_field(_("De ellos, contratistas"))
        self.fields["evidence"] = fields["evidence"]
        self.fields["links"] = fields["links"]

    @classmethod
    def initial_for_log(cls, log: ActivityLog, values) -> dict:
        """Return the form's initial data for correcting ``log``."""
        initial = {
            "date": log.date,
            "description": log.description,
            "reach_total": log.reach_total,
            "reach_public_servants": log.reach_public_servants,
            "reach_contractors": log.reach_contractors,
            "links": log.links,
        }
        for value in values:
            initial[value_field(value.indicator_id)] = _plain(value.value)
            initial[value_field(value.indicator_id, "numerator")] = _plain(value.numerator)
            initial[value_field(value.indicator_id, "denominator")] = _plain(value.denominator)
            if value.value is not None and value.indicator.unit == Unit.MILESTONE:
                initial[value_field(value.indicator_id)] = str(int(value.value))
        return initial

    @property
    def indicator_groups(self) -> list[dict]:
        """The value fields by indicator, for the template: a ratio's two fields share a
        fieldset whose legend names the indicator."""
        groups = []
        for indicator in self.indicators:
            names = [value_field(indicator.pk, part) for part in ("value", "numerator", "denominator")]
            names = [name for name in names if name in self.fields]
            groups.append(
                {
                    "indicator": indicator,
                    "is_ratio": indicator.aggregation == Aggregation.RATIO,
                    "fields": [self[name] for name in names],
                }
            )
        return groups

    def values(self) -> dict[int, ValueInput]:
        """Return the value of each indicator as the service takes it."""
        data = self.cleaned_data
        result = {}
        for indicator in self.indicators:
            value = data.get(value_field(indicator.pk))
            result[indicator.pk] = ValueInput(
                value=None if value is None else Decimal(value),
                numerator=data.get(value_field(indicator.pk, "numerator")),
                denominator=data.get(value_field(indicator.pk, "denominator")),
            )
        return result

    def service_arguments(self) -> dict:
        """Return the keyword arguments of logs.log_record / logs.log_correct."""
        data = self.cleaned_data
        return {
            "date": data["date"],
            "values": self.values(),
            "description": data["description"],
            "reach_total": data.get("reach_total"),
            "reach_public_servants": data.get("reach_public_servants"),
            "reach_contractors": data.get("reach_contractors"),
            "links": data.get("links", ""),
            "files": data.get("evidence", []),
        }

    def add_service_errors(self, error: ValidationError) -> None:
        """Put the service's messages on the fields they name; the rest on the whole form."""
        add_service_errors(self, error)


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Map a service's ValidationError onto ``form``: each message on the field its key names,
    messages for keys the form has no field for (``__all__``, ``activity``…) on the form."""
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for key, messages in error.message_dict.items():
        target = key if key in form.fields else None
        for message in messages:
            form.add_error(target, message)


class LogWithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Motivo del retiro"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Indique por qué se retira el registro.")},
    )


class LogReturnForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Qué debe corregirse"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": gettext_lazy("Diga qué debe corregirse.")},
    )


class MonthField(forms.DateField):
    """A month typed as 2026-11 (what ``<input type="month">`` sends) or 11/2026; cleaned to
    its first day."""

    input_formats = ["%Y-%m", "%m/%Y", "%Y-%m-%d"]
    widget = forms.DateInput(attrs={"type": "month", "placeholder": "AAAA-MM"}, format="%Y-%m")

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", self.input_formats)
        kwargs.setdefault(
            "error_messages", {"invalid": gettext_lazy("Indique el mes como AAAA-MM, por ejemplo 2026-03.")}
        )
        super().__init__(**kwargs)

    def to_python(self, value):
        day = super().to_python(value)
        return None if day is None else period_start(PeriodType.MONTH, day)


class ReportingPeriodOpenForm(forms.Form):
    bound_field_class = BootstrapBoundField  # the review page writes it without crispy-forms

    plan = LargeModelChoiceField(label=gettext_lazy("Plan"), queryset=None, empty_label=None)
    month = MonthField(label=gettext_lazy("Mes"))
    deadline = forms.DateField(
        label=gettext_lazy("Fecha límite de reporte"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans

    @staticmethod
    def default_initial(today=None) -> dict:
        """This month, with the deadline on the 5th of the next one."""
        today = today or timezone.localdate()
        month = period_start(PeriodType.MONTH, today)
        next_month = (
            month.replace(year=month.year + 1, month=1) if month.month == 12 else month.replace(month=month.month + 1)
        )
        return {"month": month, "deadline": next_month.replace(day=5)}


class OutOfPeriodOpenForm(forms.Form):
    """The one-click opening of a month that holds drafts but no reporting period (hidden
    fields of a button on the review page)."""

    plan = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)
    month = MonthField(widget=forms.HiddenInput)

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans


class ValuesChoiceIterator(ModelChoiceIterator):
    """The options of a ValuesChoiceField: the key and the label's columns, read as plain
    values in one query."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, *columns in self.queryset.values_list("pk", *self.field.label_fields):
            yield (pk, self.field.label_from_values(*columns))


class ValuesChoiceField(forms.ModelChoiceField):
    """A model choice whose options are read as the columns their labels need rather than as
    a model instance each: the filters list every activity of the entity's plans. The queryset
    still decides which choice is valid."""

    iterator = ValuesChoiceIterator
    label_fields: tuple[str, ...] = ()

    def label_from_values(self, *columns) -> str:
        raise NotImplementedError


class ComponentChoiceField(ValuesChoiceField):
    label_fields = ("plan__title", "name")

    def label_from_values(self, plan_title: str, name: str) -> str:
        return f"{plan_title} · {name}"


class ActivityChoiceField(ValuesChoiceField):
    label_fields = ("name",)

    def label_from_values(self, name: str) -> str:
        return name if len(name) <= 90 else name[:89] + "…"


class LogFilterForm(forms.Form):
    """The filters of the logs list (a GET form): each valid filter applies, an invalid one is
    shown with its message and ignored. Its lists (every activity of the entity's plans) are
    written by LargeSelect, without a template per option, and its fields by
    BootstrapBoundField, without crispy-forms."""

    bound_field_class = BootstrapBoundField

    plan = LargeModelChoiceField(label=gettext_lazy("Plan"), queryset=None, required=False)
    component = ComponentChoiceField(
        label=gettext_lazy("Componente"), queryset=None, required=False, widget=LargeSelect
    )
    activity = ActivityChoiceField(label=gettext_lazy("Actividad"), queryset=None, required=False, widget=LargeSelect)
    period = MonthField(label=gettext_lazy("Mes"), required=False)
    status = forms.ChoiceField(label=gettext_lazy("Estado"), required=False, widget=LargeSelect)

    def __init__(self, *args, plans, components, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["component"].queryset = components
        self.fields["activity"].queryset = activities
        self.fields["status"].choices = [("", _("Todos")), *LogStatus.choices]
        for name in ("plan", "component", "activity"):
            self.fields[name].empty_label = _("Todos")

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "plan": data.get("plan"),
            "component": data.get("component"),
            "activity": data.get("activity"),
            "month": data.get("period"),
            "status": data.get("status") or "",
        }


class ReviewFilterForm(forms.Form):
    bound_field_class = BootstrapBoundField  # written without crispy-forms on the review page

    plan = LargeModelChoiceField(label=gettext_lazy("Plan"), queryset=None, required=False)
    area = LargeModelChoiceField(label=gettext_lazy("Dependencia"), queryset=None, required=False)

    def __init__(self, *args, plans, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["area"].queryset = areas
        self.fields["plan"].empty_label = _("Todos")
        self.fields["area"].empty_label = _("Todas")  # «Dependencia: Todas»

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"plan": data.get("plan"), "area": data.get("area")}


def new_submission_token() -> uuid.UUID:
    return uuid.uuid4()
