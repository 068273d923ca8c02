from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campañas y medios")

    def ready(self) -> None:
        # The automatic indicators' sources of this app (indicators never imports it).
        from campaigns.sources import sources_register

        sources_register()
