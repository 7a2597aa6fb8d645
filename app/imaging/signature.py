"""Signature clean-up: from a phone photo or a scan of the paper to a transparent 300 dpi PNG.

Why not one global threshold: a phone photo of a sheet has a shadow (the phone, a hand) and a
brightness gradient larger than the ink's own contrast, so any single grey level either eats
the shadowed strokes or turns the shadow into ink. The steps:

1. *Ink channel*: the darkest of R, G, B per pixel, so blue and red inks count as dark.
2. *Flatten*: estimate the paper's brightness with a max filter on a 1/8-size copy (wider than
   any stroke, so strokes vanish from the estimate), smooth it, and divide: paper becomes 1.0
   everywhere, in light or shadow; ``darkness = 1 - pixel / paper``.
3. *Separate*: hysteresis on darkness - weak pixels (above the paper's noise) count as ink
   only if connected to strong ones - which keeps the faint tails of strokes and drops
   paper texture. Thresholds follow the measured noise of the paper.
4. *Clean*: drop specks (small components), drop dark blobs at the image edge (desk, page
   edge), and remove a printed signature line (long horizontal runs, found by a 1 x L opening),
   re-closing the strokes that crossed it.
5. *Crop* to the ink with a margin; scale to 300 dpi (from the scan's dpi, or for photos so
   the signature is about 50 mm wide); alpha follows the ink's darkness for smooth edges.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from app.imaging.encoding import encode_png
from app.imaging.loading import DEFAULT_MAX_PIXELS, LoadedImage, load_image

DPI = 300
WORK_LONG_SIDE = 2000  # decode phone JPEGs at about this size: strokes stay 3+ px wide
FIND_SIDE = 1200  # look for the ink on a copy this long (measured: same IoU, a third of the time)
PHOTO_TARGET_W, PHOTO_TARGET_H = 600, 240  # ~50 x 20 mm when the real size is unknown
FAINT_CONTRAST = 0.30  # strong ink is at least 30% darker than its paper
BLOCKING = frozenset({"signature_no_ink"})


@dataclass(frozen=True)
class SignatureProblem:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def blocking(self) -> bool:
        return self.code in BLOCKING


@dataclass(frozen=True)
class SignatureResult:
    mask: np.ndarray  # bool ink mask in the loaded image's coordinates
    box: tuple[int, int, int, int] | None  # crop (x, y, w, h) in those coordinates
    rgba: np.ndarray | None  # transparent output at 300 dpi
    png: bytes | None
    print_png: bytes | None  # the same on white, for printing
    problems: tuple[SignatureProblem, ...]
    ink_contrast: float
    line_removed: bool
    specks_removed: int

    @property
    def usable(self) -> bool:
        return self.png is not None and not any(p.blocking for p in self.problems)

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]


def darkness_map(rgb: np.ndarray, window: int | None = None) -> np.ndarray:
    """Steps 1-2: ink darkness in 0..1 with the paper's lighting divided out.

    ``window``: size in pixels of the paper-brightness filter (default 5% of the long side);
    given when ``rgb`` is a crop of a larger picture, so the crop is treated like the whole.
    """
    r_, g_, b_ = cv2.split(rgb)
    ink = cv2.min(cv2.min(r_, g_), b_)  # numpy's min over the last axis is ~10x slower
    h, w = ink.shape
    k = 8
    small = cv2.resize(ink, (max(1, w // k), max(1, h // k)), interpolation=cv2.INTER_AREA)
    # Window ~5% of the long side at full size: wider than strokes, narrower than shadows.
    r = max(2, round((window or max(h, w) * 0.05) / k))
    # A closing (max then min filter): strokes vanish, while a gradient or a shadow's edge keeps
    # its level (a max filter alone would lift the estimate by the gradient over its radius).
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * r + 1, 2 * r + 1))
    paper = cv2.morphologyEx(small, cv2.MORPH_CLOSE, kernel)
    paper = cv2.GaussianBlur(paper, (0, 0), max(1.0, r / 3))
    paper = cv2.resize(paper, (w, h), interpolation=cv2.INTER_LINEAR).astype(np.float32)
    ratio = cv2.divide(ink.astype(np.float32), np.maximum(paper, 8.0))
    darkness = 1.0 - ratio
    return np.clip(darkness, 0.0, 1.0, out=darkness)  # in place: measured faster than cv2's


def _noise(dark: np.ndarray) -> float:
    sample = dark[::8, ::8]
    paperish = sample[sample < np.percentile(sample, 80)]
    mad = float(np.median(np.abs(paperish - np.median(paperish)))) if paperish.size else 0.0
    return max(0.01, 1.4826 * mad)


def _components(mask: np.ndarray) -> tuple[int, np.ndarray, np.ndarray]:
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    return n, labels, stats


def ink_mask(rgb: np.ndarray) -> tuple[np.ndarray, np.ndarray, dict[str, Any]]:
    """Steps 1-4: the ink mask, the darkness map and what was removed on the way."""
    dark = darkness_map(rgb)
    h, w = dark.shape
    sigma = _noise(dark)
    low = max(0.07, 4.0 * sigma)
    high = max(0.16, 2.2 * low)
    weak = dark > low
    n, labels, stats = _components(weak)
    strong_labels = np.unique(labels[dark > high])
    keep = np.zeros(n, bool)
    keep[strong_labels] = True
    keep[0] = False
    scale = max(h, w) / 1000.0
    min_area = max(4, round(10 * scale * scale))
    areas, x, y = stats[:, cv2.CC_STAT_AREA], stats[:, cv2.CC_STAT_LEFT], stats[:, cv2.CC_STAT_TOP]
    bw, bh = stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT]
    specks = keep & (areas < min_area)
    # Dark areas filling much of their box at the edge: the desk, the page's edge, a finger.
    edge = (x == 0) | (y == 0) | (x + bw == w) | (y + bh == h)
    blobs = keep & edge & (areas > 0.3 * bw * bh) & (areas > 40 * min_area)
    keep &= ~specks & ~blobs
    mask = keep[labels]
    contrast = float(np.percentile(dark[mask], 90)) if mask.any() else 0.0
    # The mask says where the pen laid ink (>= half its full darkness); the soft fringe of the
    # strokes is kept in the output's alpha, not in the mask.
    mask &= dark >= max(low, 0.45 * contrast)
    line_removed = False
    if mask.any():  # look for a printed line only where the ink is (a much smaller area)
        ys, xs = np.nonzero(mask[::2, ::2])
        y0, y1 = max(0, 2 * int(ys.min()) - 4), min(h, 2 * int(ys.max()) + 6)
        x0, x1 = max(0, 2 * int(xs.min()) - 4), min(w, 2 * int(xs.max()) + 6)
        part, line_removed = _remove_lines(mask[y0:y1, x0:x1], w)
        mask[y0:y1, x0:x1] = part
    return mask, dark, {"line_removed": line_removed, "specks": int(specks.sum()),
                        "contrast": contrast, "low": low}


def _stroke_width(mask: np.ndarray) -> float:
    """Typical pen stroke width: ink area divided by half its outline length."""
    contours, _ = cv2.findContours(mask, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    perimeter = sum(cv2.arcLength(c, True) for c in contours)
    return 2.0 * float(mask.sum()) / max(1.0, perimeter)


def _remove_lines(mask: np.ndarray, image_w: int) -> tuple[np.ndarray, bool]:
    """Remove long thin horizontal lines (a printed 签名 line) and mend strokes crossing them."""
    m8 = mask.astype(np.uint8)
    length = max(40, image_w // 5)
    lines = cv2.morphologyEx(m8, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (length, 1)))
    if not lines.any():
        return mask, False
    n, labels, stats = _components(lines)
    pen = _stroke_width(m8)
    thin = np.zeros(n, bool)
    for i in range(1, n):
        width, height = stats[i, cv2.CC_STAT_WIDTH], stats[i, cv2.CC_STAT_HEIGHT]
        thickness = stats[i, cv2.CC_STAT_AREA] / max(1, width)
        straight = height <= thickness + 1.5  # ruler-straight over its whole length
        # A printed line is ruler-straight across most of the signature; the flat stretch of
        # a handwritten flourish curves away long before (measured: about a third of it).
        if width >= max(length, 0.6 * mask.shape[1]) and straight and thickness <= 1.5 * pen:
            thin[i] = True
    line_mask = thin[labels].astype(np.uint8)
    if not line_mask.any():
        return mask, False
    thickness = int(max(stats[i, cv2.CC_STAT_HEIGHT] for i in range(1, n) if thin[i]))
    band: np.ndarray = cv2.dilate(line_mask, np.ones((thickness + 3, 1), np.uint8))
    cleaned = m8 & (1 - band)
    # Strokes crossing the line now have a gap as tall as the band: close it vertically.
    closed: np.ndarray = cv2.morphologyEx(cleaned, cv2.MORPH_CLOSE,
                                          np.ones((thickness + 6, 1), np.uint8))
    cleaned |= closed & band
    # Leftover stubs of the line at its ends (shorter than the opening) are specks now.
    _n2, labels2, stats2 = _components(cleaned)
    tiny = stats2[:, cv2.CC_STAT_AREA] < max(6, thickness * 4)
    tiny[0] = False
    cleaned[tiny[labels2]] = 0
    return cleaned.astype(bool), True


def _output_scale(image: LoadedImage, box: tuple[int, int, int, int]) -> float:
    _, _, bw, bh = box
    if image.dpi:
        source_dpi = image.dpi * image.scale  # a reduced decode has fewer pixels per inch
        scale = DPI / source_dpi
        if bw * scale <= 2000:
            return scale
    return min(PHOTO_TARGET_W / bw, PHOTO_TARGET_H / bh, 3.0)


def clean_signature(image: LoadedImage, ink: str = "black") -> SignatureResult:
    """Steps 1-5 on a loaded image. ``ink``: "black" (the filing rule) or "original" colour.

    The ink is found on a copy at most ``FIND_SIDE`` pixels long (a 12 MP photo costs the same
    as a 1 MP one); the output is then cut from the decoded image at its full resolution, with
    the darkness recomputed there and the low-resolution mask as a guide.
    """
    rgb = image.rgb
    h, w = rgb.shape[:2]
    # An integer reduction: OpenCV's area averaging has a fast path for those (~5x).
    k = 1.0 / int(np.ceil(max(h, w) / FIND_SIDE))
    work = cv2.resize(rgb, (round(w * k), round(h * k)), interpolation=cv2.INTER_AREA) if k < 1 else rgb
    found, _, info = ink_mask(work)
    mask = np.zeros((h, w), bool)
    problems: list[SignatureProblem] = []
    if not found.any():
        problems.append(SignatureProblem("signature_no_ink"))
        return SignatureResult(mask, None, None, None, None, tuple(problems), 0.0,
                               info["line_removed"], info["specks"])
    if info["contrast"] < FAINT_CONTRAST:
        problems.append(SignatureProblem("signature_too_faint",
                                         {"contrast": round(info["contrast"] * 100)}))
    ys, xs = np.nonzero(found)
    wx0, wx1, wy0, wy1 = int(xs.min()), int(xs.max()) + 1, int(ys.min()), int(ys.max()) + 1
    if wx0 == 0 or wy0 == 0 or wx1 == found.shape[1] or wy1 == found.shape[0]:
        problems.append(SignatureProblem("signature_cut_off"))
    x0, y0 = int(wx0 / k), int(wy0 / k)
    x1, y1 = min(w, int(np.ceil(wx1 / k))), min(h, int(np.ceil(wy1 / k)))
    margin = max(4, round(0.06 * max(x1 - x0, y1 - y0)))
    bx0, by0 = max(0, x0 - margin), max(0, y0 - margin)
    bx1, by1 = min(w, x1 + margin), min(h, y1 + margin)
    box = (bx0, by0, bx1 - bx0, by1 - by0)
    dark = darkness_map(rgb[by0:by1, bx0:bx1], window=round(0.05 * max(h, w)))
    # The low-resolution mask, scaled up over the box only (not the whole picture).
    gx0, gy0 = int(bx0 * k), int(by0 * k)
    gx1, gy1 = min(found.shape[1], int(np.ceil(bx1 * k)) + 1), min(found.shape[0], int(np.ceil(by1 * k)) + 1)
    part = found[gy0:gy1, gx0:gx1].astype(np.uint8)
    sx, sy = (gx1 - gx0) / k, (gy1 - gy0) / k
    up = cv2.resize(part, (max(1, round(sx)), max(1, round(sy))), interpolation=cv2.INTER_NEAREST)
    ox, oy = bx0 - round(gx0 / k), by0 - round(gy0 / k)
    guide = np.zeros((by1 - by0, bx1 - bx0), np.uint8)
    piece = up[oy:oy + guide.shape[0], ox:ox + guide.shape[1]]
    guide[:piece.shape[0], :piece.shape[1]] = piece
    reach = 2 * int(np.ceil(1 / k)) + 1
    guide = cv2.dilate(guide, np.ones((reach, reach), np.uint8)) > 0
    contrast = float(np.percentile(dark[guide], 90)) if guide.any() else info["contrast"]
    low = info["low"]
    inked = guide & (dark >= max(low, 0.45 * contrast))
    mask[by0:by1, bx0:bx1] = inked
    # Alpha: darkness ramped between the paper's noise and the strong ink level, only near ink
    # (so the paper's texture stays fully transparent).
    near = cv2.dilate(inked.astype(np.uint8), np.ones((3, 3), np.uint8)) > 0
    top = max(contrast, low * 2)
    alpha = np.clip((dark - low * 0.5) / max(1e-3, top - low * 0.5), 0, 1)
    alpha = np.where(near, alpha, 0.0).astype(np.float32)
    scale = _output_scale(image, box)
    size = (max(1, round(box[2] * scale)), max(1, round(box[3] * scale)))
    interp = cv2.INTER_AREA if scale < 1 else cv2.INTER_CUBIC
    alpha_out = np.clip(cv2.resize(alpha, size, interpolation=interp), 0, 1)
    if ink == "original":
        colour = np.median(rgb[mask], axis=0).astype(np.float32)
    else:
        colour = np.zeros(3, np.float32)
    rgba = np.zeros((size[1], size[0], 4), np.uint8)
    rgba[:, :, :3] = colour.astype(np.uint8)
    rgba[:, :, 3] = np.round(alpha_out * 255).astype(np.uint8)
    white = (255 * (1 - alpha_out[:, :, None]) + colour * alpha_out[:, :, None])
    white = np.clip(white + 0.5, 0, 255).astype(np.uint8)
    return SignatureResult(mask, box, rgba, encode_png(rgba, DPI), encode_png(white, DPI),
                           tuple(problems), contrast, info["line_removed"], info["specks"])


def load_for_signature(source: bytes | str | Path, max_pixels: int = DEFAULT_MAX_PIXELS) -> LoadedImage:
    return load_image(source, max_pixels=max_pixels, reduce_to=WORK_LONG_SIDE)


def clean_file(source: bytes | str | Path, *, ink: str = "black",
               max_pixels: int = DEFAULT_MAX_PIXELS) -> SignatureResult:
    return clean_signature(load_for_signature(source, max_pixels), ink)
