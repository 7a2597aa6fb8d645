"""Staff accounts, office settings and the hash-chained audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, Timestamps, UTCDateTime, UuidPk, utcnow


class StaffUser(UuidPk, Timestamps, Base):
    __tablename__ = "staff_users"

    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(60))
    role: Mapped[str] = mapped_column(String(20))  # admin / clerk / reviewer / helpdesk
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class AppSetting(Base):
    """Office-wide settings shared by every workstation (office name, code, ...)."""

    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class AuditEntry(Base):
    """Append-only, hash-chained: ``hash = sha256(prev_hash || canonical(entry))``.

    Database triggers refuse UPDATE and DELETE; if someone bypasses them, the chain check in
    :mod:`app.services.audit` finds the first entry whose hash no longer matches.
    """

    __tablename__ = "audit_log"

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(64), index=True)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """Single row holding the chain's newest seq and hash.

    Writers lock it (SELECT ... FOR UPDATE on PostgreSQL) so concurrent workstations append one
    at a time, and it exposes truncation of the chain's tail.
    """

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))
    hash: Mapped[str] = mapped_column(String(64))


class Sequence(Base):
    """Named counters for human-readable numbers (filing numbers, certificate serials)."""

    __tablename__ = "sequences"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"))





class AuditCheckpoint(Base):
    """A signed statement "entry ``seq`` had chain hash ``hash``" (see app.codes.audit_checkpoint).

    Append-only like the log itself (triggers refuse UPDATE and DELETE). The signature is made
    with the office key, whose passphrase is never stored, so nobody holding only the database
    can add a checkpoint for a chain they rewrote.
    """

    __tablename__ = "audit_checkpoints"

    seq: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True,
                                     autoincrement=False)
    hash: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    office_code: Mapped[str] = mapped_column(String(18))
    key_id: Mapped[str] = mapped_column(String(16))
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    signature: Mapped[bytes] = mapped_column(LargeBinary)


class CliSession(Base):
    """A command-line sign-in that lasts (issue 16): ``registry-office login`` checks the
    password once and hands the operator a random token; each later command proves who runs it
    with that token instead of a fresh Argon2id check. Only the token's SHA-256 is kept here,
    so a copy of the database file signs nobody in (docs/security.md section 10)."""

    __tablename__ = "cli_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)  # hex SHA-256
    username: Mapped[str] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
