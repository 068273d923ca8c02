from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Plan de Acción, aprobaciones y rendición de cuentas")

    def ready(self) -> None:
        # The citizens' contacts this app keeps, for the data subjects' rights page (privacy
        # never imports this app).
        from planning.holders import holders_register

        holders_register()
