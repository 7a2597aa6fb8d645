"""Attachments: photos, signatures, uploads for filings and 补正 requests."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, deferred, mapped_column

from app.models.base import Base, UTCDateTime, UuidPk, utcnow


class Attachment(UuidPk, Base):
    """A stored file. Replacing a person's photo supersedes the old row instead of deleting it."""

    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_person_purpose", "person_id", "purpose"),)

    person_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("persons.id"))
    filing_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("filings.id"), index=True)
    correction_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("correction_requests.id"))
    # photo / signature / signature_print / release_certificate / judgment / correction / other
    purpose: Mapped[str] = mapped_column(String(30))
    filename: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    # Deferred: listing a person's attachments must not pull megabytes of image data.
    data: Mapped[bytes] = deferred(mapped_column(LargeBinary))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[str] = mapped_column(String(64))
    superseded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
