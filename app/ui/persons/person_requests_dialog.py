"""A clerk records a person's 申辩 (contesting an anomaly flag) or 信息更正 (name / ID change).

Both go to the reviewer's queues; nothing changes in the register until a reviewer decides.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.domain.validators import ID_TYPES
from app.errors import RegistryError
from app.ui.common import labels
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text
from app.ui.common.form_dialog import FormDialog


class _RequestDialog(FormDialog):
    def __init__(self, ctx: UiContext, person: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.person = ctx, person
        self.saved: Any = None
        self.form.addRow(self.tr("人员"), QLabel(f"{person.name}  {person.id_number}"))

    def on_ok(self) -> None:
        self.save()

    def _submit(self) -> Any:
        raise NotImplementedError

    def save(self) -> None:
        try:
            self.saved = self._submit()
        except RegistryError as exc:
            self.error.setText(error_text(exc))
            return
        self.accept()

    @classmethod
    def ask(cls, ctx: UiContext, person: Any, parent: QWidget | None = None) -> Any:
        dlg = cls(ctx, person, parent)
        return dlg.saved if dlg.exec() == QDialog.DialogCode.Accepted else None


class AppealDialog(_RequestDialog):
    def __init__(self, ctx: UiContext, person: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, person, parent)
        self.setWindowTitle(self.tr("申辩"))
        self.subject = QComboBox()
        self.subject.setObjectName("subject")
        for code, name in labels.appeal_subjects():
            self.subject.addItem(name, code)
        self.statement = QPlainTextEdit()
        self.statement.setObjectName("statement")
        self.statement.setTabChangesFocus(True)
        self.form.addRow(self.tr("异常事项"), self.subject)
        self.form.addRow(self.tr("申辩内容*"), self.statement)

    def _submit(self) -> Any:
        return self.ctx.services.filings.create_appeal(
            self.person.id, subject=self.subject.currentData(),
            statement=self.statement.toPlainText().strip())


class InfoCorrectionDialog(_RequestDialog):
    def __init__(self, ctx: UiContext, person: Any, parent: QWidget | None = None) -> None:
        super().__init__(ctx, person, parent)
        self.setWindowTitle(self.tr("信息更正"))
        self.field = QComboBox()
        self.field.setObjectName("field")
        self.field.addItem(self.tr("姓名"), "name")
        self.field.addItem(self.tr("证件号码"), "id_number")
        self.field.addItem(self.tr("证件类型"), "id_type")
        self.new_value = QLineEdit()
        self.new_value.setObjectName("new_value")
        self.id_type = QComboBox()
        self.id_type.setObjectName("new_id_type")
        from app.ui.persons.person_dialog import ID_TYPE_NAMES, id_type_name

        for code in ID_TYPES:
            if code in ID_TYPE_NAMES:
                self.id_type.addItem(id_type_name(code), code)
        self.reason = QPlainTextEdit()
        self.reason.setObjectName("reason")
        self.reason.setTabChangesFocus(True)
        self.form.addRow(self.tr("更正项目"), self.field)
        self.form.addRow(self.tr("新证件类型"), self.id_type)
        self.form.addRow(self.tr("新内容*"), self.new_value)
        self.form.addRow(self.tr("更正理由*"), self.reason)
        self.field.currentIndexChanged.connect(self._field_changed)
        self._field_changed()

    def _field_changed(self) -> None:
        is_type = self.field.currentData() == "id_type"
        self.id_type.setEnabled(is_type)
        self.new_value.setPlaceholderText(
            self.tr("新证件类型下的证件号码（可留空表示不变）") if is_type else "")

    def _submit(self) -> Any:
        field, value = self.field.currentData(), self.new_value.text().strip()
        if field == "id_type":
            value = f"{self.id_type.currentData()}:{value}"
        return self.ctx.services.register.create_info_correction(
            self.person.id, field=field, new_value=value, reason=self.reason.toPlainText().strip())
