"""Engines, sessions and schema upgrades.

SQLite is the default (one file in the user's data directory) with WAL, foreign keys and
``synchronous=FULL``; PostgreSQL is chosen by URL for offices with several workstations.
Before an SQLite file is upgraded it is copied aside with SQLite's online backup API, so a
failed migration never costs the register.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from app.errors import ConcurrentEdit, DatabaseProblem
from app.models import audit_guard
from app.models.text_limits import enforce_text_limits

# The engine and the schema check live in app.store.engine (a command that needs no ORM model
# uses them without importing the models); re-exported here, where the rest of the program
# has always found them.
from app.store.engine import (  # noqa: F401
    BACKENDS,
    MIGRATIONS_DIR,
    SQLITE_MAGIC,
    Store,
    alembic_config,
    check_database_url,
    current_revision,
    head_revision,
    make_engine,
    schema_status,
)
from app.store.engine import translate_operational as _translate_operational


def backup_sqlite(engine: Engine) -> Path | None:
    """Copy the SQLite file aside (consistent even while other connections are open)."""
    db_path = engine.url.database
    if engine.url.get_backend_name() != "sqlite" or not db_path or db_path == ":memory:":
        return None
    src = Path(db_path)
    if not src.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    dest = src.with_name(f"{src.stem}.before-upgrade-{stamp}{src.suffix or '.sqlite3'}")
    tmp = dest.with_suffix(dest.suffix + ".part")
    with sqlite3.connect(src) as source, sqlite3.connect(tmp) as target:
        source.backup(target)
    shutil.move(tmp, dest)  # only a complete copy gets the final name
    return dest


def upgrade(engine: Engine, revision: str = "head") -> Path | None:
    """Bring the schema to ``revision``. Returns the backup path if one was made."""
    status = schema_status(engine)
    if status == "newer":
        raise DatabaseProblem("db_newer", revision=current_revision(engine))
    backup = backup_sqlite(engine) if status == "old" else None
    cfg = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        from alembic import command

        command.upgrade(cfg, revision)
        if revision == "head":
            # Triggers dropped or disabled behind the program's back come back with every
            # upgrade, also when the schema itself was already current.
            audit_guard.restore_guards(conn)
    return backup


def guard_problems(engine: Engine) -> list[str]:
    """The audit log's append-only triggers that are missing or disabled (see audit_guard)."""
    with engine.connect() as conn:
        return audit_guard.guard_problems(conn)


class Database:
    """The composition root's handle: one engine, one session factory."""

    def __init__(self, url: str, engine: Engine | None = None, **engine_kwargs: Any) -> None:
        self.url = url
        # ``engine``: share one already made for this URL (the CLI's Core store, issue 16).
        self.engine = engine if engine is not None else make_engine(url, **engine_kwargs)
        self.store = Store(url, self.engine)  # Core access over the same engine
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._writer = sessionmaker(
            self.engine.execution_options(sqlite_begin="IMMEDIATE"), expire_on_commit=False
        )
        # Column lengths hold on SQLite as on PostgreSQL (app/models/text_limits.py).
        enforce_text_limits(self._writer)
        enforce_text_limits(self._reader)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session_scope(self, write: bool = True) -> Iterator[Session]:
        """One transaction: commit on success, roll back on any error.

        ``write=False`` for pure queries: on SQLite they then never wait for the write lock.
        """
        factory = self._writer if write else self._reader
        try:
            with factory.begin() as session:
                yield session
        except OperationalError as exc:
            raise _translate_operational(exc) from exc
        except StaleDataError as exc:
            raise ConcurrentEdit("concurrent_edit") from exc
        except IntegrityError as exc:
            # A unique or foreign-key constraint the service did not pre-check: most often two
            # workstations inserting the same record at once. Nothing was written (rolled back).
            raise ConcurrentEdit("integrity_conflict", detail=str(exc.orig).splitlines()[0]) from exc

    def ensure_current(self) -> None:
        self.store.ensure_current()

    def dispose(self) -> None:
        self.engine.dispose()
