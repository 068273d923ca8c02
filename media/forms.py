"""Forms of free-press monitoring: they shape and validate input, the model keeps the rules."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from campaigns.models import Campaign
from media.enums import MediaType, Sentiment
from media.models import MediaMention, Outlet
from plans.models import Activity, User


class MediaMentionForm(forms.ModelForm):
    """A mention as the press office types it; the entity is its outlet's.

    Used by the web pages and the admin. Pass ``user`` to limit outlets and activities to the
    user's entity (the admin limits them itself).
    """

    class Meta:
        model = MediaMention
        fields = [
            "outlet",
            "media_type",
            "date",
            "headline",
            "url",
            "reach",
            "sentiment",
            "rating",
            "acceptance",
            "height_cm",
            "columns",
            "seconds",
            "posts",
            "campaign",
            "activity",
            "notes",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "url": forms.URLInput(attrs={"placeholder": "https://"}),
            "reach": forms.NumberInput(attrs={"min": 0}),
            "rating": forms.NumberInput(attrs={"min": 1, "max": 5}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, user: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:
            self.fields["outlet"].queryset = Outlet.objects.for_user(user).filter(is_active=True).order_by("name")
            self.fields["campaign"].queryset = Campaign.objects.for_user(user).order_by("-starts_on", "name")
            self.fields["activity"].queryset = (
                Activity.objects.for_user(user).select_related("component__plan").order_by("component__plan", "name")
            )
        if "outlet" in self.fields:
            self.fields["outlet"].empty_label = _("Elija el medio")
        if "activity" in self.fields:
            self.fields["activity"].label_from_instance = lambda activity: (
                f"{activity.component.plan.title[:40]} · {activity.name[:80]}"
            )

    def clean(self):
        cleaned = super().clean()
        outlet = cleaned.get("outlet")
        if outlet is not None:
            # The mention belongs to its outlet's entity: set before the model's validation runs.
            self.instance.entity_id = outlet.entity_id
        return cleaned


class MentionFilterForm(forms.Form):
    """The filters of the mentions list (a GET form): an invalid filter is shown and ignored."""

    q = forms.CharField(label=gettext_lazy("Titular contiene"), required=False, max_length=100)
    outlet = forms.ModelChoiceField(label=gettext_lazy("Medio"), queryset=Outlet.objects.none(), required=False)
    media_type = forms.ChoiceField(label=gettext_lazy("Tipo de medio"), required=False)
    sentiment = forms.ChoiceField(label=gettext_lazy("Sentimiento"), required=False)
    start = forms.DateField(
        label=gettext_lazy("Desde"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=gettext_lazy("Hasta"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, outlets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["outlet"].queryset = outlets
        self.fields["outlet"].empty_label = _("Todos")
        self.fields["media_type"].choices = [("", _("Todos")), *MediaType.choices]
        self.fields["sentiment"].choices = [("", _("Todos")), *Sentiment.choices]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("La fecha «Hasta» no puede ser anterior a «Desde»."))
        return cleaned

    def filters(self) -> dict:
        """Return the valid filters (an invalid one is left out)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data.get(name) for name in ("q", "outlet", "media_type", "sentiment", "start", "end")}


class TotalsFilterForm(forms.Form):
    """The period of the totals page: from a date to a date, the current year by default."""

    start = forms.DateField(
        label=gettext_lazy("Desde"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=gettext_lazy("Hasta"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("La fecha «Hasta» no puede ser anterior a «Desde»."))
        return cleaned

    def period(self, today: date) -> tuple[date, date]:
        """Return the period asked for; the current year where a date is missing or wrong."""
        default = (date(today.year, 1, 1), date(today.year, 12, 31))
        if not self.is_bound or not self.is_valid():
            return default
        return (self.cleaned_data["start"] or default[0], self.cleaned_data["end"] or default[1])
