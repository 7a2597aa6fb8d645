"""The operator's hint under the verdict banner: what to do when the camera sees a code it
cannot read yet (请靠近一些, 请保持不动, 请避开反光, 光线太暗, 请对准二维码).

The camera thread names a cause (:mod:`app.scanner.guidance`); this label only words it. It is
a separate small widget so that the banner and the card stay as they are.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from app.ui.common.i18n import QT_TRANSLATE_NOOP

HINTS: dict[str, str] = {
    "too_small": QT_TRANSLATE_NOOP("ScanHint", "请靠近一些"),
    "blur": QT_TRANSLATE_NOOP("ScanHint", "请保持不动"),
    "glare": QT_TRANSLATE_NOOP("ScanHint", "请避开反光"),
    "dim": QT_TRANSLATE_NOOP("ScanHint", "光线太暗"),
    "off_frame": QT_TRANSLATE_NOOP("ScanHint", "请对准二维码"),
}


class ScanHintLabel(QLabel):
    """Shows one hint in large amber text; hidden when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scanHint")
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("#scanHint { color: #b26a00; font-size: 20px; font-weight: bold;"
                           " padding: 4px; }")
        self.cause: str | None = None
        self.hide()

    def show_cause(self, cause: str | None) -> None:
        self.cause = cause if cause in HINTS else None
        if self.cause is None:
            self.clear()
            self.hide()
            return
        self.setText(QCoreApplication.translate("ScanHint", HINTS[self.cause]))
        self.show()
