from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RollupsConfig(AppConfig):
    """The roll-up of logs and automatic sources into values per month, quarter, year and
    vigencia, with their marks, runs and tasks."""

    name = "rollups"
    verbose_name = _("Cálculo por periodos")

    def ready(self) -> None:
        from indicators.signals import values_changed
        from plans.signals import plans_edited
        from rollups.receivers import plans_edited_recompute, values_changed_mark

        values_changed.connect(values_changed_mark, dispatch_uid="rollups-values-changed")
        plans_edited.connect(plans_edited_recompute, dispatch_uid="rollups-plans-edited")
