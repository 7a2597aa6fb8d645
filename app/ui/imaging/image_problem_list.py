"""The cropper's list of findings: blocking problems in red, warnings in amber, "fine" in green.

Problems arrive as codes with parameters from :mod:`app.imaging`; the sentences come from the
shared message catalogue, in the UI's language.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from app.errors import RegistryError
from app.messages import describe
from app.ui.common.errors import current_language

_COLOURS = {"blocking": Qt.GlobalColor.red, "warning": Qt.GlobalColor.darkYellow,
            "ok": Qt.GlobalColor.darkGreen, "info": Qt.GlobalColor.darkGray}
_MARKS = {"blocking": "✗ ", "warning": "! ", "ok": "✓ ", "info": ""}


class ImageProblemList(QListWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)

    def show_problems(self, problems: list[tuple[str, dict[str, Any], bool]]) -> None:
        """``(code, params, blocking)`` triples; an empty list says the image is fine."""
        lang = current_language()
        rows = [(describe(RegistryError(code, **params), lang), "blocking" if blocking else "warning")
                for code, params, blocking in problems]
        self.show_messages(rows or [(self.tr("符合要求，可以保存"), "ok")])

    def show_messages(self, rows: list[tuple[str, str]]) -> None:
        """``(text, kind)`` pairs, kind one of blocking / warning / ok / info."""
        self.clear()
        for text, kind in rows:
            item = QListWidgetItem(_MARKS[kind] + text)
            item.setForeground(_COLOURS[kind])
            self.addItem(item)

    def texts(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]
