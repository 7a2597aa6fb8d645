"""Right-hand panel of the persons screen: one person's details, registrations, photo."""

from __future__ import annotations

import importlib
import logging
from datetime import date
from typing import Any

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

from app.domain.kinds import kind_rules
from app.ui.common.adapters import PersonsAdapter
from app.ui.common.background import run_in_background
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text

log = logging.getLogger(__name__)


def specialty_label(kind: str, specialty: str, lang: str) -> str:
    try:
        rules = kind_rules(kind)
        if not specialty:
            return rules.name_en if lang == "en" else rules.name_zh
        spec = rules.specialty(specialty)
    except Exception:
        return f"{kind}/{specialty}"
    if lang == "en":
        return f"{rules.name_en} — {spec.en}"
    return f"{rules.name_zh} — {spec.zh}"


class PersonDetailPanel(QWidget):
    edit_requested = Signal()
    new_filing_requested = Signal(object)
    open_filing_requested = Signal(object)

    def __init__(self, ctx: UiContext, persons: PersonsAdapter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.persons = ctx, persons
        self.person_id: Any = None
        self.record: Any = None
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
        self.appeal_button.clicked.connect(lambda: self._request("appeal"))
        self.appeal_button.setVisible(ctx.can("appeal.create"))
        self.info_button = QPushButton(self.tr("信息更正…"))
        self.info_button.setObjectName("infoCorrection")
        self.info_button.clicked.connect(lambda: self._request("info"))
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
        self.images = self._images_panel()
        if self.images is not None:
            layout.addWidget(self.images)
        layout.addLayout(buttons)
        self.show_person(None)

    def _images_panel(self) -> QWidget | None:
        """The photo-and-signature panel belongs to the photo part; embed it when present."""
        try:
            module = importlib.import_module("app.ui.persons.person_images_panel")
            return module.PersonImagesPanel(self.ctx)  # type: ignore[no-any-return]
        except Exception as exc:
            log.info("photo panel not available: %s", exc)
            return None

    def show_person(self, person_id: Any) -> None:
        self.person_id = person_id
        self._generation += 1
        enabled = person_id is not None
        self.edit_button.setEnabled(enabled)
        self.qual_button.setEnabled(enabled)
        self.appeal_button.setEnabled(enabled)
        self.info_button.setEnabled(enabled)
        self.filing_button.setEnabled(enabled)
        if not enabled:
            self.heading.setText(self.tr("未选择人员"))
            for label in self.labels.values():
                label.clear()
            self.registrations.setRowCount(0)
            self.filings.setRowCount(0)
            return
        generation = self._generation

        def done(record: Any) -> None:
            if generation == self._generation:
                self._fill(record)

        def fail(exc: BaseException) -> None:
            if generation == self._generation:
                self.heading.setText(error_text(exc))

        run_in_background(lambda: self.persons.record(person_id), on_success=done, on_error=fail)

    def _fill(self, record: Any) -> None:
        self.record = record
        person, registrations = record.person, list(record.registrations)
        self.heading.setText(person.name)
        self.labels["id_number"].setText(person.id_number)
        self.labels["gender"].setText(self.tr("男") if person.gender == "M" else self.tr("女"))
        self.labels["birth_date"].setText(str(person.birth_date))
        self.labels["mobile"].setText(person.mobile or "")
        employer = getattr(person, "employer_name", None) or ""
        uscc = getattr(person, "employer_uscc", None) or ""
        self.labels["employer"].setText(f"{employer}  {uscc}".strip())
        start = person.employment_start or ""
        end = person.employment_end or self.tr("无固定期")
        self.labels["employment"].setText(f"{start} — {end}" if start else "")
        flags = []
        if not record.has_photo:
            flags.append(self.tr("缺少照片"))
        if not record.has_signature:
            flags.append(self.tr("缺少签名"))
        if person.social_security_flag:
            flags.append(self.tr("社保异常"))
        self.labels["flags"].setText("、".join(flags) if flags else self.tr("无"))
        quals = [specialty_label(q.kind, q.specialty, self.ctx.lang) + f"（{q.certificate_number}）"
                 for q in record.qualifications]
        self.labels["qualifications"].setText("\n".join(quals) if quals else self.tr("无"))
        today = date.today()
        self.registrations.setRowCount(len(registrations))
        for r, reg in enumerate(registrations):
            days = (reg.valid_until - today).days
            if reg.state != "active":
                state = self.tr("已注销")
            elif days < 0:
                state = self.tr("已过期")
            else:
                state = self.tr("有效（剩 {0} 天）").format(days)
            values = (specialty_label(reg.kind, reg.specialty, self.ctx.lang),
                      reg.registration_number, str(reg.valid_until), state)
            for c, v in enumerate(values):
                self.registrations.setItem(r, c, QTableWidgetItem(v))
        from app.ui.common.labels import state_name, type_name

        self.filings.setRowCount(len(record.filings))
        for r, f in enumerate(record.filings):
            for c, v in enumerate((f.number, type_name(f.type), state_name(f.state))):
                item = QTableWidgetItem(v)
                item.setData(Qt.ItemDataRole.UserRole, f.id)
                self.filings.setItem(r, c, item)
        if self.images is not None and hasattr(self.images, "set_person"):
            self.images.set_person(person.id)

    def add_qualification(self) -> None:
        from app.ui.persons.qualification_dialog import QualificationDialog

        if self.person_id is not None and QualificationDialog.ask(
                self.ctx, self.persons, self.person_id, self) is not None:
            self.show_person(self.person_id)

    def _request(self, which: str) -> None:
        from app.ui.persons.person_requests_dialog import AppealDialog, InfoCorrectionDialog

        if self.record is None:
            return
        dialog = AppealDialog if which == "appeal" else InfoCorrectionDialog
        if dialog.ask(self.ctx, self.record.person, self) is not None:
            self.show_person(self.person_id)

    def _open_filing(self, row: int, _column: int) -> None:
        item = self.filings.item(row, 0)
        if item is not None:
            self.open_filing_requested.emit(item.data(Qt.ItemDataRole.UserRole))
