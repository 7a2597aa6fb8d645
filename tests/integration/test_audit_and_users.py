"""Staff accounts, role checks and the hash-chained, append-only audit log (both backends)."""

from __future__ import annotations

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app.errors import InvalidInput, PermissionDenied, RuleViolation
from app.models import AuditEntry
from app.models.db import Database
from app.services.audit import append_audit, verify_chain
from app.services.base import Actor
from app.services.users_service import (
    MAX_FAILED_LOGINS,
    UsersService,
    authenticate,
    bootstrap_admin,
    check_password,
    hash_password,
)


def _admin(db: Database) -> Actor:
    bootstrap_admin(db, "admin", "correct-horse")
    return authenticate(db, "admin", "correct-horse")


def test_password_hash_round_trip() -> None:
    stored = hash_password("秘密password")
    assert check_password("秘密password", stored)
    assert not check_password("秘密passworD", stored)
    assert not check_password("x", "garbage")


def test_first_admin_then_users_by_role(db: Database) -> None:
    admin = _admin(db)
    assert admin.role == "admin"
    with pytest.raises(RuleViolation):
        bootstrap_admin(db, "second", "another-pass")
    users = UsersService(db, admin)
    users.add_user("clerk1", "clerk-pass-1", "clerk", "王小明")
    assert authenticate(db, "clerk1", "clerk-pass-1").role == "clerk"
    with pytest.raises(RuleViolation) as err:
        users.add_user("clerk1", "clerk-pass-1", "clerk")
    assert err.value.code == "username_taken"
    with pytest.raises(InvalidInput) as err2:
        users.add_user("x y", "clerk-pass-1", "clerk")
    assert err2.value.code == "username_invalid"
    with pytest.raises(InvalidInput):
        users.add_user("shorty", "short", "clerk")


def test_a_clerk_cannot_manage_users(db: Database) -> None:
    _admin(db)
    clerk = Actor("clerk1", "clerk")
    with pytest.raises(PermissionDenied) as err:
        UsersService(db, clerk).add_user("evil", "evil-pass-1", "admin")
    assert err.value.code == "permission_denied"


def test_repeated_failed_logins_lock_the_account(db: Database) -> None:
    _admin(db)
    for _ in range(MAX_FAILED_LOGINS):
        with pytest.raises(PermissionDenied):
            authenticate(db, "admin", "wrong")
    with pytest.raises(PermissionDenied) as err:
        authenticate(db, "admin", "correct-horse")  # right password, but locked now
    assert err.value.code == "login_locked"


def test_disabled_user_cannot_log_in(db: Database) -> None:
    admin = _admin(db)
    UsersService(db, admin).add_user("desk", "desk-pass-1", "helpdesk")
    UsersService(db, admin).set_active("desk", False)
    with pytest.raises(PermissionDenied):
        authenticate(db, "desk", "desk-pass-1")
    with pytest.raises(RuleViolation):
        UsersService(db, admin).set_active("admin", False)


def _fill_chain(db: Database, n: int = 5) -> None:
    actor = Actor("clerk1", "clerk")
    with db.session_scope() as s:
        for i in range(n):
            append_audit(s, actor, "person_created", "person", f"p{i}", {"name": f"张{i}", "i": i})


def test_chain_verifies_when_untouched(db: Database) -> None:
    _fill_chain(db)
    with db.session_scope(write=False) as s:
        check = verify_chain(s)
    assert check.ok and check.entries == 5


def test_database_refuses_update_and_delete_of_audit_entries(db: Database) -> None:
    _fill_chain(db)
    for stmt in ("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2",
                 "DELETE FROM audit_log WHERE seq = 2"):
        with pytest.raises(DBAPIError), db.engine.begin() as conn:
            conn.execute(text(stmt))


def _drop_guard(db: Database) -> None:
    """What an attacker with direct database access would do first."""
    with db.engine.begin() as conn:
        if db.dialect == "sqlite":
            conn.execute(text("DROP TRIGGER audit_log_no_update"))
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))


@pytest.mark.parametrize("tamper", ["edit", "delete_middle", "delete_tail"])
def test_edited_or_deleted_entries_are_detected(db: Database, tamper: str) -> None:
    _fill_chain(db)
    _drop_guard(db)
    stmt = {
        "edit": "UPDATE audit_log SET details = '{\"name\": \"李四\", \"i\": 2}' WHERE seq = 3",
        "delete_middle": "DELETE FROM audit_log WHERE seq = 3",
        "delete_tail": "DELETE FROM audit_log WHERE seq = 5",
    }[tamper]
    with db.engine.begin() as conn:
        conn.execute(text(stmt))
    with db.session_scope(write=False) as s:
        check = verify_chain(s)
    assert not check.ok
    assert check.first_bad_seq == {"edit": 3, "delete_middle": 3, "delete_tail": 5}[tamper]


def test_login_and_user_changes_are_audited(db: Database) -> None:
    admin = _admin(db)
    UsersService(db, admin).add_user("clerk1", "clerk-pass-1", "clerk")
    with db.session_scope(write=False) as s:
        actions = [e.action for e in s.scalars(select(AuditEntry).order_by(AuditEntry.seq))]
    assert actions == ["user_created", "login", "user_created"]


def test_passwords_are_argon2id_and_old_scrypt_hashes_are_upgraded_at_sign_in(db: Database) -> None:
    import base64
    import hashlib

    from app.models import StaffUser

    assert hash_password("x" * 10).startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    bootstrap_admin(db, "admin", "correct-horse")
    salt = b"0123456789abcdef"
    old = hashlib.scrypt(b"correct-horse", salt=salt, n=2**14, r=8, p=1, dklen=32)
    legacy = f"scrypt$16384$8$1${base64.b64encode(salt).decode()}${base64.b64encode(old).decode()}"
    with db.session_scope() as s:
        s.scalars(select(StaffUser)).one().password_hash = legacy
    authenticate(db, "admin", "correct-horse")
    with db.session_scope(write=False) as s:
        stored = s.scalars(select(StaffUser)).one().password_hash
    assert stored.startswith("$argon2id$") and check_password("correct-horse", stored)
    authenticate(db, "admin", "correct-horse")  # and it still signs in


def test_every_sign_in_failure_is_audited_without_the_password(db: Database) -> None:
    admin = _admin(db)
    UsersService(db, admin).add_user("desk", "desk-pass-1", "helpdesk")
    UsersService(db, admin).set_active("desk", False)
    for user, password in (("nobody", "guess-1-secret"), ("desk", "desk-pass-1"),
                           ("admin", "wrong-secret")):
        with pytest.raises(PermissionDenied):
            authenticate(db, user, password)
    for _ in range(MAX_FAILED_LOGINS - 1):
        with pytest.raises(PermissionDenied):
            authenticate(db, "admin", "wrong-secret")
    with pytest.raises(PermissionDenied):
        authenticate(db, "admin", "correct-horse")  # locked
    with db.session_scope(write=False) as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.action == "login_failed")
                         .order_by(AuditEntry.seq)).all()
    reasons = [r.details["reason"] for r in rows]
    assert reasons[:3] == ["unknown_account", "account_disabled", "wrong_password"]
    assert reasons[-1] == "account_locked" and len(rows) == 3 + MAX_FAILED_LOGINS
    assert "locked_until" in rows[-2].details
    dumped = str([(r.actor, r.entity_id, r.details) for r in rows])
    assert "secret" not in dumped and "desk-pass-1" not in dumped
