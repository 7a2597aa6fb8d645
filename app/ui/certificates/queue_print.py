"""Printing on a system print queue (CUPS) from the GUI: the queue's state before anything is
sent, then one job per certificate through the same use case as the CLI
(:func:`app.services.print_batch.print_certificates`), off the GUI thread.

Why not Qt's own CUPS path for these printers: QPrinter hands CUPS one document for the whole
batch and keeps neither the job id nor the print system's answer, so a rejecting queue, a job
cancelled at the printer or a removed queue would go unseen and nothing could be recorded per
certificate. The page is the renderer's PDF sent at 100 % (``print-scaling=none``), the same
page the raster path paints at 1:1 — and the very bytes the CLI prints. Printers that are not
CUPS queues (print to file, a system without CUPS) keep the QPainter path in
:mod:`app.ui.certificates.print_dialogs`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.printing.ipp import IppClient
from app.printing.print_queue import PrinterFault, QueuePrinter, QueueStatus, queue_status
from app.services.certificate_service import CertificateService
from app.services.print_batch import PrintOutcome, print_certificates
from app.services.print_records import PrintRecordService
from app.ui.common.background import run_in_background
from app.ui.common.errors import error_text

# (queue name, copies, progress(done, total), should_stop) -> outcome; the view binds the
# services and the selected serials.
QueuePrintFn = Callable[[str, int, Callable[[int, int], None], Callable[[], bool]], PrintOutcome]
PROBE_TIMEOUT = 3.0  # seconds: the GUI asks the queue's state before a batch, it must not hang


def queue_batch(certificates: CertificateService, prints: PrintRecordService,
                serials: list[str]) -> QueuePrintFn:
    """The use case bound to the clerk's selection. The first run (打印) starts the selection
    afresh; later runs of the same controller (继续打印) continue what is recorded."""
    runs = [0]

    def run(name: str, copies: int, progress: Callable[[int, int], None],
            should_stop: Callable[[], bool]) -> PrintOutcome:
        runs[0] += 1
        return print_certificates(certificates, prints, serials, QueuePrinter(name),
                                  copies=copies, restart=runs[0] == 1, source="gui",
                                  progress=lambda done, total, _serial, _job: progress(done, total),
                                  should_stop=should_stop)
    return run


def queue_name(printer: QPrinter) -> str | None:
    """The CUPS queue a printer from the print dialog stands for, or None (PDF file, none)."""
    if printer.outputFormat() != QPrinter.OutputFormat.NativeFormat:
        return None
    return printer.printerName() or None


def probe_queue(name: str) -> QueueStatus | PrinterFault | None:
    """The queue's state, or the fault that stops a batch before it starts; None when there is
    no CUPS to ask (then Qt's own print path prints)."""
    try:
        return queue_status(name, IppClient(timeout=PROBE_TIMEOUT))
    except PrinterFault as exc:
        return None if exc.code == "print_system_unavailable" else exc


def queue_state_text(tr: Callable[[str], str], status: QueueStatus) -> str:
    if status.state == "stopped":
        state = tr("已停止")
    elif not status.accepting:
        state = tr("不接受任务")
    elif status.state == "printing":
        state = tr("正在打印其他任务")
    else:
        state = tr("就绪")
    text = tr("打印机“{0}”：{1}").format(status.name, state)
    return text if status.reason == "-" else f"{text}（{status.reason}）"


def not_ready_text(tr: Callable[[str], str], fault: PrinterFault, total: int) -> str:
    return tr("打印机未就绪，{0} 张证书均未发送：{1}").format(total, error_text(fault))


def outcome_text(tr: Callable[[str], str], outcome: PrintOutcome) -> str:
    """What the clerk reads after a run that stopped: why, what was printed, what was not."""
    total = len(outcome.batch.serials)
    printed = len(outcome.batch.done)
    head = (error_text(outcome.fault) if outcome.fault is not None else tr("打印已取消。"))
    first = outcome.not_printed[0] if outcome.not_printed else ""
    return tr("打印未完成：{0}\n已打印 {1} 张，未打印 {2} 张（共 {3} 张），第一张未打印的是 {4}。"
              "排除故障后点击“继续打印”，将从这一张继续，已打印的不会重复打印。").format(
        head, printed, len(outcome.not_printed), total, first)


class QueueBatch(QObject):
    """A batch on a CUPS queue: checks the queue, shows progress with cancel, runs the use case
    in the thread pool and reports like :class:`PrintJob`'s controller: ``done(printed)`` or
    ``stopped(-1, text)`` with what was printed and what was not."""

    done = Signal(int)
    stopped = Signal(int, str)

    def __init__(self, fn: QueuePrintFn, total: int, parent_widget: QWidget | None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.fn, self.total, self.parent_widget = fn, total, parent_widget
        self.stop = threading.Event()
        self.running = False
        self.outcome: PrintOutcome | None = None
        self.dialog: QProgressDialog | None = None
        self.state_text = ""

    def start(self, name: str, copies: int, probe: QueueStatus | PrinterFault) -> None:
        """The queue's state first: a stopped, rejecting or missing queue gets nothing."""
        fault = probe if isinstance(probe, PrinterFault) else None
        if isinstance(probe, QueueStatus) and probe.fault:
            fault = PrinterFault(probe.fault, printer=name, reason=probe.reason)
        if fault is not None or not isinstance(probe, QueueStatus):
            assert fault is not None
            self.stopped.emit(-1, not_ready_text(self.tr, fault, self.total))
            return
        self.state_text = queue_state_text(self.tr, probe)
        dialog = QProgressDialog(self.state_text + "\n" + self.tr("正在打印证书…"), self.tr("取消"),
                                 0, self.total, self.parent_widget)
        dialog.setObjectName("printProgress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.canceled.connect(self.stop.set)
        self.dialog = dialog
        self.running = True

        def work(progress: Callable[[int, int], None]) -> PrintOutcome:
            return self.fn(name, copies, progress, self.stop.is_set)

        run_in_background(work, on_success=self._done, on_error=self._failed,
                          on_progress=self._progress)

    def cancel(self) -> None:
        self.stop.set()

    def _progress(self, done: int, total: int) -> None:
        if self.dialog is not None:
            self.dialog.setLabelText(self.state_text + "\n" + self.tr(
                "已打印 {0} / {1} 张证书…").format(done, total))
            self.dialog.setValue(done)

    def _close(self) -> None:
        self.running = False
        if self.dialog is not None:
            self.dialog.canceled.disconnect(self.stop.set)
            self.dialog.close()
            self.dialog.deleteLater()
            self.dialog = None

    def _done(self, outcome: PrintOutcome) -> None:
        self._close()
        self.outcome = outcome
        if outcome.fault is not None:
            self.stopped.emit(-1, outcome_text(self.tr, outcome))
        else:  # complete, or cancelled by the clerk: the view words both
            self.done.emit(len(outcome.printed_now))

    def _failed(self, exc: BaseException) -> None:
        self._close()
        self.stopped.emit(-1, error_text(exc))
