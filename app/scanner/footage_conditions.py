"""Hard webcam footage, labelled with its cause, and 3-second presentation clips. No Qt.

Built on :mod:`app.scanner.footage`. Each :class:`Condition` is one way a real help desk fails
(issue 16): a certificate at arm's length (the QR code 10-15 % of a 1280x720 frame wide, under
3 px per module), motion blur from a moving hand, defocus, a desk lamp's reflection over the
code, a dim room, and the code partly out of the frame. Each carries the *cause* the operator
guidance must name (:mod:`app.scanner.guidance`), so the hints are tested against labels.

:func:`presentation_clip` films what the operator feels: at 30 fps, the certificate enters
from an edge, comes closer, shakes while the hand steadies, then settles. The clip records the
frame where the code first appears, so a benchmark can time the verdict from there.

Every function takes a ``numpy.random.Generator``: a seed reproduces the same footage.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from app.scanner.footage import FRAME_SIZE, Corners, Degradation, _background, render_frame

# The causes the guidance names (see app.scanner.guidance.CAUSES); None: nothing to say.
TOO_SMALL, BLUR, GLARE, DIM, OFF_FRAME = "too_small", "blur", "glare", "dim", "off_frame"


@dataclass(frozen=True)
class Condition:
    """A kind of hard frame: its name, the cause an operator should be told, how to spoil."""

    name: str
    cause: str | None
    make: Callable[[np.random.Generator], Degradation]
    readable: bool = True  # could a person with a phone read it (off-frame codes: no)


def _base(rng: np.random.Generator, side: tuple[float, float] = (230, 330)) -> Degradation:
    """A steady, sharp, evenly lit frame of a certificate held at a usual distance."""
    return Degradation(code_px=rng.uniform(*side), angle_deg=rng.uniform(-15, 15),
                       tilt=rng.uniform(0, 0.08), defocus_sigma=rng.uniform(0.3, 0.7),
                       light_low=rng.uniform(0.8, 1.0), noise_sigma=rng.uniform(1, 3),
                       jpeg_quality=int(rng.uniform(80, 95)))


def _small(rng: np.random.Generator) -> Degradation:
    # 10-15 % of the frame's width: 128-192 px for a version-14 code (73 modules + quiet
    # zone) is 1.6-2.4 px per module, below what a binarizer at full resolution resolves.
    return replace(_base(rng, (115, 170)), defocus_sigma=rng.uniform(0.8, 1.2),
                   noise_sigma=rng.uniform(2, 5), jpeg_quality=int(rng.uniform(70, 88)))


def _motion(rng: np.random.Generator) -> Degradation:
    return replace(_base(rng), motion_px=rng.uniform(7, 13), motion_angle_deg=rng.uniform(0, 180))


def _defocus(rng: np.random.Generator) -> Degradation:
    return replace(_base(rng), defocus_sigma=rng.uniform(2.0, 3.0))


def _glare(rng: np.random.Generator) -> Degradation:
    return replace(_base(rng), glare=rng.uniform(0.9, 1.2), glare_on_code=True)


def _dim(rng: np.random.Generator) -> Degradation:
    # A dark corner of the counter: the sensor sees a fifth of the light and amplifies noise.
    low = rng.uniform(0.06, 0.1)
    return replace(_base(rng), light_low=low, light_high=low + rng.uniform(0.02, 0.05),
                   noise_sigma=rng.uniform(8, 12), jpeg_quality=int(rng.uniform(60, 85)))


def _off_frame(rng: np.random.Generator) -> Degradation:
    d = _base(rng)
    w, h = FRAME_SIZE
    # A quarter to a half of the code beyond one edge of the frame.
    out = rng.uniform(0.25, 0.5) * d.code_px
    edge = int(rng.integers(4))
    along = rng.uniform(0.3, 0.7)
    centre = [(d.code_px / 2 - out, along * h), (w - d.code_px / 2 + out, along * h),
              (along * w, d.code_px / 2 - out), (along * w, h - d.code_px / 2 + out)][edge]
    return replace(d, angle_deg=rng.uniform(-5, 5), center=(float(centre[0]), float(centre[1])))


CLEAR = Condition("clear", None, _base)
CONDITIONS: tuple[Condition, ...] = (
    CLEAR,
    Condition("small", TOO_SMALL, _small),
    Condition("motion", BLUR, _motion),
    Condition("defocus", BLUR, _defocus),
    Condition("glare", GLARE, _glare),
    Condition("dim", DIM, _dim),
    Condition("off_frame", OFF_FRAME, _off_frame, readable=False),
)
HARD = tuple(c for c in CONDITIONS if c.readable and c.cause is not None)


def condition(name: str) -> Condition:
    for c in CONDITIONS:
        if c.name == name:
            return c
    raise KeyError(name)


def condition_frames(page: np.ndarray, code: Corners, cond: Condition, count: int,
                     rng: np.random.Generator, burst: int = 8) -> list[np.ndarray]:
    """``count`` frames of one condition, in bursts of ``burst`` consecutive frames of one
    pose (a webcam sees a held certificate in many frames in a row): the hand trembles a few
    pixels, the sensor noise is new in every frame, the condition's spoiling stays."""
    frames: list[np.ndarray] = []
    w, h = FRAME_SIZE
    while len(frames) < count:
        deg = cond.make(rng)
        if deg.center is None:
            m = deg.code_px * 0.8
            deg = replace(deg, center=(rng.uniform(m, w - m), rng.uniform(m, max(m + 1, h - m))))
        cx, cy = deg.center or (w / 2, h / 2)
        deg = replace(deg, corner_offsets=tuple(float(v) for v in rng.uniform(-1, 1, 8)))
        for _ in range(min(burst, count - len(frames))):
            jitter = rng.normal(0, 1.5, 2)
            frames.append(render_frame(page, code, replace(
                deg, center=(cx + float(jitter[0]), cy + float(jitter[1])),
                angle_deg=deg.angle_deg + float(rng.normal(0, 0.3))), rng))
    return frames


# -- presentation clips -----------------------------------------------------------------------

@dataclass(frozen=True)
class Clip:
    """A presentation at ``fps``: frames, the first frame showing part of the code, its kind."""

    frames: list[np.ndarray]
    first_visible: int
    fps: float
    kind: str           # "steady", "small", "dim", "glare", "shaky"
    readable: bool = True


CLIP_KINDS = ("steady", "small", "dim", "glare", "shaky")


def _ease(t: float) -> float:
    return 0.5 - 0.5 * math.cos(math.pi * min(1.0, max(0.0, t)))


def presentation_clip(page: np.ndarray, code: Corners, rng: np.random.Generator,
                      kind: str = "steady", seconds: float = 3.0, fps: float = 30.0,
                      blank: int = 3) -> Clip:
    """A certificate brought into view: approach (0.5 s, from an edge, growing), shake (0.4 s,
    large motion), settle (the rest: small tremor). ``kind`` adds a hard condition to the whole
    clip (small: held at arm's length; dim; glare; shaky: the hand never quite stops).
    ``blank`` frames of the empty counter come first."""
    w, h = FRAME_SIZE
    n = round(seconds * fps)
    final = {"small": rng.uniform(150, 200)}.get(kind, rng.uniform(240, 330))
    target = (rng.uniform(0.35, 0.65) * w, rng.uniform(0.4, 0.6) * h)
    side = int(rng.integers(4))
    start = [(-final, target[1]), (w + final, target[1]), (target[0], -final),
             (target[0], h + final)][side]
    approach, shake = round(0.5 * fps), round(0.4 * fps)
    settle_tremor = 4.0 if kind == "shaky" else 1.2
    frames: list[np.ndarray] = []
    first_visible = -1
    prev = np.array(start, np.float64)
    angle = rng.uniform(-12, 12)
    offsets = tuple(float(v) for v in rng.uniform(-1, 1, 8))
    for i in range(n):
        k = i - blank
        if k < 0:
            frames.append(_background(rng, FRAME_SIZE))
            continue
        if k < approach:
            t = _ease(k / approach)
            pos = np.array(start) * (1 - t) + np.array(target) * t
            px = final * (0.55 + 0.45 * t)
        elif k < approach + shake:
            pos = np.array(target) + rng.normal(0, 10, 2)
            px = final
        else:
            pos = np.array(target) + rng.normal(0, settle_tremor, 2)
            px = final
        speed = float(np.linalg.norm(pos - prev))  # px per frame = blur length (shutter ~1/30)
        direction = math.degrees(math.atan2(pos[1] - prev[1], pos[0] - prev[0]))
        prev = pos
        deg = replace(_clip_base(rng, kind), code_px=px, center=(float(pos[0]), float(pos[1])),
                      angle_deg=angle + rng.normal(0, 1.0), corner_offsets=offsets,
                      motion_px=min(speed * 0.6, 40.0), motion_angle_deg=direction)
        if first_visible < 0 and _visible(pos, px):
            first_visible = i
        frames.append(render_frame(page, code, deg, rng))
    return Clip(frames, max(first_visible, 0), fps, kind)


def _clip_base(rng: np.random.Generator, kind: str) -> Degradation:
    d = _base(rng)
    if kind == "dim":
        return replace(_dim(rng), code_px=d.code_px)
    if kind == "glare":
        return replace(d, glare=rng.uniform(0.4, 0.7), glare_on_code=True)
    return d


def _visible(centre: np.ndarray, side: float) -> bool:
    w, h = FRAME_SIZE
    half = side / 2
    return bool(centre[0] + half > 0 and centre[0] - half < w and centre[1] + half > 0
                and centre[1] - half < h)
