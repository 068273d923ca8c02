"""A backup archive: the database and the uploaded files (MEDIA_ROOT: evidence, reports,
imports) in one ``.tar.gz``, with a manifest of checksums and row counts.

Inside the archive:

- ``manifest.json``: format, date, database vendor, the row count of every table and the
  SHA-256 and size of every other member;
- ``database.dump`` (PostgreSQL, ``pg_dump --format=custom``) or ``database.sqlite3`` (SQLite,
  a consistent copy made with SQLite's backup API);
- ``media/…``: every file under MEDIA_ROOT, by its path there.

On PostgreSQL the row counts and the dump read the same snapshot (``pg_export_snapshot``), so
the counts describe exactly what the dump holds. A restore checks every checksum before it
touches anything, then the row counts once the database is back.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMPS = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why, in the user's language."""


@dataclass
class Restored:
    rows: dict[str, int]
    files: int
    extra_files: int  # files under MEDIA_ROOT that the archive does not hold, left in place


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _tables() -> list[str]:
    """Every table of the installed models (many-to-many tables included), once each."""
    tables = {
        model._meta.db_table
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    }
    return sorted(tables & set(connection.introspection.table_names()))


def _row_counts(cursor) -> dict[str, int]:
    counts = {}
    for table in _tables():
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608  # introspected table names
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    """The connection options of pg_dump / pg_restore; the password goes in the environment,
    never on a command line that `ps` shows."""
    db = settings.DATABASES["default"]
    options = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            options += [flag, str(db[key])]
    environment = dict(os.environ)
    if db.get("PASSWORD"):
        environment["PGPASSWORD"] = db["PASSWORD"]
    return options, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    try:
        result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603  # fixed programs, our own arguments
    except FileNotFoundError as error:
        raise BackupError(
            _("No se encontró %(program)s: instale el cliente de PostgreSQL.") % {"program": command[0]}
        ) from error
    if result.returncode != 0:
        raise BackupError(_("%(program)s falló: %(error)s") % {"program": command[0], "error": result.stderr.strip()})


def _dump_database(work: Path) -> tuple[Path, dict[str, int]]:
    """Write the database to ``work`` and return the file and the row count of each table."""
    target = work / DUMPS[connection.vendor]
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)  # one consistent snapshot, even while others write
        with sqlite3.connect(target) as copy:
            return target, _row_counts(copy.cursor())
    options, environment = _pg_environment()
    with transaction.atomic(), connection.cursor() as cursor:
        # The dump and the counts read one snapshot, kept open until the dump has finished.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        command = ["pg_dump", "--format=custom", f"--snapshot={snapshot}", "--file", str(target), *options]
        _run([*command, settings.DATABASES["default"]["NAME"]], environment)
        return target, _row_counts(cursor)


def _media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT).resolve()
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file() and not path.is_symlink())


def backup_create(*, destination: Path) -> dict:
    """Write one archive at ``destination`` with the database, every file of MEDIA_ROOT and
    their manifest; return the manifest. The archive appears complete or not at all (it is
    written beside ``destination`` and renamed)."""
    if connection.vendor not in DUMPS:
        raise BackupError(_("Esta base de datos (%(vendor)s) no se puede respaldar.") % {"vendor": connection.vendor})
    root = Path(settings.MEDIA_ROOT).resolve()
    if destination.resolve().is_relative_to(root):
        # It would copy itself, and every earlier copy kept there, into the next one.
        raise BackupError(_("La copia no puede escribirse dentro de MEDIA_ROOT (%(root)s).") % {"root": root})
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".backup-") as work:
        # The database first: a file uploaded meanwhile is only an extra file, never a row
        # whose file is missing.
        dump, rows = _dump_database(Path(work))
        members = {dump.name: {"sha256": _sha256(dump), "size": dump.stat().st_size}}
        partial = Path(work) / "archive.tar.gz"
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(dump, arcname=dump.name)
            for path in _media_files():
                name = str(PurePosixPath(MEDIA, *path.relative_to(root).parts))
                members[name] = {"sha256": _sha256(path), "size": path.stat().st_size}
                tar.add(path, arcname=name)
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "database": {"vendor": connection.vendor, "file": dump.name},
                "rows": rows,
                "files": members,
            }
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(timezone.now().timestamp())
            tar.addfile(info, io.BytesIO(data))
        os.replace(partial, destination)
    return manifest


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and name == str(path)


def _extract(archive: Path, work: Path) -> dict:
    """Unpack ``archive`` into ``work`` and check it against its manifest: every member listed,
    every checksum right, nothing else. Return the manifest."""
    try:
        with tarfile.open(archive, "r:gz") as tar:
            names = {}
            for member in tar.getmembers():
                if not member.isfile() or not _safe_name(member.name):
                    raise BackupError(_("El archivo trae una entrada no permitida: %(name)s.") % {"name": member.name})
                names[member.name] = member
            if MANIFEST not in names:
                raise BackupError(_("El archivo no es una copia de seguridad: le falta %(name)s.") % {"name": MANIFEST})
            manifest = json.loads(tar.extractfile(names.pop(MANIFEST)).read())
            if manifest.get("format") != FORMAT:
                raise BackupError(_("Formato de copia desconocido: %(format)s.") % {"format": manifest.get("format")})
            for name, member in names.items():
                target = work.joinpath(*PurePosixPath(name).parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                with tar.extractfile(member) as source, target.open("wb") as out:
                    shutil.copyfileobj(source, out)
    except (tarfile.TarError, OSError, EOFError, json.JSONDecodeError) as error:
        raise BackupError(
            _("No se pudo leer el archivo %(path)s: %(error)s") % {"path": archive, "error": error}
        ) from error
    mismatch = sorted(set(manifest["files"]) ^ set(names))
    if mismatch:
        raise BackupError(_("El archivo no coincide con su manifiesto en %(name)s.") % {"name": mismatch[0]})
    for name, expected in sorted(manifest["files"].items()):
        if _sha256(work.joinpath(*PurePosixPath(name).parts)) != expected["sha256"]:
            raise BackupError(
                _("La suma de verificación de %(name)s no coincide: la copia está dañada.") % {"name": name}
            )
    return manifest


def _restore_database(dump: Path, vendor: str) -> None:
    connection.close()
    if vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(dump) as source:
            source.backup(connection.connection)
        connection.close()
        return
    options, environment = _pg_environment()
    command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error"]
    _run([*command, *options, "--dbname", settings.DATABASES["default"]["NAME"], str(dump)], environment)


def backup_restore(*, archive: Path) -> Restored:
    """Replace the database with the archive's and write its files into MEDIA_ROOT.

    Everything is checked first (manifest, checksums, database vendor): a damaged archive
    changes nothing. Files under MEDIA_ROOT that the archive lacks are left where they are.
    Then the row counts are compared with the manifest. Return what was restored.
    """
    root = Path(settings.MEDIA_ROOT).resolve()
    root.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=root.parent, prefix=".restore-") as work_dir:
        work = Path(work_dir)
        manifest = _extract(archive, work)
        vendor = manifest["database"]["vendor"]
        if vendor != connection.vendor:
            raise BackupError(
                _("La copia es de una base %(archive)s y esta instalación usa %(here)s.")
                % {"archive": vendor, "here": connection.vendor}
            )
        _restore_database(work / manifest["database"]["file"], vendor)
        media = [name for name in manifest["files"] if name.startswith(f"{MEDIA}/")]
        restored = set()
        for name in media:
            relative = PurePosixPath(name).relative_to(MEDIA)
            target = root.joinpath(*relative.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            # A move, not a rename: MEDIA_ROOT may be a mount of its own.
            shutil.move(work.joinpath(*PurePosixPath(name).parts), target)
            restored.add(target)
    extra = sum(1 for path in _media_files() if path not in restored)
    with connection.cursor() as cursor:
        rows = _row_counts(cursor)
    differing = sorted(t for t, n in manifest["rows"].items() if rows.get(t) != n)
    if differing:
        raise BackupError(
            _("Tras restaurar, el número de filas no coincide en: %(tables)s.") % {"tables": ", ".join(differing)}
        )
    return Restored(rows=rows, files=len(media), extra_files=extra)
