from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExecutionConfig(AppConfig):
    """Reporting periods, activity logs with their values and evidence, the submit → approve or
    return → close cycle, and the reminders."""

    name = "execution"
    verbose_name = _("Ejecución y reporte")
