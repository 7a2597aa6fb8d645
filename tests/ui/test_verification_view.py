"""The help-desk screen driven like an operator would: a video-file camera, a wedge scanner
typing a code in a burst, a dropped PDF, the log and its export."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import cv2
import numpy as np
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from app.models.db import Database
from app.scanner.footage import blank_frames, clip_frames, write_video
from app.scanner.sources import render_pdf
from app.ui.common.background import wait_for_idle
from app.ui.common.changes import Changes
from app.ui.verification.verification_view import VerificationView
from tests.helpers.verification import certificate_pdf, issue_all


def test_camera_from_video_file_shows_valid_holder(qtbot, desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view, issued = desk
    rng = np.random.default_rng(11)
    page = render_pdf(certificate_pdf(issued["valid"], tmp_path / "valid.pdf"))[0]
    clip = write_video(tmp_path / "valid.avi",
                       blank_frames(3, rng) + clip_frames(page, 8, rng, difficulty=0.3), fps=15)
    with qtbot.waitSignal(view.verified, timeout=20000) as blocker:
        view.start_camera(clip)
    result = blocker.args[0]
    assert result.status == "valid" and result.source == "camera"
    assert view.banner.headline.text() == "有效"
    assert view.card.fields["name"].text() == "张伟"
    assert view.card.fields["serial"].text() == issued["valid"].serial
    assert view.card.fields["remaining"].text() == f"{result.days_remaining} 天"
    assert not view.card.photo.pixmap().isNull()  # the register photo matched the signed hash
    qtbot.waitUntil(lambda: not view.preview.pixmap().isNull() or not view.camera.running)
    view.stop_camera()
    assert not view.camera.running and view.start_button.text() == "开启摄像头"


def test_wedge_scanner_burst_is_a_code_slow_typing_is_not(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    view, issued = desk
    view.activateWindow()
    view.manual.setFocus()
    qtbot.waitUntil(view.manual.hasFocus)
    with qtbot.waitSignal(view.verified, timeout=10000) as blocker:
        qtbot.keyClicks(view.manual, issued["expired"].payload)  # a burst, no delay
        qtbot.keyClick(view.manual, Qt.Key.Key_Return)
    result = blocker.args[0]
    assert (result.status, result.source) == ("expired", "wedge")
    assert view.banner.headline.text() == "已过期"
    assert view.manual.text() == ""
    # A person typing: 60 ms between keys is no scanner; Enter verifies the field instead.
    with qtbot.waitSignal(view.verified, timeout=10000) as blocker:
        qtbot.keyClicks(view.manual, "HELLO-1234", delay=60)
        qtbot.keyClick(view.manual, Qt.Key.Key_Return)
    assert (blocker.args[0].status, blocker.args[0].source) == ("not_a_certificate", "manual")
    assert view.banner.headline.text() == "非本系统证书"


def test_dropped_pdf_and_log_export(qtbot, desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view, issued = desk
    pdf = certificate_pdf(issued["revoked"], tmp_path / "revoked.pdf")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pdf))])
    event = QDropEvent(QPointF(20, 20), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(view.verified, timeout=20000) as blocker:
        view.dropEvent(event)
    assert blocker.args[0].status == "revoked" and blocker.args[0].source == "file"
    assert view.banner.headline.text() == "已撤销"
    assert view.card.fields["remaining"].text() == "—"  # no "days left" on a revoked one
    assert view.card.fields["register"].text().endswith("撤销：注销注册")
    assert view.card.fields["employer"].text() == "北京市示例建筑工程有限公司（据登记库）"
    with qtbot.waitSignal(view.verified, timeout=10000):
        view.verify_text(issued["invalid_signature"].payload, "manual")
    assert view.banner.headline.text() == "无法验证真伪"
    assert view.card.fields["name"].text() == "—"  # unproven data is not shown
    panel = view.log_panel
    assert panel.export_button.isVisible()  # helpdesk holds verify.log
    with qtbot.waitSignal(panel.loaded, timeout=10000):
        panel.refresh()
    assert panel.table.rowCount() == 2
    assert panel.table.item(0, 3).text() == "无法验证真伪"
    target = tmp_path / "log.csv"
    with qtbot.waitSignal(panel.exported, timeout=10000) as blocker:
        panel.export(target)
    assert blocker.args[1] == 2
    rows = list(csv.DictReader(target.read_text("utf-8-sig").splitlines()))
    assert [r["status"] for r in rows] == ["revoked", "invalid_signature"]


def test_main_window_hosts_the_help_desk_page(qtbot, db: Database, staff, make_main_window,  # type: ignore[no-untyped-def]
                                              tmp_path: Path) -> None:
    issued = issue_all(db, today=date.today())
    win = make_main_window(staff["helpdesk"])
    page = win.page("verification")
    assert isinstance(page, VerificationView)
    qtbot.waitUntil(lambda: page._probed)
    win.activateWindow()
    page.manual.setFocus()
    qtbot.waitUntil(page.manual.hasFocus)
    with qtbot.waitSignal(page.verified, timeout=10000) as blocker:
        qtbot.keyClicks(page.manual, issued["valid"].payload)
        qtbot.keyClick(page.manual, Qt.Key.Key_Enter)
    assert (blocker.args[0].status, blocker.args[0].source) == ("valid", "wedge")
    clip = write_video(tmp_path / "desk.avi", blank_frames(60, np.random.default_rng(2), (320, 240)),
                       fps=10)
    with qtbot.waitSignal(page.camera.frame, timeout=10000):
        page.start_camera(clip)
    win.page("settings")  # leaving the page frees the camera and stops the wedge listener
    assert not page.camera.running and not page.wedge._installed
    win.page("verification")  # coming back resumes the same source
    assert page.camera.running and page.wedge._installed


def test_unreadable_source_is_reported_in_plain_words(qtbot, desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view, _ = desk
    with qtbot.waitSignal(view.camera_state, timeout=10000,
                          check_params_cb=lambda state: state == "failed"):
        view.start_camera(tmp_path / "missing.avi")
    assert "找不到文件" in view.camera_status.text()
    qtbot.waitUntil(lambda: not view.camera.running)
    assert view.start_button.text() == "开启摄像头"


def test_each_verification_announces_a_change_and_the_log_refreshes_itself(  # type: ignore[no-untyped-def]
        qtbot, desk, tmp_path: Path) -> None:
    view, issued = desk
    panel = view.log_panel
    qtbot.waitUntil(lambda: panel.table.rowCount() == 0)
    wait_for_idle()
    published: list[Changes] = []
    view.ctx.changes.changed.connect(published.append)
    with qtbot.waitSignal(view.verified, timeout=10000):
        view.verify_text(issued["valid"].payload, "manual")
    assert published == [Changes(verification_log=True)]
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=10000)  # nobody called refresh
    assert panel.table.item(0, 3).text() == "有效"
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((300, 400, 3), 255, np.uint8))
    with qtbot.waitSignal(view.verified, timeout=20000) as blocker:
        view.verify_path(blank)  # a file is one service call too, logged as no code found
    assert blocker.args[0].status == "no_code_found" and blocker.args[0].source == "file"
    assert view.banner.headline.text() == "未找到二维码"
    assert published == [Changes(verification_log=True)] * 2
    qtbot.waitUntil(lambda: panel.table.rowCount() == 2, timeout=10000)
    assert panel.table.item(0, 3).text() == "未找到二维码"
    # A file that cannot be read changes nothing and says why.
    view.verify_path(tmp_path / "absent.png")
    qtbot.waitUntil(lambda: "找不到文件" in view.camera_status.text(), timeout=10000)
    assert len(published) == 2


def test_the_english_banner_and_log(qtbot, db: Database, staff, make_context) -> None:  # type: ignore[no-untyped-def]
    issued = issue_all(db, today=date.today())
    view = VerificationView(make_context(staff["helpdesk"], "en", verify_sound=False),
                            autostart_camera=False)
    qtbot.addWidget(view)
    view.show()
    with qtbot.waitSignal(view.verified, timeout=10000):
        view.verify_text(issued["superseded"].payload, "manual")
    assert view.banner.headline.text() == "Superseded"
    assert view.banner.explanation.text().startswith("A newer certificate has been issued")
    assert view.card.fields["kind"].text() == "Class 1 Constructor"
    qtbot.waitUntil(lambda: view.log_panel.table.rowCount() == 1, timeout=10000)
    assert view.log_panel.table.item(0, 2).text() == "Typed in"
    assert view.log_panel.table.item(0, 3).text() == "Superseded"
    view.stop_camera()
    wait_for_idle(10000)
