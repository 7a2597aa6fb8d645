"""The review screen (审核): work queues by state, the filing page with the reviewer's actions,
and the 申辩 / 信息更正 queues."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from app.domain import filing_rules as fr
from app.ui.common.context import UiContext
from app.ui.common.page import Page
from app.ui.filings.filings_view import FilingsBrowser
from app.ui.review.requests_panel import AppealsPanel, InfoCorrectionsPanel


class ReviewView(Page):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        queues = [
            (self.tr("待受理"), (fr.EMPLOYER_CONFIRMED,)),
            (self.tr("待审批"), (fr.ACCEPTED,)),
            (self.tr("待补正"), (fr.CORRECTIONS_REQUESTED,)),
            (self.tr("单位办理中"), (fr.SUBMITTED,)),
            (self.tr("历史"), tuple(sorted(fr.TERMINAL_STATES))),
        ]
        self.tabs = QTabWidget()
        self.tabs.setObjectName("reviewTabs")
        self.browser = FilingsBrowser(ctx, queues)
        self.tabs.addTab(self.browser, self.tr("申报审核"))
        self.appeals = AppealsPanel(ctx)
        self.tabs.addTab(self.appeals, self.tr("申辩处理"))
        self.info = InfoCorrectionsPanel(ctx)
        self.tabs.addTab(self.info, self.tr("信息更正审核"))
        QVBoxLayout(self).addWidget(self.tabs)

    def show_argument(self, argument: object) -> None:
        if isinstance(argument, tuple) and argument and argument[0] == "state":
            self.tabs.setCurrentWidget(self.browser)
            self.browser.show_state(str(argument[1]))

    def refresh(self) -> None:
        self.browser.refresh()
        self.appeals.refresh()
        self.info.refresh()
