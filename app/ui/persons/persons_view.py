"""The persons screen: search-as-you-type over the whole register, details on the right.

The table is a :class:`~app.ui.common.lazy_table_model.LazyTableModel`: only the first page is
fetched when the screen opens, later pages as the clerk scrolls. Typing restarts a short
debounce timer; the search runs off the GUI thread and stale answers are dropped, so typing
never stutters even on a million-person register.

The screen keeps itself current: when an operation anywhere in the window reports that persons,
employers, filings, registrations or certificates changed (``ctx.changes``), the table reloads
and keeps the clerk's person selected; a hidden screen waits until it is shown again.
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import QItemSelection, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.register_service import PersonRecord
from app.services.search_service import PersonHit
from app.ui.common.background import run_in_background
from app.ui.common.changes import follow_changes
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text, show_error
from app.ui.common.lazy_table_model import Column, LazyTableModel
from app.ui.common.page import Page
from app.ui.persons.person_detail_panel import SHOWN_KINDS, PersonDetailPanel
from app.ui.persons.person_dialog import PersonDialog

SEARCH_DELAY_MS = 150  # long enough to skip intermediate keystrokes, short enough to feel instant


def registration_numbers(hit: PersonHit) -> str:
    return "、".join(sorted(set(hit.registration_numbers)))


class PersonsView(Page):
    search_finished = Signal(int, float)  # rows shown, seconds (tests and the benchmark listen)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._keep: uuid.UUID | None = None  # person to select again after a reload
        self._editing = False  # an editor is being opened: a second Enter opens no second one
        self.search = QLineEdit()
        self.search.setObjectName("personSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr(
            "搜索：身份证号、姓名、拼音首字母、注册编号或单位名称（Ctrl+F）"))
        self.status = QLabel()
        self.status.setObjectName("searchStatus")
        self.new_button = QPushButton(self.tr("新建人员(&N)"))
        self.new_button.setObjectName("newPerson")
        self.new_button.setShortcut(QKeySequence.StandardKey.New)
        self.new_button.clicked.connect(self.new_person)
        self.new_button.setVisible(ctx.can("person.write"))
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.new_button)
        columns: list[Column[PersonHit]] = [
            Column(self.tr("姓名"), lambda p: p.name),
            Column(self.tr("证件号码"), lambda p: p.id_number_masked),
            Column(self.tr("性别"), lambda p: self.tr("男") if p.gender == "M" else self.tr("女")),
            Column(self.tr("出生日期"), lambda p: p.birth_date),
            Column(self.tr("工作单位"), lambda p: p.employer_name or ""),
            Column(self.tr("注册编号"), registration_numbers),
        ]
        self.model = LazyTableModel(self._fetch, columns, page_size=200, parent=self)
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(lambda exc: self.status.setText(error_text(exc)))
        self.table = QTableView()
        self.table.setObjectName("personsTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for col, width in enumerate((90, 180, 50, 100, 220)):
            self.table.setColumnWidth(col, width)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.edit_person())
        self.detail = PersonDetailPanel(ctx)
        self.detail.edit_requested.connect(self.edit_person)
        self.detail.new_filing_requested.connect(
            lambda person_id: self.navigate.emit("filings", ("new", person_id)))
        self.detail.open_filing_requested.connect(
            lambda filing_id: self.navigate.emit("filings", ("open", filing_id)))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        left_layout.addWidget(self.status)
        splitter = QSplitter()
        splitter.addWidget(left)
        # The details scroll rather than force a minimum window height (1366x768 laptops).
        scroll = QScrollArea()
        scroll.setWidget(self.detail)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        splitter.addWidget(scroll)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(SEARCH_DELAY_MS)
        self.timer.timeout.connect(self.run_search)
        self.search.textChanged.connect(lambda _t: self.timer.start())
        self.search.returnPressed.connect(self.run_search)
        QShortcut(QKeySequence.StandardKey.Find, self, self.search.setFocus)
        # Enter on a row opens the editor, Down from the search box goes to the table.
        QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, self.edit_person,
                  context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Down), self.search, self.table.setFocus,
                  context=Qt.ShortcutContext.WidgetShortcut)
        follow_changes(self, ctx.changes, SHOWN_KINDS, self._reload)
        self.status.setText(self.tr("正在加载…"))
        self.model.set_query("")

    def _fetch(self, query: str, offset: int, limit: int) -> tuple[PersonHit, ...]:
        return self.ctx.services.search.search_persons(query, offset, limit)

    def run_search(self) -> None:
        self.timer.stop()
        self._keep = None
        self.status.setText(self.tr("正在搜索…"))
        self.model.set_query(self.search.text().strip())

    def _loaded(self, rows: int, seconds: float) -> None:
        more = self.tr("，向下滚动加载更多") if self.model.canFetchMore() else ""
        self.status.setText(self.tr("显示 {0} 人{1}（{2} 毫秒）").format(
            rows, more, round(seconds * 1000)))
        if rows and not self.table.selectionModel().hasSelection():
            self.table.selectRow(self._row_of(self._keep))
        elif not rows:
            self.detail.show_person(None)
        self._keep = None
        self.search_finished.emit(rows, seconds)

    def _row_of(self, person_id: uuid.UUID | None) -> int:
        """The row showing ``person_id`` among those loaded; the first row otherwise."""
        hits: list[PersonHit] = self.model.rows
        return next((i for i, hit in enumerate(hits) if hit.person_id == person_id), 0)

    def _selection_changed(self, _selected: QItemSelection, _old: QItemSelection) -> None:
        person_id = self.current_person_id()
        if person_id is None or person_id != self.detail.person_id:
            self.detail.show_person(person_id)  # the same person again reloads by itself

    def current_person_id(self) -> uuid.UUID | None:
        rows = self.table.selectionModel().selectedRows()
        hit: PersonHit | None = self.model.row_object(rows[0].row()) if rows else None
        return hit.person_id if hit is not None else None

    # -- keeping current -------------------------------------------------------------------

    def _reload(self) -> None:
        """Run the current search again, keeping the selected person selected (the detail
        panel follows the same changes by itself)."""
        self._keep = self.current_person_id()
        self.model.refresh()

    def refresh(self) -> None:
        """The window's Refresh command: the table and the details read again."""
        self._reload()
        self.detail.reload()

    # -- editing ---------------------------------------------------------------------------
    def new_person(self) -> None:
        saved = PersonDialog.ask(self.ctx, None, None, self)
        if saved is not None:
            self.search.setText(saved.id_number)
            self.run_search()

    def edit_person(self) -> None:
        """Open the editor with the person as stored now (read off the GUI thread)."""
        person_id = self.current_person_id()
        if person_id is None or not self.ctx.can("person.write") or self._editing:
            return
        self._editing = True

        def failed(exc: BaseException) -> None:
            self._editing = False
            show_error(self, exc)

        run_in_background(lambda: self.ctx.services.register.person_record(person_id),
                          on_success=self._open_editor, on_error=failed)

    def _open_editor(self, record: PersonRecord) -> None:
        try:
            PersonDialog.ask(self.ctx, record.person, record.employer, self)
        finally:
            self._editing = False

    def show_argument(self, argument: object) -> None:
        """Navigation from elsewhere: a search text to run."""
        if isinstance(argument, str):
            self.search.setText(argument)
            self.run_search()
