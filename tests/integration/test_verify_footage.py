"""Done-when of the help desk: printed certificates of every status, filmed by a simulated
webcam (perspective, blur, noise, uneven light, JPEG loss, MJPG video), are reported with the
right status; foreign QR codes and other barcodes are "not_a_certificate".

The pages are printed by the real PDF renderer and rasterized by pdftoppm (not by the
product's own pypdfium2 path, so the two cross-check); the video files are played back
through the product's frame-source factory.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import cv2
import numpy as np
import pytest
import segno
import zxingcpp

from app.models.db import Database
from app.scanner.decoders import CodeReader
from app.scanner.footage import blank_frames, clip_frames, locate_code, write_video
from app.scanner.frame_verifier import FrameVerifier
from app.scanner.sources import open_source, render_pdf
from app.services.base import Actor
from app.services.verification_service import VerificationService
from tests.helpers.verification import AT, build_all, certificate_pdf, issue_all

pytestmark = pytest.mark.slow
DESK = Actor("desk1", "helpdesk", "赵核验")


def pdftoppm_page(pdf: Path, dpi: int = 200) -> np.ndarray:
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf), str(prefix)],
                   check=True, timeout=60)
    page = cv2.imread(str(prefix) + ".png", cv2.IMREAD_COLOR)
    assert page is not None
    return page


def _foreign_pages() -> dict[str, tuple[np.ndarray, tuple[object, ...]]]:
    rng = np.random.default_rng(7)
    pages: dict[str, tuple[np.ndarray, tuple[object, ...]]] = {}
    for i in range(2):  # random QR codes: text, and a URL
        text = "".join(chr(c) for c in rng.integers(33, 127, 60 + 40 * i))
        matrix = np.array([list(r) for r in segno.make(text, error="m").matrix], np.uint8)
        img = np.pad(np.where(matrix > 0, 0, 255).astype(np.uint8), 4, constant_values=255)
        img = cv2.resize(img, None, fx=8, fy=8, interpolation=cv2.INTER_NEAREST)
        pages[f"random_qr_{i}"] = (_on_page(img), (zxingcpp.BarcodeFormat.QRCode,))
    for name, fmt, text in (("code128", zxingcpp.BarcodeFormat.Code128, "PARCEL-0042-XYZ"),
                            ("ean13", zxingcpp.BarcodeFormat.EAN13, "6901234567892"),
                            ("datamatrix", zxingcpp.BarcodeFormat.DataMatrix, "LOT 42/2026 A7")):
        img = np.asarray(zxingcpp.create_barcode(text, fmt).to_image(scale=5, add_quiet_zones=True))
        pages[name] = (_on_page(img), (fmt,))
    return pages


def _on_page(img: np.ndarray) -> np.ndarray:
    page = np.full((1400, 1400), 255, np.uint8)
    h, w = img.shape
    page[300:300 + h, 100:100 + w] = img
    return cv2.cvtColor(page, cv2.COLOR_GRAY2BGR)


@pytest.fixture(scope="module")
def clips(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out_dir = tmp_path_factory.mktemp("footage")
    rng = np.random.default_rng(20261123)
    out: dict[str, Path] = {}
    for status, cert in build_all().items():
        pdf = certificate_pdf(cert, out_dir / f"{status}.pdf")
        # One page through pdftoppm (an independent rasterizer), the rest through pypdfium2.
        page = pdftoppm_page(pdf) if status == "valid" else render_pdf(pdf)[0]
        # Two frames of the empty desk, then the certificate brought into view and held.
        frames = blank_frames(2, rng) + clip_frames(page, 7, rng, difficulty=0.35)
        out[status] = write_video(out_dir / f"{status}.avi", frames, fps=10)
    for name, (page, formats) in _foreign_pages().items():
        code = locate_code(page, formats)
        # Linear codes are held closer than a QR code (they need it: thin bars).
        scale = 2.0 if name in ("code128", "ean13") else 1.0
        frames = clip_frames(page, 8, rng, difficulty=0.25, code=code, code_scale=scale)
        out[name] = write_video(out_dir / f"{name}.avi", frames, fps=10)
    return out


def _first_report(video: Path, svc: VerificationService) -> tuple[str, str] | None:
    verifier = FrameVerifier(svc.key_lookup(), CodeReader(), clock=lambda: AT)
    with open_source(video) as source:
        assert not source.live
        for frame in source.frames():
            assert frame.shape == (720, 1280, 3)
            hit = verifier(frame)
            if hit is not None:
                result = svc.verify_text(hit.text, "camera", at=AT)
                return hit.text, result.status
    return None


def test_each_status_read_from_webcam_footage(db: Database, clips: dict[str, Path]) -> None:
    issued = issue_all(db)
    svc = VerificationService(db, DESK)
    for status, cert in issued.items():
        report = _first_report(clips[status], svc)
        assert report is not None, f"no code read from the {status} clip"
        text, reported = report
        assert text == cert.payload
        assert reported == status


def test_foreign_codes_on_camera_are_not_certificates(db: Database, clips: dict[str, Path]) -> None:
    issue_all(db)
    svc = VerificationService(db, DESK)
    for name in ("random_qr_0", "random_qr_1", "code128", "ean13", "datamatrix"):
        report = _first_report(clips[name], svc)
        assert report is not None, f"nothing read from the {name} clip"
        assert report[1] == "not_a_certificate", name
