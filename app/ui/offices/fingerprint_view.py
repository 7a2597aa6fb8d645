"""A key fingerprint shown so two people can compare it: large, as words to read aloud, and
as a QR code (segno, rendered to a QPixmap) the other office can hold its screen against.

Used for our own office (the partner checks it) and for a partner's trust file before pairing
(we check it); both screens show the same three forms of the same text.
"""

from __future__ import annotations

import io

import segno
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

QR_SIZE = 180  # pixels: readable by a phone or the help desk camera at arm's length


def qr_pixmap(text: str, size: int = QR_SIZE) -> QPixmap:
    """``text`` as a QR code (error correction M), scaled to about ``size`` pixels."""
    qr = segno.make(text, error="m", micro=False)
    width = qr.symbol_size(scale=1, border=2)[0]
    buf = io.BytesIO()
    qr.save(buf, kind="png", scale=max(1, size // width), border=2)
    pixmap = QPixmap()
    pixmap.loadFromData(buf.getvalue(), "PNG")
    return pixmap


def split_lines(fingerprint: str, groups_per_line: int = 4) -> str:
    """``"AB12 CD34 …"`` in lines of four groups: easier to read aloud and to follow."""
    groups = fingerprint.split()
    return "\n".join(" ".join(groups[i:i + groups_per_line])
                     for i in range(0, len(groups), groups_per_line))


class FingerprintView(QWidget):
    """Title, fingerprint (monospace, large), words, and the QR code on the right."""

    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel(title)
        self.title.setStyleSheet("font-weight: bold;")
        self.text = QLabel()
        self.text.setObjectName("fingerprintText")
        font = QFont("monospace")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSize(18)
        self.text.setFont(font)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.words = QLabel()
        self.words.setObjectName("fingerprintWords")
        self.words.setWordWrap(True)
        self.words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.qr = QLabel()
        self.qr.setObjectName("fingerprintQr")
        self.qr.setFixedSize(QR_SIZE + 8, QR_SIZE + 8)
        self.qr.setAlignment(Qt.AlignmentFlag.AlignCenter)
        left = QVBoxLayout()
        left.addWidget(self.title)
        left.addWidget(self.text)
        left.addWidget(self.words)
        left.addStretch(1)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(left, 1)
        row.addWidget(self.qr, 0, Qt.AlignmentFlag.AlignTop)
        self.fingerprint = ""

    def show_fingerprint(self, fingerprint: str, words: str | list[str] | tuple[str, ...] = "") -> None:
        self.fingerprint = fingerprint
        self.text.setText(split_lines(fingerprint) if fingerprint else self.tr("（无）"))
        if not isinstance(words, str):
            # numbered, so the listener can say which group differs ("the third group")
            words = "   ".join(f"{i}·{w}" for i, w in enumerate(words, 1))
        self.words.setText(self.tr("逐组读出：{0}").format(words) if words else "")
        self.words.setVisible(bool(words))
        if fingerprint:
            self.qr.setPixmap(qr_pixmap(fingerprint))
        else:
            self.qr.clear()
