"""Backing up the register and restoring it into a new one.

- SQLite: SQLite's online backup API copies the file page by page while other workstations
  go on working, into a temporary file beside the target; the copy is then opened and checked
  (``PRAGMA integrity_check``, the audit chain, row counts, the office's own signing keys)
  before it gets its final name.
- PostgreSQL: ``pg_dump --format=custom``; the dump is checked with ``pg_restore --list``
  (every table's data is in it) before it gets its final name.

The office's signing keys live in the register (``issuer_keys``), their private halves
encrypted with the office passphrase, so a backup carries them still encrypted: restoring it
on a new machine needs the passphrase to sign again, nothing else.

``restore`` writes only into a NEW register (a missing SQLite file, an empty PostgreSQL
database): it restores, then runs the integrity check and the public audit verification
(:func:`app.services.audit.verify_chain`) before anyone may use it; a register that fails is
removed again. A SQLite backup may also go into a new PostgreSQL register (copied row by
row in one transaction, :mod:`app.services.register_copy`); a PostgreSQL dump goes into
PostgreSQL only, and the refusal says how to reach SQLite from there (``migrate-data``). The
backup's schema version is checked: older is upgraded on the way in, newer is refused.
The scheduled backup (office settings ``backup.directory``,
``backup.interval_hours``, ``backup.keep``) is run by ``registry-office backup --scheduled``
from the system's scheduler (cron, Windows Task Scheduler): see docs/user/recovery*.md.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, inspect, select, text
from sqlalchemy.engine import Engine, make_url

from app.errors import DatabaseProblem, InvalidInput
from app.inputs import check_output_path
from app.models import IssuerKey
from app.models.base import Base
from app.models.db import (
    SQLITE_MAGIC,
    Database,
    current_revision,
    head_revision,
    schema_status,
    upgrade,
)
from app.services.audit import append_audit, verify_chain
from app.services.base import SYSTEM, Service
from app.services.office_settings import (
    BACKUP_DIRECTORY,
    BACKUP_INTERVAL_HOURS,
    BACKUP_KEEP,
    BACKUP_LAST_AT,
    put_setting,
    read_setting,
)
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
        self.require("settings.manage")
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
        finally:
            tmp.unlink(missing_ok=True)
        with self.db.session_scope() as s:
            put_setting(s, BACKUP_LAST_AT, datetime.now(UTC).isoformat(timespec="seconds"))
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

    # -- the schedule ----------------------------------------------------------------------
    def scheduled(self, now: datetime | None = None) -> BackupInfo | None:
        """The backup the office's schedule asks for now, or None when it is not due yet.
        Old scheduled backups beyond ``backup.keep`` are removed (newest kept)."""
        self.require("settings.manage")
        now = now or datetime.now(UTC)
        with self.db.session_scope(write=False) as s:
            folder = read_setting(s, BACKUP_DIRECTORY)
            hours = read_setting(s, BACKUP_INTERVAL_HOURS)
            keep = read_setting(s, BACKUP_KEEP)
            last = read_setting(s, BACKUP_LAST_AT)
        if not folder:
            raise InvalidInput("backup_not_scheduled", field="backup.directory")
        if last:
            try:
                if datetime.fromisoformat(last) + timedelta(hours=hours) > now:
                    return None
            except ValueError:
                pass  # a damaged stamp: back up now
        suffix = ".sqlite3" if self.db.dialect == "sqlite" else ".pgdump"
        directory = Path(folder)
        info = self.backup(directory / f"register-{now:%Y%m%dT%H%M%SZ}{suffix}")
        for old in sorted(directory.glob(f"register-*{suffix}"))[:-keep]:
            old.unlink(missing_ok=True)
        return info

    def set_schedule(self, directory: str, interval_hours: int, keep: int) -> tuple[str, int, int]:
        """Store the schedule (audited); the folder must exist (it is on this machine)."""
        self.require("settings.manage")
        folder = BACKUP_DIRECTORY.check(directory)
        if folder and not Path(folder).is_dir():
            raise InvalidInput("backup_dir_missing", field="backup.directory", path=folder)
        hours = BACKUP_INTERVAL_HOURS.check(interval_hours)
        kept = BACKUP_KEEP.check(keep)
        with self.db.session_scope() as s:
            before: list[object] = [read_setting(s, BACKUP_DIRECTORY),
                                    read_setting(s, BACKUP_INTERVAL_HOURS),
                                    read_setting(s, BACKUP_KEEP)]
            put_setting(s, BACKUP_DIRECTORY, folder)
            put_setting(s, BACKUP_INTERVAL_HOURS, hours)
            put_setting(s, BACKUP_KEEP, kept)
            append_audit(s, self.actor, "backup_schedule_changed", "app_settings", "backup",
                         {"before": before, "after": [folder, hours, kept]})
        return folder, hours, kept

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

    def schedule_state(self) -> tuple[str, int, str]:
        """(folder, interval in hours, last backup ISO) for `backup --scheduled` messages."""
        with self.db.session_scope(write=False) as s:
            return (read_setting(s, BACKUP_DIRECTORY), read_setting(s, BACKUP_INTERVAL_HOURS),
                    read_setting(s, BACKUP_LAST_AT))


# --- restore ---------------------------------------------------------------------------------
def backup_kind(path: Path) -> str:
    with path.open("rb") as fh:
        head = fh.read(16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PG_MAGIC):
        return "postgresql"
    raise InvalidInput("backup_unknown_format", field="backup_file", path=str(path))


def restore(backup: Path, target_url: str) -> RestoreInfo:
    """Restore ``backup`` into the NEW register ``target_url`` and check it before use.

    A SQLite backup restores into SQLite or PostgreSQL (through :mod:`register_copy`, in one
    transaction); a PostgreSQL dump restores into PostgreSQL only (reading it needs
    ``pg_restore`` and a server): the refusal names the way to SQLite (restore into
    PostgreSQL, then ``migrate-data``). A backup of an older schema is upgraded on the way
    in; one written by a newer program is refused."""
    from app.inputs import check_regular_file

    check_regular_file(backup, "backup_file")
    kind = backup_kind(backup)
    target = Database(target_url)
    try:
        if kind == "sqlite" and target.dialect == "sqlite":
            return _restore_sqlite(backup, target)
        if kind == "sqlite":
            return _restore_sqlite_elsewhere(backup, target)
        if target.dialect != "postgresql":
            raise InvalidInput("restore_pg_dump_needs_pg", field="target", path=str(backup))
        return _restore_pg(backup, target)
    finally:
        target.dispose()


def _bring_to_head(engine: Engine, field: str) -> None:
    """Refuse a register written by a newer program; upgrade an older one (a restored copy:
    the backup file itself is the copy from before the upgrade)."""
    status = schema_status(engine)
    if status == "newer":
        raise InvalidInput("copy_schema_mismatch", field=field,
                           found=current_revision(engine) or "?", expected=head_revision())
    if status == "empty":
        raise InvalidInput("copy_source_empty", field=field)
    if status == "old":
        made = upgrade(engine)
        if made is not None:
            made.unlink(missing_ok=True)  # the upgrade's own safety copy of our scratch file


def _stage_sqlite(backup: Path, staging: Path) -> tuple[int, int]:
    """Copy ``backup`` into ``staging`` (online backup API), bring it to this program's schema
    and check it: (rows, audit entries)."""
    with sqlite3.connect(backup) as src, sqlite3.connect(staging) as dst:
        src.backup(dst)
    dst.close()
    src.close()
    db = Database(f"sqlite:///{staging.as_posix()}")
    try:
        _bring_to_head(db.engine, "backup_file")
    finally:
        db.dispose()
    try:
        _tables, rows, entries, _own = check_sqlite_file(staging)
    except InvalidInput as exc:
        raise InvalidInput("restore_check_failed", field="target",
                           detail=str(exc.params.get("detail"))) from None
    return rows, entries


def _restore_sqlite(backup: Path, target: Database) -> RestoreInfo:
    dest = Path(target.engine.url.database or "")
    if dest.exists() and dest.stat().st_size > 0:
        raise InvalidInput("restore_target_exists", field="target", target=str(dest))
    target.dispose()
    tmp = _tmp_beside(dest)
    try:
        rows, entries = _stage_sqlite(backup, tmp)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)
    _record_restore(target, backup, rows, entries)
    return RestoreInfo(str(dest), str(backup), rows, entries, "ok")


def _restore_sqlite_elsewhere(backup: Path, target: Database) -> RestoreInfo:
    """A SQLite backup into a PostgreSQL register: staged and checked as a SQLite file in a
    scratch folder, then copied row by row in one transaction (register_copy)."""
    from app.services.register_copy import copy_register

    with target.engine.connect() as conn:  # refuse before the (possibly long) staging
        if [t for t in inspect(conn).get_table_names() if t != "alembic_version"]:
            raise InvalidInput("restore_target_exists", field="target",
                               target=target.engine.url.render_as_string(hide_password=True))
    with tempfile.TemporaryDirectory(prefix="registry-restore-") as scratch:
        staging_path = Path(scratch) / "staging.sqlite3"
        _stage_sqlite(backup, staging_path)
        staging = Database(f"sqlite:///{staging_path.as_posix()}")
        try:
            copied = copy_register(staging, target)
        finally:
            staging.dispose()
    _record_restore(target, backup, copied.rows, copied.audit_entries)
    return RestoreInfo(target.engine.url.render_as_string(hide_password=True), str(backup),
                       copied.rows, copied.audit_entries, "ok")


def _restore_pg(backup: Path, target: Database) -> RestoreInfo:
    with target.engine.connect() as conn:
        if inspect(conn).get_table_names():
            raise InvalidInput("restore_target_exists", field="target",
                               target=target.engine.url.render_as_string(hide_password=True))
    run = subprocess.run([_pg_tool("pg_restore"), "--no-owner", "--exit-on-error",
                          f"--dbname={_libpq_url(target.url)}", str(backup)],
                         capture_output=True, text=True, timeout=6 * 3600)
    try:
        if run.returncode != 0:
            raise InvalidInput("restore_check_failed", field="target", detail=run.stderr.strip()[:300])
        _bring_to_head(target.engine, "backup_file")
        with target.session_scope(write=False) as s:
            chain = verify_chain(s)
            rows = sum(int(s.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() or 0)
                       for t in sorted(Base.metadata.tables))
        if not chain.ok:
            raise InvalidInput("restore_check_failed", field="target",
                               detail=f"audit {chain.problem} at {chain.first_bad_seq}")
    except BaseException:
        with target.engine.begin() as conn:  # the register we filled, nobody else's
            conn.exec_driver_sql("DROP SCHEMA public CASCADE")
            conn.exec_driver_sql("CREATE SCHEMA public")
        raise
    _record_restore(target, backup, rows, chain.entries)
    return RestoreInfo(target.engine.url.render_as_string(hide_password=True), str(backup), rows,
                       chain.entries, "ok")


def _record_restore(target: Database, backup: Path, rows: int, entries: int) -> None:
    db = Database(target.url)
    try:
        with db.session_scope() as s:
            append_audit(s, SYSTEM, "register_restored", "register", None,
                         {"backup": backup.name, "sha256": _sha256(backup), "rows": rows,
                          "audit_entries_checked": entries})
    finally:
        db.dispose()
