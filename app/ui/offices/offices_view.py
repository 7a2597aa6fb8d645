"""办公室与密钥 — the Offices & keys screen (issue 12, administrators: ``keys.manage``).

Four tabs, each made of panels of its own module:

- 本办公室与密钥: this office (code, name, role, fingerprints), its keys and its seals;
- 其他办公室: offices paired for sync, and the offices whose keys we trust (trust and
  revocation files);
- 同步: bundle export/import with progress, status per office, history;
- 冲突: the conflicts queue.

Everything the CLI's ``keys`` and ``sync`` commands do is reachable here. The standard file
and yes/no dialogs go through one :class:`~app.ui.offices.op_dialog.Prompts` object, so tests
give it answers and drive every other widget for real.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QSplitter, QTabWidget, QVBoxLayout, QWidget

from app.ui.common.context import UiContext
from app.ui.common.page import Page
from app.ui.offices.conflicts_panel import ConflictsPanel
from app.ui.offices.keys_panel import KeysPanel
from app.ui.offices.op_dialog import Prompts
from app.ui.offices.own_office_panel import OwnOfficePanel
from app.ui.offices.pairing_panel import PairingPanel
from app.ui.offices.seals_panel import SealsPanel
from app.ui.offices.sync_panel import SyncPanel
from app.ui.offices.trust_panel import TrustPanel


class OfficesView(Page):
    def __init__(self, ctx: UiContext, prompts: Prompts | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.prompts = prompts or Prompts()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("officesTabs")
        # -- this office: identity and seals on the left, keys on the right
        self.own = OwnOfficePanel(ctx)
        self.keys = KeysPanel(ctx, self.prompts)
        self.seals = SealsPanel(ctx, self.prompts)
        left = QVBoxLayout()
        left.addWidget(self.own)  # as tall as its content; the seals take the rest
        left.addWidget(self.seals, 1)
        home = QWidget()
        row = QHBoxLayout(home)
        row.addLayout(left, 1)
        row.addWidget(self.keys, 1)
        self.tabs.addTab(home, self.tr("本办公室与密钥"))
        # -- other offices
        self.pairing = PairingPanel(ctx, self.prompts, self.own.own_fingerprint)
        self.trust = TrustPanel(ctx, self.prompts)
        others = QSplitter(Qt.Orientation.Vertical)
        others.addWidget(self.pairing)
        others.addWidget(self.trust)
        self.tabs.addTab(others, self.tr("其他办公室"))
        self.sync = SyncPanel(ctx, self.prompts)
        self.tabs.addTab(self.sync, self.tr("同步"))
        self.conflicts = ConflictsPanel(ctx, self.prompts)
        self.conflicts_tab = self.tabs.addTab(self.conflicts, self.tr("冲突"))
        self.conflicts.loaded.connect(self._count_conflicts)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)

    def _count_conflicts(self, _: int) -> None:
        waiting = sum(1 for c in self.conflicts.conflicts if c.resolved_at is None)
        self.tabs.setTabText(self.conflicts_tab, self.tr("冲突（{0}）").format(waiting) if waiting
                             else self.tr("冲突"))

    def show_argument(self, argument: object) -> None:
        """``"conflicts"`` / ``"sync"`` open that tab (the status bar's freeze note links here)."""
        tabs = {"home": 0, "offices": 1, "sync": 2, "conflicts": 3}
        if isinstance(argument, str) and argument in tabs:
            self.tabs.setCurrentIndex(tabs[argument])

    def refresh(self) -> None:
        for panel in (self.own, self.keys, self.seals, self.pairing, self.trust, self.sync,
                      self.conflicts):
            panel.refresh()
