"""Filings (申报) and everything around them: timeline, messages, 补正, 申辩, 信息更正."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.models.base import Base, Timestamps, UTCDateTime, UuidPk, utcnow


class Filing(UuidPk, Timestamps, Base):
    __tablename__ = "filings"
    __table_args__ = (Index("ix_filings_state_type", "state", "type"),)

    # Human-readable number shown to clerks and printed on receipts, e.g. "SB2026000123".
    number: Mapped[str] = mapped_column(String(24), unique=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    type: Mapped[str] = mapped_column(String(20))  # initial / change / continuation / ...
    kind: Mapped[str] = mapped_column(String(20))
    specialty: Mapped[str] = mapped_column(String(40))
    state: Mapped[str] = mapped_column(String(30), default="draft")
    registration_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("registrations.id"))
    employer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employers.id"))
    old_employer_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("employers.id"))
    # The type's own form (reason, forced cancellation, ...): validated by app.domain.
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    conditions_accepted: Mapped[bool] = mapped_column(default=False)
    commitment_accepted: Mapped[bool] = mapped_column(default=False)
    social_security_override: Mapped[bool] = mapped_column(default=False)
    employer_consent: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    opinion: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)

    events: Mapped[list[FilingEvent]] = relationship(
        back_populates="filing", order_by="FilingEvent.seq", cascade="all, delete-orphan"
    )
    __mapper_args__ = {"version_id_col": version}


class FilingEvent(Base):
    """One step on a filing's progress timeline (审核进度)."""

    __tablename__ = "filing_events"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    filing_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("filings.id", ondelete="CASCADE"), index=True)
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(40))
    from_state: Mapped[str | None] = mapped_column(String(30))
    to_state: Mapped[str] = mapped_column(String(30))
    note: Mapped[str | None] = mapped_column(Text)

    filing: Mapped[Filing] = relationship(back_populates="events")


class ReviewMessage(UuidPk, Base):
    """Messages (我的消息): review opinions and notices, with their times."""

    __tablename__ = "review_messages"

    filing_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("filings.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    author: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class CorrectionRequest(UuidPk, Base):
    """补正: the authority asks for missing material (content + reason)."""

    __tablename__ = "correction_requests"

    filing_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("filings.id", ondelete="CASCADE"), index=True)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    requested_by: Mapped[str] = mapped_column(String(64))
    content: Mapped[str] = mapped_column(Text)
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default="open")  # open / answered
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    answered_by: Mapped[str | None] = mapped_column(String(64))
    answer_note: Mapped[str | None] = mapped_column(Text)


class Appeal(UuidPk, Timestamps, Base):
    """申辩: the person contests an anomaly flag (social security, duplicate person, ...)."""

    __tablename__ = "appeals"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    filing_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("filings.id"))
    subject: Mapped[str] = mapped_column(String(40))
    statement: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default="open")  # open / upheld / rejected
    created_by: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decision: Mapped[str | None] = mapped_column(Text)


class InfoCorrection(UuidPk, Timestamps, Base):
    """信息更正: a change to name, ID number or ID type, applied only once approved."""

    __tablename__ = "info_corrections"

    person_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("persons.id"), index=True)
    field: Mapped[str] = mapped_column(String(20))  # name / id_number / id_type
    old_value: Mapped[str] = mapped_column(String(60))
    new_value: Mapped[str] = mapped_column(String(60))
    reason: Mapped[str] = mapped_column(Text)
    state: Mapped[str] = mapped_column(String(20), default="pending")  # pending/approved/rejected
    created_by: Mapped[str] = mapped_column(String(64))
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by: Mapped[str | None] = mapped_column(String(64))
    decision: Mapped[str | None] = mapped_column(Text)
