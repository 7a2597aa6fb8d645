"""The crop frame of an ID photo: where it sits on the source image, and rendering through it.

A :class:`CropFrame` is a rectangle locked to the output's aspect ratio (25:35 for the 1-inch
photo), placed on the source image by its centre, its height in source pixels and its rotation.
The automatic crop proposes one; the cropper dialog lets the clerk move, zoom and rotate it;
:func:`render` turns any frame into the output pixels. Landmarks (eyes, crown, chin) map into
the output through :meth:`CropFrame.to_output`, which is how tests and the UI measure a crop.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import cv2
import numpy as np

Point = tuple[float, float]

PHOTO_WIDTH, PHOTO_HEIGHT, PHOTO_DPI = 295, 413, 300  # 25 x 35 mm at 300 dpi


@dataclass(frozen=True)
class PhotoSpec:
    """Where the head goes in the 1-inch photo (fractions of the output height).

    Crown to chin about two thirds of the height; the crown a small margin below the top
    edge (~2.5 mm); the face centred left-right; the eyes level.
    """

    width: int = PHOTO_WIDTH
    height: int = PHOTO_HEIGHT
    dpi: int = PHOTO_DPI
    head_ratio: float = 0.667
    head_ratio_range: tuple[float, float] = (0.60, 0.74)
    crown_margin: float = 0.07
    crown_margin_range: tuple[float, float] = (0.02, 0.13)
    max_centre_offset: float = 0.06  # of the width
    max_angle: float = 2.0  # degrees left between the eye line and the frame

    @property
    def aspect(self) -> float:
        return self.width / self.height


SPEC = PhotoSpec()


@dataclass(frozen=True)
class CropFrame:
    """Centre (cx, cy) and height in source pixels; angle in degrees (the frame's x axis is
    turned by ``angle`` clockwise on screen, i.e. towards +y, like the eye line it follows)."""

    cx: float
    cy: float
    height: float
    angle: float = 0.0
    aspect: float = SPEC.aspect

    @property
    def width(self) -> float:
        return self.height * self.aspect

    def axes(self) -> tuple[Point, Point]:
        a = math.radians(self.angle)
        return (math.cos(a), math.sin(a)), (-math.sin(a), math.cos(a))

    def corners(self) -> list[Point]:
        (ux, uy), (vx, vy) = self.axes()
        hw, hh = self.width / 2, self.height / 2
        return [(self.cx + sx * hw * ux + sy * hh * vx, self.cy + sx * hw * uy + sy * hh * vy)
                for sx, sy in ((-1, -1), (1, -1), (1, 1), (-1, 1))]

    def output_to_source(self, out_w: int, out_h: int) -> np.ndarray:
        """2x3 affine matrix taking output pixel coordinates to source coordinates."""
        s = self.height / out_h
        (ux, uy), (vx, vy) = self.axes()
        ox, oy = out_w / 2 - 0.5, out_h / 2 - 0.5
        tx = self.cx - ox * s * ux - oy * s * vx
        ty = self.cy - ox * s * uy - oy * s * vy
        return np.array([[s * ux, s * vx, tx], [s * uy, s * vy, ty]], dtype=np.float64)

    def to_output(self, p: Point, out_w: int = PHOTO_WIDTH, out_h: int = PHOTO_HEIGHT) -> Point:
        m = cv2.invertAffineTransform(self.output_to_source(out_w, out_h))
        return (float(m[0, 0] * p[0] + m[0, 1] * p[1] + m[0, 2]),
                float(m[1, 0] * p[0] + m[1, 1] * p[1] + m[1, 2]))

    def moved(self, dx: float, dy: float) -> CropFrame:
        return replace(self, cx=self.cx + dx, cy=self.cy + dy)

    def zoomed(self, factor: float) -> CropFrame:
        return replace(self, height=max(8.0, self.height * factor))

    def rotated(self, degrees: float) -> CropFrame:
        return replace(self, angle=self.angle + degrees)

    def outside_fraction(self, image_w: int, image_h: int) -> float:
        """Share of the frame's area that lies outside the image (filled when rendered)."""
        m = self.output_to_source(40, round(40 / self.aspect))
        ys, xs = np.mgrid[0:round(40 / self.aspect), 0:40]
        sx = m[0, 0] * xs + m[0, 1] * ys + m[0, 2]
        sy = m[1, 0] * xs + m[1, 1] * ys + m[1, 2]
        outside = (sx < 0) | (sy < 0) | (sx > image_w - 1) | (sy > image_h - 1)
        return float(outside.mean())


def default_frame(image_w: int, image_h: int, aspect: float = SPEC.aspect) -> CropFrame:
    """The largest upright frame centred on the image (when no face guides the crop)."""
    height = min(image_h, image_w / aspect) * 0.95
    return CropFrame(image_w / 2, image_h / 2, height, 0.0, aspect)


def render(rgb: np.ndarray, frame: CropFrame, out_w: int, out_h: int,
           fill: tuple[int, int, int] = (255, 255, 255)) -> np.ndarray:
    """Output pixels seen through ``frame``; parts outside the image take ``fill``.

    Large reductions are done in two steps (area-average to ~1.5x, then the rotated warp),
    since a warp alone samples only a few source pixels per output pixel and aliases hair and
    fabric into moiré.
    """
    s = frame.height / out_h
    src, fr = rgb, frame
    if s > 1.5:
        corners = np.array(frame.corners())
        x0, y0 = np.floor(corners.min(axis=0)).astype(int) - 2
        x1, y1 = np.ceil(corners.max(axis=0)).astype(int) + 2
        h, w = rgb.shape[:2]
        cx0, cy0, cx1, cy1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
        if cx1 > cx0 and cy1 > cy0:
            k = 1.5 / s
            part = rgb[cy0:cy1, cx0:cx1]
            size = (max(1, round(part.shape[1] * k)), max(1, round(part.shape[0] * k)))
            src = cv2.resize(part, size, interpolation=cv2.INTER_AREA)
            kx, ky = size[0] / part.shape[1], size[1] / part.shape[0]
            fr = CropFrame((frame.cx - cx0 + 0.5) * kx - 0.5, (frame.cy - cy0 + 0.5) * ky - 0.5,
                           frame.height * ky, frame.angle, frame.aspect)
    m = fr.output_to_source(out_w, out_h)
    return cv2.warpAffine(src, m, (out_w, out_h), flags=cv2.INTER_CUBIC | cv2.WARP_INVERSE_MAP,
                          borderMode=cv2.BORDER_CONSTANT, borderValue=fill)


@dataclass(frozen=True)
class FrameGeometry:
    """How a frame places the head, in the output's terms (what the photo rules talk about)."""

    head_ratio: float  # crown-to-chin / output height
    crown_margin: float  # crown below the top edge / output height
    centre_offset: float  # face centre left(-)/right(+) of the middle / output width
    eye_angle: float  # degrees the eye line is still tilted in the output

    def deviations(self, spec: PhotoSpec = SPEC) -> list[str]:
        """Problem codes for a frame placed outside the photo rules (e.g. by hand)."""
        out = []
        lo, hi = spec.head_ratio_range
        if self.head_ratio < lo:
            out.append("photo_head_too_small_in_frame")
        elif self.head_ratio > hi:
            out.append("photo_head_too_big_in_frame")
        lo, hi = spec.crown_margin_range
        if not lo <= self.crown_margin <= hi:
            out.append("photo_crown_margin")
        if abs(self.centre_offset) > spec.max_centre_offset:
            out.append("photo_face_off_centre")
        if abs(self.eye_angle) > spec.max_angle:
            out.append("photo_eyes_not_level")
        return out


def measure(frame: CropFrame, crown: Point, chin: Point, face_centre: Point,
            eyes: tuple[Point, Point] | None, spec: PhotoSpec = SPEC) -> FrameGeometry:
    w, h = spec.width, spec.height
    cr, ch = frame.to_output(crown, w, h), frame.to_output(chin, w, h)
    fc = frame.to_output(face_centre, w, h)
    angle = 0.0
    if eyes is not None:
        (x1, y1), (x2, y2) = (frame.to_output(e, w, h) for e in eyes)
        angle = math.degrees(math.atan2(y2 - y1, x2 - x1))
    return FrameGeometry(head_ratio=(ch[1] - cr[1]) / h, crown_margin=(cr[1] + 0.5) / h,
                         centre_offset=(fc[0] + 0.5 - w / 2) / w, eye_angle=angle)
