"""The backup group on the settings screen: an administrator sets where backups go, how often
and how many are kept, backs up now (a real, checked backup file), sees when the last backup
ran and how it ended — also when it failed — and staff without ``settings.manage`` do not see
it. Screenshots (zh, en) go to $REGISTRY_SCREENSHOTS when set."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from app.models.db import Database
from app.services.backup_service import check_sqlite_file


def _shot(win, name: str) -> None:  # type: ignore[no-untyped-def]
    shots = os.environ.get("REGISTRY_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        win.grab().save(str(Path(shots) / f"{name}.png"))


def _open(make_main_window, actor, language: str = "zh"):  # type: ignore[no-untyped-def]
    win = make_main_window(actor, language)
    win.resize(1400, 1000)
    win.go_to("settings")
    panel = win.page("settings").backup
    assert panel is not None
    return win, panel


def _backups(folder: Path) -> list[Path]:
    return sorted(folder.glob("register-*"))


def test_admin_schedules_and_backs_up_now(qtbot, make_main_window, staff, db: Database,
                                          tmp_path: Path) -> None:
    win, panel = _open(make_main_window, staff["admin"])
    assert panel.last.text() == "上次备份：从未备份"
    assert panel.next.text() == "下次备份：未设置定时备份"
    assert not panel.now_button.isEnabled()  # nowhere to put it yet

    folder = tmp_path / "nightly"
    folder.mkdir()
    panel.folder.setText(str(folder))
    panel.interval.setValue(12)
    panel.keep.setValue(2)
    panel.save_button.click()
    qtbot.waitUntil(lambda: panel.message.isVisible(), timeout=15000)
    assert panel.message.text() == "备份设置已保存"
    stored = win.ctx.services.backups.status()
    assert (stored.directory, stored.interval_hours, stored.keep) == (str(folder), 12, 2)
    assert "现在" in panel.next.text() and "已逾期" in panel.next.text()  # never backed up

    for n in (1, 2, 3):
        panel.message.hide()
        panel.now_button.click()
        qtbot.waitUntil(lambda: panel.message.isVisible(), timeout=60000)
        assert panel.message.text() == "备份完成并已校验", panel.message.text()
        qtbot.wait(1100 if n < 3 else 0)  # the file names carry the second
    files = _backups(folder)
    assert len(files) == 2  # the newest two kept
    if db.dialect == "sqlite":
        assert check_sqlite_file(files[-1])[2] > 0  # a real register with its audit chain
    else:
        assert files[-1].read_bytes()[:5] == b"PGDMP"
    assert files[-1].name in panel.last.text() and "成功" in panel.last.text()
    assert "已校验" in panel.last.text()
    assert "文件夹中现有 2 份备份，保留最新 2 份" in panel.next.text()
    assert "已逾期" not in panel.next.text()
    _shot(win, "settings_backup_zh")


def test_refusals_and_a_failed_backup_are_shown(qtbot, make_main_window, staff,
                                                tmp_path: Path) -> None:
    win, panel = _open(make_main_window, staff["admin"])
    panel.folder.setText(str(tmp_path / "no-such-folder"))
    panel.save_button.click()
    qtbot.waitUntil(lambda: panel.message.isVisible(), timeout=15000)
    assert "不存在" in panel.message.text() and "备份文件夹" in panel.message.text()
    assert win.ctx.services.backups.status().directory == ""  # nothing stored

    folder = tmp_path / "usb-disk"
    folder.mkdir()
    panel.folder.setText(str(folder))
    panel.save_button.click()
    qtbot.waitUntil(lambda: panel.message.text() == "备份设置已保存", timeout=15000)
    shutil.rmtree(folder)  # the disk was unplugged before the backup
    panel.message.hide()
    panel.now_button.click()
    qtbot.waitUntil(lambda: panel.message.isVisible(), timeout=30000)
    assert "不存在" in panel.message.text()
    assert "失败" in panel.last.text() and str(folder) in panel.last.text()
    assert "备份文件夹不存在" in panel.next.text()
    status = win.ctx.services.backups.status()
    assert status.last_ok is False and status.last_error_code == "backup_dir_missing"
    _shot(win, "settings_backup_failed_zh")

    panel.folder.setText(str(tmp_path))  # typed but not saved: back up now asks to save first
    panel.message.hide()
    panel.now_button.click()
    assert panel.message.text() == "请先保存备份设置，再立即备份"


def test_english_and_roles(qtbot, make_main_window, staff, tmp_path: Path) -> None:
    for name in ("clerk", "reviewer", "helpdesk"):
        assert make_main_window(staff[name]).page("settings").backup is None
    folder = tmp_path / "backups"
    folder.mkdir()
    win, panel = _open(make_main_window, staff["admin"], "en")
    assert panel.title() == "Backups" and panel.last.text() == "Last backup: never"
    panel.folder.setText(str(folder))
    panel.save_button.click()
    qtbot.waitUntil(lambda: panel.message.text() == "Backup settings saved", timeout=15000)
    panel.now_button.click()
    qtbot.waitUntil(lambda: panel.message.text() == "Backup done and checked", timeout=60000)
    assert "succeeded" in panel.last.text() and "checked" in panel.last.text()
    assert "backups in the folder: 1, the newest 14 kept" in panel.next.text()
    assert panel.now_button.text() == "&Back up now"
    _shot(win, "settings_backup_en")
