"""Running slow work off the GUI thread: one helper, ``run_in_background``.

Anki's ``QueryOp`` idea: the caller hands over a plain function (it opens its own database
session inside the service, so every thread has its own), and gets the result or the error
back on the GUI thread through Qt signals. A :class:`Cancel` token lets a long job stop early,
and a ``progress`` callback reports ``(done, total)``. Jobs that write data go through
:func:`app.ui.common.changes.run_op`, which also tells the open views what changed.
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from app.ui.common.errors import show_error


class Cancelled(Exception):
    """Raised inside a job by :meth:`Cancel.check` once the user pressed cancel."""


class Cancel:
    """A cancellation flag shared between the GUI and the worker thread."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def set(self) -> None:
        self._event.set()

    @property
    def requested(self) -> bool:
        return self._event.is_set()

    def check(self) -> None:
        if self._event.is_set():
            raise Cancelled()


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class _Job(QRunnable):
    def __init__(self, fn: Callable[..., Any], kwargs: dict[str, Any], signals: _Signals) -> None:
        super().__init__()
        self.fn, self.kwargs, self.signals = fn, kwargs, signals
        self.setAutoDelete(True)

    def run(self) -> None:
        try:
            result = self.fn(**self.kwargs)
        except BaseException as exc:  # every error must reach the GUI, never die in a thread
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class BackgroundOp:
    """Handle of one running job: ``cancel()`` it, ask whether it is ``running``."""

    _live: set[BackgroundOp] = set()  # keeps signals alive until the job reports back

    def __init__(self) -> None:
        self.cancel_token = Cancel()
        self.running = True
        self.signals = _Signals()

    def cancel(self) -> None:
        self.cancel_token.set()


def _wants(fn: Callable[..., Any], name: str) -> bool:
    try:
        return name in inspect.signature(fn).parameters
    except (TypeError, ValueError):
        return False


def alive(owner: QObject | None) -> bool:
    """False once ``owner`` (the widget that asked for a job) was destroyed by Qt."""
    return owner is None or shiboken6.isValid(owner)


def run_in_background(
    fn: Callable[..., Any],
    on_success: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    pool: QThreadPool | None = None,
    owner: QObject | None = None,
) -> BackgroundOp:
    """Run ``fn`` in the thread pool; callbacks run on the GUI thread.

    ``fn`` may declare a ``cancel`` parameter (a :class:`Cancel`) and/or a ``progress``
    parameter (``progress(done, total)``); they are passed only when declared, so plain service
    calls (``lambda: svc.search(text)``) need no wrapper. A cancelled job reports neither
    success nor error: the user already moved on. Nor does a job whose ``owner`` was destroyed
    meanwhile (the window closed): its callbacks would touch deleted widgets.
    """
    op = BackgroundOp()
    kwargs: dict[str, Any] = {}
    if _wants(fn, "cancel"):
        kwargs["cancel"] = op.cancel_token
    if _wants(fn, "progress"):
        kwargs["progress"] = op.signals.progress.emit

    def finished(callback: Callable[[Any], None] | None, value: Any) -> None:
        op.running = False
        BackgroundOp._live.discard(op)
        if op.cancel_token.requested or isinstance(value, Cancelled) or not alive(owner):
            return
        if callback is not None:
            callback(value)

    def progress(done: int, total: int) -> None:
        if on_progress is not None and alive(owner):
            on_progress(done, total)

    op.signals.done.connect(lambda value: finished(on_success, value))
    op.signals.failed.connect(lambda exc: finished(on_error or show_unexpected, exc))
    op.signals.progress.connect(progress)
    BackgroundOp._live.add(op)
    (pool or QThreadPool.globalInstance()).start(_Job(fn, kwargs, op.signals))
    return op


def show_unexpected(exc: BaseException) -> None:
    """What a job without its own error handler does: the translated sentence in a box."""
    show_error(None, exc)


def wait_for_idle(timeout_ms: int = 10000) -> bool:
    """Block until every background job finished (for shutdown and tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
