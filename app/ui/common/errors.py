"""Showing errors to the user: codes from the core become translated sentences.

``RegistryError`` carries a code, a field and parameters; :func:`app.messages.describe` turns
it into a sentence in the current language. Anything else is a bug: the user sees a short
apology and the details are written to the log, never a raw traceback in the box.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from app.errors import RegistryError
from app.messages import describe
from app.settings import log_exception

log = logging.getLogger(__name__)


def current_language() -> str:
    app = QCoreApplication.instance()
    lang = app.property("registry_language") if app is not None else None
    return lang if lang in ("zh", "en") else "zh"


def error_text(exc: BaseException) -> str:
    if isinstance(exc, RegistryError):
        return describe(exc, current_language())
    log.error("unexpected error", exc_info=exc)
    path = log_exception(exc, "gui")  # the traceback goes to the log file, never the box
    return QCoreApplication.translate(
        "errors", "发生了意外错误，操作未完成。详细信息已写入日志：{0}").format(
            str(path) if path else type(exc).__name__)


def show_error(parent: QWidget | None, exc: BaseException, title: str | None = None) -> None:
    """A modal message box with the translated sentence (tests patch :func:`message_box`)."""
    message_box(parent, title or QCoreApplication.translate("errors", "操作未完成"), error_text(exc))


def message_box(parent: QWidget | None, title: str, text: str) -> None:
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("errorBox")
    box.exec()
