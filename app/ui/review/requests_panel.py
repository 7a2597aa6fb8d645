"""申辩 (appeals against anomaly flags) and 信息更正 (name / ID changes) for the reviewer.

Both are queues of requests a reviewer upholds or rejects with a written decision; the
services apply the consequence (an upheld social-security appeal clears the flag, an approved
信息更正 changes the person and the name search keys). The queues reload themselves when an
operation changes filings or persons.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import TypeVar

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

from app.services.appeal_service import AppealView
from app.services.info_correction_service import InfoCorrectionView
from app.ui.common.background import run_in_background
from app.ui.common.changes import Changes, follow_changes, run_op
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text, show_error
from app.ui.common.labels import appeal_subject_name

T = TypeVar("T")

def _when(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else ""


class _RequestsPanel(QWidget):
    """The shared table, open-only filter and decision buttons; subclasses load and decide."""

    kind = ""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.count = 0
        self._generation = 0
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
        follow_changes(self, ctx.changes, ("filings", "persons"), self.refresh)
        self.refresh()

    # subclasses
    def headers(self) -> list[str]:
        raise NotImplementedError

    def yes_text(self) -> str:
        raise NotImplementedError

    def no_text(self) -> str:
        raise NotImplementedError

    def permission(self) -> str:
        raise NotImplementedError

    def refresh(self) -> None:
        raise NotImplementedError

    def decision(self, row: int, yes: bool, text: str) -> tuple[Callable[[], object], Changes]:
        """The service call deciding row ``row``, and what it changes."""
        raise NotImplementedError

    # shared
    def _load(self, fetch: Callable[[], Sequence[T]], keep: Callable[[list[T]], None],
              values: Callable[[T], tuple[str, ...]]) -> None:
        """Run ``fetch`` off the GUI thread; the newest answer is kept and shown."""
        self._generation += 1
        generation = self._generation

        def done(rows: Sequence[T]) -> None:
            if generation != self._generation:
                return  # an older load finishing late
            keep(list(rows))
            self.count = len(rows)
            self.table.setRowCount(len(rows))
            for r, row in enumerate(rows):
                for c, v in enumerate(values(row)):
                    self.table.setItem(r, c, QTableWidgetItem(v))
            self.status.setText(self.tr("共 {0} 条").format(len(rows)))

        run_in_background(fetch, on_success=done,
                          on_error=lambda exc: self.status.setText(error_text(exc)))

    def ask_decision(self, yes: bool) -> str | None:
        """The written decision (tests replace this)."""
        text, ok = QInputDialog.getMultiLineText(
            self, self.yes_text() if yes else self.no_text(), self.tr("处理意见："))
        return text.strip() if ok else None

    def decide(self, yes: bool) -> None:
        r = self.table.currentRow()
        if r < 0 or r >= self.count:
            return
        text = self.ask_decision(yes)
        if text is None:
            return
        work, changes = self.decision(r, yes, text)

        def done(_result: object) -> None:
            if not self.isVisible():
                self.refresh()  # a visible queue was reloaded by the published change

        def failed(exc: BaseException) -> None:
            show_error(self, exc)
            self.refresh()  # decided elsewhere meanwhile, say: show the queue as it is

        # On success the published change reloads this queue (and the persons screen).
        run_op(self.ctx.changes, work, changes, on_success=done, on_error=failed)


class AppealsPanel(_RequestsPanel):
    kind = "appeals"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)  # starts loading: the rows arrive later, through _keep
        self.appeals: list[AppealView] = []

    def headers(self) -> list[str]:
        return [self.tr("提出时间"), self.tr("姓名"), self.tr("异常事项"), self.tr("申辩内容"),
                self.tr("状态")]

    def values(self, a: AppealView) -> tuple[str, ...]:
        states = {"open": self.tr("待处理"), "upheld": self.tr("申辩成立"), "rejected": self.tr("申辩不成立")}
        return (_when(a.created_at), a.person_name, appeal_subject_name(a.subject), a.statement,
                states.get(a.state, a.state))

    def yes_text(self) -> str:
        return self.tr("申辩成立")

    def no_text(self) -> str:
        return self.tr("申辩不成立")

    def permission(self) -> str:
        return "appeal.decide"

    def refresh(self) -> None:
        svc, open_only = self.ctx.services.filings, self.open_only.isChecked()
        self._load(lambda: svc.list_appeals(open_only=open_only), self._keep, self.values)

    def _keep(self, rows: list[AppealView]) -> None:
        self.appeals = rows

    def decision(self, row: int, yes: bool, text: str) -> tuple[Callable[[], object], Changes]:
        svc, appeal_id = self.ctx.services.filings, self.appeals[row].id
        # An upheld social-security appeal clears the person's flag.
        return (lambda: svc.decide_appeal(appeal_id, upheld=yes, decision=text),
                Changes(filings=True, persons=yes))


class InfoCorrectionsPanel(_RequestsPanel):
    kind = "infoCorrections"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)  # starts loading: the rows arrive later, through _keep
        self.corrections: list[InfoCorrectionView] = []

    def headers(self) -> list[str]:
        return [self.tr("提出时间"), self.tr("姓名"), self.tr("更正项目"), self.tr("原内容"),
                self.tr("新内容"), self.tr("理由"), self.tr("状态")]

    def values(self, c: InfoCorrectionView) -> tuple[str, ...]:
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

    def refresh(self) -> None:
        svc, open_only = self.ctx.services.register, self.open_only.isChecked()
        self._load(lambda: svc.list_info_corrections(pending_only=open_only), self._keep,
                   self.values)

    def _keep(self, rows: list[InfoCorrectionView]) -> None:
        self.corrections = rows

    def decision(self, row: int, yes: bool, text: str) -> tuple[Callable[[], object], Changes]:
        svc, correction_id = self.ctx.services.register, self.corrections[row].id
        # An approved correction changes the person (name, ID number) and the name index.
        return (lambda: svc.decide_info_correction(correction_id, approved=yes, decision=text),
                Changes(filings=True, persons=yes))
