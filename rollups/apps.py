from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RollupsConfig(AppConfig):
    """The roll-up of logs and automatic sources into values per month, quarter, year and
    vigencia, with their marks, runs and tasks."""

    name = "rollups"
    verbose_name = _("Cálculo por periodos")
