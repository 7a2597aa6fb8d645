"""Every certificate file the desktop writes is sealed when the office has seals (issue 13):
"print to file" from the print dialog (a QPrinter writing a PDF) yields our own sealed PDF, not
Qt's unsealed picture of it, and the combined file 证书合集.pdf of an export is sealed too.
Checked with pyHanko's validator (the help desk's check), ``pdfsig`` and the QR codes on the
rendered pages."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped, unused-ignore]
import pytest
import zxingcpp
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from app.models.db import Database
from app.services.base import Actor
from app.services.seal_service import SealService
from app.ui.certificates import certificates_view as cv
from app.ui.common.background import wait_for_idle
from tests.helpers.certificates import PASSPHRASE
from tests.helpers.seals import office_with_certificates

SIGNERS = ["全国注册建筑师管理委员会", "全国注册建筑师管理委员会主任委员"]


def _pdf_printer(path: Path):  # type: ignore[no-untyped-def]
    def ask(_parent: object) -> QPrinter:
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(path))
        return p
    return ask


def _states(db: Database, actors: dict[str, Actor], path: Path) -> list[tuple[str | None, str]]:
    found = SealService(db, actors["helpdesk"]).check_file(path)
    return [(f.seal, f.state) for f in found]  # type: ignore[attr-defined]


def _qr_texts(path: Path) -> list[str]:
    doc = pdfium.PdfDocument(str(path))
    try:
        return [c.text for page in doc
                for c in zxingcpp.read_barcodes(page.render(scale=150 / 72).to_pil())]
    finally:
        doc.close()


def _pdfsig(path: Path) -> str:
    return subprocess.run(["pdfsig", str(path)], capture_output=True, text=True).stdout


@pytest.fixture
def office(qtbot, db: Database, actors: dict[str, Actor], make_context,  # type: ignore[no-untyped-def]
           tmp_path: Path):
    views = office_with_certificates(db, actors["admin"], actors["clerk"])
    answers: list[str | None] = []
    out = tmp_path / "打印输出.pdf"
    widget = cv.CertificatesView(make_context(actors["clerk"]), ask_printer=_pdf_printer(out),
                                 ask_directory=lambda _p, _t: tmp_path / "export",
                                 ask_passphrase=lambda _p: answers.pop(0))
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitSignal(widget.loaded, timeout=10000):
        widget.load_batch()  # every certificate: one per kind
    assert widget.table.rowCount() == 3
    yield widget, answers, out, views
    wait_for_idle()


def test_print_to_file_writes_a_sealed_pdf(qtbot, office, db: Database,  # type: ignore[no-untyped-def]
                                           actors: dict[str, Actor]) -> None:
    widget, answers, out, views = office
    architect = next(i for i, r in enumerate(widget.rows) if r.kind == "architect")
    widget.table.selectRow(architect)

    answers.append(None)  # the passphrase question cancelled: no file, nothing printed by Qt
    with qtbot.waitSignal(widget.action_finished, timeout=30000):
        qtbot.mouseClick(widget.buttons["print"], Qt.MouseButton.LeftButton)
    assert not out.exists() and "取消" in widget.status.text()

    answers.append(PASSPHRASE)
    with qtbot.waitSignal(widget.action_finished, timeout=60000):
        qtbot.mouseClick(widget.buttons["print"], Qt.MouseButton.LeftButton)
    assert "电子签章" in widget.status.text()
    assert _states(db, actors, out) == [("committee", "unmodified"), ("chairman", "unmodified")]
    assert _qr_texts(out) == [views["architect"].payload]
    if shutil.which("pdfsig"):
        listing = _pdfsig(out)
        assert listing.index(SIGNERS[0]) < listing.index(SIGNERS[1])
    assert not widget.buttons["resume"].isEnabled()  # nothing half printed to resume


def test_print_to_file_of_several_certificates_seals_the_combined_file(
        qtbot, office, db: Database, actors: dict[str, Actor]) -> None:  # type: ignore[no-untyped-def]
    widget, answers, out, views = office
    widget.table.selectAll()
    answers.append(PASSPHRASE)
    with qtbot.waitSignal(widget.action_finished, timeout=60000):
        qtbot.mouseClick(widget.buttons["print"], Qt.MouseButton.LeftButton)
    states = _states(db, actors, out)
    # Each seal the three kinds carry, once, each signing the whole file.
    assert sorted(states) == [("chairman", "unmodified"), ("committee", "unmodified"),
                              ("office", "unmodified")]
    assert sorted(_qr_texts(out)) == sorted(v.payload for v in views.values())
    if shutil.which("pdfsig"):
        listing = _pdfsig(out)
        assert all(name in listing for name in SIGNERS) and "电子证书专用章" in listing


def test_export_seals_the_combined_file(qtbot, office, db: Database,  # type: ignore[no-untyped-def]
                                        actors: dict[str, Actor], tmp_path: Path) -> None:
    widget, answers, _out, _views = office
    widget.table.selectAll()
    answers.append(PASSPHRASE)
    with qtbot.waitSignal(widget.action_finished, timeout=60000):
        qtbot.mouseClick(widget.buttons["export_pdf"], Qt.MouseButton.LeftButton)
    combined = tmp_path / "export" / "证书合集.pdf"
    assert len(pdfium.PdfDocument(str(combined))) == 3
    assert sorted(s for _, s in _states(db, actors, combined)) == ["unmodified"] * 3
    # Every file the export wrote is sealed: three certificates and the combined file.
    files = sorted((tmp_path / "export").glob("*.pdf"))
    assert len(files) == 4
    for f in files:
        assert _states(db, actors, f) and {s for _, s in _states(db, actors, f)} == {"unmodified"}
    # A changed byte in the combined file is seen.
    data = bytearray(combined.read_bytes())
    data[len(data) // 3] ^= 0x01
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(bytes(data))
    assert "unmodified" not in {s for _, s in _states(db, actors, broken)}
