"""Small helpers for the read-only tables and button rows of the Offices & keys screen."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)


def button_row(prefix: str, specs: Sequence[tuple[str, str, Callable[..., object]]],
               ) -> tuple[QHBoxLayout, dict[str, QPushButton]]:
    """A row of buttons, left-aligned: (name, text, slot) each, object name ``prefix_name``
    (the tests find them by it); returns the row and the buttons by name."""
    row, buttons = QHBoxLayout(), {}
    for name, text, slot in specs:
        b = QPushButton(text)
        b.setObjectName(f"{prefix}_{name}")
        b.clicked.connect(slot)
        buttons[name] = b
        row.addWidget(b)
    row.addStretch(1)
    return row, buttons


def make_table(headers: Sequence[str], name: str, parent: QWidget | None = None,
               stretch: int | None = None) -> QTableWidget:
    """A read-only, row-selecting table; column ``stretch`` (default: the last) takes the room."""
    t = QTableWidget(0, len(headers), parent)
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(list(headers))
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.verticalHeader().setVisible(False)
    t.setAlternatingRowColors(True)
    t.setWordWrap(True)  # long fingerprints wrap instead of being cut off
    header = t.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(headers) - 1 if stretch is None else stretch,
                                QHeaderView.ResizeMode.Stretch)
    return t


def fill(table: QTableWidget, rows: Sequence[Sequence[str]], keys: Sequence[object] | None = None,
         colours: Sequence[str | None] | None = None) -> None:
    """Replace the rows; ``keys[i]`` is kept as row i's data (column 0), ``colours[i]`` tints it."""
    table.setRowCount(0)
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setToolTip(text)
            if keys is not None and c == 0:
                item.setData(256, keys[r])  # Qt.UserRole
            if colours is not None and colours[r]:
                item.setForeground(QColor(colours[r]))
            table.setItem(r, c, item)
    table.resizeRowsToContents()


def selected_key(table: QTableWidget) -> object | None:
    rows = table.selectionModel().selectedRows() if table.selectionModel() else []
    if not rows:
        return None
    item = table.item(rows[0].row(), 0)
    return item.data(256) if item is not None else None
