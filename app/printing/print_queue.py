"""The system's print queues (CUPS, over IPP): list them, read a queue's state, and print one
certificate's PDF as one job, followed until the print system says it is done.

Each certificate is its own job, so "printed" is known per certificate: a job counts as printed
only when CUPS reports it ``completed``. A stopped (``cupsdisable``) or rejecting
(``cupsreject``) queue, a job cancelled (``lprm``) or aborted by the backend, and a queue removed
while we wait (``lpadmin -x``) are raised as :class:`PrinterFault` with a stable code, never as a
traceback. A job we gave up on is cancelled, so that a certificate never prints later behind
the office's back and then again on the rerun.

Exact scale: the document is the renderer's A4 PDF (the bytes ``certificate export`` writes),
sent with ``print-scaling=none`` and ``fit-to-page=false`` and the layout's paper as ``media``,
so the driver neither shrinks it to the printable area nor enlarges it.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from app.errors import RegistryError
from app.printing.ipp import NOT_ACCEPTING, NOT_FOUND, OPTION_TAGS, IppClient, IppError

PRINTER_STATES = {3: "idle", 4: "printing", 5: "stopped"}
JOB_STATES = {3: "pending", 4: "held", 5: "processing", 6: "stopped", 7: "cancelled",
              8: "aborted", 9: "completed"}
_PRINTER_ATTRS = ["printer-name", "printer-state", "printer-is-accepting-jobs",
                  "printer-state-reasons", "printer-state-message", "printer-info",
                  "printer-location", "printer-make-and-model"]
_JOB_ATTRS = ["job-state", "job-state-reasons", "job-printer-state-message"]
POLL_SECONDS = 0.25
DEFAULT_JOB_TIMEOUT = 300.0  # a job neither printed nor failed after this long is given up


class PrinterFault(RegistryError):
    """The print system or the printer refused or failed (codes ``print_*``, ``printer_*``)."""

    exit_code = 3


class JobWithdrawn(Exception):
    """The user stopped the batch while the job still waited in the queue: it was cancelled
    there, and the certificate is not printed."""


@dataclass(frozen=True)
class QueueStatus:
    name: str
    state: str                 # idle | printing | stopped
    accepting: bool
    reasons: tuple[str, ...]   # printer-state-reasons other than "none"
    message: str               # printer-state-message (the driver's own words)
    info: str
    location: str
    model: str

    @property
    def ready(self) -> bool:
        return self.state != "stopped" and self.accepting

    @property
    def reason(self) -> str:
        """The operator's or driver's words first (``cupsdisable -r``), then the IPP reasons."""
        return "; ".join(x for x in (self.message, ", ".join(self.reasons)) if x) or "-"

    @property
    def fault(self) -> str | None:
        """The fault code a batch would stop with on this queue, or None when it can print."""
        if self.state == "stopped":
            return "printer_stopped"
        if not self.accepting:
            return "printer_rejecting"
        return None


def _one(attrs: dict[str, list[Any]], name: str, default: Any = "") -> Any:
    values = attrs.get(name)
    return values[0] if values else default


def _status(attrs: dict[str, list[Any]], name: str | None = None) -> QueueStatus:
    reasons = tuple(str(r) for r in attrs.get("printer-state-reasons", []) if r != "none")
    return QueueStatus(
        name=str(_one(attrs, "printer-name", name or "")),
        state=PRINTER_STATES.get(int(_one(attrs, "printer-state", 3)), "idle"),
        accepting=bool(_one(attrs, "printer-is-accepting-jobs", True)),
        reasons=reasons, message=str(_one(attrs, "printer-state-message")),
        info=str(_one(attrs, "printer-info")), location=str(_one(attrs, "printer-location")),
        model=str(_one(attrs, "printer-make-and-model")))


def _unavailable(exc: IppError) -> PrinterFault:
    return PrinterFault("print_system_unavailable", detail=str(exc))


def list_queues(client: IppClient | None = None) -> list[QueueStatus]:
    """Every queue of the print system, by name."""
    client = client or IppClient()
    try:
        found = client.printers(_PRINTER_ATTRS)
    except IppError as exc:
        raise _unavailable(exc) from exc
    return sorted((_status(a) for a in found), key=lambda q: q.name)


def queue_status(name: str, client: IppClient | None = None) -> QueueStatus:
    """One queue's state; ``printer_not_found`` when there is no such queue."""
    client = client or IppClient()
    try:
        return _status(client.printer_attributes(name, _PRINTER_ATTRS), name)
    except IppError as exc:
        if exc.status == NOT_FOUND:
            raise PrinterFault("printer_not_found", printer=name) from exc
        raise _unavailable(exc) from exc


def check_ready(name: str, client: IppClient | None = None) -> QueueStatus:
    """The queue's state, or the fault that would stop a batch on it before anything is sent."""
    status = queue_status(name, client)
    if status.fault:
        raise PrinterFault(status.fault, printer=name,
                           reason=status.reason)
    return status


def media_keyword(width_mm: float, height_mm: float) -> str:
    """The PWG media name of the layout's paper (A4 in every layout today)."""
    if (round(width_mm), round(height_mm)) == (210, 297):
        return "iso_a4_210x297mm"
    return f"custom_{width_mm:g}x{height_mm:g}mm"


def job_options(copies: int, media: str) -> list[tuple[int, str, Any]]:
    """100 % scale on the layout's paper; ``copies`` copies of the page."""
    return [(OPTION_TAGS["integer"], "copies", copies),
            (OPTION_TAGS["keyword"], "media", media),
            (OPTION_TAGS["keyword"], "print-scaling", "none"),
            (OPTION_TAGS["boolean"], "fit-to-page", False),
            (0x23, "orientation-requested", 3)]  # enum: portrait


@dataclass(frozen=True)
class JobResult:
    job_id: int
    printer: str


class QueuePrinter:
    """Prints PDFs on one queue, one job each, waiting for every job's outcome."""

    def __init__(self, name: str, *, client: IppClient | None = None,
                 job_timeout: float = DEFAULT_JOB_TIMEOUT, poll: float = POLL_SECONDS) -> None:
        self.name = name
        self.client = client or IppClient()
        self.job_timeout = job_timeout
        self.poll = poll

    def check(self) -> QueueStatus:
        return check_ready(self.name, self.client)

    def submit(self, pdf: bytes, title: str, copies: int = 1,
               media: str = "iso_a4_210x297mm") -> int:
        try:
            return self.client.print_job(self.name, pdf, title, job_options(copies, media))
        except IppError as exc:
            if exc.status == NOT_FOUND:
                raise PrinterFault("printer_not_found", printer=self.name) from exc
            if exc.status == NOT_ACCEPTING:
                raise PrinterFault("printer_rejecting", printer=self.name,
                                   reason="-") from exc
            raise _unavailable(exc) from exc

    def print_pdf(self, pdf: bytes, title: str, copies: int = 1, media: str = "iso_a4_210x297mm",
                  on_submitted: Callable[[int], None] | None = None,
                  should_stop: Callable[[], bool] | None = None) -> JobResult:
        """Submit and wait: returns once CUPS reports the job completed, raises otherwise."""
        job_id = self.submit(pdf, title, copies, media)
        if on_submitted is not None:
            on_submitted(job_id)
        self.wait(job_id, should_stop)
        return JobResult(job_id, self.name)

    def wait(self, job_id: int, should_stop: Callable[[], bool] | None = None) -> None:
        """Until the job is done. A stop request withdraws a job that has not started printing
        (a held or queued job could wait for hours); one being printed is waited for."""
        deadline = time.monotonic() + self.job_timeout
        while True:
            state, reason = self._job_state(job_id)
            if state == "completed":
                return
            if state in ("pending", "held") and should_stop is not None and should_stop():
                self._withdraw(job_id)
                if self._job_state(job_id)[0] == "completed":  # it slipped through meanwhile
                    return
                raise JobWithdrawn(job_id)
            if state in ("cancelled", "aborted"):
                raise PrinterFault(f"print_job_{state}", printer=self.name,
                                   job=job_id, reason=reason or "-")
            if state != "processing":
                # Not yet started: a queue that was stopped or removed meanwhile will never
                # print it. Withdraw the job so it cannot come out later, unrecorded.
                try:
                    status = queue_status(self.name, self.client)
                except PrinterFault:
                    self._withdraw(job_id)
                    raise
                if status.state == "stopped":
                    self._withdraw(job_id)
                    raise PrinterFault("printer_stopped", printer=self.name,
                                       reason=status.reason)
            if time.monotonic() > deadline:
                self._withdraw(job_id)
                raise PrinterFault("print_job_timeout", printer=self.name,
                                   job=job_id, seconds=round(self.job_timeout))
            time.sleep(self.poll)

    def _job_state(self, job_id: int) -> tuple[str, str]:
        try:
            attrs = self.client.job_attributes(job_id, _JOB_ATTRS)
        except IppError as exc:
            if exc.status != NOT_FOUND:
                raise _unavailable(exc) from exc
            # The job is gone: its queue was deleted (CUPS purges its jobs) or the history
            # was purged. Which one decides the message.
            queue_status(self.name, self.client)  # raises printer_not_found if deleted
            return "cancelled", "job-purged"
        reasons = [str(r) for r in attrs.get("job-state-reasons", []) if r != "none"]
        message = str(_one(attrs, "job-printer-state-message"))
        return (JOB_STATES.get(int(_one(attrs, "job-state", 3)), "pending"),
                ", ".join(r for r in [*reasons, message] if r))

    def _withdraw(self, job_id: int) -> None:
        # The queue is gone or unreachable: then nothing is left to print it either.
        with contextlib.suppress(IppError):
            self.client.cancel_job(job_id)
