"""The file's own electronic seals, shown beside the QR result on the help-desk screen (issue 13).

When a PDF or OFD is opened or dropped, the QR code says who the holder is; the file's seals say
whether the *file* is the office's and unchanged. Each seal gets one plain line: which seal,
which office, and the verdict — green only for a trusted, unmodified seal; red for a file
modified after sealing or sealed by an office we do not trust; grey for an unsealed file (a
scan or a photo has no seals, and an unsealed PDF proves nothing either way).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from app.ui.common.background import run_in_background
from app.ui.common.errors import error_text
from app.ui.common.i18n import QT_TRANSLATE_NOOP

GREEN, RED, GREY = "#1b7f3b", "#b3261e", "#5f6368"
SEAL_NAMES = {
    "office": QT_TRANSLATE_NOOP("FileSealsPanel", "电子证书专用章"),
    "committee": QT_TRANSLATE_NOOP("FileSealsPanel", "管理委员会印章"),
    "chairman": QT_TRANSLATE_NOOP("FileSealsPanel", "主任委员个人印章"),
}
STATES: dict[str, tuple[str, str]] = {
    "unmodified": (QT_TRANSLATE_NOOP("FileSealsPanel", "有效：受信任的办公室签章，签章后未被修改"), GREEN),
    "modified": (QT_TRANSLATE_NOOP("FileSealsPanel", "无效：签章后文件已被修改"), RED),
    "unknown_signer": (QT_TRANSLATE_NOOP("FileSealsPanel", "不可信：签章者不是受信任的办公室"), RED),
    "revoked": (QT_TRANSLATE_NOOP("FileSealsPanel", "无效：签章证书已被吊销"), RED),
    "invalid": (QT_TRANSLATE_NOOP("FileSealsPanel", "无效：签章无法验证"), RED),
}
SEALABLE = (".pdf", ".ofd")


def _t(source: str) -> str:
    return QCoreApplication.translate("FileSealsPanel", source)


class FileSealsPanel(QFrame):
    """Hidden until a PDF/OFD is checked; ``check(path)`` runs off the GUI thread."""

    checked = Signal(object)  # the list of FileSignature, after it is shown

    def __init__(self, seals_service: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fileSealsPanel")
        self.service = seals_service
        self.title = QLabel(self.tr("文件电子签章"))
        self.title.setObjectName("fileSealsTitle")
        self.title.setStyleSheet("#fileSealsTitle { font-size: 12pt; font-weight: bold; }")
        self.lines = QLabel()
        self.lines.setObjectName("fileSealsLines")
        self.lines.setWordWrap(True)
        self.lines.setTextFormat(self.lines.textFormat().RichText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.lines)
        self.verdict = ""
        self.clear()

    def clear(self) -> None:
        """A code scanned or typed: no file, no seals to show."""
        self.verdict = ""
        self.lines.setText("")
        self.hide()

    def check(self, path: Path) -> None:
        if path.suffix.lower() not in SEALABLE:
            self.clear()
            return
        self.verdict = "checking"
        self._paint(GREY)
        self.lines.setText(self.tr("正在检查文件签章…"))
        self.show()
        run_in_background(lambda: self.service.check_file(path), on_success=self.show_signatures,
                          on_error=self._failed, owner=self)

    def _failed(self, exc: BaseException) -> None:
        self.verdict = "error"
        self._paint(GREY)
        self.lines.setText(error_text(exc))

    def show_signatures(self, sigs: list[Any]) -> None:
        self.show()
        if not sigs:
            self.verdict = "unsigned"
            self._paint(GREY)
            self.lines.setText(self.tr("未加电子签章：无法确认文件未被修改（请以二维码核验结果为准）"))
        else:
            good = all(s.state == "unmodified" for s in sigs)
            self.verdict = "unmodified" if good else next(s.state for s in sigs if s.state != "unmodified")
            self._paint(GREEN if good else RED)
            rows = []
            for s in sigs:
                text, colour = STATES.get(s.state, (s.state, GREY))
                seal = _t(SEAL_NAMES[s.seal]) if s.seal in SEAL_NAMES else s.field
                rows.append(f"<div style='margin:2px 0'><b>{seal}</b> · {s.signer}（{s.office}）<br>"
                            f"<span style='color:{colour}; font-weight:bold'>{_t(text)}</span></div>")
            self.lines.setText("".join(rows))
        self.checked.emit(sigs)

    def _paint(self, colour: str) -> None:
        self.setStyleSheet(f"#fileSealsPanel {{ border: 2px solid {colour}; border-radius: 6px; }}"
                           " #fileSealsLines { font-size: 11pt; }")
