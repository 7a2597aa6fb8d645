"""The help desk's log of verifications (when, who, result) with CSV export.

Operators with ``verify.log`` see everyone's verifications and may export them; others see
their own. Rows are loaded off the GUI thread.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
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
from app.ui.common.errors import show_error
from app.ui.common.i18n import QT_TRANSLATE_NOOP
from app.ui.verification.verification_banner import status_words

SOURCE_TEXT = {"camera": QT_TRANSLATE_NOOP("VerificationLogPanel", "摄像头"),
               "wedge": QT_TRANSLATE_NOOP("VerificationLogPanel", "扫码枪"),
               "file": QT_TRANSLATE_NOOP("VerificationLogPanel", "文件"),
               "cli": QT_TRANSLATE_NOOP("VerificationLogPanel", "命令行"),
               "manual": QT_TRANSLATE_NOOP("VerificationLogPanel", "手工输入")}


class VerificationLogPanel(QWidget):
    exported = Signal(str, int)  # path, rows
    loaded = Signal(int)

    def __init__(self, service: VerificationService, can_see_all: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.can_see_all = can_see_all
        title = QLabel(self.tr("核验记录") if can_see_all else self.tr("我的核验记录"))
        title.setStyleSheet("font-weight: bold;")
        self.table = QTableWidget(0, 6)
        self.table.setObjectName("verificationLog")
        self.table.setHorizontalHeaderLabels([self.tr("时间"), self.tr("操作员"), self.tr("来源"),
                                              self.tr("结果"), self.tr("证书编号"), self.tr("姓名")])
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

    def refresh(self) -> None:
        operator = None if self.can_see_all else self.service.actor.username
        run_in_background(lambda: self.service.recent(200, operator=operator),
                          on_success=self._fill, on_error=lambda e: show_error(self, e))

    def _fill(self, entries: list[LogEntry]) -> None:
        self.table.setRowCount(len(entries))
        for row, e in enumerate(entries):
            values = [e.at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S"), e.operator,
                      self.tr(SOURCE_TEXT.get(e.source, e.source)), status_words(e.status),
                      e.serial or "", e.holder_name or ""]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, e.status if col == 3 else None)
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
