from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The REST API (/api/v1/): the plans, figures, reports, campaigns and mentions to read, the
    reporting cycle to write through the same services as the web forms, and the personal API
    tokens that authenticate it."""

    name = "api"
    verbose_name = _("API")
