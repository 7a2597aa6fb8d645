"""app.imaging.loading: every accepted format, EXIF orientation, and a clear refusal per bad input."""

from __future__ import annotations

import io
import time
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from app.errors import InvalidInput, RegistryError
from app.imaging.loading import load_image
from app.messages import describe
from tests.helpers.imaging_samples import jpeg_bytes, portrait, write_bomb_png


def _encode(arr: np.ndarray, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    Image.fromarray(arr).save(buf, fmt, **kw)
    return buf.getvalue()


@pytest.fixture(scope="session")
def bomb_png(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_bomb_png(tmp_path_factory.mktemp("bomb") / "bomb.png")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "BMP", "TIFF", "WEBP"])
def test_every_accepted_format_loads(fmt: str) -> None:
    arr = portrait(scale=1.0).rgb
    img = load_image(_encode(arr, fmt))
    assert img.format == fmt and img.rgb.shape == arr.shape and img.rgb.dtype == np.uint8
    # Lossy formats drift a little; the picture must still be the picture.
    assert np.abs(img.rgb.astype(int) - arr.astype(int)).mean() < 6


def test_exif_orientation_is_applied() -> None:
    arr = np.zeros((100, 200, 3), np.uint8)
    arr[:10, :10] = 255  # a white mark in the stored top-left corner
    # Orientation 6: the camera was turned; viewers rotate 90 degrees clockwise.
    img = load_image(jpeg_bytes(arr, 95, exif_orientation=6))
    assert img.rgb.shape[:2] == (200, 100) and img.exif_orientation == 6
    assert img.rgb[:10, -10:].mean() > 200 and img.rgb[-10:, :10].mean() < 50


def test_transparency_and_16_bit_are_flattened() -> None:
    rgba = np.zeros((40, 40, 4), np.uint8)
    rgba[10:30, 10:30] = (0, 0, 0, 255)
    img = load_image(_encode(rgba, "PNG"))
    assert img.had_alpha and img.rgb[0, 0].tolist() == [255, 255, 255] and img.rgb[20, 20].max() == 0
    deep = (np.linspace(0, 65535, 64 * 64).reshape(64, 64)).astype(np.uint16)
    img16 = load_image(_encode(deep, "PNG"))
    assert img16.rgb[0, 0, 0] == 0 and img16.rgb[-1, -1, 0] == 255


def test_reduced_decode_of_a_big_jpeg() -> None:
    big = np.full((3000, 4000, 3), 128, np.uint8)
    img = load_image(jpeg_bytes(big), reduce_to=2000)
    assert img.rgb.shape[:2] == (1500, 2000) and img.scale == 0.5 and img.source_size == (4000, 3000)


def _code(source: bytes | Path, **kw: object) -> InvalidInput:
    with pytest.raises(InvalidInput) as exc:
        load_image(source, **kw)  # type: ignore[arg-type]
    return exc.value


def test_bad_inputs_each_get_their_own_message(tmp_path: Path, bomb_png: Path) -> None:
    good = jpeg_bytes(portrait(scale=1.0).rgb)
    pdf = tmp_path / "photo.jpg"
    pdf.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    gif = _encode(np.zeros((40, 40), np.uint8), "GIF")
    cases = {
        "image_empty": _code(empty),
        "image_not_image": _code(pdf),
        "image_truncated": _code(good[: len(good) // 2]),
        "image_format_unsupported": _code(gif),
        "image_heic": _code(b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"),
        "image_unreadable": _code(tmp_path / "missing.jpg"),
    }
    t0 = time.perf_counter()
    cases["image_too_large"] = _code(bomb_png)
    assert time.perf_counter() - t0 < 1.0  # refused from the header, nothing decoded
    for code, error in cases.items():
        assert error.code == code
    sentences = {describe(e, "zh") for e in cases.values()}
    assert len(sentences) == len(cases)  # one clear, distinct sentence per problem
    assert "PDF" in describe(cases["image_not_image"], "zh")
    assert "50000×50000" in describe(cases["image_too_large"], "zh")
    assert all("{" not in describe(e, "en") for e in cases.values())
    assert _code(b"just some text, not a picture").code == "image_not_image"


def test_pixel_limit_is_a_setting() -> None:
    data = jpeg_bytes(np.zeros((600, 800, 3), np.uint8))
    assert load_image(data, max_pixels=480_000).size == (800, 600)
    error = _code(data, max_pixels=479_999)
    assert error.code == "image_too_large" and isinstance(error, RegistryError)


@pytest.mark.parametrize("orientation", range(1, 9))
def test_fast_jpeg_path_matches_pillow_for_every_orientation(orientation: int) -> None:
    from PIL import ImageOps

    rng = np.random.default_rng(orientation)
    arr = cv2_blur((rng.random((60, 90, 3)) * 255).astype(np.uint8))
    data = jpeg_bytes(arr, 95, exif_orientation=orientation)
    fast = load_image(data)
    reference = np.asarray(ImageOps.exif_transpose(Image.open(io.BytesIO(data))).convert("RGB"))
    assert fast.rgb.shape == reference.shape
    assert np.abs(fast.rgb.astype(int) - reference.astype(int)).mean() < 2.0


def cv2_blur(arr: np.ndarray) -> np.ndarray:
    import cv2

    return cv2.GaussianBlur(arr, (0, 0), 3)
