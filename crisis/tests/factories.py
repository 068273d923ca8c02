import factory
from django.utils import timezone

from crisis.enums import TemplatePurpose
from crisis.models import CrisisContact, CrisisProtocol, CrisisRole, MessageTemplate, SeverityLevel
from plans.tests.factories import ChannelFactory, EntityFactory
from privacy.enums import ConsentMethod


class CrisisProtocolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrisisProtocol

    entity = factory.SubFactory(EntityFactory)
    title = "Protocolo de comunicación en crisis"


class SeverityLevelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SeverityLevel

    protocol = factory.SubFactory(CrisisProtocolFactory)
    level = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Nivel {n + 1}")
    response_minutes = 60
    update_minutes = 60


class CrisisRoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrisisRole

    protocol = factory.SubFactory(CrisisProtocolFactory)
    role = "Vocero principal"
    person = factory.Sequence(lambda n: f"Vocera {n}")
    is_spokesperson = True


class CrisisContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CrisisContact

    protocol = factory.SubFactory(CrisisProtocolFactory)
    name = factory.Sequence(lambda n: f"Contacto {n}")
    role = "Mesa de ayuda"
    phone = "601 000 0000"
    consent_given_at = factory.LazyFunction(timezone.now)
    consent_method = ConsentMethod.EMAIL
    consent_purpose = "Ser contactado durante una crisis"


class MessageTemplateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MessageTemplate

    protocol = factory.SubFactory(CrisisProtocolFactory)
    channel = factory.LazyAttribute(lambda o: ChannelFactory(entity=o.protocol.entity))
    purpose = TemplatePurpose.FIRST_NOTICE
    body = "{entidad}: falla en {servicio} desde las {hora_inicio}."
