"""Change notification: operations say what they changed, open views refresh themselves.

Anki's ``OpChanges`` idea. A view never asks the user to press F5: whoever runs a use case
that writes (through :func:`run_op`) names the kinds of data it changed, and the
:class:`ChangeBus` of the signed-in session tells every open view. A view refreshes when a kind
it shows changed; a hidden view marks itself stale and refreshes when it is shown again —
:func:`follow_changes` does both for a widget, so views need not repeat that bookkeeping.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any, Literal

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

from app.ui.common.background import BackgroundOp, alive, run_in_background, show_unexpected

# The names of Changes' fields, so a misspelt kind is a type error rather than a silent miss.
Kind = Literal["persons", "employers", "filings", "registrations", "certificates",
               "verification_log", "users", "office"]


@dataclass(frozen=True)
class Changes:
    """Which kinds of data an operation changed (all ``False``: it changed nothing)."""

    persons: bool = False  # persons, their employers, qualifications, photos and signatures
    employers: bool = False
    filings: bool = False  # filings, their timelines and messages, 申辩, 信息更正
    registrations: bool = False
    certificates: bool = False
    verification_log: bool = False
    users: bool = False
    office: bool = False  # office settings and keys

    def __or__(self, other: Changes) -> Changes:
        return Changes(**{f.name: getattr(self, f.name) or getattr(other, f.name)
                          for f in fields(self)})

    def touches(self, *kinds: Kind) -> bool:
        """True when any of the named kinds changed (``changes.touches("persons", "filings")``)."""
        return any(getattr(self, kind) for kind in kinds)

    @property
    def anything(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


class ChangeBus(QObject):
    """One per signed-in session (the composition root makes it); views connect to
    :attr:`changed` or, simpler, use :func:`follow_changes`."""

    changed = Signal(object)  # (Changes)

    def publish(self, changes: Changes) -> None:
        if changes.anything:
            self.changed.emit(changes)


def run_op(bus: ChangeBus, fn: Callable[..., Any], changes: Changes,
           on_success: Callable[[Any], None] | None = None,
           on_error: Callable[[BaseException], None] | None = None,
           on_progress: Callable[[int, int], None] | None = None,
           owner: QObject | None = None) -> BackgroundOp:
    """:func:`run_in_background` for a use case that writes: on success, publish ``changes``
    (before ``on_success`` runs, so a dialog closing on success sees refreshed views).

    ``owner`` is the widget that asked: once it is destroyed its callbacks are skipped, but
    the changes are still published — the data did change, and the other views must hear of it.
    """

    def succeeded(value: Any) -> None:
        bus.publish(changes)
        if on_success is not None and alive(owner):
            on_success(value)

    def failed(exc: BaseException) -> None:
        if alive(owner):
            (on_error or show_unexpected)(exc)

    def progress(done: int, total: int) -> None:
        if on_progress is not None and alive(owner):
            on_progress(done, total)

    return run_in_background(fn, on_success=succeeded, on_error=failed, on_progress=progress)


class ChangeFollower(QObject):
    """What :func:`follow_changes` attaches to a widget: its child, so it dies with the widget,
    which also ends its connection to the bus. ``stale``: a change arrived while hidden."""

    def __init__(self, widget: QWidget, bus: ChangeBus, kinds: tuple[Kind, ...],
                 refresh: Callable[[], None]) -> None:
        super().__init__(widget)
        self._widget, self._kinds, self._refresh = widget, kinds, refresh
        self.stale = False
        bus.changed.connect(self._on_changed)
        widget.installEventFilter(self)

    def _on_changed(self, changes: Changes) -> None:
        if not changes.touches(*self._kinds):
            return
        if self._widget.isVisible():
            self._refresh()
        else:
            self.stale = True  # refreshing a page nobody looks at would only cost queries

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self._refresh()
        return False


def follow_changes(widget: QWidget, bus: ChangeBus, kinds: tuple[Kind, ...],
                   refresh: Callable[[], None]) -> ChangeFollower:
    """Call ``refresh`` when any of ``kinds`` changed: at once if ``widget`` is visible,
    otherwise the next time it is shown."""
    return ChangeFollower(widget, bus, kinds, refresh)
