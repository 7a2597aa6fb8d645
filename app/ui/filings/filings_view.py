"""The filings screen (申报) and the list-plus-detail widget the review screen reuses.

:class:`FilingsBrowser` is a lazily loaded filings table (state filter, search as you type)
beside a :class:`~app.ui.filings.filing_detail_view.FilingDetailView`. The clerk's screen adds the
"new filing" entry point: a filing is always for a person, so the wizard is opened from the
persons screen or here after choosing the person by ID number.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import filing_rules as fr
from app.errors import RegistryError
from app.services.filing_views import FilingSummary, FilingView
from app.ui.common.changes import follow_changes
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text, show_error
from app.ui.common.labels import state_name, type_name
from app.ui.common.lazy_table_model import Column, LazyTableModel
from app.ui.common.page import Page
from app.ui.filings.filing_detail_view import FilingDetailView
from app.ui.filings.filing_wizard import FilingWizard


def _when(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else ""


class FilingsBrowser(QWidget):
    """Filings table (filtered by a set of states) with the selected filing's page beside it."""

    def __init__(self, ctx: UiContext, queues: Sequence[tuple[str, tuple[str, ...]]],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.queue = QComboBox()
        self.queue.setObjectName("queue")
        for label, states in queues:
            self.queue.addItem(label, states)
        self.search = QLineEdit()
        self.search.setObjectName("filingSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("搜索：申报编号、姓名或证件号码"))
        top = QHBoxLayout()
        top.addWidget(self.queue)
        top.addWidget(self.search, 1)
        self.top = top
        columns: list[Column[FilingSummary]] = [
            Column(self.tr("申报编号"), lambda f: f.number),
            Column(self.tr("类型"), lambda f: type_name(f.type)),
            Column(self.tr("姓名"), lambda f: f.person_name),
            Column(self.tr("状态"), lambda f: state_name(f.state)),
            Column(self.tr("上报时间"), lambda f: _when(f.submitted_at)),
        ]
        self.status = QLabel()
        self.status.setObjectName("filingsStatus")
        self.model = LazyTableModel(self._fetch, columns, page_size=100, parent=self)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(lambda exc: self.status.setText(error_text(exc)))
        self.table = QTableView()
        self.table.setObjectName("filingsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(self._selected)
        self.detail = FilingDetailView(ctx)
        self.detail.acted.connect(self._acted)
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addLayout(top)
        lv.addWidget(self.table, 1)
        lv.addWidget(self.status)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([560, 760])
        QVBoxLayout(self).addWidget(splitter)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(150)
        self.timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.queue.currentIndexChanged.connect(lambda _i: self.refresh())
        self._select_id: uuid.UUID | None = None
        self._sticky_id: uuid.UUID | None = None
        self._states: tuple[str, ...] = ()
        # Any filing action (here, on another screen of this window) changes the list.
        follow_changes(self, ctx.changes, ("filings",), lambda: self.model.refresh())
        self.refresh()

    def _fetch(self, text: str, offset: int, limit: int) -> list[FilingSummary]:
        return self.ctx.services.filings.list_filings(
            states=list(self._states) or None, text=text or None, offset=offset, limit=limit)

    def refresh(self) -> None:
        self._states = self.queue.currentData() or ()
        self.model.set_query(self.search.text().strip())

    def _acted(self, filing_id: uuid.UUID | None) -> None:  # None: a discarded draft
        # The filing may leave this queue (accepted, say); keep it on screen so the reviewer
        # sees the result and can take the next step, until another row is chosen. (The
        # list itself reloads on the change the action published.)
        self._sticky_id = filing_id

    def _loaded(self, rows: int, _seconds: float) -> None:
        self.status.setText(self.tr("共显示 {0} 件申报").format(rows))
        if self._sticky_id is not None and not any(f.id == self._sticky_id for f in self.model.rows):
            self.table.clearSelection()
            return
        wanted = self._select_id
        if wanted is None and self.detail.filing is not None:
            wanted = self.detail.filing.id
        for r, f in enumerate(self.model.rows):
            if f.id == wanted:
                self.table.selectRow(r)
                return
        if rows and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        elif not rows:
            self.detail.show_filing(None)

    def _selected(self, *_args: object) -> None:
        rows = self.table.selectionModel().selectedRows()
        f: FilingSummary | None = self.model.row_object(rows[0].row()) if rows else None
        if f is not None:
            self._select_id = None
            if f.id != self._sticky_id:
                self._sticky_id = None
            self.detail.show_filing(f.id)

    def show_state(self, state: str) -> None:
        """Switch to the first queue that lists ``state`` (dashboard drill-down)."""
        for i in range(self.queue.count()):
            states = self.queue.itemData(i) or ()
            if state in states:
                self.queue.setCurrentIndex(i)
                return

    def select_filing(self, filing_id: uuid.UUID) -> None:
        """Show ``filing_id`` (and select it if the current queue lists it)."""
        self._select_id = filing_id
        self._sticky_id = filing_id
        self.detail.show_filing(filing_id)
        self.model.refresh()


class FilingsView(Page):

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        queues = [
            (self.tr("正在办理"), tuple(sorted(fr.OPEN_STATES))),
            (self.tr("历史申报"), tuple(sorted(fr.TERMINAL_STATES))),
            (self.tr("全部"), ()),
        ]
        self.browser = FilingsBrowser(ctx, queues)
        self.new_button = QPushButton(self.tr("新建申报(&N)…"))
        self.new_button.setObjectName("newFiling")
        self.new_button.clicked.connect(self.new_filing_by_id_number)
        self.new_button.setVisible(ctx.can("filing.write"))
        self.browser.top.addWidget(self.new_button)
        self.browser.detail.refile_requested.connect(self.new_filing)
        QVBoxLayout(self).addWidget(self.browser)

    def new_filing(self, person_id: uuid.UUID, filing_type: str = "initial") -> FilingView | None:
        try:
            created = FilingWizard.ask(self.ctx, person_id, filing_type, self)
        except RegistryError as exc:  # e.g. the person vanished; anything else is a bug
            show_error(self, exc)
            return None
        if created is not None:
            self.browser.queue.setCurrentIndex(0)
            self.browser.select_filing(created.id)
        return created

    def new_filing_by_id_number(self) -> None:
        text, ok = QInputDialog.getText(self, self.tr("新建申报"), self.tr("申请人的证件号码或姓名："))
        if not ok or not text.strip():
            return
        try:
            found = self.ctx.services.search.search_persons(text.strip(), offset=0, limit=2)
        except RegistryError as exc:
            show_error(self, exc)
            return
        if len(found) != 1:
            self.navigate.emit("persons", text.strip())  # let the clerk pick from the list
            return
        self.new_filing(found[0].id)

    def show_argument(self, argument: object) -> None:
        if isinstance(argument, tuple) and argument and argument[0] == "new":
            self.new_filing(argument[1])
        elif isinstance(argument, tuple) and argument and argument[0] == "open":
            self.browser.select_filing(argument[1])
        elif isinstance(argument, tuple) and argument and argument[0] == "state":
            self.browser.show_state(argument[1])

    def refresh(self) -> None:
        self.browser.refresh()
