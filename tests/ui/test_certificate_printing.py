"""Printing certificates through the real Qt print path, into PDF files (QPrinter PdfFormat):
the only thing replaced is the physical printer. Checks page count, A4 paper, the QR code's
content and its physical size, a printer that fails mid-batch and the resume, cancel."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp

from app.printing.samples import sample_view
from app.ui.certificates.print_dialogs import CertificatePreviewDialog, PrintJob
from tests.helpers.printers import JammingPrinter, pdf_printer


@pytest.fixture(scope="module")
def views() -> list:
    return [sample_view(kind, serial=2026000300 + i, name=name)
            for i, (kind, name) in enumerate([("constructor", "张伟"), ("architect", "李娜"),
                                              ("engineer", "王䶮𠇔")])]


def decode_pages(path: Path, dpi: int = 150) -> list[tuple[str, float]]:
    """(QR text, QR symbol width in mm) of every page of a printed PDF."""
    doc = pdfium.PdfDocument(str(path))
    out = []
    for page in doc:
        assert (round(page.get_width()), round(page.get_height())) == (595, 842)  # A4 in pt
        image = page.render(scale=dpi / 72).to_pil().convert("L")
        (code,) = [c for c in zxingcpp.read_barcodes(image) if c.format == zxingcpp.BarcodeFormat.QRCode]
        pos = code.position
        width_px = ((pos.top_right.x - pos.top_left.x) + (pos.bottom_right.x - pos.bottom_left.x)) / 2
        out.append((code.text, width_px / dpi * 25.4))
    doc.close()
    return out


def test_batch_prints_every_certificate_at_physical_size(qtbot, tmp_path: Path, views: list) -> None:
    out = tmp_path / "printed.pdf"
    job = PrintJob(views)
    seen: list[tuple[int, int]] = []
    job.progress.connect(lambda d, t: seen.append((d, t)))
    assert job.run_blocking(pdf_printer(out))
    assert job.printed == 3 and seen[-1] == (3, 3)
    pages = decode_pages(out)
    assert [text for text, _ in pages] == [v.payload for v in views]
    for _, width_mm in pages:
        # zxing reports the centres of the corner modules: the symbol minus one module.
        assert 40.5 <= width_mm <= 42.2, width_mm


def test_failing_printer_is_reported_and_the_batch_resumes(qtbot, tmp_path: Path, views: list) -> None:
    job = PrintJob(views)
    failures: list[tuple[int, str]] = []
    job.failed.connect(lambda i, msg: failures.append((i, msg)))
    assert not job.run_blocking(JammingPrinter(tmp_path / "first.pdf", fail_on_page=2))
    assert failures == [(1, "new_page_refused")]
    assert job.next_index == 1 and job.printed == 1 and not job.complete
    # Resume on a working printer: only the certificates not yet printed come out.
    assert job.resume is not None
    assert job.run_blocking(pdf_printer(tmp_path / "rest.pdf"))
    assert job.complete and job.printed == 3
    assert [t for t, _ in decode_pages(tmp_path / "rest.pdf")] == [v.payload for v in views[1:]]


def test_printer_that_cannot_start_is_reported(qtbot, tmp_path: Path, views: list) -> None:
    job = PrintJob(views[:1])
    failures: list[tuple[int, str]] = []
    job.failed.connect(lambda i, msg: failures.append((i, msg)))
    assert not job.run_blocking(pdf_printer(tmp_path / "missing-dir" / "x.pdf"))
    assert failures == [(0, "printer_unavailable")] and job.next_index == 0


def test_cancel_stops_after_the_current_page(qtbot, tmp_path: Path, views: list) -> None:
    job = PrintJob(views)
    job.progress.connect(lambda done, total: job.cancel() if done == 1 else None)
    finished: list[int] = []
    job.finished.connect(finished.append)
    assert not job.run_blocking(pdf_printer(tmp_path / "cancel.pdf"))
    assert finished == [1] and job.next_index == 1
    assert len(decode_pages(tmp_path / "cancel.pdf")) == 1


def test_preview_dialog_paints_marked_pages(qtbot, views: list) -> None:
    dialog = CertificatePreviewDialog(views[:2])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.widget.updatePreview()
    qtbot.waitUntil(lambda: len(dialog.images) == 2, timeout=20000)
    assert dialog.widget.pageCount() == 2
    # The preview image carries the red "预览 不作为证书使用" mark: reddish pixels near the bottom.
    image = dialog.images[0]
    reds = 0
    for y in range(int(image.height() * 0.82), int(image.height() * 0.92), 4):
        for x in range(0, image.width(), 4):
            c = image.pixelColor(x, y)
            reds += c.red() > 200 and c.green() < 200 and c.blue() < 200
    assert reds > 50
    dialog.actual_size()
    dialog.close()
