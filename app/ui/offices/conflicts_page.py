"""同步冲突 — the conflicts queue as a page of its own for reviewers (issue 12: "a reviewer
resolves them side by side"). Administrators reach the same panel on the Offices & keys screen;
the service lets both roles resolve (``keys.manage`` or ``filing.approve``)."""

from __future__ import annotations

from PySide6.QtWidgets import QVBoxLayout, QWidget

from app.ui.common.context import UiContext
from app.ui.common.page import Page
from app.ui.offices.conflicts_panel import ConflictsPanel
from app.ui.offices.op_dialog import Prompts


class ConflictsPage(Page):
    def __init__(self, ctx: UiContext, prompts: Prompts | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.conflicts = ConflictsPanel(ctx, prompts or Prompts())
        layout = QVBoxLayout(self)
        layout.addWidget(self.conflicts)

    def refresh(self) -> None:
        self.conflicts.refresh()
