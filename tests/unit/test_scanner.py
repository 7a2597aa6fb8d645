"""Frame sources, decoders, the frame verifier and the payload's tamper resistance (no Qt, no DB)."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime
from pathlib import Path

import base45
import cv2
import numpy as np
import pytest
import segno
import zxingcpp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.codes.payload import PREFIX
from app.codes.verify import check_code, lookup_from
from app.errors import InvalidInput
from app.scanner.decoders import CodeReader, read_codes, sharpen
from app.scanner.footage import EASY, qr_page, random_degradation, render_frame
from app.scanner.frame_verifier import FrameVerifier
from app.scanner.sources import open_source
from tests.helpers.verification import AT, OUR_KEY, build_all, make_claims


@pytest.fixture(scope="module")
def issued():  # type: ignore[no-untyped-def]
    return build_all()


def _lookup():  # type: ignore[no-untyped-def]
    from app.codes.keys import TrustedKey, public_raw

    return lookup_from([TrustedKey(OUR_KEY.key_id, make_claims(1, (AT.date(), AT.date())).issuer,
                                   "样本办公室", public_raw(OUR_KEY.private_key),
                                   datetime(2020, 1, 1, tzinfo=UTC))])


def _qr_image(text: str, scale: int = 6) -> np.ndarray:
    matrix = np.array([list(r) for r in segno.make(text, error="q").matrix], np.uint8)
    img = np.pad(np.where(matrix > 0, 0, 255).astype(np.uint8), 4, constant_values=255)
    return cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)


# -- sources ----------------------------------------------------------------------------------

def test_image_with_non_ascii_path_and_pdf_pages(tmp_path: Path) -> None:
    img = _qr_image("证书 ABC")
    path = tmp_path / "证书照片.png"
    _ok, data = cv2.imencode(".png", img)
    path.write_bytes(data.tobytes())
    with open_source(path) as source:
        frames = list(source.frames())
    assert len(frames) == 1 and frames[0].shape[2] == 3
    assert [c.text for c in read_codes(frames[0])] == ["证书 ABC"]

    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas
    pdf = tmp_path / "two.pdf"
    canvas = Canvas(str(pdf), pagesize=A4)
    for text in ("PAGE-ONE-CODE", "PAGE-TWO-CODE"):
        png = tmp_path / f"{text}.png"  # ReportLab caches images by file name
        segno.make(text, error="q").save(str(png), scale=8)
        canvas.drawImage(str(png), 100, 400, 200, 200)
        canvas.showPage()
    canvas.save()
    with open_source(pdf) as source:
        pages = list(source.frames())
    assert len(pages) == 2
    assert [read_codes(p)[0].text for p in pages] == ["PAGE-ONE-CODE", "PAGE-TWO-CODE"]


def test_source_errors(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput) as e:
        open_source(tmp_path / "none.png")
    assert e.value.code == "source_not_found"
    bad = tmp_path / "bad.jpg"
    bad.write_bytes(b"not a picture at all")
    with pytest.raises(InvalidInput) as e:
        open_source(bad)
    assert e.value.code == "source_unreadable"
    bad_pdf = tmp_path / "bad.pdf"
    bad_pdf.write_bytes(b"%PDF-1.4 broken")
    with pytest.raises(InvalidInput):
        open_source(bad_pdf)
    with pytest.raises(InvalidInput) as e:
        open_source(97)  # no such camera
    assert e.value.code == "camera_unavailable"


# -- decoders ---------------------------------------------------------------------------------

def test_reader_finds_qr_and_linear_codes_and_throttles_the_second_chance() -> None:
    page = np.full((600, 900), 255, np.uint8)
    bar = np.asarray(zxingcpp.create_barcode("PARCEL-0042", zxingcpp.BarcodeFormat.Code128)
                     .to_image(scale=3, add_quiet_zones=True))
    page[100:100 + bar.shape[0], 50:50 + bar.shape[1]] = bar
    reader = CodeReader(second_every=3)
    # Not a QR code: only the throttled pass (every 3rd miss) looks for other formats.
    assert reader.read(page) == [] and reader.read(page) == []
    found = reader.read(page)
    assert [(c.text, c.format) for c in found] == [("PARCEL-0042", "Code128")]
    assert read_codes(page)[0].text == "PARCEL-0042"  # files: no throttle
    assert read_codes(np.full((300, 300, 3), 200, np.uint8)) == []


def test_sharpening_recovers_a_defocused_code() -> None:
    page = qr_page("RO1:" + "ABCDEFGH12345678" * 20, module_px=4)
    from app.scanner.footage import locate_code
    code = locate_code(page)
    rng = np.random.default_rng(3)
    recovered = 0
    for _ in range(12):
        frame = render_frame(page, code, random_degradation(rng, 0.9), rng)
        gray = cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
        plain = zxingcpp.read_barcodes(gray, formats=(zxingcpp.BarcodeFormat.QRCode,))
        if not plain and zxingcpp.read_barcodes(sharpen(gray)):
            recovered += 1
    assert recovered >= 1  # the reason the second attempt exists


def test_footage_is_reproducible_and_webcam_sized() -> None:
    page = qr_page("HELLO")
    from app.scanner.footage import locate_code
    code = locate_code(page)
    a = render_frame(page, code, EASY, np.random.default_rng(1))
    b = render_frame(page, code, EASY, np.random.default_rng(1))
    assert a.shape == (720, 1280, 3) and np.array_equal(a, b)
    assert read_codes(a)[0].text == "HELLO"


# -- frame verifier ---------------------------------------------------------------------------

def test_frame_verifier_reports_each_presentation_once(issued) -> None:  # type: ignore[no-untyped-def]
    now = [0.0]
    verifier = FrameVerifier(_lookup(), hold_seconds=3.0, clock=lambda: AT,
                             monotonic=lambda: now[0])
    valid = cv2.cvtColor(_qr_image(issued["valid"].payload, 4), cv2.COLOR_GRAY2BGR)
    other = cv2.cvtColor(_qr_image(issued["expired"].payload, 4), cv2.COLOR_GRAY2BGR)
    hit = verifier(valid)
    assert hit is not None and hit.check.status == "valid" and hit.code.is_qr
    now[0] = 1.0
    assert verifier(valid) is None          # still held up
    now[0] = 3.5
    assert verifier(valid) is None          # hold extended while it stays in view
    now[0] = 3.6
    assert verifier(other).check.status == "expired"  # type: ignore[union-attr]
    now[0] = 10.0
    assert verifier(valid) is not None      # shown again later: reported again
    verifier.forget()
    assert verifier(valid) is not None


# -- tamper resistance ------------------------------------------------------------------------

@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(min_value=0), delta=st.integers(min_value=1, max_value=255))
def test_any_single_byte_change_is_never_valid(issued, position: int, delta: int) -> None:  # type: ignore[no-untyped-def]
    payload = issued["valid"].payload
    raw = bytearray(base45.b45decode(payload[len(PREFIX):]))
    # Change one byte of the signed message itself (inside the zlib stream).
    message = bytearray(zlib.decompress(bytes(raw)))
    i = position % len(message)
    message[i] = (message[i] + delta) % 256
    forged = PREFIX + base45.b45encode(zlib.compress(bytes(message), 9)).decode()
    assert check_code(forged, _lookup(), AT).status != "valid"
    # ... and one byte of the transported (compressed) form.
    j = position % len(raw)
    raw[j] = (raw[j] + delta) % 256
    damaged = PREFIX + base45.b45encode(bytes(raw)).decode()
    assert check_code(damaged, _lookup(), AT).status != "valid"


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=300).filter(lambda t: not t.strip().startswith("RO")))
def test_foreign_texts_are_not_certificates(text: str) -> None:
    assert check_code(text, _lookup(), AT).status == "not_a_certificate"


def test_valid_payload_checks_valid(issued) -> None:  # type: ignore[no-untyped-def]
    assert check_code(issued["valid"].payload, _lookup(), AT).status == "valid"


def test_dark_mode_phone_screen_is_read_on_the_slow_pass() -> None:
    inverted = 255 - _qr_image("https://example.com/dark")
    reader = CodeReader(second_every=2)
    assert reader.read(inverted) == []  # the per-frame pass looks for printed codes only
    assert [c.text for c in reader.read(inverted)] == ["https://example.com/dark"]
    assert read_codes(inverted)[0].text == "https://example.com/dark"
