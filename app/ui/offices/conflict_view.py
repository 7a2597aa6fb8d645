"""One conflict side by side: for each field our value and theirs, the fields that differ
highlighted, and for each differing field a choice (ours / theirs) used by "merge field by
field". Fields that agree need no choice."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.offices.office_labels import (
    entity_name,
    field_name,
    resolution_name,
    value_text,
    when,
)

DIFFERS = QColor("#fff3c4")  # a soft amber: visible, readable under both themes' text colour


class ConflictView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflict: Any = None
        self.title = QLabel(self.tr("请在左侧选择一处冲突。"))
        self.title.setObjectName("conflictTitle")
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold;")
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("conflictFields")
        self.table.setHorizontalHeaderLabels(
            [self.tr("字段"), self.tr("本办公室"), self.tr("对方办公室"), self.tr("合并时采用")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.choices: dict[str, QComboBox] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)

    def differing(self) -> list[str]:
        c = self.conflict
        if c is None:
            return []
        return [f for f in self._fields() if c.ours.get(f) != c.theirs.get(f)]

    def _fields(self) -> list[str]:
        c = self.conflict
        return list(dict.fromkeys([*c.ours.keys(), *c.theirs.keys()]))

    def _value(self, field: str, value: str | None) -> str:
        return self.tr("（空）") if value is None or value == "" else value_text(field, str(value))

    def show_conflict(self, conflict: Any, office_name: str = "") -> None:
        self.conflict = conflict
        self.choices = {}
        self.table.setRowCount(0)
        if conflict is None:
            self.title.setText(self.tr("请在左侧选择一处冲突。"))
            return
        title = self.tr("{0}：{1}（{2}），来自 {3}，发现于 {4}").format(
            entity_name(conflict.entity), conflict.label, conflict.entity_key,
            office_name or conflict.from_office, when(conflict.detected_at))
        if conflict.resolved_at is not None:
            title += self.tr("；已于 {0} 处理：{1}").format(
                when(conflict.resolved_at), resolution_name(conflict.resolution))
        self.title.setText(title)
        fields = self._fields()
        self.table.setRowCount(len(fields))
        for r, f in enumerate(fields):
            ours, theirs = conflict.ours.get(f), conflict.theirs.get(f)
            differs = ours != theirs
            cells = [field_name(f), self._value(f, ours), self._value(f, theirs)]
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                if differs:
                    item.setBackground(DIFFERS)
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(r, col, item)
            if differs and conflict.resolved_at is None:
                combo = QComboBox()
                combo.setObjectName(f"choice_{f}")
                combo.addItem(self.tr("本方"), "ours")
                combo.addItem(self.tr("对方"), "theirs")
                self.table.setCellWidget(r, 3, combo)
                self.choices[f] = combo
            else:
                same = QTableWidgetItem(self.tr("相同") if not differs else "")
                self.table.setItem(r, 3, same)
        self.table.resizeRowsToContents()

    def choose(self, field: str, side: str) -> None:
        combo = self.choices[field]
        combo.setCurrentIndex(combo.findData(side))

    def merged_fields(self) -> dict[str, str | None]:
        """For each differing field, the value chosen (what ``resolve_conflict(.., 'merge')``
        expects)."""
        c = self.conflict
        out: dict[str, str | None] = {}
        for f, combo in self.choices.items():
            out[f] = c.theirs.get(f) if combo.currentData() == "theirs" else c.ours.get(f)
        return out
