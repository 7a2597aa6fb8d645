"""Choosing an attachment file with the office's size rule (200 KB–500 KB by default).

A file outside the range is refused with the reason, before anything is sent to a service;
an image that is too large (or too small) can be re-encoded as JPEG to land inside the range,
because clerks mostly scan paper at whatever quality the scanner chose.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

MIN_BYTES = 200 * 1024
MAX_BYTES = 500 * 1024
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp"}


@dataclass(frozen=True)
class PickedFile:
    filename: str
    content: bytes
    recompressed: bool = False


def size_problem(size: int, lo: int = MIN_BYTES, hi: int = MAX_BYTES) -> str | None:
    """None when ``size`` is acceptable, else the code ``too_small`` / ``too_large``."""
    if size < lo:
        return "too_small"
    if size > hi:
        return "too_large"
    return None


def _encode(image: QImage, quality: int) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buf, "JPEG", quality)
    buf.close()
    return bytes(data.data())


def recompress_to_fit(content: bytes, lo: int = MIN_BYTES, hi: int = MAX_BYTES) -> bytes | None:
    """Re-encode an image as JPEG inside [lo, hi]; None if no setting gets there.

    Bisects the JPEG quality; if even quality 95 stays under ``lo`` the image is upscaled,
    if quality 30 stays above ``hi`` it is downscaled (a 600 dpi scan rarely needs 600 dpi).
    """
    image = QImage.fromData(content)
    if image.isNull():
        return None
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    for _ in range(6):
        low, high = 30, 95
        best: bytes | None = None
        while low <= high:
            q = (low + high) // 2
            data = _encode(image, q)
            if len(data) > hi:
                high = q - 1
            elif len(data) < lo:
                low = q + 1
            else:
                best = data
                low = q + 1  # prefer the best quality that still fits
        if best is not None:
            return best
        factor = 0.75 if len(_encode(image, 30)) > hi else 1.4
        image = image.scaled(int(image.width() * factor), int(image.height() * factor),
                             Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    return None


def check_or_fix(parent: QWidget | None, path: Path, ask: bool = True) -> PickedFile | None:
    """Read ``path``; refuse or (after asking) recompress when outside the size range."""
    content = path.read_bytes()
    problem = size_problem(len(content))
    if problem is None:
        return PickedFile(path.name, content)
    kb = round(len(content) / 1024)
    reason = (QCoreApplication.translate("AttachmentPicker", "文件只有 {0} KB，附件大小须在 200 KB 至 500 KB 之间。") if problem == "too_small"
              else QCoreApplication.translate("AttachmentPicker", "文件有 {0} KB，附件大小须在 200 KB 至 500 KB 之间。")).format(kb)
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        QMessageBox.warning(parent, QCoreApplication.translate("AttachmentPicker", "附件不符合要求"), reason)
        return None
    if ask:
        answer = QMessageBox.question(
            parent, QCoreApplication.translate("AttachmentPicker", "附件不符合要求"), reason + "\n" + QCoreApplication.translate("AttachmentPicker", "是否将图片重新压缩到符合要求的大小？"))
        if answer != QMessageBox.StandardButton.Yes:
            return None
    fixed = recompress_to_fit(content)
    if fixed is None:
        QMessageBox.warning(parent, QCoreApplication.translate("AttachmentPicker", "附件不符合要求"), reason + "\n" + QCoreApplication.translate("AttachmentPicker", "无法将此图片压缩到要求的大小。"))
        return None
    return PickedFile(Path(path.stem + ".jpg").name, fixed, recompressed=True)


def pick_attachment(parent: QWidget | None, title: str) -> PickedFile | None:
    path, _ = QFileDialog.getOpenFileName(
        parent, title, "", QCoreApplication.translate("AttachmentPicker", "图片或 PDF (*.jpg *.jpeg *.png *.pdf *.tif *.tiff *.bmp);;所有文件 (*)"))
    if not path:
        return None
    return check_or_fix(parent, Path(path))
