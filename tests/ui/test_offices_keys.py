"""The Offices & keys screen's key, seal and trust operations (issue 12, item 5), driven through
the real panels on real SQLite registers: create the office key, a wrong passphrase refused in
the dialog, rotate, mark compromised, create and revoke seals, export the trust file and import
it in another register after its preview, export/import the revocation list, distrust."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from sqlalchemy import select

from app.codes.trust_file import parse_trust_file
from app.models.db import Database
from app.models.staff import AuditEntry
from app.services.base import Actor
from app.services.catalog import Services
from app.services.key_service import KeyService
from app.services.seal_service import SealService
from app.ui.common.background import wait_for_idle
from app.ui.offices.keys_panel import KeysPanel
from app.ui.offices.seals_panel import SealsPanel
from app.ui.offices.trust_panel import TrustPanel
from tests.helpers.certificates import OFFICE_NAME, OFFICE_USCC, PASSPHRASE
from tests.helpers.offices import (
    FIELD_NAME,
    FIELD_USCC,
    ScriptedPrompts,
    fill_and_ok,
    other_register,
    wait_for,
)

ADMIN = Actor("admin", "admin", "管理员")


def _panel(qtbot, cls, ctx, prompts):  # type: ignore[no-untyped-def]
    panel = cls(ctx, prompts)
    qtbot.addWidget(panel)
    panel.resize(1000, 500)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _audited(db: Database) -> set[str]:
    with db.session_scope(write=False) as s:
        return set(s.scalars(select(AuditEntry.action)))


def _rows(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [[table.item(r, c).text() for c in range(table.columnCount())]
            for r in range(table.rowCount())]


def test_key_life_cycle_through_the_screen(qtbot, db: Database, make_context,  # type: ignore[no-untyped-def]
                                           tmp_path: Path) -> None:
    prompts = ScriptedPrompts()
    ctx = make_context(ADMIN, services=Services.build(db, ADMIN))
    keys = _panel(qtbot, KeysPanel, ctx, prompts)
    wait_for(qtbot, lambda: keys.buttons["init"].isEnabled())
    assert not keys.buttons["rotate"].isEnabled()  # nothing to rotate yet

    # init: mismatched passphrases stop in the dialog, before any service call
    qtbot.mouseClick(keys.buttons["init"], Qt.MouseButton.LeftButton)
    d = keys.dialog
    d.fields["code"].setText(OFFICE_USCC)
    d.fields["name"].setText(OFFICE_NAME)
    d.fields["passphrase"].setText(PASSPHRASE)
    d.fields["passphrase_again"].setText(PASSPHRASE + "x")
    d.fields["seals"].setChecked(False)
    d.on_ok()
    assert "不一致" in d.error.text() and d.isVisible()
    (_, created), = [fill_and_ok(qtbot, d, keys.done, passphrase_again=PASSPHRASE)]
    assert not d.isVisible()
    wait_for(qtbot, lambda: keys.table.rowCount() == 1)
    assert created.state == "active" and created.office_code == OFFICE_USCC
    assert " ".join(_rows(keys.table)[0][4].split()) == created.fingerprint
    assert keys.buttons["rotate"].isEnabled() and not keys.buttons["init"].isEnabled()

    # rotate: a wrong passphrase is refused inside the dialog, which stays open and cleared
    qtbot.mouseClick(keys.buttons["rotate"], Qt.MouseButton.LeftButton)
    d = keys.dialog
    d.fields["passphrase"].setText("not the passphrase at all")
    d.on_ok()
    wait_for(qtbot, lambda: d.error.text() != "")
    wait_for_idle()
    assert d.isVisible() and d.fields["passphrase"].text() == ""
    assert "口令" in d.error.text()
    _, rotated = fill_and_ok(qtbot, d, keys.done, passphrase=PASSPHRASE)
    wait_for(qtbot, lambda: keys.table.rowCount() == 2)
    states = {k.key_id: k.state for k in KeyService(db, ADMIN).list_keys()}
    assert states == {created.key_id: "retired", rotated.key_id: "active"}

    # compromise the retired key (the active one must be rotated first: the button is offered,
    # the service refuses, the dialog says why)
    row = [k.key_id for k in keys.keys].index(created.key_id)
    keys.table.selectRow(row)
    qtbot.mouseClick(keys.buttons["compromise"], Qt.MouseButton.LeftButton)
    d = keys.dialog
    d.on_ok()
    assert "原因" in d.error.text()  # a reason is required
    fill_and_ok(qtbot, d, keys.done, reason="备份盘遗失")
    info = {k.key_id: k for k in KeyService(db, ADMIN).list_keys()}[created.key_id]
    assert info.state == "compromised" and info.compromise_reason == "备份盘遗失"
    wait_for(qtbot, lambda: any("备份盘遗失" in r[2] for r in _rows(keys.table)))

    # export the trust file: the save dialog's path, then the passphrase
    out = tmp_path / "usb" / "trust.json"
    prompts.paths.append(out)
    qtbot.mouseClick(keys.buttons["export_trust"], Qt.MouseButton.LeftButton)
    fill_and_ok(qtbot, keys.dialog, keys.done, passphrase=PASSPHRASE)
    assert str(out) in prompts.informed[-1]
    parsed = parse_trust_file(out.read_bytes())
    assert parsed.office_code == OFFICE_USCC
    assert rotated.key_id in parsed.signed_by
    assert {"key_created", "key_rotated", "key_compromised", "trust_exported"} <= _audited(db)
    wait_for_idle()


def test_seals_created_and_revoked(qtbot, db: Database, make_context) -> None:  # type: ignore[no-untyped-def]
    KeyService(db, ADMIN).init_office_key(PASSPHRASE, OFFICE_USCC, OFFICE_NAME, seals=False)
    prompts = ScriptedPrompts()
    seals = _panel(qtbot, SealsPanel, make_context(ADMIN, services=Services.build(db, ADMIN)),
                   prompts)
    wait_for(qtbot, lambda: seals.create_button.isEnabled())
    assert seals.table.rowCount() == 0
    qtbot.mouseClick(seals.create_button, Qt.MouseButton.LeftButton)
    fill_and_ok(qtbot, seals.dialog, seals.done, passphrase=PASSPHRASE)
    wait_for(qtbot, lambda: seals.table.rowCount() > 0)
    assert not seals.create_button.isEnabled()
    roles = [s.role for s in seals.seals]
    assert {"root", "office", "committee", "chairman"} <= set(roles)
    seals.table.selectRow(roles.index("office"))
    assert seals.revoke_button.isEnabled()
    qtbot.mouseClick(seals.revoke_button, Qt.MouseButton.LeftButton)
    _, revoked = fill_and_ok(qtbot, seals.dialog, seals.done, passphrase=PASSPHRASE)
    assert revoked.role == "office" and revoked.revoked_at is not None
    assert next(s for s in SealService(db, ADMIN).list_seals()
                if s.role == "office" and s.algorithm == revoked.algorithm).revoked_at is not None
    wait_for(qtbot, lambda: any("已吊销" in r[3] for r in _rows(seals.table)))
    wait_for_idle()


def test_trust_file_preview_import_and_distrust(qtbot, db: Database, sqlite_template: Path,  # type: ignore[no-untyped-def]
                                                make_context, tmp_path: Path) -> None:
    central = db  # the central office (SQLite, and PostgreSQL when a server is given)
    KeyService(central, ADMIN).init_office_key(PASSPHRASE, OFFICE_USCC, OFFICE_NAME, seals=False)
    field = other_register(sqlite_template, tmp_path, "field")
    field_key = KeyService(field, ADMIN).init_office_key(PASSPHRASE, FIELD_USCC, FIELD_NAME,
                                                         seals=False)
    trust_file = tmp_path / "field-trust.json"
    trust_file.write_bytes(KeyService(field, ADMIN).export_trust(PASSPHRASE))
    revocations = tmp_path / "central-revocations.json"
    prompts = ScriptedPrompts()
    ctx = make_context(ADMIN, services=Services.build(central, ADMIN))
    trust = _panel(qtbot, TrustPanel, ctx, prompts)
    wait_for_idle()
    assert trust.table.rowCount() == 0

    # a file that is not a trust file: a clear message, no dialog
    junk = tmp_path / "junk.json"
    junk.write_text("{}")
    prompts.paths.append(junk)
    trust.dialog = None
    qtbot.mouseClick(trust.buttons["import_trust"], Qt.MouseButton.LeftButton)
    assert trust.dialog is None

    prompts.paths.append(trust_file)
    qtbot.mouseClick(trust.buttons["import_trust"], Qt.MouseButton.LeftButton)
    d = trust.dialog
    preview = d.findChild(object, "previewFingerprint")
    assert preview.fingerprint == field_key.fingerprint  # what the field office reads out
    assert not preview.qr.pixmap().isNull()
    _, result = fill_and_ok(qtbot, d, trust.done)
    assert result.office_code == FIELD_USCC and result.added == (field_key.key_id,)
    assert FIELD_NAME in prompts.informed[-1]
    wait_for(qtbot, lambda: trust.table.rowCount() == 1)
    assert _rows(trust.table)[0][:2] == [FIELD_NAME, FIELD_USCC]
    assert _rows(trust.table)[0][3] == field_key.fingerprint

    # revocation list: export ours, import it at the field office through its own panel
    prompts.paths.append(revocations)
    qtbot.mouseClick(trust.buttons["export_revocations"], Qt.MouseButton.LeftButton)
    fill_and_ok(qtbot, trust.dialog, trust.done, passphrase=PASSPHRASE)
    assert revocations.stat().st_size > 0 and str(revocations) in prompts.informed[-1]
    KeyService(field, ADMIN).import_trust(KeyService(central, ADMIN).export_trust(PASSPHRASE))
    field_trust = _panel(qtbot, TrustPanel, make_context(ADMIN, services=Services.build(field, ADMIN)),
                         prompts)
    prompts.paths.append(revocations)
    qtbot.mouseClick(field_trust.buttons["import_revocations"], Qt.MouseButton.LeftButton)
    _, imported = fill_and_ok(qtbot, field_trust.dialog, field_trust.done)
    assert imported.office_code == OFFICE_USCC
    assert "撤销列表" in prompts.informed[-1]

    # distrust the field office's key at the centre: asked first, "no" changes nothing
    keys = _panel(qtbot, KeysPanel, ctx, prompts)
    wait_for(qtbot, lambda: keys.table.rowCount() == 2)
    keys.table.selectRow([k.key_id for k in keys.keys].index(field_key.key_id))
    assert keys.buttons["distrust"].isEnabled()
    prompts.confirms.append(False)
    qtbot.mouseClick(keys.buttons["distrust"], Qt.MouseButton.LeftButton)
    assert len(KeyService(central, ADMIN).list_keys()) == 2
    prompts.confirms.append(True)
    with qtbot.waitSignal(keys.done, timeout=20000):
        qtbot.mouseClick(keys.buttons["distrust"], Qt.MouseButton.LeftButton)
    assert [k.source for k in KeyService(central, ADMIN).list_keys()] == ["own"]
    wait_for(qtbot, lambda: trust.table.rowCount() == 0)
    wait_for_idle()
    field.dispose()


def test_publish_verifier_from_the_keys_panel(qtbot, db: Database, make_context,  # type: ignore[no-untyped-def]
                                              tmp_path: Path) -> None:
    """Issue 18's dialog is reached from the keys panel once the office has a key."""
    from tests.helpers.certificates import init_office_key

    prompts = ScriptedPrompts()
    ctx = make_context(ADMIN, services=Services.build(db, ADMIN))
    keys = _panel(qtbot, KeysPanel, ctx, prompts)
    wait_for(qtbot, lambda: keys.buttons["init"].isEnabled())
    assert not keys.buttons["publish_verifier"].isEnabled()  # no key: nothing to publish
    init_office_key(db, ADMIN)
    keys.refresh()
    wait_for(qtbot, lambda: keys.buttons["publish_verifier"].isEnabled())
    qtbot.mouseClick(keys.buttons["publish_verifier"], Qt.MouseButton.LeftButton)
    dialog = keys.publish_dialog
    assert dialog.isVisible()
    out = tmp_path / "site"
    dialog.folder.setText(str(out))
    dialog.passphrase.setText(PASSPHRASE)
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    assert (out / "index.html").is_file() and (out / "trust.json").is_file()
    assert "verifier_published" in _audited(db)
    dialog.close()
    wait_for_idle()
