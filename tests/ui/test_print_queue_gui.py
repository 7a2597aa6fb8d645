"""The 证书 screen printing on a real CUPS queue (cups-pdf): the real QPrintDialog accepted
programmatically, one certificate of each kind in a batch, the spooled PDFs measured; the
queue's state shown before a batch (a stopped queue gets nothing) and the resume."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QApplication, QPushButton

from app.models.db import Database
from app.services.base import Actor
from app.services.print_records import PrintRecordService
from app.ui.certificates import certificates_view as cv
from app.ui.common.background import wait_for_idle
from tests.helpers.certificates import init_office_key
from tests.helpers.cups import CupsQueue, annotate_each_kind, check_printout, start_queue

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def queue() -> Iterator[CupsQueue]:
    q = start_queue(56631 + int(os.environ.get("PYTEST_XDIST_WORKER", "gw0")[2:] or 0))
    os.environ["CUPS_SERVER"] = q.server
    q.restore()
    yield q
    q.restore()


@pytest.fixture
def screen(qtbot, db: Database, actors: dict[str, Actor], make_context,  # type: ignore[no-untyped-def]
           queue: CupsQueue, monkeypatch: pytest.MonkeyPatch):
    queue.restore()
    init_office_key(db, actors["admin"])
    serials = annotate_each_kind(db, actors["clerk"])
    # Only the printer is chosen for the clerk: the real dialog, accepted as a clerk would.
    # This process's default destination (CUPS reads LPDEST before the server's default):
    # the server's default (`lpadmin -d`) is one for all xdist workers sharing the server, so
    # one worker's dialog could print on another worker's queue.
    monkeypatch.setenv("LPDEST", queue.name)
    shown: list[str] = []  # message boxes (modal: they would wait for a click)
    monkeypatch.setattr(cv, "message_box", lambda parent, title, text: shown.append(text))
    widget = cv.CertificatesView(make_context(actors["clerk"]))
    widget.shown_messages = shown  # type: ignore[attr-defined]
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitSignal(widget.loaded, timeout=10000):
        widget.load_batch()
    widget.table.selectAll()
    yield widget, serials
    wait_for_idle()
    queue.restore()


def accept_print_dialog(qtbot, seen: list[str]) -> None:  # type: ignore[no-untyped-def]
    def accept() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QPrintDialog):
            QTimer.singleShot(50, accept)
            return
        seen.append(dialog.printer().printerName())
        dialog.accept()

    QTimer.singleShot(50, accept)


def test_gui_prints_a_batch_of_each_kind_on_the_queue(qtbot, screen, queue: CupsQueue,  # type: ignore[no-untyped-def]
                                                      db: Database, actors: dict[str, Actor]) -> None:
    widget, serials = screen
    assert sorted(r.serial for r in widget.selected()) == sorted(serials)
    seen: list[str] = []
    accept_print_dialog(qtbot, seen)
    with qtbot.waitSignal(widget.action_finished, timeout=120000):
        qtbot.mouseClick(widget.buttons["print"], Qt.MouseButton.LeftButton)
    assert seen == [queue.name]
    assert widget.shown_messages == [] and "已打印 3 张证书" in widget.status.text()
    records = PrintRecordService(db, actors["clerk"])
    for serial in serials:
        (record,) = records.history(serial)
        assert record.printer == queue.name and record.job_id is not None
        check_printout(queue.spooled(record.job_id), db.url, serial)


def test_gui_shows_a_stopped_queue_and_resumes(qtbot, screen, queue: CupsQueue,  # type: ignore[no-untyped-def]
                                               db: Database, actors: dict[str, Actor]) -> None:
    widget, serials = screen
    shown = widget.shown_messages
    queue.admin("cupsdisable", "-r", "缺纸", queue.name)
    accept_print_dialog(qtbot, [])
    with qtbot.waitSignal(widget.action_finished, timeout=60000):
        qtbot.mouseClick(widget.buttons["print"], Qt.MouseButton.LeftButton)
    assert shown and "3 张证书均未发送" in shown[0] and "已停止" in shown[0] and "缺纸" in shown[0]
    assert widget.buttons["resume"].isEnabled()
    assert all(not PrintRecordService(db, actors["clerk"]).history(s) for s in serials)
    queue.admin("cupsenable", queue.name)
    accept_print_dialog(qtbot, [])
    with qtbot.waitSignal(widget.action_finished, timeout=120000):
        qtbot.mouseClick(widget.buttons["resume"], Qt.MouseButton.LeftButton)
    assert "已打印 3 张证书" in widget.status.text()
    assert not widget.buttons["resume"].isEnabled()


def test_cancel_withdraws_a_job_waiting_in_the_queue(qtbot, screen, queue: CupsQueue,  # type: ignore[no-untyped-def]
                                                     db: Database, actors: dict[str, Actor]) -> None:
    widget, serials = screen
    # Held jobs wait in the queue (as behind a long job on a shared printer).
    queue.admin("lpadmin", "-p", queue.name, "-o", "job-hold-until-default=indefinite")
    accept_print_dialog(qtbot, [])
    qtbot.mouseClick(widget.buttons["print"], Qt.MouseButton.LeftButton)
    def waiting() -> bool:
        c = widget.print_controller
        return c is not None and c.queue_run is not None and c.queue_run.dialog is not None

    qtbot.waitUntil(waiting, timeout=30000)
    dialog = widget.print_controller.queue_run.dialog
    assert "就绪" in dialog.labelText() and queue.name in dialog.labelText()
    (cancel,) = dialog.findChildren(QPushButton)
    with qtbot.waitSignal(widget.action_finished, timeout=60000):
        qtbot.mouseClick(cancel, Qt.MouseButton.LeftButton)
    assert "打印已取消：已打印 0 张，共 3 张" in widget.status.text()
    assert widget.buttons["resume"].isEnabled()
    assert all(not PrintRecordService(db, actors["clerk"]).history(s) for s in serials)
    out = subprocess.run(["lpstat", "-o", queue.name], capture_output=True, text=True,
                         env={**os.environ, **queue.env()}).stdout
    assert out.strip() == ""  # the held job was withdrawn, it will not print later
