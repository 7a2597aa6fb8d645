"""The automatic 1-inch ID photo: find the face, place the head by the rules, say what is wrong.

:func:`analyse` looks at a loaded image and proposes a :class:`~app.imaging.frame.CropFrame`
(crown to chin two thirds of the height, crown a small margin below the top, face centred,
eye line level), together with the problems a clerk must know about, as codes
(``resources/messages/errors.toml`` has the sentences). :func:`make_photo` renders a frame,
optionally whitens a plain light background, and encodes the JPEG inside the office's byte
range. :func:`auto_crop` chains load -> analyse -> make for the CLI and the dialog.

Head geometry: OpenCV's face box is a detector artefact, not an anatomical measure, so the
vertical model hangs off the eye line (found far more precisely): chin ~0.70 face-box widths
below the eyes, crown ~0.85 above (calibrated on scikit-image's astronaut portrait, whose crown,
eyes and chin were measured by hand). The crown is then looked for in the image itself - where
hair meets a plain background - since hair volume varies more than any model.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import cv2
import numpy as np

from app.imaging import faces
from app.imaging.background import BackgroundCheck, check_background, whiten_background
from app.imaging.encoding import encode_jpeg_in_range
from app.imaging.frame import SPEC, CropFrame, PhotoSpec, default_frame, measure, render
from app.imaging.loading import DEFAULT_MAX_PIXELS, LoadedImage, load_image

Point = tuple[float, float]

CHIN_BELOW_EYES = 0.70  # face-box widths
CROWN_ABOVE_EYES = 0.85
EYES_BELOW_BOX_TOP = 0.36  # fallback when the eyes are not found
EYES_PER_FACE_WIDTH = 0.47  # pupil distance / face-box width (astronaut: 46 px / 97 px)
MIN_HEAD_PX = 165  # source pixels crown-to-chin; below this the crop is upscaled > 1.7x
TILT_WARNING = 10.0  # degrees
DARK_FACE, BRIGHT_FACE, CLIPPED_SHARE = 70.0, 225.0, 0.30
SHARPNESS_MIN = 0.055  # Laplacian energy / contrast of the face at 120 px width (see tests)
LOAD_LONG_SIDE = 2000  # decode JPEGs reduced to this; a face at that size still fills the crop

BLOCKING = frozenset({"photo_no_face", "photo_several_faces", "photo_face_too_small"})


@dataclass(frozen=True)
class Problem:
    code: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def blocking(self) -> bool:
        return self.code in BLOCKING


@dataclass(frozen=True)
class Head:
    """Landmarks in source-image coordinates."""

    face_box: tuple[int, int, int, int]
    eyes: tuple[Point, Point] | None
    eye_mid: Point
    angle: float  # eye line, degrees (0 = level; positive = the right eye lower)
    crown: Point
    chin: Point
    crown_found_in_image: bool

    @property
    def centre(self) -> Point:
        return (self.crown[0] + self.chin[0]) / 2, (self.crown[1] + self.chin[1]) / 2

    @property
    def height(self) -> float:
        return math.dist(self.crown, self.chin)


@dataclass(frozen=True)
class PhotoAnalysis:
    image_size: tuple[int, int]
    faces: tuple[tuple[int, int, int, int], ...]
    head: Head | None
    frame: CropFrame
    problems: tuple[Problem, ...]
    brightness: float | None = None
    sharpness: float | None = None
    scale: float = 1.0  # analysed pixels per source pixel (big JPEGs are decoded reduced)

    @property
    def usable(self) -> bool:
        return not any(p.blocking for p in self.problems)

    @property
    def codes(self) -> list[str]:
        return [p.code for p in self.problems]


@dataclass(frozen=True)
class PhotoResult:
    analysis: PhotoAnalysis
    frame: CropFrame
    pixels: np.ndarray  # 413 x 295 x 3 RGB
    jpeg: bytes
    quality: int
    background: BackgroundCheck
    problems: tuple[Problem, ...]  # analysis problems + background + size, for this frame
    whitened: bool

    @property
    def usable(self) -> bool:
        return not any(p.blocking for p in self.problems)


def _axes(angle: float) -> tuple[np.ndarray, np.ndarray]:
    a = math.radians(angle)
    return np.array([math.cos(a), math.sin(a)]), np.array([-math.sin(a), math.cos(a)])


def _levelled_patch(rgb: np.ndarray, origin: Point, angle: float, unit: float,
                    u_range: tuple[float, float], v_range: tuple[float, float],
                    px_per_unit: float) -> tuple[np.ndarray, np.ndarray]:
    """Sample the image in head coordinates (u along the eye line, v down, in face widths).

    Returns the patch and a mask of samples that fell inside the image.
    """
    ex, ey = _axes(angle)
    w = max(2, round((u_range[1] - u_range[0]) * px_per_unit))
    h = max(2, round((v_range[1] - v_range[0]) * px_per_unit))
    s = unit / px_per_unit
    start = np.asarray(origin) + u_range[0] * unit * ex + v_range[0] * unit * ey
    m = np.array([[s * ex[0], s * ey[0], start[0]], [s * ex[1], s * ey[1], start[1]]])
    flags = cv2.INTER_LINEAR | cv2.WARP_INVERSE_MAP
    patch = cv2.warpAffine(rgb, m, (w, h), flags=flags, borderMode=cv2.BORDER_REPLICATE)
    inside = cv2.warpAffine(np.full(rgb.shape[:2], 255, np.uint8), m, (w, h), flags=flags,
                            borderMode=cv2.BORDER_CONSTANT, borderValue=0)
    return patch, inside > 127


def _find_crown(rgb: np.ndarray, eye_mid: Point, angle: float, unit: float) -> float | None:
    """Crown height above the eyes (in face widths) where hair meets a plain background."""
    top_v = -1.6
    patch, inside = _levelled_patch(rgb, eye_mid, angle, unit, (-0.9, 0.9), (top_v, -0.3), 60)
    lab = cv2.cvtColor(patch, cv2.COLOR_RGB2LAB).astype(np.float32)
    # Reference: the first rows that lie inside the image (background, unless hair fills them).
    full_rows = np.nonzero(inside.mean(axis=1) > 0.9)[0]
    if len(full_rows) == 0:
        return None
    r0 = int(full_rows[0])
    strip = slice(r0, r0 + 6)
    ref = lab[strip][inside[strip]]
    bg, spread = np.median(ref, axis=0), float(np.std(ref[:, 0]))
    if spread > 18:
        return None  # a busy background: the model is safer than a guess
    dist = np.linalg.norm(lab - bg, axis=2)
    thresh = max(22.0, 4.0 * spread)
    centre = slice(round(0.6 * 60), round(1.2 * 60))  # u in [-0.3, 0.3]
    rows = (dist[r0:, centre] > thresh).mean(axis=1)
    hits = np.convolve(rows > 0.45, np.ones(4), "valid") == 4
    idx = int(np.argmax(hits)) if hits.any() else -1
    if idx <= 6:  # no boundary, or the hair already fills the reference strip
        return None
    idx += r0
    return -(top_v + idx / 60.0)


def _head(rgb: np.ndarray, gray: np.ndarray, hit: faces.FaceHit) -> Head:
    x, y, w, h = hit.box
    if hit.eyes is not None:
        (x1, y1), (x2, y2) = hit.eyes
        eye_mid: Point = ((x1 + x2) / 2, (y1 + y2) / 2)
        angle = hit.eye_angle or 0.0
    else:
        eye_mid, angle = (x + w / 2, y + EYES_BELOW_BOX_TOP * h), 0.0
    ex, ey = _axes(angle)
    # The unit of the head model: the face width. The eyes measure it more steadily than the
    # detector's box, whose size jumps with the scale step it was found at.
    unit = float(w)
    if hit.eyes is not None:
        ipd = math.dist(*hit.eyes)
        if 0.3 * w < ipd < 0.7 * w:
            unit = ipd / EYES_PER_FACE_WIDTH
    crown_up = _find_crown(rgb, eye_mid, angle, unit)
    found = crown_up is not None and 0.55 <= crown_up <= 1.3
    up = crown_up if found and crown_up is not None else CROWN_ABOVE_EYES
    mid = np.asarray(eye_mid)
    # Horizontally the head is centred on the eyes (frontal photo), else on the face box.
    u0 = 0.0 if hit.eyes is not None else float((np.array([x + w / 2, y + h / 2]) - mid) @ ex)
    crown = mid + u0 * ex - up * unit * ey
    chin = mid + u0 * ex + CHIN_BELOW_EYES * unit * ey
    return Head(hit.box, hit.eyes, eye_mid, angle, (float(crown[0]), float(crown[1])),
                (float(chin[0]), float(chin[1])), found)


def frame_for(head: Head, spec: PhotoSpec = SPEC) -> CropFrame:
    """The frame that puts ``head`` where the rules want it."""
    height = head.height / spec.head_ratio
    _ex, ey = _axes(head.angle)
    crown = np.asarray(head.crown)
    centre = crown + (-spec.crown_margin * height + height / 2) * ey
    return CropFrame(float(centre[0]), float(centre[1]), height, head.angle, spec.aspect)


def _face_stats(rgb: np.ndarray, head: Head) -> tuple[float, float, float]:
    """Mean brightness, share of clipped pixels and sharpness of the face (eyes to mouth)."""
    w = head.face_box[2]
    patch, _ = _levelled_patch(rgb, head.eye_mid, head.angle, w, (-0.35, 0.35), (-0.2, 0.5), 120 / 0.7)
    gray = cv2.cvtColor(patch, cv2.COLOR_RGB2GRAY).astype(np.float32)
    brightness = float(gray.mean())
    clipped = float((gray >= 250).mean())
    contrast = float(gray.std()) + 1.0
    lap = cv2.Laplacian(cv2.GaussianBlur(gray, (3, 3), 0), cv2.CV_32F)
    sharpness = float(np.sqrt(np.mean(lap**2))) / contrast
    return brightness, clipped, sharpness


def analyse(image: LoadedImage, spec: PhotoSpec = SPEC) -> PhotoAnalysis:
    rgb = image.rgb
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    hits = faces.detect(gray)
    if not hits:
        hits = _detect_tilted(gray)
    if not hits:
        # Small faces are not worth a crop, but "face too small" helps more than "no face".
        # Stricter (more neighbours): small-scale searches find faces in coffee cups otherwise.
        hits = faces.detect(gray, min_fraction=0.03, side=1000, neighbours=7)
    size = image.size
    boxes = tuple(h.box for h in hits)
    if not hits:
        return PhotoAnalysis(size, boxes, None, default_frame(*size, aspect=spec.aspect),
                             (Problem("photo_no_face"),), scale=image.scale)
    main = hits[0]
    problems: list[Problem] = []
    rivals = [h for h in hits[1:] if h.box[2] >= 0.6 * main.box[2]]
    if rivals:
        problems.append(Problem("photo_several_faces", {"count": len(rivals) + 1}))
    head = _head(rgb, gray, main)
    frame = frame_for(head, spec)
    head_px = head.height  # pixels of the decoded image: what the crop is rendered from
    if head_px < MIN_HEAD_PX:
        problems.append(Problem("photo_face_too_small", {"pixels": round(head_px),
                                                         "needed": MIN_HEAD_PX}))
    brightness, clipped, sharpness = _face_stats(rgb, head)
    if brightness < DARK_FACE:
        problems.append(Problem("photo_too_dark"))
    elif brightness > BRIGHT_FACE or clipped > CLIPPED_SHARE:
        problems.append(Problem("photo_overexposed"))
    if sharpness < SHARPNESS_MIN and brightness >= DARK_FACE:
        problems.append(Problem("photo_blurred"))
    if head.eyes is None:
        problems.append(Problem("photo_eyes_not_found"))
    elif abs(head.angle) > TILT_WARNING:
        problems.append(Problem("photo_head_tilted", {"angle": round(head.angle)}))
    if frame.outside_fraction(*size) > 0.02:
        problems.append(Problem("photo_frame_padded"))
    return PhotoAnalysis(size, boxes, head, frame, tuple(problems), brightness, sharpness,
                         image.scale)


def _detect_tilted(gray: np.ndarray) -> list[faces.FaceHit]:
    """Faces tilted beyond the cascade's tolerance (~15 degrees): look in turned copies.

    Only small turns: a whole-image 90/180-degree search finds faces in coffee cups. Pictures
    lying on their side get their EXIF turn on loading, or the clerk turns them in the dialog.
    """
    h, w = gray.shape[:2]
    for angle in (20.0, -20.0):
        m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
        turned = cv2.warpAffine(gray, m, (w, h), borderMode=cv2.BORDER_REPLICATE)
        hits = faces.detect(turned)
        if not hits:
            continue
        back = cv2.invertAffineTransform(m)

        def undo(p: Point, back: np.ndarray = back) -> Point:
            return (float(back[0, 0] * p[0] + back[0, 1] * p[1] + back[0, 2]),
                    float(back[1, 0] * p[0] + back[1, 1] * p[1] + back[1, 2]))

        out = []
        for hit in hits:
            bx, by, bw, bh = hit.box
            cx, cy = undo((bx + bw / 2, by + bh / 2))
            box = (round(cx - bw / 2), round(cy - bh / 2), bw, bh)
            eyes = (undo(hit.eyes[0]), undo(hit.eyes[1])) if hit.eyes else None
            if eyes is None:  # without eyes the turn is still known: synthesize the eye line
                ex, _ = _axes(-angle)
                d = 0.2 * bw
                eyes = ((cx - d * ex[0], cy - 0.14 * bh - d * ex[1]),
                        (cx + d * ex[0], cy - 0.14 * bh + d * ex[1]))
            out.append(faces.FaceHit(box, eyes))
        return out
    return []


def make_photo(image: LoadedImage, analysis: PhotoAnalysis, frame: CropFrame | None = None, *,
               whiten: bool = False, min_bytes: int = 10 * 1024, max_bytes: int = 60 * 1024,
               spec: PhotoSpec = SPEC) -> PhotoResult:
    """Render ``frame`` (default: the automatic one), check the background, encode the JPEG."""
    frame = frame or analysis.frame
    problems = list(analysis.problems)
    head = analysis.head
    fill = (255, 255, 255)
    pixels = render(image.rgb, frame, spec.width, spec.height, fill)
    head_box = None
    if head is not None:
        crown = frame.to_output(head.crown, spec.width, spec.height)
        chin = frame.to_output(head.chin, spec.width, spec.height)
        head_box = (crown, chin)
        if frame != analysis.frame:  # placed by hand: check it against the rules again
            eyes = head.eyes
            geo = measure(frame, head.crown, head.chin, head.eye_mid, eyes, spec)
            problems = [p for p in problems if p.code not in ("photo_frame_padded",)]
            problems += [Problem(code) for code in geo.deviations(spec)]
            if frame.outside_fraction(*image.size) > 0.02:
                problems.append(Problem("photo_frame_padded"))
    background = check_background(pixels, head_box)
    if head_box is None and background.can_whiten:
        # Without a head to protect, whitening could bleach the person: never offer it.
        background = replace(background, can_whiten=False)
    did_whiten = False
    if whiten and background.can_whiten:
        pixels = whiten_background(pixels, background, head_box)
        background = check_background(pixels, head_box)
        did_whiten = True
    if not background.white:
        # Three different things to do: tick "whiten", or retake in front of a white wall.
        code = ("photo_background_not_white" if background.can_whiten
                else "photo_background_coloured" if background.plain
                else "photo_background_busy")
        problems.append(Problem(code, {"can_whiten": background.can_whiten}))
    encoded = encode_jpeg_in_range(pixels, min_bytes, max_bytes, spec.dpi)
    if not encoded.in_range:
        problems.append(Problem("photo_bytes_out_of_range", {
            "size_kb": round(len(encoded.data) / 1024, 1), "min_kb": round(min_bytes / 1024),
            "max_kb": round(max_bytes / 1024)}))
    return PhotoResult(analysis, frame, pixels, encoded.data, encoded.quality, background,
                       tuple(problems), did_whiten)


def load_for_photo(source: bytes | str | Path, max_pixels: int = DEFAULT_MAX_PIXELS) -> LoadedImage:
    return load_image(source, max_pixels=max_pixels, reduce_to=LOAD_LONG_SIDE)


def prepare_photo(source: bytes | str | Path | LoadedImage,
                  max_pixels: int = DEFAULT_MAX_PIXELS) -> tuple[LoadedImage, PhotoAnalysis]:
    """Load (reduced when that is enough) and analyse; raises InvalidInput for bad files."""
    image = source if isinstance(source, LoadedImage) else load_for_photo(source, max_pixels)
    analysis = analyse(image)
    if (image.scale < 1 and not isinstance(source, LoadedImage)
            and any(p.code == "photo_face_too_small" for p in analysis.problems)):
        # The reduced decode may have cost the face its pixels: try again at full size.
        image = load_image(source, max_pixels=max_pixels)
        analysis = analyse(image)
    return image, analysis


def auto_crop(source: bytes | str | Path, *, whiten: bool = False, min_bytes: int = 10 * 1024,
              max_bytes: int = 60 * 1024, max_pixels: int = DEFAULT_MAX_PIXELS) -> PhotoResult:
    """Load, analyse and make the photo in one go (raises InvalidInput for unreadable files)."""
    image, analysis = prepare_photo(source, max_pixels)
    return make_photo(image, analysis, whiten=whiten, min_bytes=min_bytes, max_bytes=max_bytes)
