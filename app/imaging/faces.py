"""Finding faces and eyes with the detectors that installed packages ship (no download).

Choice of detector, by measurement (``benchmarks/face_detector_choice.py``, scikit-image's
portraits in 120 variations and 117 face-free images, 640 px):

    detector        found 1 face   false / negative image   median ms
    haar default        96.7%             0.068                63
    haar alt            95.0%             0.009                59
    haar alt2           95.0%             0.009                52
    haar alt_tree       44.2%             0.000                34
    skimage LBP         70.0%             0.026                72

OpenCV's Haar ``alt2`` cascade finds as many faces as the others with a seventh of the false
detections of ``default`` and is the fastest of the accurate ones. With the settings below
(400 px copy, equalised then plain, scale step 1.1, 4 neighbours) the same sets give 97.5%
found and 0 false detections, at a third of the 640 px cost. OpenCV 5 wheels dropped
``CascadeClassifier`` and the cascade files, hence the ``opencv-python-headless<5`` pin;
``cv2.FaceDetectorYN`` (a better detector) needs an ONNX model that no package ships, and the
product downloads nothing at run time.

Eyes: the Haar ``eye`` cascade inside the upper face, then a darkest-spot refinement of the
pupil, because the eye boxes alone jitter by several pixels and the eye-line angle (used to
level the photo) needs better.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass

import cv2
import numpy as np
from cv2.data import haarcascades

Box = tuple[int, int, int, int]  # x, y, w, h
Point = tuple[float, float]

DETECT_SIDE = 400  # faces are searched on a copy this long (measured: finds the same faces as 640 px)


_local = threading.local()


def _cascade(name: str) -> cv2.CascadeClassifier:
    """One classifier per thread: OpenCV does not promise that concurrent detectMultiScale
    calls on one CascadeClassifier are safe, and the dialog, the panel and batch jobs all run
    analyses in worker threads."""
    cache: dict[str, cv2.CascadeClassifier] = _local.__dict__.setdefault("cascades", {})
    if name not in cache:
        cascade = cv2.CascadeClassifier(haarcascades + name)
        if cascade.empty():  # pragma: no cover - only with a broken OpenCV install
            raise RuntimeError(f"OpenCV cascade {name} could not be loaded")
        cache[name] = cascade
    return cache[name]


@dataclass(frozen=True)
class FaceHit:
    box: Box  # in the coordinates of the image given to find_faces
    eyes: tuple[Point, Point] | None  # (left in image, right in image)

    @property
    def eye_angle(self) -> float | None:
        """Degrees the eye line rises... clockwise in image coordinates (y down)."""
        if self.eyes is None:
            return None
        (x1, y1), (x2, y2) = self.eyes
        return math.degrees(math.atan2(y2 - y1, x2 - x1))


def find_faces(gray: np.ndarray, min_fraction: float = 0.1, side: int = DETECT_SIDE,
               neighbours: int = 4) -> list[Box]:
    """Face boxes in ``gray`` (any size), largest first; faces smaller than ``min_fraction``
    of the shorter side are not looked for (they cannot make an ID photo anyway)."""
    h, w = gray.shape[:2]
    scale = min(1.0, side / max(h, w))
    small = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else gray
    least = max(24, int(min(small.shape[:2]) * min_fraction))
    cascade = _cascade("haarcascade_frontalface_alt2.xml")
    # Equalised first (dark and flat photos: the cascade wants contrast); if that finds
    # nothing, the plain image (a large flat wall makes equalisation exaggerate the face).
    for variant in (cv2.equalizeHist(small), small):
        found = cascade.detectMultiScale(variant, scaleFactor=1.1, minNeighbors=neighbours,
                                         minSize=(least, least))
        if len(found):
            break
    boxes: list[Box] = [(round(x / scale), round(y / scale), round(bw / scale), round(bh / scale))
                        for x, y, bw, bh in found]
    boxes.sort(key=lambda b: b[2] * b[3], reverse=True)
    return boxes


def _pupil(gray: np.ndarray, box: Box) -> Point:
    """Darkest blob near the centre of an eye box (the pupil/iris), in ``gray`` coordinates."""
    x, y, w, h = box
    # Skip the eyebrow (top quarter) and the box margins; the iris sits in the middle.
    x0, y0 = x + w // 5, y + h // 4
    roi = gray[y0:y + h - h // 6, x0:x + w - w // 5]
    if roi.size == 0:
        return x + w / 2, y + h / 2
    blurred = cv2.GaussianBlur(roi, (0, 0), max(1.0, w / 12))
    thresh = np.percentile(blurred, 12)
    ys, xs = np.nonzero(blurred <= thresh)
    if len(xs) == 0:
        return x + w / 2, y + h / 2
    weights = (thresh - blurred[ys, xs].astype(np.float64)) + 1.0
    return x0 + float(np.average(xs, weights=weights)), y0 + float(np.average(ys, weights=weights))


def find_eyes(gray: np.ndarray, face: Box) -> tuple[Point, Point] | None:
    """The two eyes of ``face`` (left, right as seen in the image), or None if not both found."""
    fx, fy, fw, fh = face
    # Work on the upper face normalised to 200 px wide: the cascade's parameters then fit
    # every input size, and a 4000 px face costs no more than a 200 px one.
    top, bottom = fy + int(fh * 0.15), fy + int(fh * 0.6)
    x0, x1 = max(0, fx), min(gray.shape[1], fx + fw)
    roi = gray[max(0, top):min(gray.shape[0], bottom), x0:x1]
    if roi.size == 0:
        return None
    k = 200.0 / max(1, roi.shape[1])
    small = cv2.resize(roi, None, fx=k, fy=k, interpolation=cv2.INTER_AREA if k < 1 else cv2.INTER_LINEAR)
    small = cv2.equalizeHist(small)
    found = _cascade("haarcascade_eye.xml").detectMultiScale(
        small, scaleFactor=1.1, minNeighbors=3, minSize=(24, 24), maxSize=(90, 90))
    if len(found) < 2:
        found = _cascade("haarcascade_eye_tree_eyeglasses.xml").detectMultiScale(
            small, scaleFactor=1.1, minNeighbors=3, minSize=(24, 24), maxSize=(90, 90))
    left = [b for b in found if b[0] + b[2] / 2 < 100]
    right = [b for b in found if b[0] + b[2] / 2 >= 100]
    best: tuple[float, Box, Box] | None = None
    for a in left:
        for b in right:
            dy = abs((a[1] + a[3] / 2) - (b[1] + b[3] / 2))
            dx = (b[0] + b[2] / 2) - (a[0] + a[2] / 2)
            size_ratio = min(a[2], b[2]) / max(a[2], b[2])
            if dx < 50 or dy > 0.45 * dx or size_ratio < 0.6:
                continue
            # A real pair is about 80 px apart at this scale, level-ish and of equal size.
            score = abs(dx - 80) + 2 * dy + 40 * (1 - size_ratio)
            if best is None or score < best[0]:
                best = (score, tuple(int(v) for v in a), tuple(int(v) for v in b))  # type: ignore[assignment]
    if best is None:
        return None
    _, a, b = best
    pa, pb = _pupil(small, a), _pupil(small, b)

    def back(p: Point) -> Point:
        return x0 + p[0] / k, max(0, top) + p[1] / k

    return back(pa), back(pb)


def detect(gray: np.ndarray, min_fraction: float = 0.1, side: int = DETECT_SIDE,
           neighbours: int = 4) -> list[FaceHit]:
    """Faces with their eyes (eyes only for faces at least 40% as wide as the largest)."""
    boxes = find_faces(gray, min_fraction, side, neighbours)
    hits = []
    for i, box in enumerate(boxes):
        eyes = find_eyes(gray, box) if i == 0 or box[2] >= 0.4 * boxes[0][2] else None
        hits.append(FaceHit(box, eyes))
    return hits
