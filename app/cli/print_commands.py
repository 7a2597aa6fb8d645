"""`certificate print SERIAL… --printer NAME` and `certificate batch --print`: certificates
through the system's print queue (CUPS), one job per certificate, resumable.

The page is the renderer's PDF (the same as `certificate export` and the GUI's print), sent at
100 % on the layout's paper (see :mod:`app.printing.print_queue`); no Qt is loaded. Progress
goes to stderr, one line per certificate; Ctrl-C stops after the certificate being printed.
A printer fault is reported with what was printed and what was not (exit code 3); running the
same command again once the printer is back continues where it stopped.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence
from types import FrameType
from typing import Any

from app.cli.context import CliContext, Commands
from app.errors import InvalidInput
from app.messages import describe

MAX_COPIES = 20
EXIT_CANCELLED = 130


def _copies(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"1–{MAX_COPIES}") from None
    if not 1 <= n <= MAX_COPIES:
        raise argparse.ArgumentTypeError(f"1–{MAX_COPIES}")
    return n


def add_queue_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--printer", help="print queue (see --list-printers)")
    p.add_argument("--copies", type=_copies, default=1, help=f"copies of each certificate (1–{MAX_COPIES})")
    p.add_argument("--restart", action="store_true",
                   help="print the whole selection again instead of continuing an unfinished run")
    p.add_argument("--job-timeout", type=float, default=300.0,
                   help="seconds to wait for one certificate's job (default 300)")


def register(cs: Commands) -> None:
    p = cs.add_parser("print", help="print certificates on a print queue (CUPS)")
    p.add_argument("serials", nargs="*", metavar="SERIAL")
    p.add_argument("--list-printers", action="store_true", help="show the print queues and their state")
    p.add_argument("--archive", action="store_true",
                   help="also print a certificate that is no longer valid (archive copy)")
    add_queue_options(p)
    p.set_defaults(handler=cmd_print)


def _queue_line(ctx: CliContext, q: Any) -> str:
    if q.state == "stopped":
        state = ctx.say("printing.queue_stopped")
    elif not q.accepting:
        state = ctx.say("printing.queue_rejecting")
    elif q.state == "printing":
        state = ctx.say("printing.queue_printing")
    else:
        state = ctx.say("printing.queue_idle")
    extra = ", ".join(x for x in (*q.reasons, q.message) if x)
    return f"{q.name}  {state}" + (f"  ({extra})" if extra else "") + (f"  {q.model}" if q.model else "")


def cmd_list_printers(ctx: CliContext) -> int:
    from app.printing.print_queue import list_queues

    queues = list_queues()
    text = "\n".join(_queue_line(ctx, q) for q in queues) or ctx.say("printing.no_queues")
    ctx.emit(queues, text)
    return 0


def cmd_print(ctx: CliContext, args: argparse.Namespace) -> int:
    if args.list_printers:
        return cmd_list_printers(ctx)
    if not args.serials:
        raise InvalidInput("print_serials_required", field="serial")
    return print_serials(ctx, args, list(dict.fromkeys(s.strip() for s in args.serials)))


class _StopFlag:
    """Ctrl-C (SIGINT) or SIGTERM: stop after the certificate being printed, not inside it."""

    def __init__(self, ctx: CliContext) -> None:
        self.ctx = ctx
        self.set = False
        self._old: dict[int, Any] = {}

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        if self.set:  # a second Ctrl-C: the user really wants out now
            raise KeyboardInterrupt
        self.set = True
        print(self.ctx.say("printing.stopping"), file=sys.stderr, flush=True)

    def __enter__(self) -> _StopFlag:
        for sig in (signal.SIGINT, signal.SIGTERM):
            self._old[sig] = signal.signal(sig, self._handle)
        return self

    def __exit__(self, *exc: object) -> None:
        for sig, old in self._old.items():
            signal.signal(sig, old)


def print_serials(ctx: CliContext, args: argparse.Namespace, serials: Sequence[str]) -> int:
    from app.printing.print_queue import QueuePrinter
    from app.services.certificate_service import CertificateService
    from app.services.print_batch import print_certificates
    from app.services.print_records import PrintRecordService

    if not args.printer:
        raise InvalidInput("printer_required", field="printer")
    actor = ctx.actor()
    db = ctx.database()
    printer = QueuePrinter(args.printer, job_timeout=max(5.0, args.job_timeout))

    def progress(done: int, total: int, serial: str, job: int) -> None:
        print(ctx.say("printing.progress", done=done, total=total, serial=serial,
                      printer=args.printer, job=job), file=sys.stderr, flush=True)

    with _StopFlag(ctx) as stop:
        outcome = print_certificates(
            CertificateService(db, actor), PrintRecordService(db, actor), serials, printer,
            copies=args.copies, restart=args.restart, archive=getattr(args, "archive", False),
            progress=progress, should_stop=lambda: stop.set)
    return report(ctx, outcome)


def report(ctx: CliContext, outcome: Any) -> int:
    """Say what happened: printed, skipped as printed before, the fault, what is left."""
    batch = outcome.batch
    lines = []
    if outcome.skipped_earlier:
        lines.append(ctx.say("printing.resumed", count=len(outcome.skipped_earlier)))
    if outcome.printed_now:
        lines.append(ctx.say("printing.printed", count=len(outcome.printed_now), printer=batch.printer,
                             copies=batch.copies))
    fault_text = None
    if outcome.fault is not None:
        fault_text = describe(outcome.fault, ctx.lang)
        lines.insert(0, ctx.say("printing.stopped", reason=fault_text))
    elif outcome.cancelled:
        lines.insert(0, ctx.say("printing.cancelled"))
    if outcome.not_printed:
        lines.append(ctx.say("printing.not_printed", count=len(outcome.not_printed),
                             total=len(batch.serials), serials=", ".join(outcome.not_printed)))
        lines.append(ctx.say("printing.how_to_resume", position=len(batch.done) + 1,
                             serial=outcome.not_printed[0]))
    elif not outcome.printed_now:
        lines.append(ctx.say("printing.nothing_left", total=len(batch.serials)))
    data = {
        "batch": str(batch.id), "printer": batch.printer, "copies": batch.copies,
        "complete": outcome.complete, "printed": list(outcome.printed_now),
        "jobs": dict(outcome.jobs),
        "printed_earlier": list(outcome.skipped_earlier), "not_printed": list(outcome.not_printed),
        "failed_serial": outcome.failed_serial, "cancelled": outcome.cancelled,
        "fault": None if outcome.fault is None else {
            "code": outcome.fault.code, "message": fault_text,
            "params": {k: str(v) for k, v in outcome.fault.params.items()}},
    }
    ctx.emit(data, "\n".join(lines))
    if outcome.fault is not None:
        return int(outcome.fault.exit_code)  # 3 for a printer fault (PrinterFault)
    if outcome.cancelled:
        return EXIT_CANCELLED
    return 0
