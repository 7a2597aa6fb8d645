"""Image work on a code's region, for the frames the plain decoder misses. No Qt.

Everything here runs on a small crop around a (suspected) QR code, never on the whole frame:
a 300 px crop costs a tenth of a 1280x720 frame, which is what keeps the second chances of
:class:`app.scanner.live_reader.LiveReader` inside one frame's time at 30 fps.

- :func:`crop_region`: the axis-aligned box around a quadrilateral, with a quiet-zone margin;
- :func:`upscale`: a code under ~3 px per module is enlarged (bicubic) so the binarizer can
  separate its modules;
- :func:`unsharp`, :func:`wiener_motion`, :func:`wiener_defocus`: deblurring. Defocus is
  undone by a Wiener filter with a Gaussian kernel; motion by a Wiener filter with a line kernel
  whose direction comes from the crop's structure tensor (a moving hand smears edges along the
  motion, so the gradients there are weak);
- :func:`local_contrast`: CLAHE, for a lamp's reflection;
- :func:`median_denoise`, :func:`box_denoise`, :func:`dim_binarize`: sensor noise off a dim
  code, and a threshold for a code too shallow for the decoder's own binarizer;
- :func:`align_average`: the same region over the last frames, aligned by phase correlation
  and averaged: sensor noise falls with the square root of the frame count.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import cv2
import numpy as np

Quad = tuple[tuple[float, float], ...]
Box = tuple[int, int, int, int]  # x0, y0, x1, y1 (exclusive), frame coordinates


def quad_side(quad: Quad) -> float:
    """Mean side length of a quadrilateral, in pixels."""
    pts = np.asarray(quad, np.float32)
    return float(np.mean([np.linalg.norm(pts[i] - pts[(i + 1) % 4]) for i in range(4)]))


def crop_region(shape: tuple[int, ...], quad: Quad, margin: float = 0.25) -> Box:
    """The box around ``quad`` grown by ``margin`` of its side on each edge, clipped to the frame."""
    pts = np.asarray(quad, np.float32)
    side = quad_side(quad)
    pad = side * margin
    h, w = shape[:2]
    x0 = int(max(0, math.floor(float(pts[:, 0].min()) - pad)))
    y0 = int(max(0, math.floor(float(pts[:, 1].min()) - pad)))
    x1 = int(min(w, math.ceil(float(pts[:, 0].max()) + pad)))
    y1 = int(min(h, math.ceil(float(pts[:, 1].max()) + pad)))
    return x0, y0, x1, y1


def upscale(gray: np.ndarray, factor: float) -> np.ndarray:
    if factor <= 1.01:
        return gray
    out: np.ndarray = cv2.resize(gray, None, fx=factor, fy=factor,
                                 interpolation=cv2.INTER_CUBIC)
    return out


def unsharp(gray: np.ndarray, amount: float = 1.5, sigma: float = 2.0) -> np.ndarray:
    soft = cv2.GaussianBlur(gray, (0, 0), sigma)
    out: np.ndarray = cv2.addWeighted(gray, 1.0 + amount, soft, -amount, 0)
    return out


def local_contrast(gray: np.ndarray, clip: float = 3.0, tiles: int = 4) -> np.ndarray:
    """CLAHE over a few tiles of the crop: a washed-out half and a clean half both get a full
    black-to-white range (a global stretch would leave the glare's half grey on white)."""
    out: np.ndarray = cv2.createCLAHE(clipLimit=clip, tileGridSize=(tiles, tiles)).apply(gray)
    return out


# A dim counter (issue 16, clips round): the code's black-to-white step is 15-35 grey levels
# under sensor noise of sigma 8-12, so zxing-cpp's local binarizer thresholds the noise. A 3x3
# median (or mean) cuts the noise two to three times and keeps a module of ~4 px. Measured on
# the settled frames of the dim presentation clips: 70 % of single frames read after either
# (each finds a few the other misses), 30 % upscaled only, 1 % after CLAHE (which stretches the
# noise with the code), and fewer than upscaled only after averaging frames aligned by
# translation: the hand also turns the page by about a degree between frames, a module's
# width at the code's corners, so a translation-only average smears the outer modules.

def median_denoise(gray: np.ndarray) -> np.ndarray:
    out: np.ndarray = cv2.medianBlur(gray, 3)
    return out


def box_denoise(gray: np.ndarray) -> np.ndarray:
    out: np.ndarray = cv2.blur(gray, (3, 3))
    return out


def dim_binarize(gray: np.ndarray, module_px: float) -> np.ndarray:
    """Black and white for a dim code: the 3x3 mean, then a threshold at the mean over ~6
    modules around each pixel, less 2 grey levels (the noise left after the mean is ~3).

    zxing-cpp's own local binarizer takes a block whose grey levels span less than 24 for
    flat (a clean code 20 levels deep is not read at all), and a dim code's step is 15-35:
    here every block gets its own threshold however shallow. Measured on the settled frames
    of the dim presentation clips: 95 % read, against 70 % after the mean alone."""
    block = max(11, round(6 * module_px) | 1)
    out: np.ndarray = cv2.adaptiveThreshold(box_denoise(gray), 255, cv2.ADAPTIVE_THRESH_MEAN_C,
                                            cv2.THRESH_BINARY, block, 2)
    return out


def line_kernel(length: float, angle_deg: float) -> np.ndarray:
    n = max(3, round(length) | 1)
    line = np.zeros((n, n), np.float32)
    line[n // 2, :] = 1.0
    rot = cv2.getRotationMatrix2D((n / 2 - 0.5, n / 2 - 0.5), angle_deg, 1.0)
    kernel = cv2.warpAffine(line, rot, (n, n))
    return kernel / max(float(kernel.sum()), 1e-6)


def blur_direction(gray: np.ndarray) -> tuple[float, float]:
    """(angle of the weakest gradients in degrees, anisotropy 0..1) from the structure tensor.

    Motion blur smears edges along the motion: gradients along it vanish, so the tensor's
    minor axis points along the motion. Defocus weakens all directions alike (anisotropy ~0).
    """
    g = gray.astype(np.float32)
    gx = cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3)
    jxx, jyy, jxy = float((gx * gx).mean()), float((gy * gy).mean()), float((gx * gy).mean())
    tr = jxx + jyy
    if tr <= 1e-6:
        return 0.0, 0.0
    delta = math.sqrt(max(0.0, (jxx - jyy) ** 2 + 4 * jxy * jxy))
    major_angle = 0.5 * math.degrees(math.atan2(2 * jxy, jxx - jyy))
    return (major_angle + 90.0) % 180.0, delta / tr


@functools.lru_cache(maxsize=64)
def _wiener_taps(kind: str, size: float, angle_deg: int, nsr: float, taps: int = 15) -> np.ndarray:
    """The Wiener inverse of a blur kernel as a small spatial filter (computed once per blur,
    on a 64x64 grid, cut to ``taps`` x ``taps``): applying it is one ``filter2D``, ~0.5 ms on
    a 300 px crop, where the frequency-domain filter costs ~10 ms."""
    n = 64
    if kind == "motion":
        kernel = line_kernel(size, -angle_deg)
    else:
        k = int(size * 3) * 2 + 1
        g = cv2.getGaussianKernel(k, size)
        kernel = (g @ g.T).astype(np.float32)
    psf = np.zeros((n, n), np.float32)
    kh, kw = kernel.shape
    psf[:kh, :kw] = kernel
    psf = np.roll(psf, (-(kh // 2), -(kw // 2)), axis=(0, 1))
    otf = np.fft.fft2(psf)
    inverse = np.real(np.fft.ifft2(np.conj(otf) / (np.abs(otf) ** 2 + nsr)))
    inverse = np.fft.fftshift(inverse)
    c, r = n // 2, taps // 2
    cut = inverse[c - r:c + r + 1, c - r:c + r + 1].astype(np.float32)
    cut /= max(float(cut.sum()), 1e-6)  # keep the mean grey level
    return cut


@functools.lru_cache(maxsize=64)
def _separable(kind: str, size: float, angle_deg: int, nsr: float) -> tuple[tuple[np.ndarray, np.ndarray], ...]:
    """The filter as a sum of at most three separable (row, column) pairs, by SVD: a defocus
    inverse is one pair (~0.3 ms), a slanted motion inverse two or three."""
    u, sv, vt = np.linalg.svd(_wiener_taps(kind, size, angle_deg, nsr).astype(np.float64))
    keep = [i for i in range(min(3, len(sv))) if sv[i] > 0.05 * sv[0]]
    return tuple(((vt[i] * sv[i]).astype(np.float32), u[:, i].astype(np.float32)) for i in keep)


def _apply(gray: np.ndarray, pairs: tuple[tuple[np.ndarray, np.ndarray], ...]) -> np.ndarray:
    src = gray.astype(np.float32)
    acc = np.zeros_like(src)
    for row, col in pairs:
        acc += cv2.sepFilter2D(src, cv2.CV_32F, row, col, borderType=cv2.BORDER_REPLICATE)
    return np.clip(acc, 0, 255).astype(np.uint8)


def wiener_motion(gray: np.ndarray, length: float, angle_deg: float,
                  nsr: float = 0.02) -> np.ndarray:
    # The kernel's angle is measured like the footage's (OpenCV's rotation: clockwise in the
    # image, y pointing down), hence the minus sign inside _wiener_taps. Angles in 15° steps.
    return _apply(gray, _separable("motion", float(round(length)),
                                   round(angle_deg / 15.0) * 15 % 180, nsr))


def wiener_defocus(gray: np.ndarray, sigma: float, nsr: float = 0.02) -> np.ndarray:
    return _apply(gray, _separable("defocus", round(sigma * 4) / 4, 0, nsr))


def _centre(img: np.ndarray, side: int) -> np.ndarray:
    h, w = img.shape[:2]
    y, x = max(0, (h - side) // 2), max(0, (w - side) // 2)
    return img[y:y + side, x:x + side]


def align_average(crops: Sequence[np.ndarray], window_px: int = 128) -> np.ndarray:
    """Average same-sized grey crops after aligning each to the last by phase correlation.

    The shift is measured on the central ``window_px`` square only (a power-of-two DFT:
    ~0.3 ms instead of ~10 ms for a whole 300 px crop); the hand's tremor moves the code as a
    whole, so the centre's shift is the crop's."""
    ref = crops[-1].astype(np.float32)
    side = min(window_px, ref.shape[0], ref.shape[1])
    ref_c = np.ascontiguousarray(_centre(ref, side))
    window = cv2.createHanningWindow((ref_c.shape[1], ref_c.shape[0]), cv2.CV_32F)
    acc = ref.copy()
    for crop in crops[:-1]:
        img = crop.astype(np.float32)
        (dx, dy), response = cv2.phaseCorrelate(
            ref_c, np.ascontiguousarray(_centre(img, side)), window)
        if response < 0.05 or abs(dx) > side / 4 or abs(dy) > side / 4:
            acc += ref  # not the same view (the code moved a lot): count the last frame twice
            continue
        shift = np.array([[1, 0, -dx], [0, 1, -dy]], np.float32)
        acc += cv2.warpAffine(img, shift, (ref.shape[1], ref.shape[0]),
                              flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return np.clip(acc / len(crops), 0, 255).astype(np.uint8)


class FrameStack:
    """The same region over the last frames, each aligned once as it arrives (issue 16, second
    round): :func:`align_average` re-aligned every crop at every frame (~5 ms on a 500 px
    region); here a new crop costs one phase correlation and one warp (~0.7 ms) and the
    average is a sum. Crops are aligned to the first crop of the stack (the reference); one
    that does not align (the view changed) starts a new stack."""

    def __init__(self, depth: int = 5, window_px: int = 128) -> None:
        self.depth = depth
        self.window_px = window_px
        self._aligned: list[np.ndarray] = []
        self._ref: np.ndarray | None = None
        self._window: np.ndarray | None = None
        self.shape: tuple[int, ...] | None = None

    def __len__(self) -> int:
        return len(self._aligned)

    def clear(self) -> None:
        self._aligned.clear()
        self._ref = self._window = None
        self.shape = None

    def push(self, crop: np.ndarray) -> None:
        img = crop.astype(np.float32)
        if self._ref is None or crop.shape != self.shape:
            self.clear()
            side = min(self.window_px, img.shape[0], img.shape[1])
            self._ref = np.ascontiguousarray(_centre(img, side))
            self._window = cv2.createHanningWindow((self._ref.shape[1], self._ref.shape[0]),
                                                   cv2.CV_32F)
            self.shape = crop.shape
            self._aligned.append(img)
            return
        side = self._ref.shape[0]
        (dx, dy), response = cv2.phaseCorrelate(
            self._ref, np.ascontiguousarray(_centre(img, min(side, self._ref.shape[1]))),
            self._window)
        if response < 0.05 or abs(dx) > side / 4 or abs(dy) > side / 4:
            self.clear()  # not the same view (the code moved a lot): start again from here
            self.push(crop)
            return
        shift = np.array([[1, 0, -dx], [0, 1, -dy]], np.float32)
        self._aligned.append(cv2.warpAffine(img, shift, (img.shape[1], img.shape[0]),
                                            flags=cv2.INTER_LINEAR,
                                            borderMode=cv2.BORDER_REPLICATE))
        if len(self._aligned) > self.depth:
            del self._aligned[0]

    def average(self) -> np.ndarray:
        acc = self._aligned[0].copy()
        for img in self._aligned[1:]:
            acc += img
        return np.clip(acc / len(self._aligned), 0, 255).astype(np.uint8)
