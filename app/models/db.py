"""Engines, sessions and schema upgrades.

SQLite is the default (one file in the user's data directory) with WAL, foreign keys and
``synchronous=FULL``; PostgreSQL is chosen by URL for offices with several workstations.
Before an SQLite file is upgraded it is copied aside with SQLite's online backup API, so a
failed migration never costs the register.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, IntegrityError, OperationalError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError

from app.errors import ConcurrentEdit, DatabaseProblem
from app.models import audit_guard
from app.models.text_limits import enforce_text_limits

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic (with Mako) loads only to upgrade a database or when the migration files cannot be
# read as text (a frozen build): checking that a schema is current reads the revision ids from
# the migration files and the version table directly, so a command such as `verify FILE`
# starts without it (issue 16: ~0.1 s of a ~0.5 s run).

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=FULL")
    # Several workstations (or the GUI and a CLI run) may share one file: wait, don't fail.
    cur.execute("PRAGMA busy_timeout=5000")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    # pysqlite's own implicit BEGIN is switched off (isolation_level=None) so that a write
    # transaction can start with BEGIN IMMEDIATE: it takes the write lock up front instead of
    # failing with "database is locked" when it later tries to upgrade a read lock.
    mode = conn.get_execution_options().get("sqlite_begin", "DEFERRED")
    conn.exec_driver_sql(f"BEGIN {mode}")


SQLITE_MAGIC = b"SQLite format 3\x00"
BACKENDS = ("sqlite", "postgresql")


def check_database_url(url: str) -> None:
    """Refuse a URL that names no register we can open, before an engine is made: garbage,
    an unknown scheme, or an SQLite path that is a directory, a device or another kind of file
    (a PDF). A missing SQLite file is fine: ``init`` creates it."""
    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError):
        raise DatabaseProblem("db_url_invalid", field="db", url=url[:200]) from None
    if parsed.get_backend_name() not in BACKENDS:
        raise DatabaseProblem("db_url_invalid", field="db", url=url[:200])
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return
    path = Path(parsed.database)
    if not path.exists():
        return
    if not path.is_file():
        raise DatabaseProblem("db_not_a_register", field="db", path=str(path))
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise DatabaseProblem("db_unreachable", detail=exc.strerror or str(exc)) from None
    if head and head != SQLITE_MAGIC:
        raise DatabaseProblem("db_not_a_register", field="db", path=str(path))


def make_engine(url: str, **kwargs: Any) -> Engine:
    check_database_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            try:
                Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseProblem("db_unreachable", detail=exc.strerror or str(exc)) from None
        engine = create_engine(url, **kwargs)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True, **kwargs)
    except (ArgumentError, ImportError) as exc:  # an unknown driver (postgresql+foo://)
        raise DatabaseProblem("db_url_invalid", field="db", url=url[:200]) from exc


def alembic_config(url: str) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


_REVISION = re.compile(r"^revision(?:\s*:\s*str)?\s*=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN = re.compile(r"^down_revision(?:\s*:[^=]*)?\s*=\s*(.+)$", re.M)


def _declared_revisions() -> dict[str, set[str]] | None:
    """revision -> its down revisions, read from the migration files' text; None when a file
    does not say so plainly (then Alembic itself is asked)."""
    graph: dict[str, set[str]] = {}
    files = sorted((MIGRATIONS_DIR / "versions").glob("*.py"))
    for path in files:
        if path.name == "__init__.py":
            continue
        source = path.read_text("utf-8")
        rev, down = _REVISION.search(source), _DOWN.search(source)
        if rev is None or down is None:
            return None
        graph[rev.group(1)] = set(re.findall(r"['\"]([^'\"]+)['\"]", down.group(1)))
    return graph or None


def _script_directory() -> Any:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://"))


def head_revision() -> str:
    graph = _declared_revisions()
    if graph is not None:
        heads = set(graph) - set().union(*graph.values())
        if len(heads) == 1:
            return heads.pop()
    head = _script_directory().get_current_head()
    assert head is not None
    return str(head)


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        rows = [r[0] for r in conn.execute(text("SELECT version_num FROM alembic_version"))]
        if len(rows) <= 1:
            return rows[0] if rows else None
        from alembic.runtime.migration import MigrationContext  # branches: Alembic decides

        return MigrationContext.configure(conn).get_current_revision()


def schema_status(engine: Engine) -> str:
    """'empty', 'current', 'old' (upgrade needed) or 'newer' (written by a newer program)."""
    try:
        rev = current_revision(engine)
    except OperationalError as exc:
        raise DatabaseProblem("db_unreachable", detail=str(exc.orig)) from exc
    except DatabaseError as exc:  # "file is not a database" and the like
        raise DatabaseProblem("db_not_a_register", field="db", path=engine.url.database or "?") from exc
    if rev is None:
        return "empty"
    if rev == head_revision():
        return "current"
    graph = _declared_revisions()
    known = set(graph) if graph is not None else {
        s.revision for s in _script_directory().walk_revisions()}
    return "old" if rev in known else "newer"


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


def _translate_operational(exc: OperationalError) -> Exception:
    text = str(exc.orig).lower()
    if "locked" in text or "busy" in text:
        return DatabaseProblem("db_locked")
    if "no such table" in text or "does not exist" in text or "undefined" in text:
        return DatabaseProblem("db_not_initialised")
    return DatabaseProblem("db_unreachable", detail=str(exc.orig))


class Database:
    """The composition root's handle: one engine, one session factory."""

    def __init__(self, url: str, **engine_kwargs: Any) -> None:
        self.url = url
        self.engine = make_engine(url, **engine_kwargs)
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
        status = schema_status(self.engine)
        if status == "empty":
            raise DatabaseProblem("db_not_initialised")
        if status == "old":
            raise DatabaseProblem("db_needs_upgrade")
        if status == "newer":
            raise DatabaseProblem("db_newer", revision=current_revision(self.engine))

    def dispose(self) -> None:
        self.engine.dispose()
