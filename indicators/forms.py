"""The admin forms of indicators and their targets."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _

from indicators.enums import PeriodType
from indicators.models import Indicator, Target
from indicators.periods import period_start


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = "__all__"  # noqa: DJ007  # an admin form: the ModelAdmin chooses the fields

    def _plan_id(self):
        plan = self.cleaned_data.get("plan") or getattr(self.instance, "plan", None)
        if plan is None and getattr(self.instance, "activity", None) is not None:
            plan = self.instance.activity.component.plan
        return getattr(plan, "pk", None)

    def clean_code(self) -> str:
        return (self.cleaned_data.get("code") or "").strip().upper()

    def clean(self):
        cleaned = super().clean()
        code, plan_id = cleaned.get("code"), self._plan_id()
        if code and plan_id:
            duplicates = Indicator.objects.filter(plan_id=plan_id, code__iexact=code)
            if self.instance.pk:
                duplicates = duplicates.exclude(pk=self.instance.pk)
            if duplicates.exists():
                message = _("Ya existe un indicador con el código %(code)s en este plan.") % {"code": code}
                self.add_error("code", message)
        return cleaned


class TargetForm(forms.ModelForm):
    """A target whose date may be any day of its period: it is moved to the period's first day."""

    class Meta:
        model = Target
        fields = "__all__"  # noqa: DJ007  # an admin form: the ModelAdmin chooses the fields

    def clean(self):
        cleaned = super().clean()
        period_type, start = cleaned.get("period_type"), cleaned.get("period_start")
        indicator = cleaned.get("indicator") or getattr(self.instance, "indicator", None)
        if period_type and start:
            if period_type == PeriodType.VIGENCIA:
                plan = getattr(indicator, "plan", None)
                if plan is not None:
                    start = plan.vigencia_start
            else:
                start = period_start(period_type, start)
            cleaned["period_start"] = start
        return cleaned


class TargetInlineFormSet(forms.BaseInlineFormSet):
    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        # The indicator may not be saved yet (add view): give each target the object itself so
        # that the unit and the plan's vigencia can be checked before anything is written.
        form.instance.indicator = self.instance
        return form


class ActivityIndicatorInlineFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        # Codes typed on this page must differ among themselves too (the database only sees
        # them one at a time, as an IntegrityError).
        seen: set[str] = set()
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            code = (form.cleaned_data.get("code") or "").strip().upper()
            if code and code in seen:
                form.add_error(
                    "code", _("Ya existe un indicador con el código %(code)s en este plan.") % {"code": code}
                )
            seen.add(code)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.activity = self.instance
        component = getattr(self.instance, "component", None)
        if component is not None:
            form.instance.plan = component.plan
        return form
