"""Choosing an attachment file within the office's size rule (200 KB–500 KB for 补正 material
by default; the limits come from :meth:`FilingService.upload_limits`).

A file outside the range is refused with the reason, before anything is sent to a service;
an image that is too large (or too small) can be re-encoded as JPEG to land inside the range,
because clerks mostly scan paper at whatever quality the scanner chose.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QMessageBox, QWidget

IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".tif", ".tiff", ".webp"}


@dataclass(frozen=True)
class PickedFile:
    filename: str
    content: bytes
    recompressed: bool = False


def _encode(image: QImage, quality: int) -> bytes:
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    # The stub wants bytes for the format; PySide6 itself takes (only) str here.
    image.save(buf, "JPEG", quality)  # type: ignore[call-overload]
    buf.close()
    return bytes(data.data())


def recompress_to_fit(content: bytes, lo: int, hi: int) -> bytes | None:
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


def check_or_fix(parent: QWidget | None, path: Path, *, lo: int, hi: int) -> PickedFile | None:
    """Read ``path``; refuse or (after asking) recompress when outside ``[lo, hi]``."""
    content = path.read_bytes()
    if lo <= len(content) <= hi:
        return PickedFile(path.name, content)
    kb = round(len(content) / 1024)
    if lo > 0:
        reason = QCoreApplication.translate(
            "AttachmentPicker", "文件大小为 {0} KB，附件大小须在 {1} KB 至 {2} KB 之间。").format(
                kb, lo // 1024, hi // 1024)
    else:
        reason = QCoreApplication.translate(
            "AttachmentPicker", "文件大小为 {0} KB，超过了 {1} KB 的上限。").format(kb, hi // 1024)
    title = QCoreApplication.translate("AttachmentPicker", "附件不符合要求")
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        QMessageBox.warning(parent, title, reason)
        return None
    question = QCoreApplication.translate("AttachmentPicker", "是否将图片重新压缩到符合要求的大小？")
    if QMessageBox.question(parent, title, reason + "\n" + question) != QMessageBox.StandardButton.Yes:
        return None
    fixed = recompress_to_fit(content, lo, hi)
    if fixed is None:
        QMessageBox.warning(parent, title, reason + "\n" + QCoreApplication.translate(
            "AttachmentPicker", "无法将此图片压缩到要求的大小。"))
        return None
    return PickedFile(Path(path.stem + ".jpg").name, fixed, recompressed=True)
