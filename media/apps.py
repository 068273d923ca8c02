from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MediaConfig(AppConfig):
    name = "media"
    label = "media_monitoring"
    verbose_name = _("Monitoreo de medios (free press)")
