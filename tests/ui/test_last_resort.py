"""The GUI's last resort: an unexpected exception in a slot or a thread is logged, told in one
sentence, and the window stays alive."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QLabel

from app.errors import InvalidInput
from app.settings import log_path
from app.ui.shell.last_resort import LastResort


@pytest.mark.qt_no_exception_capture
def test_an_unexpected_error_is_logged_and_the_window_lives(qtbot) -> None:  # type: ignore[no-untyped-def]
    app = QCoreApplication.instance()
    assert app is not None
    app.setProperty("registry_last_resort_silent", True)  # no modal box in the test
    guard = LastResort()
    window = QLabel("主窗口")
    qtbot.addWidget(window)
    window.show()
    try:
        def boom() -> None:
            raise ZeroDivisionError("a bug in a slot")

        QTimer.singleShot(0, boom)
        qtbot.waitUntil(lambda: len(guard.shown) == 1, timeout=5000)
        worker = threading.Thread(target=lambda: {}["missing"], name="worker")
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: len(guard.shown) == 2, timeout=5000)
        QTimer.singleShot(0, lambda: (_ for _ in ()).throw(InvalidInput("bad_date", field="on",
                                                                         value="x")))
        qtbot.waitUntil(lambda: len(guard.shown) == 3, timeout=5000)
    finally:
        guard.uninstall()
        app.setProperty("registry_last_resort_silent", False)
    assert window.isVisible()  # the application goes on
    assert "ZeroDivisionError" in guard.shown[0] and "Traceback" not in guard.shown[0]
    assert str(log_path()) in guard.shown[0]
    assert "KeyError" in guard.shown[1]
    assert "YYYY-MM-DD" in guard.shown[2]  # an expected refusal is its own sentence, not logged
    log = Path(log_path()).read_text("utf-8")
    assert "a bug in a slot" in log and "Traceback" in log and "gui thread worker" in log
