"""Recording a person's professional qualification (执业资格), needed for an initial registration.

Saved off the GUI thread and announced as ``Changes(persons=True)``; a refusal keeps the dialog
open with the reason under the form.
"""

from __future__ import annotations

import uuid
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QWidget,
)

from app.domain.kinds import KINDS, kind_rules
from app.services.register_service import QualificationView
from app.ui.common.changes import Changes, run_op
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text
from app.ui.common.form_dialog import FormDialog
from app.ui.common.labels import kind_name, specialty_name


class QualificationDialog(FormDialog):
    def __init__(self, ctx: UiContext, person_id: uuid.UUID, parent: QWidget | None = None) -> None:
        super().__init__(parent, QDialogButtonBox.StandardButton.Save)
        self.setWindowTitle(self.tr("添加执业资格"))
        self.ctx, self.person_id = ctx, person_id
        self.saved: QualificationView | None = None
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for code in KINDS:
            self.kind.addItem(kind_name(code), code)
        self.specialty = QComboBox()
        self.specialty.setObjectName("specialty")
        self.number = QLineEdit()
        self.number.setObjectName("certificate_number")
        self.issued = QDateEdit(QDate.currentDate().addYears(-1))
        self.issued.setObjectName("issued_on")
        self.issued.setDisplayFormat("yyyy-MM-dd")
        self.issued.setCalendarPopup(True)
        self.form.addRow(self.tr("证书类别"), self.kind)
        self.form.addRow(self.tr("专业"), self.specialty)
        self.form.addRow(self.tr("资格证书编号*"), self.number)
        self.form.addRow(self.tr("取得日期"), self.issued)
        self.setMinimumWidth(0)  # this dialog sizes itself to its short form
        self.kind.currentIndexChanged.connect(self._fill_specialties)
        self._fill_specialties()

    def _fill_specialties(self) -> None:
        self.specialty.clear()
        kind = self.kind.currentData()
        for code in kind_rules(kind).specialties:
            self.specialty.addItem(specialty_name(kind, code), code)

    def on_ok(self) -> None:
        self.save()

    def save(self) -> None:
        """Save in the background; the dialog closes when the service accepted it."""
        self.error.clear()
        register, person_id = self.ctx.services.register, self.person_id
        kind, specialty = self.kind.currentData(), self.specialty.currentData()
        number = self.number.text().strip()
        issued_on: date = self.issued.date().toPython()  # type: ignore[assignment]  # stubs: object

        def work() -> QualificationView:
            return register.add_qualification(person_id, kind=kind, specialty=specialty,
                                              certificate_number=number, issued_on=issued_on)

        self.buttons.setEnabled(False)  # one save at a time
        run_op(self.ctx.changes, work, Changes(persons=True), on_success=self._saved,
               on_error=self._refused)

    def _saved(self, qualification: QualificationView) -> None:
        self.buttons.setEnabled(True)
        self.saved = qualification
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(error_text(exc))

    @classmethod
    def ask(cls, ctx: UiContext, person_id: uuid.UUID,
            parent: QWidget | None = None) -> QualificationView | None:
        dlg = cls(ctx, person_id, parent)
        return dlg.saved if dlg.exec() == QDialog.DialogCode.Accepted else None
