"""Test images for app.imaging: real portraits in office-like variations, realistic signatures.

Portrait: scikit-image's astronaut photograph (loads offline), with its landmarks measured by
hand on the 512 px original: crown (top of the hair), chin, both eyes. Variations place it on
a larger canvas (scaled, rotated, off-centre, darkened, cluttered) and carry the landmarks
along, so a test can check where the crop put them.

Signature: a cursive pen path (smooth random loops like handwriting, varying pressure) drawn
anti-aliased on paper with a lighting gradient, a soft shadow, paper grain and optionally a
printed signature line and specks; the drawn stroke is the ground truth for the ink mask.
"""

from __future__ import annotations

import io
import math
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np
from PIL import Image
from skimage import data as skdata

Point = tuple[float, float]

ASTRO_CROWN: Point = (225.0, 15.0)
ASTRO_CHIN: Point = (225.0, 165.0)
ASTRO_EYES: tuple[Point, Point] = ((202.0, 101.0), (248.0, 103.0))


@dataclass(frozen=True)
class Portrait:
    rgb: np.ndarray
    crown: Point
    chin: Point
    eyes: tuple[Point, Point]

    @property
    def eye_angle(self) -> float:
        (x1, y1), (x2, y2) = self.eyes
        return math.degrees(math.atan2(y2 - y1, x2 - x1))

    @property
    def face_centre_x(self) -> float:
        return (self.eyes[0][0] + self.eyes[1][0]) / 2


def _apply(m: np.ndarray, p: Point) -> Point:
    return float(m[0, 0] * p[0] + m[0, 1] * p[1] + m[0, 2]), float(m[1, 0] * p[0] + m[1, 1] * p[1] + m[1, 2])


def portrait(scale: float = 3.0, angle: float = 0.0, canvas: tuple[int, int] | None = None,
             offset: tuple[float, float] = (0.0, 0.0), gain: float = 1.0, clutter: bool = False,
             background: tuple[int, int, int] | None = None) -> Portrait:
    """The astronaut scaled by ``scale``, turned by ``angle`` degrees (counter-clockwise on
    screen, as cv2 does), placed on ``canvas`` (w, h) shifted by ``offset`` (pixels)."""
    src = skdata.astronaut()
    cw, ch = canvas or (round(512 * scale), round(512 * scale))
    m = cv2.getRotationMatrix2D((256, 256), angle, scale)
    m[0, 2] += cw / 2 - 256 + offset[0]
    m[1, 2] += ch / 2 - 256 + offset[1]
    # By default the photo's own wall continues beyond its edges (edge pixels repeated), so
    # no artificial edge sits above the hair; ``background`` puts it on a plain colour instead.
    border = cv2.BORDER_CONSTANT if background else cv2.BORDER_REPLICATE
    out = cv2.warpAffine(src, m, (cw, ch), flags=cv2.INTER_CUBIC, borderMode=border,
                         borderValue=background or (0, 0, 0))
    if clutter:
        rng = np.random.default_rng(7)
        for _ in range(25):  # shelves, papers, a plant: shapes around the person
            x, y = int(rng.integers(0, cw)), int(rng.integers(0, ch))
            if abs(x - cw / 2) < cw * 0.3 and y < ch * 0.6:
                continue
            colour = tuple(int(c) for c in rng.integers(0, 255, 3))
            cv2.rectangle(out, (x, y), (x + int(rng.integers(20, cw // 6)), y + int(rng.integers(20, ch // 6))),
                          colour, -1)
    if gain != 1.0:
        out = np.clip(out.astype(np.float32) * gain, 0, 255).astype(np.uint8)
    return Portrait(out, _apply(m, ASTRO_CROWN), _apply(m, ASTRO_CHIN),
                    (_apply(m, ASTRO_EYES[0]), _apply(m, ASTRO_EYES[1])))


def jpeg_bytes(rgb: np.ndarray, quality: int = 90, exif_orientation: int | None = None) -> bytes:
    buf = io.BytesIO()
    im = Image.fromarray(rgb)
    kwargs = {}
    if exif_orientation:
        exif = Image.Exif()
        exif[0x0112] = exif_orientation
        kwargs["exif"] = exif.tobytes()
    im.save(buf, "JPEG", quality=quality, **kwargs)
    return buf.getvalue()


def png_bytes(arr: np.ndarray) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, "PNG")
    return buf.getvalue()


def _pen_path(rng: np.random.Generator, w: int, h: int) -> list[np.ndarray]:
    """Strokes of a cursive signature: loops travelling left to right, a few pen lifts."""
    strokes = []
    x = w * 0.12
    for _ in range(int(rng.integers(2, 4))):
        n = 400
        t = np.linspace(0, 1, n)
        span = w * rng.uniform(0.18, 0.3)
        loops = rng.uniform(3, 6)
        amp = h * rng.uniform(0.18, 0.3)
        xs = x + span * t + 0.35 * span / loops * np.sin(2 * np.pi * loops * t + rng.uniform(0, 6))
        ys = h * 0.5 + amp * np.sin(2 * np.pi * loops * t * rng.uniform(0.9, 1.1)) * (1 - 0.4 * t)
        ys += h * 0.08 * np.sin(2 * np.pi * t * rng.uniform(0.5, 1.5))
        strokes.append(np.stack([xs, ys], axis=1))
        x += span + w * rng.uniform(0.02, 0.06)
    # The final flourish: a long underline-like swoosh.
    t = np.linspace(0, 1, 200)
    xs = w * 0.15 + (x - w * 0.15) * t
    ys = h * 0.72 + h * 0.06 * np.sin(np.pi * t) - h * 0.1 * t
    strokes.append(np.stack([xs, ys], axis=1))
    # Fit the whole signature into the middle 80% of the sheet's width.
    lo = min(float(s[:, 0].min()) for s in strokes)
    hi = max(float(s[:, 0].max()) for s in strokes)
    for s in strokes:
        s[:, 0] = w * 0.1 + (s[:, 0] - lo) * (w * 0.8) / (hi - lo)
    return strokes


@dataclass(frozen=True)
class SignatureSample:
    rgb: np.ndarray
    truth: np.ndarray  # bool: where the pen put ink


def signature_photo(w: int = 1600, h: int = 1000, seed: int = 3, shadow: bool = True,
                    line: bool = False, specks: bool = False, ink_darkness: float = 0.8,
                    ink_rgb: tuple[int, int, int] = (25, 35, 95), gradient: float = 0.45,
                    pen: float = 1.0) -> SignatureSample:
    rng = np.random.default_rng(seed)
    ss = 4  # draw at 4x and area-average down: anti-aliased edges like a real pen
    cover = np.zeros((h * ss, w * ss), np.float32)
    for stroke in _pen_path(rng, w, h):
        pts = stroke * ss
        for i in range(len(pts) - 1):
            speed = np.linalg.norm(pts[i + 1] - pts[i])
            # A 0.5-0.7 mm ballpoint on a ~60 mm signature: strokes ~1% of its width,
            # thinner where the pen moves fast.
            width = max(2, int(ss * pen * (w / 1600) * (11 - min(5.0, speed / (ss * 2)))))
            p0 = tuple(int(v) for v in pts[i])
            p1 = tuple(int(v) for v in pts[i + 1])
            cv2.line(cover, p0, p1, 1.0, width, cv2.LINE_8)
    cover = cv2.resize(cover, (w, h), interpolation=cv2.INTER_AREA)
    truth = cover >= 0.5
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    light = 1.0 - gradient * (xx / w) * 0.8 - gradient * 0.3 * (yy / h)
    if shadow:  # the phone's shadow: a soft dark blob over part of the signature
        blob = np.exp(-(((xx - w * 0.65) / (w * 0.22)) ** 2 + ((yy - h * 0.4) / (h * 0.35)) ** 2))
        light *= 1.0 - 0.45 * blob
    paper = np.array([246, 243, 236], np.float32)
    img = paper[None, None, :] * light[:, :, None]
    ink = np.array(ink_rgb, np.float32)
    mix = cover[:, :, None] * ink_darkness
    img = img * (1 - mix) + (ink[None, None, :] * light[:, :, None]) * mix
    if line:
        y = int(h * 0.78)
        img[y:y + 3, int(w * 0.05):int(w * 0.95)] *= 0.35
    if specks:
        for _ in range(60):
            x, y = int(rng.integers(0, w)), int(rng.integers(0, h))
            cv2.circle(img, (x, y), int(rng.integers(1, 3)), tuple(float(c) * 0.5 for c in paper), -1)
    img += rng.normal(0, 3.0, img.shape)  # sensor noise and paper grain
    out = np.clip(img, 0, 255).astype(np.uint8)
    return SignatureSample(out, truth)


def iou(a: np.ndarray, b: np.ndarray) -> float:
    union = np.logical_or(a, b).sum()
    return float(np.logical_and(a, b).sum() / union) if union else 1.0


def write_bomb_png(path: Path, side: int = 50_000) -> Path:
    """A real, valid side x side PNG (1-bit, all black): ~1.4 MB on disk, 2.5 G pixels."""
    c = zlib.compressobj(1)
    chunk = (b"\x00" * (1 + side // 8)) * 500
    idat = b"".join([c.compress(chunk) for _ in range(side // 500)] + [c.flush()])

    def png_chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", idat)
                     + png_chunk(b"IEND", b""))
    return path
