"""Staff accounts: login, first admin, user management (admin only)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.roles import Role
from app.errors import InvalidInput, NotFound, PermissionDenied, RuleViolation
from app.models.base import utcnow
from app.models.db import Database
from app.models.staff import StaffUser
from app.services.audit import append_audit
from app.services.base import SYSTEM, Actor, Service

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=5)
MIN_PASSWORD = 8
_USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{2,64}$")
# Argon2id with the OWASP Password Storage Cheat Sheet's parameters (19 MiB, 2 passes, 1 lane):
# about as costly per sign-in as the scrypt it replaces, so a busy office PC (and the test
# suite's many sign-ins on two cores) does not wait; RFC 9106's 64 MiB set took 4x as long.
# Stored as a PHC string, so the parameters travel with the hash and can grow: a hash made
# with other ones (or the scrypt hashes of earlier versions) is replaced at the next
# successful sign-in.
_MEMORY_KIB, _ITERATIONS, _LANES = 19 * 1024, 2, 1
_CURRENT_PREFIX = f"$argon2id$v=19$m={_MEMORY_KIB},t={_ITERATIONS},p={_LANES}$"


def hash_password(password: str) -> str:
    kdf = Argon2id(salt=os.urandom(16), length=32, iterations=_ITERATIONS, lanes=_LANES,
                   memory_cost=_MEMORY_KIB)
    return kdf.derive_phc_encoded(password.encode("utf-8"))


def check_password(password: str, stored: str) -> bool:
    if stored.startswith("$argon2id$"):
        try:
            Argon2id.verify_phc_encoded(password.encode("utf-8"), stored)
        except (InvalidKey, ValueError, TypeError):
            return False
        return True
    try:  # scrypt$N$r$p$salt$digest, written by versions before issue 10
        _, n, r, p, salt_b64, digest_b64 = stored.split("$")
        digest = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt_b64),
                                n=int(n), r=int(r), p=int(p), dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, base64.b64decode(digest_b64))


def needs_rehash(stored: str) -> bool:
    return not stored.startswith(_CURRENT_PREFIX)


# Checked against when the account does not exist, so that a wrong user name takes as long as
# a wrong password (the answer's timing must not tell which accounts exist).
_DUMMY_HASH: list[str] = []


def _dummy_check(password: str) -> None:
    if not _DUMMY_HASH:
        _DUMMY_HASH.append(hash_password("not a real account"))
    check_password(password, _DUMMY_HASH[0])


@dataclass(frozen=True)
class UserInfo:
    username: str
    display_name: str
    role: str
    active: bool
    last_login_at: datetime | None


def _info(u: StaffUser) -> UserInfo:
    return UserInfo(u.username, u.display_name, u.role, u.active, u.last_login_at)


def _validate_new(username: str, password: str, role: str) -> None:
    if not _USERNAME.match(username):
        raise InvalidInput("username_invalid", field="username")
    if len(password) < MIN_PASSWORD:
        raise InvalidInput("password_too_short", field="password", min=MIN_PASSWORD)
    if role not in {r.value for r in Role}:
        raise InvalidInput("role_unknown", field="role", role=role,
                           allowed=[r.value for r in Role])


def authenticate(db: Database, username: str, password: str) -> Actor:
    """Check a login; locks the account for a while after repeated failures.

    Every failure is audited (never the password tried): unknown account, disabled, locked,
    wrong password; the user is told only "wrong user name or password" or "locked"."""
    username = (username or "").strip()
    with db.session_scope() as s:
        user = s.scalars(select(StaffUser).where(StaffUser.username == username)).first()
        now = utcnow()
        failure: tuple[str, dict[str, object]] | None = None
        if user is None:
            _dummy_check(password)
            failure = ("login_failed", {"reason": "unknown_account"})
        elif not user.active:
            failure = ("login_failed", {"reason": "account_disabled"})
        elif user.locked_until and user.locked_until > now:
            failure = ("login_locked", {"reason": "account_locked",
                                        "until": user.locked_until.isoformat()})
        elif not check_password(password, user.password_hash):
            user.failed_logins += 1
            details: dict[str, object] = {"reason": "wrong_password", "attempt": user.failed_logins}
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.locked_until, user.failed_logins = now + LOCKOUT, 0
                details["locked_until"] = user.locked_until.isoformat()
            failure = ("login_failed", details)
        if failure is not None:
            # The attempted name is kept (cut to the column's width): it may be a typo, or
            # someone trying names; the password never is.
            append_audit(s, Actor(username[:64] or "?", "unknown"), "login_failed", "staff_user",
                         username[:64] or None, failure[1])
        else:
            assert user is not None
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)  # transparent upgrade of the KDF
            user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
            append_audit(s, Actor(user.username, user.role), "login", "staff_user", user.username)
            actor = Actor(user.username, user.role, user.display_name)
    # Raised after the commit, so the failure counter and the audit entry are kept.
    if failure is not None:
        if failure[0] == "login_locked":
            assert user is not None and user.locked_until is not None
            raise PermissionDenied("login_locked",
                                   until=user.locked_until.astimezone().strftime("%H:%M"))
        raise PermissionDenied("login_failed")
    return actor


def has_users(db: Database) -> bool:
    with db.session_scope(write=False) as s:
        return bool(s.scalar(select(func.count()).select_from(StaffUser)))


def bootstrap_admin(db: Database, username: str, password: str, display_name: str = "") -> UserInfo:
    """Create the first administrator; refused once any account exists."""
    _validate_new(username, password, Role.ADMIN)
    with db.session_scope() as s:
        if s.scalar(select(func.count()).select_from(StaffUser)):
            raise RuleViolation("admin_exists")
        user = StaffUser(username=username, display_name=display_name or username,
                         role=Role.ADMIN, password_hash=hash_password(password))
        s.add(user)
        append_audit(s, SYSTEM, "user_created", "staff_user", username, {"role": "admin"})
        return _info(user)


class UsersService(Service):
    def add_user(self, username: str, password: str, role: str, display_name: str = "") -> UserInfo:
        self.require("user.manage")
        _validate_new(username, password, role)
        with self.db.session_scope() as s:
            if s.scalars(select(StaffUser).where(StaffUser.username == username)).first():
                raise RuleViolation("username_taken", field="username", username=username)
            user = StaffUser(username=username, display_name=display_name or username, role=role,
                             password_hash=hash_password(password))
            s.add(user)
            append_audit(s, self.actor, "user_created", "staff_user", username, {"role": role})
            return _info(user)

    def list_users(self) -> list[UserInfo]:
        self.require("user.manage")
        with self.db.session_scope(write=False) as s:
            return [_info(u) for u in s.scalars(select(StaffUser).order_by(StaffUser.username))]

    def set_active(self, username: str, active: bool) -> UserInfo:
        self.require("user.manage")
        if username == self.actor.username and not active:
            raise RuleViolation("cannot_disable_self")
        with self.db.session_scope() as s:
            user = self._get(s, username)
            user.active = active
            append_audit(s, self.actor, "user_enabled" if active else "user_disabled",
                         "staff_user", username)
            return _info(user)

    def reset_password(self, username: str, new_password: str) -> None:
        self.require("user.manage")
        if len(new_password) < MIN_PASSWORD:
            raise InvalidInput("password_too_short", field="password", min=MIN_PASSWORD)
        with self.db.session_scope() as s:
            user = self._get(s, username)
            user.password_hash, user.failed_logins, user.locked_until = hash_password(new_password), 0, None
            append_audit(s, self.actor, "password_reset", "staff_user", username)

    @staticmethod
    def _get(s: Session, username: str) -> StaffUser:
        user = s.scalars(select(StaffUser).where(StaffUser.username == username)).first()
        if user is None:
            raise NotFound("user_not_found", field="username", username=username)
        return user
