"""Restore and copy across backends, on a real PostgreSQL server (REGISTRY_TEST_PG_URL):
a SQLite backup restored into PostgreSQL, a PostgreSQL register copied into SQLite with
`migrate-data`, all or nothing, the schema version checked; the CLI run as a subprocess."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, inspect, select, text
from sqlalchemy.engine import make_url

from app.errors import InvalidInput
from app.models import AuditEntry, IssuerKey
from app.models.base import Base
from app.models.db import Database, current_revision, head_revision, upgrade
from app.services import users_service
from app.services.backup_service import BackupService
from app.services.base import Actor
from app.services.key_service import create_office_key
from app.services.restore_service import restore
from tests.conftest import PG_URL
from tests.helpers.verification import issue_all

pytestmark = pytest.mark.postgres
ADMIN = Actor("admin", "admin", "admin")
ENV = {**os.environ, "REGISTRY_USER": "admin", "REGISTRY_PASSWORD": "admin-pass-1",
       "REGISTRY_LANG": "zh"}


@pytest.fixture
def empty_pg() -> Iterator[str]:
    """A new, empty PostgreSQL database (as an office's administrator would create one)."""
    if not PG_URL:
        pytest.skip("no PostgreSQL server (set REGISTRY_TEST_PG_URL)")
    name = f"registry_x_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _fill(db: Database) -> None:
    users_service.bootstrap_admin(db, "admin", "admin-pass-1", "管理员")
    issue_all(db)
    with db.session_scope() as s:
        create_office_key(s, ADMIN, "office passphrase 123", "11100000000013338W", "测试办公室")


def _counts(url: str) -> dict[str, int]:
    db = Database(url)
    try:
        with db.engine.connect() as conn:
            return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar() or 0)
                    for t in Base.metadata.sorted_tables}
    finally:
        db.dispose()


def _tables(url: str) -> list[str]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return inspect(conn).get_table_names()
    finally:
        engine.dispose()


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True, text=True,
                          timeout=300, env=ENV)


def test_a_sqlite_backup_restores_into_postgresql(sqlite_url: str, empty_pg: str,
                                                  tmp_path: Path) -> None:
    db = Database(sqlite_url)
    _fill(db)
    out = tmp_path / "office.sqlite3"
    BackupService(db, ADMIN).backup(out)
    with db.session_scope(write=False) as s:
        own = s.scalars(select(IssuerKey.private_key_encrypted).where(
            IssuerKey.private_key_encrypted.is_not(None))).all()
    db.dispose()
    before = _counts(f"sqlite:///{out.as_posix()}")
    assert before["persons"] > 0 and before["certificates"] > 0 and before["audit_log"] > 0

    r = cli("restore", str(out), "--to", empty_pg)  # the CLI, as an office would run it
    assert r.returncode == 0, r.stderr
    assert "完整性检查通过" in r.stdout and "Traceback" not in r.stderr

    after = _counts(empty_pg)
    assert after["audit_log"] == before["audit_log"] + 1  # + the restore's own entry
    assert {k: v for k, v in after.items() if k not in ("audit_log", "audit_head")} == \
        {k: v for k, v in before.items() if k not in ("audit_log", "audit_head")}
    restored = Database(empty_pg)
    try:
        assert current_revision(restored.engine) == head_revision()
        with restored.session_scope(write=False) as s:  # the key still encrypted, byte for byte
            assert s.scalars(select(IssuerKey.private_key_encrypted).where(
                IssuerKey.private_key_encrypted.is_not(None))).all() == own
            last = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
            assert last is not None and last.action == "register_restored"
    finally:
        restored.dispose()
    r = cli("--db", empty_pg, "audit", "verify")
    assert r.returncode == 0, r.stderr
    r = cli("--db", empty_pg, "user", "add", "clerk2", "--role", "clerk", "--display-name", "窗口二",
            "--new-password", "clerk-pass-22")  # the restored register takes new work
    assert r.returncode == 0, r.stderr
    r = cli("restore", str(out), "--to", empty_pg)  # never over a register in use
    assert r.returncode == 2 and "不是空库" in r.stderr


def test_a_failed_copy_leaves_the_postgresql_database_empty(sqlite_url: str, empty_pg: str,
                                                             tmp_path: Path) -> None:
    db = Database(sqlite_url)
    _fill(db)
    out = tmp_path / "office.sqlite3"
    BackupService(db, ADMIN).backup(out)
    db.dispose()
    # Near the end of the copy order, a value SQLite kept but PostgreSQL refuses (SQLite does
    # not enforce column lengths; the program does, but this file was edited by hand).
    with sqlite3.connect(out) as conn:
        conn.execute("UPDATE certificates SET serial = ? WHERE rowid = (SELECT max(rowid) "
                     "FROM certificates)", ("X" * 5000,))
    conn.close()
    with pytest.raises(InvalidInput) as err:
        restore(out, empty_pg)
    assert err.value.code == "restore_check_failed"
    assert _tables(empty_pg) == []  # not one table, not one row: the transaction rolled back


def test_schema_versions_are_checked(sqlite_url: str, empty_pg: str, tmp_path: Path) -> None:
    db = Database(sqlite_url)
    users_service.bootstrap_admin(db, "admin", "admin-pass-1", "管理员")
    out = tmp_path / "b.sqlite3"
    BackupService(db, ADMIN).backup(out)
    db.dispose()
    newer = tmp_path / "newer.sqlite3"
    newer.write_bytes(out.read_bytes())
    with sqlite3.connect(newer) as conn:  # written by a later program
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    for target in (empty_pg, f"sqlite:///{(tmp_path / 'n.sqlite3').as_posix()}"):
        with pytest.raises(InvalidInput) as err:
            restore(newer, target)
        assert err.value.code == "copy_schema_mismatch"
        assert err.value.params["found"] == "9999"
    assert _tables(empty_pg) == []
    assert not (tmp_path / "n.sqlite3").exists()

    older = tmp_path / "older.sqlite3"  # an older program's register: upgraded on the way in
    old_db = Database(f"sqlite:///{older.as_posix()}")
    upgrade(old_db.engine, "0009")
    old_db.dispose()
    done = restore(older, empty_pg)
    assert done.integrity == "ok"
    fresh = Database(empty_pg)
    try:
        assert current_revision(fresh.engine) == head_revision()
    finally:
        fresh.dispose()


def test_a_postgresql_register_goes_to_sqlite_through_migrate_data(
        empty_pg: str, tmp_path: Path) -> None:
    source = Database(empty_pg)
    upgrade(source.engine)
    _fill(source)
    dump = tmp_path / "office.pgdump"
    BackupService(source, ADMIN).backup(dump)
    before = _counts(empty_pg)
    source.dispose()

    target = tmp_path / "moved" / "register.sqlite3"
    url = f"sqlite:///{target.as_posix()}"
    r = cli("restore", str(dump), "--to", url)  # refused, and the refusal names the way
    assert r.returncode == 2 and "migrate-data" in r.stderr and "PostgreSQL" in r.stderr
    assert not target.exists()

    r = cli("migrate-data", "--from", empty_pg, "--to", url)
    assert r.returncode == 0, r.stderr
    assert "行数一致" in r.stdout
    after = _counts(url)
    # the source: + the sign-in, + "copied out" afterwards; the copy: + "copied in"
    assert after["audit_log"] == _counts(empty_pg)["audit_log"] == before["audit_log"] + 2
    assert after["persons"] == before["persons"] and after["certificates"] == before["certificates"]
    assert not list(target.parent.glob(".*.part"))
    r = cli("--db", url, "audit", "verify")
    assert r.returncode == 0, r.stderr
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()

    src = Database(empty_pg)  # the source says where it went, after the copy
    try:
        with src.session_scope(write=False) as s:
            last = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
            assert last is not None and last.action == "register_copied_out"
    finally:
        src.dispose()
    r = cli("migrate-data", "--from", empty_pg, "--to", url)  # never over a register
    assert r.returncode == 2 and "不是空库" in r.stderr
    r = cli("--lang", "en", "migrate-data", "--from", empty_pg, "--to", empty_pg)
    assert r.returncode == 2 and "not the source itself" in r.stderr
