"""Text-field length limits, enforced the same way on SQLite and PostgreSQL.

SQLite ignores ``VARCHAR(n)``: a 100,000-character name was stored there, while PostgreSQL
refused the same value with a database error (and a NUL character, which SQLite keeps, breaks
PostgreSQL's text type). Before every flush, each new or changed row's text is checked against
its column: ``String(n)`` allows ``n`` characters, ``Text`` :data:`TEXT_MAX_CHARS`, and the
strings inside a JSON column (a filing's form) the same. A violation is an
:class:`~app.errors.InvalidInput` ``text_too_long`` naming the column (exit 2 on the CLI, an
inline message in the UI); the service's transaction rolls back, nothing is half written.
The limits are derived from the models, so a new column is covered the day it is added.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, String, event, inspect
from sqlalchemy.orm import Session, sessionmaker

from app.errors import InvalidInput

# A free-text column (an opinion, a statement, a correction request): a few printed pages.
TEXT_MAX_CHARS = 10_000


def column_limit(column: Any) -> int | None:
    """How many characters a column holds (None for non-text columns)."""
    kind = column.type
    if isinstance(kind, String):
        return kind.length or TEXT_MAX_CHARS
    return None


def _check_value(field: str, value: str, max_chars: int) -> None:
    if len(value) > max_chars:
        raise InvalidInput("text_too_long", field=field, max=max_chars, length=len(value))
    if "\x00" in value:
        raise InvalidInput("input_control_char", field=field, char="U+0000")


def _check_json(field: str, value: Any, depth: int = 0) -> None:
    if depth > 32:
        raise InvalidInput("json_too_deep", field=field, max=32)
    if isinstance(value, str):
        _check_value(field, value, TEXT_MAX_CHARS)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_json(str(key), item, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            _check_json(field, item, depth + 1)


def field_name(table: str, key: str) -> str:
    """The field named in the message: ``table.column`` where the catalogue words it apart
    (an employer's name is not a person's), else the column."""
    from app.resources import load_toml

    fields = load_toml("messages", "errors.toml").get("fields", {})
    return f"{table}.{key}" if f"{table}.{key}" in fields else key


def check_row(obj: Any) -> None:
    """Refuse the first text value of ``obj`` that its column cannot hold."""
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        column = attr.columns[0]
        value = getattr(obj, attr.key, None)
        if value is None:
            continue
        if isinstance(value, str):
            limit = column_limit(column)
            if limit is not None:
                _check_value(field_name(column.table.name, attr.key), value, limit)
        elif isinstance(column.type, JSON) and column.table.name not in ("audit_log",):
            _check_json(attr.key, value)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    for obj in list(session.new) + list(session.dirty):
        check_row(obj)


def enforce_text_limits(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "before_flush", _before_flush)
