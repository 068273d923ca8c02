from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demonstration data: composes the demo loaders of every app (``load_demo``)."""

    name = "demo"
    verbose_name = _("Datos de demostración")
