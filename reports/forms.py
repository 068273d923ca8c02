"""Forms of the reports page: its filters and the press office's «Generar informe»."""

from __future__ import annotations

from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from execution.forms import MonthField
from indicators.enums import PeriodType
from reports.services import REPORT_PERIOD_TYPES, last_completed_period, report_period


def _period_type_choices() -> list[tuple[str, str]]:
    return [(value, label) for value, label in PeriodType.choices if value in REPORT_PERIOD_TYPES]


class ReportFilterForm(forms.Form):
    """The filters of the reports list (a GET form); an invalid filter is shown and ignored."""

    plan = forms.ModelChoiceField(label=gettext_lazy("Plan"), queryset=None, required=False)
    period_type = forms.ChoiceField(label=gettext_lazy("Tipo de periodo"), required=False)

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["plan"].empty_label = _("Todos")
        self.fields["period_type"].choices = [("", _("Todos")), *_period_type_choices()]

    def filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {"plan": data.get("plan"), "period_type": data.get("period_type") or ""}


class ReportRequestForm(forms.Form):
    """«Generar informe»: a plan, a kind of period and a month inside it."""

    plan = forms.ModelChoiceField(label=gettext_lazy("Plan"), queryset=None, empty_label=None)
    period_type = forms.ChoiceField(label=gettext_lazy("Tipo de periodo"))
    period = MonthField(
        label=gettext_lazy("Periodo"),
        required=False,
        help_text=gettext_lazy("Un mes del periodo: para un trimestre o un año, cualquiera de sus meses."),
    )

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["period_type"].choices = _period_type_choices()

    @staticmethod
    def default_initial(today: date | None = None) -> dict:
        """The month that just ended."""
        today = today or timezone.localdate()
        return {"period_type": PeriodType.MONTH, "period": last_completed_period(PeriodType.MONTH, today)}

    def clean(self) -> dict:
        data = super().clean()
        plan, period_type, day = data.get("plan"), data.get("period_type"), data.get("period")
        if plan is None or not period_type:
            return data
        if period_type == PeriodType.VIGENCIA:
            day = plan.vigencia_start
        elif day is None:
            self.add_error("period", _("Indique un mes del periodo, por ejemplo 2026-03."))
            return data
        try:
            data["period_start"] = report_period(plan=plan, period_type=period_type, day=day)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(key if key in self.fields else None, message)
        return data
