"""The dashboard (统计): filings by state, and what expires in the next 30/90/180 days.

Two bar series (registrations, certificate use windows) per horizon, drawn with QtCharts.
Clicking a bar opens the list behind it; clicking a state count opens that filing queue.
All numbers are loaded off the GUI thread, and again whenever an operation changes filings,
registrations or certificates.
"""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.domain import filing_rules as fr
from app.services.stats_service import Dashboard, ExpiringItem, StatsService
from app.ui.common.background import run_in_background
from app.ui.common.changes import follow_changes
from app.ui.common.context import UiContext
from app.ui.common.errors import error_text
from app.ui.common.labels import kind_specialty, state_name
from app.ui.common.lazy_table_model import Column, LazyTableModel
from app.ui.common.page import Page

HORIZONS = (30, 90, 180)


class DashboardView(Page):
    loaded = Signal()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.counts: dict[str, int] = {}
        self.expiring: dict[int, tuple[int, int]] = {}
        states_box = QGroupBox(self.tr("申报状态"))
        self.grid = QGridLayout(states_box)
        self.state_buttons: dict[str, QPushButton] = {}
        for i, state in enumerate(fr.STATES):
            b = QPushButton(f"{state_name(state)}\n—")
            b.setObjectName(f"count_{state}")
            b.setMinimumHeight(56)
            b.setFlat(False)
            b.clicked.connect(lambda _=False, s=state: self.navigate.emit("review" if ctx.can("filing.accept") else "filings", ("state", s)))
            self.state_buttons[state] = b
            self.grid.addWidget(b, i // 5, i % 5)
        self.chart = QChart()
        self.chart.setTitle(self.tr("即将到期（点击柱形查看名单）"))
        self.chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setObjectName("expiryChart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(320)
        self.status = QLabel(self.tr("正在统计…"))
        self.status.setObjectName("dashboardStatus")
        layout = QVBoxLayout(self)
        layout.addWidget(states_box)
        layout.addWidget(self.chart_view, 1)
        layout.addWidget(self.status)
        follow_changes(self, ctx.changes, ("filings", "registrations", "certificates"),
                        self.refresh)
        self.refresh()

    def refresh(self) -> None:
        stats = self.ctx.services.stats
        run_in_background(lambda: stats.dashboard(HORIZONS), on_success=self._show,
                          on_error=lambda exc: self.status.setText(error_text(exc)))

    def _show(self, result: Dashboard) -> None:
        self.counts, self.expiring = result.counts, result.expiring
        for state, b in self.state_buttons.items():
            b.setText(f"{state_name(state)}\n{self.counts.get(state, 0)}")
        self.chart.removeAllSeries()
        for axis in self.chart.axes():
            self.chart.removeAxis(axis)
        regs = QBarSet(self.tr("注册到期"))
        windows = QBarSet(self.tr("证书使用有效期"))
        for h in HORIZONS:
            r, w = self.expiring.get(h, (0, 0))
            regs.append(r)
            windows.append(w)
        series = QBarSeries()
        series.append(regs)
        series.append(windows)
        series.setLabelsVisible(True)
        series.clicked.connect(self._bar_clicked)
        self.chart.addSeries(series)
        categories = QBarCategoryAxis()
        categories.append([self.tr("{0} 天内").format(h) for h in HORIZONS])
        self.chart.addAxis(categories, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(categories)
        values = QValueAxis()
        top = max([1, *[max(v) for v in self.expiring.values()]]) if self.expiring else 1
        # Whole numbers on the axis: with a fractional range "%d" labels would lie about heights.
        if top <= 10:
            values.setRange(0, top + 1)
            values.setTickCount(top + 2)
        else:
            values.setRange(0, top * 1.1)
            values.applyNiceNumbers()
        values.setLabelFormat("%d")
        self.chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(values)
        self.series = series
        self.status.setText(self.tr("统计完成"))
        self.loaded.emit()

    def _bar_clicked(self, index: int, barset: QBarSet) -> None:
        what = "registrations" if barset is self.series.barSets()[0] else "use_windows"
        self.open_list(what, HORIZONS[index])

    def open_list(self, what: str, days: int) -> QDialog:
        dlg = ExpiringDialog(self.ctx.services.stats, what, days, self)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.show()
        return dlg


class ExpiringDialog(QDialog):
    """The registrations (or use windows) behind one bar, lazily loaded."""

    def __init__(self, stats: StatsService, what: str, days: int,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("expiringDialog")
        title = (self.tr("{0} 天内到期的注册") if what == "registrations"
                 else self.tr("{0} 天内到期的证书使用有效期"))
        self.setWindowTitle(title.format(days))
        columns: list[Column[ExpiringItem]] = [
            Column(self.tr("姓名"), lambda r: r.person_name),
            Column(self.tr("证件号码"), lambda r: r.id_number_masked),
            Column(self.tr("类别与专业"), lambda r: kind_specialty(r.kind, r.specialty)),
            Column(self.tr("注册编号"), lambda r: r.registration_number),
            Column(self.tr("到期日"), lambda r: r.ends_on),
        ]

        def fetch(_query: str, offset: int, limit: int) -> list[ExpiringItem]:
            return stats.expiring(what, days, offset=offset, limit=limit)

        self.model = LazyTableModel(fetch, columns, page_size=200, parent=self)
        table = QTableView()
        table.setObjectName("expiringTable")
        table.setModel(self.model)
        table.verticalHeader().setVisible(False)
        table.horizontalHeader().setStretchLastSection(True)
        QVBoxLayout(self).addWidget(table)
        self.resize(760, 480)
        self.model.set_query("")
