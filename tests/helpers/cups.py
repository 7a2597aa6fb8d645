"""A real CUPS queue for the printing tests, and measurements of what it spooled.

The queue comes from ``scripts/cups-test-server.sh`` (a private cupsd with a cups-pdf queue):
CI starts it before the tests and exports ``CUPS_SERVER`` / ``REGISTRY_TEST_CUPS_QUEUE`` /
``REGISTRY_TEST_CUPS_OUT``; locally the fixture starts one itself when it can (root, Debian's
cups and printer-driver-cups-pdf installed). Without CUPS the tests are skipped with a message,
except in CI (``CI=true``), where a missing print system fails them.

What the queue printed is read back as pixels: ``pdftoppm`` renders the spooled PDF, the page
size is measured, the QR code decoded with zxing-cpp and the photo box's frame lines located.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from PIL import Image

from app.codes.verify import VALID, check_code
from app.domain.clock import utcnow
from app.models.db import Database
from app.printing.layout import layout_page
from app.services.base import Actor
from app.services.certificate_service import CertificateService, today_in_china
from app.services.verification_service import VerificationService

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "cups-test-server.sh"
DPI = 300
MM_PER_PX = 25.4 / DPI


@dataclass(frozen=True)
class CupsQueue:
    server: str
    name: str
    out: Path

    def env(self) -> dict[str, str]:
        return {"CUPS_SERVER": self.server}

    def admin(self, *cmd: str) -> None:
        """Run a CUPS admin tool (cupsdisable, cupsreject, lpadmin, lprm, ...) on this server."""
        subprocess.run(list(cmd), check=True, env={**os.environ, "CUPS_SERVER": self.server},
                       capture_output=True, timeout=30)

    def restore(self) -> None:
        """Back to a healthy queue (re-added if a test removed it)."""
        try:
            self.admin("lpstat", "-p", self.name)
        except subprocess.CalledProcessError:
            port = self.server.rsplit(":", 1)[1]
            self.admin("lpadmin", "-p", self.name, "-v", f"cups-pdf:/rt{port}", "-P",
                       "/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd", "-o",
                       "printer-error-policy=abort-job", "-E")
        self.admin("cupsenable", self.name)
        self.admin("cupsaccept", self.name)
        self.admin("lpadmin", "-p", self.name, "-o", "job-hold-until-default=no-hold")

    def spooled(self, job_id: int, timeout: float = 20.0) -> Path:
        """The PDF cups-pdf wrote for ``job_id`` (its name ends in ``-job_<id>.pdf``)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = sorted(self.out.glob(f"*job_{job_id}.pdf"))
            if found and found[0].stat().st_size > 0:
                return found[0]
            time.sleep(0.1)
        raise AssertionError(f"no spooled PDF for job {job_id} in {self.out}")


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(f"CI needs a real CUPS queue: {reason}")
    pytest.skip(f"no CUPS print queue: {reason} (install cups, cups-client, cups-bsd, "
                "printer-driver-cups-pdf; run as root or start scripts/cups-test-server.sh)")


def start_queue(port: int) -> CupsQueue:
    if os.environ.get("REGISTRY_TEST_CUPS_QUEUE") and os.environ.get("CUPS_SERVER"):
        # One server for the run (CI); each xdist worker gets its own queue on it, since the
        # fault tests stop, reject and remove their queue.
        worker = os.environ.get("PYTEST_XDIST_WORKER", "")
        name = os.environ["REGISTRY_TEST_CUPS_QUEUE"] + (f"-{worker}" if worker else "")
        queue = CupsQueue(os.environ["CUPS_SERVER"], name, Path(os.environ["REGISTRY_TEST_CUPS_OUT"]))
        queue.restore()
        return queue
    if not shutil.which("cupsd") or not Path("/usr/lib/cups/backend/cups-pdf").exists():
        _skip_or_fail("cupsd or the cups-pdf backend is not installed")
    if os.geteuid() != 0:
        _skip_or_fail("starting a private cupsd with cups-pdf needs root")
    r = subprocess.run(["bash", str(SCRIPT), "start", str(port)], capture_output=True, text=True,
                       timeout=60)
    if r.returncode != 0:
        _skip_or_fail(f"scripts/cups-test-server.sh failed: {r.stderr.strip()}")
    env = dict(line.removeprefix("export ").split("=", 1) for line in r.stdout.splitlines()
               if line.startswith("export "))
    return CupsQueue(env["CUPS_SERVER"], env["REGISTRY_TEST_CUPS_QUEUE"],
                     Path(env["REGISTRY_TEST_CUPS_OUT"]))


@dataclass(frozen=True)
class Printout:
    width_mm: float
    height_mm: float
    qr_text: str
    qr_width_mm: float     # centre to centre of the corner modules (zxing's corners)
    photo_w_mm: float      # the photo frame, centre line to centre line
    photo_h_mm: float


def _frame_lines(mask: np.ndarray, axis: int, min_run: int) -> tuple[float, float]:
    """The first and last line (as the centre of its pixel columns/rows) that is dark over at
    least ``min_run`` pixels along ``axis``."""
    counts = mask.sum(axis=axis)
    hits = np.flatnonzero(counts >= min_run)
    assert hits.size >= 2, "frame lines not found"
    first = hits[hits <= hits[0] + 6]
    last = hits[hits >= hits[-1] - 6]
    return float(first.mean()), float(last.mean())


def measure(pdf: Path, photo_box: tuple[float, float, float, float], page: int = 1) -> Printout:
    """Render ``page`` of a spooled PDF at 300 dpi and measure it. ``photo_box`` (x, y, w, h
    in mm) is where the layout puts the photo: the frame is searched 4 mm around it."""
    out = pdf.with_name(f"{pdf.stem}-p{page}")
    subprocess.run(["pdftoppm", "-r", str(DPI), "-f", str(page), "-l", str(page), "-png",
                    "-singlefile", str(pdf), str(out)], check=True, timeout=60)
    image = Image.open(f"{out}.png").convert("RGB")
    codes = [c for c in zxingcpp.read_barcodes(image.convert("L"))
             if c.format == zxingcpp.BarcodeFormat.QRCode]
    assert len(codes) == 1, f"{len(codes)} QR codes on the printout"
    pos = codes[0].position
    qr_px = ((pos.top_right.x - pos.top_left.x) + (pos.bottom_right.x - pos.bottom_left.x)) / 2
    x, y, w, h = photo_box
    px = DPI / 25.4
    left, top = round((x - 4) * px), round((y - 4) * px)
    crop = np.asarray(image.crop((left, top, round((x + w + 4) * px), round((y + h + 4) * px))),
                      dtype=np.int16)
    # The frame is a thin grey (#808080) line: neutral and dark. The watermark is pink and
    # the photo's figure is coloured, so neither counts.
    neutral = (crop.max(axis=2) - crop.min(axis=2)) < 30
    mask = neutral & (crop.mean(axis=2) < 200)
    x0, x1 = _frame_lines(mask, 0, round(h * px * 0.6))
    y0, y1 = _frame_lines(mask, 1, round(w * px * 0.6))
    return Printout(image.width * MM_PER_PX, image.height * MM_PER_PX, codes[0].text,
                    qr_px * MM_PER_PX, (x1 - x0) * MM_PER_PX, (y1 - y0) * MM_PER_PX)


READER = Actor("clerk", "clerk", "窗口办事员")
CHECKER = Actor("helpdesk", "helpdesk", "核验员")


def check_printout(pdf: Path, url: str, serial: str, page: int = 1) -> None:
    """The spooled page of ``serial``: A4 within 0.5 mm, its QR code is the certificate's and
    verifies, the photo box is 25 x 35 mm within 0.5 mm, the QR symbol keeps its size."""
    db = Database(url)
    try:
        view = CertificateService(db, READER).get_view(serial)
        lookup = VerificationService(db, CHECKER).key_lookup()
    finally:
        db.dispose()
    frame = layout_page(view).find("photo_frame")[0]
    p = measure(pdf, (frame.x, frame.y, frame.w, frame.h), page)  # type: ignore[union-attr]
    assert abs(p.width_mm - 210) <= 0.5 and abs(p.height_mm - 297) <= 0.5, (p.width_mm, p.height_mm)
    assert p.qr_text == view.payload
    assert check_code(p.qr_text, lookup, utcnow()).status == VALID
    assert abs(p.photo_w_mm - 25) <= 0.5 and abs(p.photo_h_mm - 35) <= 0.5, (p.photo_w_mm, p.photo_h_mm)
    # The QR symbol keeps its size: the renderer's modules are 0.575 mm; zxing measures
    # between the centres of the corner modules (one module less than the symbol).
    assert 40.5 <= p.qr_width_mm <= 42.2, p.qr_width_mm


HOLDERS = [  # one of each kind: (kind, registration number, specialties, ID number)
    ("constructor", "京1112026000012345", ("building",), "110108198805120316"),
    ("architect", "2011110012", ("architecture",), "440106199508172628"),
    ("engineer", "S214101880", ("structural",), "11010519491231002X"),
]


def annotate_each_kind(db: Database, clerk: Actor) -> list[str]:
    """One valid certificate of each kind (the office key must exist); their serials."""
    from datetime import timedelta

    from tests.helpers.certificates import PASSPHRASE, add_holder

    today = today_in_china()
    serials = []
    for kind, number, specialties, id_number in HOLDERS:
        add_holder(db, kind=kind, number=number, specialties=specialties, id_number=id_number,
                   valid_from=today - timedelta(days=365), valid_until=today + timedelta(days=900))
        serials.append(CertificateService(db, clerk).annotate(number, PASSPHRASE, on=today).serial)
    return serials
