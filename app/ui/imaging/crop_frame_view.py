"""The picture with the crop frame on top: drag to move, wheel to zoom, Ctrl+wheel to rotate.

Shows a source image scaled to fit, dims everything outside the 25:35 frame and draws the
guides the photo rules talk about inside the frame: head top, chin, eye line, centre line.
The frame is a :class:`app.imaging.frame.CropFrame` in source pixels; every change is emitted
as ``frameChanged``. Without a frame (camera preview, signature mode) it only shows the picture,
optionally with a plain rectangle (the signature's crop box).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPolygonF,
    QWheelEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from app.imaging.frame import SPEC, CropFrame


def rgb_to_qimage(rgb: np.ndarray) -> QImage:
    """A deep copy (the QImage must not point into a numpy buffer that may be freed)."""
    rgb = np.ascontiguousarray(rgb)
    h, w = rgb.shape[:2]
    if rgb.ndim == 3 and rgb.shape[2] == 4:
        return QImage(rgb.data, w, h, rgb.strides[0], QImage.Format.Format_RGBA8888).copy()
    return QImage(rgb.data, w, h, rgb.strides[0], QImage.Format.Format_RGB888).copy()


def qimage_to_rgb(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    w, h, bpl = image.width(), image.height(), image.bytesPerLine()
    buf = np.frombuffer(image.constBits(), np.uint8, count=bpl * h).reshape(h, bpl)
    return np.ascontiguousarray(buf[:, : w * 3].reshape(h, w, 3))


def checkerboard(w: int, h: int, cell: int = 8) -> np.ndarray:
    ys, xs = np.mgrid[0:h, 0:w]
    board = np.where(((ys // cell) + (xs // cell)) % 2 == 0, 235, 205).astype(np.uint8)
    return np.dstack([board] * 3)


class CropFrameView(QWidget):
    frameChanged = Signal(object)  # CropFrame

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(360, 360)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(False)
        self._image: QImage | None = None
        self._size = (0, 0)
        self._frame: CropFrame | None = None
        self._box: tuple[int, int, int, int] | None = None
        self._eye_line = SPEC.crown_margin + SPEC.head_ratio * 0.45  # of the height
        self._drag: QPointF | None = None
        self.placeholder = ""

    # -- content ---------------------------------------------------------------------------
    def set_image(self, rgb: np.ndarray | None) -> None:
        self._image = rgb_to_qimage(rgb) if rgb is not None else None
        self._size = (rgb.shape[1], rgb.shape[0]) if rgb is not None else (0, 0)
        self.update()

    def set_frame(self, frame: CropFrame | None, emit: bool = False) -> None:
        self._frame = frame
        self.update()
        if emit and frame is not None:
            self.frameChanged.emit(frame)

    def frame(self) -> CropFrame | None:
        return self._frame

    def set_box(self, box: tuple[int, int, int, int] | None) -> None:
        self._box = box
        self.update()

    def set_eye_line(self, fraction: float) -> None:
        self._eye_line = fraction
        self.update()

    # -- geometry --------------------------------------------------------------------------
    def _scale_offset(self) -> tuple[float, float, float]:
        iw, ih = self._size
        if not iw or not ih:
            return 1.0, 0.0, 0.0
        s = min(self.width() / iw, self.height() / ih)
        return s, (self.width() - iw * s) / 2, (self.height() - ih * s) / 2

    def to_widget(self, x: float, y: float) -> QPointF:
        s, ox, oy = self._scale_offset()
        return QPointF(x * s + ox, y * s + oy)

    def to_image(self, p: QPointF) -> tuple[float, float]:
        s, ox, oy = self._scale_offset()
        return (p.x() - ox) / s, (p.y() - oy) / s

    def _frame_point(self, fx: float, fy: float) -> QPointF:
        """A point given in output pixels of the frame (0..295, 0..413) on the widget."""
        assert self._frame is not None
        m = self._frame.output_to_source(SPEC.width, SPEC.height)
        x = m[0, 0] * fx + m[0, 1] * fy + m[0, 2]
        y = m[1, 0] * fx + m[1, 1] * fy + m[1, 2]
        return self.to_widget(x, y)

    # -- painting --------------------------------------------------------------------------
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        p.fillRect(self.rect(), QColor(60, 63, 65))
        if self._image is None:
            p.setPen(QColor(220, 220, 220))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                       self.placeholder)
            return
        s, ox, oy = self._scale_offset()
        p.drawImage(QRectF(ox, oy, self._size[0] * s, self._size[1] * s), self._image)
        if self._box is not None:
            x, y, w, h = self._box
            p.setPen(QPen(QColor(0, 170, 255), 2, Qt.PenStyle.DashLine))
            p.drawRect(QRectF(self.to_widget(x, y), self.to_widget(x + w, y + h)))
        if self._frame is not None:
            self._paint_frame(p)

    def _paint_frame(self, p: QPainter) -> None:
        assert self._frame is not None
        corners = [self.to_widget(x, y) for x, y in self._frame.corners()]
        poly = QPolygonF(corners)
        outside = QPainterPath()
        outside.addRect(QRectF(self.rect()))
        inside = QPainterPath()
        inside.addPolygon(poly)
        p.fillPath(outside.subtracted(inside), QColor(0, 0, 0, 140))
        p.setPen(QPen(QColor(255, 255, 255), 2))
        p.drawPolygon(poly)
        w, h = SPEC.width, SPEC.height
        guides = [
            (SPEC.crown_margin * h, QColor(255, 196, 0), self.tr("头顶")),
            (self._eye_line * h, QColor(0, 200, 255), self.tr("眼线")),
            ((SPEC.crown_margin + SPEC.head_ratio) * h, QColor(255, 196, 0), self.tr("下巴")),
        ]
        for y, colour, label in guides:
            p.setPen(QPen(colour, 1.5, Qt.PenStyle.DashLine))
            a, b = self._frame_point(0, y), self._frame_point(w, y)
            p.drawLine(a, b)
            p.drawText(b + QPointF(4, 4), label)
        p.setPen(QPen(QColor(255, 255, 255, 150), 1, Qt.PenStyle.DotLine))
        p.drawLine(self._frame_point(w / 2, 0), self._frame_point(w / 2, h))

    # -- interaction -----------------------------------------------------------------------
    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._frame is not None and event.button() == Qt.MouseButton.LeftButton:
            self._drag = event.position()
            self.setFocus()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is None or self._frame is None:
            return
        s, _, _ = self._scale_offset()
        delta = event.position() - self._drag
        self._drag = event.position()
        self.set_frame(self._frame.moved(delta.x() / s, delta.y() / s), emit=True)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self._frame is None:
            return
        steps = event.angleDelta().y() / 120
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            self.set_frame(self._frame.rotated(-0.5 * steps), emit=True)
        else:
            # Wheel up = zoom in on the face = a smaller frame.
            self.set_frame(self._frame.zoomed(0.97 ** steps), emit=True)
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._frame is None:
            return super().keyPressEvent(event)
        step = max(1.0, self._frame.height / 200)
        moves = {Qt.Key.Key_Left: (-step, 0), Qt.Key.Key_Right: (step, 0),
                 Qt.Key.Key_Up: (0, -step), Qt.Key.Key_Down: (0, step)}
        key = Qt.Key(event.key())
        if key in moves:
            self.set_frame(self._frame.moved(*moves[key]), emit=True)
        elif key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.set_frame(self._frame.zoomed(0.97), emit=True)
        elif key == Qt.Key.Key_Minus:
            self.set_frame(self._frame.zoomed(1 / 0.97), emit=True)
        else:
            super().keyPressEvent(event)
