"""Backup and restore on SQLite and PostgreSQL: a checked copy with the office key (still
encrypted), restored into a new register that passes the integrity check and `audit verify`."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from app.errors import InvalidInput
from app.models import IssuerKey, Person
from app.models.db import Database
from app.services import users_service
from app.services.backup_service import BackupService
from app.services.base import Actor
from app.services.key_service import create_office_key
from app.services.restore_service import restore
from tests.conftest import PG_URL
from tests.helpers.verification import issue_all

ADMIN = Actor("admin", "admin", "admin")


@pytest.fixture
def filled(db: Database) -> Database:
    users_service.bootstrap_admin(db, "admin", "admin-pass-1", "管理员")
    issue_all(db)  # persons, certificates
    with db.session_scope() as s:  # our own signing key: its private half stored encrypted
        create_office_key(s, ADMIN, "office passphrase 123", "11100000000013338W", "测试办公室")
    return db


def _new_target(db: Database, tmp_path: Path) -> str:
    if db.dialect == "sqlite":
        return f"sqlite:///{(tmp_path / 'restored' / 'register.sqlite3').as_posix()}"
    name = f"registry_restore_{uuid.uuid4().hex[:10]}"
    admin = create_engine(PG_URL or "", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(db.url).set(database=name).render_as_string(hide_password=False)


def test_backup_then_restore_into_a_new_register(filled: Database, tmp_path: Path) -> None:
    svc = BackupService(filled, ADMIN)
    out = tmp_path / "backups" / ("register.sqlite3" if filled.dialect == "sqlite" else "register.pgdump")
    info = svc.backup(out)
    assert out.is_file() and info.size == out.stat().st_size and info.rows > 0
    assert info.own_keys >= 1  # the office key travels with the register
    assert not list(out.parent.glob(".*.part"))
    with filled.session_scope(write=False) as s:
        persons = s.scalar(select(func.count()).select_from(Person))
        own = s.scalars(select(IssuerKey.private_key_encrypted).where(
            IssuerKey.private_key_encrypted.is_not(None))).all()
    target = _new_target(filled, tmp_path)
    done = restore(out, target)
    assert done.integrity == "ok" and done.audit_entries > 0
    restored = Database(target)
    try:
        with restored.session_scope(write=False) as s:
            assert s.scalar(select(func.count()).select_from(Person)) == persons
            assert s.scalars(select(IssuerKey.private_key_encrypted).where(
                IssuerKey.private_key_encrypted.is_not(None))).all() == own  # still encrypted
    finally:
        restored.dispose()
    r = subprocess.run([sys.executable, "-m", "app", "--db", target, "audit", "verify"],
                       capture_output=True, text=True, timeout=120,
                       env={**os.environ, "REGISTRY_USER": "admin", "REGISTRY_PASSWORD": "admin-pass-1"})
    assert r.returncode == 0, r.stderr
    with pytest.raises(InvalidInput) as err:  # never over a register in use
        restore(out, target)
    assert err.value.code == "restore_target_exists"


def test_a_damaged_backup_is_refused_and_leaves_no_register(sqlite_url: str, tmp_path: Path) -> None:
    db = Database(sqlite_url)
    users_service.bootstrap_admin(db, "admin", "admin-pass-1", "管理员")
    out = tmp_path / "b.sqlite3"
    BackupService(db, ADMIN).backup(out)
    db.dispose()
    with sqlite3.connect(out) as conn:  # someone edits an audit entry in the copy
        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                    "AND tbl_name = 'audit_log'").fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')  # (the register's guard against exactly this)
        conn.execute("UPDATE audit_log SET actor = 'mallory' WHERE seq = 1")
    conn.close()
    target = tmp_path / "new.sqlite3"
    with pytest.raises(InvalidInput) as err:
        restore(out, f"sqlite:///{target.as_posix()}")
    assert err.value.code == "restore_check_failed"
    assert not target.exists() or target.stat().st_size == 0
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"not a backup" * 100)
    with pytest.raises(InvalidInput) as err:
        restore(junk, f"sqlite:///{(tmp_path / 'other.sqlite3').as_posix()}")
    assert err.value.code == "backup_unknown_format"


def test_scheduled_backup_runs_when_due_and_keeps_the_newest(sqlite_url: str, tmp_path: Path) -> None:
    from datetime import UTC, datetime, timedelta

    from app.services.backup_schedule import BackupSchedule

    db = Database(sqlite_url)
    svc = BackupSchedule(db, ADMIN)
    with pytest.raises(InvalidInput):
        svc.scheduled()  # no folder yet: refused, nothing written
    folder = tmp_path / "nightly"
    folder.mkdir()
    svc.set_schedule(str(folder), 24, 2)
    t0 = datetime(2026, 3, 1, 2, 0, tzinfo=UTC)
    assert svc.scheduled(t0) is not None
    assert svc.scheduled(t0 + timedelta(hours=1)) is None  # not due: last_at is real time now
    for day in (1, 2, 3):
        with db.session_scope() as s:  # pretend the last one was long ago
            from app.services.office_settings import BACKUP_LAST_AT, put_setting
            put_setting(s, BACKUP_LAST_AT, "2000-01-01T00:00:00+00:00")
        assert svc.scheduled(t0 + timedelta(days=day)) is not None
    assert len(list(folder.glob("register-*.sqlite3"))) == 2
    db.dispose()


def test_a_lost_passphrase_is_replaced_by_a_new_key(filled: Database) -> None:
    from app.services.key_service import KeyService
    from app.services.recovery_service import RecoveryService

    svc = RecoveryService(filled, ADMIN)
    with pytest.raises(InvalidInput) as err:  # a typing slip does nothing
        svc.replace_lost_key("new passphrase 456", "11100000000013338X")
    assert err.value.code == "recovery_confirm_mismatch"
    done = svc.replace_lost_key("new passphrase 456", "11100000000013338W")
    keys = {k.key_id: k for k in KeyService(filled, ADMIN).list_keys()}
    assert keys[done.retired_key_id].state == "retired"  # still trusted: old certificates verify
    assert keys[done.new_key.key_id].state == "active"
    trust = KeyService(filled, ADMIN).export_trust("new passphrase 456")  # the new one unlocks
    assert done.new_key.key_id.encode() in trust


def test_backup_and_restore_from_the_command_line(sqlite_url: str, tmp_path: Path) -> None:
    db = Database(sqlite_url)
    users_service.bootstrap_admin(db, "admin", "admin-pass-1", "管理员")
    db.dispose()
    env = {**os.environ, "REGISTRY_USER": "admin", "REGISTRY_PASSWORD": "admin-pass-1",
           "REGISTRY_LANG": "zh"}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "app", *args], capture_output=True,
                              text=True, timeout=120, env=env)

    out = tmp_path / "b.sqlite3"
    r = cli("--db", sqlite_url, "backup", "create", "--out", str(out))
    assert r.returncode == 0 and "已校验" in r.stdout, r.stderr
    r = cli("--db", sqlite_url, "backup", "create", "--out", "/dev/full")
    assert r.returncode == 2 and "目录或设备" in r.stderr
    target = f"sqlite:///{(tmp_path / 'new' / 'r.sqlite3').as_posix()}"
    r = cli("restore", str(out), "--to", target)
    assert r.returncode == 0 and "完整性检查通过" in r.stdout, r.stderr
    r = cli("restore", str(out), "--to", sqlite_url)  # never over a register in use
    assert r.returncode == 2 and "不是空库" in r.stderr
