"""The filing wizard's last two pages: the type's own form, and the confirmation.

change: the old employer is filled in from the registration, the new one is the person's
current employer and must differ, and the release certificate must be uploaded.
continuation: shows the current validity (the window was checked when choosing).
更改补办: a reason. 注销: a reason and, when forced, the arbitration award / judgment.
重新注册: the cancelled registration being revived.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from app.services.filing_views import NewAttachment
from app.ui.common.labels import kind_specialty, reason_name, reasons, type_name
from app.ui.filings.attachment_picker import check_or_fix
from app.ui.filings.wizard_state import WizardHost


class FormPage(QWizardPage):
    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.w = wizard
        self.form = QFormLayout(self)
        self.reason: QComboBox | None = None
        self.forced_yes: QRadioButton | None = None
        self.upload_label: QLabel | None = None
        self.upload_purpose = ""
        self.upload: NewAttachment | None = None
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)

    # -- building per type -----------------------------------------------------------------
    def initializePage(self) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.error = QLabel()
        self.error.setObjectName("formError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        self.reason = self.forced_yes = self.upload_label = None
        self.upload = None
        st = self.w.state
        p, t, ftype = st.person, st.target, st.filing_type
        assert t is not None
        self.setTitle(type_name(ftype))
        self.setSubTitle(self.tr("个人基本信息和企业信息由系统自动生成；如有问题，请先在“人员”中修改。"))
        self.form.addRow(self.tr("申请人"), QLabel(f"{p.name}  {p.id_number}"))
        self.form.addRow(self.tr("注册专业"), QLabel(kind_specialty(t.kind, t.specialty)))
        reg = t.registration
        if reg is not None:
            self.form.addRow(self.tr("注册编号"), QLabel(reg.registration_number))
            self.form.addRow(self.tr("执业印章号"), QLabel(reg.seal_number or "—"))
            self.form.addRow(self.tr("注册有效期"), QLabel(f"{reg.valid_from} — {reg.valid_until}"))
        employer = p.employer_name or ""
        if ftype == "change":
            old = (reg.employer_name if reg is not None else None) or ""
            self.form.addRow(self.tr("原聘用单位"), QLabel(old or "—"))
            self.form.addRow(self.tr("现聘用单位"), QLabel(employer or "—"))
            if not employer:
                self.error.setText(self.tr("请先在“人员”中填写新的聘用单位。"))
            elif reg is not None and (reg.employer_id == p.employer_id or old == employer):
                self.error.setText(self.tr("变更注册的现聘用单位必须与原聘用单位不同。"))
            self._add_upload("release_certificate", self.tr("解聘证明*"))
        else:
            self.form.addRow(self.tr("聘用单位"), QLabel(employer or "—"))
        if ftype == "modification":
            self.reason = self._reason_box(ftype)
            self.form.addRow(self.tr("更改补办原因*"), self.reason)
            self.form.addRow(self.tr("原因说明"), self.reason_text)
        if ftype == "cancellation":
            self.reason = self._reason_box(ftype)
            self.form.addRow(self.tr("注销原因*"), self.reason)
            self.form.addRow(self.tr("原因说明"), self.reason_text)
            self.forced_yes = QRadioButton(self.tr("是"))
            self.forced_yes.setObjectName("forcedYes")
            forced_no = QRadioButton(self.tr("否"))
            forced_no.setObjectName("forcedNo")
            forced_no.setChecked(True)
            group = QButtonGroup(self)
            group.addButton(self.forced_yes)
            group.addButton(forced_no)
            row = QWidget()
            h = QHBoxLayout(row)
            h.setContentsMargins(0, 0, 0, 0)
            h.addWidget(forced_no)
            h.addWidget(self.forced_yes)
            h.addStretch(1)
            self.form.addRow(self.tr("是否强制注销"), row)
            self._add_upload("judgment", self.tr("仲裁文件或判决书"))
            self.forced_yes.toggled.connect(self._forced_changed)
            self._forced_changed(False)
        self.form.addRow("", self.error)
        self.completeChanged.emit()

    def _reason_box(self, filing_type: str) -> QComboBox:
        box = QComboBox()
        box.setObjectName("reason")
        for code, label in reasons(filing_type):
            box.addItem(label, code)
        box.setCurrentIndex(-1)
        box.currentIndexChanged.connect(lambda _i: self.completeChanged.emit())
        self.reason_text = QLineEdit()
        self.reason_text.setObjectName("reasonText")
        self.reason_text.setPlaceholderText(self.tr("选择“其他”时必填"))
        self.reason_text.textChanged.connect(lambda _t: self.completeChanged.emit())
        return box

    def _add_upload(self, purpose: str, label: str) -> None:
        self.upload_purpose = purpose
        button = QPushButton(self.tr("选择文件(&F)…"))
        button.setObjectName(f"upload_{purpose}")
        button.clicked.connect(self.choose_upload)
        self.upload_label = QLabel(self.tr("未选择（JPEG、PNG 或 PDF）"))
        self.upload_label.setObjectName("uploadName")
        row = QWidget()
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(button)
        h.addWidget(self.upload_label, 1)
        self.upload_row = row
        self.upload_caption = label
        self.form.addRow(label, row)

    def _forced_changed(self, forced: bool) -> None:
        if self.upload_label is not None:
            self.upload_row.setEnabled(forced)
        self.completeChanged.emit()

    # -- upload ----------------------------------------------------------------------------
    def choose_file(self) -> Path | None:
        """Ask for a file (tests replace this to hand over a prepared file)."""
        path, _ = QFileDialog.getOpenFileName(self, self.upload_caption, "", self.tr(
            "图片或 PDF (*.jpg *.jpeg *.png *.pdf *.tif *.tiff);;所有文件 (*)"))
        return Path(path) if path else None

    def choose_upload(self) -> None:
        path = self.choose_file()
        if path is None:
            return
        limit = self.w.ctx.services.filings.upload_limits().max_bytes
        picked = check_or_fix(self, path, lo=0, hi=limit)
        if picked is None:
            return
        self.upload = NewAttachment(self.upload_purpose, picked.filename, picked.content)
        note = self.tr("（已压缩）") if picked.recompressed else ""
        assert self.upload_label is not None
        self.upload_label.setText(f"{picked.filename}  {round(len(picked.content) / 1024)} KB{note}")
        self.completeChanged.emit()

    # -- completion ------------------------------------------------------------------------
    def _needs_upload(self) -> bool:
        ftype = self.w.state.filing_type
        if ftype == "change":
            return True
        return ftype == "cancellation" and self.forced_yes is not None and self.forced_yes.isChecked()

    def isComplete(self) -> bool:
        if self.error.text():
            return False
        if self.reason is not None:
            if self.reason.currentIndex() < 0:
                return False
            if self.reason.currentData() == "other" and not self.reason_text.text().strip():
                return False
        return not (self._needs_upload() and self.upload is None)

    def validatePage(self) -> bool:
        st = self.w.state
        st.data = {}
        st.attachments = []
        if self.reason is not None:
            st.data["reason"] = self.reason.currentData()
            st.data["reason_text"] = self.reason_text.text().strip()
        if st.filing_type == "cancellation":
            st.data["forced"] = bool(self.forced_yes and self.forced_yes.isChecked())
        if self._needs_upload() and self.upload is not None:
            st.attachments.append(self.upload)
        return True


class ConfirmPage(QWizardPage):
    def __init__(self, wizard: WizardHost) -> None:
        super().__init__()
        self.w = wizard
        self.setTitle(self.tr("确认上报"))
        self.summary = QTextBrowser()
        self.summary.setObjectName("summary")
        self.error = QLabel()
        self.error.setObjectName("submitError")
        self.error.setStyleSheet("color: #b3261e;")
        self.error.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("请核对以下内容。点击“上报”后将提交申报。")))
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.error)

    def initializePage(self) -> None:
        st = self.w.state
        assert st.target is not None
        lines: list[tuple[str, str]] = [
            (self.tr("申报事项"), type_name(st.filing_type)),
            (self.tr("申请人"), self.tr("{0}（{1}）").format(st.person.name, st.person.id_number)),
            (self.tr("注册专业"), kind_specialty(st.target.kind, st.target.specialty)),
            (self.tr("聘用单位"), st.person.employer_name or "—"),
        ]
        if "reason" in st.data:
            text = reason_name(st.filing_type, str(st.data["reason"]))
            if st.data.get("reason_text"):
                text = self.tr("{0}：{1}").format(text, st.data["reason_text"])
            lines.append((self.tr("原因"), text))
        if st.data.get("forced"):
            lines.append((self.tr("强制注销"), self.tr("是")))
        for a in st.attachments:
            lines.append((self.tr("附件"), self.tr("{0}（{1} KB）").format(
                a.filename, round(len(a.content) / 1024))))
        if st.social_security_override:
            lines.append((self.tr("社保异常"), self.tr("申请人已确认继续申报")))
        self.summary.setHtml("<table cellpadding='4'>" + "".join(
            f"<tr><td><b>{escape(k)}</b></td><td>{escape(v)}</td></tr>" for k, v in lines)
            + "</table>")
        self.error.clear()

    def show_error(self, text: str) -> None:
        self.error.setText(text)

    def isComplete(self) -> bool:
        return not self.w.submitting

    def validatePage(self) -> bool:
        """上报 asks once more, then hands the filing to the service; the wizard closes when
        the service has taken it (see :meth:`WizardHost.submit`)."""
        if self.w.created is not None:
            return True
        if self.w.submitting or not self.w.confirm(self.tr("确认上报"), self.tr("是否确定上报？")):
            return False
        self.error.clear()
        self.w.submit()
        return False
