from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Periodic reports: schedules, frozen snapshots, their PDF and XLSX files and pages."""

    name = "reports"
    verbose_name = _("Informes de seguimiento")
