from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrisisConfig(AppConfig):
    name = "crisis"
    verbose_name = _("Comunicación de crisis")

    def ready(self) -> None:
        # The automatic indicators' sources of this app (indicators never imports it).
        from crisis.sources import sources_register

        sources_register()
        # Its contacts, for the data subjects' rights (privacy.registry).
        from privacy.registry import ContactHolder, register_holder

        register_holder(
            ContactHolder(
                key="crisis_contact",
                label=_("Contacto del protocolo de crisis"),
                model="crisis.CrisisContact",
                entity_path="protocol__entity",
                email_field="email",
                phone_field="phone",
                personal_fields=("name", "role", "phone", "email"),
                delete=True,
            )
        )
