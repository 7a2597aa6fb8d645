"""Staff accounts: login, first admin, user management (admin only)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta

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
# scrypt parameters (RFC 7914 interactive-login strength); stored with the hash so they can grow.
_N, _R, _P = 2**14, 8, 1


def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${base64.b64encode(salt).decode()}${base64.b64encode(digest).decode()}"


def check_password(password: str, stored: str) -> bool:
    try:
        _, n, r, p, salt_b64, digest_b64 = stored.split("$")
        digest = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt_b64),
                                n=int(n), r=int(r), p=int(p), dklen=32)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, base64.b64decode(digest_b64))


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
    """Check a login; locks the account for a while after repeated failures."""
    with db.session_scope() as s:
        user = s.scalars(select(StaffUser).where(StaffUser.username == username)).first()
        now = utcnow()
        if user is None or not user.active:
            raise PermissionDenied("login_failed")
        if user.locked_until and user.locked_until > now:
            raise PermissionDenied("login_locked", until=user.locked_until.astimezone().strftime("%H:%M"))
        if not check_password(password, user.password_hash):
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.locked_until, user.failed_logins = now + LOCKOUT, 0
            append_audit(s, Actor(username, "unknown"), "login_failed", "staff_user", username)
            failed = True
        else:
            user.failed_logins, user.locked_until, user.last_login_at = 0, None, now
            append_audit(s, Actor(user.username, user.role), "login", "staff_user", user.username)
            failed = False
            actor = Actor(user.username, user.role, user.display_name)
    if failed:  # raised after the commit, so the failure counter is kept
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
