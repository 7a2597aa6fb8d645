"""Recording a person's professional qualification (执业资格), needed for an initial registration."""

from __future__ import annotations

from typing import Any

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
from app.errors import RegistryError
from app.ui.common.adapters import PersonsAdapter
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text
from app.ui.common.form_dialog import FormDialog


class QualificationDialog(FormDialog):
    def __init__(self, ctx: UiContext, persons: PersonsAdapter, person_id: Any,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, QDialogButtonBox.StandardButton.Save)
        self.setWindowTitle(self.tr("添加执业资格"))
        self.ctx, self.persons, self.person_id = ctx, persons, person_id
        self.saved: Any = None
        self.kind = QComboBox()
        self.kind.setObjectName("kind")
        for code in KINDS:
            rules = kind_rules(code)
            self.kind.addItem(rules.name_en if ctx.lang == "en" else rules.name_zh, code)
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
        for code, spec in kind_rules(self.kind.currentData()).specialties.items():
            self.specialty.addItem(spec.en if self.ctx.lang == "en" else spec.zh, code)

    def on_ok(self) -> None:
        self.save()

    def save(self) -> None:
        try:
            self.saved = self.persons.add_qualification(
                self.person_id, kind=self.kind.currentData(), specialty=self.specialty.currentData(),
                certificate_number=self.number.text().strip(), issued_on=self.issued.date().toPython())
        except RegistryError as exc:
            self.error.setText(error_text(exc))
            return
        self.accept()

    @classmethod
    def ask(cls, ctx: UiContext, persons: PersonsAdapter, person_id: Any,
            parent: QWidget | None = None) -> Any:
        dlg = cls(ctx, persons, person_id, parent)
        return dlg.saved if dlg.exec() == QDialog.DialogCode.Accepted else None
