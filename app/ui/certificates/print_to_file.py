"""Printing to a file from the print dialog, for an office with electronic seals (issue 13).

Qt's print dialog offers "print to file" (a PDF printer). Left to Qt, that file would be a
picture of the certificate written by Qt's own PDF writer: unsealed, so anyone could edit it and
no reader would notice. When the office has seals, the dialog's file choice is taken over here:
the file written is our own PDF (the export's vector rendering), sealed like an export (one
certificate: its file; several: the combined file, each seal signing the whole of it). The
passphrase is asked as for an export; cancelling it writes nothing. An office without seals
prints to file through Qt as before (nothing to seal with).

Hooked into :class:`BatchPrintController` by wrapping its ``ask_printer``: a printer that
writes to a file never reaches the Qt print job.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, cast

from PySide6.QtCore import QCoreApplication
from PySide6.QtPrintSupport import QPrinter

from app.codes.claims_view import CertificateView
from app.printing.sealed_files import render_combined, render_sealed
from app.ui.common.background import Cancel, run_in_background

if TYPE_CHECKING:
    from PySide6.QtCore import QObject
    from PySide6.QtWidgets import QLabel

    from app.ui.certificates.print_dialogs import BatchPrintController
    from app.ui.common.context import UiContext


class CertificatesView(Protocol):
    """What this module uses of the certificates screen (a protocol, not an import of the
    screen: the screen imports this module, and app.ui keeps no import cycles)."""

    ctx: UiContext
    status: QLabel
    print_controller: Any
    action_finished: Any  # Signal(str)

    def ask_passphrase(self, parent: Any) -> str | None: ...

    def _on_error(self, exc: BaseException) -> None: ...

CONTEXT = "PrintToFile"


def writes_a_file(printer: QPrinter) -> bool:
    return (printer.outputFormat() == QPrinter.OutputFormat.PdfFormat
            and bool(printer.outputFileName()))


def write_sealed_file(services: Any, passphrase: str, views: list[CertificateView],
                      path: Path, cancel: Cancel) -> Path:
    """Off the GUI thread: unlock the seals, render, seal, write (never half a file)."""
    sealing = services.seals.signing_material(passphrase)
    cancel.check()
    data = (render_sealed(views[0], "pdf", sealing) if len(views) == 1
            else render_combined(views, sealing))
    cancel.check()
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(path.name + ".part")
    part.write_bytes(data)
    part.replace(path)
    return path


def divert_file_output(controller: BatchPrintController, view: CertificatesView) -> None:
    """Make ``controller`` hand a print-to-file choice to :func:`write_sealed_file`."""
    ask = controller.ask_printer

    def asking(parent: Any) -> QPrinter | None:
        printer = ask(parent)
        if printer is None or not writes_a_file(printer) \
                or not view.ctx.services.seals.has_seals():
            return printer
        _start(view, list(controller.job.views), Path(printer.outputFileName()))
        return None  # the Qt print job does nothing: the file is ours

    controller.ask_printer = asking


def _start(view: CertificatesView, views: list[CertificateView], path: Path) -> None:
    passphrase = view.ask_passphrase(view)
    view.print_controller = None  # nothing to resume: the file is written whole or not at all
    if passphrase is None:
        view.status.setText(QCoreApplication.translate(CONTEXT, "已取消打印到文件。"))
        view.action_finished.emit("print")
        return
    view.status.setText(QCoreApplication.translate(CONTEXT, "正在生成加盖电子签章的文件…"))

    def done(written: Path) -> None:
        view.status.setText(QCoreApplication.translate(
            CONTEXT, "已将 {0} 张证书写入文件（已加盖电子签章）：{1}").format(len(views), str(written)))
        view.action_finished.emit("print")

    def failed(exc: BaseException) -> None:
        view._on_error(exc)
        view.action_finished.emit("print")

    run_in_background(lambda cancel: write_sealed_file(view.ctx.services, passphrase, views,
                                                       path, cancel),
                      on_success=done, on_error=failed,
                      owner=cast("QObject", view))  # the screen is a QWidget
