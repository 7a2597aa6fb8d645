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
from PySide6.QtWidgets import QMessageBox, QWidget

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


def check_or_fix(parent: QWidget | None, path: Path, ask: bool = True,
                 lo: int = MIN_BYTES, hi: int = MAX_BYTES) -> PickedFile | None:
    """Read ``path``; refuse or (after asking) recompress when outside ``[lo, hi]``."""
    content = path.read_bytes()
    problem = size_problem(len(content), lo, hi)
    if problem is None:
        return PickedFile(path.name, content)
    kb = round(len(content) / 1024)
    if lo > 0:
        reason = QCoreApplication.translate(
            "AttachmentPicker", "文件大小为 {0} KB，附件大小须在 {1} KB 至 {2} KB 之间。").format(
                kb, lo // 1024, hi // 1024)
    else:
        reason = QCoreApplication.translate(
            "AttachmentPicker", "文件大小为 {0} KB，超过了 {1} KB 的上限。").format(kb, hi // 1024)
    if path.suffix.lower() not in IMAGE_SUFFIXES:
        QMessageBox.warning(parent, QCoreApplication.translate("AttachmentPicker", "附件不符合要求"), reason)
        return None
    if ask:
        answer = QMessageBox.question(
            parent, QCoreApplication.translate("AttachmentPicker", "附件不符合要求"), reason + "\n" + QCoreApplication.translate("AttachmentPicker", "是否将图片重新压缩到符合要求的大小？"))
        if answer != QMessageBox.StandardButton.Yes:
            return None
    fixed = recompress_to_fit(content, lo, hi)
    if fixed is None:
        QMessageBox.warning(parent, QCoreApplication.translate("AttachmentPicker", "附件不符合要求"), reason + "\n" + QCoreApplication.translate("AttachmentPicker", "无法将此图片压缩到要求的大小。"))
        return None
    return PickedFile(Path(path.stem + ".jpg").name, fixed, recompressed=True)


def upload_limits(ctx: object) -> dict[str, int]:
    """The office's limits (app_settings via the attachment service), defaults if unavailable."""
    try:
        from app.services.attachment_service import AttachmentService

        return dict(AttachmentService(ctx.db, ctx.actor).limits())  # type: ignore[attr-defined]
    except Exception:
        return {"correction_upload_min_bytes": MIN_BYTES, "correction_upload_max_bytes": MAX_BYTES,
                "upload_max_bytes": 10 * 1024 * 1024}
