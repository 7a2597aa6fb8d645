"""The camera's decoder: track the code's region, and work harder on it only when needed. No Qt.

A certificate held up to the help desk's webcam is in many frames in a row, at about the same
place. :class:`LiveReader` keeps that place (the *region*) and, per frame:

1. **Tracked region first.** When the last frames read a code, zxing-cpp reads the crop around
   where it was (a tenth of the pixels): cheaper than the whole frame, so a held code costs less
   than it did before tracking.
2. **The cheap path, unchanged**: :class:`app.scanner.decoders.CodeReader`'s whole-frame
   zxing-cpp passes (quick global threshold, then local average). These also report QR symbols
   that were *detected but not decoded* (``return_errors``): where a code is, even unread.
3. **Second chances on the region** (a detected symbol, the tracked region, or the densest
   texture in the frame), each on the crop only and inside a time budget (the frame must be
   done within one frame time at 30 fps): upscaling a small symbol, unsharp masking, local
   contrast (glare, dim light), Wiener deconvolution for defocus and for motion along the
   direction the structure tensor finds, and last the **multi-frame** stage: the region over
   the last frames, aligned and averaged, then the same steps again.
4. Foreign barcodes and ZBar, throttled, only when nothing QR-like was in sight
   (so a parcel label is still reported as "not one of ours").

What it saw but could not read is kept as :attr:`LiveReader.sighting`, for the operator
guidance (:mod:`app.scanner.guidance`). Nothing here trusts a decode: every text still goes
through the signature check, so no enhancement can make a forged code valid.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np
import zxingcpp

from app.scanner import enhance
from app.scanner.decoders import (
    OTHER_FORMATS,
    QR_FORMATS,
    CodeReader,
    DecodedCode,
    _format_name,
    _unique,
    _zxing_view,
    read_zbar,
    read_zxing,
    sharpen,
    to_gray,
)
from app.scanner.enhance import Box, Quad

_QR = zxingcpp.BarcodeFormats(QR_FORMATS)
# Our certificates' codes are version 14 (73 modules); other QR codes are usually smaller.
# The upscale aims at ~4 px per module for a 73-module code.
_MODULES = 73
_TARGET_MODULE_PX = 4.0
_MAX_UPSCALE = 3.0


@dataclass(frozen=True)
class Sighting:
    """Something QR-like in a frame that no step could read: where, and how it was found."""

    quad: Quad
    box: Box
    found_by: str          # "detector" (zxing-cpp found the symbol), "tracked", "texture"
    frame_shape: tuple[int, int]


def _quad_of(code: zxingcpp.Barcode) -> Quad:
    p = code.position
    return tuple((float(q.x), float(q.y)) for q in
                 (p.top_left, p.top_right, p.bottom_right, p.bottom_left))


def _box_quad(box: Box) -> Quad:
    x0, y0, x1, y1 = box
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


def texture_region(gray: np.ndarray) -> Quad | None:
    """Where a QR code probably is when no detector found one: the densest patch of edges in
    both directions, found on a quarter-size copy (~0.5 ms). None on a plain view."""
    small = cv2.resize(gray, (gray.shape[1] // 4, gray.shape[0] // 4), interpolation=cv2.INTER_AREA)
    gx = np.abs(cv2.Sobel(small, cv2.CV_16S, 1, 0, ksize=3)).astype(np.float32)
    gy = np.abs(cv2.Sobel(small, cv2.CV_16S, 0, 1, ksize=3)).astype(np.float32)
    # A code has edges across and along; text lines and page borders mostly one way.
    both = cv2.boxFilter(np.minimum(gx, gy), -1, (15, 15))
    _, peak, _, (px, py) = cv2.minMaxLoc(both)
    if peak < 12.0:
        return None
    mask = (both > peak * 0.45).astype(np.uint8)
    count, labels, stats, _ = cv2.connectedComponentsWithStats(mask)
    label = labels[py, px]
    x, y, w, h = (int(v) for v in stats[label, :4])
    if w < 8 or h < 8 or max(w, h) > 3 * min(w, h):
        return None
    return ((x * 4.0, y * 4.0), ((x + w) * 4.0, y * 4.0), ((x + w) * 4.0, (y + h) * 4.0),
            (x * 4.0, (y + h) * 4.0))


class LiveReader:
    """Decoder for a stream of frames from one camera (keep one per camera thread)."""

    def __init__(self, base: CodeReader | None = None, history: int = 5,
                 budget_s: float = 0.018, keep_frames: int = 15,
                 other_every: int = 15,
                 clock: Callable[[], float] = time.perf_counter) -> None:
        self.base = base or CodeReader(use_zbar=False, use_sharpen=False)
        self.history = history
        self.budget_s = budget_s
        self.keep_frames = keep_frames
        self.other_every = max(1, other_every)
        self._clock = clock
        self._region: Box | None = None     # where the code is (frame coordinates)
        self._region_quad: Quad | None = None
        self._region_age = 0                # frames since the region was last confirmed
        self._tracked = False               # the region comes from a read (not a guess)
        self._crops: deque[np.ndarray] = deque(maxlen=history)
        self._misses = 0
        self.sighting: Sighting | None = None
        self.last_step = ""
        self._frame_shape: tuple[int, int] = (0, 0)

    # -- the per-frame path ---------------------------------------------------------------------
    def read(self, frame: np.ndarray) -> list[DecodedCode]:
        start = self._clock()
        self.sighting = None
        self._frame_shape = (frame.shape[0], frame.shape[1])
        self._region_age += 1
        if self._region_age > self.keep_frames:
            self._forget_region()
        view = _zxing_view(frame)
        if self._region is not None and self._tracked:
            found = self._read_crop(view, self._region, "zxing+roi", quick=True)
            if found:
                return self._done(found, "roi")
        found = read_zxing(view, invert=False, quick=True)
        if found:
            return self._done(found, "frame")
        detected = zxingcpp.read_barcodes(view, formats=_QR, try_invert=False, return_errors=True)
        found = [c for c in _decoded(detected, "zxing")]
        if found:
            return self._done(found, "frame")
        gray = to_gray(frame)
        quad, how = self._candidate(gray, detected)
        if quad is not None:
            found = self._second_chances(gray, quad, how, start)
            if found:
                return found
        else:
            self._crops.clear()
            found = read_zxing(sharpen(gray), label="zxing+sharpen", invert=False)
            if found:
                return self._done(found, "sharpen")
            self._misses += 1
            if self._misses % self.other_every == 0:
                found = read_zxing(gray, QR_FORMATS + OTHER_FORMATS, label="zxing")
                found = found or (read_zbar(gray) if self.base.use_zbar else [])
                if found:
                    return self._done(found, "other")
            return []
        self._misses += 1
        return []

    def _done(self, found: list[DecodedCode], step: str) -> list[DecodedCode]:
        self._misses = 0
        self.last_step = step
        qr = [c for c in found if c.is_qr and len(c.corners) == 4]
        if qr:
            quad: Quad = tuple((float(x), float(y)) for x, y in qr[0].corners)
            region = enhance.crop_region(self._frame_shape, quad)
            if self._region is None or not _inside(quad, self._region):
                self._region = region
                self._crops.clear()
            self._region_quad, self._region_age, self._tracked = quad, 0, True
        return _unique(found)

    def _forget_region(self) -> None:
        self._region = self._region_quad = None
        self._tracked = False
        self._crops.clear()

    # -- where to look --------------------------------------------------------------------------
    def _candidate(self, gray: np.ndarray,
                   detected: list[zxingcpp.Barcode]) -> tuple[Quad | None, str]:
        quads = [_quad_of(c) for c in detected if not c.valid]
        # Smaller "symbols" are finder-like print (or a cut-off code's parts), and a code
        # that small (< 1.2 px per module) is unreadable anyway.
        quads = [q for q in quads if enhance.quad_side(q) >= 90]
        if quads:
            return max(quads, key=enhance.quad_side), "detector"
        if self._region_quad is not None:
            return self._region_quad, "tracked"
        found = texture_region(gray)
        return (found, "texture") if found is not None else (None, "")

    # -- second chances on the region -----------------------------------------------------------
    def _second_chances(self, gray: np.ndarray, quad: Quad, how: str,
                        start: float) -> list[DecodedCode]:
        box = enhance.crop_region(gray.shape, quad)
        if self._region is None or not _inside(quad, self._region):
            self._region, self._tracked = box, False
            self._crops.clear()
        self._region_quad = quad
        if how != "tracked":
            self._region_age = 0
        region = self._region
        self.sighting = Sighting(quad, region, how, self._frame_shape)
        x0, y0, x1, y1 = region
        crop = np.ascontiguousarray(gray[y0:y1, x0:x1])
        if crop.size == 0:
            return []
        self._crops.append(crop)
        factor = min(_MAX_UPSCALE, max(1.0, _TARGET_MODULE_PX * _MODULES
                                       / max(enhance.quad_side(quad), 1.0)))
        big = enhance.upscale(crop, factor)
        angle, anisotropy = enhance.blur_direction(crop)
        steps: list[tuple[str, Callable[[], np.ndarray]]] = [
            ("upscale", lambda: big),
            ("unsharp", lambda: enhance.unsharp(big, 1.5, 1.2 * factor)),
            ("contrast", lambda: enhance.local_contrast(big)),
            ("wiener-defocus", lambda: enhance.wiener_defocus(big, 1.6 * factor)),
        ]
        if anisotropy > 0.15:
            steps.append(("wiener-motion",
                          lambda: enhance.wiener_motion(big, 6 * factor, angle)))
        if len(self._crops) >= 3 and all(c.shape == crop.shape for c in self._crops):
            def averaged() -> np.ndarray:
                return enhance.upscale(enhance.align_average(list(self._crops)), factor)
            steps.append(("multiframe", averaged))
            steps.append(("multiframe+unsharp",
                          lambda: enhance.unsharp(averaged(), 1.5, 1.2 * factor)))
        for name, make in steps:
            if self._clock() - start > self.budget_s:
                break
            found = self._decode(make(), region, factor, f"zxing+{name}")
            if found:
                return self._done(found, name)
        return []

    def _read_crop(self, view: np.ndarray, box: Box, label: str,
                   quick: bool) -> list[DecodedCode]:
        x0, y0, x1, y1 = box
        crop = np.ascontiguousarray(view[y0:y1, x0:x1])
        if crop.size == 0:
            return []
        factor = 1.0
        if self._region_quad is not None:
            factor = min(_MAX_UPSCALE, max(1.0, _TARGET_MODULE_PX * _MODULES
                                           / max(enhance.quad_side(self._region_quad), 1.0)))
        if factor > 1.01:
            crop = enhance.upscale(to_gray(crop), factor)
        return self._decode(crop, box, factor, label)

    def _decode(self, img: np.ndarray, box: Box, factor: float, label: str) -> list[DecodedCode]:
        out = []
        for code in zxingcpp.read_barcodes(img, formats=_QR, try_invert=False,
                                           try_downscale=False):
            if not code.valid or not code.text:
                continue
            corners = tuple((int(box[0] + x / factor), int(box[1] + y / factor))
                            for x, y in _quad_of(code))
            out.append(DecodedCode(code.text, _format_name(code.format), label, corners))
        return out



def _decoded(codes: list[zxingcpp.Barcode], label: str) -> list[DecodedCode]:
    out = []
    for code in codes:
        if code.valid and code.text:
            out.append(DecodedCode(code.text, _format_name(code.format), label,
                                   tuple((int(x), int(y)) for x, y in _quad_of(code))))
    return out


def _inside(quad: Quad, box: Box) -> bool:
    """The quad's centre lies in the middle half of ``box`` (the region still fits the code)."""
    cx = sum(p[0] for p in quad) / 4
    cy = sum(p[1] for p in quad) / 4
    x0, y0, x1, y1 = box
    qw, qh = (x1 - x0) / 4, (y1 - y0) / 4
    side = enhance.quad_side(quad)
    return (x0 + qw <= cx <= x1 - qw and y0 + qh <= cy <= y1 - qh
            and side <= max(x1 - x0, y1 - y0) * 0.95 and side >= max(x1 - x0, y1 - y0) * 0.4)
