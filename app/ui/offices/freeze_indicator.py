"""The freeze indicator in the main window's status bar (issue 12, MOSIP's freeze): a field
office that has not synced for ``sync.warn_after_days`` shows a warning, after
``sync.freeze_after_days`` it refuses new filings until it syncs, and says so here. A central
office is never frozen and shows nothing. Refreshed whenever an operation changes data (a bundle
import is one), and once an hour for the day boundary."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtWidgets import QLabel, QMainWindow

from app.ui.common.background import run_in_background
from app.ui.common.changes import Changes
from app.ui.common.context import UiContext

COLOURS = {"ok": "#1b5e20", "warn": "#8a5a00", "frozen": "#b3261e"}


def freeze_text(freeze: Any) -> str:
    """One sentence for a FreezeState (status bar and sync panel say the same)."""
    days = freeze.days_since_sync
    if freeze.level == "frozen":
        return QCoreApplication.translate("SyncFreeze", "已 {0} 天未同步（上限 {1} 天）：同步之前不能提交新的申报。").format(
            days, freeze.freeze_days)
    if freeze.level == "warn":
        return QCoreApplication.translate(
            "SyncFreeze", "已 {0} 天未同步：请尽快与中心办公室交换数据包（满 {1} 天将停止受理新申报）。"
        ).format(days, freeze.freeze_days)
    if days is None:
        return QCoreApplication.translate("SyncFreeze", "尚未与中心办公室同步。")
    if days == 0:
        return QCoreApplication.translate("SyncFreeze", "今天已与中心办公室同步。")
    return QCoreApplication.translate("SyncFreeze", "上次同步在 {0} 天前。").format(days)


def freeze_style(freeze: Any) -> str:
    weight = "bold" if freeze.level != "ok" else "normal"
    return f"color: {COLOURS.get(freeze.level, '#444444')}; font-weight: {weight};"


class FreezeIndicator(QLabel):
    """A permanent status-bar label; hidden for a central office."""

    def __init__(self, ctx: UiContext, parent: QMainWindow) -> None:
        super().__init__(parent)
        self.setObjectName("freezeIndicator")
        self.ctx = ctx
        self.state: Any = None
        self.setVisible(False)
        ctx.changes.changed.connect(self._on_changes)
        self.timer = QTimer(self)
        self.timer.setInterval(60 * 60 * 1000)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def _on_changes(self, changes: Changes) -> None:
        if changes.anything:
            self.refresh()

    def refresh(self) -> None:
        sync = self.ctx.services.sync

        def read() -> tuple[str | None, Any]:
            state = sync.freeze_state()
            try:
                role = sync.office_identity().role
            except Exception:  # a role that may not read the identity still sees the freeze
                role = None
            return role, state

        # a failure here must never bother the user: the indicator just stays as it was
        run_in_background(read, on_success=self._show, on_error=lambda _exc: None, owner=self)

    def _show(self, data: tuple[str | None, Any]) -> None:
        role, state = data
        self.state = state
        if role == "central" or (role is None and state.level == "ok"
                                 and state.days_since_sync is None):
            self.setVisible(False)
            return
        self.setText(freeze_text(state))
        self.setStyleSheet(freeze_style(state))
        self.setVisible(True)


def install(window: QMainWindow, ctx: UiContext) -> FreezeIndicator | None:
    """The main window's one hook: the indicator, for users whose services include sync."""
    if getattr(ctx.services, "sync", None) is None:
        return None
    indicator = FreezeIndicator(ctx, window)
    window.statusBar().addPermanentWidget(indicator)
    return indicator
