from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListeningConfig(AppConfig):
    """Listening: the suggestion box, satisfaction surveys and trainings, measured automatically."""

    name = "listening"
    verbose_name = _("Escucha y formación")

    def ready(self) -> None:
        # The automatic indicators' sources and the stored contacts of this app (the layers below
        # never import it).
        from listening.holders import holders_register
        from listening.sources import sources_register

        sources_register()
        holders_register()
