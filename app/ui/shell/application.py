"""The desktop application's composition root: settings -> database -> login -> services -> main window.

``run_gui()`` is what ``python -m app`` calls without arguments. Opening the database is the
delicate part on a clerk's machine: a fresh machine gets a new register and a first-run dialog
for the first administrator; an older register is backed up and upgraded with a clear message;
a newer, locked or unreachable one gets a clear Chinese message and nothing is touched.
After sign-in the services and the change bus are built once (:func:`signed_in_context`) and
handed to the main window through its context.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.errors import DatabaseProblem, RegistryError
from app.models.db import Database, schema_status, upgrade
from app.services import users_service
from app.services.base import Actor
from app.services.program_version import record_program_version
from app.services.settings_service import read_office
from app.settings import APP_NAME, Settings, load_settings, settings_path
from app.ui.common.changes import ChangeBus
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text
from app.ui.common.i18n import load_cjk_fonts, set_language
from app.ui.shell.first_start import FirstStartWizard
from app.ui.shell.gc_guard import MainThreadGarbageCollector
from app.ui.shell.login_dialog import LoginDialog
from app.ui.shell.main_window import MainWindow

log = logging.getLogger(__name__)


def open_database(
    url: str, parent: QWidget | None = None, interactive: bool = True
) -> Database | None:
    """Open (create, upgrade) the register; ``None`` after telling the user why it cannot."""
    db: Database | None = None
    try:
        db = Database(url)
        status = schema_status(db.engine)
        if status == "newer":
            raise DatabaseProblem("db_newer", revision="?")
        if status in ("empty", "old"):
            backup = upgrade(db.engine)
            if status == "old" and interactive:
                QMessageBox.information(
                    parent,
                    QCoreApplication.translate("Application", "数据库已升级"),
                    QCoreApplication.translate(
                        "Application", "注册库来自旧版本，已自动升级。升级前的副本保存在：\n{0}"
                    ).format(
                        backup
                        or QCoreApplication.translate(
                            "Application", "（PostgreSQL 数据库请使用服务器备份）"
                        )
                    ),
                )
        record_program_version(db)  # which program last opened the register (issue 14)
        return db
    except RegistryError as exc:
        if db is not None:
            db.dispose()
        if interactive:
            QMessageBox.critical(
                parent,
                QCoreApplication.translate("Application", "无法打开注册库"),
                QCoreApplication.translate(
                    "Application", "{0}\n\n数据库位置：{1}\n没有修改任何数据。"
                ).format(error_text(exc), url),
            )
        return None
    except Exception as exc:  # a malformed URL or driver problem: same calm message
        if db is not None:
            db.dispose()
        log.exception("cannot open database")
        if interactive:
            QMessageBox.critical(
                parent,
                QCoreApplication.translate("Application", "无法打开注册库"),
                QCoreApplication.translate(
                    "Application", "无法打开数据库：{0}\n\n数据库位置：{1}\n没有修改任何数据。"
                ).format(exc, url),
            )
        return None


# benchmarks/package_benchmark.py: with this set, the program says when the sign-in window is
# on screen and quits there (time from start to the sign-in window, frozen vs python -m app).
STARTUP_PROBE_ENV = "REGISTRY_STARTUP_PROBE"


def _arm_startup_probe() -> None:
    def report() -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, LoginDialog) and dialog.isVisible():
            print("sign-in window shown", flush=True)
            os._exit(0)  # a measurement run: nothing to tear down
        QTimer.singleShot(5, report)

    QTimer.singleShot(0, report)


def make_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    load_cjk_fonts(app)
    return app


class Session:
    """Keeps the current main window; a language switch rebuilds it for the same actor."""

    def __init__(self, ctx: UiContext) -> None:
        self.ctx = ctx
        self.window: MainWindow | None = None
        ctx.on_language_changed = self.change_language

    def show(self) -> MainWindow:
        self.window = MainWindow(self.ctx)
        self.window.show()
        return self.window

    def change_language(self, lang: str) -> None:
        app = QCoreApplication.instance()
        self.ctx.settings.language = lang
        self.ctx.save_settings()
        if app is not None:
            set_language(app, lang)
        old = self.window
        current = old.nav.currentRow() if old is not None else 0
        self.show().nav.setCurrentRow(current)
        if old is not None:
            old.close()
            old.deleteLater()


def signed_in_context(db: Database, actor: Actor, settings: Settings,
                      settings_file: Path | None) -> UiContext:
    """The one place the services and the change bus are made, once per signed-in actor.
    (Importing the services here, after sign-in, keeps them out of the start-up path.)"""
    from app.services.catalog import Services

    return UiContext(Services.build(db, actor), ChangeBus(), settings, settings_file)


def run_gui(argv: list[str] | None = None, settings_file: Path | None = None,
            open_file: Path | None = None) -> int:
    """``open_file``: a trust file or sync bundle the desktop asked us to open (file types of
    the installers); after sign-in the user is told where it is imported."""
    logging.basicConfig(level=logging.INFO)
    app = make_application(argv)
    gc_guard = MainThreadGarbageCollector(app)  # noqa: F841  (lives as long as the app)
    settings_file = settings_file or settings_path()
    settings: Settings = load_settings(settings_file)
    set_language(app, settings.language)
    db = open_database(settings.effective_db_url())
    if db is None:
        return 2
    from app.ui.shell.last_resort import LastResort

    last_resort = LastResort(app)  # unexpected errors: logged, told, the window stays
    try:
        # A new register: the first-start guide (administrator, office and key, key-backup
        # sheet, optional demo register) instead of an empty window (issue 14).
        if not users_service.has_users(db) and FirstStartWizard.run(db) is None:
            return 1
        if os.environ.get(STARTUP_PROBE_ENV):
            _arm_startup_probe()
        actor = LoginDialog.ask(db, office_name=read_office(db).office_name)
        if actor is None:
            return 1
        session = Session(signed_in_context(db, actor, settings, settings_file))
        window = session.show()
        if open_file is not None:
            QMessageBox.information(window, QCoreApplication.translate("Application", "打开文件"),
                                    QCoreApplication.translate(
                "Application", "{0}\n\n信任文件和同步数据包在“办公室与密钥”中导入"
                "（命令行：registry-office keys import-trust 文件）。").format(open_file))
        return app.exec()
    finally:
        db.dispose()
        last_resort.uninstall()
