"""What the help-desk operator looks at: the coloured result banner and the holder's card.

Plain words, large, in colour: green only for 有效; red when the certificate cannot be trusted
(forged, unknown issuer, revoked); amber when it is genuine but not usable now (expired, not yet
valid, superseded); grey for a code that is not one of ours. The card shows the holder's data
as the signed code states it, the days remaining, and the register's photo when its hash
matches the signed one, so the operator can compare the face in front of them.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.codes.payload import CHINA_TZ
from app.services.verification_service import VerificationResult
from app.ui.common.i18n import QT_TRANSLATE_NOOP
from app.ui.common.labels import kind_name, specialty_name, verification_status_name
from app.ui.verification.supersede_note import SupersedeNote
from app.ui.verification.sync_warnings import SYNC_WARNING_TEXT

GREEN, RED, AMBER, GREY = "#1b7f3b", "#b3261e", "#b26a00", "#5f6368"

# status -> (explanation, colour); the headline is the status's name from app.ui.common.labels.
STATUS_EXPLANATIONS: dict[str, tuple[str, str]] = {
    "valid": (QT_TRANSLATE_NOOP("VerificationBanner",
                                "证书真实，在使用有效期内。请核对持证人相貌与照片。"), GREEN),
    "expired": (QT_TRANSLATE_NOOP("VerificationBanner",
                                  "证书真实，但使用有效期已结束。请持证人重新下载或加注。"), AMBER),
    "not_yet_valid": (QT_TRANSLATE_NOOP("VerificationBanner",
                                        "证书真实，但使用有效期尚未开始。"), AMBER),
    "registration_expired": (QT_TRANSLATE_NOOP("VerificationBanner",
                                               "证书真实，但注册有效期已届满，需办理延续注册。"), AMBER),
    "revoked": (QT_TRANSLATE_NOOP("VerificationBanner", "该证书已被撤销（注销），不能使用。"), RED),
    "superseded": (QT_TRANSLATE_NOOP("VerificationBanner",
                                     "此后已签发更新的证书，本证书不再使用。请持证人出示最新证书。"), AMBER),
    "invalid_signature": (QT_TRANSLATE_NOOP("VerificationBanner",
                                            "签名不符：证书可能被伪造、篡改或二维码已损坏。"), RED),
    "unknown_issuer": (QT_TRANSLATE_NOOP("VerificationBanner",
                                         "签发机构不在本机信任列表中，请更新信任列表后重试。"), RED),
    "not_a_certificate": (QT_TRANSLATE_NOOP("VerificationBanner", "这个二维码或条码不是注册证书。"),
                          GREY),
    "no_code_found": (QT_TRANSLATE_NOOP("VerificationBanner", "文件中没有可识别的二维码。"), GREY),
}
WARNING_TEXT: dict[str, str] = {
    "trust_store_stale": QT_TRANSLATE_NOOP("VerificationBanner",
                                           "信任列表已较长时间未更新，结果可能不完整。"),
    "clock_behind": QT_TRANSLATE_NOOP("VerificationBanner",
                                      "本机时钟早于已记录的时间，请检查系统日期和时间。"),
    "not_in_register": QT_TRANSLATE_NOOP("VerificationBanner",
                                         "本机构签发，但登记库中没有该证书记录。"),
    "photo_mismatch": QT_TRANSLATE_NOOP("VerificationBanner",
                                        "登记库中的照片已更换，无法显示签发时的照片。"),
    **SYNC_WARNING_TEXT,  # issue 12: a field office out of sync
}


def _banner_text(source: str) -> str:
    """A text of the tables above in the UI's language (a code not listed shows as it is)."""
    return QCoreApplication.translate("VerificationBanner", source) if source else ""


def _date(d: date) -> str:
    return d.strftime("%Y-%m-%d")


class ResultBanner(QFrame):
    """The large coloured verdict."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("resultBanner")
        self.headline = QLabel()
        self.headline.setObjectName("bannerHeadline")
        self.headline.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explanation = QLabel()
        self.explanation.setObjectName("bannerExplanation")
        self.explanation.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.explanation.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.explanation)
        self.setMinimumHeight(130)
        self.show_idle()

    def _paint(self, colour: str) -> None:
        self.setStyleSheet(
            f"#resultBanner {{ background: {colour}; border-radius: 8px; }}"
            " #bannerHeadline { color: white; font-size: 34pt; font-weight: bold; }"
            " #bannerExplanation { color: white; font-size: 13pt; }")

    def show_idle(self) -> None:
        self.status = ""
        self.headline.setText(self.tr("请出示证书二维码"))
        self.explanation.setText(self.tr("对准摄像头，或使用扫码枪，或把图片/PDF 文件拖到此处。"))
        self.setStyleSheet(
            "#resultBanner { background: #eef1f5; border: 2px dashed #9aa4b2; border-radius: 8px; }"
            " #bannerHeadline { color: #3c4452; font-size: 24pt; }"
            " #bannerExplanation { color: #3c4452; font-size: 12pt; }")

    def show_busy(self) -> None:
        self.headline.setText(self.tr("正在核验…"))

    def show_result(self, result: VerificationResult) -> None:
        self.status = result.status
        explain, colour = STATUS_EXPLANATIONS.get(result.status, ("", GREY))
        self.headline.setText(verification_status_name(result.status))
        self.explanation.setText(_banner_text(explain))
        self._paint(colour)


class HolderCard(QFrame):
    """The holder's data from the code, the days remaining, the register photo, warnings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("holderCard")
        self.photo = QLabel()
        self.photo.setObjectName("holderPhoto")
        self.photo.setFixedSize(177, 248)  # 1-inch photo proportions (295x413) at 60%
        self.photo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.photo.setStyleSheet("#holderPhoto { border: 1px solid #9aa4b2; background: #fafafa; }")
        self.fields: dict[str, QLabel] = {}
        form = QFormLayout()
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        for key, label in (("name", self.tr("姓名")), ("gender", self.tr("性别")),
                           ("birth_date", self.tr("出生日期")), ("kind", self.tr("证书类别")),
                           ("serial", self.tr("证书编号")),
                           ("registration_number", self.tr("注册编号")),
                           ("employer", self.tr("聘用企业")), ("specialties", self.tr("注册专业")),
                           ("window", self.tr("使用有效期")), ("remaining", self.tr("剩余天数")),
                           ("issuer", self.tr("签发机构")), ("register", self.tr("登记库记录"))):
            value = QLabel()
            value.setObjectName(f"field_{key}")
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setWordWrap(True)
            self.fields[key] = value
            form.addRow(label + self.tr("："), value)
        self.fields["name"].setStyleSheet("font-size: 18pt; font-weight: bold;")
        self.fields["remaining"].setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.warnings = QLabel()
        self.warnings.setObjectName("warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("#warnings { color: #8a4b00; font-size: 11pt; }")
        top = QHBoxLayout()
        top.addLayout(form, 1)
        top.addWidget(self.photo, 0, Qt.AlignmentFlag.AlignTop)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        self.supersede_note = SupersedeNote()  # what an approved filing changed (issue 9)
        layout.addWidget(self.supersede_note)
        layout.addWidget(self.warnings)
        self.clear()

    def clear(self) -> None:
        for value in self.fields.values():
            value.setText("—")
        self.photo.setPixmap(QPixmap())
        self.photo.setText(self.tr("无照片"))
        self.warnings.setText("")

    def show_result(self, result: VerificationResult) -> None:
        self.clear()
        c = result.certificate
        if c is not None:
            f = self.fields
            f["name"].setText(c.name)
            f["gender"].setText(self.tr("男") if c.gender == "M" else self.tr("女"))
            f["birth_date"].setText(_date(c.birth_date))
            f["kind"].setText(kind_name(c.kind))
            f["serial"].setText(c.serial)
            f["registration_number"].setText(c.registration_number)
            if c.employer_name:
                f["employer"].setText(c.employer_name)
            elif result.employer_name_in_register:
                # The code carries only the USCC (the name did not fit); say where it is from.
                f["employer"].setText(self.tr("{0}（据登记库）").format(
                    result.employer_name_in_register))
            else:
                f["employer"].setText(self.tr("统一社会信用代码 {0}").format(c.employer_uscc)
                                      if c.employer_uscc else "—")
            f["specialties"].setText("\n".join(
                self.tr("{0}（至 {1}）").format(specialty_name(c.kind, s.code), _date(s.valid_until))
                for s in c.specialties))
            f["window"].setText(self.tr("{0} 至 {1}").format(_date(c.window_start),
                                                            _date(c.window_end)))
            f["remaining"].setText(self._remaining(result))
        if result.issuer is not None:
            self.fields["issuer"].setText(result.issuer.office_name)
        if result.status == "revoked":
            reason = result.revoke_reason or ""
            if reason == "registration_cancelled":
                reason = self.tr("注册已注销")
            when = _date(result.revoked_at.astimezone(CHINA_TZ).date()) if result.revoked_at else ""
            self.fields["register"].setText(self.tr("{0} 撤销：{1}").format(when, reason).strip())
        elif result.superseded_at is not None:
            when = _date(result.superseded_at.astimezone(CHINA_TZ).date())
            self.fields["register"].setText(
                self.tr("{0} 起注册信息已变更，本证书不再使用").format(when) if result.supersede_reason
                else self.tr("{0} 起已被新证书取代").format(when))
        if result.photo:
            pix = QPixmap()
            if pix.loadFromData(result.photo):
                self.photo.setPixmap(pix.scaled(self.photo.size(),
                                                Qt.AspectRatioMode.KeepAspectRatio,
                                                Qt.TransformationMode.SmoothTransformation))
        elif c is not None:
            self.photo.setText(self.tr("登记库中无匹配照片"))
        self.warnings.setText("\n".join("⚠ " + _banner_text(WARNING_TEXT.get(w, w))
                                        for w in result.warnings))
        self.supersede_note.show_result(result)

    def _remaining(self, result: VerificationResult) -> str:
        days = result.days_remaining
        # Days left mean nothing on a certificate that must not be used any more.
        if days is None or result.certificate is None or result.status in ("revoked", "superseded"):
            return "—"
        if result.status == "not_yet_valid":
            until = (result.certificate.window_start - result.certificate.window_end).days + days
            return self.tr("{0} 天后生效").format(until)
        if days < 0:
            return self.tr("已过期 {0} 天").format(-days)
        if days == 0:
            return self.tr("今天是最后一天")
        return self.tr("{0} 天").format(days)
