"""One filing: header, progress axis, events, messages, 补正 requests, and its actions.

The action buttons are exactly :func:`app.domain.filing_rules.allowed_actions` for the filing's
state, the employer's consent and the actor's role, so a clerk sees 撤回 only where seed 004
allows it (个人已上报/企业已上报, or at the authority once the employer consented). The
service checks again: if another workstation moved the filing meanwhile, the refusal appears
as a translated message and the page reloads.
"""

from __future__ import annotations

from typing import Any

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
from app.errors import RegistryError
from app.ui.common.adapters import FilingsAdapter
from app.ui.common.background import run_in_background
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text, show_error
from app.ui.common.labels import action_name, state_name, type_name
from app.ui.filings.attachment_picker import upload_limits
from app.ui.filings.filing_action_dialogs import (
    CorrectionAnswerDialog,
    CorrectionRequestDialog,
    OpinionDialog,
)
from app.ui.filings.filing_timeline import StepAxis
from app.ui.persons.person_detail_panel import specialty_label

# Actions that need more than a click, and the dialog that asks for it.
NEEDS_INPUT = {"request_corrections", "approve", "reject", "answer_corrections"}


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


def _when(value: Any) -> str:
    return value.astimezone().strftime("%Y-%m-%d %H:%M") if value is not None else ""


class FilingDetailView(QWidget):
    changed = Signal(object)  # the filing after an action (lists refresh themselves)
    refile_requested = Signal(object, str)  # person id, filing type: 撤回的数据可以再次申请

    def __init__(self, ctx: UiContext, filings: FilingsAdapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.filings = ctx, filings
        self.filing: Any = None
        self._generation = 0
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
        self.actions = QHBoxLayout()
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
        layout.addLayout(self.actions)

    # -- loading ---------------------------------------------------------------------------
    def show_filing(self, filing_id: Any) -> None:
        self._generation += 1
        generation = self._generation
        if filing_id is None:
            self._fill(None)
            return

        def done(detail: Any) -> None:
            if generation == self._generation:
                self._fill(detail)

        def fail(exc: BaseException) -> None:
            if generation == self._generation:
                self.heading.setText(error_text(exc))

        run_in_background(lambda: self.filings.detail(filing_id), on_success=done, on_error=fail)

    def _fill(self, f: Any) -> None:
        self.filing = f
        for b in self.action_buttons.values():
            b.deleteLater()
        self.action_buttons = {}
        while self.actions.count():
            self.actions.takeAt(0)
        if f is None:
            self.heading.setText(self.tr("未选择申报"))
            self.subheading.clear()
            for t in (self.events, self.messages, self.corrections):
                t.setRowCount(0)
            return
        self.heading.setText(self.tr("{0}  {1} — {2}").format(
            f.number, type_name(f.type), state_name(f.state)))
        consent = self.tr("；企业已同意撤回") if f.employer_consent else ""
        self.subheading.setText(self.tr("申请人：{0}（{1}）  注册专业：{2}{3}").format(
            f.person_name, f.person_id_number or "—",
            specialty_label(f.kind, f.specialty, self.ctx.lang), consent))
        self.axis.set_filing(f.state, list(f.events))
        self._rows(self.events, [(_when(e.at), action_name(e.action), e.actor,
                                  state_name(e.to_state), e.note or "") for e in f.events])
        self._rows(self.messages, [(_when(m.at), m.author, m.body) for m in f.messages])
        self._rows(self.corrections, [
            (_when(c.requested_at), c.content, c.reason,
             self.tr("待补正") if c.state == "open" else self.tr("已补正 {0}").format(_when(c.answered_at)))
            for c in f.corrections])
        actions = getattr(f, "allowed_actions", None)
        if actions is None:
            actions = fr.allowed_actions(f.state, employer_consent=f.employer_consent,
                                         role=self.ctx.actor.role)
        if f.state == fr.DRAFT and self.ctx.can("filing.write"):
            # Drafts are filed through the wizard; one left over (a failed 上报, the CLI) can
            # be thrown away here so it does not block the specialty.
            actions = (*[a for a in actions if a != "submit"], "discard_draft")
        if getattr(f, "can_refile", False) and self.ctx.can("filing.write"):
            refile = QPushButton(self.tr("再次申报…"))
            refile.setObjectName("action_refile")
            refile.clicked.connect(lambda: self.refile_requested.emit(f.person_id, f.type))
            self.action_buttons["refile"] = refile
            self.actions.addWidget(refile)
        for action in actions:
            if action == "submit":
                continue  # drafts are submitted by the wizard
            button = QPushButton(self.tr("删除草稿") if action == "discard_draft"
                                 else action_name(action))
            button.setObjectName(f"action_{action}")
            button.clicked.connect(lambda _=False, a=action: self.run_action(a))
            self.action_buttons[action] = button
            self.actions.addWidget(button)
        self.actions.addStretch(1)

    @staticmethod
    def _rows(table: QTableWidget, rows: list[tuple[str, ...]]) -> None:
        table.setRowCount(len(rows))
        for r, values in enumerate(rows):
            for c, v in enumerate(values):
                table.setItem(r, c, QTableWidgetItem(str(v)))

    # -- actions ---------------------------------------------------------------------------
    def open_correction(self) -> Any:
        return next((c for c in self.filing.corrections if c.state == "open"), None)


    def ask_action_input(self, action: str) -> dict[str, Any] | None:
        """The extra input an action needs (tests replace this); None = the user cancelled."""
        if action == "request_corrections":
            return CorrectionRequestDialog.ask(self)
        if action in ("approve", "reject"):
            return OpinionDialog.ask(self, action)
        if action == "answer_corrections":
            correction = self.open_correction()
            if correction is None:
                return None
            limits = upload_limits(self.ctx)
            return CorrectionAnswerDialog.ask(self, correction, (
                limits["correction_upload_min_bytes"], limits["correction_upload_max_bytes"]))
        if action == "withdraw":
            answer = QMessageBox.question(self, self.tr("撤回申报"), self.tr(
                "确定撤回申报 {0}？撤回后可以重新申报。").format(self.filing.number))
            return {} if answer == QMessageBox.StandardButton.Yes else None
        if action == "discard_draft":
            answer = QMessageBox.question(self, self.tr("删除草稿"), self.tr(
                "确定删除未上报的草稿 {0}？").format(self.filing.number))
            return {} if answer == QMessageBox.StandardButton.Yes else None
        return {}

    def run_action(self, action: str) -> None:
        if self.filing is None:
            return
        kwargs = self.ask_action_input(action)
        if kwargs is None:
            return
        filing_id = self.filing.id
        try:
            result = self.filings.act(filing_id, action, **kwargs)
        except RegistryError as exc:
            show_error(self, exc)
            self.show_filing(filing_id)  # the state may have moved elsewhere: show the truth
            return
        if action == "discard_draft":
            self.changed.emit(None)
            self.show_filing(None)
            return
        self.changed.emit(result)
        self.show_filing(filing_id)
