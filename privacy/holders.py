"""The contacts this app stores, registered with the registry of stored contacts."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import ContactHolder, register_holder

LIST_CONTACTS = ContactHolder(
    key="list_contact",
    label=_("Contacto de una lista de distribución"),
    model="privacy.ListContact",
    entity_path="contact_list__entity",
    email_field="email",
    phone_field="phone",
    personal_fields=("name", "organization", "email", "phone"),
    delete=True,
    context_fields=("contact_list",),
)


def holders_register() -> None:
    register_holder(LIST_CONTACTS)
