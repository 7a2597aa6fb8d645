"""The help desk's words for a field office out of sync (issue 12), added to the result card.

Kept in its own module so the verification screen gains one hook line (``WARNING_TEXT``);
the codes come from ``app.services.office_role.sync_warnings``.
"""

from __future__ import annotations

from app.ui.common.i18n import QT_TRANSLATE_NOOP

SYNC_WARNING_TEXT: dict[str, str] = {
    "sync_overdue": QT_TRANSLATE_NOOP("VerificationBanner",
                                      "本受理点较长时间未与中心同步，撤销信息可能不是最新的。"),
    "sync_frozen": QT_TRANSLATE_NOOP("VerificationBanner",
                                     "本受理点已超过同步期限：撤销信息可能不是最新的，同步前不能新建申报。"),
}
