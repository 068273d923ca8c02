from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from privacy.models import PrivacyNotice


class NoticeForm(forms.ModelForm):
    """A new version of the privacy notice (the earlier ones stay)."""

    class Meta:
        model = PrivacyNotice
        fields = ["title", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 16})}


class SubjectForm(forms.Form):
    """Who the request is about: the e-mail or the phone the person gave."""

    email = forms.EmailField(label=_("Correo electrónico del titular"), required=False, max_length=254)
    phone = forms.CharField(label=_("Teléfono del titular"), required=False, max_length=40)

    def clean(self):
        data = super().clean()
        digits = "".join(ch for ch in data.get("phone", "") if ch.isdigit())
        if not data.get("email") and len(digits) < 7 and not self.errors:
            raise forms.ValidationError(
                _("Indique el correo electrónico o un teléfono (al menos siete dígitos) del titular.")
            )
        return data


class DeleteForm(SubjectForm):
    """Deleting on request: the subject, a confirmation and where the request came from."""

    confirm = forms.BooleanField(
        label=_("Confirmo que el titular pidió suprimir sus datos y que esto no se puede deshacer"), required=True
    )
    note = forms.CharField(label=_("Radicado u observación (sin datos personales)"), required=False, max_length=300)
