"""Why a code in sight was not read, and what to tell the operator. No Qt.

When :class:`app.scanner.live_reader.LiveReader` sees something QR-like (zxing-cpp detected a
symbol that failed to decode, the region of a code read a moment ago, or a dense square of
texture) but reads nothing, :func:`classify` measures the region and names one cause:

============  ===================  ===========================================================
cause         hint (zh)            measured as
============  ===================  ===========================================================
off_frame     请对准二维码          the symbol touches the edge of the frame
dim           光线太暗              the brightest paper in the region is dark
glare         请避开反光            a patch of the code has no dark module left (washed out)
too_small     请靠近一些            under ~2.7 px per module (side < 200 px for our codes)
blur          请保持不动            weak edges for the region's contrast (motion or defocus)
============  ===================  ===========================================================

The order is the order of the checks: a dark or washed-out code is also "blurred" by these
measures, and moving closer does not help a code half out of the frame. The thresholds were
set on the labelled footage of :mod:`app.scanner.footage_conditions`, which the tests and
``benchmarks/scan_benchmark.py`` check them against. :class:`HintFilter` turns per-frame
causes into a steady hint (two frames in a row agree, within 200 ms at 30 fps).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import cv2
import numpy as np

from app.scanner.enhance import Quad, quad_side

OFF_FRAME, DIM, GLARE, TOO_SMALL, BLUR = "off_frame", "dim", "glare", "too_small", "blur"
CAUSES = (OFF_FRAME, DIM, GLARE, TOO_SMALL, BLUR)
HINTS_ZH = {OFF_FRAME: "请对准二维码", DIM: "光线太暗", GLARE: "请避开反光",
            TOO_SMALL: "请靠近一些", BLUR: "请保持不动"}
HINTS_EN = {OFF_FRAME: "Centre the QR code in the picture", DIM: "Too dark",
            GLARE: "Avoid the reflection", TOO_SMALL: "Move closer", BLUR: "Hold still"}

SMALL_SIDE_PX = 200.0     # 73 modules + quiet zone at < 2.5 px per module
DIM_PAPER_LEVEL = 70.0    # 95th percentile of the region: the paper's white, in grey levels
GLARE_SHARE = 0.06        # share of the code's area with no dark module within ~2 modules
GLARE_MIN_EDGE = 0.24    # ... with sharp modules elsewhere
GLARE_SATURATED = 0.2    # ... and clipped white over a fifth of it (the lamp, not a blur)
BLUR_EDGE = 0.22          # strong-edge gradient / contrast below this: smeared modules


@dataclass(frozen=True)
class Measures:
    side_px: float
    off_frame: bool
    paper_level: float
    washed_share: float
    edge_ratio: float
    saturated_share: float = 0.0
    edge_gap: float = 1.0   # distance to the frame's nearest edge, in code sides


def measure(gray: np.ndarray, quad: Quad) -> Measures:
    """The numbers :func:`classify` decides on, for a grey frame and the suspected code."""
    h, w = gray.shape[:2]
    pts = np.asarray(quad, np.float32)
    side = quad_side(quad)
    # A code's quiet zone is 4 modules (~5 % of its side): a symbol nearer the edge than
    # that is cut off, or will be at the next tremor.
    edge_margin = max(2.0, 0.05 * side)
    edge_gap = float(min(pts[:, 0].min(), pts[:, 1].min(), w - 1 - pts[:, 0].max(),
                         h - 1 - pts[:, 1].max()))
    off = edge_gap <= edge_margin
    x0, y0 = int(max(0, pts[:, 0].min())), int(max(0, pts[:, 1].min()))
    x1, y1 = int(min(w, pts[:, 0].max() + 1)), int(min(h, pts[:, 1].max() + 1))
    inner = gray[y0:y1, x0:x1]
    # Measured at most ~160 px across (the shares and ratios do not depend on the scale;
    # a third of the work for a large code).
    scale = min(1.0, 160.0 / max(1, x1 - x0, y1 - y0))
    if scale < 1.0 and inner.size:
        inner = cv2.resize(inner, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    if inner.size < 64:
        return Measures(side, off, 255.0, 0.0, 1.0, 0.0, edge_gap / max(side, 1.0))
    lo, hi = (float(v) for v in np.percentile(inner, (5, 95)))
    module = max(1.0, side * scale / 73.0)
    k = max(3, round(module * 2.5) | 1)
    # Where even the darkest pixel within ~2.5 modules is light, the modules are gone.
    local_min = cv2.erode(inner, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    washed = float(np.mean(local_min > max(235.0, lo + 0.75 * (hi - lo)))) if hi > 180 else 0.0
    saturated = float(np.mean(inner >= 250))
    g = inner.astype(np.float32)
    gx = cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3) / 8.0
    gy = cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3) / 8.0
    mag = np.sqrt(gx * gx + gy * gy)
    strong = float(np.percentile(mag, 95)) * scale  # per pixel at the frame's scale
    edge = strong / max(hi - lo, 1.0)
    return Measures(side, off, hi, washed, edge, saturated, edge_gap / max(side, 1.0))


def classify(m: Measures) -> str:
    """One cause for a sighting that was not read (see the module's table)."""
    if m.off_frame:
        return OFF_FRAME
    if m.paper_level < DIM_PAPER_LEVEL:
        return DIM
    # Glare leaves the rest of the code sharp; a blurred code washes out in the same measure.
    # (A lamp clips the paper's white outright: the 95th percentile at the sensor's top.)
    if m.washed_share > GLARE_SHARE and m.saturated_share > GLARE_SATURATED \
            and (m.edge_ratio > GLARE_MIN_EDGE or m.paper_level >= 254):
        return GLARE
    if m.side_px < SMALL_SIDE_PX:
        return TOO_SMALL
    return BLUR


@dataclass(frozen=True)
class Guidance:
    """What the camera thread tells the view: a cause to show (None: clear the hint)."""

    cause: str | None


class HintFilter:
    """Per-frame causes in, a hint out when it changes: a cause is announced once ``agree``
    analysed frames in a row name it, and withdrawn after ``clear_after`` frames without a
    sighting (or at once when a code is read)."""

    def __init__(self, agree: int = 2, clear_after: int = 10) -> None:
        self.agree = agree
        self.clear_after = clear_after
        self._recent: deque[str | None] = deque(maxlen=max(agree, clear_after))
        self.shown: str | None = None

    def update(self, cause: str | None) -> Guidance | None:
        """Feed one frame's cause (None: nothing QR-like); a Guidance when the hint changes."""
        self._recent.append(cause)
        recent = list(self._recent)
        if cause is not None and len(recent) >= self.agree \
                and all(c == cause for c in recent[-self.agree:]):
            if cause != self.shown:
                self.shown = cause
                return Guidance(cause)
            return None
        if self.shown is not None and len(recent) >= self.clear_after \
                and all(c is None for c in recent[-self.clear_after:]):
            self.shown = None
            return Guidance(None)
        return None

    def read(self) -> Guidance | None:
        """A code was read: withdraw the hint."""
        self._recent.clear()
        if self.shown is None:
            return None
        self.shown = None
        return Guidance(None)
