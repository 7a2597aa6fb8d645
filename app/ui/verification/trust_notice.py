"""Issue 10's additions to the help-desk verdict: 样本 (specimen) and "revoked now".

Kept apart from the banner and the card (several issues add to the help desk): the view calls
:meth:`TrustNotice.show_result` beside the banner's own. It

- puts 样本 / SPECIMEN in front of the banner's headline for a specimen (demo or training)
  certificate: the status stays what it is, but nobody may mistake it for a real one;
- says what is true *today* when the verdict was for an earlier instant (``--at``): revoked or
  superseded since a date, and why;
- says "as of" which date another office's revocation list is, and when the signing key was
  marked compromised;
- gives the card's warning list the wording of this issue's warnings.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QLabel, QWidget

from app.codes.payload import CHINA_TZ
from app.services.verification_service import VerificationResult
from app.ui.common.i18n import QT_TRANSLATE_NOOP
from app.ui.common.labels import verification_status_name
from app.ui.verification.verification_banner import AMBER, WARNING_TEXT, ResultBanner

WARNING_TEXT.update({
    "specimen": QT_TRANSLATE_NOOP("VerificationBanner",
                                  "样本证书：演示或培训数据，不是真实证书。"),
    "demo_register": QT_TRANSLATE_NOOP("VerificationBanner", "本登记库含演示数据。"),
    "key_compromised": QT_TRANSLATE_NOOP(
        "VerificationBanner", "签发密钥此后已被标记为泄露；本证书签发于泄露之前。"),
    "revoked_now": QT_TRANSLATE_NOOP("VerificationBanner", "该证书现已撤销。"),
    "superseded_now": QT_TRANSLATE_NOOP("VerificationBanner", "该证书现已被新证书取代。"),
})


def _when(value: datetime) -> str:
    return value.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M")


class TrustNotice(QLabel):
    """One line under the banner; empty (hidden) when there is nothing to add."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trustNotice")
        self.setWordWrap(True)
        self.setStyleSheet("#trustNotice { color: #8a1c14; font-size: 13pt; font-weight: bold; }")
        self.clear_notice()

    def clear_notice(self) -> None:
        self.setText("")
        self.hide()

    def show_result(self, result: VerificationResult, banner: ResultBanner) -> None:
        if result.specimen:
            banner.headline.setText(self.tr("样本 · {0}").format(
                verification_status_name(result.status)))
            if result.status == "valid":
                # Never the green of a real, usable certificate.
                banner._paint(AMBER)
        lines = []
        if result.specimen:
            lines.append(self.tr("样本（SPECIMEN）：演示或培训用证书，不能作为真实证书使用。"))
        if result.now_state is not None and result.now_state_at is not None:
            reason = result.now_reason or ""
            if reason == "registration_cancelled":
                reason = self.tr("注册已注销")
            text = (self.tr("现已撤销：自 {0} 起。{1}") if result.now_state == "revoked"
                    else self.tr("现已被新证书取代：自 {0} 起。{1}"))
            lines.append(text.format(_when(result.now_state_at), reason).strip())
        if result.revocations_as_of is not None:
            lines.append(self.tr("撤销信息截至 {0}（签发机构撤销列表的日期）。").format(
                _when(result.revocations_as_of)))
        if result.key_compromised_at is not None and result.certificate is not None:
            lines.append(self.tr("签发密钥自 {0} 起被标记为泄露。").format(
                _when(result.key_compromised_at)))
        self.setText("\n".join(lines))
        self.setVisible(bool(lines))
