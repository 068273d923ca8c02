import factory
from django.utils import timezone

from plans.tests.factories import EntityFactory
from privacy.enums import ConsentMethod
from privacy.models import ContactList, ListContact, PrivacyNotice


class PrivacyNoticeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PrivacyNotice

    entity = factory.SubFactory(EntityFactory)
    version = factory.Sequence(lambda n: n + 1)
    title = "Aviso de privacidad"
    text = "Usamos sus datos solo para responderle."


class ContactListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactList

    entity = factory.SubFactory(EntityFactory)
    name = factory.Sequence(lambda n: f"Periodistas {n}")
    purpose = "Enviar comunicados de prensa"


class ListContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ListContact

    contact_list = factory.SubFactory(ContactListFactory)
    name = factory.Sequence(lambda n: f"Periodista {n}")
    email = factory.Sequence(lambda n: f"periodista{n}@medio.example.co")
    consent_given_at = factory.LazyFunction(timezone.now)
    consent_method = ConsentMethod.EMAIL
    consent_purpose = "Recibir comunicados"
