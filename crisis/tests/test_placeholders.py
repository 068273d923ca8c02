"""Message templates: the fixed list of placeholders, the Spanish error naming an unknown one,
and rendering."""

import pytest
from django.core.exceptions import ValidationError

from crisis.models import MessageTemplate
from crisis.placeholders import PLACEHOLDERS, placeholders_help_text, render_placeholders, validate_placeholders
from crisis.tests.factories import MessageTemplateFactory


def test_the_known_placeholders_are_those_the_press_office_asked_for():
    assert {"servicio", "hora_inicio", "severidad", "entidad", "vocero", "proxima_actualizacion"} <= set(PLACEHOLDERS)


def test_a_template_with_known_placeholders_is_valid():
    validate_placeholders("{entidad} informa: falla en {servicio} desde las {hora_inicio}.")


def test_an_unknown_placeholder_is_named_in_the_error():
    with pytest.raises(ValidationError) as error:
        validate_placeholders("Falla en {servicio} desde {hora_fin} en {sede}.")
    assert error.value.messages == ["Marcador desconocido: {hora_fin}, {sede}. Use solo los marcadores de la lista."]


def test_a_stray_brace_is_refused():
    with pytest.raises(ValidationError) as error:
        validate_placeholders("Falla en {servicio desde las 8")
    assert "sin pareja" in error.value.messages[0]


def test_attribute_access_is_not_a_placeholder():
    with pytest.raises(ValidationError, match=r"\{entidad.name\}"):
        validate_placeholders("{entidad.name}")


def test_rendering_fills_every_placeholder_and_leaves_the_rest():
    text = render_placeholders(
        "{entidad}: {servicio} ({servicio}) a las {hora_inicio}",
        {"entidad": "MinTIC", "servicio": "Portal", "hora_inicio": "08:15"},
    )
    assert text == "MinTIC: Portal (Portal) a las 08:15"


def test_the_help_text_lists_every_placeholder():
    text = str(placeholders_help_text())
    assert all(f"{{{name}}}" in text for name in PLACEHOLDERS)


@pytest.mark.django_db
class TestTemplateModel:
    def test_full_clean_puts_the_error_on_the_body(self, entity):
        template = MessageTemplateFactory.build(
            protocol=MessageTemplateFactory(protocol__entity=entity).protocol, body="Hola {ciudadano}"
        )
        template.channel.save()
        with pytest.raises(ValidationError) as error:
            template.full_clean()
        assert error.value.message_dict["body"] == [
            "Marcador desconocido: {ciudadano}. Use solo los marcadores de la lista."
        ]

    def test_a_channel_of_another_entity_is_refused(self, entity, other_entity):
        from plans.tests.factories import ChannelFactory

        template = MessageTemplateFactory(protocol__entity=entity)
        template.channel = ChannelFactory(entity=other_entity)
        with pytest.raises(ValidationError) as error:
            template.full_clean()
        assert error.value.message_dict["channel"] == ["El canal debe ser de la entidad del protocolo."]
        assert MessageTemplate.objects.get(pk=template.pk).channel.entity == entity
