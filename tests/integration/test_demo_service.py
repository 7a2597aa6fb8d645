"""The demo register: valid, realistic, deterministic, refused on real data (both backends)."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from app.demo.names import RARE_GIVEN
from app.domain import filing_rules as fr
from app.domain.kinds import kind_rules, validate_registration_number
from app.domain.name_keys import name_search_keys
from app.domain.validators import parse_resident_id, parse_uscc
from app.domain.validity import age_on
from app.errors import InvalidInput, PermissionDenied, RuleViolation
from app.models import (
    AppSetting,
    AuditEntry,
    Employer,
    Filing,
    FilingEvent,
    Person,
    PersonNameKey,
    Registration,
    Sequence,
)
from app.models.db import Database, upgrade
from app.services import demo_service
from app.services.audit import verify_chain
from app.services.base import Actor
from app.services.demo_service import DemoResult, DemoService, generate_demo
from app.services.search_service import SearchService

TODAY = date(2026, 11, 23)
ADMIN = Actor("admin", "admin")


def _dump(db: Database) -> dict[str, list[tuple[Any, ...]]]:
    """Everything the generator decides, in a stable order (timestamps of the run excluded)."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with db.session_scope(write=False) as s:
        out["persons"] = [tuple(r) for r in s.execute(select(
            Person.id, Person.id_number, Person.name, Person.gender, Person.birth_date,
            Person.mobile, Person.employer_id, Person.employment_start).order_by(Person.id_number))]
        out["registrations"] = [tuple(r) for r in s.execute(select(
            Registration.id, Registration.person_id, Registration.kind, Registration.specialty,
            Registration.registration_number, Registration.valid_from, Registration.valid_until,
            Registration.state).order_by(Registration.id))]
        out["filings"] = [tuple(r) for r in s.execute(select(
            Filing.number, Filing.person_id, Filing.type, Filing.state, Filing.kind, Filing.data,
            Filing.created_at).order_by(Filing.number))]
        out["employers"] = [tuple(r) for r in s.execute(
            select(Employer.id, Employer.uscc, Employer.name).order_by(Employer.uscc))]
    return out


def test_same_seed_same_register_on_every_backend(db: Database, tmp_path: Path) -> None:
    generate_demo(db, 300, seed=7, today=TODAY, run_post_steps=False)
    # The reference is always an SQLite file: PostgreSQL must hold exactly the same data.
    other = Database(f"sqlite:///{(tmp_path / 'other.sqlite3').as_posix()}")
    upgrade(other.engine)
    generate_demo(other, 300, seed=7, today=TODAY, run_post_steps=False)
    third = Database(f"sqlite:///{(tmp_path / 'third.sqlite3').as_posix()}")
    upgrade(third.engine)
    generate_demo(third, 300, seed=8, today=TODAY, run_post_steps=False)
    try:
        first, same, different = _dump(db), _dump(other), _dump(third)
        assert first == same
        assert first["persons"] != different["persons"]
    finally:
        other.dispose()
        third.dispose()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Database:
    """One 2,000-person demo register shared by the read-only checks below (SQLite)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    db = Database(f"sqlite:///{path.as_posix()}")
    upgrade(db.engine)
    # Without the post-steps of other parts: this checks the register itself.
    result = generate_demo(db, 2000, seed=11, today=TODAY, run_post_steps=False)
    db.result = result  # type: ignore[attr-defined]
    request.addfinalizer(db.dispose)
    return db


def test_every_identity_code_is_valid(demo_db: Database) -> None:
    with demo_db.session_scope(write=False) as s:
        persons = s.execute(select(Person.id_number, Person.birth_date, Person.gender)).all()
        usccs = s.scalars(select(Employer.uscc)).all()
        regs = s.execute(select(Registration.kind, Registration.specialty,
                                Registration.registration_number)).all()
    assert len(persons) == 2000 and len({p[0] for p in persons}) == 2000
    for number, born, gender in persons:
        parsed = parse_resident_id(number)
        assert (parsed.birth_date, parsed.gender) == (born, gender)
        assert 25 <= age_on(born, TODAY) <= 70
    assert len(usccs) == len(set(usccs)) >= 10
    for code in usccs:
        assert parse_uscc(code) == code
    assert {k for k, _, _ in regs} == {"architect", "constructor", "engineer"}
    for kind, specialty, number in regs:
        assert validate_registration_number(kind, number, specialty) == number
    # constructors share one number across specialties; nobody else shares a number
    owners = Counter((k, n) for k, _, n in regs)
    assert all(k == "constructor" for (k, _), c in owners.items() if c > 1)


def test_names_are_realistic_and_searchable(demo_db: Database) -> None:
    with demo_db.session_scope(write=False) as s:
        names = s.scalars(select(Person.name)).all()
        keys = s.execute(select(Person.name, PersonNameKey.key).join(
            PersonNameKey, PersonNameKey.person_id == Person.id)).all()
        employers = s.scalars(select(Employer.name)).all()
    assert any(ch in RARE_GIVEN for n in names for ch in n)
    assert any(n.startswith(("欧阳", "司马", "诸葛", "上官", "司徒")) for n in names)
    surnames = Counter(n[0] for n in names)
    assert surnames.most_common(1)[0][0] in "王李张"  # common surnames weighted
    by_name: dict[str, set[str]] = {}
    for name, key in keys:
        by_name.setdefault(name, set()).add(key)
    for name in set(names):
        assert by_name.get(name, set()) == name_search_keys(name)
    assert max(len(e) for e in employers) > 30
    hit = SearchService(demo_db, ADMIN).search(names[0]).hits
    assert names[0] in [h.name for h in hit]


def test_registrations_filings_and_timelines(demo_db: Database) -> None:
    with demo_db.session_scope(write=False) as s:
        until = s.scalars(select(Registration.valid_until)).all()
        filings = s.execute(select(Filing.id, Filing.type, Filing.state, Filing.registration_id,
                                   Filing.submitted_at, Filing.decided_at)).all()
        events = s.execute(select(FilingEvent.filing_id, FilingEvent.seq, FilingEvent.action,
                                  FilingEvent.from_state, FilingEvent.to_state)
                           .order_by(FilingEvent.filing_id, FilingEvent.seq)).all()
        seq = s.scalar(select(Sequence.value).where(Sequence.name == f"filing:{TODAY.year}"))
    assert any(u < TODAY for u in until)  # expired
    assert any(TODAY <= u <= TODAY + timedelta(days=90) for u in until)  # expiring soon
    assert any(u > TODAY + timedelta(days=365) for u in until)
    # 增项注册 needs a registered constructor with a further qualification: the demo's rule
    # cases make it through the filing service (tests/integration/test_certificate_demo.py).
    assert {f.type for f in filings} == set(fr.FILING_TYPES) - set(fr.TYPE_KINDS)
    assert {f.state for f in filings} == set(fr.STATES)
    assert seq == len(filings)  # real filings continue the numbering
    timeline: dict[Any, list[Any]] = {}
    for e in events:
        timeline.setdefault(e.filing_id, []).append(e)
    for f in filings:
        steps = timeline[f.id]
        assert [e.seq for e in steps] == list(range(1, len(steps) + 1))
        assert steps[0].action == "create" and steps[-1].to_state == f.state
        for e in steps[1:]:  # every step is a legal transition of the state machine
            assert fr.next_state(e.from_state, e.action) == e.to_state
        assert (f.submitted_at is None) == (f.state == fr.DRAFT)
        assert (f.decided_at is not None) == (f.state in (fr.APPROVED, fr.REJECTED))
        if f.type != fr.INITIAL:
            assert f.registration_id is not None


def test_one_audit_entry_and_demo_mark(demo_db: Database) -> None:
    with demo_db.session_scope(write=False) as s:
        actions = s.scalars(select(AuditEntry.action)).all()
        mark = s.scalar(select(AppSetting.value).where(AppSetting.key == "demo"))
        assert verify_chain(s).ok
    assert actions == ["demo_generate"]
    assert mark["state"] == "complete" and mark["seed"] == 11 and mark["persons"] == 2000
    result: DemoResult = demo_db.result  # type: ignore[attr-defined]
    assert result.counts["persons"] == 2000 and len(result.sample_person_ids) == 100


def test_refuses_real_data_unless_forced(db: Database) -> None:
    with db.session_scope() as s:
        s.add(Person(id_number="110108198805120316", name="张三", gender="M",
                     birth_date=date(1988, 5, 12)))
    with pytest.raises(RuleViolation) as err:
        generate_demo(db, 50, seed=1, today=TODAY, run_post_steps=False)
    assert err.value.code == "demo_register_not_empty"
    generate_demo(db, 50, seed=1, today=TODAY, run_post_steps=False, force=True)
    with pytest.raises(RuleViolation) as err:
        generate_demo(db, 50, seed=1, today=TODAY, run_post_steps=False)
    assert err.value.code == "demo_already_generated"
    # forced again with the same seed: the generator steers around the numbers already used
    generate_demo(db, 50, seed=1, today=TODAY, run_post_steps=False, force=True)
    with db.session_scope(write=False) as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 101


def test_roles_range_and_post_steps(db: Database, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(PermissionDenied):
        DemoService(db, Actor("clerk", "clerk")).generate(10, 1)
    with pytest.raises(InvalidInput):
        DemoService(db, ADMIN).generate(0, 1)
    seen: list[DemoResult] = []
    # The real post-steps register themselves when first imported: import them before the
    # registry is replaced, so only this test's step runs.
    import app.services.certificate_demo
    import app.services.demo_rule_cases  # noqa: F401

    def annotate_demo_certificates(_db: Database, result: DemoResult, actor: Actor) -> None:
        assert actor == ADMIN
        seen.append(result)

    monkeypatch.setattr(demo_service, "POST_STEPS", [])
    demo_service.register_post_step(annotate_demo_certificates)
    result = DemoService(db, ADMIN).generate(20, 3, today=TODAY)
    assert seen and seen[0].persons == 20
    assert result.post_steps == ("annotate_demo_certificates",)
    assert kind_rules("constructor").age_cap_years == 65


def test_indexes_dropped_for_the_load_are_all_back(db: Database,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from sqlalchemy import inspect

    from app.models import Base

    def index_names() -> set[str]:
        insp = inspect(db.engine)
        return {ix["name"] for t in Base.metadata.tables for ix in insp.get_indexes(t)}

    before = index_names()
    monkeypatch.setattr(demo_service, "DEFER_INDEXES_FROM", 1)  # take the big-register path
    generate_demo(db, 200, seed=4, today=TODAY, run_post_steps=False)
    assert index_names() == before
    assert "ix_persons_name_c" in before and "ix_person_name_keys_key_c" in before
    name = _dump(db)["persons"][0][2]
    assert name in [h.name for h in SearchService(db, ADMIN).search(name).hits]
