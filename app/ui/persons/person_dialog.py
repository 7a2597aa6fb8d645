"""The person editor: personal data, employer, with inline validation as the clerk types.

A resident ID number fills in the birth date and gender (they are then read-only: the ID is
the source); the USCC is checked with its check characters; the employer is found by
search-as-you-type and its USCC, industry and qualification number fill in. Errors show under
the field in the same sentences the services use (:mod:`app.messages`).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QStringListModel, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from app.domain.validators import ID_TYPES, normalise_id, parse_resident_id, parse_uscc
from app.errors import RegistryError
from app.ui.common.adapters import PersonsAdapter
from app.ui.common.background import run_in_background
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:  # Qt's name, seen by lupdate
    return text


ID_TYPE_NAMES = {
    "resident": QT_TRANSLATE_NOOP("PersonDialog", "居民身份证"),
    "hk_mo_tw_residence": QT_TRANSLATE_NOOP("PersonDialog", "港澳台居民居住证"),
    "passport": QT_TRANSLATE_NOOP("PersonDialog", "护照"),
    "officer": QT_TRANSLATE_NOOP("PersonDialog", "军官证"),
}


def id_type_name(code: str) -> str:
    return QCoreApplication.translate("PersonDialog", ID_TYPE_NAMES.get(code, code))


class PersonDialog(QDialog):
    def __init__(self, ctx: UiContext, persons: PersonsAdapter, person: Any = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx, self.persons, self.person = ctx, persons, person
        self.saved: Any = None
        self.setWindowTitle(self.tr("编辑人员") if person is not None else self.tr("新建人员"))
        self.errors: dict[str, QLabel] = {}
        self._employers: dict[str, Any] = {}
        personal = QGroupBox(self.tr("个人基本信息"))
        pf = QFormLayout(personal)
        self.id_type = QComboBox()
        self.id_type.setObjectName("id_type")
        for code in ID_TYPES:
            self.id_type.addItem(self.tr(ID_TYPE_NAMES[code]), code)
        self._row(pf, self.tr("证件类型"), self.id_type, "id_type")
        self.id_number = self._edit("id_number", 40)
        self._row(pf, self.tr("证件号码*"), self.id_number, "id_number")
        self.name = self._edit("name", 60)
        self._row(pf, self.tr("姓名*"), self.name, "name")
        self.gender = QComboBox()
        self.gender.setObjectName("gender")
        self.gender.addItem(self.tr("男"), "M")
        self.gender.addItem(self.tr("女"), "F")
        self._row(pf, self.tr("性别"), self.gender, "gender")
        self.birth_date = QDateEdit()
        self.birth_date.setObjectName("birth_date")
        self.birth_date.setDisplayFormat("yyyy-MM-dd")
        self.birth_date.setCalendarPopup(True)
        self.birth_date.setDate(QDate(1985, 1, 1))
        self._row(pf, self.tr("出生日期"), self.birth_date, "birth_date")
        self.mobile = self._edit("mobile", 20)
        self._row(pf, self.tr("本人手机号"), self.mobile, "mobile")
        employer = QGroupBox(self.tr("所在企业信息"))
        ef = QFormLayout(employer)
        self.employer_name = self._edit("employer_name", 200)
        self.employer_name.setPlaceholderText(self.tr("输入单位名称的一部分，从列表中选择"))
        self.completer_model = QStringListModel(self)
        completer = QCompleter(self.completer_model, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.activated.connect(self._employer_chosen)
        self.employer_name.setCompleter(completer)
        self._row(ef, self.tr("企业名称"), self.employer_name, "employer_name")
        self.uscc = self._edit("employer_uscc", 18)
        self._row(ef, self.tr("统一社会信用代码"), self.uscc, "uscc")
        self.industry = self._edit("industry", 100)
        self._row(ef, self.tr("所属行业"), self.industry, "industry")
        self.qual_cert = self._edit("qualification_cert_no", 64)
        self.no_qual = QCheckBox(self.tr("无"))
        self.no_qual.setObjectName("no_qualification")
        self.no_qual.toggled.connect(lambda on: self.qual_cert.setEnabled(not on))
        self._row(ef, self.tr("企业资质证书号"), _pair(self.qual_cert, self.no_qual), "qualification_cert_no")
        self.operator_mobile = self._edit("operator_mobile", 20)
        self._row(ef, self.tr("经办人手机号"), self.operator_mobile, "operator_mobile")
        self.start = QDateEdit(QDate.currentDate())
        self.start.setObjectName("employment_start")
        self.start.setDisplayFormat("yyyy-MM-dd")
        self.start.setCalendarPopup(True)
        self._row(ef, self.tr("聘用开始时间"), self.start, "employment_start")
        self.end = QDateEdit(QDate.currentDate().addYears(3))
        self.end.setObjectName("employment_end")
        self.end.setDisplayFormat("yyyy-MM-dd")
        self.end.setCalendarPopup(True)
        self.no_end = QCheckBox(self.tr("无固定期"))
        self.no_end.setObjectName("no_fixed_term")
        self.no_end.toggled.connect(lambda on: self.end.setEnabled(not on))
        self.no_end.setChecked(True)
        self._row(ef, self.tr("聘用结束时间"), _pair(self.end, self.no_end), "employment_end")
        self.general_error = QLabel()
        self.general_error.setObjectName("generalError")
        self.general_error.setStyleSheet("color: #b3261e;")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(personal)
        layout.addWidget(employer)
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)
        self.id_number.textChanged.connect(self._check_id)
        self.id_type.currentIndexChanged.connect(lambda _i: self._check_id())
        self.uscc.textChanged.connect(self._check_uscc)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self._search_employers)
        self.employer_name.textEdited.connect(lambda _t: self._search_timer.start())
        if person is not None:
            self._load(person)
        self.setMinimumWidth(560)

    # -- building --------------------------------------------------------------------------
    def _edit(self, name: str, max_len: int) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(name)
        edit.setMaxLength(max_len)
        return edit

    def _row(self, form: QFormLayout, label: str, widget: QWidget, field: str) -> None:
        error = QLabel()
        error.setObjectName(f"error_{field}")
        error.setStyleSheet("color: #b3261e;")
        error.setWordWrap(True)
        error.hide()
        self.errors[field] = error
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(1)
        v.addWidget(widget)
        v.addWidget(error)
        form.addRow(label, box)

    def _load(self, p: Any) -> None:
        self.id_type.setCurrentIndex(max(self.id_type.findData(p.id_type), 0))
        self.id_number.setText(p.id_number)
        self.name.setText(p.name)
        self.gender.setCurrentIndex(max(self.gender.findData(p.gender), 0))
        self.birth_date.setDate(QDate(p.birth_date.year, p.birth_date.month, p.birth_date.day))
        self.mobile.setText(p.mobile or "")
        employer = self.persons.employer(p.employer_id)
        if employer is not None:
            self.employer_name.setText(employer.name)
            self.uscc.setText(employer.uscc)
            self.industry.setText(employer.industry or "")
            self.qual_cert.setText(employer.qualification_cert_no or "")
            self.no_qual.setChecked(not employer.qualification_cert_no)
        self.operator_mobile.setText(p.operator_mobile or "")
        if p.employment_start:
            self.start.setDate(QDate(p.employment_start.year, p.employment_start.month,
                                     p.employment_start.day))
        self.no_end.setChecked(p.employment_end is None)
        if p.employment_end:
            self.end.setDate(QDate(p.employment_end.year, p.employment_end.month, p.employment_end.day))

    # -- inline validation -----------------------------------------------------------------
    def set_field_error(self, field: str, text: str | None) -> None:
        label = self.errors.get(field)
        if label is None:
            self.general_error.setText(text or "")
            self.general_error.setVisible(bool(text))
            return
        label.setText(text or "")
        label.setVisible(bool(text))

    def _check_id(self) -> None:
        id_type, raw = self.id_type.currentData(), self.id_number.text()
        resident = id_type in ("resident", "hk_mo_tw_residence")
        self.birth_date.setEnabled(not resident)
        self.gender.setEnabled(not resident)
        if not raw.strip():
            self.set_field_error("id_number", None)
            return
        if resident and len(raw.strip()) < 18:
            self.set_field_error("id_number", None)  # still typing: no red text yet
            return
        try:
            normalise_id(id_type, raw)
        except RegistryError as exc:
            self.set_field_error("id_number", error_text(exc))
            return
        self.set_field_error("id_number", None)
        if resident:
            rid = parse_resident_id(raw)
            self.birth_date.setDate(QDate(rid.birth_date.year, rid.birth_date.month, rid.birth_date.day))
            self.gender.setCurrentIndex(self.gender.findData(rid.gender))

    def _check_uscc(self) -> None:
        raw = self.uscc.text().strip()
        if len(raw) < 18:
            self.set_field_error("uscc", None)
            return
        try:
            parse_uscc(raw)
        except RegistryError as exc:
            self.set_field_error("uscc", error_text(exc))
            return
        self.set_field_error("uscc", None)

    # -- employer search -------------------------------------------------------------------
    def _search_employers(self) -> None:
        text = self.employer_name.text().strip()
        if len(text) < 1:
            return

        def done(rows: Any) -> None:
            self._employers = {e.name: e for e in rows}
            self.completer_model.setStringList(list(self._employers))
            if self._employers and self.employer_name.hasFocus():
                self.employer_name.completer().complete()

        run_in_background(lambda: self.persons.employers(text, 20), on_success=done,
                          on_error=lambda _e: None)  # a failed suggestion is no error for the user

    def _employer_chosen(self, name: str) -> None:
        employer = self._employers.get(name)
        if employer is None:
            return
        self.uscc.setText(employer.uscc)
        self.industry.setText(getattr(employer, "industry", "") or "")
        qual = getattr(employer, "qualification_cert_no", None)
        self.qual_cert.setText(qual or "")
        self.no_qual.setChecked(not qual)

    # -- saving ----------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        def day(edit: QDateEdit) -> Any:
            return edit.date().toPython()

        employer = self.employer_name.text().strip()
        return {
            "id_type": self.id_type.currentData(),
            "id_number": self.id_number.text().strip(),
            "name": self.name.text().strip(),
            "gender": self.gender.currentData(),
            "birth_date": day(self.birth_date),
            "mobile": self.mobile.text().strip() or None,
            "employer_name": employer or None,
            "employer_uscc": self.uscc.text().strip().upper() or None,
            "employer_industry": self.industry.text().strip() or None,
            "employer_qualification_cert_no": None if self.no_qual.isChecked()
            else (self.qual_cert.text().strip() or None),
            "operator_mobile": self.operator_mobile.text().strip() or None,
            "employment_start": day(self.start) if employer else None,
            "employment_end": None if self.no_end.isChecked() or not employer else day(self.end),
        }

    def save(self) -> None:
        for field in self.errors:
            self.set_field_error(field, None)
        self.set_field_error("", None)
        data = self.values()
        try:
            if self.person is None:
                self.saved = self.persons.create(data)
            else:
                self.saved = self.persons.update(self.person, data)
        except RegistryError as exc:
            # Point at the field the rule names; otherwise show it above the buttons.
            field = {"employer_uscc": "uscc"}.get(exc.field or "", exc.field or "")
            self.set_field_error(field, error_text(exc))
            widget = self.findChild(QWidget, exc.field or "")
            if widget is not None:
                widget.setFocus()
            return
        self.accept()

    @classmethod
    def ask(cls, ctx: UiContext, persons: PersonsAdapter, person: Any = None,
            parent: QWidget | None = None) -> Any:
        dlg = cls(ctx, persons, person, parent)
        return dlg.saved if dlg.exec() == QDialog.DialogCode.Accepted else None


def _pair(widget: QWidget, check: QCheckBox) -> QWidget:
    box = QWidget()
    h = QHBoxLayout(box)
    h.setContentsMargins(0, 0, 0, 0)
    h.addWidget(widget, 1)
    h.addWidget(check)
    return box
