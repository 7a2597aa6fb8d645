"""Find persons by whatever the clerk typed: ID number, registration number, employer, name, pinyin.

The query is classified by its characters (see :func:`plan`); an ambiguous query (digits can
be an ID number, an architect's registration number or a USCC) searches every way it could
mean, in a fixed priority, and the results are concatenated without duplicates: a person is
shown where it first matches. Each way is an index range scan (:mod:`search_streams`), and
pages continue from the last key seen, so the thousandth page costs what the first does.

``search(query, limit, offset)`` serves the GUI's lazily loading table, which asks for
consecutive offsets: the service remembers where each page ended and turns the next offset
into a keyset position. ``search_after`` takes the cursor explicitly.
"""

from __future__ import annotations

import re
import threading
import uuid
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.codes.payload import china_date
from app.domain.name_keys import normalise_pinyin_query
from app.domain.privacy import mask_id_number
from app.domain.validity import periods_of
from app.errors import InvalidInput
from app.models.base import utcnow
from app.models.db import Database
from app.models.people import Employer, Person, Registration
from app.services.base import Actor, Service
from app.services.search_streams import (
    AllPersons,
    Collation,
    EmployerNamePrefix,
    IdNumberPrefix,
    Key,
    NamePrefix,
    PinyinPrefix,
    RegistrationPrefix,
    Stream,
    UsccPrefix,
    distinct_person_count,
)

MAX_LIMIT = 1000
MAX_QUERY_CHARS = 100
_CURSOR_CACHE = 256

_DIGITS = re.compile(r"^\d+X?$")
_CODE = re.compile(r"^[0-9A-Z\-]+$")
_LETTERS = re.compile(r"^[A-Za-zü' ]+$")
_CJK_THEN_DIGITS = re.compile(r"^[\u3400-\u9fff]\d+$")  # 京111..., 军...: constructor numbers
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]")


@dataclass(frozen=True)
class RegistrationRef:
    kind: str
    specialty: str
    registration_number: str
    valid_until: date  # the end of the period in force today (the latest when none is)
    state: str
    next_valid_until: date | None = None  # a continued period recorded, not yet in force


@dataclass(frozen=True)
class PersonHit:
    person_id: uuid.UUID
    name: str
    gender: str
    birth_date: date
    id_type: str
    id_number: str
    id_number_masked: str
    employer_id: uuid.UUID | None
    employer_name: str | None
    registrations: tuple[RegistrationRef, ...]
    matched_by: str  # which way the query matched: id_number, name, pinyin, registration, ...

    @property
    def id(self) -> uuid.UUID:
        return self.person_id

    @property
    def registration_numbers(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(r.registration_number for r in self.registrations))


@dataclass(frozen=True)
class SearchCursor:
    """Where a page ended: the stream (index into the plan) and its last key."""

    query: str
    stream: int
    key: Key | None


@dataclass(frozen=True)
class SearchPage:
    query: str
    kinds: tuple[str, ...]  # how the query was understood, in priority order
    offset: int
    hits: tuple[PersonHit, ...]
    has_more: bool
    next_cursor: SearchCursor | None


def plan(query: str, coll: Collation) -> list[Stream]:
    """The ways ``query`` can match, most specific first."""
    text = (query or "").strip()
    if not text:
        return [AllPersons("all", "", coll)]
    if len(text) > MAX_QUERY_CHARS:
        raise InvalidInput("search_query_too_long", field="query", max=MAX_QUERY_CHARS)
    code = re.sub(r"[\s\-]", "", text).upper()
    if _DIGITS.match(code):
        return [IdNumberPrefix("id_number", code, coll),
                RegistrationPrefix("registration", code, coll, multi=True),
                UsccPrefix("uscc", code, coll)]
    if _CJK_THEN_DIGITS.match(code):
        return [RegistrationPrefix("registration", code, coll, multi=True)]
    if _LETTERS.match(text):
        streams: list[Stream] = [
            PinyinPrefix("pinyin", normalise_pinyin_query(text), coll, multi=True)]
        if _CODE.match(code):  # engineers' numbers start with letters: S, AY, CS, ...
            streams.append(RegistrationPrefix("registration", code, coll, multi=True))
        return streams
    if _CODE.match(code):  # letters and digits: a registration number or a USCC
        return [RegistrationPrefix("registration", code, coll, multi=True),
                UsccPrefix("uscc", code, coll)]
    if _CJK.search(text):
        streams = []
        if len(text) <= 8:  # nobody's name is longer; company names are
            streams.append(NamePrefix("name", text, coll))
        streams.append(EmployerNamePrefix("employer", text, coll))
        return streams
    raise InvalidInput("search_query_unrecognised", field="query", query=text)


class SearchService(Service):
    """Person search for the persons screen, the CLI and the verification desk."""

    def __init__(self, db: Database, actor: Actor) -> None:
        super().__init__(db, actor)
        self._coll = Collation(self.db.dialect)
        # (query, offset) -> cursor where the page before that offset ended.
        self._cursors: OrderedDict[tuple[str, int], SearchCursor] = OrderedDict()
        self._lock = threading.Lock()  # the GUI fetches pages from worker threads

    # -- public API ---------------------------------------------------------------------
    def search(self, query: str, limit: int = 50, offset: int = 0) -> SearchPage:
        self.require("person.read")
        limit, offset = _check_window(limit, offset)
        streams = plan(query, self._coll)
        with self._lock:
            cursor = self._cursors.get((query, offset)) if offset else None
        with self.db.session_scope(write=False) as session:
            if offset and cursor is None:
                cursor = self._seek(session, query, streams, offset)
            page = self._page(session, query, streams, cursor, limit, offset)
        self._remember(query, offset + len(page.hits), page.next_cursor)
        return page

    def search_after(self, cursor: SearchCursor, limit: int = 50) -> SearchPage:
        """The page after ``cursor`` (from a previous page's ``next_cursor``)."""
        self.require("person.read")
        limit, _ = _check_window(limit, 0)
        streams = plan(cursor.query, self._coll)
        with self.db.session_scope(write=False) as session:
            return self._page(session, cursor.query, streams, cursor, limit, -1)

    def search_persons(self, text: str, offset: int = 0, limit: int = 50) -> tuple[PersonHit, ...]:
        """Rows only, in the argument order of the persons screen's lazily loading table."""
        return self.search(text, limit=limit, offset=offset).hits

    def count(self, query: str) -> int:
        self.require("person.read")
        streams = plan(query, self._coll)
        with self.db.session_scope(write=False) as session:
            return distinct_person_count(session, streams)

    # -- paging -------------------------------------------------------------------------
    def _remember(self, query: str, offset: int, cursor: SearchCursor | None) -> None:
        if cursor is None:
            return
        with self._lock:
            self._cursors[(query, offset)] = cursor
            self._cursors.move_to_end((query, offset))
            while len(self._cursors) > _CURSOR_CACHE:
                self._cursors.popitem(last=False)

    def _seek(self, session: Session, query: str, streams: list[Stream],
              offset: int) -> SearchCursor | None:
        """Cursor at ``offset`` without a remembered one: jump (one stream) or walk."""
        if len(streams) == 1 and not streams[0].multi and streams[0].supports_offset:
            # One person per row: SQL OFFSET on the covering index is exact.
            rows = streams[0].rows(session, None, 1, offset=offset - 1)
            return SearchCursor(query, 0, rows[0][0]) if rows else SearchCursor(query, 1, None)
        cursor: SearchCursor | None = None
        done = 0
        while done < offset:
            found = self._collect(session, query, streams, cursor, min(500, offset - done))
            if not found:
                return SearchCursor(query, len(streams), None)
            done += len(found)
            cursor = found[-1].after
        return cursor

    def _page(self, session: Session, query: str, streams: list[Stream],
              cursor: SearchCursor | None, limit: int, offset: int) -> SearchPage:
        # One more than needed tells whether another page exists.
        found = self._collect(session, query, streams, cursor, limit + 1)
        has_more = len(found) > limit
        found = found[:limit]
        hits = _hydrate(session, [f.person_id for f in found], [f.kind for f in found])
        return SearchPage(query, tuple(s.kind for s in streams), max(offset, 0), hits,
                          has_more, found[-1].after if has_more else None)

    def _collect(self, session: Session, query: str, streams: Sequence[Stream],
                 start: SearchCursor | None, n: int) -> list[_Found]:
        """Up to ``n`` distinct persons after ``start``, each with the cursor just after it."""
        found: list[_Found] = []
        index = start.stream if start else 0
        key = start.key if start else None
        while index < len(streams) and len(found) < n:
            stream = streams[index]
            want = max(2 * (n - len(found)), 16)
            batch = stream.rows(session, key, want)
            if not batch:
                index, key = index + 1, None
                continue
            pids = list(dict.fromkeys(p for _, p in batch))
            canonical = stream.positions(session, pids) if stream.multi else None
            earlier: set[uuid.UUID] = set()
            for previous in streams[:index]:
                earlier |= previous.matching(session, pids)
            for row_key, pid in batch:
                key = row_key
                if pid in earlier or (canonical is not None and canonical.get(pid) != row_key):
                    continue  # shown already: by an earlier way, or at an earlier key
                found.append(_Found(pid, stream.kind, SearchCursor(query, index, row_key)))
                if len(found) >= n:
                    break
            else:
                if len(batch) < want:  # the stream is exhausted: spare the empty round trip
                    index, key = index + 1, None
        return found


@dataclass(frozen=True)
class _Found:
    person_id: uuid.UUID
    kind: str
    after: SearchCursor


def _check_window(limit: int, offset: int) -> tuple[int, int]:
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput("search_limit", field="limit", max=MAX_LIMIT)
    if offset < 0:
        raise InvalidInput("search_offset", field="offset")
    return limit, offset


def _hydrate(session: Session, ids: list[uuid.UUID], kinds: list[str]) -> tuple[PersonHit, ...]:
    """The rows' details in one statement (persons, employer name, registrations)."""
    if not ids:
        return ()
    rows: dict[uuid.UUID, Any] = {}
    regs: dict[uuid.UUID, list[RegistrationRef]] = {}
    today = china_date(utcnow())  # the period in force today is the one shown
    for r in session.execute(
        select(Person.id, Person.name, Person.gender, Person.birth_date, Person.id_type,
               Person.id_number, Person.employer_id, Employer.name.label("employer_name"),
               Registration.kind, Registration.specialty, Registration.registration_number,
               Registration.valid_until, Registration.state, Registration.prior_valid_from,
               Registration.prior_valid_until, Registration.valid_from)
        .outerjoin(Employer, Employer.id == Person.employer_id)
        .outerjoin(Registration, Registration.person_id == Person.id)
        .where(Person.id.in_(ids))
        .order_by(Person.id, Registration.kind, Registration.specialty)
    ):
        rows.setdefault(r.id, r)
        if r.kind is not None:
            periods = periods_of(r.valid_from, r.valid_until, r.prior_valid_from,
                                 r.prior_valid_until)
            shown = periods.in_force(today) or periods.latest
            upcoming = periods.upcoming(today)
            regs.setdefault(r.id, []).append(RegistrationRef(
                r.kind, r.specialty, r.registration_number, shown.end, r.state,
                upcoming.end if upcoming else None))
    hits = []
    for pid, kind in zip(ids, kinds, strict=True):
        row = rows.get(pid)
        if row is None:  # deleted since the stream read it
            continue
        hits.append(PersonHit(
            person_id=pid, name=row.name, gender=row.gender, birth_date=row.birth_date,
            id_type=row.id_type, id_number=row.id_number,
            id_number_masked=mask_id_number(row.id_number), employer_id=row.employer_id,
            employer_name=row.employer_name, registrations=tuple(regs.get(pid, ())),
            matched_by=kind))
    return tuple(hits)
