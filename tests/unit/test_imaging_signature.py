"""Signature clean-up against the truth: pen strokes drawn on unevenly lit paper (IoU)."""

from __future__ import annotations

import io

import cv2
import numpy as np
import pytest
from PIL import Image

from app.imaging.loading import from_array, load_image
from app.imaging.signature import clean_file, clean_signature
from tests.helpers.imaging_samples import iou, jpeg_bytes, signature_photo


def _otsu(rgb: np.ndarray) -> np.ndarray:
    gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
    t, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_OTSU)
    return gray < t


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_shadowed_phone_photo_matches_the_pen(seed: int) -> None:
    s = signature_photo(seed=seed)
    r = clean_signature(from_array(s.rgb))
    assert r.usable and r.codes == []
    assert not r.line_removed  # the long flat flourish of the pen is not a printed line
    assert iou(r.mask, s.truth) >= 0.95
    # The reason for all this: one global threshold turns the shadow into ink.
    assert iou(_otsu(s.rgb), s.truth) < 0.3


def test_printed_line_and_specks_are_removed() -> None:
    s = signature_photo(seed=4, line=True, specks=True)
    r = clean_signature(from_array(s.rgb))
    assert r.line_removed and r.specks_removed > 10
    assert iou(r.mask, s.truth) >= 0.95
    h, _w = s.truth.shape
    line_row = r.mask[int(h * 0.78):int(h * 0.78) + 3]
    assert line_row.mean() < 0.05  # only the strokes that cross it remain


def test_thin_pen_and_even_scan() -> None:
    thin = signature_photo(seed=5, pen=0.6)
    assert iou(clean_signature(from_array(thin.rgb)).mask, thin.truth) >= 0.85
    flat = signature_photo(seed=6, shadow=False, gradient=0.0)
    assert iou(clean_signature(from_array(flat.rgb)).mask, flat.truth) >= 0.9


def test_faint_and_empty_paper() -> None:
    faint = signature_photo(seed=7, ink_darkness=0.22)
    r = clean_signature(from_array(faint.rgb))
    assert "signature_too_faint" in r.codes and r.usable
    assert iou(r.mask, faint.truth) >= 0.8
    blank = signature_photo(seed=8, ink_darkness=0.0)
    empty = clean_signature(from_array(blank.rgb))
    assert empty.codes == ["signature_no_ink"] and not empty.usable and empty.png is None


def test_output_pngs_transparent_and_white_at_300_dpi() -> None:
    s = signature_photo(seed=9)
    r = clean_signature(from_array(s.rgb))
    assert r.png is not None and r.print_png is not None and r.box is not None
    t = Image.open(io.BytesIO(r.png))
    p = Image.open(io.BytesIO(r.print_png))
    assert t.mode == "RGBA" and p.mode == "RGB" and t.size == p.size
    assert tuple(round(v) for v in t.info["dpi"]) == (300, 300)
    alpha = np.asarray(t)[:, :, 3]
    assert alpha[0, :].max() == 0 and alpha[-1, :].max() == 0  # a clear margin all round
    assert (alpha > 200).mean() > 0.01  # and the strokes are solid
    white = np.asarray(p)
    assert white[0, 0].tolist() == [255, 255, 255] and white.min() < 60
    # Cropped tight: the crop box hugs the truth's bounding box plus a small margin.
    ys, xs = np.nonzero(s.truth)
    x, y, w, h = r.box
    assert x <= xs.min() and y <= ys.min() and x + w >= xs.max() and y + h >= ys.max()
    assert w <= (xs.max() - xs.min()) * 1.2 + 10 and h <= (ys.max() - ys.min()) * 1.3 + 10


def test_cut_off_signature_is_reported() -> None:
    s = signature_photo(seed=10)
    part = s.rgb[:, : s.rgb.shape[1] // 2]
    assert "signature_cut_off" in clean_signature(from_array(part)).codes


def test_scan_with_dpi_keeps_its_size_and_jpeg_photo_goes_through_loading() -> None:
    s = signature_photo(seed=11, shadow=False, gradient=0.1, w=1800, h=900)
    buf = io.BytesIO()
    Image.fromarray(s.rgb).save(buf, "PNG", dpi=(300, 300))
    scan = clean_file(buf.getvalue())
    assert scan.box is not None and scan.rgba is not None
    assert abs(scan.rgba.shape[1] - scan.box[2]) <= 1  # 300 dpi in, 300 dpi out
    big = cv2.resize(signature_photo(seed=12).rgb, (4000, 2500), interpolation=cv2.INTER_CUBIC)
    photo = clean_file(jpeg_bytes(big, 90))
    assert photo.usable and photo.mask.shape == (1250, 2000)  # decoded at half size
    assert load_image(jpeg_bytes(big, 90), reduce_to=2000).scale == 0.5


def test_original_ink_colour_is_kept_on_request() -> None:
    s = signature_photo(seed=13, ink_rgb=(20, 40, 160))
    blue = clean_signature(from_array(s.rgb), ink="original")
    black = clean_signature(from_array(s.rgb))
    assert blue.rgba is not None and black.rgba is not None
    r, g, b = blue.rgba[0, 0, :3].astype(int)
    assert b > r + 40 and b > g + 20  # the ink's own blue
    assert black.rgba[0, 0, :3].tolist() == [0, 0, 0]
