"""Fast bulk writes for the demo register: executemany on SQLite, COPY on PostgreSQL.

A million persons come with several million rows; the ORM's unit of work would take an hour.
Values are converted with SQLAlchemy's own bind processors of each column (UUIDs as hex on
SQLite, UTC datetimes, JSON), so the rows are stored exactly as the ORM would store them,
then handed to the driver directly: ``cursor.executemany`` (SQLite) or ``COPY ... FROM STDIN``
(psycopg), inside the caller's transaction.

Conversion (:class:`RowConverter`, pure Python) and writing (:class:`BulkWriter`, mostly
inside the driver, which releases the GIL) are separate so the demo can convert the next
chunk in one thread while the database writes the previous one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import Connection, Table, Uuid
from sqlalchemy.engine import Dialect

Processor = Callable[[Any], Any]


def _uuid_hex(value: Any) -> str:
    return str(value.hex)


class RowConverter:
    """Python values -> what the driver receives, per column, as SQLAlchemy would bind them."""

    def __init__(self, dialect: Dialect) -> None:
        self.dialect = dialect
        self._processors: dict[tuple[str, tuple[str, ...]], list[tuple[int, Processor, bool]]] = {}

    def _plan(self, table: Table, columns: Sequence[str]) -> list[tuple[int, Processor, bool]]:
        key = (table.name, tuple(columns))
        if key not in self._processors:
            plan: list[tuple[int, Processor, bool]] = []
            for i, name in enumerate(columns):
                col_type = table.c[name].type
                # What SQLAlchemy itself applies to a bound value of this column on this dialect
                # (a TypeDecorator's dialect_impl includes its process_bind_param).
                proc: Processor | None = col_type.dialect_impl(self.dialect).bind_processor(
                    self.dialect)
                if proc is None:
                    continue
                if isinstance(col_type, Uuid) and self.dialect.name == "sqlite":
                    proc = _uuid_hex  # the same 32-hex-digit text, without the per-call overhead
                # Dates and timestamps repeat a lot (birth days, the run's "now"): memoise them.
                memo = not isinstance(col_type, Uuid) and name not in ("data",)
                plan.append((i, proc, memo))
            self._processors[key] = plan
        return self._processors[key]

    def convert(self, table: Table, columns: Sequence[str],
                rows: Sequence[Sequence[Any]]) -> list[Sequence[Any]]:
        plan = self._plan(table, columns)
        if not plan or not rows:
            return list(rows)
        # Column by column: map() over a column runs at C speed, a loop per value would not.
        cols: list[Sequence[Any]] = list(zip(*rows, strict=True))
        for i, proc, memo in plan:
            col = cols[i]
            if memo:  # few distinct values: convert each once
                table_of = {v: proc(v) for v in set(col) if v is not None}
                table_of[None] = None
                cols[i] = list(map(table_of.__getitem__, col))
            elif any(v is None for v in col):
                cols[i] = [None if v is None else proc(v) for v in col]
            else:
                cols[i] = list(map(proc, col))
        return list(zip(*cols, strict=True))


class BulkWriter:
    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.postgres = conn.dialect.name == "postgresql"
        self.converter = RowConverter(conn.dialect)
        self.written: dict[str, int] = {}

    def write(self, table: Table, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
        self.write_converted(table, columns, self.converter.convert(table, columns, rows))

    def write_converted(self, table: Table, columns: Sequence[str],
                        rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        raw = self.conn.connection.driver_connection
        if raw is None:
            raise RuntimeError("the demo's database connection is closed")
        names = ", ".join(f'"{c}"' for c in columns)
        if self.postgres:
            with raw.cursor() as cur, cur.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join("?" for _ in columns)
            cur = raw.cursor()
            try:
                cur.executemany(f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', rows)
            finally:
                cur.close()
        self.written[table.name] = self.written.get(table.name, 0) + len(rows)
