"""The input of the API's writes. These serializers only shape it (types, sizes); the rules and
their Spanish messages are the services' (execution.services), as for the web forms."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from execution.forms import REACH_MAX
from execution.services import ValueInput

ID_MAX = 2_147_483_647
VALUES_MAX = 200
LINKS_MAX = 50


def _decimal(label) -> serializers.DecimalField:
    # What the database keeps: 20 digits with 4 decimals.
    return serializers.DecimalField(
        max_digits=20, decimal_places=4, required=False, allow_null=True, coerce_to_string=False, label=label
    )


def _reach(label) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        max_value=REACH_MAX,
        label=label,
        error_messages={"min_value": _("El número de personas no puede ser negativo.")},
    )


class LogValueInput(serializers.Serializer):
    indicator = serializers.IntegerField(min_value=1, max_value=ID_MAX, help_text=_("Id del indicador."))
    value = _decimal(_("valor"))
    numerator = _decimal(_("numerador"))
    denominator = _decimal(_("denominador"))

    def validate(self, attrs: dict) -> dict:
        # Also inside a PATCH (partial) each value names its indicator.
        if "indicator" not in attrs:
            raise serializers.ValidationError({"indicator": [self.fields["indicator"].error_messages["required"]]})
        return attrs


class LogInput(serializers.Serializer):
    """A log to record (POST) or the fields of a correction (PATCH: what is not sent stays)."""

    date = serializers.DateField(required=False, allow_null=True, help_text=_("Fecha de ejecución, AAAA-MM-DD."))
    values = LogValueInput(many=True, required=False, max_length=VALUES_MAX)
    description = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text=_("Qué se hizo; hasta 5.000 caracteres.")
    )
    reach_total = _reach(_("personas alcanzadas o asistentes"))
    reach_public_servants = _reach(_("servidores públicos"))
    reach_contractors = _reach(_("contratistas"))
    links = serializers.ListField(
        child=serializers.CharField(max_length=2000),
        required=False,
        max_length=LINKS_MAX,
        help_text=_("Direcciones http(s) de la evidencia."),
    )

    def validate_values(self, values: list[dict]) -> list[dict]:
        seen = set()
        for item in values:
            if item["indicator"] in seen:
                raise serializers.ValidationError(_("Cada indicador va una sola vez en «values»."))
            seen.add(item["indicator"])
        return values

    @staticmethod
    def value_inputs(values: list[dict]) -> dict[int, ValueInput]:
        return {
            item["indicator"]: ValueInput(
                value=item.get("value"), numerator=item.get("numerator"), denominator=item.get("denominator")
            )
            for item in values
        }


class LogCreateInput(LogInput):
    activity = serializers.IntegerField(min_value=1, max_value=ID_MAX, help_text=_("Id de la actividad."))
    area = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=ID_MAX,
        help_text=_(
            "Dependencia que ejecutó: la oficina de prensa elige una de las responsables de la actividad; "
            "para un líder de área es siempre la suya."
        ),
    )
    submission_token = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text=_("Un UUID propio del envío: repetir la misma solicitud devuelve el registro ya creado."),
    )


class ReasonInput(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, allow_blank=True, required=False, default="")


class CommentInput(serializers.Serializer):
    comment = serializers.CharField(max_length=2000, allow_blank=True, required=False, default="")


class EvidenceInput(serializers.Serializer):
    file = serializers.FileField(help_text=_("PDF, imagen o documento de oficina, hasta 10 MB."))
