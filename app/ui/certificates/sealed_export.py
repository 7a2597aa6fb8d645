"""Exporting certificate files from the desktop with the office's electronic seals (issue 13).

When the office has seals, exporting asks for the office passphrase (it unlocks the seal keys;
it is never stored), and every exported certificate file is sealed: PDFs with PAdES, OFDs with
GB/T 38540 seals. A wrong passphrase stops the export before any file is written. The combined
print file (证书合集.pdf, several certificates for one print run) is sealed too: each seal its
certificates carry signs the whole file once (:func:`app.printing.sealed_files.render_combined`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QInputDialog, QLineEdit, QWidget

from app.codes.claims_view import CertificateView
from app.printing.pdf_renderer import render_batch, unique_filename
from app.printing.sealed_files import render_combined, render_sealed
from app.ui.common.background import Cancel

NOT_ASKED = object()  # the user cancelled the passphrase question: no export at all


def ask_passphrase(parent: QWidget | None) -> str | None:
    text, ok = QInputDialog.getText(
        parent, QCoreApplication.translate("SealedExport", "电子签章"),
        QCoreApplication.translate("SealedExport", "导出的证书文件将加盖电子签章。请输入签发密钥口令："),
        QLineEdit.EchoMode.Password)
    return text if ok else None


def ask_export_directory(parent: QWidget | None, title: str) -> Path | None:
    path = QFileDialog.getExistingDirectory(parent, title)
    return Path(path) if path else None


def sealing_for(services: Any, parent: QWidget | None,
                ask: Callable[[QWidget | None], str | None] = ask_passphrase) -> Any:
    """None when the office has no seals (files are exported unsealed, as before);
    ``NOT_ASKED`` when the user cancelled; else the passphrase, unlocked in the worker."""
    if not services.seals.has_seals():
        return None
    passphrase = ask(parent)
    return NOT_ASKED if passphrase is None else passphrase


def export_sealed(services: Any, passphrase: str, views: list[CertificateView], fmt: str,
                  target: Path, progress: Callable[[int, int], None], cancel: Cancel) -> list[Path]:
    """Runs off the GUI thread: unlock the seals, then render and seal each file."""
    sealing = services.seals.signing_material(passphrase)
    target.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    combined = "证书合集.pdf" if fmt == "pdf" and len(views) > 1 else None
    if combined:
        used.add(combined)
    files: list[Path] = []
    for i, view in enumerate(views):
        cancel.check()
        path = target / unique_filename(view, fmt, used)
        part = path.with_name(path.name + ".part")
        part.write_bytes(render_sealed(view, fmt, sealing))
        part.replace(path)  # never half a sealed file under the final name
        files.append(path)
        progress(i + 1, len(views))
    if combined:
        path = target / combined
        part = path.with_name(path.name + ".part")
        part.write_bytes(render_combined(views, sealing))
        part.replace(path)
        files.append(path)
    return files


def export_files(services: Any, passphrase: str | None, views: list[CertificateView], fmt: str,
                 target: Path, progress: Callable[[int, int], None], cancel: Cancel) -> list[Path]:
    """Off the GUI thread: the export, sealed when a passphrase was given (the office has
    seals), else as plain files (no seals to use); PDF exports of several add 证书合集.pdf."""
    if passphrase is not None:
        return export_sealed(services, passphrase, views, fmt, target, progress, cancel)
    if fmt == "pdf":
        combined = "证书合集.pdf" if len(views) > 1 else None
        return render_batch(views, target, combined=combined, progress=progress,
                            should_stop=lambda: cancel.requested)
    from app.printing.layout import layout_page
    from app.printing.ofd_writer import write_ofd

    files = []
    used: set[str] = set()
    target.mkdir(parents=True, exist_ok=True)
    for i, v in enumerate(views):
        cancel.check()
        path = target / unique_filename(v, "ofd", used)
        write_ofd([layout_page(v)], path, title=f"{v.kind_name_zh} {v.name}")
        files.append(path)
        progress(i + 1, len(views))
    return files
