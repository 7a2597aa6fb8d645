"""Every name the UI shows for a code: filing types, states, actions and reasons, appeal
subjects, roles, kinds, certificate states and verification statuses — in one place, through Qt's translation system.

The Chinese words are the source texts (``QT_TRANSLATE_NOOP``, extracted
by ``pyside6-lupdate``; one context per table, so that
the same word can translate differently as a state and as an action); the English comes from the ``.ts`` file like every other UI string.
A code this build does not know (from a newer register, say) is shown as it is. The CLI and
error messages take their words from ``resources/messages`` instead (:mod:`app.messages`).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from app.domain import filing_rules as fr
from app.domain.kinds import kind_rules
from app.errors import RegistryError
from app.ui.common.errors import current_language
from app.ui.common.i18n import QT_TRANSLATE_NOOP

TYPES = fr.FILING_TYPES

FILING_TYPE_NAMES: dict[str, str] = {
    "initial": QT_TRANSLATE_NOOP("FilingType", "初始注册"),
    "change": QT_TRANSLATE_NOOP("FilingType", "变更注册"),
    "continuation": QT_TRANSLATE_NOOP("FilingType", "延续注册"),
    "modification": QT_TRANSLATE_NOOP("FilingType", "更改补办"),
    "cancellation": QT_TRANSLATE_NOOP("FilingType", "注销注册"),
    "reregistration": QT_TRANSLATE_NOOP("FilingType", "重新注册"),
    "addition": QT_TRANSLATE_NOOP("FilingType", "增项注册"),
}

FILING_STATE_NAMES: dict[str, str] = {
    "draft": QT_TRANSLATE_NOOP("FilingState", "草稿"),
    "submitted": QT_TRANSLATE_NOOP("FilingState", "个人已上报"),
    "employer_confirmed": QT_TRANSLATE_NOOP("FilingState", "企业已上报"),
    "accepted": QT_TRANSLATE_NOOP("FilingState", "已受理"),
    "corrections_requested": QT_TRANSLATE_NOOP("FilingState", "待补正"),
    "approved": QT_TRANSLATE_NOOP("FilingState", "审批通过"),
    "rejected": QT_TRANSLATE_NOOP("FilingState", "审批不通过"),
    "withdrawn": QT_TRANSLATE_NOOP("FilingState", "个人撤回"),
}

ACTION_NAMES: dict[str, str] = {
    "create": QT_TRANSLATE_NOOP("FilingAction", "创建申报"),
    "refile": QT_TRANSLATE_NOOP("FilingAction", "再次申报"),
    "submit": QT_TRANSLATE_NOOP("FilingAction", "上报"),
    "employer_confirm": QT_TRANSLATE_NOOP("FilingAction", "企业上报"),
    "forward": QT_TRANSLATE_NOOP("FilingAction", "报送主管部门（旧记录）"),
    "accept": QT_TRANSLATE_NOOP("FilingAction", "受理"),
    "request_corrections": QT_TRANSLATE_NOOP("FilingAction", "要求补正"),
    "answer_corrections": QT_TRANSLATE_NOOP("FilingAction", "补正"),
    "approve": QT_TRANSLATE_NOOP("FilingAction", "审批通过"),
    "reject": QT_TRANSLATE_NOOP("FilingAction", "审批不通过"),
    "withdraw": QT_TRANSLATE_NOOP("FilingAction", "撤回"),
    "employer_consent": QT_TRANSLATE_NOOP("FilingAction", "企业同意撤回"),
}

REASON_NAMES: dict[str, dict[str, str]] = {
    "modification": {
        "seal_lost": QT_TRANSLATE_NOOP("FilingReason", "执业印章遗失补办"),
        "seal_damaged": QT_TRANSLATE_NOOP("FilingReason", "执业印章损毁补办"),
        "certificate_info": QT_TRANSLATE_NOOP("FilingReason", "注册信息更改"),
        "other": QT_TRANSLATE_NOOP("FilingReason", "其他"),
    },
    "cancellation": {
        "left_employer": QT_TRANSLATE_NOOP("FilingReason", "与聘用单位解除劳动关系"),
        "no_longer_practising": QT_TRANSLATE_NOOP("FilingReason", "本人不再执业"),
        "retired": QT_TRANSLATE_NOOP("FilingReason", "退休"),
        "other": QT_TRANSLATE_NOOP("FilingReason", "其他"),
    },
}

APPEAL_SUBJECT_NAMES: dict[str, str] = {
    "social_security": QT_TRANSLATE_NOOP("AppealSubject", "社保异常"),
    "duplicate_person": QT_TRANSLATE_NOOP("AppealSubject", "人员查重异常"),
    "other": QT_TRANSLATE_NOOP("AppealSubject", "其他异常"),
}

ROLE_NAMES: dict[str, str] = {
    "admin": QT_TRANSLATE_NOOP("Role", "管理员"),
    "clerk": QT_TRANSLATE_NOOP("Role", "窗口办事员"),
    "reviewer": QT_TRANSLATE_NOOP("Role", "审核员"),
    "helpdesk": QT_TRANSLATE_NOOP("Role", "核验员"),
}

KIND_NAMES: dict[str, str] = {
    "architect": QT_TRANSLATE_NOOP("Kind", "一级注册建筑师"),
    "constructor": QT_TRANSLATE_NOOP("Kind", "一级建造师"),
    "engineer": QT_TRANSLATE_NOOP("Kind", "勘察设计注册工程师"),
}

CERTIFICATE_STATE_NAMES: dict[str, str] = {
    "valid": QT_TRANSLATE_NOOP("CertificateState", "有效"),
    "window_expired": QT_TRANSLATE_NOOP("CertificateState", "已过使用有效期"),
    "superseded": QT_TRANSLATE_NOOP("CertificateState", "已被新证书取代"),
    "revoked": QT_TRANSLATE_NOOP("CertificateState", "已撤销"),
}

# The verdict's headline at the help desk (the banner adds its own explanation).
VERIFICATION_STATUS_NAMES: dict[str, str] = {
    "valid": QT_TRANSLATE_NOOP("VerificationStatus", "有效"),
    "expired": QT_TRANSLATE_NOOP("VerificationStatus", "已过期"),
    "not_yet_valid": QT_TRANSLATE_NOOP("VerificationStatus", "未生效"),
    "registration_expired": QT_TRANSLATE_NOOP("VerificationStatus", "注册已过期"),
    "revoked": QT_TRANSLATE_NOOP("VerificationStatus", "已撤销"),
    "superseded": QT_TRANSLATE_NOOP("VerificationStatus", "已被新证书取代"),
    "invalid_signature": QT_TRANSLATE_NOOP("VerificationStatus", "无法验证真伪"),
    "unknown_issuer": QT_TRANSLATE_NOOP("VerificationStatus", "无法验证真伪"),
    "not_a_certificate": QT_TRANSLATE_NOOP("VerificationStatus", "非本系统证书"),
    "no_code_found": QT_TRANSLATE_NOOP("VerificationStatus", "未找到二维码"),
}

# What the audit log check found (app/services/audit_service.py FINDING_CODES).
AUDIT_FINDING_NAMES: dict[str, str] = {
    "altered": QT_TRANSLATE_NOOP("AuditFinding", "记录被修改"),
    "missing": QT_TRANSLATE_NOOP("AuditFinding", "记录被删除"),
    "head_mismatch": QT_TRANSLATE_NOOP("AuditFinding", "日志末尾被截断或链头被改写"),
    "head_missing": QT_TRANSLATE_NOOP("AuditFinding", "链头记录被删除"),
    "head_restored": QT_TRANSLATE_NOOP("AuditFinding", "链头曾被删除（已自动恢复，待管理员确认）"),
    "checkpoint_forged": QT_TRANSLATE_NOOP("AuditFinding", "数据库内检查点签名无效"),
    "checkpoint_key_unknown": QT_TRANSLATE_NOOP("AuditFinding", "数据库内检查点并非本办公室密钥所签"),
    "checkpoint_mismatch": QT_TRANSLATE_NOOP("AuditFinding", "与签名检查点不符（日志被改写或重算）"),
    "checkpoint_beyond_chain": QT_TRANSLATE_NOOP(
        "AuditFinding", "签名检查点所记录的记录已不存在（日志被清空或截断）"),
    "checkpoint_row_missing": QT_TRANSLATE_NOOP("AuditFinding", "日志记载的检查点已被删除"),
    "external_damaged": QT_TRANSLATE_NOOP("AuditFinding", "外部检查点文件已损坏"),
    "external_forged": QT_TRANSLATE_NOOP("AuditFinding", "外部检查点签名无效"),
    "external_key_unknown": QT_TRANSLATE_NOOP(
        "AuditFinding", "外部检查点的签名密钥不在本办公室密钥中（密钥可能被替换）"),
    "external_mismatch": QT_TRANSLATE_NOOP("AuditFinding", "与外部检查点不符（日志被改写或重算）"),
    "external_beyond_chain": QT_TRANSLATE_NOOP(
        "AuditFinding", "外部检查点所记录的记录已不存在（日志被清空或截断）"),
    "guard_missing": QT_TRANSLATE_NOOP(
        "AuditFinding", "禁止修改审计日志的触发器缺失或被停用（请运行数据库升级恢复）"),
}


def _name(context: str, table: dict[str, str], code: str) -> str:
    source = table.get(code)
    return QCoreApplication.translate(context, source) if source is not None else code


def type_name(code: str) -> str:
    return _name("FilingType", FILING_TYPE_NAMES, code)


def state_name(code: str) -> str:
    return _name("FilingState", FILING_STATE_NAMES, code)


def action_name(code: str) -> str:
    return _name("FilingAction", ACTION_NAMES, code)


def reasons(filing_type: str) -> list[tuple[str, str]]:
    """(code, name) of the reasons a filing type offers; empty for types without a reason."""
    return [(code, QCoreApplication.translate("FilingReason", source))
            for code, source in REASON_NAMES.get(filing_type, {}).items()]


def reason_name(filing_type: str, code: str) -> str:
    return _name("FilingReason", REASON_NAMES.get(filing_type, {}), code)


def appeal_subjects() -> list[tuple[str, str]]:
    """(code, name) of the anomalies a person can contest, in the domain's order."""
    return [(code, appeal_subject_name(code)) for code in fr.APPEAL_SUBJECTS]


def appeal_subject_name(code: str) -> str:
    return _name("AppealSubject", APPEAL_SUBJECT_NAMES, code)


def role_name(role: str) -> str:
    return _name("Role", ROLE_NAMES, role)


def kind_name(kind: str) -> str:
    return _name("Kind", KIND_NAMES, kind)


def certificate_state_name(state: str) -> str:
    return _name("CertificateState", CERTIFICATE_STATE_NAMES, state)


def verification_status_name(status: str) -> str:
    return _name("VerificationStatus", VERIFICATION_STATUS_NAMES, status)


def specialty_name(kind: str, code: str) -> str:
    """A specialty's name comes with the kind's rules data (zh and en side by side there)."""
    try:
        spec = kind_rules(kind).specialties[code]
    except (KeyError, ValueError, RegistryError):
        return code  # a code from a newer rules file: show it as it is
    return spec.zh if current_language() == "zh" else spec.en



def kind_specialty(kind: str, specialty: str) -> str:
    """The name of a kind with its specialty ("一级注册建筑师 — 建筑"), or of the kind alone."""
    if not specialty:
        return kind_name(kind)
    return QCoreApplication.translate("Labels", "{0} — {1}").format(
        kind_name(kind), specialty_name(kind, specialty))


def audit_finding_name(code: str) -> str:
    return _name("AuditFinding", AUDIT_FINDING_NAMES, code)
