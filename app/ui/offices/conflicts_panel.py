"""The conflicts queue (issue 12): the same person or employer changed here and at another
office since the last sync. The import kept both versions; here a reviewer looks at them side
by side (:mod:`app.ui.offices.conflict_view`) and takes theirs, keeps ours, or merges field by
field. Each resolution is one audited service call."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.ui.common.background import run_in_background
from app.ui.common.changes import Changes, follow_changes, run_op
from app.ui.common.context import UiContext
from app.ui.common.errors import show_error
from app.ui.offices.conflict_view import ConflictView
from app.ui.offices.office_labels import entity_name, resolution_name, when
from app.ui.offices.op_dialog import Prompts
from app.ui.offices.tables import button_row, fill, make_table, selected_key

RESOLVED = Changes(persons=True, employers=True, office=True)


class ConflictsPanel(QGroupBox):
    resolved = Signal(int, str)  # (conflict id, choice)
    loaded = Signal(int)         # number of conflicts listed

    def __init__(self, ctx: UiContext, prompts: Prompts, parent: QWidget | None = None) -> None:
        super().__init__(parent)  # the tab names it
        self.setObjectName("conflictsPanel")
        self.ctx, self.prompts = ctx, prompts
        self.conflicts: list[Any] = []
        self.office_names: dict[str, str] = {}  # paired offices' names by code
        self.table = make_table([self.tr("类别"), self.tr("对象"), self.tr("来自"),
                                 self.tr("发现时间"), self.tr("处理")], "conflictsTable", stretch=1)
        self.show_resolved = QCheckBox(self.tr("显示已处理的"))
        self.show_resolved.setObjectName("showResolved")
        self.show_resolved.toggled.connect(self.refresh)
        self.count = QLabel()
        self.count.setObjectName("conflictCount")
        self.view = ConflictView()
        row, self.buttons = button_row("resolve", (
            ("theirs", self.tr("采用对方版本"), lambda _=False: self.resolve("theirs")),
            ("ours", self.tr("保留本方版本"), lambda _=False: self.resolve("ours")),
            ("merge", self.tr("按所选逐项合并"), lambda _=False: self.resolve("merge"))))
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.count, 1)
        top.addWidget(self.show_resolved)
        left_layout.addLayout(top)
        left_layout.addWidget(self.table, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.view, 1)
        right_layout.addLayout(row)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        self.table.itemSelectionChanged.connect(self._selected)
        follow_changes(self, ctx.changes, ("persons", "employers", "office"), self.refresh)
        self._enable()
        self.refresh()

    def refresh(self) -> None:
        sync = self.ctx.services.sync
        open_only = not self.show_resolved.isChecked()

        def read() -> tuple[list[Any], dict[str, str]]:
            names = {o.code: o.name for o in sync.paired_offices()}
            return sync.conflicts(open_only=open_only), names

        run_in_background(read, on_success=self._show, owner=self)

    def _show(self, data: tuple[list[Any], dict[str, str]]) -> None:
        conflicts, self.office_names = data
        current = selected_key(self.table)
        self.conflicts = conflicts
        fill(self.table, [[entity_name(c.entity), c.label,
                           self.office_names.get(c.from_office, c.from_office),
                           when(c.detected_at), resolution_name(c.resolution)]
                          for c in conflicts], [c.id for c in conflicts])
        waiting = sum(1 for c in conflicts if c.resolved_at is None)
        self.count.setText(self.tr("待处理冲突：{0}").format(waiting) if waiting
                           else self.tr("没有待处理的冲突。"))
        ids = [c.id for c in conflicts]
        if current in ids:
            self.table.selectRow(ids.index(current))
        elif conflicts:
            self.table.selectRow(0)
        else:
            self.view.show_conflict(None)
        self._enable()
        self.loaded.emit(len(conflicts))

    def select(self, conflict_id: int) -> None:
        ids = [c.id for c in self.conflicts]
        self.table.selectRow(ids.index(conflict_id))

    def current(self) -> Any:
        cid = selected_key(self.table)
        return next((c for c in self.conflicts if c.id == cid), None)

    def _selected(self) -> None:
        c = self.current()
        self.view.show_conflict(c, self.office_names.get(c.from_office, "") if c else "")
        self._enable()

    def _enable(self) -> None:
        c = self.current()
        open_ = c is not None and c.resolved_at is None
        for b in self.buttons.values():
            b.setEnabled(open_)

    def resolve(self, choice: str) -> None:
        c = self.current()
        if c is None or c.resolved_at is not None:
            return
        fields = self.view.merged_fields() if choice == "merge" else None
        if not self.prompts.confirm(self, self.tr("处理冲突"), self.tr(
                "对 {0}“{1}”{2}？此操作记入审计日志，不能撤回。").format(
                    entity_name(c.entity), c.label, resolution_name(choice))):
            return
        for b in self.buttons.values():
            b.setEnabled(False)
        sync, cid = self.ctx.services.sync, c.id

        def failed(exc: BaseException) -> None:
            self._enable()
            show_error(self, exc)

        run_op(self.ctx.changes, lambda: sync.resolve_conflict(cid, choice, fields), RESOLVED,
               on_success=lambda _r: self.resolved.emit(cid, choice), on_error=failed, owner=self)
