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
   texture in the frame, see :mod:`app.scanner.texture_locator`), each on the crop only and
   inside a time budget (the frame must be done within one frame time at 30 fps): upscaling
   a small symbol, unsharp masking, local contrast (glare), a 3x3 median and a local
   threshold against a dim sensor's noise and shallow contrast, Wiener deconvolution for
   defocus and for motion along the direction the structure tensor finds, and last the
   **multi-frame** stage: the region over the last frames, aligned and averaged, then the
   same steps again.
4. Foreign barcodes and ZBar, throttled, only when nothing QR-like was in sight
   (so a parcel label is still reported as "not one of ours").

What it saw but could not read is kept as :attr:`LiveReader.sighting`, for the operator
guidance (:mod:`app.scanner.guidance`). Nothing here trusts a decode: every text still goes
through the signature check, so no enhancement can make a forged code valid.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

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
from app.scanner.guidance import DIM, GLARE, OFF_FRAME, TOO_SMALL, classify, measure
from app.scanner.texture_locator import texture_region

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
    found_by: str          # "detector" (zxing-cpp found the symbol), "tracked" (the texture
    #                        confirms the tracked region), "remembered", "texture"
    frame_shape: tuple[int, int]
    cause: str             # why it was not read (app.scanner.guidance.CAUSES)


def _quad_of(code: zxingcpp.Barcode) -> Quad:
    p = code.position
    return tuple((float(q.x), float(q.y)) for q in
                 (p.top_left, p.top_right, p.bottom_right, p.bottom_left))


def _box_quad(box: Box) -> Quad:
    x0, y0, x1, y1 = box
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1))


class LiveReader:
    """Decoder for a stream of frames from one camera (keep one per camera thread)."""

    def __init__(self, base: CodeReader | None = None, history: int = 5,
                 budget_s: float = 0.010, keep_frames: int = 15, max_steps: int = 1,
                 full_every: int = 3,
                 other_every: int = 15,
                 clock: Callable[[], float] = time.thread_time) -> None:
        self.base = base or CodeReader(use_zbar=False, use_sharpen=False)
        self.history = history
        self.budget_s = budget_s
        self.max_steps = max_steps  # enhancement steps per frame; the next frames try the next
        self.full_every = max(1, full_every)
        self.keep_frames = keep_frames
        self.other_every = max(1, other_every)
        self._clock = clock
        self._region: Box | None = None     # where the code is (frame coordinates)
        self._region_quad: Quad | None = None
        self._region_age = 0                # frames since the region was last confirmed
        self._tracked = False               # the region comes from a read (not a guess)
        self._crops = enhance.FrameStack(history)  # the region over the last frames, aligned
        self._misses = 0
        self.sighting: Sighting | None = None
        self.last_step = ""
        # The enhancement that read the tracked code last (and the cause it was chosen for):
        # tried first on the region in the next frames, so a held blurred code costs one step.
        self._win: tuple[str, str] | None = None
        self._turn = 0                      # rotates the steps tried over consecutive misses
        self._stacked = False
        self._frame_no = 0
        self._cause_cache: tuple[Box, int, str] | None = None
        self._direction: tuple[Box | None, int, tuple[float, float]] | None = None
        self._frame_shape: tuple[int, int] = (0, 0)

    # -- the per-frame path ---------------------------------------------------------------------
    def read(self, frame: np.ndarray) -> list[DecodedCode]:
        start = self._clock()
        self.sighting = None
        self._stacked = False  # this frame's crop is on the stack already
        self._frame_shape = (frame.shape[0], frame.shape[1])
        self._region_age += 1
        if self._region_age > self.keep_frames:
            self._forget_region()
        view = _zxing_view(frame)
        if self._region is not None and self._tracked:
            found = self._read_region(frame, view)
            if found:
                return found
        # While a code in sight resists (confirmed within the last ``full_every`` frames, not
        # read), two frames in three go straight to the region's second chances: the
        # whole-frame passes would fail there again, and are still run on the frames in
        # between (a new code, a moved one). Issue 16, second round: the region "remembered"
        # on a skipped frame counts as in sight until the next whole-frame pass (before, it
        # did not, so only one frame in three skipped), and in that state the quick
        # global-threshold pass is left out: it wins on clear frames, which this one is not.
        resisting = self._region_quad is not None and self._region_age <= self.full_every
        skip_frame = resisting and self._misses % self.full_every != 0
        detected: list[zxingcpp.Barcode] = []
        if not skip_frame:
            if not resisting:
                found = read_zxing(view, invert=False, quick=True)
                if found:
                    return self._done(found, "frame")
            detected = zxingcpp.read_barcodes(view, formats=_QR, try_invert=False,
                                              return_errors=True)
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

    def _done(self, found: list[DecodedCode], step: str,
              cause: str | None = None) -> list[DecodedCode]:
        self._misses = 0
        self.last_step = step
        if cause is not None:
            self._win = (cause, step)
        elif step in ("frame", "sharpen", "other"):
            self._win = None
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
        self._win = None
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
        tracked = self._region_quad
        if tracked is not None and self._region_age <= self.full_every \
                and self._misses % self.full_every:
            return tracked, "remembered"  # seen a moment ago: no need to look for it again
        found = texture_region(gray)
        if tracked is not None and (found is None or _inside(found, enhance.crop_region(
                gray.shape, tracked, margin=0.5), loose=True)):
            # Still there (or too faint to tell, as in a dim room): keep the region, so the
            # frames' stack stays aligned.
            return tracked, ("tracked" if found is not None else "remembered")
        if found is not None:
            return found, "texture"
        return None, ""

    # -- second chances on the region -----------------------------------------------------------
    def _second_chances(self, gray: np.ndarray, quad: Quad, how: str,
                        start: float) -> list[DecodedCode]:
        box = enhance.crop_region(gray.shape, quad)
        if self._region is None or not _inside(quad, self._region):
            self._region, self._tracked = box, False
            self._crops.clear()
        self._region_quad = quad
        if how != "remembered":
            self._region_age = 0
        region = self._region
        # The cause of one region changes slowly: measured on every third frame.
        self._frame_no += 1
        cached = self._cause_cache
        if cached is not None and cached[0] == region and self._frame_no - cached[1] < 3:
            cause = cached[2]
        else:
            cause = classify(measure(gray, quad))
            self._cause_cache = (region, self._frame_no, cause)
        self.sighting = Sighting(quad, region, how, self._frame_shape, cause)
        x0, y0, x1, y1 = region
        crop = np.ascontiguousarray(gray[y0:y1, x0:x1])
        if crop.size == 0 or cause == OFF_FRAME:
            return []  # a code cut by the frame's edge cannot be read: only the hint helps
        if not self._stacked and cause != DIM:  # (the dim steps use one frame)
            self._crops.push(crop)
        factor = self._region_factor(quad)
        steps = self._steps(cause, crop, factor)
        self._turn += 1
        first = self._turn % len(steps)
        tries = len(steps) if cause == DIM else self.max_steps
        for name, make in (steps[first:] + steps[:first])[:tries]:
            if self._clock() - start > self.budget_s:
                break
            found = self._decode(make(), region, factor, f"zxing+{name}")
            if found:
                return self._done(found, name, cause)
        return []

    def _region_factor(self, quad: Quad) -> float:
        return min(_MAX_UPSCALE, max(1.0, _TARGET_MODULE_PX * _MODULES
                                     / max(enhance.quad_side(quad), 1.0)))

    def _read_region(self, frame: np.ndarray, view: np.ndarray) -> list[DecodedCode]:
        """The tracked region first: as it is, or with the step that read it last time."""
        assert self._region is not None
        x0, y0, x1, y1 = self._region
        factor = self._region_factor(self._region_quad) if self._region_quad else 1.0
        if self._win is None:
            crop = np.ascontiguousarray(view[y0:y1, x0:x1])
            if crop.size == 0:
                return []
            if factor > 1.01:
                crop = enhance.upscale(to_gray(crop), factor)
            found = self._decode(crop, self._region, factor, "zxing+roi")
            return self._done(found, "roi") if found else []
        cause, step = self._win
        gray = np.ascontiguousarray(to_gray(frame[y0:y1, x0:x1]))
        if gray.size == 0:
            return []
        if cause != DIM:
            self._crops.push(gray)  # (a region of another size starts a new stack)
            self._stacked = True
        make = dict(self._steps(cause, gray, factor)).get(step)
        if make is None:
            return []
        found = self._decode(make(), self._region, factor, f"zxing+{step}")
        return self._done(found, step, cause) if found else []

    def _steps(self, cause: str, crop: np.ndarray,
               factor: float) -> list[tuple[str, Callable[[], np.ndarray]]]:
        """The enhancements worth trying for this cause, cheapest and likeliest first
        (the order measured on the labelled footage of ``benchmarks/scan_benchmark.py``)."""
        up = enhance.upscale
        big = up(crop, factor)
        frames = self._crops
        stack = len(frames) >= 3 and frames.shape == crop.shape

        memo: list[np.ndarray] = []

        def averaged() -> np.ndarray:  # once per frame, however many steps use it
            if not memo:
                memo.append(frames.average())
            return memo[0]

        sharp = ("unsharp", lambda: up(enhance.unsharp(crop, 1.5, 2.0), factor))
        if cause == DIM:  # sensor noise first (see enhance.median_denoise); no stack
            quad = self._region_quad
            module_px = enhance.quad_side(quad) / _MODULES if quad else _TARGET_MODULE_PX
            return [("binarize", lambda: up(enhance.dim_binarize(crop, module_px), factor)),
                    ("denoise", lambda: up(enhance.median_denoise(crop), factor))]
        if cause == GLARE:
            steps = [("contrast", lambda: enhance.local_contrast(big)), ("upscale", lambda: big)]
            if stack:
                steps.append(("multiframe+contrast",
                              lambda: up(enhance.local_contrast(averaged()), factor)))
            return steps
        if cause == TOO_SMALL:
            steps = [("upscale", lambda: big),
                     ("unsharp", lambda: enhance.unsharp(big, 1.5, 1.2 * factor))]
            if stack:
                steps.append(("multiframe+unsharp",
                              lambda: enhance.unsharp(up(averaged(), factor), 1.5, 1.2 * factor)))
            return steps
        # Blur (motion or defocus): the unsharp mask first, then a Wiener filter along the
        # motion the structure tensor finds, then the frames' average.
        def deblur() -> np.ndarray:
            angle, anisotropy = self._blur_direction(crop)
            if anisotropy > 0.15:
                return up(enhance.wiener_motion(crop, 8, angle), factor)
            return up(enhance.wiener_defocus(crop, 2.2), factor)

        steps = [sharp, ("unsharp-strong", lambda: up(enhance.unsharp(crop, 2.5, 3.0), factor)),
                 ("wiener", deblur)]
        if stack:
            steps.append(("multiframe+unsharp",
                          lambda: up(enhance.unsharp(averaged(), 1.5, 2.0), factor)))
        return steps

    def _blur_direction(self, crop: np.ndarray) -> tuple[float, float]:
        """The structure tensor's blur direction (~2 ms on a 500 px region): like the cause,
        a held code's changes slowly, so it is measured again every third frame."""
        cached = self._direction
        if cached is not None and cached[0] == self._region and self._frame_no - cached[1] < 3:
            return cached[2]
        found = enhance.blur_direction(crop)
        self._direction = (self._region, self._frame_no, found)
        return found

    def _decode(self, img: np.ndarray, box: Box, factor: float, label: str) -> list[DecodedCode]:
        out = []
        # At the crop's own scale, zxing-cpp's downscaled tries help a blurred code (a smaller
        # copy is a sharper one); an upscaled crop was made big on purpose.
        for code in zxingcpp.read_barcodes(img, formats=_QR, try_invert=False,
                                           try_downscale=factor <= 1.01):
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


def _inside(quad: Quad, box: Box, loose: bool = False) -> bool:
    """The quad's centre lies in the middle half of ``box`` and its size fits the box (the
    region still frames the code); ``loose``: the centre lies in the box, any size."""
    cx = sum(p[0] for p in quad) / 4
    cy = sum(p[1] for p in quad) / 4
    x0, y0, x1, y1 = box
    if loose:
        return x0 <= cx <= x1 and y0 <= cy <= y1
    qw, qh = (x1 - x0) / 4, (y1 - y0) / 4
    side = enhance.quad_side(quad)
    return (x0 + qw <= cx <= x1 - qw and y0 + qh <= cy <= y1 - qh
            and side <= max(x1 - x0, y1 - y0) * 0.95 and side >= max(x1 - x0, y1 - y0) * 0.4)
