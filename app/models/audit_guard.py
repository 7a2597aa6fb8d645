"""The database triggers that keep the audit log and its checkpoints append-only.

Someone with direct access to the database can drop or disable these triggers (and then edit
the log); the hash chain and the signed checkpoints expose the edits, and this module exposes
the missing guard itself: :func:`guard_problems` lists every trigger that is missing, disabled
or redefined, and :func:`restore_guards` (run by every schema upgrade, so ``db upgrade``
repairs them) puts them back. The SQL here is the same as in migrations 0001 and 0010.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.engine import Connection

# Tables whose rows may be inserted but never changed or removed.
GUARDED = ("audit_log", "audit_checkpoints")
_PG_FUNCTION = "audit_log_append_only"
_PG_BODY = "BEGIN RAISE EXCEPTION 'audit log is append-only'; END"


def _sqlite_trigger_sql(table: str, verb: str) -> str:
    # audit_log's trigger names predate this module (migration 0001) and are kept.
    return (f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
            "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END")


def _sqlite_expected() -> dict[str, str]:
    return {f"{t}_no_{v.lower()}": _sqlite_trigger_sql(t, v)
            for t in GUARDED for v in ("UPDATE", "DELETE")}


def _pg_expected() -> dict[str, tuple[str, str]]:
    """trigger name -> (table, the CREATE TRIGGER statement)."""
    out: dict[str, tuple[str, str]] = {}
    for table in GUARDED:
        # audit_log's row trigger keeps its name from migration 0001.
        row = "audit_log_append_only" if table == "audit_log" else f"{table}_append_only"
        out[row] = (table, f"CREATE TRIGGER {row} BEFORE UPDATE OR DELETE ON {table} "
                           f"FOR EACH ROW EXECUTE FUNCTION {_PG_FUNCTION}()")
        # Row triggers do not fire on TRUNCATE: wiping the table needs its own guard.
        out[f"{table}_no_truncate"] = (
            table, f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION {_PG_FUNCTION}()")
    return out


def _norm(sql: str) -> str:
    return re.sub(r"\s+", " ", sql).strip().lower()


def _tables_present(conn: Connection) -> set[str]:
    if conn.dialect.name == "sqlite":
        rows = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'table'"))
    else:
        rows = conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"))
    return {r[0] for r in rows}


def guard_problems(conn: Connection) -> list[str]:
    """Names of the guards that are missing, disabled or not what the schema defines."""
    tables = _tables_present(conn)
    if conn.dialect.name == "sqlite":
        found = {r[0]: r[1] or "" for r in conn.execute(text(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))}
        return [name for name, sql in _sqlite_expected().items()
                if name.rsplit("_no_", 1)[0] in tables and _norm(found.get(name, "")) != _norm(sql)]
    problems = []
    body = conn.execute(text("SELECT prosrc FROM pg_proc WHERE proname = :n"),
                        {"n": _PG_FUNCTION}).scalar()
    if body is None or _norm(body) != _norm(_PG_BODY):
        problems.append(f"{_PG_FUNCTION}()")
    rows = conn.execute(text(
        "SELECT t.tgname, t.tgenabled, c.relname FROM pg_trigger t "
        "JOIN pg_class c ON c.oid = t.tgrelid WHERE NOT t.tgisinternal"))
    found = {r[0]: (r[1], r[2]) for r in rows}
    for name, (table, _) in _pg_expected().items():
        if table not in tables:
            continue
        state = found.get(name)
        # 'O' fires normally; 'D' is disabled, 'R'/'A' fire only in replica mode.
        if state is None or state[0] != "O" or state[1] != table:
            problems.append(name)
    return problems


def restore_guards(conn: Connection) -> list[str]:
    """Recreate every guard that :func:`guard_problems` reports; returns their names."""
    problems = guard_problems(conn)
    if not problems:
        return []
    if conn.dialect.name == "sqlite":
        for name, sql in _sqlite_expected().items():
            if name in problems:
                conn.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
                conn.execute(text(sql))
        return problems
    conn.execute(text(f"CREATE OR REPLACE FUNCTION {_PG_FUNCTION}() RETURNS trigger AS $$ "
                      f"{_PG_BODY} $$ LANGUAGE plpgsql"))
    for name, (table, sql) in _pg_expected().items():
        if name in problems:
            conn.execute(text(f"DROP TRIGGER IF EXISTS {name} ON {table}"))
            conn.execute(text(sql))
    return problems
