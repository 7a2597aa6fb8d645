"""Idle lock: after N minutes without keyboard or mouse input the window locks.

An application-wide event filter restarts a single-shot timer on every input event; when it
fires, :class:`~app.ui.shell.login_dialog.LockDialog` asks for the same user's password. The delay is
the workstation setting ``idle_lock_minutes`` (0 switches the lock off).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

_INPUT = {
    QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
    QEvent.Type.Wheel, QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    def __init__(self, timeout_ms: int, on_idle: Callable[[], None],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.on_idle = on_idle
        self.locked = False
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._fire)
        self.set_timeout(timeout_ms)
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def set_timeout(self, timeout_ms: int) -> None:
        self.timer.stop()
        self.timer.setInterval(max(timeout_ms, 0))
        if timeout_ms > 0:
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        app = QCoreApplication.instance()
        if app is not None:
            app.removeEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self.locked and event.type() in _INPUT and self.timer.interval() > 0:
            self.timer.start()
        return False

    def _fire(self) -> None:
        if self.locked:
            return
        self.locked = True
        try:
            self.on_idle()
        finally:
            self.locked = False
            if self.timer.interval() > 0:
                self.timer.start()
