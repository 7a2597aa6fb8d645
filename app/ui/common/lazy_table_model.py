"""A table model that loads rows page by page, off the GUI thread.

The register may hold a million persons: the view must never ask for all of them. The model
holds the rows fetched so far; Qt calls ``canFetchMore``/``fetchMore`` when the user scrolls
near the end, and the next page is fetched in the thread pool. A new query bumps a generation
counter, so a slow answer to an old query (the clerk typed on) is thrown away instead of
overwriting the newer result.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from app.ui.common.background import BackgroundOp, run_in_background

Index = QModelIndex | QPersistentModelIndex
Row = TypeVar("Row")  # the frozen dataclass a service returns for one row
# fetch(query, offset, limit) -> rows; runs in a worker thread (services open their own session).
Fetch = Callable[[str, int, int], Sequence[Row]]


@dataclass(frozen=True)
class Column(Generic[Row]):
    header: str  # already translated by the caller
    value: Callable[[Row], object]
    align_right: bool = False


class LazyTableModel(QAbstractTableModel, Generic[Row]):
    loaded = Signal(int, float)  # rows now held, seconds the last page took
    failed = Signal(object)

    def __init__(self, fetch: Fetch[Row], columns: Sequence[Column[Row]], page_size: int = 200,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fetch, self.columns, self.page_size = fetch, list(columns), page_size
        self.rows: list[Row] = []
        self.query = ""
        self._more = False
        self._generation = 0
        self._pending: BackgroundOp | None = None
        self.loading = False

    # -- loading ---------------------------------------------------------------------------
    def set_query(self, query: str) -> None:
        """Start over with ``query`` ("" = everything, in the service's default order)."""
        self.query = query
        self._generation += 1
        if self._pending is not None:
            self._pending.cancel()  # its answer would be thrown away anyway
        self._load(reset=True)

    def refresh(self) -> None:
        self.set_query(self.query)

    def canFetchMore(self, parent: Index = QModelIndex()) -> bool:  # noqa: B008 (Qt signature)
        return not parent.isValid() and self._more and not self.loading

    def fetchMore(self, parent: Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._load(reset=False)

    def _load(self, reset: bool) -> None:
        generation, query = self._generation, self.query
        offset = 0 if reset else len(self.rows)
        started = time.perf_counter()
        self.loading = True

        def work() -> Sequence[Row]:
            return list(self._fetch(query, offset, self.page_size))

        def done(rows: Sequence[Row]) -> None:
            if generation != self._generation:
                return  # an answer to a query the user already replaced
            self.loading = False
            self._pending = None
            self._more = len(rows) >= self.page_size
            if reset:
                self.beginResetModel()
                self.rows = list(rows)
                self.endResetModel()
            elif rows:
                first = len(self.rows)
                self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
                self.rows.extend(rows)
                self.endInsertRows()
            self.loaded.emit(len(self.rows), time.perf_counter() - started)

        def fail(exc: BaseException) -> None:
            if generation != self._generation:
                return
            self.loading = False
            self._pending = None
            self._more = False
            self.failed.emit(exc)

        self._pending = run_in_background(work, on_success=done, on_error=fail)

    # -- Qt model API ----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self.rows):
            return None
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = col.value(self.rows[index.row()])
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.TextAlignmentRole and col.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole:
            return self.rows[index.row()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section].header
        return None

    def row_object(self, row: int) -> Row | None:
        return self.rows[row] if 0 <= row < len(self.rows) else None
