"""The main window: navigation on the left, one page per area, status bar, menus, idle lock.

Pages are built on first visit (the persons page opens a million-row register; no need to pay
for it when the reviewer only reviews). Which pages appear depends on the actor's role; the
services still enforce every permission themselves.
"""

from __future__ import annotations

import base64
import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QCoreApplication, QSize, Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from app.ui.common.background import wait_for_idle
from app.ui.common.context import UiContext
from app.ui.placeholder_view import PlaceholderView
from app.ui.shell.idle_lock import IdleWatcher
from app.ui.shell.login_dialog import LockDialog

log = logging.getLogger(__name__)


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    return text


ROLE_NAMES = {
    "admin": QT_TRANSLATE_NOOP("MainWindow", "管理员"),
    "clerk": QT_TRANSLATE_NOOP("MainWindow", "窗口办事员"),
    "reviewer": QT_TRANSLATE_NOOP("MainWindow", "审核员"),
    "helpdesk": QT_TRANSLATE_NOOP("MainWindow", "核验员"),
}


def role_name(role: str) -> str:
    return QCoreApplication.translate("MainWindow", ROLE_NAMES.get(role, role))


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # Chinese source text, translated in context "MainWindow"
    permission: str | None
    factory: Callable[[UiContext], QWidget]


def _persons(ctx: UiContext) -> QWidget:
    from app.ui.persons.persons_view import PersonsView
    return PersonsView(ctx)


def _filings(ctx: UiContext) -> QWidget:
    from app.ui.filings.filings_view import FilingsView
    return FilingsView(ctx)


def _review(ctx: UiContext) -> QWidget:
    from app.ui.review.review_view import ReviewView
    return ReviewView(ctx)


def _dashboard(ctx: UiContext) -> QWidget:
    from app.ui.review.dashboard_view import DashboardView
    return DashboardView(ctx)


def _settings(ctx: UiContext) -> QWidget:
    from app.ui.shell.settings_view import SettingsView
    return SettingsView(ctx)


def _foreign(module: str, cls: str, title: str) -> Callable[[UiContext], QWidget]:
    """A page written by another part: embedded when present, an honest placeholder if not."""

    def build(ctx: UiContext) -> QWidget:
        try:
            widget_cls = getattr(importlib.import_module(module), cls)
        except (ImportError, AttributeError) as exc:
            log.info("%s not available: %s", module, exc)
            return PlaceholderView(
                QCoreApplication.translate("MainWindow", title),
                QCoreApplication.translate("MainWindow", "此功能模块未包含在当前版本中。"))
        return widget_cls(ctx)

    return build


PAGES: tuple[PageSpec, ...] = (
    PageSpec("persons", QT_TRANSLATE_NOOP("MainWindow", "人员"), "person.read", _persons),
    PageSpec("filings", QT_TRANSLATE_NOOP("MainWindow", "申报"), "filing.read", _filings),
    PageSpec("review", QT_TRANSLATE_NOOP("MainWindow", "审核"), "filing.accept", _review),
    PageSpec("certificates", QT_TRANSLATE_NOOP("MainWindow", "证书"), "certificate.read",
             _foreign("app.ui.certificates.certificates_view", "CertificatesView", "证书")),
    PageSpec("verification", QT_TRANSLATE_NOOP("MainWindow", "核验"), "verify.run",
             _foreign("app.ui.verification.verification_view", "VerificationView", "核验")),
    PageSpec("dashboard", QT_TRANSLATE_NOOP("MainWindow", "统计"), "filing.read", _dashboard),
    PageSpec("settings", QT_TRANSLATE_NOOP("MainWindow", "设置"), None, _settings),
)


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext, idle_lock: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self.setWindowTitle(self.tr("注册管理系统"))
        self.specs = [p for p in PAGES if p.permission is None or ctx.can(p.permission)]
        self.pages: dict[str, QWidget] = {}
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(150)
        self.nav.setStyleSheet("QListWidget { font-size: 13pt; } QListWidget::item { padding: 8px; }")
        self.stack = QStackedWidget()
        for i, spec in enumerate(self.specs):
            item = QListWidgetItem(self.tr(spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setToolTip(self.tr("Ctrl+{0}").format(i + 1))
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # replaced by the real page on first visit
        self.nav.currentRowChanged.connect(self._show_row)
        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.nav)
        row.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_menus()
        user = ctx.actor.display_name or ctx.actor.username
        self.user_label = QLabel(self.tr("当前用户：{0}（{1}）").format(
            user, role_name(ctx.actor.role)))
        self.statusBar().addPermanentWidget(self.user_label)
        self.statusBar().showMessage(self.tr("数据库：{0}").format(_safe_url(ctx.db.url)), 8000)
        self.idle: IdleWatcher | None = None
        if idle_lock:
            self.idle = IdleWatcher(ctx.settings.idle_lock_minutes * 60_000, self.lock, self)
        self._restore_geometry()
        if self.specs:
            self.nav.setCurrentRow(0)

    # -- pages -----------------------------------------------------------------------------
    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        spec = self.specs[row]
        if spec.key not in self.pages:
            page = spec.factory(self.ctx)
            page.setObjectName(f"page_{spec.key}")
            old = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.pages[spec.key] = page
            self._connect_page(page)
        self.stack.setCurrentIndex(row)

    def _connect_page(self, page: QWidget) -> None:
        # Pages ask the window to jump elsewhere (dashboard bar -> persons list, ...).
        navigate = getattr(page, "navigate", None)
        if navigate is not None:
            navigate.connect(self.go_to)

    def page(self, key: str) -> QWidget:
        """Show the page ``key`` (building it if needed) and return it."""
        keys = [s.key for s in self.specs]
        self.nav.setCurrentRow(keys.index(key))
        return self.pages[key]

    def go_to(self, key: str, argument: object = None) -> None:
        if key not in [s.key for s in self.specs]:
            return
        page = self.page(key)
        handler = getattr(page, "show_argument", None)
        if handler is not None and argument is not None:
            handler(argument)

    def page_keys(self) -> list[str]:
        return [s.key for s in self.specs]

    # -- menus and shortcuts ---------------------------------------------------------------
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        lock = QAction(self.tr("锁定(&L)"), self)
        lock.setShortcut(QKeySequence("Ctrl+L"))
        lock.triggered.connect(self.lock)
        file_menu.addAction(lock)
        quit_action = QAction(self.tr("退出(&X)"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)
        view_menu = self.menuBar().addMenu(self.tr("视图(&V)"))
        refresh = QAction(self.tr("刷新(&R)"), self)
        refresh.setShortcut(QKeySequence.StandardKey.Refresh)
        refresh.triggered.connect(self.refresh_current)
        view_menu.addAction(refresh)
        for i, spec in enumerate(self.specs[:9]):
            act = QAction(self.tr(spec.title), self)
            act.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            act.triggered.connect(lambda _=False, row=i: self.nav.setCurrentRow(row))
            view_menu.addAction(act)
        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        about = QAction(self.tr("关于(&A)"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def refresh_current(self) -> None:
        page = self.stack.currentWidget()
        refresh = getattr(page, "refresh", None)
        if callable(refresh):
            refresh()

    def _about(self) -> None:
        from app import __version__
        QMessageBox.about(self, self.tr("关于"), self.tr(
            "注册管理系统 {0}\n注册人员登记、申报审核与电子证书核验。").format(__version__))

    # -- idle lock -------------------------------------------------------------------------
    def lock(self) -> None:
        dlg = LockDialog(self.ctx.db, self.ctx.actor, self)
        self.centralWidget().setVisible(False)  # nothing readable behind the lock
        try:
            if dlg.exec() != QDialog.DialogCode.Accepted:
                self.close()
                QApplication.quit()
        finally:
            self.centralWidget().setVisible(True)

    # -- geometry --------------------------------------------------------------------------
    def _restore_geometry(self) -> None:
        saved = self.ctx.settings.window_geometry.get("main")
        if saved:
            self.restoreGeometry(QByteArray(base64.b64decode(saved)))
        else:
            self.resize(1280, 800)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.ctx.settings.window_geometry["main"] = base64.b64encode(
            bytes(self.saveGeometry().data())).decode()
        try:
            self.ctx.save_settings()
        except OSError as exc:
            log.warning("could not save settings: %s", exc)
        if self.idle is not None:
            self.idle.stop()
        for page in self.pages.values():
            stop = getattr(page, "shutdown", None)
            if callable(stop):
                stop()
        wait_for_idle(5000)
        super().closeEvent(event)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url
