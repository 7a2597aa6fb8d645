"""Engines and the schema check, for the ORM's ``Database`` and the Core-only :class:`Store`.

SQLite is the default (one file in the user's data directory) with WAL, foreign keys and
``synchronous=FULL``; PostgreSQL is chosen by URL for offices with several workstations.
Moved here from ``app.models.db`` (which re-exports every name) so that a command that needs
no ORM model (``verify FILE``, issue 16) can open and check a register without importing the
declarative models.

Alembic (with Mako) loads only to upgrade a database or when the migration files cannot be
read as text (a frozen build): checking that a schema is current reads the revision ids from
the migration files and the version table directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import create_engine, event, inspect, text
from sqlalchemy.engine import Connection, Engine, make_url
from sqlalchemy.exc import ArgumentError, DatabaseError, IntegrityError, OperationalError

from app.errors import ConcurrentEdit, DatabaseProblem

if TYPE_CHECKING:
    from alembic.config import Config

# The migrations stay with the models (Alembic needs them); their text is all we read here.
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "models" / "migrations"


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




def translate_operational(exc: OperationalError) -> Exception:
    text = str(exc.orig).lower()
    if "locked" in text or "busy" in text:
        return DatabaseProblem("db_locked")
    if "no such table" in text or "does not exist" in text or "undefined" in text:
        return DatabaseProblem("db_not_initialised")
    return DatabaseProblem("db_unreachable", detail=str(exc.orig))


class Store:
    """The register through Core only: one engine, one connection per transaction.

    ``Database`` (the ORM's handle) hands out a Store over its own engine
    (``Database.store``); a command that needs no model makes one from the URL. Errors are
    translated as ``Database.session_scope`` translates them."""

    def __init__(self, url: str | None = None, engine: Engine | None = None) -> None:
        if engine is None:
            if url is None:
                raise ValueError("a Store needs a URL or an engine")
            engine = make_engine(url)
        self.engine = engine
        self.url = url or engine.url.render_as_string(hide_password=False)
        # As Database's writer: SQLite takes the write lock up front (BEGIN IMMEDIATE).
        self._writer = engine.execution_options(sqlite_begin="IMMEDIATE")

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def begin(self, write: bool = True) -> Iterator[Connection]:
        """One transaction: commit on success, roll back on any error."""
        try:
            with (self._writer if write else self.engine).begin() as conn:
                yield conn
        except OperationalError as exc:
            raise translate_operational(exc) from exc
        except IntegrityError as exc:
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
