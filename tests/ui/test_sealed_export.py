"""Exporting from the 证书 screen when the office has seals (issue 13): the passphrase is asked
once, every certificate file is sealed (PDF: PAdES, OFD: GB/T 38540), cancelling the question
exports nothing, and a wrong passphrase writes no file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.models.db import Database
from app.services.base import Actor
from app.services.certificate_service import CertificateService, today_in_china
from app.services.seal_service import SealService
from app.ui.certificates import certificates_view as cv
from app.ui.common.background import wait_for_idle
from tests.helpers.certificates import PASSPHRASE, add_holder, init_office_key

NUMBER = "京1112026000012345"
ID_NUMBER = "110108198805120316"


def test_sealed_export(qtbot, db: Database, actors: dict[str, Actor], make_context,  # type: ignore[no-untyped-def]
                       tmp_path: Path) -> None:
    init_office_key(db, actors["admin"])
    SealService(db, actors["admin"]).create_seals(PASSPHRASE)
    today = today_in_china()
    add_holder(db, valid_from=today.replace(year=today.year - 1),
               valid_until=today.replace(year=today.year + 2))
    CertificateService(db, actors["clerk"]).annotate(NUMBER, PASSPHRASE)
    answers: list[str | None] = [None, "wrong passphrase!!", PASSPHRASE, PASSPHRASE]
    widget = cv.CertificatesView(make_context(actors["clerk"]),
                                 ask_directory=lambda _p, _t: tmp_path / "export",
                                 ask_passphrase=lambda _p: answers.pop(0))
    qtbot.addWidget(widget)
    widget.show()
    with qtbot.waitSignal(widget.loaded, timeout=10000):
        widget.show_argument(ID_NUMBER)
    widget.table.selectRow(0)

    qtbot.mouseClick(widget.buttons["export_pdf"], Qt.MouseButton.LeftButton)  # cancelled
    wait_for_idle()
    assert not (tmp_path / "export").exists()
    qtbot.mouseClick(widget.buttons["export_pdf"], Qt.MouseButton.LeftButton)  # wrong passphrase
    wait_for_idle(30000)
    assert not list((tmp_path / "export").glob("*.pdf"))  # the error box said why; no file

    for fmt in ("pdf", "ofd"):
        with qtbot.waitSignal(widget.action_finished, timeout=60000):
            qtbot.mouseClick(widget.buttons[f"export_{fmt}"], Qt.MouseButton.LeftButton)
    helpdesk = SealService(db, actors["helpdesk"])
    pdf = tmp_path / "export" / f"{NUMBER}_张三丰.pdf"
    ofd = tmp_path / "export" / f"{NUMBER}_张三丰.ofd"
    assert [s.state for s in helpdesk.check_file(pdf)] == ["unmodified"]  # type: ignore[attr-defined]
    assert [s.state for s in helpdesk.check_file(ofd)] == ["unmodified"]  # type: ignore[attr-defined]
    wait_for_idle()
