from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """Personal data under Ley 1581 de 2012: the entity's privacy notice, the consent every stored
    contact carries, and the rights of the data subject (know, update, delete)."""

    name = "privacy"
    verbose_name = _("Protección de datos personales")

    def ready(self) -> None:
        from privacy.holders import holders_register

        holders_register()
