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
    "field": QT_TRANSLATE_NOOP("OfficeRole", "外勤办公室"),
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

# The fields a conflict compares (persons and employers as the register stores them).
FIELD_NAMES = {
    "name": QT_TRANSLATE_NOOP("ConflictField", "姓名"),
    "id_type": QT_TRANSLATE_NOOP("ConflictField", "证件类型"),
    "id_number": QT_TRANSLATE_NOOP("ConflictField", "证件号码"),
    "gender": QT_TRANSLATE_NOOP("ConflictField", "性别"),
    "birth_date": QT_TRANSLATE_NOOP("ConflictField", "出生日期"),
    "phone": QT_TRANSLATE_NOOP("ConflictField", "手机号码"),
    "email": QT_TRANSLATE_NOOP("ConflictField", "电子邮箱"),
    "address": QT_TRANSLATE_NOOP("ConflictField", "地址"),
    "employer_uscc": QT_TRANSLATE_NOOP("ConflictField", "聘用单位代码"),
    "uscc": QT_TRANSLATE_NOOP("ConflictField", "统一社会信用代码"),
    "region": QT_TRANSLATE_NOOP("ConflictField", "地区"),
    "contact": QT_TRANSLATE_NOOP("ConflictField", "联系人"),
    "photo": QT_TRANSLATE_NOOP("ConflictField", "照片"),
    "signature": QT_TRANSLATE_NOOP("ConflictField", "签名"),
}


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
COUNT_NAMES = {
    "persons": QT_TRANSLATE_NOOP("BundleCount", "人员"),
    "employers": QT_TRANSLATE_NOOP("BundleCount", "单位"),
    "qualifications": QT_TRANSLATE_NOOP("BundleCount", "资格"),
    "filings": QT_TRANSLATE_NOOP("BundleCount", "申报"),
    "messages": QT_TRANSLATE_NOOP("BundleCount", "留言"),
    "attachments": QT_TRANSLATE_NOOP("BundleCount", "附件"),
    "photos": QT_TRANSLATE_NOOP("BundleCount", "照片"),
    "registrations": QT_TRANSLATE_NOOP("BundleCount", "注册"),
    "certificates": QT_TRANSLATE_NOOP("BundleCount", "证书"),
    "revocations": QT_TRANSLATE_NOOP("BundleCount", "撤销"),
    "verification_log": QT_TRANSLATE_NOOP("BundleCount", "核验记录"),
    "trust": QT_TRANSLATE_NOOP("BundleCount", "信任列表"),
    "conflicts": QT_TRANSLATE_NOOP("BundleCount", "冲突"),
}


def counts_text(counts: dict[str, int]) -> str:
    """``人员 3，申报 2`` — what a bundle carried; kinds with nothing are left out."""
    parts = [QCoreApplication.translate("BundleCount", "{0} {1}").format(
        _name("BundleCount", COUNT_NAMES, k), v) for k, v in sorted(counts.items()) if v]
    return QCoreApplication.translate("BundleCount", "，").join(parts) or "—"
