"""The names the Offices & keys screen shows for codes: key states, seal roles, office roles,
freeze levels, sync directions, conflict resolutions and the fields of a conflict.

Kept beside the screen (not in :mod:`app.ui.common.labels`) because only this screen uses them;
the same words as ``resources/messages/labels.toml`` uses for the CLI. A code this build does not
know is shown as it is.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from app.codes.payload import CHINA_TZ
from app.ui.common.i18n import QT_TRANSLATE_NOOP

KEY_STATE_NAMES = {
    "active": QT_TRANSLATE_NOOP("KeyState", "签名中"),
    "retired": QT_TRANSLATE_NOOP("KeyState", "已退役"),
    "trusted": QT_TRANSLATE_NOOP("KeyState", "已信任"),
    "compromised": QT_TRANSLATE_NOOP("KeyState", "已泄露"),
    "reserved": QT_TRANSLATE_NOOP("KeyState", "预留（未启用）"),
}

SEAL_ROLE_NAMES = {
    "root": QT_TRANSLATE_NOOP("SealRole", "根证书"),
    "office": QT_TRANSLATE_NOOP("SealRole", "电子证书专用章"),
    "committee": QT_TRANSLATE_NOOP("SealRole", "管理委员会印章"),
    "chairman": QT_TRANSLATE_NOOP("SealRole", "主任委员个人印章"),
}

OFFICE_ROLE_NAMES = {
    "central": QT_TRANSLATE_NOOP("OfficeRole", "中心办公室"),
    "field": QT_TRANSLATE_NOOP("OfficeRole", "受理点"),
}

DIRECTION_NAMES = {
    "sent": QT_TRANSLATE_NOOP("SyncDirection", "发出"),
    "received": QT_TRANSLATE_NOOP("SyncDirection", "收到"),
}

RESOLUTION_NAMES = {
    "theirs": QT_TRANSLATE_NOOP("ConflictResolution", "采用对方版本"),
    "ours": QT_TRANSLATE_NOOP("ConflictResolution", "保留本方版本"),
    "merge": QT_TRANSLATE_NOOP("ConflictResolution", "逐项合并"),
}

ENTITY_NAMES = {
    "person": QT_TRANSLATE_NOOP("ConflictEntity", "人员"),
    "employer": QT_TRANSLATE_NOOP("ConflictEntity", "聘用单位"),
}

# The fields a conflict compares (PERSON_FIELDS of app/services/register_common.py and the
# employer's columns).
FIELD_NAMES = {
    "name": QT_TRANSLATE_NOOP("ConflictField", "名称"),
    "id_type": QT_TRANSLATE_NOOP("ConflictField", "证件类型"),
    "id_number": QT_TRANSLATE_NOOP("ConflictField", "证件号码"),
    "gender": QT_TRANSLATE_NOOP("ConflictField", "性别"),
    "birth_date": QT_TRANSLATE_NOOP("ConflictField", "出生日期"),
    "mobile": QT_TRANSLATE_NOOP("ConflictField", "手机号码"),
    "operator_mobile": QT_TRANSLATE_NOOP("ConflictField", "经办人手机号码"),
    "employer_id": QT_TRANSLATE_NOOP("ConflictField", "聘用单位"),
    "employer": QT_TRANSLATE_NOOP("ConflictField", "聘用单位"),
    "employer_uscc": QT_TRANSLATE_NOOP("ConflictField", "聘用单位代码"),
    "employment_start": QT_TRANSLATE_NOOP("ConflictField", "聘用开始"),
    "employment_end": QT_TRANSLATE_NOOP("ConflictField", "聘用结束"),
    "uscc": QT_TRANSLATE_NOOP("ConflictField", "统一社会信用代码"),
    "industry": QT_TRANSLATE_NOOP("ConflictField", "行业"),
    "region": QT_TRANSLATE_NOOP("ConflictField", "地区"),
    "address": QT_TRANSLATE_NOOP("ConflictField", "地址"),
    "social_security_flag": QT_TRANSLATE_NOOP("ConflictField", "社保异常标记"),
    "social_security_note": QT_TRANSLATE_NOOP("ConflictField", "社保异常说明"),
    "photo": QT_TRANSLATE_NOOP("ConflictField", "照片"),
    "signature": QT_TRANSLATE_NOOP("ConflictField", "签名"),
}


# Values shown as words instead of codes (the rest is shown as stored).
VALUE_NAMES = {
    ("gender", "M"): QT_TRANSLATE_NOOP("ConflictValue", "男"),
    ("gender", "F"): QT_TRANSLATE_NOOP("ConflictValue", "女"),
    (None, "True"): QT_TRANSLATE_NOOP("ConflictValue", "是"),
    (None, "False"): QT_TRANSLATE_NOOP("ConflictValue", "否"),
}


def value_text(field: str, value: str) -> str:
    """A stored value as the reviewer reads it: codes of known fields in words."""
    if field == "id_type":
        from app.ui.persons.person_dialog import id_type_name  # the persons screen's names
        return id_type_name(value)
    source = VALUE_NAMES.get((field, value)) or VALUE_NAMES.get((None, value))
    return QCoreApplication.translate("ConflictValue", source) if source else value


def _name(context: str, table: dict[str, str], code: str | None) -> str:
    if code is None:
        return ""
    source = table.get(code)
    return QCoreApplication.translate(context, source) if source is not None else code


def key_state_name(code: str) -> str:
    return _name("KeyState", KEY_STATE_NAMES, code)


def seal_role_name(code: str) -> str:
    return _name("SealRole", SEAL_ROLE_NAMES, code)


def office_role_name(code: str) -> str:
    return _name("OfficeRole", OFFICE_ROLE_NAMES, code)


def direction_name(code: str) -> str:
    return _name("SyncDirection", DIRECTION_NAMES, code)


def resolution_name(code: str | None) -> str:
    return _name("ConflictResolution", RESOLUTION_NAMES, code)


def entity_name(code: str) -> str:
    return _name("ConflictEntity", ENTITY_NAMES, code)


def field_name(code: str) -> str:
    return _name("ConflictField", FIELD_NAMES, code)


def when(value: datetime | None, seconds: bool = False) -> str:
    """A moment in China time (as everything the office reads), '' for none."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(CHINA_TZ)
    return f"{value:%Y-%m-%d %H:%M:%S}" if seconds else f"{value:%Y-%m-%d %H:%M}"


# What a bundle carries (ExportReport.counts / ImportReport.counts / SyncEvent.counts keys).
COUNT_NAMES = {  # the sync_entity labels of resources/messages/labels.toml
    "employer": QT_TRANSLATE_NOOP("BundleCount", "单位"),
    "person": QT_TRANSLATE_NOOP("BundleCount", "人员"),
    "qualification": QT_TRANSLATE_NOOP("BundleCount", "资格"),
    "registration": QT_TRANSLATE_NOOP("BundleCount", "注册"),
    "filing": QT_TRANSLATE_NOOP("BundleCount", "申报"),
    "filing_event": QT_TRANSLATE_NOOP("BundleCount", "进度记录"),
    "message": QT_TRANSLATE_NOOP("BundleCount", "消息"),
    "correction": QT_TRANSLATE_NOOP("BundleCount", "补正"),
    "appeal": QT_TRANSLATE_NOOP("BundleCount", "申辩"),
    "info_correction": QT_TRANSLATE_NOOP("BundleCount", "信息更正"),
    "attachment": QT_TRANSLATE_NOOP("BundleCount", "附件"),
    "certificate": QT_TRANSLATE_NOOP("BundleCount", "证书"),
    "certificate_file": QT_TRANSLATE_NOOP("BundleCount", "证书文件"),
    "trust": QT_TRANSLATE_NOOP("BundleCount", "信任文件"),
    "verification_summary": QT_TRANSLATE_NOOP("BundleCount", "核验汇总"),
}


def counts_text(counts: dict[str, int]) -> str:
    """``人员 3，申报 2`` — what a bundle carried; kinds with nothing are left out."""
    parts = [QCoreApplication.translate("BundleCount", "{0} {1}").format(
        _name("BundleCount", COUNT_NAMES, k), v) for k, v in sorted(counts.items()) if v]
    return QCoreApplication.translate("BundleCount", "，").join(parts) or "—"
