"""What this register knows of other offices' withdrawn certificates, from their signed lists.

``revocation_lists``: per office, the newest genuine list imported ("as of" its date).
``revocation_entries``: every serial an office listed as revoked or superseded. Rows are only
ever added or made more serious (superseded -> revoked): a later list cannot take one back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, UuidPk, utcnow


class RevocationListRecord(Base):
    __tablename__ = "revocation_lists"

    office_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    office_name: Mapped[str] = mapped_column(String(200))
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)   # the list's "as of"
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    signed_by: Mapped[str] = mapped_column(String(200))        # key ids, comma-separated
    entries: Mapped[int] = mapped_column(default=0)


class RevocationEntryRecord(UuidPk, Base):
    __tablename__ = "revocation_entries"
    __table_args__ = (UniqueConstraint("serial"),)

    office_code: Mapped[str] = mapped_column(String(40), index=True)
    serial: Mapped[str] = mapped_column(String(120))
    state: Mapped[str] = mapped_column(String(20))             # revoked / superseded
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    reason: Mapped[str | None] = mapped_column(Text)
    listed_at: Mapped[datetime] = mapped_column(UTCDateTime)   # issued_at of the list that said so
