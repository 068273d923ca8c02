"""Import jobs: an uploaded spreadsheet, its dry-run preview and its import, with progress."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from plans.models import Entity
from plans.querysets import EntityScopedManager


class ImportKind(models.TextChoices):
    ACTIVITY_LOGS = "registros", _("Registros de ejecución")


class ImportStatus(models.TextChoices):
    """The life of a job: checked first (dry run), imported only when the user confirms."""

    PENDING = "pendiente", _("En cola para revisar")
    CHECKING = "revisando", _("Revisando")
    CHECKED = "revisado", _("Revisado: esperando confirmación")
    QUEUED = "en_cola", _("En cola para importar")
    IMPORTING = "importando", _("Importando")
    DONE = "terminado", _("Importado")
    FAILED = "fallido", _("Con errores: no se importó nada")


# Statuses in which a worker still has something to do: the progress page keeps refreshing.
ACTIVE_STATUSES = {ImportStatus.PENDING, ImportStatus.CHECKING, ImportStatus.QUEUED, ImportStatus.IMPORTING}


def import_file_path(instance: ImportJob, filename: str) -> str:
    # A random name under a private folder: the original name is kept in a field, never in the
    # path, and the folder is never served from MEDIA_URL.
    return f"imports/{instance.entity_id}/{uuid.uuid4().hex}"


class ImportJob(models.Model):
    """One spreadsheet uploaded to import: who, for which entity, and how it went."""

    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="import_jobs", verbose_name=_("entidad"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="import_jobs", verbose_name=_("usuario")
    )
    kind = models.CharField(_("tipo"), max_length=12, choices=ImportKind, default=ImportKind.ACTIVITY_LOGS)
    file = models.FileField(_("archivo"), upload_to=import_file_path, max_length=300)
    original_name = models.CharField(_("nombre del archivo"), max_length=255)
    status = models.CharField(_("estado"), max_length=12, choices=ImportStatus, default=ImportStatus.PENDING)
    total_rows = models.PositiveIntegerField(_("filas de datos"), default=0)
    processed_rows = models.PositiveIntegerField(_("filas procesadas"), default=0)
    new_count = models.PositiveIntegerField(_("nuevos"), default=0)
    unchanged_count = models.PositiveIntegerField(_("sin cambios"), default=0)
    error_count = models.PositiveIntegerField(_("errores"), default=0)
    created_count = models.PositiveIntegerField(_("registros creados"), default=0)
    errors = models.JSONField(
        _("errores por fila"), default=list, blank=True, help_text=_("Fila, columna y motivo de cada error.")
    )
    message = models.TextField(_("mensaje"), blank=True, help_text=_("Por qué no se pudo leer el archivo."))
    created_at = models.DateTimeField(_("cargado el"), auto_now_add=True)
    started_at = models.DateTimeField(_("iniciado el"), null=True, blank=True)
    checked_at = models.DateTimeField(_("revisado el"), null=True, blank=True)
    confirmed_at = models.DateTimeField(_("confirmado el"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminado el"), null=True, blank=True)

    entity_path = "entity"
    objects = EntityScopedManager()

    class Meta:
        verbose_name = _("importación")
        verbose_name_plural = _("importaciones")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows")), name="import_job_progress_within_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} · {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("imports:job_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    @property
    def percent(self) -> int:
        """Progress of the current step, 0 to 100, for the progress bar."""
        if not self.total_rows:
            return 100 if not self.is_active else 0
        return min(100, self.processed_rows * 100 // self.total_rows)
