"""Certificate rendering speed, against a baseline measured in the same run.

Measures:
* one certificate PDF (layout + ReportLab, fonts already registered): median of N runs; target
  < 50 ms. Baseline: a plain ReportLab page drawing the same text strings with the same font and
  the same images, without our layout engine or QR code.
* a batch of 1,000 certificates, one PDF file each plus nothing else (target < 60 s), and the
  same with the multi-page batch file.
* one certificate OFD (layout + XML + font subsetting with fontTools).
* the QR version and the printed module size (mm) of each demo certificate.

Run: .venv/bin/python benchmarks/certificate_benchmark.py [--batch 1000]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from reportlab.pdfgen.canvas import Canvas

from app.codes.payload import CertificateClaims, SpecialtyClaim, encode_payload
from app.printing.layout import layout_page
from app.printing.ofd_writer import render_ofd
from app.printing.pdf_renderer import MM, _font_name, render_batch, render_pdf
from app.printing.primitives import ImageItem, QrItem, TextItem
from app.printing.samples import SAMPLE_OFFICE_USCC, sample_key, sample_view
from app.printing.text import default_fonts

KINDS = ("architect", "constructor", "engineer")


def median_ms(fn, n: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def baseline_pdf(view) -> bytes:  # type: ignore[no-untyped-def]
    """The same strings and images on a page with plain ReportLab calls: what any PDF costs."""
    page = layout_page(view)  # positions only; not timed inside the baseline's work below
    texts = [(i.x, i.baseline, i.text, i.size_pt) for i in page.items if isinstance(i, TextItem)]
    images = [i for i in page.items if isinstance(i, ImageItem)]
    font = _font_name(default_fonts(), "F0")

    def draw() -> bytes:
        buf = io.BytesIO()
        c = Canvas(buf, pageCompression=1, initialFontName=font)
        for x, y, text, size in texts:
            c.setFont(font, size)
            c.drawString(x * MM, (297 - y) * MM, text)
        from reportlab.lib.utils import ImageReader

        for im in images:
            c.drawImage(ImageReader(io.BytesIO(im.data)), im.x * MM, (297 - im.y - im.h) * MM,
                        im.w * MM, im.h * MM, mask="auto")
        c.showPage()
        c.save()
        return buf.getvalue()

    return draw  # type: ignore[return-value]


def distinct_views(n: int) -> list:  # type: ignore[type-arg]
    """n certificates with distinct serials, names and signed payloads (not timed)."""
    key = sample_key()
    bases = {k: sample_view(k, key=key) for k in KINDS}
    out = []
    for i in range(n):
        base = bases[KINDS[i % 3]]
        claims = CertificateClaims(
            serial_number=str(2026100000 + i), version=1, kind=base.kind,
            registration_number=base.registration_number, name=f"张伟{i}", gender="M",
            birth_date=base.birth_date, employer_uscc=base.employer_uscc,
            employer_name=base.employer_name,
            specialties=tuple(SpecialtyClaim(s.code, s.valid_from, s.valid_until)
                              for s in base.specialties),
            photo_hash=b"\x00" * 8, issuer=SAMPLE_OFFICE_USCC, issued_at=base.issued_at,
            window_start=base.window_start, window_end=base.window_end)
        out.append(replace(base, name=claims.name, serial=claims.serial,
                           payload=encode_payload(claims, key.signer)))
    return out


def main() -> None:
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores "
          "(absolute times scale with it; the ratios much less)")
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()

    view = sample_view("constructor")
    render_pdf(view)  # warm-up: font registration, seal image, imports
    base = baseline_pdf(view)
    base()
    ours_ms = median_ms(lambda: render_pdf(view), args.runs)
    base_ms = median_ms(base, args.runs)  # type: ignore[arg-type]
    print(f"one certificate PDF : {ours_ms:7.1f} ms median  (target < 50 ms)")
    print(f"plain ReportLab page: {base_ms:7.1f} ms median  ratio {ours_ms / base_ms:.2f}x")
    render_ofd(view)
    ofd_ms = median_ms(lambda: render_ofd(view), max(5, args.runs // 3))
    # The QR matrix is cached per payload; a first print of a new certificate pays for it too.
    from app.printing.layout import qr_matrix

    def first_render() -> None:
        qr_matrix.cache_clear()
        render_pdf(view)

    first_ms = median_ms(first_render, args.runs)
    print(f"  first render (QR mask chosen anew): {first_ms:7.1f} ms median, "
          f"ratio {first_ms / base_ms:.2f}x")
    print(f"one certificate OFD : {ofd_ms:7.1f} ms median  ratio to PDF {ofd_ms / ours_ms:.2f}x")

    # Batch: distinct serials and names, so nothing is cached between certificates but fonts,
    # the seal image and the layout file (as in a real batch).
    # Every certificate has its own signed payload (so its own QR code) and name.
    views = distinct_views(args.batch)
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        files = render_batch(views, Path(tmp) / "each")
        each_s = time.perf_counter() - t
        t = time.perf_counter()
        render_batch(views, Path(tmp) / "both", combined="batch.pdf")
        both_s = time.perf_counter() - t
        from app.printing.layout import qr_matrix

        qr_matrix.cache_clear()  # as in the batch: every QR code computed once
        t = time.perf_counter()
        for v in views:
            layout_page(v)
        layout_s = time.perf_counter() - t
    print(f"batch of {len(views)} (one file each)        : {each_s:6.1f} s  (target < 60 s), "
          f"{each_s / len(views) * 1000:.1f} ms each, {len(files)} files")
    print(f"batch of {len(views)} (+ multi-page batch file): {both_s:6.1f} s")
    print(f"  of which layout (incl. QR) ~{layout_s:.1f} s; batch vs plain ReportLab per page: "
          f"{each_s / len(views) * 1000 / base_ms:.2f}x")

    for kind in KINDS:
        page = layout_page(sample_view(kind))
        (qr,) = [i for i in page.items if isinstance(i, QrItem)]
        print(f"{kind:12s} QR version {qr.version:2d}, {len(qr.matrix)} modules, "
              f"module {qr.module_mm:.3f} mm, symbol {qr.size_mm:.1f} mm + quiet zone "
              f"{qr.quiet * qr.module_mm:.2f} mm, payload {len(view.payload)} chars")


if __name__ == "__main__":
    main()
