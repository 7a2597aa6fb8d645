"""Where a QR code probably is when no detector found one: the densest patch of texture. No Qt.

Split from :mod:`app.scanner.live_reader` (issue 16, clips round): a defocused or dim code is
often not even *detected* by zxing-cpp, but its modules still make a dense patch of edges in
both directions, which :func:`texture_region` finds on a quarter-size copy of the frame. The
reader then works on that region (its second chances, and the operator's hint).
"""

from __future__ import annotations

import cv2
import numpy as np

from app.scanner.enhance import Quad

# A patch of edges in both directions stronger than this (grey levels per pixel, on the
# quarter-size copy) may be a code; on a dim counter the whole picture's contrast is a tenth
# of a lit one's, so the bar there is a share of the picture's own range (never below the
# noise of a dark sensor).
_TEXTURE_PEAK = 12.0
_TEXTURE_PEAK_DIM = 0.5   # of the picture's 5-95 % grey range
_TEXTURE_FLOOR = 7.0
_TEXTURE_TRIES = 3        # the densest patch may be print (a block of text): look further


def texture_region(gray: np.ndarray) -> Quad | None:
    """Where a QR code probably is when no detector found one: the densest patch of edges in
    both directions that is shaped like a code, found on a quarter-size copy (~0.5 ms). None
    on a plain view."""
    small = cv2.resize(gray, (gray.shape[1] // 4, gray.shape[0] // 4), interpolation=cv2.INTER_AREA)
    gx = np.abs(cv2.Sobel(small, cv2.CV_16S, 1, 0, ksize=3)).astype(np.float32)
    gy = np.abs(cv2.Sobel(small, cv2.CV_16S, 0, 1, ksize=3)).astype(np.float32)
    # A code has edges across and along; text lines and page borders mostly one way.
    both = cv2.boxFilter(np.minimum(gx, gy), -1, (15, 15))
    lo, hi = (float(v) for v in np.percentile(small[::2, ::2], (5, 95)))
    bar = min(_TEXTURE_PEAK, max(_TEXTURE_FLOOR, _TEXTURE_PEAK_DIM * (hi - lo)))
    for _ in range(_TEXTURE_TRIES):
        _, peak, _, (px, py) = cv2.minMaxLoc(both)
        if peak < bar:
            return None
        mask = (both > peak * 0.45).astype(np.uint8)
        _count, labels, stats, _ = cv2.connectedComponentsWithStats(mask)
        x, y, w, h = (int(v) for v in stats[labels[py, px], :4])
        if _code_shaped(both, small.shape, x, y, w, h, peak):
            return ((x * 4.0, y * 4.0), ((x + w) * 4.0, y * 4.0), ((x + w) * 4.0, (y + h) * 4.0),
                    (x * 4.0, (y + h) * 4.0))
        both[y:y + h, x:x + w] = 0  # not a code: the next densest patch
    return None


def _code_shaped(both: np.ndarray, shape: tuple[int, ...], x: int, y: int, w: int, h: int,
                 peak: float) -> bool:
    # A code seen at a slant is still roughly square (unless the frame's edge cuts it), and
    # no bigger than the frame's height.
    cut = x <= 0 or y <= 0 or x + w >= shape[1] or y + h >= shape[0]
    if w < 8 or h < 8 or max(w, h) > (3.0 if cut else 1.6) * min(w, h) \
            or max(w, h) > 0.8 * shape[0]:
        return False
    # A code is dense all over; a block of print (lines with gaps) is not. Checked where the
    # shape alone says little: a region cut by the frame's edge.
    return not (cut and float(both[y:y + h, x:x + w].mean()) < 0.6 * peak)
