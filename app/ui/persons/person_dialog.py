"""The person editor: personal data, employer, with inline validation as the clerk types.

A resident ID number fills in the birth date and gender (they are then read-only: the ID is
the source); the USCC is checked with its check characters; the employer is found by
search-as-you-type and its USCC, industry and qualification number fill in. Errors show under
the field in the same sentences the services use (:mod:`app.messages`).

Saving is one service call off the GUI thread: the person together with their employer (found
by USCC or added), announced as ``Changes(persons=True, employers=True)``. A refusal keeps the
dialog open with the message under the field it names.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
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
    QMessageBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from app.domain.validators import ID_TYPES, normalise_id, parse_resident_id, parse_uscc
from app.errors import RegistryError
from app.services.register_common import DERIVED_ID_TYPES
from app.services.register_service import EmployerInput, EmployerView, PersonView
from app.ui.common.background import run_in_background
from app.ui.common.changes import Changes, run_op
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text
from app.ui.common.i18n import QT_TRANSLATE_NOOP

ID_TYPE_NAMES: dict[str, str] = {
    "resident": QT_TRANSLATE_NOOP("IdType", "居民身份证"),
    "hk_mo_tw_residence": QT_TRANSLATE_NOOP("IdType", "港澳台居民居住证"),
    "passport": QT_TRANSLATE_NOOP("IdType", "护照"),
    "officer": QT_TRANSLATE_NOOP("IdType", "军官证"),
}


def id_type_name(code: str) -> str:
    source = ID_TYPE_NAMES.get(code)
    return QCoreApplication.translate("IdType", source) if source is not None else code


class PersonDialog(QDialog):
    def __init__(self, ctx: UiContext, person: PersonView | None = None,
                 employer: EmployerView | None = None, parent: QWidget | None = None) -> None:
        """``person`` to edit (None: a new person) and its current ``employer``."""
        super().__init__(parent)
        self.ctx, self.person = ctx, person
        self.saved: PersonView | None = None
        self.setWindowTitle(self.tr("编辑人员") if person is not None else self.tr("新建人员"))
        self.errors: dict[str, QLabel] = {}
        self._employers: dict[str, EmployerView] = {}
        personal = QGroupBox(self.tr("个人基本信息"))
        pf = QFormLayout(personal)
        self.id_type = QComboBox()
        self.id_type.setObjectName("id_type")
        for code in ID_TYPES:
            self.id_type.addItem(id_type_name(code), code)
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
        employer_box = QGroupBox(self.tr("所在企业信息"))
        ef = QFormLayout(employer_box)
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
        layout.addWidget(employer_box)
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
            self._load(person, employer)
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

    def _load(self, p: PersonView, employer: EmployerView | None) -> None:
        self.id_type.setCurrentIndex(max(self.id_type.findData(p.id_type), 0))
        self.id_number.setText(p.id_number)
        self.name.setText(p.name)
        self.gender.setCurrentIndex(max(self.gender.findData(p.gender), 0))
        self.birth_date.setDate(QDate(p.birth_date.year, p.birth_date.month, p.birth_date.day))
        self.mobile.setText(p.mobile or "")
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
        resident = id_type in DERIVED_ID_TYPES
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
        if not text:
            return
        register = self.ctx.services.register

        def done(rows: list[EmployerView]) -> None:
            if not isValid(self.completer_model):
                return  # the dialog was closed and deleted while the search ran
            self._employers = {e.name: e for e in rows}
            self.completer_model.setStringList(list(self._employers))
            if self._employers and self.employer_name.hasFocus():
                self.employer_name.completer().complete()

        run_in_background(lambda: register.find_employers(text, 20), on_success=done,
                          on_error=lambda _e: None)  # a failed suggestion is no error for the user

    def _employer_chosen(self, name: str) -> None:
        employer = self._employers.get(name)
        if employer is None:
            return
        self.uscc.setText(employer.uscc)
        self.industry.setText(employer.industry or "")
        self.qual_cert.setText(employer.qualification_cert_no or "")
        self.no_qual.setChecked(not employer.qualification_cert_no)

    # -- saving ----------------------------------------------------------------------------
    def person_fields(self) -> PersonFields:
        """The personal and employment details as typed (employment only with an employer)."""
        employed = bool(self.employer_name.text().strip())
        return PersonFields(
            id_type=self.id_type.currentData(),
            id_number=self.id_number.text().strip(),
            name=self.name.text().strip(),
            gender=self.gender.currentData(),
            birth_date=_day(self.birth_date),
            mobile=self.mobile.text().strip() or None,
            operator_mobile=self.operator_mobile.text().strip() or None,
            employment_start=_day(self.start) if employed else None,
            employment_end=None if self.no_end.isChecked() or not employed else _day(self.end),
        )

    def employer_input(self) -> EmployerInput | None:
        """The employer the form names (None: no employer); the service finds it by USCC or
        adds it."""
        name, code = self.employer_name.text().strip(), self.uscc.text().strip().upper()
        if not name and not code:
            return None
        cert = None if self.no_qual.isChecked() else (self.qual_cert.text().strip() or None)
        return EmployerInput(uscc=code, name=name, industry=self.industry.text().strip() or None,
                             qualification_cert_no=cert)

    def save(self) -> None:
        """Save in the background; the dialog closes when the service accepted the person."""
        for field in self.errors:
            self.set_field_error(field, None)
        self.set_field_error("", None)
        fields, employer = self.person_fields(), self.employer_input()
        register, person = self.ctx.services.register, self.person
        # The clerk confirmed an ID region code the GB/T 2260 list does not know (never refused).
        confirmed = getattr(self, "region_confirmed", False)
        if person is None:
            def work() -> PersonView:
                return register.create_person(**asdict(fields), employer=employer,
                                              confirm_region=confirmed)
        else:
            changes, employer = _person_changes(person, fields, employer)

            def work() -> PersonView:
                if not changes and employer is None:
                    return person  # nothing changed: nothing to write
                return register.update_person(person.id, changes, expected_version=person.version,
                                              employer=employer, confirm_region=confirmed)
        self.buttons.setEnabled(False)  # one save at a time
        run_op(self.ctx.changes, work, Changes(persons=True, employers=True),
               on_success=self._saved, on_error=self._refused)

    def _saved(self, person: PersonView) -> None:
        self.buttons.setEnabled(True)
        self.saved = person
        self.accept()

    def _refused(self, exc: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(exc, RegistryError) and exc.code == "id_region_unknown":
            # A warning the clerk confirms: old ID numbers carry region codes later retired.
            answer = QMessageBox.question(self, self.tr("核对证件号码"), error_text(exc))
            if answer == QMessageBox.StandardButton.Yes:
                self.region_confirmed = True
                self.save()
                return
        if not isinstance(exc, RegistryError):
            self.set_field_error("", error_text(exc))
            return
        # Point at the field the rule names; otherwise show it above the buttons.
        field = {"employer_uscc": "uscc"}.get(exc.field or "", exc.field or "")
        self.set_field_error(field, error_text(exc))
        widget = self.findChild(QWidget, exc.field or "")
        if widget is not None:
            widget.setFocus()

    @classmethod
    def ask(cls, ctx: UiContext, person: PersonView | None = None,
            employer: EmployerView | None = None, parent: QWidget | None = None) -> PersonView | None:
        dlg = cls(ctx, person, employer, parent)
        return dlg.saved if dlg.exec() == QDialog.DialogCode.Accepted else None


@dataclass(frozen=True)
class PersonFields:
    """What the form says about the person (named as the register service's arguments)."""

    id_type: str
    id_number: str
    name: str
    gender: str
    birth_date: date
    mobile: str | None
    operator_mobile: str | None
    employment_start: date | None
    employment_end: date | None  # None: no fixed term


def _person_changes(person: PersonView, fields: PersonFields,
                    employer: EmployerInput | None) -> tuple[dict[str, Any], EmployerInput | None]:
    """Only what differs from ``person`` (identity may change only while nothing official refers
    to it, so an unchanged identity must not be sent), and the employer only if it is another."""
    current: dict[str, Any] = {
        "id_type": person.id_type, "id_number": person.id_number, "name": person.name,
        "gender": person.gender, "birth_date": person.birth_date, "mobile": person.mobile,
        "operator_mobile": person.operator_mobile, "employment_start": person.employment_start,
        "employment_end": person.employment_end, "employer_id": person.employer_id,
    }
    wanted = asdict(fields)
    if wanted["id_type"] in DERIVED_ID_TYPES:
        del wanted["gender"], wanted["birth_date"]  # derived from the ID number by the service
    if employer is None:
        wanted["employer_id"] = None
    elif employer.uscc == (person.employer_uscc or ""):
        employer = None  # the same employer: nothing to move
    return {k: v for k, v in wanted.items() if current[k] != v}, employer


def _day(edit: QDateEdit) -> date:
    value: date = edit.date().toPython()  # type: ignore[assignment]  # stubs: object
    return value


def _pair(widget: QWidget, check: QCheckBox) -> QWidget:
    box = QWidget()
    h = QHBoxLayout(box)
    h.setContentsMargins(0, 0, 0, 0)
    h.addWidget(widget, 1)
    h.addWidget(check)
    return box
