"""A screen of the main window, and the little the window asks of it.

The shell builds each page from its class (``Page(ctx)``) when it is first shown and then talks
to it only through this interface: ``navigate`` asks the window to show another page (with an
argument such as a person's id), ``show_argument`` receives such an argument, and ``refresh``
is F5, the manual fallback (pages follow ``ctx.changes`` and refresh themselves).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget


class Page(QWidget):
    navigate = Signal(str, object)  # (page key, argument) for the main window

    def show_argument(self, argument: object) -> None:
        """Show what another page asked for (a filter, a record); pages without one ignore it."""

    def refresh(self) -> None:
        """Read the page's data again (F5)."""
