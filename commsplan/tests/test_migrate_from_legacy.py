"""A database of the demo made before the apps were split (fixtures/legacy/) migrates forward
with today's code and loses nothing: every table keeps its rows, the values keep their
checksums, the moved models' content types, permissions and roles follow them, and the new
models read the old tables."""

import gzip
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SNAPSHOT = ROOT / "fixtures" / "legacy" / "main-f832655.sqlite3.gz"
MOVED = {
    "execution": [
        "reportingperiod",
        "areasubmission",
        "activitylog",
        "logvalue",
        "evidence",
        "remindersent",
        "historicalreportingperiod",
        "historicalactivitylog",
        "historicallogvalue",
    ],
    "rollups": ["periodvalue", "rollupmark", "rolluprun"],
    "reports": ["reportschedule", "report"],
}
CHECKSUMMED = ["indicators_periodvalue", "indicators_logvalue", "indicators_activitylog", "indicators_report"]


def _tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    return sorted(name for (name,) in rows)


def _counts(db: sqlite3.Connection) -> dict[str, int]:
    return {table: db.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in _tables(db)}  # noqa: S608 - names from sqlite_master


def _checksum(db: sqlite3.Connection, table: str) -> str:
    digest = hashlib.sha256()
    for row in db.execute(f'SELECT * FROM "{table}" ORDER BY id'):  # noqa: S608 - a fixed table name
        digest.update(repr(row).encode())
    return digest.hexdigest()


def _content_types(db: sqlite3.Connection) -> dict[tuple[str, str], int]:
    return {(app, model): pk for pk, app, model in db.execute("SELECT id, app_label, model FROM django_content_type")}


def _role_permissions(db: sqlite3.Connection) -> set[tuple[str, int, str]]:
    """(group, content type id, codename) of every permission a role holds."""
    rows = db.execute(
        "SELECT g.name, p.content_type_id, p.codename FROM auth_group_permissions gp "
        "JOIN auth_group g ON g.id = gp.group_id JOIN auth_permission p ON p.id = gp.permission_id"
    )
    return set(rows)


def _manage(database: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_SETTINGS_MODULE": "commsplan.settings.local",
    }
    return subprocess.run(  # noqa: S603 - our own command lines, no user input
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=True
    )


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """The snapshot's figures before, the database after today's migrate, and its output."""
    database = tmp_path_factory.mktemp("legacy") / "legacy.sqlite3"
    with gzip.open(SNAPSHOT, "rb") as packed, database.open("wb") as unpacked:
        shutil.copyfileobj(packed, unpacked)
    with sqlite3.connect(database) as db:
        before = {
            "counts": _counts(db),
            "checksums": {table: _checksum(db, table) for table in CHECKSUMMED},
            "content_types": _content_types(db),
            "roles": _role_permissions(db),
        }
    _manage(database, "migrate", "--noinput")
    return before, database


def test_the_snapshot_holds_the_demo_in_the_old_layout(migrated):
    before, _ = migrated
    assert before["counts"]["indicators_periodvalue"] > 0
    assert before["counts"]["indicators_activitylog"] > 0
    assert ("indicators", "activitylog") in before["content_types"]


def test_every_table_keeps_its_rows(migrated):
    before, database = migrated
    with sqlite3.connect(database) as db:
        after = _counts(db)
    for table, rows in before["counts"].items():
        if table in ("django_migrations", "django_content_type", "auth_permission"):
            continue  # migrating adds its own rows there
        if table == "auth_group_permissions":
            # Apps born after the snapshot grant their roles new permissions; every grant the
            # roles held is still there.
            assert after[table] >= rows, table
            with sqlite3.connect(database) as db:
                assert before["roles"] <= _role_permissions(db)
            continue
        if table == "auth_group":
            # planning's migration adds the committee secretary's group; no group is lost.
            assert after.get(table) == rows + 1, table
            continue
        assert after.get(table) == rows, table


def test_the_values_logs_and_reports_are_unchanged(migrated):
    before, database = migrated
    with sqlite3.connect(database) as db:
        assert {table: _checksum(db, table) for table in CHECKSUMMED} == before["checksums"]


def test_the_new_apps_first_migrations_are_recorded(migrated):
    _, database = migrated
    with sqlite3.connect(database) as db:
        applied = set(db.execute("SELECT app, name FROM django_migrations"))
    assert {("execution", "0001_initial"), ("rollups", "0001_initial"), ("reports", "0001_initial")} <= applied
    assert ("indicators", "0016_move_execution_rollups_reports") in applied


def test_the_moved_models_content_types_follow_them_with_the_same_ids(migrated):
    before, database = migrated
    with sqlite3.connect(database) as db:
        after = _content_types(db)
    for app, models in MOVED.items():
        for model in models:
            old_id = before["content_types"].get(("indicators", model))
            if old_id is None:
                continue  # a history model the snapshot never gave a content type
            assert ("indicators", model) not in after
            assert after[(app, model)] == old_id


def test_the_roles_keep_every_permission(migrated):
    before, database = migrated
    with sqlite3.connect(database) as db:
        assert _role_permissions(db) >= before["roles"]


def test_the_new_models_read_the_old_tables(migrated):
    before, database = migrated
    code = (
        "import json;"
        "from execution.models import ActivityLog, LogValue, Evidence;"
        "from rollups.models import PeriodValue, RollupRun;"
        "from reports.models import Report, ReportSchedule;"
        "print(json.dumps({m._meta.db_table: m.objects.count() for m in "
        "(ActivityLog, LogValue, Evidence, PeriodValue, RollupRun, Report, ReportSchedule)}))"
    )
    counts = json.loads(_manage(database, "shell", "-c", code).stdout.strip().splitlines()[-1])
    assert counts == {table: before["counts"][table] for table in counts}
