"""One filing: header, progress axis, events, messages, 补正 requests, and its actions.

The action buttons are exactly :func:`app.domain.filing_rules.allowed_actions` for the filing's
state, the employer's consent and the actor's role, so a clerk sees 撤回 only where seed 004
allows it (个人已上报/企业已上报, or at the authority once the employer consented). The
service checks again: if another workstation moved the filing meanwhile, the refusal appears
as a translated message and the page reloads.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.domain import filing_rules as fr
from app.services.filing_views import CorrectionView, FilingPage, FilingView
from app.ui.common.background import run_in_background
from app.ui.common.changes import Changes, follow_changes, run_op
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text, show_error
from app.ui.common.labels import action_name, kind_specialty, state_name, type_name
from app.ui.filings.filing_action_dialogs import (
    ActionInput,
    CorrectionAnswer,
    CorrectionAnswerDialog,
    CorrectionRequestDialog,
    OpinionDialog,
)
from app.ui.filings.filing_timeline import StepAxis

DISCARD = "discard_draft"  # not an action of the table: a draft that was never filed goes away


def changes_after(action: str, filing_type: str) -> Changes:
    """What a filing action changes besides the filing: an approval writes the register (a
    change of employer moves the person too, a cancellation revokes certificates)."""
    approved = action == "approve"
    return Changes(filings=True, registrations=approved,
                   persons=approved and filing_type == fr.CHANGE,
                   certificates=approved and filing_type == fr.CANCELLATION)


def _table(headers: list[str], name: str) -> QTableWidget:
    t = QTableWidget(0, len(headers))
    t.setObjectName(name)
    t.setHorizontalHeaderLabels(headers)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setMinimumSectionSize(90)  # empty tables keep readable headers
    t.horizontalHeader().setStretchLastSection(True)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.verticalHeader().setVisible(False)
    return t


def _when(value: datetime | None) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else ""


class FilingDetailView(QWidget):
    acted = Signal(object)  # the filing's id after an action, None once a draft was discarded
    refile_requested = Signal(object, str)  # person id, filing type: 撤回的数据可以再次申请

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.page: FilingPage | None = None
        self._generation = 0
        self._busy = False
        follow_changes(self, ctx.changes, ("filings",), self.reload)
        self.heading = QLabel(self.tr("未选择申报"))
        self.heading.setObjectName("filingHeading")
        self.heading.setStyleSheet("font-size: 14pt; font-weight: 600;")
        self.subheading = QLabel()
        self.subheading.setObjectName("filingSubheading")
        self.subheading.setWordWrap(True)
        self.axis = StepAxis()
        self.events = _table([self.tr("时间"), self.tr("操作"), self.tr("操作人"),
                              self.tr("状态"), self.tr("说明")], "eventsTable")
        self.messages = _table([self.tr("时间"), self.tr("发送人"), self.tr("内容")], "messagesTable")
        self.corrections = _table([self.tr("提出时间"), self.tr("补正内容"), self.tr("补正原因"),
                                   self.tr("状态")], "correctionsTable")
        self.action_row = QHBoxLayout()
        self.action_buttons: dict[str, QPushButton] = {}
        tabs = QSplitter()
        tabs.setOrientation(tabs.orientation().Vertical)
        for title, widget in ((self.tr("办理记录"), self.events), (self.tr("消息"), self.messages),
                              (self.tr("补正"), self.corrections)):
            box = QGroupBox(title)
            QVBoxLayout(box).addWidget(widget)
            tabs.addWidget(box)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(self.axis)
        layout.addWidget(tabs, 1)
        layout.addLayout(self.action_row)

    @property
    def filing(self) -> FilingView | None:
        return self.page.filing if self.page is not None else None

    # -- loading ---------------------------------------------------------------------------
    def show_filing(self, filing_id: uuid.UUID | None) -> None:
        self._generation += 1
        generation = self._generation
        if filing_id is None:
            self._fill(None)
            return

        def done(page: FilingPage) -> None:
            if generation == self._generation:
                self._fill(page)

        def fail(exc: BaseException) -> None:
            if generation == self._generation:
                self.heading.setText(error_text(exc))

        filings = self.ctx.services.filings
        run_in_background(lambda: filings.filing_page(filing_id), on_success=done, on_error=fail)

    def reload(self) -> None:
        """Show the current filing again (another screen or workstation may have moved it)."""
        if self.filing is not None:
            self.show_filing(self.filing.id)

    def _fill(self, page: FilingPage | None) -> None:
        self.page = page
        for b in self.action_buttons.values():
            b.deleteLater()
        self.action_buttons = {}
        while self.action_row.count():
            self.action_row.takeAt(0)
        if page is None:
            self.heading.setText(self.tr("未选择申报"))
            self.subheading.clear()
            for t in (self.events, self.messages, self.corrections):
                t.setRowCount(0)
            return
        f = page.filing
        self.heading.setText(self.tr("{0}  {1} — {2}").format(
            f.number, type_name(f.type), state_name(f.state)))
        consent = self.tr("；企业已同意撤回") if f.employer_consent else ""
        self.subheading.setText(self.tr("申请人：{0}（{1}）  注册专业：{2}{3}").format(
            f.person_name, page.person_id_number or "—", kind_specialty(f.kind, f.specialty),
            consent))
        self.axis.set_filing(f.state, f.events)
        self._rows(self.events, [(_when(e.at), action_name(e.action), e.actor,
                                  state_name(e.to_state), e.note or "") for e in f.events])
        self._rows(self.messages, [(_when(m.at), m.author, m.body) for m in page.messages])
        self._rows(self.corrections, [
            (_when(c.requested_at), c.content, c.reason,
             self.tr("待补正") if c.state == "open" else self.tr("已补正 {0}").format(_when(c.answered_at)))
            for c in f.corrections])
        # Drafts are submitted by the wizard; one left over (by an older version, the CLI) can
        # be thrown away here so it does not block the specialty.
        actions = [a for a in f.allowed_actions if a != "submit"]
        if f.can_discard and self.ctx.can("filing.write"):
            actions.append(DISCARD)
        if f.can_refile and self.ctx.can("filing.write"):
            refile = QPushButton(self.tr("再次申报…"))
            refile.setObjectName("action_refile")
            refile.clicked.connect(lambda: self.refile_requested.emit(f.person_id, f.type))
            self.action_buttons["refile"] = refile
            self.action_row.addWidget(refile)
        for action in actions:
            button = QPushButton(self.tr("删除草稿") if action == DISCARD else action_name(action))
            button.setObjectName(f"action_{action}")
            button.clicked.connect(lambda _=False, a=action: self.run_action(a))
            self.action_buttons[action] = button
            self.action_row.addWidget(button)
        self.action_row.addStretch(1)

    @staticmethod
    def _rows(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
        table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, v in enumerate(values):
                table.setItem(r, c, QTableWidgetItem(str(v)))

    # -- actions ---------------------------------------------------------------------------
    def open_correction(self) -> CorrectionView | None:
        f = self.filing
        return f.open_corrections[0] if f is not None and f.open_corrections else None

    def ask_action_input(self, action: str) -> ActionInput | CorrectionAnswer | None:
        """The extra input an action needs (tests replace this); None = the user cancelled."""
        f = self.filing
        assert f is not None
        if action == "request_corrections":
            return CorrectionRequestDialog.ask(self)
        if action in ("approve", "reject"):
            return OpinionDialog.ask(self, action)
        if action == "answer_corrections":
            correction = self.open_correction()
            if correction is None:
                return None
            return CorrectionAnswerDialog.ask(self, correction,
                                              self.ctx.services.filings.upload_limits())
        if action == "withdraw":
            answer = QMessageBox.question(self, self.tr("撤回申报"), self.tr(
                "确定撤回申报 {0}？撤回后可以重新申报。").format(f.number))
            return ActionInput() if answer == QMessageBox.StandardButton.Yes else None
        if action == DISCARD:
            answer = QMessageBox.question(self, self.tr("删除草稿"), self.tr(
                "确定删除未上报的草稿 {0}？").format(f.number))
            return ActionInput() if answer == QMessageBox.StandardButton.Yes else None
        return ActionInput()

    def run_action(self, action: str) -> None:
        """Ask for the action's input, then run it off the GUI thread; every open view of
        filings refreshes itself when it is done (a refusal reloads this page: the filing
        may have moved on at another workstation)."""
        f = self.filing
        if f is None or self._busy:
            return
        given = self.ask_action_input(action)
        if given is None:
            return
        work = self._work(f, action, given)
        filing_id = f.id

        def done(_result: object) -> None:
            self._busy = False
            if action == DISCARD:
                self.show_filing(None)
                self.acted.emit(None)
            else:
                self.acted.emit(filing_id)

        def failed(exc: BaseException) -> None:
            self._busy = False
            show_error(self, exc)
            self.show_filing(filing_id)

        self._busy = True
        run_op(self.ctx.changes, work, changes_after(action, f.type), on_success=done,
               on_error=failed)

    def _work(self, f: FilingView, action: str,
              given: ActionInput | CorrectionAnswer) -> Callable[[], object]:
        # No expected version: the service's table decides on the filing as it is now, so a
        # screen that is behind gets the table's reason ("cannot withdraw once accepted").
        svc, filing_id = self.ctx.services.filings, f.id
        if isinstance(given, CorrectionAnswer):
            return lambda: svc.answer_corrections(
                filing_id, filename=given.filename, content=given.content, note=given.note,
                correction_id=given.correction_id)
        if action == DISCARD:
            return lambda: svc.discard_draft(filing_id)
        return lambda: svc.perform(filing_id, action, note=given.note, opinion=given.opinion,
                                   content=given.content, reason=given.reason)
