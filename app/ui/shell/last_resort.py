"""The GUI's last resort: an exception nothing else handled never closes the window.

PySide6 hands an exception raised in a slot or an event handler to ``sys.excepthook`` and
then goes on with the event loop; a background thread's goes to ``threading.excepthook``.
Both are replaced here: the traceback goes to the log file (``app.settings.log_path``), the
user reads one plain sentence naming the log file, and the window stays alive. Expected
refusals (``RegistryError``) are shown as their sentence, as everywhere else.
"""

from __future__ import annotations

import sys
import threading
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal

from app.errors import RegistryError
from app.settings import log_exception
from app.ui.common.errors import error_text, message_box


class LastResort(QObject):
    """Installed once per application; keeps the previous hooks to restore them."""

    report = Signal(str)  # emitted from any thread, shown on the GUI thread

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.report.connect(self._show, Qt.ConnectionType.QueuedConnection)
        self.shown: list[str] = []  # what the user was told (the tests read it)
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self._on_exception
        threading.excepthook = self._on_thread_exception

    def uninstall(self) -> None:
        sys.excepthook, threading.excepthook = self._previous

    def sentence(self, exc: BaseException, where: str) -> str:
        if isinstance(exc, RegistryError):
            return error_text(exc)
        path = log_exception(exc, where)
        return QCoreApplication.translate(
            "errors", "发生了意外错误（{0}），操作未完成，程序仍可继续使用。详细信息已写入日志：{1}"
        ).format(type(exc).__name__, str(path) if path else "-")

    def _on_exception(self, kind: type[BaseException], exc: BaseException,
                      tb: TracebackType | None) -> None:
        if isinstance(exc, KeyboardInterrupt):
            self._previous[0](kind, exc, tb)
            return
        self.report.emit(self.sentence(exc.with_traceback(tb), "gui"))

    def _on_thread_exception(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        name = args.thread.name if args.thread is not None else "thread"
        self.report.emit(self.sentence(args.exc_value, f"gui thread {name}"))

    def _show(self, text: str) -> None:
        self.shown.append(text)
        app = QCoreApplication.instance()
        if app is None or app.property("registry_last_resort_silent"):
            return  # tests: no modal box
        message_box(None, QCoreApplication.translate("errors", "操作未完成"), text)
