"""Back up the database and the uploaded files into one archive."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from backups.archive import BackupError, backup_create


class Command(BaseCommand):
    @property
    def help(self) -> str:
        # A property: gettext at import time would freeze the language of the first import.
        return _("Respalda la base de datos y los archivos cargados (evidencias, informes) en un solo archivo .tar.gz.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help=_("Ruta del archivo a escribir (por defecto, commsplan-respaldo-<fecha>.tar.gz aquí)."),
        )

    def handle(self, *args, output=None, **options):
        if output is None:
            output = Path(f"commsplan-respaldo-{timezone.localtime():%Y%m%d-%H%M%S}.tar.gz")
        if output.exists():
            raise CommandError(_("Ya existe %(path)s: elija otra ruta con --output.") % {"path": output})
        try:
            manifest = backup_create(destination=output.resolve())
        except BackupError as error:
            raise CommandError(str(error)) from error
        files = sum(1 for name in manifest["files"] if name.startswith("media/"))
        rows = sum(manifest["rows"].values())
        summary = _("Copia escrita en %(path)s: %(rows)s filas, %(files)s archivos cargados.") % {
            "path": output,
            "rows": number_format(rows, force_grouping=True),
            "files": number_format(files, force_grouping=True),
        }
        self.stdout.write(self.style.SUCCESS(summary))
