from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """The read side: plan, area, indicator and entity dashboards, the transparency page and
    its open data. No models."""

    name = "dashboards"
    verbose_name = _("Tableros")
