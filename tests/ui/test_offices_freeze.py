"""The Offices & keys screen in the main window (administrators only) and the freeze indicator
in its status bar (issue 12): a field office whose last bundle from the centre is 40 days old
shows "frozen" to every user; importing the centre's bundle on the screen turns it back to ok
at once (the change bus), without a restart. A central office shows no indicator."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from PySide6.QtWidgets import QApplication

from app.models.sync import SyncOffice
from app.ui.common.background import wait_for_idle
from app.ui.offices.offices_view import OfficesView
from app.ui.shell.main_window import MainWindow
from tests.helpers.offices import ScriptedPrompts, fill_and_ok, wait_for
from tests.helpers.sync_offices import (
    ADMIN,
    CENTRAL_NAME,
    CENTRAL_USCC,
    CLERK,
    FIELD_NAME,
    FIELD_USCC,
    PASSPHRASE,
    make_office,
    pair,
)


def test_freeze_indicator_and_the_page_in_the_main_window(  # type: ignore[no-untyped-def]
        qtbot, db_url: str, sqlite_template: Path, make_context, tmp_path: Path) -> None:
    day = date.today()
    central = make_office(db_url, CENTRAL_USCC, CENTRAL_NAME, "central", day)
    path = tmp_path / "field.sqlite3"
    shutil.copy(sqlite_template, path)
    field = make_office(f"sqlite:///{path.as_posix()}", FIELD_USCC, FIELD_NAME, "field", day)
    pair(field, central)
    with field.db.session_scope() as s:  # paired 40 days ago, nothing received since
        row = s.get(SyncOffice, CENTRAL_USCC)
        assert row is not None
        row.paired_at = datetime.now(UTC) - timedelta(days=40)
    windows: list[MainWindow] = []

    def window(office, actor):  # type: ignore[no-untyped-def]
        win = MainWindow(make_context(actor, services=office.services(actor)), idle_lock=False)
        windows.append(win)
        win.show()
        qtbot.waitExposed(win)
        return win

    clerk = window(field, CLERK)
    assert "offices" not in clerk.page_keys()  # an administrator's screen
    ind = clerk.freeze_indicator
    wait_for(qtbot, lambda: ind.state is not None and ind.isVisible())
    assert ind.state.level == "frozen" and "40" in ind.text() and "不能提交新的申报" in ind.text()

    admin = window(field, ADMIN)
    assert "offices" in admin.page_keys()
    page = admin.page("offices")
    assert isinstance(page, OfficesView)
    page.show_argument("sync")
    assert page.tabs.currentIndex() == 2
    wait_for(qtbot, lambda: "40" in page.sync.freeze.text())

    bundle = tmp_path / "central-1.rosync"
    central.admin.sync.export_bundle(FIELD_USCC, bundle, PASSPHRASE)
    prompts = ScriptedPrompts()
    page.prompts = page.sync.prompts = prompts
    prompts.paths.append(bundle)
    page.sync.import_bundle()
    fill_and_ok(qtbot, page.sync.dialog, page.sync.done, passphrase=PASSPHRASE)
    # the clerk's window (same change bus) follows: synced today
    wait_for(qtbot, lambda: ind.state.level == "ok" and ind.state.days_since_sync == 0)
    assert "今天" in ind.text()

    centre = window(central, ADMIN)
    wait_for_idle()
    QApplication.processEvents()
    assert centre.freeze_indicator is not None and not centre.freeze_indicator.isVisible()
    for win in windows:
        win.close()
        win.deleteLater()
    wait_for_idle()
    central.db.dispose()
    field.db.dispose()
