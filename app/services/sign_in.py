"""Signing in: password hashes and the login check, on a Core connection (issue 16).

One implementation for the GUI's sign-in and every CLI command
(``app.services.users_service.authenticate`` delegates here), written on Core so that a
command that loads no ORM model (``verify FILE``) signs in exactly as the others do: the same
Argon2id check, lock-out, audit entries (docs/security.md section 10).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
from datetime import timedelta

from cryptography.exceptions import InvalidKey
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from sqlalchemy import select, update

from app.domain.clock import utcnow
from app.errors import PermissionDenied
from app.services.base import Actor
from app.store.audit_append import append_entry
from app.store.engine import Store
from app.store.tables import staff_users

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=5)
# Argon2id with the OWASP Password Storage Cheat Sheet's parameters (19 MiB, 2 passes, 1 lane):
# about as costly per sign-in as the scrypt it replaces, so a busy office PC (and the test
# suite's many sign-ins on two cores) does not wait; RFC 9106's 64 MiB set took 4x as long.
# Stored as a PHC string, so the parameters travel with the hash and can grow: a hash made
# with other ones (or the scrypt hashes of earlier versions) is replaced at the next
# successful sign-in.
_MEMORY_KIB, _ITERATIONS, _LANES = 19 * 1024, 2, 1
_CURRENT_PREFIX = f"$argon2id$v=19$m={_MEMORY_KIB},t={_ITERATIONS},p={_LANES}$"
# Checked against when the account does not exist, so that a wrong user name takes as long as
# a wrong password (the answer's timing must not tell which accounts exist). A fixed hash of
# a random password nobody knows, with the current parameters: making one at the first unknown
# name (as before issue 16) cost a second Argon2id run in a one-command process — a timing
# difference of its own.
_DUMMY_HASH = "$argon2id$v=19$m=19456,t=2,p=1$fIt5JuBaKSIWXSVlxcMlXQ$19l9ywNdUetwWXGStmLj30UN3G8vms5UKxLEiOZofCk"


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


def authenticate(store: Store, username: str, password: str) -> Actor:
    """Check a login; locks the account for a while after repeated failures.

    Every failure is audited (never the password tried): unknown account, disabled, locked,
    wrong password; the user is told only "wrong user name or password" or "locked". A
    success updates the account (failures reset, last sign-in, a rehash with the current
    parameters) and writes a ``login`` entry."""
    username = (username or "").strip()
    u = staff_users.c
    with store.begin() as conn:
        user = conn.execute(select(
            u.id, u.username, u.display_name, u.role, u.password_hash, u.active,
            u.failed_logins, u.locked_until).where(u.username == username)).first()
        now = utcnow()
        failure: dict[str, object] | None = None
        locked_until = user.locked_until if user is not None else None
        if user is None:
            check_password(password, _DUMMY_HASH)
            failure = {"reason": "unknown_account"}
        elif not user.active:
            failure = {"reason": "account_disabled"}
        elif locked_until is not None and locked_until > now:
            failure = {"reason": "account_locked", "until": locked_until.isoformat()}
        elif not check_password(password, user.password_hash):
            attempts = (user.failed_logins or 0) + 1
            failure = {"reason": "wrong_password", "attempt": attempts}
            if attempts >= MAX_FAILED_LOGINS:
                attempts, locked_until = 0, now + LOCKOUT
                failure["locked_until"] = locked_until.isoformat()
            conn.execute(update(staff_users).where(u.id == user.id).values(
                failed_logins=attempts, locked_until=locked_until, updated_at=now))
        if failure is not None:
            # The attempted name is kept (cut to the column's width): it may be a typo, or
            # someone trying names; the password never is.
            append_entry(conn, username[:64] or "?", "login_failed", "staff_user",
                         username[:64] or None, failure)
        else:
            assert user is not None
            values: dict[str, object] = {"failed_logins": 0, "locked_until": None,
                                         "last_login_at": now, "updated_at": now}
            if needs_rehash(user.password_hash):
                values["password_hash"] = hash_password(password)  # upgrade of the KDF
            conn.execute(update(staff_users).where(u.id == user.id).values(**values))
            append_entry(conn, user.username, "login", "staff_user", user.username)
            actor = Actor(user.username, user.role, user.display_name)
    # Raised after the commit, so the failure counter and the audit entry are kept.
    if failure is not None:
        if failure["reason"] == "account_locked":
            assert locked_until is not None
            raise PermissionDenied("login_locked", until=locked_until.astimezone().strftime("%H:%M"))
        raise PermissionDenied("login_failed")
    return actor
