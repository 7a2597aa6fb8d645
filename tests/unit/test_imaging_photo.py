"""The automatic 1-inch crop on real photographs: geometry in numbers, problems in codes.

The astronaut portrait's crown, chin and eyes were measured by hand (tests/imaging_samples.py)
and travel with every variation, so each test checks where the crop put the real head.
"""

from __future__ import annotations

import io
import math

import cv2
import numpy as np
import pytest
from PIL import Image
from skimage import data as skdata

from app.imaging import faces
from app.imaging.frame import SPEC, CropFrame, measure
from app.imaging.loading import from_array, load_image
from app.imaging.photo import PhotoAnalysis, analyse, auto_crop, make_photo
from tests.helpers.imaging_samples import Portrait, jpeg_bytes, portrait


def _geometry(p: Portrait, frame: CropFrame, scale: float = 1.0):
    def s(pt):
        return pt[0] * scale, pt[1] * scale

    centre = s((p.face_centre_x, (p.eyes[0][1] + p.eyes[1][1]) / 2))
    return measure(frame, s(p.crown), s(p.chin), centre, (s(p.eyes[0]), s(p.eyes[1])))


def _assert_placed(p: Portrait, a: PhotoAnalysis, scale: float = 1.0) -> None:
    g = _geometry(p, a.frame, scale)
    assert 0.62 <= g.head_ratio <= 0.72, g  # crown to chin about two thirds of the height
    assert 0.03 <= g.crown_margin <= 0.10, g  # a small margin above the crown
    assert abs(g.centre_offset) <= 0.04, g  # face centred
    assert abs(g.eye_angle) <= 2.5, g  # eyes level


def test_base_portrait_is_placed_by_the_rules() -> None:
    p = portrait(scale=3.0)
    a = analyse(from_array(p.rgb))
    assert a.usable and a.codes == [] and len(a.faces) == 1
    _assert_placed(p, a)
    assert a.head is not None and abs(a.head.angle - p.eye_angle) < 2.0


@pytest.mark.parametrize("angle", [-14.0, -6.0, 6.0, 14.0])
def test_rotated_photo_is_levelled(angle: float) -> None:
    p = portrait(scale=3.0, angle=angle)
    a = analyse(from_array(p.rgb))
    assert a.usable and a.head is not None
    assert abs(a.head.angle - p.eye_angle) < 3.0  # measured eye-line angle
    _assert_placed(p, a)
    assert ("photo_head_tilted" in a.codes) == (abs(p.eye_angle) > 10)


@pytest.mark.parametrize(("scale", "canvas", "offset"), [
    (2.2, (1600, 1800), (0, 0)),
    (6.0, (4000, 3000), (0, 200)),  # a 12 MP landscape photo
    (3.0, (2600, 2400), (-600, 350)),  # person off-centre, low in the picture
])
def test_scaled_and_off_centre(scale: float, canvas: tuple[int, int], offset: tuple[int, int]) -> None:
    p = portrait(scale=scale, canvas=canvas, offset=offset)
    a = analyse(from_array(p.rgb))
    assert a.usable, a.codes
    _assert_placed(p, a)


def test_clutter_around_the_person() -> None:
    p = portrait(scale=3.0, canvas=(2400, 2000), clutter=True)
    a = analyse(from_array(p.rgb))
    assert a.usable and "photo_several_faces" not in a.codes
    _assert_placed(p, a)


def test_darkened_photo_is_reported_and_still_placed() -> None:
    p = portrait(scale=3.0, gain=0.3)
    a = analyse(from_array(p.rgb))
    assert "photo_too_dark" in a.codes and a.usable
    _assert_placed(p, a)


def test_overexposed_and_blurred() -> None:
    p = portrait(scale=3.0)
    bright = np.clip(p.rgb.astype(np.float32) * 1.9 + 40, 0, 255).astype(np.uint8)
    assert "photo_overexposed" in analyse(from_array(bright)).codes
    blurred = cv2.GaussianBlur(p.rgb, (0, 0), 7)
    codes = analyse(from_array(blurred)).codes
    assert "photo_blurred" in codes
    assert "photo_blurred" not in analyse(from_array(p.rgb)).codes


def test_no_face_several_faces_and_too_small_block_the_photo() -> None:
    coffee = analyse(from_array(skdata.coffee()))
    assert coffee.codes == ["photo_no_face"] and not coffee.usable
    one = portrait(scale=2.0).rgb
    two = np.hstack([one, one])
    several = analyse(from_array(two))
    assert "photo_several_faces" in several.codes and not several.usable
    tiny = portrait(scale=0.7, canvas=(1800, 1400))
    small = analyse(from_array(tiny.rgb))
    assert "photo_face_too_small" in small.codes and not small.usable


def test_output_is_a_300_dpi_jpeg_in_the_byte_range() -> None:
    p = portrait(scale=3.0)
    image = from_array(p.rgb)
    a = analyse(image)
    r = make_photo(image, a, min_bytes=20 * 1024, max_bytes=26 * 1024)
    im = Image.open(io.BytesIO(r.jpeg))
    assert im.format == "JPEG" and im.size == (295, 413)
    assert tuple(round(v) for v in im.info["dpi"]) == (300, 300)
    assert 20 * 1024 <= len(r.jpeg) <= 26 * 1024
    impossible = make_photo(image, a, min_bytes=512, max_bytes=1024)
    assert "photo_bytes_out_of_range" in [q.code for q in impossible.problems]


def test_the_crop_itself_shows_a_centred_level_face() -> None:
    """Independent of the hand-measured landmarks: detect the face again in the output."""
    p = portrait(scale=3.0, angle=9.0, canvas=(2200, 2000), offset=(300, 100))
    r = auto_crop(jpeg_bytes(p.rgb, 92))
    gray = cv2.cvtColor(r.pixels, cv2.COLOR_RGB2GRAY)
    hits = faces.detect(gray)
    assert len(hits) == 1 and hits[0].eyes is not None
    x, _, w, _ = hits[0].box
    assert abs((x + w / 2) - SPEC.width / 2) < 0.05 * SPEC.width
    assert abs(hits[0].eye_angle or 0) < 3.0


def test_exif_rotated_phone_photo() -> None:
    """A phone held upright stores the picture on its side with orientation 6."""
    p = portrait(scale=4.0, canvas=(2000, 2600))
    stored = np.ascontiguousarray(np.rot90(p.rgb, 1))  # what the sensor wrote
    image = load_image(jpeg_bytes(stored, 92, exif_orientation=6))
    assert image.size == (2000, 2600)
    a = analyse(image)
    assert a.usable
    _assert_placed(p, a)


def _plain_background_portrait(colour: tuple[int, int, int] = (214, 212, 205)) -> tuple[np.ndarray, np.ndarray]:
    """The astronaut's head and shoulders cut out onto a plain wall (light grey by default)."""
    p = portrait(scale=3.0)
    h, w = p.rgb.shape[:2]
    person = np.zeros((h, w), np.uint8)
    cx = int(p.face_centre_x)
    cv2.ellipse(person, (cx, int((p.crown[1] + p.chin[1]) / 2)),
                (int(0.36 * (p.chin[1] - p.crown[1])), int(0.52 * (p.chin[1] - p.crown[1]))), 0, 0, 360, 1, -1)
    person[int(p.chin[1]) - 40:, cx - 420:cx + 420] = 1
    wall = np.zeros_like(p.rgb)
    wall[:] = colour
    yy, _ = np.mgrid[0:h, 0:w]
    wall = np.clip(wall.astype(np.float32) - (yy[:, :, None] / h) * 12, 0, 255).astype(np.uint8)
    out = np.where(person[:, :, None] == 1, p.rgb, wall)
    return out, person


def test_plain_light_background_can_be_whitened() -> None:
    rgb, _ = _plain_background_portrait()
    image = from_array(rgb)
    a = analyse(image)
    before = make_photo(image, a)
    assert before.background.can_whiten and not before.background.white
    problem = next(q for q in before.problems if q.code == "photo_background_not_white")
    assert problem.params["can_whiten"] is True
    after = make_photo(image, a, whiten=True)
    assert after.whitened and after.background.white
    assert "photo_background_not_white" not in [q.code for q in after.problems]
    # The face itself is untouched.
    face = before.pixels[140:260, 100:195].astype(int)
    assert np.abs(face - after.pixels[140:260, 100:195].astype(int)).mean() < 1.0


def test_busy_background_is_not_offered_whitening() -> None:
    """A bookshelf behind the person: stripes of book spines in many colours."""
    rgb, person = _plain_background_portrait()
    rng = np.random.default_rng(5)
    shelf = rgb.copy()
    for x in range(0, shelf.shape[1], 18):
        shelf[:, x:x + 18] = rng.integers(30, 230, 3)
    rgb = np.where(person[:, :, None] == 1, rgb, shelf)
    image = from_array(rgb)
    r = make_photo(image, analyse(image), whiten=True)
    assert not r.background.white and not r.background.can_whiten and not r.whitened
    assert "photo_background_busy" in [q.code for q in r.problems]


def test_a_hand_placed_frame_is_checked_again() -> None:
    p = portrait(scale=3.0)
    image = from_array(p.rgb)
    a = analyse(image)
    f = a.frame
    zoomed_out = make_photo(image, a, f.zoomed(1.4))
    assert "photo_head_too_small_in_frame" in [q.code for q in zoomed_out.problems]
    turned = make_photo(image, a, f.rotated(8))
    assert "photo_eyes_not_level" in [q.code for q in turned.problems]
    moved = make_photo(image, a, f.moved(f.width * 0.15, 0))
    assert "photo_face_off_centre" in [q.code for q in moved.problems]
    assert math.isclose(f.zoomed(1.4).height, f.height * 1.4)


def test_blue_backdrop_is_not_whitened_but_explained() -> None:
    rgb, _ = _plain_background_portrait((60, 110, 190))
    image = from_array(rgb)
    r = make_photo(image, analyse(image), whiten=True)
    assert not r.whitened and not r.background.can_whiten and r.background.plain
    assert "photo_background_coloured" in [q.code for q in r.problems]


def test_other_real_photographs() -> None:
    """scikit-image's cameraman looks sideways (no frontal face); LFW's 25 px faces blown up
    to ID-photo size are found but, honestly, blurred."""
    assert analyse(from_array(skdata.camera())).codes == ["photo_no_face"]
    lfw = skdata.lfw_subset()
    blurred = 0
    for index in (0, 1, 2, 4):
        face = cv2.resize((lfw[index] * 255).astype(np.uint8), (400, 400), interpolation=cv2.INTER_CUBIC)
        canvas = np.full((900, 700), 200, np.uint8)
        canvas[200:600, 150:550] = face
        a = analyse(from_array(canvas))
        assert len(a.faces) == 1
        blurred += "photo_blurred" in a.codes
    assert blurred == 4
