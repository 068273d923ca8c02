"""The OpenAPI schema: every operation documents the API's one error shape (api.errors)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    detail = serializers.CharField(help_text=_("El error en palabras, en el idioma pedido."))
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("Los mensajes de cada campo con errores («non_field_errors»: la solicitud entera)."),
    )


ERROR_CODES = ("400", "401", "403", "404", "405", "406", "415", "429")


class ApiAutoSchema(AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction == "response":
            for code in ERROR_CODES:
                responses.setdefault(code, self._get_response_for_code(ErrorSerializer, code))
        return responses
