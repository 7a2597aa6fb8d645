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
- :func:`local_contrast`: CLAHE, for a lamp's reflection or a dim counter;
- :func:`align_average`: the same region over the last frames, aligned by phase correlation
  and averaged: sensor noise falls with the square root of the frame count.
"""

from __future__ import annotations

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


def _wiener(gray: np.ndarray, kernel: np.ndarray, nsr: float) -> np.ndarray:
    """Wiener deconvolution in the frequency domain (edges tapered to avoid ringing)."""
    h, w = gray.shape
    fh, fw = cv2.getOptimalDFTSize(h), cv2.getOptimalDFTSize(w)
    img = np.zeros((fh, fw), np.float32)
    img[:h, :w] = gray
    if fh > h:
        img[h:, :w] = gray[h - 1:h, :]
    if fw > w:
        img[:, w:] = img[:, w - 1:w]
    psf = np.zeros((fh, fw), np.float32)
    kh, kw = kernel.shape
    psf[:kh, :kw] = kernel
    psf = np.roll(psf, (-(kh // 2), -(kw // 2)), axis=(0, 1))
    big = cv2.dft(img, flags=cv2.DFT_COMPLEX_OUTPUT)
    otf = cv2.dft(psf, flags=cv2.DFT_COMPLEX_OUTPUT)
    denom = otf[..., 0] ** 2 + otf[..., 1] ** 2 + nsr
    # conj(H) / (|H|^2 + nsr) * G
    re = (otf[..., 0] * big[..., 0] + otf[..., 1] * big[..., 1]) / denom
    im = (otf[..., 0] * big[..., 1] - otf[..., 1] * big[..., 0]) / denom
    out = cv2.idft(np.dstack([re, im]).astype(np.float32),
                   flags=cv2.DFT_REAL_OUTPUT | cv2.DFT_SCALE)[:h, :w]
    return np.clip(out, 0, 255).astype(np.uint8)


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


def wiener_motion(gray: np.ndarray, length: float, angle_deg: float,
                  nsr: float = 0.02) -> np.ndarray:
    # The kernel's angle is measured like the footage's (OpenCV's rotation: clockwise in the
    # image, y pointing down), hence the minus sign.
    return _wiener(gray, line_kernel(length, -angle_deg), nsr)


def wiener_defocus(gray: np.ndarray, sigma: float, nsr: float = 0.02) -> np.ndarray:
    n = int(sigma * 3) * 2 + 1
    g = cv2.getGaussianKernel(n, sigma)
    return _wiener(gray, (g @ g.T).astype(np.float32), nsr)


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
            img = ref  # not the same view (the code moved a lot): count the last frame twice
        else:
            shift = np.float32([[1, 0, -dx], [0, 1, -dy]])
            img = cv2.warpAffine(img, shift, (ref.shape[1], ref.shape[0]),
                                 flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        acc += img
    return np.clip(acc / len(crops), 0, 255).astype(np.uint8)
