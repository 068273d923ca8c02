"""``manage.py backup`` and ``manage.py restore``: the database and the evidence files come back
as they were (row counts and checksums), and a damaged archive changes nothing."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from datetime import date
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from backups.archive import _row_counts
from execution.enums import LogStatus
from execution.models import ActivityLog, Evidence
from plans.models import Entity
from plans.tests.factories import ActivityFactory, ApprovedPlanFactory, AreaFactory, ComponentFactory, UserFactory

transactional = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def evidence_record(contents: bytes, name: str) -> Evidence:
    plan = ApprovedPlanFactory()
    activity = ActivityFactory(component=ComponentFactory(plan=plan))
    area = AreaFactory(entity=plan.entity)
    user = UserFactory(entity=plan.entity)
    log = ActivityLog.objects.create(
        activity=activity,
        area=area,
        date=date(2026, 3, 2),
        description="Boletín",
        status=LogStatus.SUBMITTED,
        reported_by=user,
    )
    evidence = Evidence(
        log=log, original_name=name, content_type="application/pdf", size=len(contents), uploaded_by=user
    )
    evidence.file.save(name, ContentFile(contents), save=True)
    return evidence


def current_rows() -> dict[str, int]:
    with connection.cursor() as cursor:
        return _row_counts(cursor)


def round_trip(media: Path, tmp_path: Path, capsys) -> tuple[dict, Path]:
    first = evidence_record(b"%PDF-1.4 acta de la rueda de prensa", "acta.pdf")
    second = evidence_record(bytes(range(256)) * 64, "foto.jpg")
    files = {e.pk: (Path(e.file.path), sha256(Path(e.file.path))) for e in (first, second)}
    rows = current_rows()
    archive = tmp_path / "copia.tar.gz"

    call_command("backup", output=archive)
    assert "Copia escrita en" in capsys.readouterr().out

    # After the backup: a new entity, an evidence file overwritten, another one deleted.
    Entity.objects.create(name="Entidad creada después de la copia")
    files[first.pk][0].write_bytes(b"otra cosa")
    files[second.pk][0].unlink()
    (media / "suelto.txt").write_text("no está en la copia")

    call_command("restore", str(archive), interactive=False)

    out = capsys.readouterr().out
    assert "Copia restaurada" in out
    assert "1 archivos que ya estaban en MEDIA_ROOT" in out
    assert current_rows() == rows
    assert not Entity.objects.filter(name="Entidad creada después de la copia").exists()
    for evidence in Evidence.objects.all():
        path, checksum = files[evidence.pk]
        assert Path(evidence.file.path) == path
        assert sha256(path) == checksum
    assert (media / "suelto.txt").exists()  # a file the copy lacks is left where it was
    with tarfile.open(archive) as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
    return manifest, archive


@transactional
def test_a_backup_restores_every_row_and_every_evidence_file(media, tmp_path, capsys):
    manifest, _archive = round_trip(media, tmp_path, capsys)
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["rows"]["indicators_evidence"] == 2
    assert sum(1 for name in manifest["files"] if name.startswith("media/evidence/")) == 2


@pytest.mark.postgres
@transactional
def test_on_postgresql_the_archive_holds_a_pg_dump_and_restores_with_pg_restore(media, tmp_path, capsys):
    manifest, archive = round_trip(media, tmp_path, capsys)
    assert manifest["database"] == {"vendor": "postgresql", "file": "database.dump"}
    with tarfile.open(archive) as tar:
        assert tar.extractfile("database.dump").read(5) == b"PGDMP"  # pg_dump's custom format


@transactional
def test_a_damaged_archive_is_refused_naming_the_file_and_changes_nothing(media, tmp_path):
    evidence = evidence_record(b"%PDF-1.4 informe", "informe.pdf")
    archive = tmp_path / "copia.tar.gz"
    call_command("backup", output=archive)
    damaged = tmp_path / "dañada.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("media/evidence/"):
                data = data[:-1] + b"X"
            target.addfile(member, io.BytesIO(data))
    Entity.objects.create(name="Entidad que debe quedarse")

    with pytest.raises(CommandError, match=f"La suma de verificación de media/{evidence.file.name} no coincide"):
        call_command("restore", str(damaged), interactive=False)
    assert Entity.objects.filter(name="Entidad que debe quedarse").exists()
    assert Path(evidence.file.path).read_bytes() == b"%PDF-1.4 informe"


def test_restore_asks_before_replacing_anything(tmp_path, monkeypatch):
    archive = tmp_path / "copia.tar.gz"
    archive.write_bytes(b"")
    monkeypatch.setattr("builtins.input", lambda question: "no")
    with pytest.raises(CommandError, match=r"Restauración cancelada: no se cambió nada\."):
        call_command("restore", str(archive))


def test_restore_names_an_archive_that_does_not_exist(tmp_path):
    with pytest.raises(CommandError, match="No existe el archivo"):
        call_command("restore", str(tmp_path / "no-esta.tar.gz"), interactive=False)


def test_a_file_that_is_not_a_backup_is_refused(db, tmp_path):
    archive = tmp_path / "otra-cosa.tar.gz"
    archive.write_bytes(b"no es un tar")
    with pytest.raises(CommandError, match="No se pudo leer el archivo"):
        call_command("restore", str(archive), interactive=False)


def test_backup_does_not_overwrite_an_existing_file(db, tmp_path):
    archive = tmp_path / "copia.tar.gz"
    archive.write_bytes(b"la copia de ayer")
    with pytest.raises(CommandError, match="Ya existe"):
        call_command("backup", output=archive)
    assert archive.read_bytes() == b"la copia de ayer"


def test_backup_refuses_to_write_inside_media_root(db, media):
    media.mkdir(parents=True)
    with pytest.raises(CommandError, match="La copia no puede escribirse dentro de MEDIA_ROOT"):
        call_command("backup", output=media / "copia.tar.gz")
    assert not (media / "copia.tar.gz").exists()
