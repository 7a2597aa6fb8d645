"""Right-hand panel of the persons screen: one person's details, registrations, filings, photo.

The panel reads the person's whole record in one service call off the GUI thread, and reads it
again by itself when an operation reports that something it shows changed (a filing approved on
the review screen adds a registration here, a 信息更正 renames the person, ...).
"""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.services.register_service import PersonRecord, RegistrationView
from app.ui.common.background import run_in_background
from app.ui.common.changes import Kind, follow_changes
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text
from app.ui.common.labels import kind_specialty, state_name, type_name
from app.ui.persons.person_images_panel import PersonImagesPanel
from app.ui.persons.person_requests_dialog import AppealDialog, InfoCorrectionDialog
from app.ui.persons.qualification_dialog import QualificationDialog

# What the persons screen shows: a change to any of these makes it read again.
SHOWN_KINDS: tuple[Kind, ...] = ("persons", "employers", "filings", "registrations", "certificates")



class PersonDetailPanel(QWidget):
    edit_requested = Signal()
    new_filing_requested = Signal(object)  # person id
    open_filing_requested = Signal(object)  # filing id

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.person_id: uuid.UUID | None = None
        self.record: PersonRecord | None = None
        self._generation = 0
        self.heading = QLabel(self.tr("未选择人员"))
        self.heading.setObjectName("personHeading")
        self.heading.setStyleSheet("font-size: 15pt; font-weight: 600;")
        info = QGroupBox(self.tr("基本信息"))
        self.form = QFormLayout(info)
        self.labels: dict[str, QLabel] = {}
        for key, label in (("id_number", self.tr("证件号码")), ("gender", self.tr("性别")),
                           ("birth_date", self.tr("出生日期")), ("mobile", self.tr("手机号")),
                           ("employer", self.tr("工作单位")), ("employment", self.tr("聘用期")),
                           ("qualifications", self.tr("执业资格")), ("flags", self.tr("提示"))):
            value = QLabel()
            value.setObjectName(f"detail_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.labels[key] = value
            self.form.addRow(label, value)
        regs = QGroupBox(self.tr("注册信息"))
        regs_layout = QVBoxLayout(regs)
        self.registrations = QTableWidget(0, 4)
        self.registrations.setObjectName("registrationsTable")
        self.registrations.setHorizontalHeaderLabels(
            [self.tr("类别与专业"), self.tr("注册编号"), self.tr("有效期至"), self.tr("状态")])
        self.registrations.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.registrations.horizontalHeader().setStretchLastSection(True)
        self.registrations.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.registrations.verticalHeader().setVisible(False)
        regs_layout.addWidget(self.registrations)
        # 当前申报 and 历史申报 of this person; double-click opens the filing's page.
        self.filings = QTableWidget(0, 3)
        self.filings.setObjectName("personFilingsTable")
        self.filings.setHorizontalHeaderLabels([self.tr("申报编号"), self.tr("类型"), self.tr("状态")])
        self.filings.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.filings.horizontalHeader().setStretchLastSection(True)
        self.filings.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.filings.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.filings.verticalHeader().setVisible(False)
        self.filings.setMaximumHeight(140)
        self.filings.cellDoubleClicked.connect(self._open_filing)
        regs_layout.addWidget(QLabel(self.tr("申报记录（双击打开）")))
        regs_layout.addWidget(self.filings)
        buttons = QHBoxLayout()
        self.edit_button = QPushButton(self.tr("编辑(&E)…"))
        self.edit_button.setObjectName("editPerson")
        self.edit_button.clicked.connect(self.edit_requested)
        self.filing_button = QPushButton(self.tr("新建申报(&B)…"))
        self.filing_button.setObjectName("newFilingForPerson")
        self.filing_button.clicked.connect(lambda: self.new_filing_requested.emit(self.person_id))
        self.edit_button.setVisible(ctx.can("person.write"))
        self.filing_button.setVisible(ctx.can("filing.write"))
        self.qual_button = QPushButton(self.tr("添加执业资格(&Q)…"))
        self.qual_button.setObjectName("addQualification")
        self.qual_button.clicked.connect(self.add_qualification)
        self.qual_button.setVisible(ctx.can("person.write"))
        self.appeal_button = QPushButton(self.tr("申辩…"))
        self.appeal_button.setObjectName("appeal")
        self.appeal_button.clicked.connect(self.appeal)
        self.appeal_button.setVisible(ctx.can("appeal.create"))
        self.info_button = QPushButton(self.tr("信息更正…"))
        self.info_button.setObjectName("infoCorrection")
        self.info_button.clicked.connect(self.info_correction)
        self.info_button.setVisible(ctx.can("info_correction.create"))
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.qual_button)
        buttons.addWidget(self.filing_button)
        buttons.addStretch(1)
        buttons.addWidget(self.appeal_button)
        buttons.addWidget(self.info_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(info)
        layout.addWidget(regs, 1)
        self.images = PersonImagesPanel(ctx)
        layout.addWidget(self.images)
        layout.addLayout(buttons)
        follow_changes(self, ctx.changes, SHOWN_KINDS, self.reload)
        self.show_person(None)

    # -- loading ---------------------------------------------------------------------------
    def show_person(self, person_id: uuid.UUID | None) -> None:
        self.person_id = person_id
        self._generation += 1
        enabled = person_id is not None
        for button in (self.edit_button, self.qual_button, self.appeal_button, self.info_button,
                       self.filing_button):
            button.setEnabled(enabled)
        if person_id is None:
            self.record = None
            self.heading.setText(self.tr("未选择人员"))
            for label in self.labels.values():
                label.clear()
            self.registrations.setRowCount(0)
            self.filings.setRowCount(0)
            self.images.set_person(None)
            return
        self.reload()

    def reload(self) -> None:
        """Read the shown person's record again (off the GUI thread; the newest read wins)."""
        person_id = self.person_id
        if person_id is None:
            return
        self._generation += 1
        generation = self._generation

        def done(record: PersonRecord) -> None:
            if generation == self._generation:
                self._fill(record)

        def fail(exc: BaseException) -> None:
            if generation == self._generation:
                self.heading.setText(error_text(exc))

        run_in_background(lambda: self.ctx.services.register.person_record(person_id),
                          on_success=done, on_error=fail)


    # -- showing ---------------------------------------------------------------------------
    def _fill(self, record: PersonRecord) -> None:
        self.record = record
        person = record.person
        self.heading.setText(person.name)
        self.labels["id_number"].setText(person.id_number)
        self.labels["gender"].setText(self.tr("男") if person.gender == "M" else self.tr("女"))
        self.labels["birth_date"].setText(str(person.birth_date))
        self.labels["mobile"].setText(person.mobile or "")
        employer = f"{person.employer_name or ''}  {person.employer_uscc or ''}".strip()
        self.labels["employer"].setText(employer)
        if person.employment_start is not None:
            end = str(person.employment_end) if person.employment_end else self.tr("无固定期")
            self.labels["employment"].setText(
                self.tr("{0} — {1}").format(person.employment_start, end))
        else:
            self.labels["employment"].clear()
        flags = []
        if not record.has_photo:
            flags.append(self.tr("缺少照片"))
        if not record.has_signature:
            flags.append(self.tr("缺少签名"))
        if person.social_security_flag:
            flags.append(self.tr("社保异常"))
        self.labels["flags"].setText("、".join(flags) if flags else self.tr("无"))
        quals = [self.tr("{0}（{1}）").format(kind_specialty(q.kind, q.specialty), q.certificate_number)
                 for q in record.qualifications]
        self.labels["qualifications"].setText("\n".join(quals) if quals else self.tr("无"))
        self.registrations.setRowCount(len(record.registrations))
        for r, reg in enumerate(record.registrations):
            until = str(reg.valid_until)
            if reg.next_valid_until is not None:
                # A continuation approved before expiry: the next period is already recorded.
                until = self.tr("{0}（已延续至 {1}）").format(until, reg.next_valid_until)
            values = (kind_specialty(reg.kind, reg.specialty), reg.registration_number,
                      until, self._status(reg))
            for c, v in enumerate(values):
                self.registrations.setItem(r, c, QTableWidgetItem(v))
        self.filings.setRowCount(len(record.filings))
        for r, f in enumerate(record.filings):
            for c, v in enumerate((f.number, type_name(f.type), state_name(f.state))):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, f.id)
                self.filings.setItem(r, c, item)
        self.images.set_person(person.id)

    def _status(self, reg: RegistrationView) -> str:
        """The registration's status as of the service's today."""
        if reg.status == "cancelled":
            return self.tr("已注销")
        if reg.status == "expired":
            return self.tr("已过期")
        return self.tr("有效（剩 {0} 天）").format(reg.days_left)

    # -- actions ---------------------------------------------------------------------------
    # The dialogs write through the services and report what changed; the panel then reads the
    # person again by itself (it follows ctx.changes).
    def add_qualification(self) -> None:
        if self.person_id is not None:
            QualificationDialog.ask(self.ctx, self.person_id, self)

    def appeal(self) -> None:
        if self.record is not None:
            AppealDialog.ask(self.ctx, self.record.person, self)

    def info_correction(self) -> None:
        if self.record is not None:
            InfoCorrectionDialog.ask(self.ctx, self.record.person, self)

    def _open_filing(self, row: int, _column: int) -> None:
        item = self.filings.item(row, 0)
        if item is not None:
            self.open_filing_requested.emit(item.data(Qt.ItemDataRole.UserRole))
