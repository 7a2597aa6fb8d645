"""The help desk's note on a certificate the register marked superseded by an approved filing.

Seeds 000/003 "注册信息发生变更的，需登录政务平台重新下载电子证书" and 002 "电子证书信息发生变更
的，需登录政务平台重新下载": the holder card says which filing changed the register and, field
by field, what the certificate prints against what the register now holds. Kept in its own
widget so the card (verification_banner.py) only hosts it.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from app.services.verification_service import VerificationResult
from app.ui.common.i18n import QT_TRANSLATE_NOOP
from app.ui.common.labels import specialty_name, type_name

FIELD_NAMES: dict[str, str] = {
    "name": QT_TRANSLATE_NOOP("SupersedeNote", "姓名"),
    "gender": QT_TRANSLATE_NOOP("SupersedeNote", "性别"),
    "birth_date": QT_TRANSLATE_NOOP("SupersedeNote", "出生日期"),
    "employer_uscc": QT_TRANSLATE_NOOP("SupersedeNote", "聘用企业（统一社会信用代码）"),
    "seal_number": QT_TRANSLATE_NOOP("SupersedeNote", "执业印章号"),
    "id_number": QT_TRANSLATE_NOOP("SupersedeNote", "证件号码"),
}


class SupersedeNote(QLabel):
    """Empty unless the result carries the register's reason for superseding."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("supersedeNote")
        self.setWordWrap(True)
        self.setStyleSheet("#supersedeNote { color: #8a4b00; font-size: 11pt; }")
        self.hide()

    def show_result(self, result: VerificationResult) -> None:
        reason = result.supersede_reason
        if result.status != "superseded" or not reason:
            self.clear()
            self.hide()
            return
        cause, _, number = reason.partition(":")
        lines = [self.tr("注册信息已发生变更（{0} {1} 已审批通过），需重新下载电子证书。").format(
            type_name(cause) if cause != "info_correction" else self.tr("信息更正"), number)]
        kind = result.certificate.kind if result.certificate else ""
        for field, printed, now in result.supersede_changes:
            if field.startswith("specialty."):
                what = specialty_name(kind, field.split(".", 1)[1]) + self.tr("有效期")
            else:
                what = self.tr(FIELD_NAMES.get(field, field))
            now_text = self.tr("已注销") if now == "cancelled" else (now or "—")
            lines.append(self.tr("{0}：证书上为 {1}，登记库现为 {2}").format(
                what, printed or "—", now_text))
        self.setText("\n".join(lines))
        self.show()
