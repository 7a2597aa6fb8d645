"""Demo generation is whole or nothing; a stale "generating" marker (left by a killed run of an
older version, which committed in parts) is repaired by the next run, not refused.
(Killing a real run at random moments: tests/reliability/test_crash.py.)"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, inspect, select

from app.errors import RuleViolation
from app.models import AuditEntry, Base, Person
from app.models.db import Database
from app.services.demo_service import _bulk_indexes, generate_demo
from app.services.office_settings import DEMO_MARKER, put_setting, read_setting

TODAY = date(2026, 3, 1)


def _indexes(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        insp = inspect(conn)
        return {ix["name"] for t in Base.metadata.sorted_tables for ix in insp.get_indexes(t.name)}


def test_a_stale_generating_marker_is_repaired(db: Database) -> None:
    generate_demo(db, 30, seed=2, today=TODAY, run_post_steps=False)
    # what a killed run of the old, chunk-committing version left: marker, a dropped index
    with db.engine.begin() as conn:
        dropped = _bulk_indexes()[0]
        dropped.drop(conn)
    with db.session_scope() as s:
        put_setting(s, DEMO_MARKER, {"state": "generating", "seed": 2, "persons": 100000})
    assert dropped.name not in _indexes(db)
    generate_demo(db, 10, seed=3, today=TODAY, run_post_steps=False)  # no --force needed
    assert dropped.name in _indexes(db)
    with db.session_scope(write=False) as s:
        assert read_setting(s, DEMO_MARKER)["state"] == "complete"
        assert s.scalar(select(func.count()).select_from(Person)) == 40
        last = s.scalars(select(AuditEntry).order_by(AuditEntry.seq.desc())).first()
        assert last is not None and last.action == "demo_generate"
        assert last.details["repaired_interrupted_run"]["persons_found"] == 30
        assert last.details["counts"]["persons"] == 10  # the counts of what it created
    try:
        generate_demo(db, 10, seed=4, today=TODAY, run_post_steps=False)
        raise AssertionError("a complete demo register must not be added to without --force")
    except RuleViolation as exc:
        assert exc.code == "demo_already_generated"


def test_a_run_that_fails_half_way_leaves_nothing(db: Database) -> None:
    """50,000 persons into an empty register: the indexes are dropped for the load; the run
    fails after the first 20,000 are written. Nothing of it remains, every index is back."""
    before = _indexes(db)

    class Interrupted(Exception):
        pass

    def progress(stage: str, done: int, total: int) -> None:
        if stage == "persons" and done >= 20_000:
            raise Interrupted

    try:
        generate_demo(db, 50_000, seed=1, today=TODAY, progress=progress, run_post_steps=False)
        raise AssertionError("the progress callback should have stopped the run")
    except Interrupted:
        pass
    assert _indexes(db) == before
    with db.session_scope(write=False) as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 0
        assert read_setting(s, DEMO_MARKER) is None
        assert s.scalar(select(func.count()).select_from(AuditEntry)) == 0
