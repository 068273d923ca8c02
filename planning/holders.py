"""The contacts planning stores, registered for the data subjects' rights (privacy.registry):
the name and e-mail citizens leave with their questions about a rendición de cuentas. They are
anonymised, never deleted: the question and its published answer stay."""

from django.utils.translation import gettext_lazy as _

from privacy.registry import ContactHolder, register_holder

HOLDERS = (
    ContactHolder(
        key="citizen_question",
        label=_("Autor de una pregunta de rendición de cuentas"),
        model="planning.CitizenQuestion",
        entity_path="accountability__plan__entity",
        email_field="email",
        phone_field=None,
        personal_fields=("name", "email"),
        context_fields=("accountability", "created_at", "status"),
    ),
)


def holders_register() -> None:
    for holder in HOLDERS:
        register_holder(holder)
