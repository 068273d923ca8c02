from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "campaigns"
    verbose_name = _("Campañas y medios")

    def ready(self) -> None:
        # The automatic indicators' sources of this app (indicators never imports it), and what
        # waits for the press office here, on its home page (plans never imports this app).
        from campaigns.selectors import pieces_in_review_count
        from campaigns.sources import sources_register
        from plans import worklist

        sources_register()
        worklist.register(
            "campaigns.pieces_in_review",
            label=_("Piezas por aprobar"),
            help_text=_("Piezas de comunicación en revisión, esperan la aprobación de la oficina de prensa."),
            order=20,
            count=pieces_in_review_count,
            url_name="campaigns:pieces_to_approve",
            perm="campaigns.manage_pieces",
        )
