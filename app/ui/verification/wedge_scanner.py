"""USB keyboard-wedge barcode scanners: fast keystroke bursts ending in Enter are a code.

A wedge scanner "types" what it reads, a few milliseconds per character, and presses Enter.
A person types far slower (100 ms or more between keys). :class:`WedgeScanner` is an event
filter on the application: while its ``scope`` widget is visible and holds the focus (or has
no focused child), it collects printable keystrokes that follow each other within
``max_gap`` seconds; Enter after at least ``min_length`` such characters emits
:attr:`scanned` and is swallowed, so it does not also press a default button. A slower key
starts a new burst, so typing by hand never triggers it.

The characters themselves are not swallowed: if the focus is in a text field the scanner's
text lands there too, which is harmless (the view clears its manual-entry field on a scan).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class WedgeScanner(QObject):
    scanned = Signal(str)

    def __init__(self, scope: QWidget, max_gap: float = 0.05, min_length: int = 8,
                 clock: Callable[[], float] = time.monotonic) -> None:
        super().__init__(scope)
        self.scope = scope
        self.max_gap = max_gap
        self.min_length = min_length
        self._clock = clock
        self._buffer: list[str] = []
        self._last = -1e9
        self._installed = False

    def install(self) -> None:
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True

    def remove(self) -> None:
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False
        self._buffer.clear()

    def _in_scope(self) -> bool:
        if not self.scope.isVisible():
            return False
        focus = QApplication.focusWidget()
        if focus is None:
            return self.scope.window().isActiveWindow()
        return focus is self.scope or self.scope.isAncestorOf(focus)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        # The application sees the event once per receiver in the chain; take it once, at
        # the widget that has the focus (or the window when nothing has).
        focus = QApplication.focusWidget()
        if not isinstance(watched, QWidget) or watched is not (focus or watched.window()):
            return False
        if not self._in_scope():
            return False
        now = self._clock()
        gap = now - self._last
        if event.key() in _ENTER_KEYS:
            text = "".join(self._buffer)
            fast = gap <= self.max_gap
            self._buffer.clear()
            self._last = -1e9
            if fast and len(text) >= self.min_length:
                self.scanned.emit(text)
                return True  # swallow: the Enter belonged to the scanner
            return False
        char = event.text()
        if not char or not char.isprintable() or event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
            return False
        if gap > self.max_gap:
            self._buffer.clear()  # too slow to be a scanner: a new burst starts here
        self._buffer.append(char)
        self._last = now
        return False
