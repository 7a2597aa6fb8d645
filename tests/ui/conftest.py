"""UI fixtures: a logged-in main-window factory that closes its windows and checks for leaks.

napari's ``make_napari_viewer`` idea: tests ask the factory for windows, the fixture closes
them afterwards, waits for background jobs and fails if any top-level widget was left open.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from app.models.db import Database
from app.services import users_service
from app.services.base import Actor
from app.services.catalog import Services
from app.services.users_service import UsersService
from app.settings import Settings
from app.ui.common.background import wait_for_idle
from app.ui.common.changes import ChangeBus
from app.ui.common.context import UiContext
from app.ui.common.i18n import set_language
from tests.helpers.accounts import PASSWORD


@pytest.fixture(autouse=True)
def errors_shown(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Error boxes are recorded instead of blocking the test in a modal loop."""
    from app.ui.common import errors

    shown: list[str] = []

    def record(parent: object, title: str, text: str) -> None:
        shown.append(text)
        print("error box:", text)

    monkeypatch.setattr(errors, "message_box", record)
    return shown


@pytest.fixture
def staff(db: Database) -> dict[str, Actor]:
    """Real accounts in the register: admin, clerk, reviewer, helpdesk (password PASSWORD)."""
    users_service.bootstrap_admin(db, "admin", PASSWORD, "管理员")
    admin = Actor("admin", "admin", "管理员")
    svc = UsersService(db, admin)
    out = {"admin": admin}
    for name, role, display in (("clerk", "clerk", "王办事"), ("reviewer", "reviewer", "李审核"),
                                ("helpdesk", "helpdesk", "赵核验")):
        svc.add_user(name, PASSWORD, role, display)
        out[name] = Actor(name, role, display)
    return out


@pytest.fixture
def change_bus(qtbot) -> ChangeBus:  # type: ignore[no-untyped-def]
    """The session's change bus; every context a test makes shares it, as windows do."""
    return ChangeBus()


@pytest.fixture
def make_context(db: Database, tmp_path: Path, change_bus: ChangeBus) -> Iterator[Callable[..., UiContext]]:
    """A signed-in context as the application builds it; ``services=`` lets a test choose them."""

    def make(actor: Actor, language: str = "zh", services: Services | None = None,
             **settings: object) -> UiContext:
        s = Settings(language=language, idle_lock_minutes=0, **settings)  # type: ignore[arg-type]
        set_language(QApplication.instance(), language)  # type: ignore[arg-type]
        return UiContext(services or Services.build(db, actor), change_bus, s,
                         tmp_path / "settings.toml")
    yield make
    # A test that asked for English must not leave the next test on this worker in English.
    set_language(QApplication.instance(), "zh")  # type: ignore[arg-type]


@pytest.fixture
def make_main_window(qtbot, make_context) -> Iterator[Callable[..., object]]:  # type: ignore[no-untyped-def]
    from app.ui.shell.main_window import MainWindow

    made: list[MainWindow] = []
    before = {id(w) for w in QApplication.topLevelWidgets() if w.isVisible()}

    def make(actor: Actor, language: str = "zh", show: bool = True) -> MainWindow:
        win = MainWindow(make_context(actor, language), idle_lock=False)
        made.append(win)
        if show:
            win.show()
            qtbot.waitExposed(win)
        return win

    yield make
    for win in made:
        win.close()
        win.deleteLater()
    wait_for_idle(10000)
    QApplication.processEvents()
    leaked = [w for w in QApplication.topLevelWidgets()
              if w.isVisible() and id(w) not in before]
    for w in leaked:
        w.close()
    assert not leaked, f"windows left open: {[type(w).__name__ for w in leaked]}"
    set_language(QApplication.instance(), "zh")  # type: ignore[arg-type]


@pytest.fixture
def desk(qtbot, db, staff, make_context):  # type: ignore[no-untyped-def]
    """The help desk with one certificate of each state issued today, shown and exposed."""
    from datetime import date

    from app.ui.common.background import wait_for_idle
    from app.ui.verification.verification_view import VerificationView
    from tests.helpers.verification import issue_all

    issued = issue_all(db, today=date.today())
    view = VerificationView(make_context(staff["helpdesk"], verify_sound=False),
                            autostart_camera=False)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    yield view, issued
    view.stop_camera()
    wait_for_idle(10000)
