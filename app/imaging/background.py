"""The ID photo's background: is it white, is it plain, and whitening a plain light one.

Measured on the rendered 295 x 413 photo, in the zones that must be background whatever the
person looks like: the strip above the crown and the two side strips beside the head down to
the chin. Colour distances are in CIE Lab (OpenCV's 8-bit scaling), where "white" and
"plain" have stable thresholds across cameras.

Whitening replaces only background that is plain (low spread) and light: it grows the
background from those zones by colour similarity, keeps it connected to the photo's edges
(so a white shirt collar inside the body is not touched), protects an ellipse around the
face, and feathers the boundary over ~2 px so hair does not get a cut-out edge.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

Point = tuple[float, float]

WHITE_L, WHITE_CHROMA = 232.0, 10.0  # OpenCV Lab: L in 0..255, a/b centred on 128
PLAIN_SPREAD, LIGHT_L = 14.0, 150.0


@dataclass(frozen=True)
class BackgroundCheck:
    lightness: float  # mean L (0..255) of the background zones
    chroma: float
    spread: float  # std of L: low = plain
    white: bool
    plain: bool
    can_whiten: bool
    colour: tuple[int, int, int]  # median RGB of the zones


def _zones(h: int, w: int, head: tuple[Point, Point] | None) -> np.ndarray:
    mask = np.zeros((h, w), bool)
    if head is None:
        crown_y, chin_y, cx, half = h * 0.07, h * 0.74, w / 2, w * 0.3
    else:
        (cxr, crown_y), (cxc, chin_y) = head
        cx = (cxr + cxc) / 2
        half = 0.36 * (chin_y - crown_y)  # head half-width incl. hair ~ 0.36 of its height
    top = max(4, int(crown_y) - 6)
    mask[:top, :] = True
    low = int(min(h, max(top, chin_y - 0.25 * (chin_y - crown_y))))
    left, right = int(max(0, cx - half * 1.35)), int(min(w, cx + half * 1.35))
    mask[:low, : max(0, min(left, int(w * 0.12)))] = True
    mask[:low, max(right, int(w * 0.88)):] = True
    return mask


def check_background(rgb: np.ndarray, head: tuple[Point, Point] | None) -> BackgroundCheck:
    h, w = rgb.shape[:2]
    lab = cv2.cvtColor(rgb, cv2.COLOR_RGB2LAB).astype(np.float32)
    zone = _zones(h, w, head)
    if zone.sum() < 50:  # the head fills the frame: judge the top rows anyway
        zone[:4, :] = True
    px = lab[zone]
    # Median and MAD rather than mean and std: a few hair pixels reaching into the zones must
    # not make a plain wall look busy.
    lightness = float(np.median(px[:, 0]))
    chroma = float(np.median(np.hypot(px[:, 1] - 128, px[:, 2] - 128)))
    spread = float(1.4826 * np.median(np.abs(px[:, 0] - lightness)))
    white = lightness >= WHITE_L and chroma <= WHITE_CHROMA and spread <= PLAIN_SPREAD
    plain = spread <= PLAIN_SPREAD + 2.0  # the astronaut's mottled wall measures 22
    colour = tuple(int(v) for v in np.median(rgb[zone], axis=0))
    return BackgroundCheck(lightness, chroma, spread, white, plain,
                           plain and lightness >= LIGHT_L and not white, colour)  # type: ignore[arg-type]


def whiten_background(rgb: np.ndarray, check: BackgroundCheck,
                      head: tuple[Point, Point] | None) -> np.ndarray:
    """``rgb`` with its plain background replaced by white (see the module notes)."""
    h, w = rgb.shape[:2]
    lab = cv2.cvtColor(cv2.GaussianBlur(rgb, (3, 3), 0), cv2.COLOR_RGB2LAB).astype(np.float32)
    zone = _zones(h, w, head)
    ref = np.median(lab[zone], axis=0)
    ab = lab[:, :, 1:] - ref[1:]
    chroma_dist = np.hypot(ab[:, :, 0], ab[:, :, 1])
    zone_chroma = chroma_dist[zone]
    chroma_tol = max(5.0, 3.0 * float(1.4826 * np.median(np.abs(zone_chroma - np.median(zone_chroma)))))
    # Lightness may drift (a lamp on one side, a soft shadow); hue may not: skin differs from a
    # grey or beige wall by its hue far more reliably than by its brightness.
    near = (chroma_dist < chroma_tol) & (np.abs(lab[:, :, 0] - ref[0]) < 30 + 2 * check.spread)
    candidate: np.ndarray = cv2.morphologyEx(near.astype(np.uint8), cv2.MORPH_OPEN,
                                             np.ones((3, 3), np.uint8))
    if head is not None:
        (cxr, crown_y), (cxc, chin_y) = head
        hh = chin_y - crown_y
        cx = (cxr + cxc) / 2
        protect = np.zeros((h, w), np.uint8)
        # The head down past the chin, and the neck below it: never background.
        cv2.ellipse(protect, (round(cx), round(crown_y + hh * 0.5)),
                    (max(1, round(hh * 0.30)), max(1, round(hh * 0.56))), 0, 0, 360, 1, -1)
        cv2.rectangle(protect, (round(cx - hh * 0.25), round(chin_y - hh * 0.1)),
                      (round(cx + hh * 0.25), h), 1, -1)
        candidate &= 1 - protect
    # Keep only background connected to the zones at the photo's edges.
    n, labels = cv2.connectedComponents(candidate, connectivity=4)
    keep = np.zeros(n, bool)
    keep[np.unique(labels[zone & (candidate > 0)])] = True
    keep[0] = False
    mask = keep[labels]
    alpha: np.ndarray = cv2.GaussianBlur(mask.astype(np.float32), (0, 0), 1.2)[:, :, None]
    blended = rgb.astype(np.float32) * (1 - alpha) + 255.0 * alpha
    out: np.ndarray = np.clip(blended + 0.5, 0, 255).astype(np.uint8)
    return out
