"""The background helper: results and errors come back on the GUI thread; progress; cancel."""

from __future__ import annotations

import threading
import time

import shiboken6
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QWidget

from app.errors import RuleViolation
from app.ui.common.background import Cancel, run_in_background


def test_result_and_error_arrive_on_gui_thread(qtbot) -> None:
    got: list[object] = []
    gui = QThread.currentThread()

    def work() -> str:
        assert threading.current_thread() is not threading.main_thread()
        return "done"

    run_in_background(work, on_success=lambda v: got.append((v, QThread.currentThread() is gui)))
    def refused() -> None:
        raise RuleViolation("withdraw_not_allowed", state="x")

    run_in_background(refused, on_error=lambda e: got.append(type(e).__name__))
    qtbot.waitUntil(lambda: len(got) == 2, timeout=5000)
    assert ("done", True) in got and "RuleViolation" in got


def test_progress_and_cancel(qtbot) -> None:
    seen: list[tuple[int, int]] = []
    finished: list[object] = []

    def long_job(progress, cancel: Cancel) -> int:  # type: ignore[no-untyped-def]
        for i in range(200):
            cancel.check()
            progress(i, 200)
            time.sleep(0.01)
        return 200

    op = run_in_background(long_job, on_success=finished.append, on_error=finished.append,
                           on_progress=lambda d, t: seen.append((d, t)))
    qtbot.waitUntil(lambda: len(seen) > 3, timeout=5000)
    assert all(total == 200 for _, total in seen)
    op.cancel()  # the user pressed 取消
    qtbot.waitUntil(lambda: not op.running, timeout=5000)
    assert op.cancel_token.requested
    assert not finished  # a cancelled job reports nothing
    assert seen[-1][0] < 199


def test_a_job_whose_owner_was_destroyed_reports_nothing(qtbot) -> None:
    owner = QWidget()
    got: list[object] = []
    release = threading.Event()

    def work() -> str:
        release.wait(5)
        return "late"

    op = run_in_background(work, on_success=got.append, on_error=got.append, owner=owner)
    shiboken6.delete(owner)  # the window closed while the job ran
    release.set()
    qtbot.waitUntil(lambda: not op.running, timeout=5000)
    assert got == []
