"""The Core read path of a verification (issue 16), on real SQLite and PostgreSQL registers.

``verify FILE`` from the CLI judges and logs through :mod:`app.services.verify_core` on a
:class:`~app.store.engine.Store` (no ORM model loaded); the help desk's
``VerificationService`` runs the same functions on its session's connection. These tests hold
the Core table handles to the models, the Core audit append to the ORM's chain, and the
store-only verification to the service's, row for row.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

import pytest
from sqlalchemy import JSON, String, Text, delete, func, select

import app.models as models
from app.errors import InvalidInput
from app.models.certificates import VerificationRecord
from app.models.db import Database
from app.models.staff import AuditEntry, AuditHead
from app.services import users_service, verify_core
from app.services.audit import append_audit, verify_chain
from app.services.base import Actor
from app.services.office_settings import NEWEST_SEEN_AT, read_setting
from app.services.users_service import UsersService
from app.services.verification_service import VerificationService
from app.store.audit_append import INCIDENT_HEAD_RESTORED, append_entry
from app.store.engine import Store
from app.store.tables import ALL, verification_log
from app.store.text_checks import check_row_values
from tests.helpers.verification import AT, issue_all

DESK = Actor("desk1", "helpdesk", "赵核验")


def test_core_handles_match_the_models() -> None:
    """Every column a Core handle names exists in the model's table with the same type."""
    tables = models.Base.metadata.tables
    for handle in ALL:
        table = tables[handle.name]
        for col in handle.c:
            model_col = table.c[col.name]
            assert type(col.type).__name__ == type(model_col.type).__name__ or (
                type(model_col.type).__name__ == "BigInteger" and type(col.type).__name__ == "Integer"
            ), (handle.name, col.name, col.type, model_col.type)
            if isinstance(model_col.type, String) and not isinstance(model_col.type, Text):
                assert col.type.length == model_col.type.length, (handle.name, col.name)  # type: ignore[attr-defined]
            assert isinstance(col.type, JSON) == isinstance(model_col.type, JSON)


def test_core_text_checks_refuse_what_the_columns_cannot_hold() -> None:
    with pytest.raises(InvalidInput) as err:
        check_row_values(verification_log, {"operator": "x" * 65})
    assert err.value.code == "text_too_long" and err.value.params["max"] == 64
    with pytest.raises(InvalidInput) as err:
        check_row_values(verification_log, {"raw": "a\x00b"})
    assert err.value.code == "input_control_char"
    check_row_values(verification_log, {"operator": "x" * 64, "raw": None})


def test_core_and_orm_appends_make_one_chain(db: Database) -> None:
    users_service.bootstrap_admin(db, "admin", "admin-pass-1", "管理员")  # ORM append
    with db.store.begin() as conn:  # Core append
        seq = append_entry(conn, "desk1", "certificate_verified", "verification_log", "x",
                           {"status": "valid", "当": "中文"})
    with db.session_scope() as s:  # ORM again, after the Core one
        entry = append_audit(s, Actor("admin", "admin"), "settings_viewed", "app_settings")
        assert entry.seq == seq + 1
    with db.session_scope(write=False) as s:
        check = verify_chain(s)
        assert check.ok and check.entries == seq + 1
        row = s.get(AuditEntry, seq)
        assert row is not None and row.details == {"status": "valid", "当": "中文"}


def test_core_append_restores_a_removed_head_as_the_orm_does(db: Database) -> None:
    users_service.bootstrap_admin(db, "admin", "admin-pass-1", "管理员")
    with db.session_scope() as s:
        before = s.scalar(select(func.max(AuditEntry.seq)))
        s.execute(delete(AuditHead))
    with db.store.begin() as conn:
        seq = append_entry(conn, "desk1", "login", "staff_user", "desk1")
    with db.session_scope(write=False) as s:
        incident = s.get(AuditEntry, before + 1)
        assert incident is not None and incident.action == INCIDENT_HEAD_RESTORED
        assert incident.details == {"entries_found": before, "checkpoints_found": 0}
        assert seq == before + 2 and verify_chain(s).ok


@pytest.fixture
def register(db: Database):  # type: ignore[no-untyped-def]
    users_service.bootstrap_admin(db, "admin", "admin-pass-1", "管理员")
    UsersService(db, Actor("admin", "admin")).add_user("desk1", "desk-pass-123", "helpdesk", "赵核验")
    return db, issue_all(db)


def test_store_alone_judges_every_case_as_the_service(register) -> None:  # type: ignore[no-untyped-def]
    """The CLI's path (a Store of its own, no session) and the help desk's service give the
    same verdict, warnings and register facts for every status; both are logged."""
    db, issued = register
    store = Store(db.url)
    try:
        service = VerificationService(db, DESK)
        for name, item in issued.items():
            with store.begin() as conn:
                core = verify_core.verify_text(conn, DESK, item.payload, "cli", at=AT)
            orm = service.verify_text(item.payload, "manual", at=AT)
            assert core.status == item.status == orm.status, name
            assert replace(core, source="x", log_id=None) == replace(orm, source="x", log_id=None), name
    finally:
        store.dispose()
    with db.session_scope(write=False) as s:
        rows = s.scalars(select(VerificationRecord).where(VerificationRecord.operator == "desk1")).all()
        assert sorted(r.source for r in rows) == ["cli"] * len(issued) + ["manual"] * len(issued)
        assert verify_chain(s).ok


def test_core_log_moves_the_newest_time_seen_only_forward(register) -> None:  # type: ignore[no-untyped-def]
    db, issued = register

    def newest() -> str:
        with db.session_scope(write=False) as s:
            return read_setting(s, NEWEST_SEEN_AT)

    with db.store.begin() as conn:
        first = verify_core.verify_text(conn, DESK, issued["valid"].payload, "cli", at=AT)
    seen = datetime.fromisoformat(newest())
    with db.store.begin() as conn:  # a workstation whose clock is behind
        earlier = verify_core.log_result(conn, DESK, first, seen - timedelta(hours=1))
    assert earlier.log_id != first.log_id and newest() == seen.isoformat()
    with db.store.begin() as conn:
        verify_core.log_result(conn, DESK, first, seen + timedelta(hours=1))
    assert newest() == (seen + timedelta(hours=1)).isoformat()
    with db.store.begin() as conn:  # this computer's clock is now behind what was seen
        behind = verify_core.verify_text(conn, DESK, issued["valid"].payload, "cli", at=AT)
    assert "clock_behind" in behind.warnings


def test_core_path_checks_the_role(register) -> None:  # type: ignore[no-untyped-def]
    db, issued = register
    from app.errors import PermissionDenied

    with db.store.begin() as conn, pytest.raises(PermissionDenied):
        verify_core.verify_text(conn, Actor("x", "nobody"), issued["valid"].payload, "cli", at=AT)
