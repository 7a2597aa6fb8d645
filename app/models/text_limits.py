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

from sqlalchemy import JSON, event, inspect
from sqlalchemy.orm import Session, sessionmaker

# The checks themselves live in app.store.text_checks: the Core writers (issue 16) use them too.
from app.store.text_checks import (
    TEXT_MAX_CHARS,
    column_limit,
    field_name,
)
from app.store.text_checks import (
    check_json as _check_json,
)
from app.store.text_checks import (
    check_value as _check_value,
)

__all__ = ["TEXT_MAX_CHARS", "check_row", "column_limit", "enforce_text_limits", "field_name"]


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
