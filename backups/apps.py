from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackupsConfig(AppConfig):
    """One archive with the database and the uploaded files (``manage.py backup`` and
    ``manage.py restore``). It names no model of ours: it reads every installed model."""

    name = "backups"
    verbose_name = _("Copias de seguridad")
