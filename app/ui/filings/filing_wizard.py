"""The filing wizard (seed 004): choose → approval conditions → commitment → form → confirm.

Every filing type walks the same path the national system prescribes: tick every approval
condition ("select all" helps), pass the social-security warning if the person is flagged,
read the personal commitment whose confirm button unlocks only after the reading delay
(60 s; injectable so tests need not wait), fill in the type's own form, and confirm before
submitting. The services check every rule again; the wizard only keeps clerks from wasting time.
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.services.filing_views import FilingView
from app.ui.common.changes import Changes, run_op
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text
from app.ui.common.labels import TYPES, kind_name, kind_specialty, type_name
from app.ui.filings import filing_texts
from app.ui.filings.filing_form_page import ConfirmPage, FormPage
from app.ui.filings.wizard_state import Target, WizardState, targets_for

COMMITMENT_DELAY_S = 60


class TypePage(QWizardPage):
    def __init__(self, wizard: FilingWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("选择申报事项"))
        self.type = QComboBox()
        self.type.setObjectName("filingType")
        for code in TYPES:
            self.type.addItem(type_name(code), code)
        self.target = QComboBox()
        self.target.setObjectName("filingTarget")
        self.hint = QLabel()
        self.hint.setObjectName("targetHint")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #8a5a00;")
        person = wizard.state.person
        form = QFormLayout(self)
        form.addRow(self.tr("申请人"), QLabel(f"{person.name}  {person.id_number}"))
        form.addRow(self.tr("申报事项"), self.type)
        form.addRow(self.tr("注册专业"), self.target)
        form.addRow("", self.hint)
        self.type.currentIndexChanged.connect(self._fill_targets)
        self.target.currentIndexChanged.connect(lambda _i: self.completeChanged.emit())
        self._targets: list[Target] = []

    def initializePage(self) -> None:
        self.type.setCurrentIndex(max(self.type.findData(self.w.state.filing_type), 0))
        self._fill_targets()

    def _fill_targets(self) -> None:
        code = self.type.currentData()
        self._targets, hint = targets_for(self.w.state, code, self.w.today)
        self.target.clear()
        for t in self._targets:
            label = kind_specialty(t.kind, t.specialty)
            if t.registration is not None:
                label += f"  {t.registration.registration_number}  ≤ {t.registration.valid_until}"
            self.target.addItem(label)
        self.hint.setText("" if self._targets else hint)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self._targets) and self.target.currentIndex() >= 0

    def validatePage(self) -> bool:
        if not self.isComplete():
            return False
        self.w.state.filing_type = self.type.currentData()
        self.w.state.target = self._targets[self.target.currentIndex()]
        return True


class ConditionsPage(QWizardPage):
    def __init__(self, wizard: FilingWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("审批条件"))
        self.setSubTitle(self.tr("请认真阅读并逐项勾选审批条件。"))
        self.layout_ = QVBoxLayout(self)
        self.select_all = QCheckBox(self.tr("全选(&A)"))
        self.select_all.setObjectName("selectAll")
        self.select_all.clicked.connect(self._toggle_all)
        self.boxes: list[QCheckBox] = []

    def initializePage(self) -> None:
        for b in self.boxes:
            b.deleteLater()
        self.boxes = []
        while self.layout_.count():
            self.layout_.takeAt(0)
        for i, text in enumerate(filing_texts.conditions(self.w.state.filing_type)):
            box = QCheckBox(text)
            box.setObjectName(f"condition{i}")
            box.toggled.connect(self._changed)
            self.boxes.append(box)
            self.layout_.addWidget(box)
        self.layout_.addSpacing(12)
        self.layout_.addWidget(self.select_all)
        self.layout_.addStretch(1)
        self.select_all.setChecked(False)

    def _toggle_all(self, on: bool) -> None:
        for b in self.boxes:
            b.setChecked(on)

    def _changed(self) -> None:
        self.select_all.setChecked(all(b.isChecked() for b in self.boxes))
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return bool(self.boxes) and all(b.isChecked() for b in self.boxes)

    def validatePage(self) -> bool:
        if self.w.state.person.social_security_flag:
            if not self.w.confirm(self.tr("社保缴纳情况异常"), filing_texts.social_security_notice()):
                self.w.reject()  # 取消: the filing is abandoned, as in the national system
                return False
            self.w.state.social_security_override = True
        return True


class CommitmentPage(QWizardPage):
    def __init__(self, wizard: FilingWizard) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("个人承诺书"))
        self.text = QTextBrowser()
        self.text.setObjectName("commitmentText")
        self.commit = QRadioButton(self.tr("本人作出上述承诺"))
        self.commit.setObjectName("commit")
        self.decline = QRadioButton(self.tr("本人不作出上述承诺"))
        self.decline.setObjectName("decline")
        group = QButtonGroup(self)
        group.addButton(self.commit)
        group.addButton(self.decline)
        group.buttonToggled.connect(lambda *_: self.completeChanged.emit())
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.commit)
        layout.addWidget(self.decline)
        self.remaining = 0
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self._tick)

    def initializePage(self) -> None:
        p, st = self.w.state.person, self.w.state
        self.text.setPlainText(filing_texts.commitment(
            name=p.name, id_number=p.id_number, mobile=p.mobile or "—",
            kind=kind_name(st.target.kind) if st.target else "", employer=p.employer_name or "—"))
        self.remaining = self.w.commitment_delay_s
        self._update_button()
        if self.remaining > 0:
            self.timer.start()

    def cleanupPage(self) -> None:
        self.timer.stop()

    def _tick(self) -> None:
        self.remaining -= 1
        if self.remaining <= 0:
            self.timer.stop()
        self._update_button()

    def _update_button(self) -> None:
        text = (self.tr("确认（{0}秒）").format(self.remaining) if self.remaining > 0
                else self.tr("确认"))
        self.setButtonText(QWizard.WizardButton.NextButton, text)
        self.completeChanged.emit()

    def isComplete(self) -> bool:
        return self.remaining <= 0 and (self.commit.isChecked() or self.decline.isChecked())

    def validatePage(self) -> bool:
        if self.decline.isChecked():
            self.w.reject()  # 不作出承诺 = 取消申报
            return False
        return True


class FilingWizard(QWizard):
    def __init__(self, ctx: UiContext, person_id: uuid.UUID, filing_type: str = "initial",
                 parent: QWidget | None = None, commitment_delay_s: int = COMMITMENT_DELAY_S,
                 today: date | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.commitment_delay_s = commitment_delay_s
        self.today = today or date.today()
        self.created: FilingView | None = None
        self.submitting = False
        record = ctx.services.register.person_record(person_id)
        self.state = WizardState(record.person, list(record.qualifications),
                                 list(record.registrations), filing_type,
                                 continuation=dict(record.continuation))
        self.setWindowTitle(self.tr("新建申报 — {0}").format(record.person.name))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, False)
        self.type_page = TypePage(self)
        self.conditions_page = ConditionsPage(self)
        self.commitment_page = CommitmentPage(self)
        self.form_page = FormPage(self)
        self.confirm_page = ConfirmPage(self)
        for page in (self.type_page, self.conditions_page, self.commitment_page,
                     self.form_page, self.confirm_page):
            self.addPage(page)
        self.setButtonText(QWizard.WizardButton.NextButton, self.tr("下一步(&N) >"))
        self.setButtonText(QWizard.WizardButton.BackButton, self.tr("< 上一步(&B)"))
        self.setButtonText(QWizard.WizardButton.CancelButton, self.tr("取消"))
        self.setButtonText(QWizard.WizardButton.FinishButton, self.tr("上报(&S)"))
        self.resize(760, 600)

    def reject(self) -> None:
        if self.submitting:
            return  # the service is taking the filing: its answer decides how the wizard ends
        super().reject()

    def confirm(self, title: str, text: str) -> bool:
        """OK/Cancel question (tests replace this method to answer it)."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel, self)
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("确定"))
        box.button(QMessageBox.StandardButton.Cancel).setText(self.tr("取消"))
        box.setTextFormat(Qt.TextFormat.PlainText)
        return box.exec() == QMessageBox.StandardButton.Ok

    def submit(self) -> None:
        """上报 off the GUI thread, as one use case: the service creates the filing, attaches
        the files and submits it in one transaction. Success closes the wizard; a refusal (no
        photo yet, say) is shown on the confirmation page, nothing is stored, and the clerk can
        fix the cause and press 上报 again."""
        st = self.state
        assert st.target is not None
        svc = self.ctx.services.filings
        person_id, filing_type, target = st.person.id, st.filing_type, st.target
        data, attachments = dict(st.data), tuple(st.attachments)
        override = st.social_security_override

        def work() -> FilingView:
            # The wizard's pages are the conditions and the commitment: reaching 上报 means
            # every condition was ticked and the commitment made.
            return svc.create_and_submit(
                person_id=person_id, filing_type=filing_type, kind=target.kind,
                specialty=target.specialty, data=data, attachments=attachments,
                conditions_accepted=True, commitment_accepted=True,
                social_security_override=override)

        def done(created: FilingView) -> None:
            self._set_submitting(False)
            self.created = created
            if self.isVisible():
                # QDialog's own done(): the confirmation page has been validated already.
                QDialog.done(self, QDialog.DialogCode.Accepted.value)

        def failed(exc: BaseException) -> None:
            self._set_submitting(False)
            self.confirm_page.show_error(error_text(exc))

        self._set_submitting(True)
        run_op(self.ctx.changes, work, Changes(filings=True), on_success=done, on_error=failed)

    def _set_submitting(self, on: bool) -> None:
        self.submitting = on
        self.confirm_page.completeChanged.emit()  # 上报 is disabled while the service works
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.CancelButton):
            self.button(which).setEnabled(not on)

    @classmethod
    def ask(cls, ctx: UiContext, person_id: uuid.UUID, filing_type: str = "initial",
            parent: QWidget | None = None) -> FilingView | None:
        wiz = cls(ctx, person_id, filing_type, parent)
        return wiz.created if wiz.exec() == QWizard.DialogCode.Accepted else None
