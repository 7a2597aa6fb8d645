"""A clerk records a person's 申辩 (contesting an anomaly flag) or 信息更正 (name / ID change).

Both go to the reviewer's queues; nothing changes in the register until a reviewer decides.
Saving runs off the GUI thread and is announced as ``Changes(filings=True)`` (the queues live
beside the filings); a refusal keeps the dialog open with the reason under the form.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.domain.validators import ID_TYPES
from app.services.appeal_service import AppealView
from app.services.info_correction_service import InfoCorrectionView
from app.services.register_service import PersonView
from app.ui.common.changes import Changes, run_op
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text
from app.ui.common.form_dialog import FormDialog
from app.ui.common.labels import appeal_subjects
from app.ui.persons.person_dialog import id_type_name


class _RequestDialog(FormDialog):
    def __init__(self, ctx: UiContext, person: PersonView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.person = ctx, person
        self.saved: AppealView | InfoCorrectionView | None = None
        self.form.addRow(self.tr("人员"), QLabel(f"{person.name}  {person.id_number}"))

    def on_ok(self) -> None:
        self.save()

    def _request(self) -> Callable[[], AppealView | InfoCorrectionView]:
        """The service call that files the request (run off the GUI thread)."""
        raise NotImplementedError

    def save(self) -> None:
        self.error.clear()
        self.buttons.setEnabled(False)  # one request at a time
        run_op(self.ctx.changes, self._request(), Changes(filings=True),
               on_success=self._saved, on_error=self._refused)

    def _saved(self, request: AppealView | InfoCorrectionView) -> None:
        self.buttons.setEnabled(True)
        self.saved = request
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        self.error.setText(error_text(exc))

    @classmethod
    def ask(cls, ctx: UiContext, person: PersonView,
            parent: QWidget | None = None) -> AppealView | InfoCorrectionView | None:
        dlg = cls(ctx, person, parent)
        return dlg.saved if dlg.exec() == QDialog.DialogCode.Accepted else None


class AppealDialog(_RequestDialog):
    def __init__(self, ctx: UiContext, person: PersonView, parent: QWidget | None = None) -> None:
        super().__init__(ctx, person, parent)
        self.setWindowTitle(self.tr("申辩"))
        self.subject = QComboBox()
        self.subject.setObjectName("subject")
        for code, name in appeal_subjects():
            self.subject.addItem(name, code)
        self.statement = QPlainTextEdit()
        self.statement.setObjectName("statement")
        self.statement.setTabChangesFocus(True)
        self.form.addRow(self.tr("异常事项"), self.subject)
        self.form.addRow(self.tr("申辩内容*"), self.statement)

    def _request(self) -> Callable[[], AppealView]:
        filings, person_id = self.ctx.services.filings, self.person.id
        subject, statement = self.subject.currentData(), self.statement.toPlainText().strip()
        return lambda: filings.create_appeal(person_id, subject=subject, statement=statement)


class InfoCorrectionDialog(_RequestDialog):
    def __init__(self, ctx: UiContext, person: PersonView, parent: QWidget | None = None) -> None:
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
        for code in ID_TYPES:
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

    def _request(self) -> Callable[[], InfoCorrectionView]:
        register, person_id = self.ctx.services.register, self.person.id
        field, value = self.field.currentData(), self.new_value.text().strip()
        if field == "id_type":  # the service takes "<type>" or "<type>:<number>"
            value = f"{self.id_type.currentData()}:{value}"
        reason = self.reason.toPlainText().strip()
        return lambda: register.create_info_correction(person_id, field=field, new_value=value,
                                                       reason=reason)
