"""Random action sequences through the real FilingService agree with the pure transition table,
and a refused action changes nothing (no state change, no audit entry)."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.domain import filing_rules as fr
from app.errors import PermissionDenied, RuleViolation
from app.models import AuditEntry
from app.models.db import Database
from tests.helpers.register import World, jpeg

PROOF = jpeg(250)


def _audit_count(db: Database) -> int:
    with db.session_scope(write=False) as s:
        return int(s.scalar(select(func.count()).select_from(AuditEntry)) or 0)


def _call(w: World, filing_id: Any, action: str) -> None:
    if action == "submit":
        w.submit(filing_id)
    elif action == "request_corrections":
        w.reviewer.request_corrections(filing_id, content="补充材料", reason="材料不全")
    elif action == "answer_corrections":
        w.clerk.answer_corrections(filing_id, filename="补正.jpg", content=PROOF)
    elif action == "reject":
        w.reviewer.reject(filing_id, opinion="不符合条件")
    else:
        svc = w.clerk if action in ("employer_confirm", "forward", "withdraw", "employer_consent") else w.reviewer
        getattr(svc, action)(filing_id)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_service_follows_the_table(sqlite_url: str, data: st.DataObject) -> None:
    # hypothesis runs every example on the same database file: World reuses its employers.
    db = Database(sqlite_url)
    w = World(db)
    person = w.person()
    f = w.file(person.id)
    state, consent, origin = fr.DRAFT, False, None
    for _ in range(data.draw(st.integers(1, 12), label="steps")):
        # Mostly an action that moves the filing on (to get deep into the machine), sometimes
        # any allowed one, sometimes any action at all (to check refusals).
        legal = fr.allowed_actions(state, employer_consent=consent)
        onward = tuple(a for a in legal if a not in ("withdraw", "employer_consent", "reject")) or legal
        choice = data.draw(st.integers(0, 7), label="pool")
        pool = fr.ACTIONS if choice == 0 or not legal else legal if choice == 1 else onward
        action = data.draw(st.sampled_from(pool), label="action")
        before = _audit_count(db)
        try:
            expected = fr.next_state(state, action, employer_consent=consent, return_state=origin)
        except RuleViolation:
            expected = None
        try:
            _call(w, f.id, action)
            ok = True
        except (RuleViolation, PermissionDenied):
            ok = False
        view = w.clerk.get_filing(f.id)
        if expected is None:
            assert not ok, action
            assert view.state == state and _audit_count(db) == before  # a refusal writes nothing
            continue
        assert ok, (state, action)
        assert view.state == expected and _audit_count(db) > before
        if action == "request_corrections":
            origin = state
        consent = consent or action == "employer_consent"
        state = expected
        event(f"reached {state}")  # shown by --hypothesis-show-statistics
    db.dispose()

