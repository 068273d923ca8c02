from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ListeningConfig(AppConfig):
    """Listening: the suggestion box, satisfaction surveys and trainings, measured automatically."""

    name = "listening"
    verbose_name = _("Escucha y formación")

    def ready(self) -> None:
        # The automatic indicators' sources and the stored contacts of this app, and what waits
        # for the press office here, on its home page (the layers below never import it).
        from listening.holders import holders_register
        from listening.selectors import suggestions_new_count
        from listening.sources import sources_register
        from plans import worklist

        sources_register()
        holders_register()
        worklist.register(
            "listening.suggestions_new",
            label=_("Sugerencias por clasificar"),
            help_text=_("Mensajes nuevos del buzón, aún sin trámite."),
            order=50,
            count=suggestions_new_count,
            url_name="listening:suggestion_list",
            query="estado=nueva",
            perm="listening.triage_suggestions",
        )
