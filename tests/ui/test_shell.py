"""Login, first run, role-dependent navigation, idle lock, settings: driven like a user would."""

from __future__ import annotations

import tomllib

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit

from app.services import users_service
from app.ui.shell.login_dialog import FirstRunDialog, LockDialog, LoginDialog
from tests.helpers.accounts import PASSWORD


def test_first_run_creates_admin_then_login(qtbot, db) -> None:
    dlg = FirstRunDialog(db)
    qtbot.addWidget(dlg)
    dlg.username.clear()
    qtbot.keyClicks(dlg.username, "boss")
    qtbot.keyClicks(dlg.password, "long-password")
    qtbot.keyClicks(dlg.confirm, "different!!")
    dlg.buttons.accepted.emit()
    assert dlg.error.isVisible() or not dlg.error.isHidden()
    assert not users_service.has_users(db)
    dlg.confirm.clear()
    qtbot.keyClicks(dlg.confirm, "long-password")
    dlg.buttons.accepted.emit()
    assert dlg.result() == QDialog.DialogCode.Accepted
    assert users_service.has_users(db)

    login = LoginDialog(db)
    qtbot.addWidget(login)
    qtbot.keyClicks(login.username, "boss")
    qtbot.keyClicks(login.password, "wrong-password")
    login.buttons.accepted.emit()
    assert "密码" in login.error.text()  # the translated sentence, not a code
    assert login.actor is None
    qtbot.keyClicks(login.password, "long-password")
    login.buttons.accepted.emit()
    assert login.actor is not None and login.actor.role == "admin"


def test_navigation_depends_on_role(make_main_window, staff) -> None:
    clerk = make_main_window(staff["clerk"])
    assert {"persons", "filings"} <= set(clerk.page_keys())
    assert "review" not in clerk.page_keys()
    reviewer = make_main_window(staff["reviewer"])
    assert "review" in reviewer.page_keys()
    helpdesk = make_main_window(staff["helpdesk"])
    assert helpdesk.page_keys() == ["verification", "settings"]


def test_idle_lock_asks_for_password(qtbot, make_main_window, staff, monkeypatch) -> None:
    win = make_main_window(staff["clerk"])
    seen: list[LockDialog] = []

    def answer() -> None:
        dlg = next(w for w in QApplication.topLevelWidgets()
                   if isinstance(w, LockDialog) and w.isVisible())
        seen.append(dlg)
        assert not win.centralWidget().isVisible()  # nothing readable behind the lock
        qtbot.keyClicks(dlg.password, "wrong-password")
        dlg.buttons.accepted.emit()
        assert dlg.isVisible()
        dlg.password.clear()
        qtbot.keyClicks(dlg.password, PASSWORD)
        dlg.buttons.accepted.emit()

    from app.ui.shell.idle_lock import IdleWatcher
    win.idle = IdleWatcher(50, win.lock, win)
    QTimer.singleShot(200, answer)
    qtbot.waitUntil(lambda: bool(seen) and not seen[0].isVisible(), timeout=5000)
    assert win.centralWidget().isVisible()
    win.idle.stop()


def test_settings_saved_and_admin_adds_user(qtbot, make_main_window, staff, monkeypatch) -> None:
    win = make_main_window(staff["admin"])
    page = win.page("settings")
    page.idle.setValue(7)
    page.save_workstation()
    saved = tomllib.loads(win.ctx.settings_file.read_text("utf-8"))
    assert saved["idle_lock_minutes"] == 7

    from app.ui.shell import user_dialog

    def fill(service, parent):  # type: ignore[no-untyped-def]
        dlg = user_dialog.UserDialog(service, parent)
        qtbot.keyClicks(dlg.username, "newclerk")
        dlg.display_name.insert("新办事员")  # QTest cannot type CJK; insert = IME commit
        qtbot.keyClicks(dlg.password, "short")
        dlg.buttons.accepted.emit()
        assert "8" in dlg.error.text()  # password too short: refused, with the rule
        dlg.password.clear()
        qtbot.keyClicks(dlg.password, "long-enough-1")
        dlg.buttons.accepted.emit()
        return dlg.created

    monkeypatch.setattr(user_dialog.UserDialog, "ask", staticmethod(fill))
    page.add_user()
    names = [page.users.item(r, 0).text() for r in range(page.users.rowCount())]
    assert "newclerk" in names
    assert users_service.authenticate(win.ctx.db, "newclerk", "long-enough-1").role == "clerk"


@pytest.mark.parametrize("lang,title", [("zh", "人员"), ("en", "Persons")])
def test_navigation_translated(make_main_window, staff, lang, title) -> None:
    win = make_main_window(staff["clerk"], language=lang)
    assert win.nav.item(0).text() == title


def test_geometry_remembered(qtbot, make_main_window, staff) -> None:
    win = make_main_window(staff["clerk"])
    win.resize(760, 560)
    qtbot.wait(50)
    win.close()
    again = make_main_window(staff["clerk"])
    again.ctx.settings.window_geometry = dict(win.ctx.settings.window_geometry)
    again._restore_geometry()
    assert (again.width(), again.height()) == (760, 560)  # offscreen screen is 800x600


def test_line_edits_have_names(qtbot, db) -> None:
    dlg = LoginDialog(db)
    qtbot.addWidget(dlg)
    assert {e.objectName() for e in dlg.findChildren(QLineEdit)} >= {"username", "password"}


def test_admin_edits_office_details(qtbot, make_main_window, staff, errors_shown) -> None:
    from app.services.settings_service import read_office
    from tests.helpers.workflow import uscc

    win = make_main_window(staff["admin"])
    page = win.page("settings")
    page.office_fields["office_name"].insert("北京市住房和城乡建设委员会注册办")
    qtbot.keyClicks(page.office_fields["office_uscc"], "123")
    page.save_office()
    assert errors_shown and "统一社会信用代码" in errors_shown[-1]  # refused, with the rule
    page.office_fields["office_uscc"].clear()
    qtbot.keyClicks(page.office_fields["office_uscc"], uscc("87654321"))
    page.save_office()
    office = read_office(win.ctx.db)
    assert office.office_name == "北京市住房和城乡建设委员会注册办"
    assert office.office_uscc == uscc("87654321")
    clerk = make_main_window(staff["clerk"]).page("settings")
    assert clerk.office_fields["office_name"].isReadOnly()
