"""Copying a whole register into a new, empty one on the other backend (or the same one).

Used by ``restore`` when a SQLite backup goes into a PostgreSQL register (an office that
outgrew one machine, or whose server is new), and by ``registry-office migrate-data --from
URL --to URL`` between two live registers in either direction.

All or nothing: the target must be empty (a missing or empty SQLite file, a PostgreSQL
database without tables). On PostgreSQL the schema (made by the migrations, so indexes and the
audit log's append-only triggers are the program's own), every row, the sequences and the
checks run in ONE transaction: a failure or a kill leaves the database as empty as it was.
On SQLite the copy is written into a temporary file beside the target and renamed only after
it passed its checks. The checks before commit: the audit chain (the public verification, as
``audit verify``), the row count of every table against the source, and on SQLite
``PRAGMA integrity_check``.

The source must have this program's schema version exactly (an older one is upgraded first by
the caller, a newer one is refused): the copy goes table by table through the models' tables,
so both sides must mean the same columns.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Integer, Table, func, inspect, null, select, text
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from app.errors import DatabaseProblem, InvalidInput
from app.models.base import Base
from app.models.db import Database, alembic_config, current_revision, head_revision
from app.services.audit import verify_chain

CHUNK = 2000  # rows per INSERT batch: bounded memory for registers of 100,000 persons and more


@dataclass(frozen=True)
class Fields:
    """How refusals name the two registers and a failed copy: ``restore`` speaks of the
    backup and the restore target, ``migrate-data`` of the source and target registers."""

    source: str = "backup_file"
    target: str = "target"
    failure: str = "restore_check_failed"

    def failed(self, detail: str) -> InvalidInput:
        return InvalidInput(self.failure, field=self.target, detail=detail)


RESTORE = Fields()
MIGRATE = Fields("copy_source", "copy_target", "copy_failed")


@dataclass(frozen=True)
class CopyInfo:
    source_backend: str
    target_backend: str
    tables: int
    rows: int
    audit_entries: int
    revision: str


def require_current_schema(db: Database, field: str) -> str:
    """The schema revision of ``db`` if it is this program's; else a clear refusal."""
    rev = current_revision(db.engine)
    head = head_revision()
    if rev is None:
        raise InvalidInput("copy_source_empty", field=field)
    if rev != head:
        raise InvalidInput("copy_schema_mismatch", field=field, found=rev, expected=head)
    return rev


def _tables() -> list[Table]:
    # Dependency order: a row's parents are inserted before it (foreign keys hold throughout).
    return list(Base.metadata.sorted_tables)


def _is_empty(conn: Connection) -> bool:
    return not [t for t in inspect(conn).get_table_names() if t != "alembic_version"] and \
        current_revision_of(conn) is None


def current_revision_of(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def _create_schema(conn: Connection, url: str) -> None:
    """The migrations themselves make the schema: same indexes, triggers and version row as a
    register made by ``init``."""
    from alembic import command

    from app.models import audit_guard

    cfg = alembic_config(url)
    cfg.attributes["connection"] = conn
    command.upgrade(cfg, "head")
    audit_guard.restore_guards(conn)


def _copy_rows(src: Connection, dst: Connection) -> dict[str, int]:
    counts: dict[str, int] = {}
    for table in _tables():
        # A JSON column holds either SQL NULL or the JSON value null; both read as None, so
        # which one it was travels beside it (and SQL NULL is written back as null()).
        json_cols = [c.name for c in table.columns if isinstance(c.type, JSON)]
        flags = [table.c[name].is_(None).label(f"_sql_null_{name}") for name in json_cols]
        query = select(table, *flags).order_by(*table.primary_key.columns)
        n = 0
        result = src.execution_options(stream_results=True, yield_per=CHUNK).execute(query)
        for chunk in result.mappings().partitions(CHUNK):
            dst.execute(table.insert(), [_row(r, json_cols) for r in chunk])
            n += len(chunk)
        counts[table.name] = n
    return counts


def _row(mapping: Any, json_cols: list[str]) -> dict[str, Any]:
    row = {k: v for k, v in mapping.items() if not k.startswith("_sql_null_")}
    for name in json_cols:
        if mapping[f"_sql_null_{name}"]:
            row[name] = null()
    return row


def _move_sequences(dst: Connection) -> None:
    """PostgreSQL serial columns: their sequences continue after the copied rows."""
    if dst.dialect.name != "postgresql":
        return
    for table in _tables():
        pk = list(table.primary_key.columns)
        if len(pk) != 1 or not isinstance(pk[0].type, Integer) or pk[0].autoincrement is False:
            continue
        seq = dst.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                          {"t": table.name, "c": pk[0].name}).scalar()
        if seq:
            dst.execute(text(f"SELECT setval('{seq}', COALESCE((SELECT max({pk[0].name}) "
                             f"FROM {table.name}), 0) + 1, false)"))


def _check(dst: Connection, expected: dict[str, int], how: Fields) -> int:
    """Checks on the not-yet-committed copy: row counts, audit chain, SQLite integrity."""
    for table in _tables():
        got = int(dst.execute(select(func.count()).select_from(table)).scalar() or 0)
        if got != expected[table.name]:
            raise how.failed(f"{table.name}: {got}/{expected[table.name]} rows")
    if dst.dialect.name == "sqlite":
        result = dst.exec_driver_sql("PRAGMA integrity_check").scalar()
        if result != "ok":
            raise how.failed(f"integrity: {result}")
    with Session(bind=dst) as s:
        chain = verify_chain(s)
    if not chain.ok:
        raise how.failed(f"audit {chain.problem} at {chain.first_bad_seq}")
    return chain.entries


@contextmanager
def _sqlite_staging(target: Database, how: Fields) -> Iterator[tuple[str, Path]]:
    """A temporary SQLite file beside the target; renamed onto it by the caller on success."""
    dest = Path(target.engine.url.database or "")
    if not dest.name or dest.name == ":memory:":
        raise InvalidInput("copy_target_invalid", field=how.target, target=str(dest))
    if dest.exists() and dest.stat().st_size > 0:
        raise InvalidInput("restore_target_exists", field=how.target, target=str(dest))
    if not dest.parent.is_dir():
        dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.part")
    tmp.unlink(missing_ok=True)
    try:
        yield f"sqlite:///{tmp.as_posix()}", tmp
    finally:
        tmp.unlink(missing_ok=True)


def copy_register(source: Database, target: Database, how: Fields = RESTORE) -> CopyInfo:
    """Copy every row of ``source`` into the empty ``target`` (see the module's docstring)."""
    revision = require_current_schema(source, how.source)
    if source.url == target.url:
        raise InvalidInput("copy_target_invalid", field=how.target,
                           target=target.engine.url.render_as_string(hide_password=True))
    if target.dialect == "sqlite":
        with _sqlite_staging(target, how) as (tmp_url, tmp):
            staging = Database(tmp_url)
            try:
                info = _copy_into(source, staging, revision, how)
            finally:
                staging.dispose()
            target.dispose()
            os.replace(tmp, Path(target.engine.url.database or ""))
        return info
    with target.engine.connect() as conn:
        if not _is_empty(conn):
            raise InvalidInput("restore_target_exists", field=how.target,
                               target=target.engine.url.render_as_string(hide_password=True))
    return _copy_into(source, target, revision, how)


def _snapshot(source: Database) -> Connection:
    """A connection that sees the source as of one moment while other workstations write:
    REPEATABLE READ on PostgreSQL (READ COMMITTED would see a child row committed after its
    parent table was copied); SQLite's read transaction is a snapshot already."""
    conn = source.engine.connect()
    if source.dialect == "postgresql":
        conn = conn.execution_options(isolation_level="REPEATABLE READ")
    return conn


def _copy_into(source: Database, target: Database, revision: str, how: Fields) -> CopyInfo:
    try:
        with _snapshot(source) as src, target.engine.begin() as dst:
            _create_schema(dst, target.engine.url.render_as_string(hide_password=False))
            counts = _copy_rows(src, dst)
            _move_sequences(dst)
            entries = _check(dst, counts, how)
    except (DatabaseProblem, InvalidInput):
        raise
    except Exception as exc:  # a database error mid-copy: nothing was committed
        raise how.failed(f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}") from exc
    return CopyInfo(source.dialect, target.dialect, len(counts), sum(counts.values()), entries,
                    revision)

