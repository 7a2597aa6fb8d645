"""The main window: navigation on the left, one page per area, status bar, menus, idle lock.

Pages are built on first visit (the persons page opens a million-row register; no need to pay
for it when the reviewer only reviews). Which pages appear depends on the actor's role; the
services still enforce every permission themselves. Pages refresh themselves when an operation
announces a change (:mod:`app.ui.common.changes`); F5 stays as a manual fallback. The window's
title names the office and follows changes to the office settings.
"""

from __future__ import annotations

import base64
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

from app.services.settings_service import OfficeInfo
from app.ui.common.background import run_in_background, wait_for_idle
from app.ui.common.changes import Changes
from app.ui.common.context import UiContext
from app.ui.common.i18n import QT_TRANSLATE_NOOP
from app.ui.common.labels import role_name
from app.ui.common.page import Page
from app.ui.shell.idle_lock import IdleWatcher
from app.ui.shell.login_dialog import LockDialog
from app.ui.shell.settings_view import SettingsView

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PageSpec:
    key: str
    title: str  # Chinese source text, translated in context "MainWindow"
    permission: str | None
    factory: Callable[[UiContext], Page]


# Each page's module is imported on the page's first visit, not at start-up: the certificate
# and help-desk pages pull in the renderers, OpenCV and the decoders, which would otherwise
# delay the sign-in window by half a second.
def _persons(ctx: UiContext) -> Page:
    from app.ui.persons.persons_view import PersonsView
    return PersonsView(ctx)


def _filings(ctx: UiContext) -> Page:
    from app.ui.filings.filings_view import FilingsView
    return FilingsView(ctx)


def _review(ctx: UiContext) -> Page:
    from app.ui.review.review_view import ReviewView
    return ReviewView(ctx)


def _certificates(ctx: UiContext) -> Page:
    from app.ui.certificates.certificates_view import CertificatesView
    return CertificatesView(ctx)


def _verification(ctx: UiContext) -> Page:
    from app.ui.verification.verification_view import VerificationView
    return VerificationView(ctx)


def _dashboard(ctx: UiContext) -> Page:
    from app.ui.review.dashboard_view import DashboardView
    return DashboardView(ctx)


def _offices(ctx: UiContext) -> Page:
    from app.ui.offices.offices_view import OfficesView  # issue 12
    return OfficesView(ctx)


def _conflicts(ctx: UiContext) -> Page:
    from app.ui.offices.conflicts_page import ConflictsPage  # issue 12, for reviewers
    return ConflictsPage(ctx)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("persons", QT_TRANSLATE_NOOP("MainWindow", "人员"), "person.read", _persons),
    PageSpec("filings", QT_TRANSLATE_NOOP("MainWindow", "申报"), "filing.read", _filings),
    PageSpec("review", QT_TRANSLATE_NOOP("MainWindow", "审核"), "filing.accept", _review),
    PageSpec("certificates", QT_TRANSLATE_NOOP("MainWindow", "证书"), "certificate.read",
             _certificates),
    PageSpec("verification", QT_TRANSLATE_NOOP("MainWindow", "核验"), "verify.run",
             _verification),
    PageSpec("dashboard", QT_TRANSLATE_NOOP("MainWindow", "统计"), "filing.read", _dashboard),
    PageSpec("offices", QT_TRANSLATE_NOOP("MainWindow", "办公室与密钥"), "keys.manage", _offices),
    PageSpec("conflicts", QT_TRANSLATE_NOOP("MainWindow", "同步冲突"), "filing.approve", _conflicts),
    PageSpec("settings", QT_TRANSLATE_NOOP("MainWindow", "设置"), None, SettingsView),
)


class MainWindow(QMainWindow):
    def __init__(self, ctx: UiContext, idle_lock: bool = True) -> None:
        super().__init__()
        self.ctx = ctx
        self.setObjectName("mainWindow")
        self._demo = ctx.services.office.holds_demo_data()  # issue 10: say so in the title
        self._show_office(ctx.services.office.settings().office)
        self.specs = [p for p in PAGES if p.permission is None or ctx.can(p.permission)]
        self.pages: dict[str, Page] = {}
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(20, 20))
        self.nav.setFixedWidth(150)
        self.nav.setStyleSheet("QListWidget { font-size: 13pt; } QListWidget::item { padding: 8px; }")
        self.stack = QStackedWidget()
        for i, spec in enumerate(self.specs):
            item = QListWidgetItem(QCoreApplication.translate("MainWindow", spec.title))
            item.setData(Qt.ItemDataRole.UserRole, spec.key)
            item.setToolTip(self.tr("Ctrl+{0}").format(i + 1))
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # replaced by the real page on first visit
        self.nav.currentRowChanged.connect(self._show_row)
        self.central = central = QWidget()
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
        from app.ui.offices.freeze_indicator import install as install_freeze  # issue 12
        self.freeze_indicator = install_freeze(self, ctx)
        self.statusBar().showMessage(self.tr("数据库：{0}").format(_safe_url(ctx.db.url)), 8000)
        self.idle: IdleWatcher | None = None
        if idle_lock:
            self.idle = IdleWatcher(ctx.settings.idle_lock_minutes * 60_000, self.lock, self)
        self._restore_geometry()
        ctx.changes.changed.connect(self._on_changes)
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
            placeholder = self.stack.widget(row)
            self.stack.insertWidget(row, page)
            if placeholder is not None:
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self.pages[spec.key] = page
            self._connect_page(page)
        self.stack.setCurrentIndex(row)

    def _connect_page(self, page: Page) -> None:
        # Pages ask the window to jump elsewhere (dashboard bar -> persons list, ...).
        page.navigate.connect(self.go_to)
        if isinstance(page, SettingsView):
            page.workstation_saved.connect(self._apply_workstation)

    def page(self, key: str) -> Page:
        """Show the page ``key`` (building it if needed) and return it."""
        keys = [s.key for s in self.specs]
        self.nav.setCurrentRow(keys.index(key))
        return self.pages[key]

    def go_to(self, key: str, argument: object = None) -> None:
        if key not in [s.key for s in self.specs]:
            return
        page = self.page(key)
        if argument is not None:
            page.show_argument(argument)

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
            act = QAction(QCoreApplication.translate("MainWindow", spec.title), self)
            act.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            act.triggered.connect(lambda _=False, row=i: self.nav.setCurrentRow(row))
            view_menu.addAction(act)
        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        about = QAction(self.tr("关于(&A)"), self)
        about.triggered.connect(self._about)
        help_menu.addAction(about)

    def refresh_current(self) -> None:
        """F5: a manual fallback; pages refresh themselves when an operation changed their data."""
        page = self.stack.currentWidget()
        if isinstance(page, Page):  # not the empty stand-in of a page not built yet
            page.refresh()

    def _about(self) -> None:
        from app import __version__
        QMessageBox.about(self, self.tr("关于"), self.tr(
            "注册管理系统 {0}\n注册人员登记、申报审核与电子证书核验。").format(__version__))

    # -- office and workstation ------------------------------------------------------------
    def _on_changes(self, changes: Changes) -> None:
        if changes.office:
            run_in_background(self.ctx.services.office.settings,
                              on_success=lambda s: self._show_office(s.office), owner=self)

    def _show_office(self, office: OfficeInfo) -> None:
        title = (self.tr("{0} — 注册管理系统").format(office.office_name)
                 if office.office_name else self.tr("注册管理系统"))
        if self._demo:
            title = self.tr("【演示数据 · 样本】{0}").format(title)
        self.setWindowTitle(title)

    def _apply_workstation(self) -> None:
        if self.idle is not None:
            self.idle.set_timeout(self.ctx.settings.idle_lock_minutes * 60_000)

    # -- idle lock -------------------------------------------------------------------------
    def lock(self) -> None:
        dlg = LockDialog(self.ctx.db, self.ctx.actor, self)
        self.central.setVisible(False)  # nothing readable behind the lock
        try:
            if dlg.exec() != QDialog.DialogCode.Accepted:
                self.close()
                QApplication.quit()
        finally:
            self.central.setVisible(True)

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
        wait_for_idle(5000)
        super().closeEvent(event)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return url
