"""Pairing, bundles and conflicts through the Offices & keys screen (issue 12), with two real
registers: the central office on the test database (SQLite, and PostgreSQL when a server is
given) and a field office on SQLite. Pairing shows the same fingerprint on both screens (also
decoded from the QR code) and pairs only when the operator confirms; a typed-in fingerprint that
differs blocks it. A bundle goes out of one screen and into the other, twice (the second time
changes nothing), a damaged copy is refused with a message; a person changed at both offices
lands in the conflicts queue, side by side, and is merged field by field."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import zxingcpp
from PIL import Image
from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QPixmap
from sqlalchemy import select

from app.models.staff import AuditEntry
from app.ui.common.background import wait_for_idle
from app.ui.offices.offices_view import OfficesView
from tests.helpers.offices import ScriptedPrompts, fill_and_ok, wait_for
from tests.helpers.sync_offices import (
    ADMIN,
    CENTRAL_NAME,
    CENTRAL_USCC,
    FIELD_NAME,
    FIELD_USCC,
    PASSPHRASE,
    Office,
    make_office,
    pair,
)

ID_NUMBER = "110108198805120316"


def _qr_text(pixmap: QPixmap) -> str:
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    pixmap.save(buf, "PNG")
    found = zxingcpp.read_barcodes(Image.open(io.BytesIO(bytes(buf.data()))))
    return found[0].text if found else ""


def _offices(db_url: str, sqlite_template: Path, tmp_path: Path,
             field_role: str = "field") -> tuple[Office, Office]:
    import shutil

    day = date.today()
    central = make_office(db_url, CENTRAL_USCC, CENTRAL_NAME, "central", day)
    path = tmp_path / "field.sqlite3"
    shutil.copy(sqlite_template, path)
    field = make_office(f"sqlite:///{path.as_posix()}", FIELD_USCC, FIELD_NAME, field_role, day)
    return central, field


def _view(qtbot, make_context, office: Office, prompts: ScriptedPrompts,  # type: ignore[no-untyped-def]
          language: str = "zh") -> OfficesView:
    view = OfficesView(make_context(ADMIN, language, services=office.admin), prompts)
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


def _audited(office: Office) -> list[str]:
    with office.db.session_scope(write=False) as s:
        return list(s.scalars(select(AuditEntry.action)))


def test_pairing_confirmed_only_when_fingerprints_match(  # type: ignore[no-untyped-def]
        qtbot, db_url: str, sqlite_template: Path, make_context, tmp_path: Path) -> None:
    central, field = _offices(db_url, sqlite_template, tmp_path, field_role="central")
    prompts = ScriptedPrompts()
    view = _view(qtbot, make_context, field, prompts)
    own = view.own
    wait_for(qtbot, lambda: own.identity is not None)
    assert own.code.text() == FIELD_USCC

    # the role is set on the screen
    own.role.setCurrentIndex(own.role.findData("field"))
    with qtbot.waitSignal(own.role_saved, timeout=20000):
        qtbot.mouseClick(own.save_role, Qt.MouseButton.LeftButton)
    assert field.admin.sync.office_identity().role == "field"

    central_fp = central.admin.sync.office_identity().pairing_fingerprint
    field_fp = field.admin.sync.office_identity().pairing_fingerprint
    assert central_fp and field_fp and central_fp != field_fp
    assert own.pairing.fingerprint == field_fp  # what the centre's operator will compare
    assert _qr_text(own.pairing.qr.pixmap()) == field_fp

    trust = tmp_path / "central-trust.json"
    trust.write_bytes(central.admin.keys.export_trust(PASSPHRASE))

    # refused: the partner read out something else; nothing is stored
    prompts.paths.append(trust)
    with qtbot.waitSignal(view.pairing.opened, timeout=20000) as opened:
        qtbot.mouseClick(view.pairing.pair_button, Qt.MouseButton.LeftButton)
    d = opened.args[0]
    assert d.theirs.fingerprint == central_fp  # the same digits the central screen shows
    assert _qr_text(d.theirs.qr.pixmap()) == central_fp
    assert d.ours.fingerprint == field_fp
    assert not d.pair_button.isEnabled()  # nothing confirmed yet
    d.typed.setText(central_fp[:10])
    assert d.typed_state() == "partial"
    d.typed.setText(field_fp)  # our own read back by mistake
    d.confirm.setChecked(True)
    assert d.typed_state() == "mismatch" and not d.pair_button.isEnabled()
    assert "不一致" in d.match_label.text()
    with qtbot.waitSignal(d.refused, timeout=5000):
        qtbot.mouseClick(d.mismatch_button, Qt.MouseButton.LeftButton)
    assert not d.isVisible()
    assert field.admin.sync.paired_offices() == []

    # confirmed: pairs, and the list shows the office with its fingerprint
    prompts.paths.append(trust)
    with qtbot.waitSignal(view.pairing.opened, timeout=20000) as opened:
        qtbot.mouseClick(view.pairing.pair_button, Qt.MouseButton.LeftButton)
    d = opened.args[0]
    d.typed.setText(central_fp.lower().replace(" ", ""))
    assert d.typed_state() == "match"
    d.confirm.setChecked(True)
    with qtbot.waitSignal(d.paired, timeout=20000):
        qtbot.mouseClick(d.pair_button, Qt.MouseButton.LeftButton)
    assert [o.code for o in field.admin.sync.paired_offices()] == [CENTRAL_USCC]
    assert "sync_office_paired" in _audited(field)
    view.tabs.setCurrentIndex(1)  # a hidden tab refreshes when shown
    wait_for(qtbot, lambda: view.pairing.table.rowCount() == 1)
    assert view.pairing.table.item(0, 4).text() == central_fp
    assert CENTRAL_NAME in prompts.informed[-1]
    wait_for_idle()
    central.db.dispose()
    field.db.dispose()


def test_bundles_between_two_screens_and_a_conflict_merged(  # type: ignore[no-untyped-def]
        qtbot, db_url: str, sqlite_template: Path, make_context, tmp_path: Path) -> None:
    central, field = _offices(db_url, sqlite_template, tmp_path)
    pair(field, central)
    person = field.clerk.register.create_person(id_number=ID_NUMBER, name="张三丰",
                                                mobile="13800138000")
    prompts = ScriptedPrompts()
    fv = _view(qtbot, make_context, field, prompts)
    cv = _view(qtbot, make_context, central, prompts)

    fv.tabs.setCurrentIndex(2)
    cv.tabs.setCurrentIndex(2)
    # field -> central
    bundle = tmp_path / "usb" / "field-1.rosync"
    wait_for(qtbot, lambda: fv.sync.office.count() == 1 and fv.sync.export_button.isEnabled())
    prompts.paths.append(bundle)
    qtbot.mouseClick(fv.sync.export_button, Qt.MouseButton.LeftButton)
    _, exported = fill_and_ok(qtbot, fv.sync.dialog, fv.sync.done, passphrase=PASSPHRASE)
    assert exported.seq == 1 and exported.counts.get("person") == 1 and bundle.exists()
    assert "第 1 号数据包" in prompts.informed[-1]
    wait_for(qtbot, lambda: fv.sync.history.rowCount() == 1)
    assert fv.sync.history.item(0, 1).text() == "发出"

    prompts.paths.append(bundle)
    qtbot.mouseClick(cv.sync.import_button, Qt.MouseButton.LeftButton)
    d = cv.sync.dialog
    d.fields["passphrase"].setText("wrong passphrase, surely")
    d.on_ok()
    wait_for(qtbot, lambda: d.error.text() != "")
    assert d.isVisible()
    _, imported = fill_and_ok(qtbot, d, cv.sync.done, passphrase=PASSPHRASE)
    assert imported.from_office == FIELD_USCC and imported.counts.get("person") == 1
    assert central.admin.register.find_person(ID_NUMBER) is not None
    assert "已导入" in prompts.informed[-1]
    wait_for(qtbot, lambda: cv.sync.status_table.rowCount() == 1
             and "第 1 号" in cv.sync.status_table.item(0, 2).text())

    # the same bundle again: nothing changes, and the operator is told so
    prompts.paths.append(bundle)
    qtbot.mouseClick(cv.sync.import_button, Qt.MouseButton.LeftButton)
    _, again = fill_and_ok(qtbot, cv.sync.dialog, cv.sync.done, passphrase=PASSPHRASE)
    assert again.already_applied and "没有任何更改" in prompts.informed[-1]

    # the person changed at both offices: the field's bundle brings a conflict to the centre
    field.clerk.register.update_person(person.id, {"mobile": "13900139000"})
    central_person = central.admin.register.find_person(ID_NUMBER)
    assert central_person is not None
    central.clerk.register.update_person(central_person.id, {"mobile": "13700137000",
                                                             "operator_mobile": "13600136000"})
    bundle2 = tmp_path / "usb" / "field-2.rosync"
    prompts.paths.append(bundle2)
    qtbot.mouseClick(fv.sync.export_button, Qt.MouseButton.LeftButton)
    fill_and_ok(qtbot, fv.sync.dialog, fv.sync.done, passphrase=PASSPHRASE)

    # a damaged copy is refused in the dialog; the register does not change
    damaged = tmp_path / "damaged.rosync"
    data = bytearray(bundle2.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    before = len(central.admin.sync.history())
    prompts.paths.append(damaged)
    qtbot.mouseClick(cv.sync.import_button, Qt.MouseButton.LeftButton)
    d = cv.sync.dialog
    d.fields["passphrase"].setText(PASSPHRASE)
    d.on_ok()
    wait_for(qtbot, lambda: d.error.text() != "")
    assert d.isVisible() and "Traceback" not in d.error.text()
    d.reject()
    assert len(central.admin.sync.history()) == before

    prompts.paths.append(bundle2)
    qtbot.mouseClick(cv.sync.import_button, Qt.MouseButton.LeftButton)
    _, imported = fill_and_ok(qtbot, cv.sync.dialog, cv.sync.done, passphrase=PASSPHRASE)
    assert imported.conflicts == 1 and "冲突" in prompts.informed[-1]

    panel = cv.conflicts
    cv.tabs.setCurrentIndex(3)
    wait_for(qtbot, lambda: panel.table.rowCount() == 1 and panel.view.conflict is not None)
    assert cv.tabs.tabText(3) == "冲突（1）"
    differing = panel.view.differing()
    assert "mobile" in differing and "operator_mobile" in differing
    fields = panel.view.table
    by_field = {fields.item(r, 0).text(): r for r in range(fields.rowCount())}
    row = by_field["手机号码"]
    assert (fields.item(row, 1).text(), fields.item(row, 2).text()) == ("13700137000", "13900139000")
    assert fields.item(row, 1).background().color().name() == "#fff3c4"  # highlighted
    same = by_field["证件号码"]
    assert fields.item(same, 3).text() == "相同"
    # merge: their mobile, our operator mobile
    panel.view.choose("mobile", "theirs")
    panel.view.choose("operator_mobile", "ours")
    prompts.confirms.append(True)
    with qtbot.waitSignal(panel.resolved, timeout=20000):
        qtbot.mouseClick(panel.buttons["merge"], Qt.MouseButton.LeftButton)
    merged = central.admin.register.find_person(ID_NUMBER)
    assert merged is not None
    assert (merged.mobile, merged.operator_mobile) == ("13900139000", "13600136000")
    assert central.admin.sync.conflicts() == []
    assert central.admin.sync.conflicts(open_only=False)[0].resolution == "merge"
    assert any("conflict" in a for a in _audited(central))
    wait_for(qtbot, lambda: panel.table.rowCount() == 0)
    assert cv.tabs.tabText(3) == "冲突"
    wait_for_idle()
    central.db.dispose()
    field.db.dispose()


def test_reviewer_resolves_a_conflict_from_its_own_page(  # type: ignore[no-untyped-def]
        qtbot, db_url: str, sqlite_template: Path, make_context, tmp_path: Path) -> None:
    from app.ui.shell.main_window import MainWindow
    from tests.helpers.sync_offices import REVIEWER, send

    central, field = _offices(db_url, sqlite_template, tmp_path)
    pair(field, central)
    person = field.clerk.register.create_person(id_number=ID_NUMBER, name="张三丰",
                                                mobile="13800138000")
    send(field, central, tmp_path)
    field.clerk.register.update_person(person.id, {"mobile": "13900139000"})
    here = central.admin.register.find_person(ID_NUMBER)
    assert here is not None
    central.clerk.register.update_person(here.id, {"mobile": "13700137000"})
    assert send(field, central, tmp_path)[1].conflicts == 1

    win = MainWindow(make_context(REVIEWER, services=central.services(REVIEWER)), idle_lock=False)
    try:
        win.show()
        qtbot.waitExposed(win)
        assert "conflicts" in win.page_keys() and "offices" not in win.page_keys()
        page = win.page("conflicts")
        panel = page.conflicts
        prompts = ScriptedPrompts()
        panel.prompts = prompts
        wait_for(qtbot, lambda: panel.table.rowCount() == 1 and panel.view.conflict is not None)
        assert panel.table.item(0, 2).text() == FIELD_NAME  # the office by name
        prompts.confirms.append(True)
        with qtbot.waitSignal(panel.resolved, timeout=20000):
            qtbot.mouseClick(panel.buttons["theirs"], Qt.MouseButton.LeftButton)
        resolved = central.admin.register.find_person(ID_NUMBER)
        assert resolved is not None and resolved.mobile == "13900139000"
        wait_for(qtbot, lambda: panel.table.rowCount() == 0)
        panel.show_resolved.setChecked(True)
        wait_for(qtbot, lambda: panel.table.rowCount() == 1)
        assert panel.table.item(0, 4).text() == "采用对方版本"
        assert not panel.buttons["ours"].isEnabled()  # a resolved conflict is only shown
    finally:
        win.close()
        win.deleteLater()
        wait_for_idle()
    central.db.dispose()
    field.db.dispose()
