from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Periodic reports: schedules, frozen snapshots, their PDF and XLSX files and pages."""

    name = "reports"
    verbose_name = _("Informes de seguimiento")

    def ready(self) -> None:
        # What waits for the press office here, on its home page (plans never imports this app).
        from plans import worklist
        from reports.selectors import reports_failed_count

        worklist.register(
            "reports.failed",
            label=_("Informes que fallaron"),
            help_text=_("No se pudieron generar y no se han vuelto a generar desde entonces."),
            order=30,
            count=reports_failed_count,
            url_name="reports:report_list",
            perm="reports.request_reports",
        )
