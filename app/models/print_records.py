"""What was printed: print batches and one row per certificate that a print queue reported
printed. A batch that stopped (printer fault, cancel) is resumed from these rows."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.models.base import Base, UTCDateTime, UuidPk, utcnow


class PrintBatch(UuidPk, Base):
    """One print run over an ordered list of certificates (one certificate is a batch of one).

    ``batch_key`` is the SHA-256 of the ordered serials: running the same selection again while
    an earlier run is unfinished continues that run instead of printing everything twice."""

    __tablename__ = "print_batches"
    __table_args__ = (Index("ix_print_batches_key_finished", "batch_key", "finished_at"),)

    batch_key: Mapped[str] = mapped_column(String(64))
    serials: Mapped[str] = mapped_column(String)  # newline-separated, in print order
    total: Mapped[int] = mapped_column(Integer)
    copies: Mapped[int] = mapped_column(Integer, default=1)
    printer: Mapped[str] = mapped_column(String(200))  # the queue of the latest run
    source: Mapped[str] = mapped_column(String(10))   # cli | gui
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The last fault code that stopped it (printer_stopped, print_job_cancelled, cancelled, ...).
    last_fault: Mapped[str | None] = mapped_column(String(40))


class CertificatePrint(UuidPk, Base):
    """One certificate of a batch that the print system reported printed."""

    __tablename__ = "certificate_prints"

    batch_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("print_batches.id"), index=True)
    serial: Mapped[str] = mapped_column(String(120), index=True)
    printer: Mapped[str] = mapped_column(String(200))
    job_id: Mapped[int | None] = mapped_column(Integer)  # the CUPS job; None through Qt's spooler
    copies: Mapped[int] = mapped_column(Integer, default=1)
    printed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    printed_by: Mapped[str] = mapped_column(String(64))
