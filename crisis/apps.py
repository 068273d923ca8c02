from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CrisisConfig(AppConfig):
    name = "crisis"
    verbose_name = _("Comunicación de crisis")

    def ready(self) -> None:
        # The automatic indicators' sources of this app (indicators never imports it).
        from crisis.sources import sources_register

        sources_register()
