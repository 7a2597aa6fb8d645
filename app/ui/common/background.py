"""Running slow work off the GUI thread: one helper, ``run_in_background``.

Anki's ``QueryOp`` idea: the caller hands over a plain function (it opens its own database
session inside the service, so every thread has its own), and gets the result or the error
back on the GUI thread through Qt signals. A :class:`Cancel` token lets a long job stop early,
and a ``progress`` callback reports ``(done, total)``.
"""

from __future__ import annotations

import inspect
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


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
            exc.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
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


def run_in_background(
    fn: Callable[..., Any],
    on_success: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    pool: QThreadPool | None = None,
) -> BackgroundOp:
    """Run ``fn`` in the thread pool; callbacks run on the GUI thread.

    ``fn`` may declare a ``cancel`` parameter (a :class:`Cancel`) and/or a ``progress``
    parameter (``progress(done, total)``); they are passed only when declared, so plain service
    calls (``lambda: svc.search(text)``) need no wrapper. A cancelled job reports neither
    success nor error: the user already moved on.
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
        if op.cancel_token.requested or isinstance(value, Cancelled):
            return
        if callback is not None:
            callback(value)

    op.signals.done.connect(lambda value: finished(on_success, value))
    op.signals.failed.connect(lambda exc: finished(on_error or _default_error, exc))
    if on_progress is not None:
        op.signals.progress.connect(on_progress)
    BackgroundOp._live.add(op)
    (pool or QThreadPool.globalInstance()).start(_Job(fn, kwargs, op.signals))
    return op


def _default_error(exc: BaseException) -> None:
    from app.ui.common.errors import show_error

    show_error(None, exc)


def wait_for_idle(timeout_ms: int = 10000) -> bool:
    """Block until every background job finished (for shutdown and tests)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)


def run_with_progress(parent: object, title: str, fn: Callable[..., Any],
                      on_success: Callable[[Any], None] | None = None,
                      on_error: Callable[[BaseException], None] | None = None) -> BackgroundOp:
    """:func:`run_in_background` behind a modal progress dialog with a working Cancel button.

    ``fn`` reports ``progress(done, total)`` and calls ``cancel.check()`` between steps; the
    dialog appears only if the job takes longer than half a second.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QProgressDialog

    dialog = QProgressDialog(title, QProgressDialog.tr("取消"), 0, 0, parent)  # type: ignore[arg-type]
    dialog.setObjectName("progressDialog")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(500)

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 0))
        dialog.setValue(min(done, total) if total else 0)

    def finish(callback: Callable[[Any], None] | None, value: Any) -> None:
        dialog.reset()
        dialog.deleteLater()
        if callback is not None:
            callback(value)

    op = run_in_background(fn, on_success=lambda v: finish(on_success, v),
                           on_error=lambda e: finish(on_error or _default_error, e),
                           on_progress=progress)
    dialog.canceled.connect(op.cancel)
    dialog.canceled.connect(dialog.deleteLater)
    op.dialog = dialog  # type: ignore[attr-defined]
    return op
