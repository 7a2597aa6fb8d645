"""Text-field length checks shared by the ORM's flush hook (``app.models.text_limits``) and
the Core writers (:func:`check_row_values`): ``String(n)`` allows ``n`` characters, ``Text``
:data:`TEXT_MAX_CHARS`, strings inside JSON the same; NUL is refused (PostgreSQL's text type
cannot hold it)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.sql.expression import TableClause

from app.errors import InvalidInput

# A free-text column (an opinion, a statement, a correction request): a few printed pages.
TEXT_MAX_CHARS = 10_000


def column_limit(column: Any) -> int | None:
    """How many characters a column holds (None for non-text columns)."""
    kind = column.type
    if isinstance(kind, String):
        return kind.length or TEXT_MAX_CHARS
    return None


def check_value(field: str, value: str, max_chars: int) -> None:
    if len(value) > max_chars:
        raise InvalidInput("text_too_long", field=field, max=max_chars, length=len(value))
    if "\x00" in value:
        raise InvalidInput("input_control_char", field=field, char="U+0000")


def check_json(field: str, value: Any, depth: int = 0) -> None:
    if depth > 32:
        raise InvalidInput("json_too_deep", field=field, max=32)
    if isinstance(value, str):
        check_value(field, value, TEXT_MAX_CHARS)
    elif isinstance(value, dict):
        for key, item in value.items():
            check_json(str(key), item, depth + 1)
    elif isinstance(value, list | tuple):
        for item in value:
            check_json(field, item, depth + 1)


def field_name(table: str, key: str) -> str:
    """The field named in the message: ``table.column`` where the catalogue words it apart
    (an employer's name is not a person's), else the column."""
    from app.resources import load_toml

    fields = load_toml("messages", "errors.toml").get("fields", {})
    return f"{table}.{key}" if f"{table}.{key}" in fields else key


def check_row_values(tbl: TableClause, values: Mapping[str, Any]) -> None:
    """As the ORM's flush hook does for a row: refuse the first value its column cannot hold."""
    for key, value in values.items():
        if value is None:
            continue
        col = tbl.c[key]
        if isinstance(value, str):
            limit = column_limit(col)
            # The field's name (from the message catalogue) only for a refusal.
            if limit is not None and (len(value) > limit or "\x00" in value):
                check_value(field_name(tbl.name, key), value, limit)
        elif isinstance(col.type, JSON) and tbl.name != "audit_log":
            check_json(key, value)
