"""Issue 10 at the help desk: a specimen says 样本 in the banner, a certificate revoked after the
instant it was judged at says it is revoked now; a demo register says so in the title bar."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt

from app.codes.payload import encode_payload
from app.models.db import Database
from app.ui.verification.verification_view import VerificationView
from tests.helpers.verification import OUR_KEY, make_claims


def _enter(qtbot, view: VerificationView, text: str):  # type: ignore[no-untyped-def]
    view.manual.setText(text)
    with qtbot.waitSignal(view.verified, timeout=20000) as blocker:
        qtbot.keyClick(view.manual, Qt.Key.Key_Return)
    return blocker.args[0]


def test_specimen_says_yangben(qtbot, desk, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view, _issued = desk
    today = date.today()
    window = (today - timedelta(days=3), today + timedelta(days=176))
    claims = replace(make_claims(2026000299, window, reg_until=today + timedelta(days=400)),
                     specimen=True, name="样本人")
    payload = encode_payload(claims, OUR_KEY)
    result = _enter(qtbot, view, payload)
    assert result.status == "valid" and result.specimen
    assert view.banner.headline.text() == "样本 · 有效"
    assert view.notice.isVisible() and "样本（SPECIMEN）" in view.notice.text()
    assert "样本证书" in view.card.warnings.text()
    view.grab().save(str(tmp_path / "specimen.png"))


def test_revoked_now_is_said_for_an_earlier_instant(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    view, issued = desk
    revoked = issued["revoked"]
    # Judged before its revocation (ten days ago in the fixture): valid then, revoked now.
    then = datetime.combine(date.today() - timedelta(days=20), datetime.min.time(), UTC)
    result = view.service.verify_text(revoked.payload, "manual", at=then)
    view.show_result(result)
    assert result.status == "valid" and result.now_state == "revoked"
    assert view.notice.isVisible() and view.notice.text().startswith("现已撤销：自 ")
    assert "该证书现已撤销" in view.card.warnings.text()
    # An ordinary verdict clears the notice.
    _enter(qtbot, view, issued["valid"].payload)
    assert not view.notice.isVisible()


def test_demo_register_title(qtbot, db: Database, staff, make_context) -> None:  # type: ignore[no-untyped-def]
    from app.models import AppSetting
    from app.ui.shell.main_window import MainWindow

    with db.session_scope() as s:
        s.add(AppSetting(key="demo", value={"state": "complete"}))
    window = MainWindow(make_context(staff["helpdesk"]), idle_lock=False)
    qtbot.addWidget(window)
    assert window.windowTitle().startswith("【演示数据 · 样本】")

