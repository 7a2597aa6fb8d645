"""Backing up the register, on demand and on the office's schedule.

- SQLite: SQLite's online backup API copies the file page by page while other workstations
  go on working, into a temporary file beside the target; the copy is then opened and checked
  (``PRAGMA integrity_check``, the audit chain, row counts, the office's own signing keys)
  before it gets its final name.
- PostgreSQL: ``pg_dump --format=custom``; the dump is checked with ``pg_restore --list``
  (every table's data is in it) before it gets its final name.

The office's signing keys live in the register (``issuer_keys``), their private halves
encrypted with the office passphrase, so a backup carries them still encrypted: restoring it
on a new machine needs the passphrase to sign again, nothing else. Restoring is
:mod:`app.services.restore_service`; copying a live register to the other backend is
:meth:`BackupService.copy_to` (``migrate-data``).

The scheduled backup (office settings ``backup.directory``, ``backup.interval_hours``,
``backup.keep``) is run by ``registry-office backup scheduled`` from the system's scheduler
(cron, Windows Task Scheduler): see docs/user/recovery*.md. Every backup, scheduled or not,
records when it ran and how it ended (``backup.last_at``, ``backup.last_result``), which the
settings screen shows with "back up now".
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import make_url

from app.errors import DatabaseProblem, InvalidInput, RegistryError
from app.inputs import check_output_path
from app.models import IssuerKey
from app.models.base import Base
from app.models.db import Database
from app.services.audit import append_audit, verify_chain
from app.services.base import Service
from app.services.office_settings import BACKUP_LAST_AT, BACKUP_LAST_RESULT, put_setting
from app.services.register_copy import CopyInfo

PG_MAGIC = b"PGDMP"


@dataclass(frozen=True)
class BackupInfo:
    file: str
    size: int
    sha256: str
    backend: str  # sqlite / postgresql
    tables: int
    rows: int
    audit_entries: int  # -1: checked when restored (a PostgreSQL dump)
    own_keys: int


@dataclass(frozen=True)
class RestoreInfo:
    target: str
    backup: str
    rows: int
    audit_entries: int
    integrity: str


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _tmp_beside(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.part")


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise DatabaseProblem("pg_tool_missing", tool=name)
    return found


def _libpq_url(url: str) -> str:
    """pg_dump speaks libpq URLs: no SQLAlchemy driver suffix."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def check_sqlite_file(path: Path) -> tuple[int, int, int, int]:
    """(tables, rows, audit entries, own keys) of an SQLite register file, or
    ``backup_check_failed``: integrity, audit chain and keys are checked on the file itself."""
    db = Database(f"sqlite:///{path.as_posix()}")
    try:
        with db.engine.connect() as conn:
            result = conn.exec_driver_sql("PRAGMA integrity_check").scalar()
            if result != "ok":
                raise InvalidInput("backup_check_failed", path=str(path), detail=f"integrity: {result}")
            names = [t for t in inspect(conn).get_table_names() if t in Base.metadata.tables]
            rows = sum(int(conn.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() or 0)
                       for t in names)
        with db.session_scope(write=False) as s:
            chain = verify_chain(s)
            own = s.scalar(select(func.count()).select_from(IssuerKey).where(
                IssuerKey.private_key_encrypted.is_not(None))) or 0
        if not chain.ok:
            raise InvalidInput("backup_check_failed", path=str(path),
                               detail=f"audit {chain.problem} at {chain.first_bad_seq}")
        return len(names), rows, chain.entries, int(own)
    finally:
        db.dispose()


class BackupService(Service):
    """Backups of the register this service is bound to (role ``settings.manage``)."""

    def backup(self, target: Path) -> BackupInfo:
        """Back up into ``target`` now, checked before it gets its name. Success or failure is
        recorded (``backup.last_result``) for the settings screen; only a success moves
        ``backup.last_at``, so a failed scheduled backup is tried again at the next run."""
        self.require("settings.manage")
        try:
            info = self._backup(target)
        except RegistryError as exc:
            with contextlib.suppress(RegistryError):  # (an unreachable register: the first error)
                self._record_result({"ok": False, "file": target.name, "code": exc.code,
                                     "field": exc.field or "",
                                     "params": {k: str(v) for k, v in exc.params.items()}})
            raise
        return info

    def _record_result(self, result: dict[str, object]) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.db.session_scope() as s:
            put_setting(s, BACKUP_LAST_RESULT, {"at": now, **result})

    def _backup(self, target: Path) -> BackupInfo:
        check_output_path(target, "backup_file")
        with self.db.session_scope(write=False) as s:
            own_in_source = int(s.scalar(select(func.count()).select_from(IssuerKey).where(
                IssuerKey.private_key_encrypted.is_not(None))) or 0)
        tmp = _tmp_beside(target)
        try:
            if self.db.dialect == "sqlite":
                info = self._sqlite_backup(tmp, target)
                if info.own_keys != own_in_source:
                    raise InvalidInput("backup_check_failed", path=str(target),
                                       detail=f"signing keys {info.own_keys}/{own_in_source}")
            else:
                info = self._pg_backup(tmp, target)
            os.replace(tmp, target)  # only a checked copy gets the final name
        except OSError as exc:
            raise InvalidInput("backup_failed", field="backup_file",
                               detail=exc.strerror or str(exc)) from None
        except sqlite3.Error as exc:  # SQLite cannot make the copy there (/proc/..., a full disk)
            raise InvalidInput("backup_failed", field="backup_file", detail=str(exc)) from None
        finally:
            tmp.unlink(missing_ok=True)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with self.db.session_scope() as s:
            put_setting(s, BACKUP_LAST_AT, now)
            put_setting(s, BACKUP_LAST_RESULT, {"at": now, "ok": True, "file": target.name,
                                                "size": info.size, "rows": info.rows})
            append_audit(s, self.actor, "register_backed_up", "register", None,
                         {"file": target.name, "sha256": info.sha256, "size": info.size,
                          "rows": info.rows, "backend": info.backend})
        return info

    def _sqlite_backup(self, tmp: Path, target: Path) -> BackupInfo:
        source = self.db.engine.url.database
        if not source:
            raise InvalidInput("backup_failed", field="backup_file", detail="in-memory register")
        with sqlite3.connect(source) as src, sqlite3.connect(tmp) as dst:
            src.backup(dst, pages=4096)  # in steps: other workstations keep writing meanwhile
        dst.close()
        src.close()
        tables, rows, entries, own = check_sqlite_file(tmp)
        return BackupInfo(str(target), tmp.stat().st_size, _sha256(tmp), "sqlite", tables, rows,
                          entries, own)

    def _pg_backup(self, tmp: Path, target: Path) -> BackupInfo:
        url = _libpq_url(self.db.url)
        run = subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--no-owner",
                              f"--file={tmp}", f"--dbname={url}"],
                             capture_output=True, text=True, timeout=6 * 3600)
        if run.returncode != 0:
            raise InvalidInput("backup_failed", field="backup_file", detail=run.stderr.strip()[:300])
        listing = subprocess.run([_pg_tool("pg_restore"), "--list", str(tmp)],
                                 capture_output=True, text=True, timeout=600)
        wanted = set(Base.metadata.tables)
        present = {line.split()[-2] for line in listing.stdout.splitlines()
                   if " TABLE DATA " in line and len(line.split()) >= 2}
        if listing.returncode != 0 or not wanted <= present:
            raise InvalidInput("backup_check_failed", path=str(target),
                               detail=f"missing tables: {sorted(wanted - present)[:5]}")
        with self.db.session_scope(write=False) as s:
            rows = sum(int(s.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() or 0)
                       for t in sorted(wanted))
            own = int(s.scalar(select(func.count()).select_from(IssuerKey).where(
                IssuerKey.private_key_encrypted.is_not(None))) or 0)
        return BackupInfo(str(target), tmp.stat().st_size, _sha256(tmp), "postgresql",
                          len(wanted), rows, -1, own)

    def copy_to(self, target_url: str) -> CopyInfo:
        """Copy this register into the new, empty register ``target_url`` on either backend
        (``migrate-data``): one transaction, checked before commit (register_copy). Both
        registers get an audit entry; the source's comes after the copy, so the copy's chain
        is a prefix of the source's."""
        from app.services.register_copy import MIGRATE, copy_register

        self.require("settings.manage")
        target = Database(target_url)
        try:
            info = copy_register(self.db, target, MIGRATE)
            shown = target.engine.url.render_as_string(hide_password=True)
            details = {"from": self.db.dialect, "to": target.dialect, "rows": info.rows,
                       "audit_entries_checked": info.audit_entries, "revision": info.revision}
            with target.session_scope() as s:
                append_audit(s, self.actor, "register_copied_in", "register", None, details)
        finally:
            target.dispose()
        with self.db.session_scope() as s:
            append_audit(s, self.actor, "register_copied_out", "register", None,
                         {**details, "target": shown})
        return info
