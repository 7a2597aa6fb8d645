"""申辩 (appeals against anomaly flags) and 信息更正 (name / ID changes) for the reviewer.

Both are queues of requests a reviewer upholds or rejects with a written decision; the
services apply the consequence (an upheld social-security appeal clears the flag, an approved
信息更正 changes the person and the name search keys).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import RegistryError
from app.ui.common import adapters, labels
from app.ui.common.background import run_in_background
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text, show_error


def _when(value: Any) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else ""


class _RequestsPanel(QWidget):
    kind = ""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.requests = adapters.requests(ctx)
        self.rows: list[Any] = []
        self.open_only = QCheckBox(self.tr("只显示未处理"))
        self.open_only.setObjectName("openOnly")
        self.open_only.setChecked(True)
        self.open_only.toggled.connect(lambda _on: self.refresh())
        self.table = QTableWidget(0, len(self.headers()))
        self.table.setObjectName(f"{self.kind}Table")
        self.table.setHorizontalHeaderLabels(self.headers())
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.status = QLabel()
        self.uphold = QPushButton(self.yes_text())
        self.uphold.setObjectName(f"{self.kind}Yes")
        self.uphold.clicked.connect(lambda: self.decide(True))
        self.refuse = QPushButton(self.no_text())
        self.refuse.setObjectName(f"{self.kind}No")
        self.refuse.clicked.connect(lambda: self.decide(False))
        can = ctx.can(self.permission())
        self.uphold.setVisible(can)
        self.refuse.setVisible(can)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_only)
        buttons.addStretch(1)
        buttons.addWidget(self.uphold)
        buttons.addWidget(self.refuse)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.refresh()

    # subclasses
    def headers(self) -> list[str]:
        raise NotImplementedError

    def values(self, row: Any) -> tuple[str, ...]:
        raise NotImplementedError

    def yes_text(self) -> str:
        raise NotImplementedError

    def no_text(self) -> str:
        raise NotImplementedError

    def permission(self) -> str:
        raise NotImplementedError

    def load(self, open_only: bool) -> list[Any]:
        raise NotImplementedError

    def apply(self, row: Any, yes: bool, decision: str) -> Any:
        raise NotImplementedError

    # shared
    def refresh(self) -> None:
        open_only = self.open_only.isChecked()

        def done(rows: list[Any]) -> None:
            self.rows = list(rows)
            self.table.setRowCount(len(self.rows))
            for r, row in enumerate(self.rows):
                for c, v in enumerate(self.values(row)):
                    self.table.setItem(r, c, QTableWidgetItem(str(v)))
            self.status.setText(self.tr("共 {0} 条").format(len(self.rows)))

        run_in_background(lambda: self.load(open_only), on_success=done,
                          on_error=lambda exc: self.status.setText(error_text(exc)))

    def ask_decision(self, yes: bool) -> str | None:
        """The written decision (tests replace this)."""
        text, ok = QInputDialog.getMultiLineText(
            self, self.yes_text() if yes else self.no_text(), self.tr("处理意见："))
        return text.strip() if ok else None

    def decide(self, yes: bool) -> None:
        r = self.table.currentRow()
        if r < 0 or r >= len(self.rows):
            return
        decision = self.ask_decision(yes)
        if decision is None:
            return
        try:
            self.apply(self.rows[r], yes, decision)
        except RegistryError as exc:
            show_error(self, exc)
        self.refresh()


class AppealsPanel(_RequestsPanel):
    kind = "appeals"

    def headers(self) -> list[str]:
        return [self.tr("提出时间"), self.tr("姓名"), self.tr("异常事项"), self.tr("申辩内容"),
                self.tr("状态")]

    def values(self, a: Any) -> tuple[str, ...]:
        states = {"open": self.tr("待处理"), "upheld": self.tr("申辩成立"), "rejected": self.tr("申辩不成立")}
        return (_when(a.created_at), a.person_name, labels.appeal_subject_name(a.subject), a.statement,
                states.get(a.state, a.state))

    def yes_text(self) -> str:
        return self.tr("申辩成立")

    def no_text(self) -> str:
        return self.tr("申辩不成立")

    def permission(self) -> str:
        return "appeal.decide"

    def load(self, open_only: bool) -> list[Any]:
        return list(self.requests.appeals(open_only))

    def apply(self, row: Any, yes: bool, decision: str) -> Any:
        return self.requests.decide_appeal(row.id, yes, decision)


class InfoCorrectionsPanel(_RequestsPanel):
    kind = "infoCorrections"

    def headers(self) -> list[str]:
        return [self.tr("提出时间"), self.tr("姓名"), self.tr("更正项目"), self.tr("原内容"),
                self.tr("新内容"), self.tr("理由"), self.tr("状态")]

    def values(self, c: Any) -> tuple[str, ...]:
        fields = {"name": self.tr("姓名"), "id_number": self.tr("证件号码"), "id_type": self.tr("证件类型")}
        states = {"pending": self.tr("待审核"), "approved": self.tr("已通过"), "rejected": self.tr("未通过")}
        return (_when(c.created_at), c.person_name, fields.get(c.field, c.field), c.old_value,
                c.new_value, c.reason, states.get(c.state, c.state))

    def yes_text(self) -> str:
        return self.tr("通过更正")

    def no_text(self) -> str:
        return self.tr("不予更正")

    def permission(self) -> str:
        return "info_correction.decide"

    def load(self, open_only: bool) -> list[Any]:
        return list(self.requests.info_corrections(open_only))

    def apply(self, row: Any, yes: bool, decision: str) -> Any:
        return self.requests.decide_info_correction(row.id, yes, decision)
