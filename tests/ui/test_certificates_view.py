"""The 证书 screen with a real register (SQLite and PostgreSQL): list a person's certificates
with their state, annotate, print to a PDF "printer", export PDF and OFD, and refuse to print
a superseded certificate."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from app.models.db import Database
from app.services.base import Actor
from app.services.certificate_service import CertificateService, today_in_china
from app.ui.certificates import certificates_view as cv
from app.ui.common.background import wait_for_idle
from app.ui.common.changes import Changes
from tests.helpers.certificates import PASSPHRASE, add_holder, init_office_key
from tests.helpers.printing import validate_ofd

NUMBER = "京1112026000012345"
ID_NUMBER = "110108198805120316"


@pytest.fixture
def register(db: Database, actors: dict[str, Actor]) -> CertificateService:
    init_office_key(db, actors["admin"])
    today = today_in_china()
    add_holder(db, valid_from=today.replace(year=today.year - 1),
               valid_until=today.replace(year=today.year + 2))
    svc = CertificateService(db, actors["clerk"])
    svc.annotate(NUMBER, PASSPHRASE)
    return svc


@pytest.fixture
def view(qtbot, register: CertificateService, make_context, actors: dict[str, Actor],
         tmp_path: Path):  # type: ignore[no-untyped-def]
    def printer(_parent: object) -> QPrinter:
        p = QPrinter(QPrinter.PrinterMode.HighResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(tmp_path / "printed.pdf"))
        p.setResolution(200)
        return p

    widget = cv.CertificatesView(make_context(actors["clerk"]), register, ask_printer=printer,
                                 ask_directory=lambda _p, _t: tmp_path / "export")
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    wait_for_idle()


def load(qtbot, widget: cv.CertificatesView) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(widget.loaded, timeout=10000):
        widget.show_argument(ID_NUMBER)


def test_lists_prints_and_exports(qtbot, view: cv.CertificatesView, register: CertificateService,
                                  tmp_path: Path) -> None:
    load(qtbot, view)
    assert view.table.rowCount() == 1
    assert view.table.item(0, 0).text() == "张三丰"
    assert view.table.item(0, 7).text() == "有效"
    assert not view.buttons["print"].isEnabled()  # nothing selected yet
    view.table.selectRow(0)
    assert view.buttons["print"].isEnabled() and view.buttons["preview"].isEnabled()
    payload = register.get_view(view.rows[0].serial).payload

    with qtbot.waitSignal(view.action_finished, timeout=30000) as sig:
        qtbot.mouseClick(view.buttons["print"], Qt.MouseButton.LeftButton)
    assert sig.args == ["print"]
    assert "已打印 1 张" in view.status.text()
    doc = pdfium.PdfDocument(str(tmp_path / "printed.pdf"))
    image = doc[0].render(scale=150 / 72).to_pil()
    assert [c.text for c in zxingcpp.read_barcodes(image)] == [payload]
    doc.close()

    with qtbot.waitSignal(view.action_finished, timeout=30000):
        qtbot.mouseClick(view.buttons["export_pdf"], Qt.MouseButton.LeftButton)
    with qtbot.waitSignal(view.action_finished, timeout=30000):
        qtbot.mouseClick(view.buttons["export_ofd"], Qt.MouseButton.LeftButton)
    files = sorted(p.name for p in (tmp_path / "export").iterdir())
    assert files == [f"{NUMBER}_张三丰.ofd", f"{NUMBER}_张三丰.pdf"]
    errors = validate_ofd((tmp_path / "export" / f"{NUMBER}_张三丰.ofd").read_bytes())
    assert not any(errors.values())


def test_annotate_again_and_a_revoked_certificate_cannot_be_printed(
        qtbot, view: cv.CertificatesView, monkeypatch: pytest.MonkeyPatch, db: Database,
        actors: dict[str, Actor]) -> None:
    load(qtbot, view)
    view.table.selectRow(0)
    asked: list[str] = []

    def ask(number: str, parent: object = None) -> tuple[str, str]:
        asked.append(number)
        return number, PASSPHRASE

    monkeypatch.setattr(cv.AnnotateDialog, "ask", staticmethod(ask))
    with qtbot.waitSignal(view.loaded, timeout=20000):
        qtbot.mouseClick(view.buttons["annotate"], Qt.MouseButton.LeftButton)
    assert asked == [NUMBER]
    assert view.table.rowCount() == 2
    assert "加注成功" in view.status.text() or view.status.text().startswith("共 2")
    # Same data: the earlier printout still tells the truth, so both stay valid (service rule).
    assert [view.table.item(r, 7).text() for r in range(2)] == ["有效", "有效"]
    oldest = view.rows[1].serial
    CertificateService(db, actors["reviewer"]).revoke(oldest, "发证错误")
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.reload()
    row = next(r for r in range(2) if view.rows[r].serial == oldest)
    assert view.table.item(row, 7).text() == "已撤销"
    view.table.selectRow(row)
    assert not view.buttons["print"].isEnabled() and not view.buttons["export_pdf"].isEnabled()
    assert "重新加注" in view.buttons["print"].toolTip()
    assert view.buttons["preview"].isEnabled()


def test_wrong_passphrase_is_shown_as_a_sentence(qtbot, view: cv.CertificatesView,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    load(qtbot, view)
    view.table.selectRow(0)
    monkeypatch.setattr(cv.AnnotateDialog, "ask",
                        staticmethod(lambda number, parent=None: (number, "wrong passphrase!")))
    shown: list[str] = []
    monkeypatch.setattr("app.ui.common.errors.message_box", lambda parent, title, text: shown.append(text))
    qtbot.mouseClick(view.buttons["annotate"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert "口令" in shown[0] or "密钥" in shown[0], shown


def test_main_window_shows_the_certificates_page(qtbot, register: CertificateService,
                                                 make_main_window, actors: dict[str, Actor]) -> None:
    win = make_main_window(actors["clerk"])
    assert "certificates" in win.page_keys()
    page = win.page("certificates")
    assert isinstance(page, cv.CertificatesView)
    with qtbot.waitSignal(page.loaded, timeout=10000):
        win.go_to("certificates", ID_NUMBER)
    assert page.table.rowCount() == 1
    # A reviewer may read certificates but neither annotate nor print them.
    desk = make_main_window(actors["reviewer"]).page("certificates")
    assert isinstance(desk, cv.CertificatesView)
    assert not desk.buttons["print"].isVisibleTo(desk) and not desk.buttons["annotate"].isVisibleTo(desk)


def test_printer_jam_is_reported_and_resume_prints_the_rest(
        qtbot, register: CertificateService, make_context, actors: dict[str, Actor],
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.helpers.printers import JammingPrinter

    register.annotate(NUMBER, PASSPHRASE)  # a second valid certificate of the same holder
    printers = iter([JammingPrinter(tmp_path / "jam.pdf", fail_on_page=2),
                     JammingPrinter(tmp_path / "rest.pdf", fail_on_page=99)])
    widget = cv.CertificatesView(make_context(actors["clerk"]), register,
                                 ask_printer=lambda _p: next(printers))
    qtbot.addWidget(widget)
    widget.show()
    shown: list[str] = []
    monkeypatch.setattr(cv, "message_box", lambda parent, title, text: shown.append(text))
    load(qtbot, widget)
    assert widget.table.rowCount() == 2
    widget.table.selectAll()
    with qtbot.waitSignal(widget.action_finished, timeout=30000):
        qtbot.mouseClick(widget.buttons["print"], Qt.MouseButton.LeftButton)
    assert shown and "第 2 张证书" in shown[0] and "继续打印" in shown[0]
    assert widget.buttons["resume"].isEnabled()
    with qtbot.waitSignal(widget.action_finished, timeout=30000):
        qtbot.mouseClick(widget.buttons["resume"], Qt.MouseButton.LeftButton)
    assert "已打印 2 张" in widget.status.text()  # 1 before the jam + 1 after, none twice
    assert not widget.buttons["resume"].isEnabled()
    assert len(pdfium.PdfDocument(str(tmp_path / "rest.pdf"))) == 1
    wait_for_idle()


def test_printing_a_revoked_certificate_is_refused_by_the_service(
        qtbot, view: cv.CertificatesView, db: Database, actors: dict[str, Actor], tmp_path: Path,
        errors_shown: list[str]) -> None:
    """The disabled buttons are only a hint: the GUI's print and export paths ask the service
    for printable views, which refuses a certificate that is not valid."""
    load(qtbot, view)
    CertificateService(db, actors["reviewer"]).revoke(view.rows[0].serial, "发证错误")
    with qtbot.waitSignal(view.loaded, timeout=10000):
        view.reload()
    view.table.selectRow(0)
    assert view.rows[0].state == "revoked" and not view.buttons["print"].isEnabled()
    view.print_selected()  # as if the button had been pressed anyway
    qtbot.waitUntil(lambda: len(errors_shown) == 1, timeout=10000)
    assert "不能作为有效证书打印" in errors_shown[0]
    assert view.print_controller is None and not (tmp_path / "printed.pdf").exists()
    for shown, fmt in enumerate(("pdf", "ofd"), start=2):
        view.export(fmt)
        qtbot.waitUntil(lambda n=shown: len(errors_shown) == n, timeout=10000)
        assert "不能作为有效证书打印" in errors_shown[-1]
    assert not (tmp_path / "export").exists()


def test_printing_without_the_print_permission_is_refused_by_the_service(
        qtbot, register: CertificateService, make_context, actors: dict[str, Actor],
        tmp_path: Path, errors_shown: list[str]) -> None:
    asked: list[object] = []
    # The reviewer's own services from the context (no service handed in).
    widget = cv.CertificatesView(make_context(actors["reviewer"]),
                                 ask_printer=lambda parent: asked.append(parent),
                                 ask_directory=lambda _p, _t: tmp_path / "export")
    qtbot.addWidget(widget)
    widget.show()
    load(qtbot, widget)
    widget.table.selectRow(0)
    assert widget.rows[0].state == "valid" and not widget.buttons["print"].isVisibleTo(widget)
    widget.print_selected()
    qtbot.waitUntil(lambda: len(errors_shown) == 1, timeout=10000)
    widget.export("pdf")
    qtbot.waitUntil(lambda: len(errors_shown) == 2, timeout=10000)
    assert all("certificate.print" in text for text in errors_shown), errors_shown
    assert asked == [] and widget.print_controller is None and not (tmp_path / "export").exists()
    wait_for_idle()


def test_annotating_and_printing_announce_changes_and_lists_refresh_themselves(
        qtbot, view: cv.CertificatesView, register: CertificateService,
        monkeypatch: pytest.MonkeyPatch) -> None:
    load(qtbot, view)
    other = cv.CertificatesView(view.ctx, register)  # e.g. the same list in another place
    qtbot.addWidget(other)
    other.show()
    load(qtbot, other)
    hidden = cv.CertificatesView(view.ctx, register)
    qtbot.addWidget(hidden)
    with qtbot.waitSignal(hidden.loaded, timeout=10000):
        hidden.show_argument(ID_NUMBER)  # loaded, but not on screen
    published: list[Changes] = []
    view.ctx.changes.changed.connect(published.append)
    view.table.selectRow(0)
    monkeypatch.setattr(cv.AnnotateDialog, "ask",
                        staticmethod(lambda number, parent=None: (number, PASSPHRASE)))
    with qtbot.waitSignals([view.loaded, other.loaded], timeout=20000):
        qtbot.mouseClick(view.buttons["annotate"], Qt.MouseButton.LeftButton)
    assert published == [Changes(certificates=True)]
    assert view.table.rowCount() == 2
    assert other.table.rowCount() == 2  # nobody asked it to reload
    assert hidden.table.rowCount() == 1  # hidden: it waits until it is shown
    with qtbot.waitSignal(hidden.loaded, timeout=10000):
        hidden.show()
    assert hidden.table.rowCount() == 2

    view.table.selectRow(0)
    with qtbot.waitSignal(view.action_finished, timeout=30000):
        qtbot.mouseClick(view.buttons["print"], Qt.MouseButton.LeftButton)
    assert "已打印 1 张" in view.status.text()
    assert published == [Changes(certificates=True)] * 2
    qtbot.waitUntil(lambda: other.table.rowCount() == 2 and other.status.text().startswith("共"))
    wait_for_idle()


def test_the_english_screen_names_codes_in_english(qtbot, register: CertificateService,
                                                   make_context, actors: dict[str, Actor]) -> None:
    widget = cv.CertificatesView(make_context(actors["clerk"], "en"))
    qtbot.addWidget(widget)
    widget.show()
    load(qtbot, widget)
    c = widget.rows[0]
    assert widget.table.item(0, 2).text() == "Class 1 Constructor"
    assert widget.table.item(0, 6).text() == f"{c.window_start.isoformat()} to {c.window_end.isoformat()}"
    assert widget.table.item(0, 7).text() == "Valid"
    assert widget.table.horizontalHeaderItem(8).text() == "Licence identifier"
    assert [widget.state.itemText(i) for i in range(widget.state.count())] == \
        ["All states", "Valid", "Use window over", "Superseded", "Revoked"]
    assert widget.kind.itemText(0) == "All kinds" and widget.kind.itemText(2) == "Class 1 Constructor"
    wait_for_idle()
