"""Staff accounts: login, first admin, user management (admin only)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.domain.roles import Role
from app.errors import InvalidInput, NotFound, RuleViolation
from app.models.db import Database
from app.models.staff import StaffUser
from app.services import sign_in
from app.services.audit import append_audit
from app.services.base import SYSTEM, Actor, Service
from app.services.cli_sessions import end_sessions_of

# Hashing and the login check live in app.services.sign_in (Core, issue 16); their names are
# still found here.
from app.services.sign_in import (  # noqa: F401
    LOCKOUT,
    MAX_FAILED_LOGINS,
    check_password,
    hash_password,
    needs_rehash,
)

MIN_PASSWORD = 8
_USERNAME = re.compile(r"^[A-Za-z0-9_.\-]{2,64}$")


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
    """Check a login (:func:`app.services.sign_in.authenticate`: one implementation, on a
    Core connection, for the GUI and every CLI command)."""
    return sign_in.authenticate(db.store, username, password)


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
            details = {} if active else {"cli_sessions_ended": end_sessions_of(s.connection(), username)}
            append_audit(s, self.actor, "user_enabled" if active else "user_disabled",
                         "staff_user", username, details)
            return _info(user)

    def reset_password(self, username: str, new_password: str) -> None:
        self.require("user.manage")
        if len(new_password) < MIN_PASSWORD:
            raise InvalidInput("password_too_short", field="password", min=MIN_PASSWORD)
        with self.db.session_scope() as s:
            user = self._get(s, username)
            user.password_hash, user.failed_logins, user.locked_until = hash_password(new_password), 0, None
            # Whoever signed in with the old password is signed out of the command line too.
            ended = end_sessions_of(s.connection(), username)
            append_audit(s, self.actor, "password_reset", "staff_user", username,
                         {"cli_sessions_ended": ended})

    @staticmethod
    def _get(s: Session, username: str) -> StaffUser:
        user = s.scalars(select(StaffUser).where(StaffUser.username == username)).first()
        if user is None:
            raise NotFound("user_not_found", field="username", username=username)
        return user
