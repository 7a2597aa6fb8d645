"""The help desk's log of verifications (when, who, result) with CSV export.

Operators with ``verify.log`` see everyone's verifications and may export them; others see
their own. Rows are loaded off the GUI thread, whenever the panel is shown and whenever a
verification announces ``Changes(verification_log=True)`` (a hidden panel waits until shown).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.codes.payload import CHINA_TZ
from app.services.verification_service import LogEntry, VerificationService
from app.ui.common.background import run_in_background
from app.ui.common.changes import ChangeBus, Changes
from app.ui.common.errors import show_error
from app.ui.common.i18n import QT_TRANSLATE_NOOP
from app.ui.common.labels import verification_status_name

SOURCE_TEXT = {"camera": QT_TRANSLATE_NOOP("VerificationLogPanel", "摄像头"),
               "wedge": QT_TRANSLATE_NOOP("VerificationLogPanel", "扫码枪"),
               "file": QT_TRANSLATE_NOOP("VerificationLogPanel", "文件"),
               "cli": QT_TRANSLATE_NOOP("VerificationLogPanel", "命令行"),
               "manual": QT_TRANSLATE_NOOP("VerificationLogPanel", "手工输入")}
COLUMNS = (QT_TRANSLATE_NOOP("VerificationLogPanel", "时间"),
           QT_TRANSLATE_NOOP("VerificationLogPanel", "操作员"),
           QT_TRANSLATE_NOOP("VerificationLogPanel", "来源"),
           QT_TRANSLATE_NOOP("VerificationLogPanel", "结果"),
           QT_TRANSLATE_NOOP("VerificationLogPanel", "证书编号"),
           QT_TRANSLATE_NOOP("VerificationLogPanel", "姓名"))
STATUS_COLUMN = 3


def _text(source: str) -> str:
    return QCoreApplication.translate("VerificationLogPanel", source)


class VerificationLogPanel(QWidget):
    exported = Signal(str, int)  # path, rows
    loaded = Signal(int)

    def __init__(self, service: VerificationService, can_see_all: bool, changes: ChangeBus,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.can_see_all = can_see_all
        self._generation = 0  # only the newest refresh's rows are shown
        title = QLabel(self.tr("核验记录") if can_see_all else self.tr("我的核验记录"))
        title.setStyleSheet("font-weight: bold;")
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("verificationLog")
        self.table.setHorizontalHeaderLabels([_text(c) for c in COLUMNS])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.refresh_button = QPushButton(self.tr("刷新"))
        self.refresh_button.clicked.connect(self.refresh)
        self.export_button = QPushButton(self.tr("导出 CSV…"))
        self.export_button.setObjectName("exportLog")
        self.export_button.setVisible(can_see_all)
        self.export_button.clicked.connect(self._ask_export)
        buttons = QHBoxLayout()
        buttons.addWidget(title)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(buttons)
        layout.addWidget(self.table)
        changes.changed.connect(self._on_changes)

    def _on_changes(self, changes: Changes) -> None:
        if changes.verification_log and self.isVisible():
            self.refresh()  # a hidden panel reloads when it is shown

    def showEvent(self, event: QShowEvent) -> None:
        # Shown (again): other workstations may have verified meanwhile, so always reload.
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        operator = None if self.can_see_all else self.service.actor.username
        self._generation += 1
        generation = self._generation
        run_in_background(lambda: self.service.recent(200, operator=operator),
                          on_success=lambda entries: self._fill(entries, generation),
                          on_error=lambda e: show_error(self, e))

    def _fill(self, entries: list[LogEntry], generation: int) -> None:
        if generation != self._generation:
            return  # a newer refresh is on its way
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            values = [e.at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S"), e.operator,
                      _text(SOURCE_TEXT[e.source]) if e.source in SOURCE_TEXT else e.source,
                      verification_status_name(e.status), e.serial or "", e.holder_name or ""]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, e.status if col == STATUS_COLUMN else None)
                self.table.setItem(row, col, item)
        self.loaded.emit(len(entries))

    def _ask_export(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("导出核验记录"), "核验记录.csv",
                                              self.tr("CSV 文件 (*.csv)"))
        if path:
            self.export(Path(path))

    def export(self, path: Path) -> None:
        run_in_background(lambda: self.service.export_log_csv(path),
                          on_success=lambda rows: self.exported.emit(str(path), rows),
                          on_error=lambda e: show_error(self, e))
