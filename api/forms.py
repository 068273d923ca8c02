from django import forms
from django.utils.translation import gettext_lazy

from api.tokens import NAME_MAX


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("Nombre del token"),
        max_length=NAME_MAX,
        help_text=gettext_lazy("Para qué lo usará, por ejemplo «Macro de la hoja de seguimiento»."),
        error_messages={"required": gettext_lazy("Indique un nombre para el token.")},
    )
