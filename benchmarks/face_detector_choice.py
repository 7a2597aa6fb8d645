"""Which installed face detector should the ID-photo crop use? Measures, does not assume.

Candidates are the detectors that come with installed packages (nothing is downloaded): the
OpenCV 4.x Haar cascades under ``cv2.data.haarcascades`` (default, alt, alt2, alt_tree) and
scikit-image's LBP cascade (``skimage.feature.Cascade``). ``cv2.FaceDetectorYN`` needs an ONNX
model that no package ships, so it is not a candidate.

Positives: scikit-image's portrait photographs (astronaut; the first 100 LFW faces, upscaled and
framed) in variations an office meets (rotated up to 15 degrees, scaled, darkened, noisy).
Negatives: scikit-image's photographs without a human face and the 100 LFW non-face patches.
Prints per detector: hit rate, false detections per negative image, median time at 640 px.

Run: .venv/bin/python benchmarks/face_detector_choice.py
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

import cv2
import numpy as np
from skimage import data as skdata
from skimage.feature import Cascade

Detector = Callable[[np.ndarray], list[tuple[int, int, int, int]]]


def _haar(name: str) -> Detector:
    cascade = cv2.CascadeClassifier(cv2.data.haarcascades + name)

    def detect(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
        side = min(gray.shape[:2])
        found = cascade.detectMultiScale(gray, 1.1, 5, minSize=(side // 10, side // 10))
        return [tuple(int(v) for v in f) for f in found]  # type: ignore[misc]

    return detect


def _skimage_lbp() -> Detector:
    cascade = Cascade(skdata.lbp_frontal_face_cascade_filename())

    def detect(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
        side = min(gray.shape[:2])
        found = cascade.detect_multi_scale(img=gray.astype(np.float64) / 255.0, scale_factor=1.2,
                                           step_ratio=1, min_size=(side // 10, side // 10),
                                           max_size=(side, side))
        return [(f["c"], f["r"], f["width"], f["height"]) for f in found]

    return detect


def _rotate(img: np.ndarray, angle: float) -> np.ndarray:
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), angle, 1.0)
    return cv2.warpAffine(img, m, (w, h), borderMode=cv2.BORDER_REPLICATE)


def _fit(img: np.ndarray, side: int = 640) -> np.ndarray:
    scale = side / max(img.shape[:2])
    return cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)


def positives() -> list[np.ndarray]:
    astro = cv2.cvtColor(skdata.astronaut(), cv2.COLOR_RGB2GRAY)
    rng = np.random.default_rng(1)
    out = []
    for angle in (-15, -8, 0, 8, 15):
        for gain in (1.0, 0.45):
            for scale in (1.0, 0.6):
                img = _rotate(astro, angle).astype(np.float32) * gain
                img = cv2.resize(img, None, fx=scale, fy=scale)
                canvas = np.full((512, 512), 200 * gain, np.float32)
                canvas[: img.shape[0], : img.shape[1]] = img
                canvas += rng.normal(0, 4, canvas.shape)
                out.append(np.clip(canvas, 0, 255).astype(np.uint8))
    lfw = skdata.lfw_subset()[:100]
    for face in lfw:
        big = cv2.resize((face * 255).astype(np.uint8), (150, 150), interpolation=cv2.INTER_CUBIC)
        canvas = np.full((300, 300), 180, np.uint8)
        canvas[60:210, 75:225] = big
        out.append(canvas)
    return [_fit(p) for p in out]


def negatives() -> list[np.ndarray]:
    out = []
    for name in ("coffee", "chelsea", "rocket", "hubble_deep_field", "immunohistochemistry",
                 "retina", "colorwheel"):
        out.append(cv2.cvtColor(getattr(skdata, name)(), cv2.COLOR_RGB2GRAY))
    for name in ("brick", "grass", "gravel", "coins", "moon", "page", "text", "clock", "horse",
                 "cell"):
        img = getattr(skdata, name)()
        out.append(img if img.dtype == np.uint8 else (img * 255).astype(np.uint8))
    for patch in skdata.lfw_subset()[100:]:
        canvas = np.full((300, 300), 180, np.uint8)
        canvas[60:210, 75:225] = cv2.resize((patch * 255).astype(np.uint8), (150, 150))
        out.append(canvas)
    return [_fit(n) for n in out]


def main() -> None:
    detectors: dict[str, Detector] = {
        "haar default": _haar("haarcascade_frontalface_default.xml"),
        "haar alt": _haar("haarcascade_frontalface_alt.xml"),
        "haar alt2": _haar("haarcascade_frontalface_alt2.xml"),
        "haar alt_tree": _haar("haarcascade_frontalface_alt_tree.xml"),
        "skimage lbp": _skimage_lbp(),
    }
    pos, neg = positives(), negatives()
    print(f"{len(pos)} positive images (one face each), {len(neg)} negative images")
    print(f"{'detector':15} {'found 1 face':>13} {'false/neg img':>14} {'median ms':>10}")
    for name, detect in detectors.items():
        exact = sum(1 for p in pos if len(detect(p)) == 1)
        false = sum(len(detect(n)) for n in neg)
        times = []
        for p in pos[:20]:
            t0 = time.perf_counter()
            detect(p)
            times.append((time.perf_counter() - t0) * 1000)
        print(f"{name:15} {exact / len(pos):13.1%} {false / len(neg):14.3f} "
              f"{statistics.median(times):10.1f}")


if __name__ == "__main__":
    main()
