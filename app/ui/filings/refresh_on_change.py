"""Refreshing a view when an operation changed what it shows (no F5 needed).

A view names the kinds of data it shows and how to reload them; :class:`RefreshOnChange`
listens on the context's :class:`~app.ui.common.changes.ChangeBus`. A visible view reloads at
once; a hidden one (another page, another tab) only marks itself stale and reloads when it is
shown again, so a burst of changes costs nothing on screens nobody looks at.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget

from app.ui.common.changes import ChangeBus, Changes


class RefreshOnChange(QObject):
    """Calls ``refresh`` when a published change touches one of ``kinds``."""

    def __init__(self, widget: QWidget, bus: ChangeBus, kinds: tuple[str, ...],
                 refresh: Callable[[], None]) -> None:
        super().__init__(widget)  # lives and dies with the widget (and so does the connection)
        self.widget, self.kinds, self.refresh = widget, kinds, refresh
        self.stale = False
        bus.changed.connect(self._changed)
        widget.installEventFilter(self)

    def _changed(self, changes: Changes) -> None:
        if not changes.touches(*self.kinds):
            return
        if self.widget.isVisible():
            self.refresh()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self.refresh()
        return False
