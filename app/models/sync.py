"""Field-office sync (issue 12): paired offices, what each has of our rows, conflicts, history.

Rows travel between registers under their UUID primary keys (every synced table has one), so
two registers never hand out the same id. What the other office already has is kept per row as
the SHA-256 of the row's synced columns (``sync_row_state``); an export sends every row whose
hash differs or whose last sending is not yet acknowledged. See docs/dev/contracts.md.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, utcnow


class OfficeEncryptionKey(Base):
    """Our X25519 key pair; the private half encrypted with the office passphrase."""

    __tablename__ = "office_encryption_keys"

    key_id: Mapped[str] = mapped_column(String(16), primary_key=True)  # SHA-256(pub)[:8] hex
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    private_key_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class SyncOffice(Base):
    """An office we exchange bundles with, paired once by a confirmed trust file."""

    __tablename__ = "sync_offices"

    code: Mapped[str] = mapped_column(String(18), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(10))  # central / field
    encryption_key: Mapped[bytes] = mapped_column(LargeBinary)
    fingerprint: Mapped[str] = mapped_column(String(100))  # of the trust file's signing keys
    paired_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    paired_by: Mapped[str] = mapped_column(String(64))
    last_sent_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_received_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_received_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_received_digest: Mapped[str | None] = mapped_column(String(64))
    acked_seq: Mapped[int] = mapped_column(Integer, default=0)  # our last seq it has applied


class SyncRowState(Base):
    """What ``peer_code`` has of one of our rows: its hash, and the bundle that carried it
    (``seq`` 0: the row came from that office, so it has it)."""

    __tablename__ = "sync_row_state"

    peer_code: Mapped[str] = mapped_column(String(18), primary_key=True)
    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    row_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    hash: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(Integer, default=0)


class SyncConflict(Base):
    """A person or employer changed in both offices since the last sync: both versions kept."""

    __tablename__ = "sync_conflicts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    peer_code: Mapped[str] = mapped_column(String(18), index=True)
    entity: Mapped[str] = mapped_column(String(20))  # person / employer
    row_id: Mapped[str] = mapped_column(String(64))
    entity_key: Mapped[str] = mapped_column(String(64))  # ID number / USCC
    label: Mapped[str] = mapped_column(String(200))
    ours: Mapped[dict[str, Any]] = mapped_column(JSON)
    theirs: Mapped[dict[str, Any]] = mapped_column(JSON)
    their_hash: Mapped[str] = mapped_column(String(64))
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    resolution: Mapped[str | None] = mapped_column(String(10))  # theirs / ours / merge


class SyncEvent(Base):
    """One bundle sent or received (the history)."""

    __tablename__ = "sync_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    direction: Mapped[str] = mapped_column(String(10))  # sent / received
    office_code: Mapped[str] = mapped_column(String(18), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    digest: Mapped[str] = mapped_column(String(64))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    actor: Mapped[str] = mapped_column(String(64))


class SyncVerificationSummary(Base):
    """A field office's verification log, summarised per day and result (no personal data)."""

    __tablename__ = "sync_verification_summaries"

    office_code: Mapped[str] = mapped_column(String(18), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    status: Mapped[str] = mapped_column(String(40), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


class SyncCertificateFile(Base):
    """A certificate file as the central office signed and sealed it, printed as it is."""

    __tablename__ = "sync_certificate_files"

    serial: Mapped[str] = mapped_column(String(120), primary_key=True)
    format: Mapped[str] = mapped_column(String(10), primary_key=True)  # pdf / ofd
    sha256: Mapped[str] = mapped_column(String(64))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)


class SyncAlias(Base):
    """A person or employer both offices created on their own (same ID number or USCC, two
    UUIDs): their id stands for ours in everything they send (app.services.sync_aliases)."""

    __tablename__ = "sync_aliases"

    peer_code: Mapped[str] = mapped_column(String(18), primary_key=True)
    entity: Mapped[str] = mapped_column(String(20), primary_key=True)
    their_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    our_id: Mapped[str] = mapped_column(String(64))
