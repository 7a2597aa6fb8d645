"""Printing certificates: one or a batch, through Qt's print dialog, at exact physical scale.

Each certificate is rendered by the same code as the PDF export (app.printing), rasterised with
PDFium at the printer's resolution (capped, see ``MAX_DPI``) off the GUI thread, and drawn on
the full A4 paper rectangle, so 1 mm on the certificate is 1 mm on paper. A batch shows
progress and can be cancelled; when the printer fails (QPainter cannot start, a new page is
refused, the printer reports an error) the job stops, says which certificate did not print,
and :meth:`PrintJob.resume` carries on from there with the same or another printer.

When the chosen printer is a CUPS queue, :class:`BatchPrintController` prints through
:mod:`app.ui.certificates.queue_print` instead: the queue's state first, then one job per
certificate, each recorded once the print system reports it printed (as the CLI does).

The on-screen preview (:class:`CertificatePreviewDialog`) paints the preview variant with the
"预览 不作为证书使用" mark and offers no print button: a preview cannot become a certificate.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence

import pypdfium2 as pdfium  # type: ignore[import-untyped, unused-ignore]
from PySide6.QtCore import QMarginsF, QObject, QRectF, Qt, QThread, Signal, Slot
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.codes.claims_view import CertificateView
from app.printing.pdf_renderer import render_pdf
from app.ui.certificates.queue_print import QueueBatch, QueuePrintFn, probe_queue, queue_name

MAX_DPI = 400      # 400 dpi: 9 px per 0.575 mm QR module, text crisp, ~47 MB per A4 page in RAM
LOOKAHEAD = 2      # pages rendered ahead of the printer (each ~25-100 MB at 300-600 dpi)


def certificate_image(view: CertificateView, dpi: int, preview: bool = False) -> QImage:
    """The certificate as an RGB image of the whole A4 page at ``dpi``."""
    pdf = pdfium.PdfDocument(render_pdf(view, preview=preview))
    try:
        bitmap = pdf[0].render(scale=dpi / 72.0, rev_byteorder=True)
        pil = bitmap.to_pil().convert("RGB")
    finally:
        pdf.close()
    data = pil.tobytes()
    image = QImage(data, pil.width, pil.height, pil.width * 3, QImage.Format.Format_RGB888)
    image.setDotsPerMeterX(round(dpi / 0.0254))
    image.setDotsPerMeterY(round(dpi / 0.0254))
    return image.copy()  # own the pixels: ``data`` goes away with this frame


def prepare_printer(printer: QPrinter) -> None:
    """A4 portrait on the full paper: the layout places everything from the paper's corner."""
    layout = QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                         QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    printer.setPageLayout(layout)
    printer.setFullPage(True)


def paint_certificate(painter: QPainter, printer: QPrinter, image: QImage) -> None:
    """Draw the A4 page image at exactly 210 x 297 mm from the paper's corner. Sized from the
    printer's resolution, not from the paper: a wrong paper size crops, it never distorts."""
    dots_per_mm = printer.resolution() / 25.4
    painter.drawImage(QRectF(0, 0, 210 * dots_per_mm, 297 * dots_per_mm), image)


def printer_dpi(printer: QPrinter) -> int:
    return max(150, min(MAX_DPI, printer.resolution()))


class _Renderer(QObject):
    """Renders page images in its own thread, at most ``LOOKAHEAD`` pages ahead."""

    rendered = Signal(int, QImage)
    failed = Signal(int, str)

    def __init__(self, views: Sequence[CertificateView], start: int, dpi: int) -> None:
        super().__init__()
        self.views, self.start, self.dpi = list(views), start, dpi
        self.stop = threading.Event()
        self.slots = threading.Semaphore(LOOKAHEAD)

    @Slot()
    def run(self) -> None:
        for i in range(self.start, len(self.views)):
            while not self.slots.acquire(timeout=0.1):
                if self.stop.is_set():
                    return
            if self.stop.is_set():
                return
            try:
                image = certificate_image(self.views[i], self.dpi)
            except Exception as exc:  # reported on the GUI thread, never lost in a thread
                self.failed.emit(i, f"{type(exc).__name__}: {exc}")
                return
            self.rendered.emit(i, image)


class PrintJob(QObject):
    """Prints ``views`` (one page each) from ``next_index`` on; resumable after a failure.

    Signals: ``progress(done, total)``, ``failed(index, message)`` (``index`` = the certificate
    that did not print), ``finished(printed)`` (also after cancel). Run :meth:`start` with an
    event loop, or :meth:`run_blocking` where waiting is fine (tests, the CLI).
    """

    progress = Signal(int, int)
    failed = Signal(int, str)
    finished = Signal(int)

    def __init__(self, views: Sequence[CertificateView], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.views = list(views)
        self.next_index = 0
        self.printed = 0
        self.running = False
        self.error: str | None = None
        self._printer: QPrinter | None = None
        self._painter: QPainter | None = None
        self._thread: QThread | None = None
        self._renderer: _Renderer | None = None
        self._pending: dict[int, QImage] = {}
        self._cancelled = False

    @property
    def total(self) -> int:
        return len(self.views)

    @property
    def complete(self) -> bool:
        return self.next_index >= len(self.views)

    def start(self, printer: QPrinter) -> None:
        """Begin (or resume) printing on ``printer`` from :attr:`next_index`."""
        if self.running or self.complete:
            return
        self.error, self._cancelled, self._pending = None, False, {}
        prepare_printer(printer)
        self._printer = printer
        self._painter = QPainter()
        self._first_page = True
        if not self._painter.begin(printer):
            self._fail(self.next_index, "printer_unavailable")
            return
        self.running = True
        self._thread = QThread()
        self._renderer = _Renderer(self.views, self.next_index, printer_dpi(printer))
        self._renderer.moveToThread(self._thread)
        self._renderer.rendered.connect(self._on_rendered)
        self._renderer.failed.connect(self._on_render_failed)
        self._thread.started.connect(self._renderer.run)
        self._thread.start()

    resume = start

    def cancel(self) -> None:
        """Stop after the page being printed; pages already sent stay printed."""
        if self.running:
            self._cancelled = True
            self._finish()

    @Slot(int, str)
    def _on_render_failed(self, index: int, message: str) -> None:
        if self.running:
            self._fail(index, message)

    @Slot(int, QImage)
    def _on_rendered(self, index: int, image: QImage) -> None:
        if not self.running:
            return
        self._pending[index] = image
        while self.running and self.next_index in self._pending:
            i = self.next_index
            page = self._pending.pop(i)
            assert self._printer is not None and self._painter is not None
            if not self._first_page and not self._printer.newPage():
                self._fail(i, "new_page_refused")
                return
            self._first_page = False
            paint_certificate(self._painter, self._printer, page)
            if self._printer.printerState() == QPrinter.PrinterState.Error:
                self._fail(i, "printer_error")
                return
            self.next_index, self.printed = i + 1, self.printed + 1
            if self._renderer is not None:
                self._renderer.slots.release()
            self.progress.emit(self.next_index, self.total)
        if self.running and self.complete:
            self._finish()

    def _stop_renderer(self) -> None:
        if self._renderer is not None:
            self._renderer.stop.set()
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait()
        self._thread, self._renderer = None, None

    def _finish(self) -> None:
        self._stop_renderer()
        ok = self._painter.end() if self._painter is not None and self._painter.isActive() else True
        self.running = False
        if not ok and not self._cancelled:
            # The spooler refused the finished document: nothing of this run is known printed.
            self.error = "printer_error"
            self.failed.emit(self.next_index, self.error)
            return
        self.finished.emit(self.printed)

    def _fail(self, index: int, message: str) -> None:
        self._stop_renderer()
        if self._painter is not None and self._painter.isActive():
            self._painter.end()
        self.running = False
        self.next_index = index
        self.error = message
        self.failed.emit(index, message)

    def run_blocking(self, printer: QPrinter, timeout_ms: int = 120_000) -> bool:
        """Start and wait (processing events) until finished or failed; True when complete."""
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        self.finished.connect(loop.quit)
        self.failed.connect(loop.quit)
        QTimer.singleShot(timeout_ms, loop.quit)
        self.start(printer)
        if self.running:
            loop.exec()
        self.finished.disconnect(loop.quit)
        self.failed.disconnect(loop.quit)
        return self.complete and self.error is None


def printer_error_text(tr: Callable[[str], str], job: PrintJob) -> str:
    n = job.next_index + 1
    return tr("打印未完成：第 {0} 张证书（共 {1} 张）未能打印，已打印 {2} 张。"
              "请检查打印机（纸张、墨粉、连接）后点击“继续打印”，将从第 {0} 张继续。").format(
        n, job.total, job.printed)


class BatchPrintController(QObject):
    """The GUI around a :class:`PrintJob`: print dialog, progress dialog with cancel, the
    error message, and resume. ``ask_printer`` is replaceable (tests hand over a PDF printer)."""

    done = Signal(int)
    stopped = Signal(int, str)

    def __init__(self, views: Sequence[CertificateView], parent: QWidget | None = None,
                 ask_printer: Callable[[QWidget | None], QPrinter | None] | None = None,
                 queue_print: QueuePrintFn | None = None) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.job = PrintJob(views, self)
        # CUPS queues print one job per certificate through the use case (queue_print.py).
        self.queue_print = queue_print
        self.queue_run: QueueBatch | None = None
        self.ask_printer = ask_printer or self._ask_printer
        self.progress_dialog: QProgressDialog | None = None
        self.job.progress.connect(self._on_progress)
        self.job.finished.connect(self._on_finished)
        self.job.failed.connect(self._on_failed)
        self.printer: QPrinter | None = None

    def _ask_printer(self, parent: QWidget | None) -> QPrinter | None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        prepare_printer(printer)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(self.tr("打印证书"))
        return printer if dialog.exec() == QDialog.DialogCode.Accepted else None

    def start(self) -> bool:
        """Ask for a printer (again, when resuming) and print the rest. False if declined."""
        printer = self.ask_printer(self.parent_widget)
        if printer is None:
            return False
        self.printer = printer
        name = queue_name(printer) if self.queue_print is not None else None
        probe = probe_queue(name) if name else None
        if self.queue_print is not None and name and probe is not None:
            self.queue_run = QueueBatch(self.queue_print, self.job.total, self.parent_widget, self)
            self.queue_run.done.connect(self.done)
            self.queue_run.stopped.connect(self.stopped)
            self.queue_run.start(name, max(1, printer.copyCount()), probe)
            return True
        dialog = QProgressDialog(self.tr("正在打印证书…"), self.tr("取消"), 0, self.job.total,
                                 self.parent_widget)
        dialog.setObjectName("printProgress")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)
        dialog.setValue(self.job.next_index)
        dialog.canceled.connect(self.job.cancel)
        self.progress_dialog = dialog
        self.job.start(printer)
        return True

    # The state the view asks about, whichever path printed.
    @property
    def running(self) -> bool:
        return self.job.running or (self.queue_run is not None and self.queue_run.running)

    @property
    def complete(self) -> bool:
        if self.queue_run is not None and self.queue_run.outcome is not None:
            return self.queue_run.outcome.complete
        return self.job.complete

    @property
    def printed(self) -> int:
        if self.queue_run is not None and self.queue_run.outcome is not None:
            return len(self.queue_run.outcome.batch.done)
        return self.job.printed

    def _close_progress(self) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.canceled.disconnect(self.job.cancel)
            self.progress_dialog.close()
            self.progress_dialog.deleteLater()
            self.progress_dialog = None

    def _on_progress(self, done: int, total: int) -> None:
        if self.progress_dialog is not None:
            self.progress_dialog.setLabelText(self.tr("正在打印第 {0} / {1} 张证书…").format(done, total))
            self.progress_dialog.setValue(done)

    def _on_finished(self, printed: int) -> None:
        self._close_progress()
        self.done.emit(printed)

    def _on_failed(self, index: int, message: str) -> None:
        self._close_progress()
        self.stopped.emit(index, printer_error_text(self.tr, self.job))


class CertificatePreviewDialog(QDialog):
    """On-screen preview at physical scale (100 % = real size), marked 预览 不作为证书使用."""

    def __init__(self, views: Sequence[CertificateView], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("certificatePreview")
        self.setWindowTitle(self.tr("证书预览（不作为证书使用）"))
        self.views = list(views)
        self.printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        prepare_printer(self.printer)
        self.widget = QPrintPreviewWidget(self.printer, self)
        self.widget.paintRequested.connect(self._paint)
        self.images: list[QImage] = []
        zoom_row = QHBoxLayout()
        for text, slot in ((self.tr("适合宽度"), self.widget.fitToWidth),
                           (self.tr("整页"), self.widget.fitInView),
                           (self.tr("实际大小"), self.actual_size)):
            b = QPushButton(text)
            b.clicked.connect(slot)
            zoom_row.addWidget(b)
        zoom_row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(zoom_row)
        layout.addWidget(self.widget, 1)
        layout.addWidget(buttons)
        self.resize(820, 1000)

    def actual_size(self) -> None:
        """Zoom 1.0 in QPrintPreviewWidget is the paper's physical size on this screen."""
        self.widget.setZoomMode(QPrintPreviewWidget.ZoomMode.CustomZoom)
        self.widget.setZoomFactor(1.0)

    def _paint(self, printer: QPrinter) -> None:
        painter = QPainter(printer)
        try:
            for i, view in enumerate(self.views):
                if i:
                    printer.newPage()
                if len(self.images) <= i:
                    # Screen previews need far fewer pixels than paper: 150 dpi is sharp enough.
                    self.images.append(certificate_image(view, 150, preview=True))
                paint_certificate(painter, printer, self.images[i])
        finally:
            painter.end()

    @classmethod
    def show_for(cls, views: Sequence[CertificateView], parent: QWidget | None = None) -> int:
        return cls(views, parent).exec()
