"""The register's handwritten-signature image on the help-desk card (issue 13).

002: "未手写签名或与签名图像笔迹不一致的，该电子证书无效"; 003: "手写签名应与签名图像笔迹一致".
The operator compares the ink signature on the paper with the image: it is drawn at least
:data:`WIDTH_MM` wide on the screen (from the screen's DPI), about the size of the signature
line on the printed certificate, so the two can be held side by side.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

WIDTH_MM = 70.0   # wider than the printed signature line, so strokes can be compared
ASPECT = 3.0      # signature images are stored about 3:1


class SignaturePanel(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePanel")
        self.caption = QLabel(self.tr("登记库签名图像（与纸质证书上的手写签名比对）"))
        self.caption.setObjectName("signatureCaption")
        self.image = QLabel()
        self.image.setObjectName("signatureImage")
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setStyleSheet("#signatureImage { background: white; border: 1px solid #9aa4b2; }")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        # Right-aligned: it sits under the photo, the two records the face and hand are checked against.
        layout.addWidget(self.caption, 0, Qt.AlignmentFlag.AlignRight)
        layout.addWidget(self.image, 0, Qt.AlignmentFlag.AlignRight)
        self.clear()

    def _size_px(self) -> tuple[int, int]:
        dpi = max(self.logicalDpiX(), 72)
        width = round(WIDTH_MM / 25.4 * dpi)
        return width, round(width / ASPECT)

    def clear(self) -> None:
        self.image.setPixmap(QPixmap())
        self.hide()

    def show_signature(self, data: bytes | None) -> None:
        """Show the image (or hide the panel when the register has none for this photo)."""
        pix = QPixmap()
        if not data or not pix.loadFromData(data):
            self.clear()
            return
        w, h = self._size_px()
        self.image.setFixedSize(w, h)
        self.image.setPixmap(pix.scaled(w - 4, h - 4, Qt.AspectRatioMode.KeepAspectRatio,
                                        Qt.TransformationMode.SmoothTransformation))
        self.show()
