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
    with qtbot.waitSignal(page.workstation_saved, timeout=1000):
        page.save_workstation()
    saved = tomllib.loads(win.ctx.settings_file.read_text("utf-8"))
    assert saved["idle_lock_minutes"] == 7

    from app.ui.shell import user_dialog

    def fill(service, changes, parent):  # type: ignore[no-untyped-def]
        dlg = user_dialog.UserDialog(service, changes, parent)
        qtbot.addWidget(dlg)
        qtbot.keyClicks(dlg.username, "newclerk")
        dlg.display_name.insert("新办事员")  # QTest cannot type CJK; insert = IME commit
        qtbot.keyClicks(dlg.password, "short")
        dlg.buttons.accepted.emit()
        qtbot.waitUntil(lambda: "8" in dlg.error.text(), timeout=5000)  # refused, with the rule
        assert dlg.result() != QDialog.DialogCode.Accepted
        dlg.password.clear()
        qtbot.keyClicks(dlg.password, "long-enough-1")
        dlg.buttons.accepted.emit()
        qtbot.waitUntil(lambda: dlg.result() == QDialog.DialogCode.Accepted, timeout=5000)
        return dlg.created

    monkeypatch.setattr(user_dialog.UserDialog, "ask", staticmethod(fill))
    users = page.users
    users.add_user()  # the list follows Changes(users=True): no reload asked for
    qtbot.waitUntil(lambda: "newclerk" in [u.username for u in users.rows], timeout=5000)
    names = [users.table.item(r, 0).text() for r in range(users.table.rowCount())]
    assert "newclerk" in names
    assert users_service.authenticate(win.ctx.db, "newclerk", "long-enough-1").role == "clerk"


def test_users_list_follows_changes_made_elsewhere(qtbot, make_main_window, staff) -> None:
    """Two windows on one session: disabling an account in one updates the other's list."""
    first = make_main_window(staff["admin"])
    users = first.page("settings").users
    qtbot.waitUntil(lambda: len(users.rows) == 4, timeout=5000)
    second = make_main_window(staff["admin"])
    other = second.page("settings").users
    qtbot.waitUntil(lambda: len(other.rows) == 4, timeout=5000)
    second.page("persons")  # the other list is now hidden: it only marks itself stale
    row = [u.username for u in users.rows].index("clerk")
    users.table.selectRow(row)
    users.toggle_user()
    qtbot.waitUntil(lambda: not users.rows[row].active, timeout=5000)
    assert users.table.item(row, 3).text() == "已停用"
    assert other.rows[row].active  # hidden: not refreshed yet
    second.page("settings")  # shown again: refreshes itself
    qtbot.waitUntil(lambda: not other.rows[row].active, timeout=5000)


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


def test_admin_edits_office_details(qtbot, make_main_window, staff) -> None:
    from app.services.settings_service import read_office
    from tests.helpers.workflow import uscc

    win = make_main_window(staff["admin"])
    assert win.windowTitle() == "注册管理系统"
    page = win.page("settings")
    office = page.office
    fields = office.fields
    fields["office_name"].insert("北京市住房和城乡建设委员会注册办")
    qtbot.keyClicks(fields["office_uscc"], "123")
    office.save()
    # Refused off the GUI thread, shown under the form with the rule; the field has the focus.
    qtbot.waitUntil(lambda: office.error.isVisibleTo(office), timeout=5000)
    assert "统一社会信用代码" in office.error.text() and "18" in office.error.text()
    assert fields["office_uscc"].hasFocus()
    assert read_office(win.ctx.db).office_name == ""  # nothing saved: one transaction
    fields["office_uscc"].clear()
    qtbot.keyClicks(fields["office_uscc"], uscc("87654321"))
    office.save()
    qtbot.waitUntil(lambda: read_office(win.ctx.db).office_uscc == uscc("87654321"), timeout=5000)
    assert read_office(win.ctx.db).office_name == "北京市住房和城乡建设委员会注册办"
    # Changes(office=True) reached the main window: its title names the office.
    qtbot.waitUntil(lambda: win.windowTitle().startswith("北京市住房和城乡建设委员会注册办"),
                    timeout=5000)
    assert office.error.isHidden()
    clerk = make_main_window(staff["clerk"]).page("settings").office
    assert clerk.fields["office_name"].isReadOnly()
    assert clerk.fields["office_name"].text() == "北京市住房和城乡建设委员会注册办"
    assert set(clerk.fields) == {"office_name", "office_uscc", "office_address", "office_phone"}
    assert clerk.save_button is None


def test_office_settings_screen_follows_the_registry(qtbot, make_main_window, staff) -> None:
    """Every editable setting has a labelled field in its group; limits are checked on save."""
    from PySide6.QtWidgets import QFormLayout, QGroupBox, QSpinBox

    from app.services import office_settings as reg
    from app.services.settings_service import SettingsService

    win = make_main_window(staff["admin"])
    office = win.page("settings").office
    editable = [s for s in reg.SETTINGS.values() if s.editable]
    assert set(office.fields) == {s.key for s in editable}
    for item in editable:
        widget = office.fields[item.key]
        box = widget.parentWidget()
        assert isinstance(box, QGroupBox) and box.objectName() == f"group_{item.group}"
        form = box.layout()
        assert isinstance(form, QFormLayout)
        label = form.labelForField(widget)
        assert label is not None and label.text() not in ("", item.key)  # a real label
        if item.kind is int:
            assert isinstance(widget, QSpinBox) and widget.minimum() == (item.minimum or 0)
            assert widget.value() == item.default
    photo_max = office.fields[reg.PHOTO_MAX_BYTES.key]
    photo_min = office.fields[reg.PHOTO_MIN_BYTES.key]
    assert isinstance(photo_max, QSpinBox) and isinstance(photo_min, QSpinBox)
    photo_max.setValue(photo_min.value())  # the pair must stay ordered
    office.save()
    qtbot.waitUntil(lambda: office.error.isVisibleTo(office), timeout=5000)
    assert "一寸照片最小（字节）" in office.error.text()  # named as on screen
    assert photo_min.hasFocus()
    photo_max.setValue(80 * 1024)
    office.save()
    service = SettingsService(win.ctx.db, staff["admin"])
    qtbot.waitUntil(lambda: service.settings().imaging.photo_max_bytes == 80 * 1024,
                    timeout=5000)
