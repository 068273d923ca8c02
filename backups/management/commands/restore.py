"""Restore the database and the uploaded files from an archive made by ``backup``."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from backups.archive import BackupError, backup_restore

CONFIRMATION = "restaurar"


class Command(BaseCommand):
    @property
    def help(self) -> str:
        return _(
            "Reemplaza la base de datos y escribe los archivos cargados desde una copia hecha con «backup». "
            "Detenga antes la web y los trabajadores."
        )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help=_("El archivo .tar.gz de la copia."))
        parser.add_argument("--no-input", action="store_false", dest="interactive", help=_("No pedir confirmación."))

    def handle(self, *args, archive: Path, interactive=True, **options):
        if not archive.is_file():
            raise CommandError(_("No existe el archivo %(path)s.") % {"path": archive})
        if interactive:
            question = _(
                "Esto reemplaza TODOS los datos de esta instalación por los de la copia. "
                "Escriba «%(word)s» para continuar: "
            ) % {"word": CONFIRMATION}
            if input(question).strip().lower() != CONFIRMATION:
                raise CommandError(_("Restauración cancelada: no se cambió nada."))
        try:
            restored = backup_restore(archive=archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        summary = _("Copia restaurada: %(rows)s filas, %(files)s archivos cargados.") % {
            "rows": number_format(sum(restored.rows.values()), force_grouping=True),
            "files": number_format(restored.files, force_grouping=True),
        }
        self.stdout.write(self.style.SUCCESS(summary))
        if restored.extra_files:
            self.stdout.write(
                _("%(count)s archivos que ya estaban en MEDIA_ROOT y no están en la copia se dejaron en su lugar.")
                % {"count": number_format(restored.extra_files, force_grouping=True)}
            )
