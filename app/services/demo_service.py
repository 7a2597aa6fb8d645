"""Generating the demo register: a realistic, valid, deterministic register of any size.

``generate_demo(db, persons, seed)`` fills the register with employers, persons and everything
around them (see :mod:`app.demo.generator`) in bulk: a million persons in a few minutes. It
refuses a register that holds real data unless forced, marks the register as a demo (the
office setting ``DEMO_MARKER``), writes ONE audit entry for the whole run (with the counts),
all in one transaction, so an interrupted run leaves the register as it was; then it runs the
post-steps other parts registered (e.g. annotating demo certificates): see
:func:`register_post_step`.
"""

from __future__ import annotations

import gc
import queue
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import Connection, Index, Table, func, insert, select, update
from sqlalchemy.orm import Session

from app.demo.bulk import BulkWriter, RowConverter
from app.demo.generator import DemoBuilder
from app.errors import InvalidInput, RuleViolation
from app.models import AppSetting, Base, Employer, Person, Registration, Sequence, utcnow
from app.models.db import Database
from app.services.audit import append_audit
from app.services.base import SYSTEM, Actor, Service
from app.services.office_settings import DEMO_MARKER, put_setting

MAX_PERSONS = 5_000_000
CHUNK = 20_000  # persons built and written at a time
DEFER_INDEXES_FROM = 50_000  # persons; below this, dropping and rebuilding costs more

# Column order of the tuples DemoBuilder produces, per table (written in this order too,
# parents before children).
COLUMNS: dict[str, tuple[str, ...]] = {
    "employers": ("id", "uscc", "name", "industry", "qualification_cert_no", "version",
                  "created_at", "updated_at"),
    "persons": ("id", "id_type", "id_number", "name", "gender", "birth_date", "mobile",
                "employer_id", "employment_start", "employment_end", "operator_mobile",
                "social_security_flag", "version", "created_at", "updated_at"),
    "person_name_keys": ("person_id", "key"),
    "qualifications": ("id", "person_id", "kind", "specialty", "certificate_number", "issued_on",
                       "created_at", "updated_at"),
    "registrations": ("id", "person_id", "kind", "specialty", "registration_number",
                      "employer_id", "valid_from", "valid_until", "seal_number", "state",
                      "first_registered_on", "version", "created_at", "updated_at"),
    "filings": ("id", "number", "person_id", "type", "kind", "specialty", "state",
                "registration_id", "employer_id", "old_employer_id", "data",
                "conditions_accepted", "commitment_accepted", "social_security_override",
                "employer_consent", "created_by", "submitted_at", "decided_at", "decided_by",
                "opinion", "version", "created_at", "updated_at"),
    "filing_events": ("id", "filing_id", "seq", "at", "actor", "action", "from_state",
                      "to_state", "note"),
    "correction_requests": ("id", "filing_id", "requested_at", "requested_by", "content",
                            "reason", "state", "answered_at", "answered_by", "answer_note"),
    "review_messages": ("id", "filing_id", "person_id", "at", "author", "body", "read_at"),
}


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


@dataclass(frozen=True)
class DemoResult:
    seed: int
    persons: int
    counts: dict[str, int]
    elapsed_seconds: float
    sample_person_ids: tuple[uuid.UUID, ...] = field(default=())  # first persons, for post-steps
    post_steps: tuple[str, ...] = ()


# A post-step runs after the register is written: post_step(db, result, actor).
PostStep = Callable[[Database, DemoResult, Actor], None]
POST_STEPS: list[PostStep] = []
Progress = Callable[[str, int, int], None]  # (stage, done, total)


def register_post_step(step: PostStep) -> PostStep:
    """Add a step run after every demo generation (usable as a decorator)."""
    if step not in POST_STEPS:
        POST_STEPS.append(step)
    return step


class DemoService(Service):
    def generate(self, persons: int, seed: int, *, force: bool = False, today: date | None = None,
                 progress: Progress | None = None) -> DemoResult:
        self.require("demo.generate")
        return generate_demo(self.db, persons, seed, force=force, today=today,
                             progress=progress, actor=self.actor)


def generate_demo(db: Database, persons: int, seed: int, *, force: bool = False,
                  today: date | None = None, progress: Progress | None = None,
                  actor: Actor = SYSTEM, run_post_steps: bool = True) -> DemoResult:
    """Generate the register in ONE transaction: killed at any moment, it leaves nothing behind
    (no rows, no dropped index, no "generating" marker: SQLite's and PostgreSQL's DDL is
    transactional too), and the audit entry with the counts commits with the rows."""
    if not 1 <= persons <= MAX_PERSONS:
        raise InvalidInput("demo_persons_range", field="persons", max=MAX_PERSONS, value=persons)
    today = today or date.today()
    started = time.perf_counter()
    engine = db.engine.execution_options(sqlite_begin="IMMEDIATE")
    with engine.connect() as conn:
        trans = conn.begin()
        try:
            _build_indexes(conn)  # an interrupted run of an older version left them dropped
            state = _existing(conn)
            stale = _stale_marker(state["demo"])
            if state["persons"] and not force and not stale:
                code = "demo_already_generated" if state["demo"] else "demo_register_not_empty"
                raise RuleViolation(code, persons=state["persons"])
            builder = _builder(conn, seed, today, existing=int(state["persons"]))
            _mark(conn, {"state": "generating", "seed": seed, "persons": persons})
            # Into an empty register: load without the secondary indexes and build them after,
            # one sort each instead of millions of random B-tree inserts.
            deferred = not state["persons"] and persons >= DEFER_INDEXES_FROM
            if deferred:
                for index in _bulk_indexes():
                    index.drop(conn)
            # Millions of small tuples make the cyclic garbage collector run constantly for
            # nothing (they hold no cycles): pausing it makes generation about a third faster.
            gc_was_enabled = gc.isenabled()
            gc.disable()
            try:
                counts, sample = _write_all(conn, builder, persons, progress)
            finally:
                if gc_was_enabled:
                    gc.enable()
            if deferred:
                if progress:
                    progress("indexes", 0, 1)
                _build_indexes(conn)
            elapsed = time.perf_counter() - started
            _store_sequences(conn, builder)
            details = {"seed": seed, "persons": persons, "counts": counts,
                       "today": today.isoformat(), "seconds": round(elapsed, 1), "forced": force}
            if stale:  # what an interrupted run of an older version had left, now repaired
                details["repaired_interrupted_run"] = {"marker": state["demo"],
                                                       "persons_found": state["persons"]}
            with Session(bind=conn) as s:
                put_setting(s, DEMO_MARKER, {**details, "state": "complete",
                                             "generated_at": utcnow().isoformat()})
                append_audit(s, actor, "demo_generate", "register", None, details)
                s.flush()
            trans.commit()
        except BaseException:
            trans.rollback()
            raise
        finally:
            if conn.dialect.name == "sqlite":  # the connection goes back to the pool
                conn.exec_driver_sql("PRAGMA cache_size=-2000")
    if engine.dialect.name == "postgresql":
        # Fresh statistics: until autovacuum gets round to it, the planner would take the
        # tables for empty and pick plans several times slower (measured: 55 vs 9 ms).
        with engine.begin() as conn:
            for table in COLUMNS:
                conn.exec_driver_sql(f'ANALYZE "{table}"')
    result = DemoResult(seed, persons, counts, elapsed, tuple(sample))
    if run_post_steps:
        result = _run_post_steps(db, result, actor)
    return result


def _stale_marker(marker: Any) -> bool:
    """A "generating" marker that no running generation holds: left by a killed run of a
    version that committed in parts. The rerun repairs it instead of refusing."""
    return isinstance(marker, dict) and marker.get("state") == "generating"


def _produce(builder: DemoBuilder, converter: RowConverter, persons: int,
             out: queue.Queue[Any], stop: threading.Event) -> None:
    """Producer thread: build and convert chunks; the writer thread only talks to the driver."""
    def put(item: Any) -> None:
        while not stop.is_set():
            try:
                out.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    try:
        rows = builder.employer_rows(max(10, persons // 150))
        put([("employers", converter.convert(_table("employers"), COLUMNS["employers"], rows))])
        done = 0
        while done < persons and not stop.is_set():
            n = min(CHUNK, persons - done)
            chunk = builder.chunk(n)
            converted = [(table, converter.convert(_table(table), cols, chunk.rows.get(table, [])))
                         for table, cols in COLUMNS.items()]
            done += n
            put((n, [r[0] for r in chunk.rows["persons"][:100]], converted))
        put(None)
    except BaseException as exc:  # handed to the writer, which re-raises it
        put(exc)


def _write_all(conn: Connection, builder: DemoBuilder, persons: int,
               progress: Progress | None) -> tuple[dict[str, int], list[uuid.UUID]]:
    """Write everything in ``conn``'s transaction (the caller commits once, at the end),
    while the producer thread builds the next chunk."""
    chunks: queue.Queue[Any] = queue.Queue(maxsize=2)
    stop = threading.Event()
    producer = threading.Thread(target=_produce, name="demo-builder", daemon=True,
                                args=(builder, RowConverter(conn.dialect), persons, chunks, stop))
    producer.start()
    sample: list[uuid.UUID] = []
    done = 0
    try:
        writer = BulkWriter(conn)
        _tune(conn)
        while True:
            item = chunks.get()
            if isinstance(item, BaseException):
                raise item
            if item is None:
                break
            if isinstance(item, list):  # the employers
                for table, rows in item:
                    writer.write_converted(_table(table), COLUMNS[table], rows)
                continue
            n, first_ids, tables = item
            for table, rows in tables:
                writer.write_converted(_table(table), COLUMNS[table], rows)
            sample.extend(first_ids[: 100 - len(sample)])
            done += n
            if progress:
                progress("persons", done, persons)
        counts = dict(writer.written)
    finally:
        stop.set()
        producer.join(timeout=10)
    return counts, sample


def _bulk_indexes() -> list[Index]:
    return [index for table in COLUMNS for index in _table(table).indexes if not index.unique]


def _build_indexes(conn: Connection) -> None:
    for index in _bulk_indexes():
        index.create(conn, checkfirst=True)


def _existing(conn: Connection) -> dict[str, Any]:
    persons = conn.scalar(select(func.count()).select_from(Person)) or 0
    demo = conn.scalar(select(AppSetting.value).where(AppSetting.key == DEMO_MARKER.key))
    return {"persons": persons, "demo": demo}


def _builder(conn: Connection, seed: int, today: date, existing: int) -> DemoBuilder:
    """A builder that continues the register's counters and avoids its numbers (``--force``)."""
    serials = {name: int(value) for name, value in conn.execute(select(Sequence.name, Sequence.value))}
    filing_serial = serials.get(f"filing:{today.year}", 0)
    if not existing:
        return DemoBuilder(seed, today, serials=serials, filing_serial=filing_serial)
    # Added to a register that has persons: a seed of its own (still reproducible from the
    # same starting register), or the same seed would draw the same UUIDs again.
    return DemoBuilder(
        f"{seed}+{existing}", today,
        used_id_numbers=set(conn.scalars(select(Person.id_number))),
        used_usccs=set(conn.scalars(select(Employer.uscc))),
        used_reg_numbers=set(conn.scalars(select(Registration.registration_number))),
        serials=serials, filing_serial=filing_serial)


def _tune(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        # A large page cache (1 GiB) for this connection: millions of random-UUID index inserts
        # otherwise thrash. Durability stays as configured (synchronous=FULL per commit).
        conn.exec_driver_sql("PRAGMA cache_size=-1048576")


def _mark(conn: Connection, value: dict[str, Any]) -> None:
    """Store the demo marker in ``conn``'s transaction (the session never commits it)."""
    with Session(bind=conn) as s:
        put_setting(s, DEMO_MARKER, value)
        s.flush()


def _store_sequences(conn: Connection, builder: DemoBuilder) -> None:
    """Leave the counters where the demo stopped, so real filings continue the numbering."""
    wanted = dict(builder.serials)
    wanted[f"filing:{builder.today.year}"] = builder.filing_serial
    existing = {n: v for n, v in conn.execute(select(Sequence.name, Sequence.value))}
    new = [{"name": n, "value": v} for n, v in wanted.items() if n not in existing]
    if new:
        conn.execute(insert(Sequence), new)
    for name, value in wanted.items():
        if name in existing and existing[name] < value:
            conn.execute(update(Sequence).where(Sequence.name == name).values(value=value))


def _run_post_steps(db: Database, result: DemoResult, actor: Actor) -> DemoResult:
    # The certificate post-step registers itself when imported; it imports DemoResult from
    # this module, so it is imported here rather than at the top.
    import app.services.certificate_demo
    import app.services.demo_rule_cases  # noqa: F401  (after the demo key exists)

    names = []
    for step in list(POST_STEPS):
        step(db, result, actor)
        names.append(getattr(step, "__name__", repr(step)))
    return DemoResult(result.seed, result.persons, result.counts, result.elapsed_seconds,
                      result.sample_person_ids, tuple(names))
