"""Change notification: operations say what they changed, open views refresh themselves.

Anki's ``OpChanges`` idea. A view never asks the user to press F5: whoever runs a use case
that writes (through :func:`run_op`) names the kinds of data it changed, and the
:class:`ChangeBus` of the signed-in window tells every open view. A view refreshes when a kind
it shows changed; a hidden view marks itself stale and refreshes when it is shown again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from PySide6.QtCore import QObject, Signal

from app.ui.common.background import BackgroundOp, run_in_background


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

    def touches(self, *kinds: str) -> bool:
        """True when any of the named kinds changed (``changes.touches("persons", "filings")``)."""
        return any(getattr(self, kind) for kind in kinds)

    @property
    def anything(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self))


class ChangeBus(QObject):
    """One per signed-in window; views connect to :attr:`changed`."""

    changed = Signal(object)  # (Changes)

    def publish(self, changes: Changes) -> None:
        if changes.anything:
            self.changed.emit(changes)


def run_op(bus: ChangeBus, fn: Callable[..., Any], changes: Changes,
           on_success: Callable[[Any], None] | None = None,
           on_error: Callable[[BaseException], None] | None = None,
           on_progress: Callable[[int, int], None] | None = None) -> BackgroundOp:
    """:func:`run_in_background` for a use case that writes: on success, publish ``changes``
    (before ``on_success`` runs, so a dialog closing on success sees refreshed views)."""

    def done(value: Any) -> None:
        bus.publish(changes)
        if on_success is not None:
            on_success(value)

    return run_in_background(fn, on_success=done, on_error=on_error, on_progress=on_progress)
