"""Index-backed match streams for the person search: one per way a query can match.

Each stream yields matching persons in a fixed order ``(sort key..., person id)`` read
straight off one index, so the first page costs a short index range scan whatever the size of
the register, and the next page continues after the last key (keyset paging: no OFFSET).

Prefix matching is a range ``col >= q AND col < succ(q)`` where ``succ`` increments the last
code point: exact for a code-point order. SQLite's BINARY collation is that order; on
PostgreSQL the column is compared ``COLLATE "C"`` (byte order of UTF-8 = code-point order) so
the result does not depend on the database's locale and the ``*_c`` indexes of migration 0003
serve it. ``LIKE 'q%'`` is avoided: SQLite uses an index for it only with
``case_sensitive_like`` and PostgreSQL only with ``text_pattern_ops``.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, distinct, func, select, true, tuple_
from sqlalchemy.orm import Session

from app.models.people import Employer, Person, PersonNameKey, Registration

Key = tuple[Any, ...]  # a stream position: (sort values..., person id)
AnySelect = Select[*tuple[Any, ...]]  # a SELECT of any number of columns
Row = tuple[Key, uuid.UUID]


def succ(prefix: str) -> str | None:
    """The smallest string greater than every string starting with ``prefix`` (None: no bound)."""
    chars = list(prefix)
    while chars:
        code = ord(chars[-1]) + 1
        if 0xD800 <= code <= 0xDFFF:  # surrogates cannot be stored; skip to the next real char
            code = 0xE000
        if code <= 0x10FFFF:
            chars[-1] = chr(code)
            return "".join(chars)
        chars.pop()
    return None


class Collation:
    """How to compare text in code-point order on the current backend."""

    def __init__(self, dialect: str) -> None:
        self.postgres = dialect == "postgresql"

    def col(self, column: ColumnElement[Any]) -> ColumnElement[Any]:
        return column.collate("C") if self.postgres else column

    def prefix(self, column: Any, value: str, start: Any = None) -> ColumnElement[bool]:
        """``column`` starts with ``value``; from ``start`` on when paging (see Stream.rows)."""
        c = self.col(column)
        upper = succ(value)
        # When paging, the lower bound is the last key seen, not the prefix: SQLite uses one
        # range per column, and with the prefix as its start it would walk every earlier page.
        lower = value if start is None else start
        return and_(c >= lower) if upper is None else and_(c >= lower, c < upper)


@dataclass
class Stream:
    """Base: subclasses give the selectable, its sort columns and the person id column."""

    kind: str
    value: str
    coll: Collation
    # True when a person can appear on several rows (several pinyin keys, registrations).
    multi: bool = False
    # False when rows() cannot honour an SQL OFFSET (the caller then walks page by page).
    supports_offset = True

    def sort_columns(self) -> list[Any]:
        raise NotImplementedError

    def person_column(self) -> Any:
        raise NotImplementedError

    def base(self) -> AnySelect:
        raise NotImplementedError

    def condition(self, after: Key | None = None) -> ColumnElement[bool]:
        """The match condition; ``after`` (a stream key) lets it start the range there."""
        raise NotImplementedError

    # -- reading -------------------------------------------------------------------------
    def _ordered(self) -> tuple[list[Any], Any]:
        cols = [self.coll.col(c) if i == 0 else c for i, c in enumerate(self.sort_columns())]
        return cols, self.person_column()

    def rows(self, session: Session, after: Key | None, n: int, offset: int = 0) -> list[Row]:
        """Up to ``n`` rows strictly after ``after`` in stream order."""
        cols, pid = self._ordered()
        # Select the compared (collated) expressions themselves: PostgreSQL wants DISTINCT's
        # ORDER BY in the select list, and keys read back must compare the same way.
        stmt = self.base().with_only_columns(*cols, pid).where(self.condition(after))
        if after is not None:
            stmt = stmt.where(tuple_(*cols, pid) > tuple_(*after))
        stmt = stmt.order_by(*cols, pid).limit(n)
        if offset:
            stmt = stmt.offset(offset)
        if self.multi:
            stmt = stmt.distinct()
        return [(tuple(r), r[-1]) for r in session.execute(stmt)]

    def positions(self, session: Session, pids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Key]:
        """Each person's canonical (first) position in this stream, for those that match."""
        cols, pid = self._ordered()
        if len(cols) != 1:
            raise NotImplementedError("multi-row streams have one sort column")
        stmt = (self.base().with_only_columns(pid, func.min(cols[0]))
                .where(self.condition(), pid.in_(list(pids))).group_by(pid))
        return {p: (k, p) for p, k in session.execute(stmt)}

    def matching(self, session: Session, pids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        pid = self.person_column()
        stmt = self.base().with_only_columns(pid).where(self.condition(), pid.in_(list(pids)))
        return set(session.scalars(stmt))

    def count_ids(self) -> Select[Any]:
        pid = self.person_column()
        return self.base().with_only_columns(pid).where(self.condition())


class AllPersons(Stream):
    """The empty query: everybody, by name."""

    def sort_columns(self) -> list[Any]:
        return [Person.name]

    def person_column(self) -> Any:
        return Person.id

    def base(self) -> AnySelect:
        return select(Person.name, Person.id)

    def condition(self, after: Key | None = None) -> ColumnElement[bool]:
        return true()


class PersonPrefix(Stream):
    """Prefix of a column of ``persons`` itself (name, id_number)."""

    column: Any = None

    def sort_columns(self) -> list[Any]:
        return [type(self).column]

    def person_column(self) -> Any:
        return Person.id

    def base(self) -> AnySelect:
        return select(type(self).column, Person.id)

    def condition(self, after: Key | None = None) -> ColumnElement[bool]:
        return self.coll.prefix(type(self).column, self.value, after[0] if after else None)


class NamePrefix(PersonPrefix):
    column = Person.name


class IdNumberPrefix(PersonPrefix):
    column = Person.id_number


class PinyinPrefix(Stream):
    """Prefix of any search key of the name (initials or full pinyin, any reading)."""

    def sort_columns(self) -> list[Any]:
        return [PersonNameKey.key]

    def person_column(self) -> Any:
        return PersonNameKey.person_id

    def base(self) -> AnySelect:
        return select(PersonNameKey.key, PersonNameKey.person_id)

    def condition(self, after: Key | None = None) -> ColumnElement[bool]:
        return self.coll.prefix(PersonNameKey.key, self.value, after[0] if after else None)


class RegistrationPrefix(Stream):
    """Prefix of a registration number (a person may hold several)."""

    def sort_columns(self) -> list[Any]:
        return [Registration.registration_number]

    def person_column(self) -> Any:
        return Registration.person_id

    def base(self) -> AnySelect:
        return select(Registration.registration_number, Registration.person_id)

    def condition(self, after: Key | None = None) -> ColumnElement[bool]:
        return self.coll.prefix(Registration.registration_number, self.value, after[0] if after else None)


class EmployerPrefix(Stream):
    """Persons of the employers whose USCC (``column = uscc``) or name starts with the value.

    Ordered by (employer column, employer id, person id): the employers come off their
    prefix index, each employer's staff off ``persons.employer_id``.
    """

    column: Any = None
    supports_offset = False

    def sort_columns(self) -> list[Any]:
        return [type(self).column, Employer.id]

    def person_column(self) -> Any:
        return Person.id

    def base(self) -> AnySelect:
        return select(type(self).column, Employer.id, Person.id).join(
            Person, Person.employer_id == Employer.id)

    def condition(self, after: Key | None = None) -> ColumnElement[bool]:
        return self.coll.prefix(type(self).column, self.value, after[0] if after else None)

    def rows(self, session: Session, after: Key | None, n: int, offset: int = 0) -> list[Row]:
        # Walk the matching employers in index order and take each one's staff in id order;
        # one big join sorted as a whole would sort every matching employer's staff first.
        if offset:
            raise ValueError("EmployerPrefix pages by key only")
        out: list[Row] = []
        col = self.coll.col(type(self).column)
        emp_after = (after[0], after[1]) if after is not None else None
        person_after = after[2] if after is not None else None
        inclusive = after is not None  # resume inside the employer we stopped in
        while len(out) < n:
            emp_stmt = select(col, Employer.id).where(self.condition(emp_after))
            if emp_after is not None:
                pos = tuple_(col, Employer.id)
                emp_stmt = emp_stmt.where(pos >= tuple_(*emp_after) if inclusive
                                          else pos > tuple_(*emp_after))
            employers = session.execute(emp_stmt.order_by(col, Employer.id).limit(32)).all()
            if not employers:
                break
            for emp_key, emp_id in employers:
                staff = select(Person.id).where(Person.employer_id == emp_id)
                if inclusive and person_after is not None and (emp_key, emp_id) == emp_after:
                    staff = staff.where(Person.id > person_after)
                ids = list(session.scalars(staff.order_by(Person.id).limit(n - len(out))))
                out.extend(((emp_key, emp_id, p), p) for p in ids)
                if len(out) >= n:
                    break
            emp_after, inclusive = (employers[-1][0], employers[-1][1]), False
        return out[:n]


class UsccPrefix(EmployerPrefix):
    column = Employer.uscc


class EmployerNamePrefix(EmployerPrefix):
    column = Employer.name


def distinct_person_count(session: Session, streams: Sequence[Stream]) -> int:
    """How many different persons match any of the streams."""
    if len(streams) == 1 and not streams[0].multi:
        sub = streams[0].count_ids().subquery()
        return int(session.scalar(select(func.count()).select_from(sub)) or 0)
    union = streams[0].count_ids().union(*(s.count_ids() for s in streams[1:])).subquery()
    return int(session.scalar(select(func.count(distinct(union.c[0]))).select_from(union)) or 0)
