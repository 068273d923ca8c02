from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExecutionConfig(AppConfig):
    """Reporting periods, activity logs with their values and evidence, the submit → approve or
    return → close cycle, and the reminders."""

    name = "execution"
    verbose_name = _("Ejecución y reporte")

    def ready(self) -> None:
        # What waits for the press office here, on its home page (plans never imports this app).
        from execution.selectors import (
            drafts_out_of_period_count,
            reporting_periods_closing_count,
            review_queue_count,
        )
        from plans import worklist

        worklist.register(
            "execution.logs_to_review",
            label=_("Registros por revisar"),
            help_text=_("Enviados por las dependencias, esperan que la oficina de prensa los apruebe o devuelva."),
            order=10,
            count=review_queue_count,
            url_name="execution:review",
            perm="execution.review_logs",
        )
        worklist.register(
            "execution.drafts_out_of_period",
            label=_("Borradores fuera de periodo"),
            help_text=_(
                "Borradores de un mes sin periodo de reporte: nadie puede enviarlos hasta que se abra ese mes."
            ),
            order=15,
            count=drafts_out_of_period_count,
            url_name="execution:review",
            fragment="fuera-de-periodo",
            perm="execution.manage_periods",
        )
        worklist.register(
            "execution.periods_closing",
            label=_("Periodos de reporte que vencen esta semana"),
            help_text=_("Abiertos, con fecha límite en los próximos siete días o ya vencida: se cierran en Revisión."),
            order=40,
            count=reporting_periods_closing_count,
            url_name="execution:review",
            fragment="periodos",
            perm="execution.manage_periods",
        )
