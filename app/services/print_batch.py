"""Printing certificates through a print queue, one job per certificate, resumable.

The use case behind ``certificate print`` and ``certificate batch --print``: open (or continue)
the batch's record, check the queue before anything is sent, then for each certificate not
yet printed: fetch its view (the printing rule of :meth:`CertificateService.printable_views`),
render it with the same renderer as the export and the GUI, print it as one job, wait for the
print system's verdict and record it. A printer fault or a cancel stops the run; what was
printed stays recorded, and running the same selection again continues with the rest.

Not one transaction: printing takes minutes and each certificate's record must survive a fault
of the next one, so every record is its own use case (:class:`PrintRecordService`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.codes.claims_view import CertificateView
from app.errors import RegistryError
from app.printing.print_queue import (
    JobWithdrawn,
    PrinterFault,
    QueuePrinter,
    QueueStatus,
    media_keyword,
)
from app.services.certificate_service import CertificateService
from app.services.print_records import PrintBatchView, PrintRecordService

VIEW_CHUNK = 20  # views (with photos) fetched at a time: a batch of thousands stays small


@dataclass(frozen=True)
class PrintOutcome:
    batch: PrintBatchView                 # after the run: ``done`` holds every printed serial
    printed_now: tuple[str, ...]          # printed by this run, in order
    skipped_earlier: tuple[str, ...]      # printed by an earlier run of this batch
    not_printed: tuple[str, ...]          # still to print, in order
    fault: RegistryError | None           # what stopped the run (a PrinterFault, or a
                                          # certificate that stopped being printable meanwhile)
    failed_serial: str | None             # the certificate whose job failed (not printed)
    cancelled: bool
    queue: QueueStatus | None             # the queue's state before the run
    jobs: tuple[tuple[str, int], ...] = ()  # (serial, print job id) of this run

    @property
    def complete(self) -> bool:
        return not self.not_printed


def _title(view: CertificateView) -> str:
    # Shown in the queue (lpstat, the printer's panel) and used by cups-pdf as the file name.
    return f"{view.name} {view.kind_name_zh} {view.serial}"


def _render(view: CertificateView) -> tuple[bytes, str]:
    from app.printing.layout import layout_page
    from app.printing.pdf_renderer import render_pdf

    page = layout_page(view)
    return render_pdf(view), media_keyword(page.width, page.height)


def print_certificates(certificates: CertificateService, records: PrintRecordService,
                       serials: Sequence[str], printer: QueuePrinter, *, copies: int = 1,
                       restart: bool = False, source: str = "cli", archive: bool = False,
                       progress: Callable[[int, int, str, int], None] | None = None,
                       should_stop: Callable[[], bool] | None = None) -> PrintOutcome:
    """Print ``serials`` (in this order) on ``printer``; see the module docstring.

    ``progress(done, total, serial, job_id)`` after each printed certificate; ``should_stop``
    is asked before each certificate (a cancel stops between jobs, never inside one)."""
    # The rule first: refuse a batch holding a certificate that may not be printed, before
    # any record or job exists (the same check runs again per chunk, against changes since).
    for k in range(0, len(serials), VIEW_CHUNK):
        certificates.printable_views(list(serials[k:k + VIEW_CHUNK]), archive)
    batch = records.open_batch(serials, printer.name, copies, source, restart)
    earlier = tuple(s for s in batch.serials if s in batch.done)
    todo = list(batch.remaining)
    printed: list[str] = []
    jobs: list[tuple[str, int]] = []
    fault: RegistryError | None = None
    failed: str | None = None
    cancelled = False
    queue: QueueStatus | None = None
    try:
        queue = printer.check()
        i = 0
        while i < len(todo) and fault is None and not cancelled:
            chunk = todo[i:i + VIEW_CHUNK]
            try:
                views = certificates.printable_views(chunk, archive)
            except RegistryError as exc:
                fault, failed = exc, str(exc.params.get("serial", chunk[0]))
                break
            for view in views:
                if should_stop is not None and should_stop():
                    cancelled = True
                    break
                pdf, media = _render(view)
                try:
                    job = printer.print_pdf(pdf, _title(view), copies, media,
                                            should_stop=should_stop)
                except PrinterFault as exc:
                    fault, failed = exc, view.serial
                    break
                except JobWithdrawn:
                    cancelled = True
                    break
                records.record_printed(batch.id, view.serial, printer.name, job.job_id)
                printed.append(view.serial)
                jobs.append((view.serial, job.job_id))
                if progress is not None:
                    progress(len(earlier) + len(printed), len(batch.serials), view.serial,
                             job.job_id)
            i += len(chunk)
    except PrinterFault as exc:  # the queue refused before the first job
        fault = exc
    closed = records.close_batch(batch.id, fault.code if fault else
                                 ("cancelled" if cancelled else None))
    return PrintOutcome(closed, tuple(printed), earlier, closed.remaining, fault, failed,
                        cancelled, queue, tuple(jobs))
