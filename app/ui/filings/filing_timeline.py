"""A filing's progress as a time axis (审核进度): the main steps on top, every event below."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.domain import filing_rules as fr
from app.services.filing_views import FilingEventView
from app.ui.common.labels import state_name

MAIN_PATH = (fr.SUBMITTED, fr.EMPLOYER_CONFIRMED, fr.ACCEPTED, fr.APPROVED)
DONE = QColor("#2e7d32")
CURRENT = QColor("#1565c0")
TODO = QColor("#9e9e9e")
BAD = QColor("#c62828")


class StepAxis(QWidget):
    """Horizontal axis of the main states: reached steps green, the current one blue."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stepAxis")
        self.state = fr.DRAFT
        self.reached: dict[str, str] = {}  # state -> date text
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(600, 92)

    def set_filing(self, state: str, events: Sequence[FilingEventView]) -> None:
        self.state = state
        self.reached = {}
        for e in events:
            self.reached[e.to_state] = e.at.astimezone().strftime("%Y-%m-%d %H:%M")
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        steps = list(MAIN_PATH)
        if self.state in (fr.REJECTED, fr.WITHDRAWN):
            steps[-1] = self.state  # the end the filing really reached
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        n = len(steps)
        w = self.width()
        margin = 70
        step = (w - 2 * margin) / max(n - 1, 1)
        y = 22
        current_index = steps.index(self.state) if self.state in steps else -1
        if self.state == fr.CORRECTIONS_REQUESTED:
            current_index = steps.index(fr.ACCEPTED) if fr.ACCEPTED in self.reached else 2
        for i in range(n - 1):
            x = margin + i * step
            color = DONE if i < current_index else TODO
            p.setPen(QPen(color, 3))
            p.drawLine(QPointF(x, y), QPointF(x + step, y))
        for i, s in enumerate(steps):
            x = margin + i * step
            if s in (fr.REJECTED, fr.WITHDRAWN) and s == self.state:
                color = BAD
            elif i == current_index:
                color = CURRENT
            elif i < current_index or s in self.reached:
                color = DONE
            else:
                color = TODO
            p.setPen(QPen(color, 2))
            p.setBrush(color)
            p.drawEllipse(QPointF(x, y), 8, 8)
            p.setPen(self.palette().text().color() if color != TODO else TODO)
            # Long (English) labels wrap onto two lines instead of running into the neighbours.
            flags = int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop) | int(Qt.TextFlag.TextWordWrap)
            lw = min(step, 2 * margin) - 4
            p.drawText(QRectF(x - lw / 2, y + 12, lw, 36), flags, state_name(s))
            when = self.reached.get(s, "")
            if when:
                p.setPen(TODO)
                p.drawText(QRectF(x - lw / 2, y + 48, lw, 18), Qt.AlignmentFlag.AlignCenter, when)
        if self.state == fr.CORRECTIONS_REQUESTED:
            p.setPen(BAD)
            p.drawText(QRectF(0, 0, w, 14), Qt.AlignmentFlag.AlignLeft, state_name(self.state))
        p.end()
