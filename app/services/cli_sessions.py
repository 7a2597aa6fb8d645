"""Command-line sessions (issue 16): sign in once with the password, then prove who runs each
command with a random token instead of a fresh Argon2id check.

``registry-office login`` checks the password as every sign-in does
(:func:`app.services.sign_in.authenticate`: lock-out, audit) and opens a session here; the CLI
keeps the token in a file only its user can read (:mod:`app.cli.session_file`) or takes it from
REGISTRY_SESSION. The register keeps only the token's SHA-256 — 256 random bits need no slow
hash: nothing short of the token itself matches, so a copy of the database file signs nobody
in. A session ends at its expiry (the office's ``cli.session_hours``, 8 by default), at
``logout``, when the account's password is reset and when it is disabled; while the account is
locked after failed sign-ins it is not accepted. Every use reads the account afresh, so a role
changed since ``login`` applies at once. docs/security.md section 10.

Core only, and no password hashing imported: resuming a session is the fast path of
``verify FILE`` (one indexed read).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import Connection, delete, insert, select

from app.domain.clock import utcnow
from app.errors import InvalidInput
from app.services.base import Actor
from app.services.office_settings import CLI_SESSION_HOURS, setting_value
from app.store.audit_append import append_entry
from app.store.engine import Store
from app.store.tables import app_settings, cli_sessions, staff_users

TOKEN_BYTES = 32  # 256 bits, as secrets recommends for tokens that must not be guessed


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def session_hours(conn: Connection) -> int:
    """The office's longest session (``cli.session_hours``)."""
    raw = conn.execute(select(app_settings.c.value)
                       .where(app_settings.c.key == CLI_SESSION_HOURS.key)).scalar()
    return setting_value(CLI_SESSION_HOURS, raw)


def open_session(store: Store, actor: Actor, hours: int | None = None) -> tuple[str, datetime]:
    """A new session for ``actor``, who has just signed in with the password. ``hours`` may
    shorten the office's session length, never extend it. Returns the token (shown to nobody
    but the caller's file) and the session's end."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    now = utcnow()
    with store.begin() as conn:
        longest = session_hours(conn)
        if hours is not None and not 1 <= hours <= longest:
            raise InvalidInput("cli_session_hours_invalid", field="hours", value=hours,
                               max=longest)
        expires = now + timedelta(hours=hours or longest)
        conn.execute(delete(cli_sessions).where(cli_sessions.c.expires_at <= now))  # tidy up
        conn.execute(insert(cli_sessions).values(token_hash=token_hash(token),
                                                 username=actor.username, created_at=now,
                                                 expires_at=expires))
        append_entry(conn, actor.username, "cli_session_opened", "staff_user", actor.username,
                     {"expires_at": expires.isoformat()})
    return token, expires


def resume_session(store: Store, token: str) -> Actor | None:
    """The staff member whose live session ``token`` is; None when it is unknown, has
    expired or ended, or its account is disabled or locked."""
    s, u = cli_sessions.c, staff_users.c
    now = utcnow()
    with store.begin(write=False) as conn:
        row = conn.execute(
            select(u.username, u.role, u.display_name, u.active, u.locked_until, s.expires_at)
            .select_from(cli_sessions.join(staff_users, u.username == s.username))
            .where(s.token_hash == token_hash(token))).first()
    if row is None or row.expires_at <= now or not row.active:
        return None
    if row.locked_until is not None and row.locked_until > now:
        return None
    return Actor(row.username, row.role, row.display_name)


def close_session(store: Store, token: str) -> str | None:
    """End the session of ``token`` (``logout``); the user name it belonged to, or None when
    there was no such session (already ended: nothing to do)."""
    with store.begin() as conn:
        row = conn.execute(delete(cli_sessions)
                           .where(cli_sessions.c.token_hash == token_hash(token))
                           .returning(cli_sessions.c.username)).first()
        if row is None:
            return None
        append_entry(conn, row.username, "cli_session_closed", "staff_user", row.username)
        return str(row.username)


def end_sessions_of(conn: Connection, username: str) -> int:
    """End every session of one account (its password was reset, or it was disabled), in the
    caller's transaction; how many there were."""
    result = conn.execute(delete(cli_sessions).where(cli_sessions.c.username == username))
    return int(result.rowcount or 0)
