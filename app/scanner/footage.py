"""Synthetic webcam footage of a printed certificate, for the tests and the benchmark. No Qt.

There is no webcam in CI, so a printed page (a rendered PDF page) is turned into what a
help-desk webcam would see: the page held up at arm's length with the code filling a part of a
1280x720 frame, tilted (perspective), out of focus or moving (blur), lit from one side or with
a glare (uneven light), sensor noise, and JPEG loss. :func:`write_video` stores frames in a
video file (MJPG in .avi: the codec opencv-python-headless can write on every platform we ship,
without an external encoder) that :func:`app.scanner.sources.open_source` plays back like a
camera.

Everything is driven by a ``numpy.random.Generator`` so a seed reproduces the same footage.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import cv2
import numpy as np
import zxingcpp

from app.scanner.decoders import Formats

FRAME_SIZE = (1280, 720)  # width, height: the common webcam resolution

Corners = np.ndarray  # float32 (4, 2): top-left, top-right, bottom-right, bottom-left


@dataclass(frozen=True)
class Degradation:
    """How one frame is spoiled. ``code_px``: side of the code in the frame, in pixels."""

    code_px: float = 220.0
    angle_deg: float = 0.0       # in-plane rotation
    tilt: float = 0.0            # perspective: corner displacement as a fraction of the code side
    defocus_sigma: float = 0.0   # Gaussian blur (out of focus)
    motion_px: float = 0.0       # motion blur length
    motion_angle_deg: float = 0.0
    light_low: float = 1.0       # darkest multiplier of the uneven light (1.0 = even)
    glare: float = 0.0           # strength of a bright spot (0..1)
    noise_sigma: float = 0.0     # sensor noise, grey levels
    jpeg_quality: int = 95
    # Added for the hard-footage conditions (app.scanner.footage_conditions):
    center: tuple[float, float] | None = None  # code centre in the frame (None: random, inside)
    light_high: float = 1.0      # brightest multiplier of the uneven light (dim room: < 1)
    glare_on_code: bool = False  # put the glare spot over the code (a desk lamp's reflection)
    # The perspective's corner offsets (8 numbers in -1..1, times ``tilt``); None: random per
    # frame. Consecutive frames of one held page keep theirs.
    corner_offsets: tuple[float, ...] | None = None


EASY = Degradation(code_px=260, tilt=0.05, defocus_sigma=0.6, light_low=0.85,
                   noise_sigma=2, jpeg_quality=90)


def random_degradation(rng: np.random.Generator, difficulty: float = 0.5) -> Degradation:
    """A plausible random frame; ``difficulty`` 0 (steady, sharp) .. 1 (hard)."""
    d = float(np.clip(difficulty, 0.0, 1.0))
    motion = rng.uniform(0, 9 * d) if rng.random() < 0.5 else 0.0
    return Degradation(
        code_px=rng.uniform(300 - 150 * d, 380 - 120 * d),
        angle_deg=rng.uniform(-25, 25) * (0.3 + d),
        tilt=rng.uniform(0, 0.05 + 0.2 * d),
        defocus_sigma=rng.uniform(0.3, 0.6 + 2.6 * d),
        motion_px=motion,
        motion_angle_deg=rng.uniform(0, 180),
        light_low=rng.uniform(0.85 - 0.5 * d, 1.0),
        glare=rng.uniform(0, 0.7 * d) if rng.random() < 0.4 else 0.0,
        noise_sigma=rng.uniform(1, 3 + 9 * d),
        jpeg_quality=int(rng.uniform(85 - 55 * d, 95)),
    )


def locate_code(page: np.ndarray, formats: Formats | None = None) -> Corners:
    """Corners of the largest code on a clean page (where the warp has to aim).

    ``formats``: zxing-cpp formats to look for (default: QR codes).
    """
    gray = page if page.ndim == 2 else cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    best: Corners | None = None
    best_area = 0.0
    wanted = zxingcpp.BarcodeFormats(formats or (zxingcpp.BarcodeFormat.QRCode,))
    for code in zxingcpp.read_barcodes(gray, formats=wanted):
        p = code.position
        pts = np.array([(q.x, q.y) for q in (p.top_left, p.top_right, p.bottom_right,
                                              p.bottom_left)], np.float32)
        area = float(cv2.contourArea(pts))
        if area < 1.0:  # linear codes report a line: give it the symbol's height
            pts = _thicken(pts, gray.shape[0])
            area = float(cv2.contourArea(pts))
        if area > best_area:
            best, best_area = pts, area
    if best is None:
        raise ValueError("no code on the page to aim the camera at")
    return best


def _thicken(pts: Corners, page_height: int) -> Corners:
    """A linear code's position is the scan line; make it a box 40% as high as it is wide."""
    left, right = pts[:, 0].min(), pts[:, 0].max()
    y = float(pts[:, 1].mean())
    half = max(10.0, (right - left) * 0.2)
    top, bottom = max(0.0, y - half), min(float(page_height - 1), y + half)
    return np.array([(left, top), (right, top), (right, bottom), (left, bottom)], np.float32)


def _background(rng: np.random.Generator, size: tuple[int, int]) -> np.ndarray:
    """A desk or wall behind the page: a smooth random colour field, not a flat colour."""
    w, h = size
    small = rng.uniform(60, 200, (6, 8, 3)).astype(np.float32)
    field = cv2.resize(cv2.resize(small, (160, 90), interpolation=cv2.INTER_CUBIC), (w, h),
                       interpolation=cv2.INTER_LINEAR)
    return np.clip(field, 0, 255).astype(np.uint8)


def _homography(code: Corners, deg: Degradation, rng: np.random.Generator,
                size: tuple[int, int]) -> np.ndarray:
    w, h = size
    side = deg.code_px
    # Centre the code somewhere it fits entirely (an operator aims roughly at the camera).
    margin = side * 0.8
    cx = rng.uniform(margin, max(margin + 1, w - margin))
    cy = rng.uniform(margin, max(margin + 1, h - margin)) if h > 2 * margin else h / 2
    if deg.center is not None:  # drawn anyway, so a seed gives the same footage either way
        cx, cy = deg.center
    a = math.radians(deg.angle_deg)
    # Keep the code's aspect ratio (a linear barcode is wide and flat); its longer side
    # becomes ``code_px``.
    width = float(np.linalg.norm(code[1] - code[0]))
    height = float(np.linalg.norm(code[3] - code[0]))
    scale = side / max(width, height, 1.0)
    square = np.array([(-1, -1), (1, -1), (1, 1), (-1, 1)], np.float32) * (
        np.array([width, height], np.float32) * scale / 2)
    rot = np.array([[math.cos(a), -math.sin(a)], [math.sin(a), math.cos(a)]], np.float32)
    target = square @ rot.T + np.array([cx, cy], np.float32)
    # Perspective: move the corners independently, as a page tilted towards the lens does.
    offsets = rng.uniform(-1, 1, (4, 2)).astype(np.float32)
    if deg.corner_offsets is not None:
        offsets = np.asarray(deg.corner_offsets, np.float32).reshape(4, 2)
    target += offsets * deg.tilt * side
    return cv2.getPerspectiveTransform(code.astype(np.float32), target.astype(np.float32))


def _motion_kernel(length: float, angle_deg: float) -> np.ndarray:
    n = max(3, round(length) | 1)
    line = np.zeros((n, n), np.float32)
    line[n // 2, :] = 1.0
    rot = cv2.getRotationMatrix2D((n / 2 - 0.5, n / 2 - 0.5), angle_deg, 1.0)
    kernel = cv2.warpAffine(line, rot, (n, n))
    return kernel / max(float(kernel.sum()), 1e-6)


def _light(rng: np.random.Generator, deg: Degradation, size: tuple[int, int]) -> np.ndarray:
    """Gain field (computed coarse, then resized: light varies slowly across the frame)."""
    w, h = size
    cw, ch = 160, 90
    yy, xx = np.mgrid[0:ch, 0:cw].astype(np.float32)
    xx, yy = xx * (w / cw), yy * (h / ch)
    direction = rng.uniform(0, 2 * math.pi)
    ramp = (xx / w - 0.5) * math.cos(direction) + (yy / h - 0.5) * math.sin(direction)
    ramp = (ramp - ramp.min()) / max(float(np.ptp(ramp)), 1e-6)
    gain = deg.light_low + (deg.light_high - deg.light_low) * ramp
    if deg.glare > 0 and not deg.glare_on_code:
        gx, gy = rng.uniform(0.2 * w, 0.8 * w), rng.uniform(0.2 * h, 0.8 * h)
        radius = rng.uniform(0.08, 0.2) * w
        gain = gain + deg.glare * np.exp(-((xx - gx) ** 2 + (yy - gy) ** 2) / (2 * radius ** 2))
    field: np.ndarray = cv2.resize(gain.astype(np.float32), (w, h),
                                   interpolation=cv2.INTER_LINEAR)
    return field


def _specular(rng: np.random.Generator, deg: Degradation, size: tuple[int, int],
              centre: np.ndarray) -> np.ndarray:
    """A desk lamp's reflection on glossy paper over the code: light *added* to black and white
    alike (so the modules under it wash out), with a flat-topped core that saturates."""
    w, h = size
    gx = float(centre[0]) + rng.uniform(-0.3, 0.3) * deg.code_px
    gy = float(centre[1]) + rng.uniform(-0.3, 0.3) * deg.code_px
    radius = rng.uniform(0.22, 0.36) * deg.code_px
    yy, xx = np.mgrid[0:h // 4, 0:w // 4].astype(np.float32)
    r2 = ((xx * 4 - gx) ** 2 + (yy * 4 - gy) ** 2) / (2 * radius ** 2)
    spot = np.minimum(1.0, 1.6 * np.exp(-r2)) * deg.glare * 255.0
    field: np.ndarray = cv2.resize(spot, (w, h), interpolation=cv2.INTER_LINEAR)
    return field


def render_frame(page: np.ndarray, code: Corners, deg: Degradation,
                 rng: np.random.Generator, size: tuple[int, int] = FRAME_SIZE) -> np.ndarray:
    """One BGR webcam frame of ``page`` spoiled as ``deg`` says."""
    if page.ndim == 2:
        page = cv2.cvtColor(page, cv2.COLOR_GRAY2BGR)
    w, h = size
    hom = _homography(code, deg, rng, size)
    # The page is drawn over the background; outside it the background stays (transparent).
    frame = _background(rng, size)
    cv2.warpPerspective(page, hom, (w, h), dst=frame, flags=cv2.INTER_LINEAR,
                        borderMode=cv2.BORDER_TRANSPARENT)
    # Optics first (on 8 bits: fast, and a lens sees the scene before the sensor quantises).
    if deg.defocus_sigma > 0:
        frame = cv2.GaussianBlur(frame, (0, 0), deg.defocus_sigma)
    if deg.motion_px >= 2:
        frame = cv2.filter2D(frame, -1, _motion_kernel(deg.motion_px, deg.motion_angle_deg))
    img = cv2.multiply(frame.astype(np.float32), cv2.merge([_light(rng, deg, size)] * 3))
    if deg.glare > 0 and deg.glare_on_code:
        centre = cv2.perspectiveTransform(code.reshape(1, 4, 2).astype(np.float32), hom)[0].mean(0)
        img = cv2.add(img, cv2.merge([_specular(rng, deg, size, centre)] * 3))
    if deg.noise_sigma > 0:
        noise = rng.standard_normal((h, w, 3), dtype=np.float32)
        img = cv2.scaleAdd(noise, float(deg.noise_sigma), img)
    out = np.clip(img, 0, 255).astype(np.uint8)
    ok, jpeg = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, int(deg.jpeg_quality)])
    decoded = cv2.imdecode(jpeg, cv2.IMREAD_COLOR) if ok else None
    return decoded if decoded is not None else out


def clip_frames(page: np.ndarray, count: int, rng: np.random.Generator,
                difficulty: float = 0.4, code: Corners | None = None,
                size: tuple[int, int] = FRAME_SIZE, code_scale: float = 1.0) -> list[np.ndarray]:
    """A short clip: the page is brought into view (moving, blurred), then held fairly still.

    ``code_scale`` enlarges the code (a linear barcode is held closer than a QR code).
    """
    code = locate_code(page) if code is None else code
    frames: list[np.ndarray] = []
    for i in range(count):
        settle = min(1.0, i / max(1, count // 3))  # first third: still moving
        deg = random_degradation(rng, difficulty)
        deg = replace(deg, motion_px=deg.motion_px + (1 - settle) * 14.0,
                      code_px=deg.code_px * code_scale)
        frames.append(render_frame(page, code, deg, rng, size))
    return frames


def blank_frames(count: int, rng: np.random.Generator,
                 size: tuple[int, int] = FRAME_SIZE) -> list[np.ndarray]:
    """The camera looking at the office with nothing held up (must yield no code)."""
    out = []
    for _ in range(count):
        img = _background(rng, size).astype(np.float32)
        img += rng.normal(0, 4, img.shape).astype(np.float32)
        out.append(np.clip(img, 0, 255).astype(np.uint8))
    return out


def write_video(path: Path, frames: Sequence[np.ndarray], fps: float = 10.0) -> Path:
    """MJPG in an .avi container (works in opencv-python-headless without extra codecs)."""
    if not frames:
        raise ValueError("no frames to write")
    h, w = frames[0].shape[:2]
    writer = cv2.VideoWriter(str(path), cv2.VideoWriter.fourcc(*"MJPG"), fps, (w, h))
    if not writer.isOpened():
        raise OSError(f"cannot write video {path}")
    try:
        for frame in frames:
            if frame.ndim == 2:
                frame = cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
            writer.write(frame)
    finally:
        writer.release()
    return path


def qr_page(text: str, module_px: int = 8, error: str = "q",
            page_size: tuple[int, int] = (1654, 2339)) -> np.ndarray:
    """A white A4 page (200 dpi) with one QR code, when no certificate PDF is at hand."""
    import segno

    qr = segno.make(text, error=error, micro=False)
    matrix = np.array([list(row) for row in qr.matrix], np.uint8)
    img = np.where(matrix > 0, 0, 255).astype(np.uint8)
    img = np.pad(img, 4, constant_values=255)
    code = cv2.resize(img, None, fx=module_px, fy=module_px, interpolation=cv2.INTER_NEAREST)
    w, h = page_size
    page = np.full((h, w), 255, np.uint8)
    y, x = int(h * 0.62), int(w * 0.62)
    ch, cw = code.shape
    page[y:y + ch, x:x + cw] = code[: h - y, : w - x]
    # Some print around the code, as on a certificate (text lines the decoder must ignore).
    for row in range(12):
        cv2.line(page, (120, 200 + row * 90), (int(w * 0.55), 200 + row * 90), 40, 14)
    return cv2.cvtColor(page, cv2.COLOR_GRAY2BGR)
