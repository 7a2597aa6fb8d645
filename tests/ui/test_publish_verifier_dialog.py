"""The publish-verifier dialog (issue 18) with real widgets, a real register and the built page."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from app.models.db import Database
from app.ui.offices.publish_verifier_dialog import PublishVerifierDialog
from tests.helpers.certificates import PASSPHRASE, init_office_key


def _dialog(qtbot, make_context, staff, language: str = "zh") -> PublishVerifierDialog:  # type: ignore[no-untyped-def]
    dialog = PublishVerifierDialog(make_context(staff["admin"], language))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_publishes_then_refuses_a_foreign_folder(qtbot, make_context, staff, db: Database,  # type: ignore[no-untyped-def]
                                                 tmp_path: Path) -> None:
    init_office_key(db, staff["admin"])
    dialog = _dialog(qtbot, make_context, staff)
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    assert "请选择" in dialog.status.text()

    out = tmp_path / "site"
    dialog.folder.setText(str(out))
    dialog.passphrase.setText("wrong passphrase 123")
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.publish_button.isEnabled(), timeout=20000)
    assert "口令不正确" in dialog.status.text() and not out.exists()

    dialog.passphrase.setText(PASSPHRASE)
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    assert (out / "index.html").is_file() and (out / "trust.js").is_file()
    assert "已发布到" in dialog.status.text() and dialog.passphrase.text() == ""

    foreign = tmp_path / "www"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("mine")
    dialog.folder.setText(str(foreign))
    dialog.passphrase.setText(PASSPHRASE)
    dialog.result = None
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.publish_button.isEnabled(), timeout=20000)
    assert "不是空的" in dialog.status.text() and dialog.result is None
    assert [p.name for p in foreign.iterdir()] == ["keep.txt"]


def test_english(qtbot, make_context, staff, db: Database, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    init_office_key(db, staff["admin"])
    dialog = _dialog(qtbot, make_context, staff, "en")
    assert dialog.windowTitle() == "Publish the phone verifier"
    dialog.folder.setText(str(tmp_path / "v"))
    dialog.passphrase.setText(PASSPHRASE)
    qtbot.mouseClick(dialog.publish_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=20000)
    assert "Published to" in dialog.status.text()
