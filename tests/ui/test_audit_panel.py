"""The audit log's check on the settings screen: an administrator sees it intact, then sees
tampering named, and the workstation's witness is kept outside the database."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from app.settings import audit_witness_path
from tests.helpers.certificates import PASSPHRASE, init_office_key


def test_admin_checks_the_audit_log_and_sees_tampering(qtbot, make_main_window, staff, db) -> None:
    init_office_key(db, staff["admin"])
    win = make_main_window(staff["admin"])
    win.ctx.services.audit.checkpoint(PASSPHRASE)
    panel = win.page("settings").audit
    assert panel is not None
    panel.check_button.click()
    qtbot.waitUntil(lambda: panel.report is not None, timeout=10000)
    assert panel.report.ok and "审计日志完整" in panel.status.text()
    assert "已锚定至第" in panel.status.text()
    witness = audit_witness_path(db.url)
    assert Path(witness).exists()  # an intact log advances this workstation's witness
    with db.engine.begin() as conn:  # someone with the database file
        if db.dialect == "sqlite":
            conn.execute(text("DROP TRIGGER audit_log_no_delete"))
        else:
            conn.execute(text("DROP TRIGGER audit_log_append_only ON audit_log"))
        conn.execute(text("DELETE FROM audit_log"))
        conn.execute(text("DELETE FROM audit_head"))
    panel.report = None
    panel.check_button.click()
    qtbot.waitUntil(lambda: panel.report is not None, timeout=10000)
    shown = panel.status.text()
    assert not panel.report.ok and "审计日志已被改动" in shown
    assert "日志被清空或截断" in shown and "触发器缺失" in shown
    win.grab().save(str(Path(witness).parent / "audit_panel.png"))


def test_only_administrators_see_the_audit_check(make_main_window, staff) -> None:
    assert make_main_window(staff["clerk"]).page("settings").audit is None
    assert make_main_window(staff["helpdesk"]).page("settings").audit is None
