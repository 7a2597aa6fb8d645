"""Restoring a backup into a NEW register, checked before anyone uses it.

``restore`` writes only into a new register (a missing SQLite file, an empty PostgreSQL
database): it restores, brings the schema to this program's version (a backup of an older
program is upgraded on the way in; one written by a newer program is refused), then runs the
integrity check and the public audit verification (:func:`app.services.audit.verify_chain`);
a register that fails is removed again.

- SQLite backup into SQLite: SQLite's backup API into a temporary file beside the target,
  renamed only after the checks.
- SQLite backup into PostgreSQL: staged and checked as a SQLite file in a scratch folder, then
  copied row by row in ONE PostgreSQL transaction (:mod:`app.services.register_copy`).
- PostgreSQL dump (``pg_dump -Fc``) into PostgreSQL: ``pg_restore``; a failure drops what it
  made. Into SQLite it is refused: reading a dump needs ``pg_restore`` and a server, so the
  refusal names the way (restore into PostgreSQL, then ``registry-office migrate-data``).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import tempfile
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Engine

from app.errors import InvalidInput
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
from app.services.backup_service import (
    PG_MAGIC,
    RestoreInfo,
    _libpq_url,
    _pg_tool,
    _sha256,
    _tmp_beside,
    check_sqlite_file,
)
from app.services.base import SYSTEM


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
