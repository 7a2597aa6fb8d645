"""Print records: which certificates of a print batch the print system reported printed.

A batch is the ordered list of serials a clerk (GUI) or a script (CLI) chose to print. Each
certificate is recorded when its job is done, in its own transaction with an audit entry, so a
batch stopped by a printer fault or a cancel can be resumed without printing anything twice:
opening the same selection again while an earlier run of it is unfinished continues that run.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import NotFound
from app.models import Certificate, CertificatePrint, PrintBatch, utcnow
from app.services.audit import append_audit
from app.services.base import Service


@dataclass(frozen=True)
class PrintBatchView:
    id: uuid.UUID
    serials: tuple[str, ...]
    done: frozenset[str]        # printed in this batch, in an earlier run or this one
    copies: int
    printer: str
    resumed: bool               # an unfinished earlier run of the same selection continues
    finished_at: datetime | None
    last_fault: str | None

    @property
    def remaining(self) -> tuple[str, ...]:
        return tuple(s for s in self.serials if s not in self.done)


@dataclass(frozen=True)
class PrintRecordView:
    serial: str
    printer: str
    job_id: int | None
    copies: int
    printed_at: datetime
    printed_by: str
    batch_id: uuid.UUID


def batch_key(serials: Sequence[str]) -> str:
    return hashlib.sha256("\n".join(serials).encode("utf-8")).hexdigest()


class PrintRecordService(Service):
    """Batches and per-certificate print records (role ``certificate.print``)."""

    def open_batch(self, serials: Sequence[str], printer: str, copies: int = 1,
                   source: str = "cli", restart: bool = False) -> PrintBatchView:
        """The unfinished batch of exactly these serials, or a new one. ``restart`` closes an
        unfinished one and starts over (the clerk wants a full second set)."""
        self.require("certificate.print")
        key = batch_key(serials)
        with self.db.session_scope() as s:
            batch = s.scalars(select(PrintBatch).where(
                PrintBatch.batch_key == key, PrintBatch.finished_at.is_(None),
                PrintBatch.copies == copies).order_by(PrintBatch.created_at.desc())).first()
            if batch is not None and restart:
                batch.finished_at, batch.last_fault = utcnow(), "restarted"
                batch = None
            resumed = batch is not None
            if batch is None:
                batch = PrintBatch(batch_key=key, serials="\n".join(serials), total=len(serials),
                                   copies=copies, printer=printer, source=source,
                                   created_by=self.actor.username)
                s.add(batch)
                s.flush()
                append_audit(s, self.actor, "print_batch_started", "print_batch", batch.id,
                             {"printer": printer, "count": len(serials), "copies": copies})
            else:
                batch.printer = printer
            return self._view(s, batch, resumed)

    def record_printed(self, batch_id: uuid.UUID, serial: str, printer: str,
                       job_id: int | None) -> None:
        """The print system reported ``serial`` printed (one transaction, audited)."""
        self.require("certificate.print")
        with self.db.session_scope() as s:
            batch = s.get(PrintBatch, batch_id)
            if batch is None:
                raise NotFound("print_batch_not_found", batch=str(batch_id))
            s.add(CertificatePrint(batch_id=batch_id, serial=serial, printer=printer,
                                   job_id=job_id, copies=batch.copies,
                                   printed_by=self.actor.username))
            # The audit log keys certificates by id (a serial is longer than entity_id).
            cert_id = s.scalars(select(Certificate.id).where(Certificate.serial == serial)).first()
            append_audit(s, self.actor, "certificate_printed", "certificate", cert_id,
                         {"serial": serial, "printer": printer, "job": job_id,
                          "copies": batch.copies, "batch": str(batch_id)})

    def close_batch(self, batch_id: uuid.UUID, fault: str | None = None) -> PrintBatchView:
        """After a run: finished when every certificate is printed, else the fault is kept
        and the batch stays open for a resume."""
        self.require("certificate.print")
        with self.db.session_scope() as s:
            batch = s.get(PrintBatch, batch_id)
            if batch is None:
                raise NotFound("print_batch_not_found", batch=str(batch_id))
            view = self._view(s, batch, False)
            batch.last_fault = fault
            if not view.remaining:
                batch.finished_at = utcnow()
                append_audit(s, self.actor, "print_batch_finished", "print_batch", batch.id,
                             {"count": batch.total})
            return self._view(s, batch, False)

    def history(self, serial: str) -> list[PrintRecordView]:
        """Every recorded print of one certificate, oldest first."""
        self.require("certificate.read")
        with self.db.session_scope(write=False) as s:
            rows = s.scalars(select(CertificatePrint).where(CertificatePrint.serial == serial)
                             .order_by(CertificatePrint.printed_at))
            return [PrintRecordView(r.serial, r.printer, r.job_id, r.copies, r.printed_at,
                                    r.printed_by, r.batch_id) for r in rows]

    @staticmethod
    def _view(s: Session, batch: PrintBatch, resumed: bool) -> PrintBatchView:
        done = frozenset(s.scalars(select(CertificatePrint.serial).where(
            CertificatePrint.batch_id == batch.id)))
        return PrintBatchView(batch.id, tuple(batch.serials.split("\n")) if batch.serials else (),
                              done, batch.copies, batch.printer, resumed, batch.finished_at,
                              batch.last_fault)
