"""Positioned drawing primitives: the output of the layout engine, the input of both backends.

Units are millimetres with the origin at the page's top-left corner and y growing downwards
(OFD's own convention); the PDF backend flips y. Colours are ``(r, g, b)`` 0-255 tuples.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.printing.text import Run

Color = tuple[int, int, int]
BLACK: Color = (0, 0, 0)


@dataclass(frozen=True)
class TextItem:
    x: float                 # start of the first run
    baseline: float
    size_pt: float
    runs: tuple[Run, ...]
    color: Color = BLACK
    angle: float = 0.0       # degrees, counter-clockwise, around (x, baseline)
    alpha: int = 255
    role: str = ""           # layout element name, for tests and debugging
    box: tuple[float, float, float, float] | None = None  # the box it must stay in (x, y, w, h)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def width(self) -> float:
        return sum(r.width_mm for r in self.runs)


@dataclass(frozen=True)
class RectItem:
    x: float
    y: float
    w: float
    h: float
    stroke: Color | None = BLACK
    fill: Color | None = None
    line_mm: float = 0.25
    role: str = ""


@dataclass(frozen=True)
class LineItem:
    x1: float
    y1: float
    x2: float
    y2: float
    color: Color = BLACK
    line_mm: float = 0.25
    role: str = ""


@dataclass(frozen=True)
class ImageItem:
    x: float
    y: float
    w: float
    h: float
    data: bytes
    fmt: str                 # "JPEG" or "PNG"
    role: str = ""


@dataclass(frozen=True)
class QrItem:
    """A QR symbol drawn as vector squares; (x, y) is the top-left of the first module.

    The quiet zone (``quiet`` modules on each side) is reserved by the layout: nothing else is
    drawn there."""

    x: float
    y: float
    module_mm: float
    matrix: tuple[tuple[bool, ...], ...]
    version: int
    quiet: int = 4
    role: str = "qr"

    @property
    def size_mm(self) -> float:
        return self.module_mm * len(self.matrix)


Item = TextItem | RectItem | LineItem | ImageItem | QrItem


@dataclass(frozen=True)
class Page:
    width: float
    height: float
    items: tuple[Item, ...]
    title: str = ""
    missing_chars: tuple[str, ...] = field(default=())   # characters no shipped font can draw

    def find(self, role: str) -> list[Item]:
        return [i for i in self.items if i.role == role]
