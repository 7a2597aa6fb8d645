"""Certificates (one row per annotation), signing keys and trust store, verification log."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, LargeBinary, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, UuidPk, utcnow


class Certificate(UuidPk, Base):
    """One annotation (加注) of a registration's e-certificate, with its use window."""

    __tablename__ = "certificates"
    __table_args__ = (Index("ix_certificates_person_issued", "person_id", "issued_at"),)

    # GB/T 36904 licence identifier, with its check character.
    serial: Mapped[str] = mapped_column(String(120), unique=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    registration_number: Mapped[str] = mapped_column(String(40), index=True)
    annotated_on: Mapped[date] = mapped_column(Date)
    window_start: Mapped[date] = mapped_column(Date)
    window_end: Mapped[date] = mapped_column(Date, index=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    issued_by: Mapped[str] = mapped_column(String(64))
    key_id: Mapped[str] = mapped_column(String(64))
    # The signed QR text exactly as printed, so a re-print reproduces the same code.
    payload: Mapped[str] = mapped_column(Text)
    photo_sha256: Mapped[str | None] = mapped_column(String(64))
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    superseded_by: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("certificates.id"))
    # Set when an approved filing (变更/延续/更改补办) made the printed content untrue:
    # the reason, and {field: [printed, now]} of what changed (shown at the help desk).
    supersede_reason: Mapped[str | None] = mapped_column(Text)
    supersede_changes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoke_reason: Mapped[str | None] = mapped_column(Text)
    specimen: Mapped[bool] = mapped_column(default=False)  # demo data: printed with a watermark


class IssuerKey(Base):
    """An Ed25519 key of an issuing office: our own (with the encrypted private key) or imported."""

    __tablename__ = "issuer_keys"

    key_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    office_code: Mapped[str] = mapped_column(String(40))
    office_name: Mapped[str] = mapped_column(String(200))
    public_key: Mapped[bytes] = mapped_column(LargeBinary)
    # PKCS#8, encrypted with the office passphrase; only for keys this office signs with.
    private_key_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)
    valid_from: Mapped[datetime] = mapped_column(UTCDateTime)
    valid_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set on rotation: no new signatures, but certificates issued under it still verify.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    source: Mapped[str] = mapped_column(String(20), default="own")  # own / imported
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Distrusted from this instant: nothing it signed from then on is valid (migration 0006).
    compromised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    compromise_reason: Mapped[str | None] = mapped_column(Text)
    # Announced by its office ahead of use: verifies nothing until a later file activates it.
    reserved: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The demo register's key (published passphrase): never the office's key, never exported.
    demo: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class VerificationRecord(UuidPk, Base):
    """The help desk's log of verifications (when, who, result)."""

    __tablename__ = "verification_log"

    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    operator: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(40))  # camera / wedge / file / cli
    status: Mapped[str] = mapped_column(String(40))
    serial: Mapped[str | None] = mapped_column(String(120))
    holder_name: Mapped[str | None] = mapped_column(String(60))
    raw: Mapped[str | None] = mapped_column(Text)
