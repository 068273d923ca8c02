from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "media"
    label = "media_monitoring"
    verbose_name = _("Monitoreo de medios (free press)")

    def ready(self) -> None:
        # The automatic indicators' sources of this app (indicators never imports it).
        from media.sources import sources_register

        sources_register()
