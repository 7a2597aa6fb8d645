"""The first-start guide on a new register: administrator, office and key, the key-backup sheet
with the fingerprint, and the separate demo register, all through the real services."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from app.models.db import Database
from app.services.catalog import Services
from app.services.office_settings import DEMO_MARKER, read_setting
from app.services.users_service import authenticate, has_users
from app.ui.shell.first_start import FirstStartWizard, make_demo_register, save_key_sheet_pdf

PASSWORD = "admin-password-1"
PASSPHRASE = "office key passphrase 2026"


def _wizard(qtbot: QtBot, tmp_path: Path) -> tuple[FirstStartWizard, Database]:
    db = Database(f"sqlite:///{(tmp_path / 'new.sqlite3').as_posix()}")
    from app.models.db import upgrade

    upgrade(db.engine)
    wizard = FirstStartWizard(db)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard, db


def _fill_admin(wizard: FirstStartWizard, confirm: str = PASSWORD) -> None:
    page = wizard.admin_page
    page.display_name.setText("王管理")
    page.password.setText(PASSWORD)
    page.confirm.setText(confirm)


def _fill_office(wizard: FirstStartWizard) -> None:
    page = wizard.office_page
    page.office_name.setText("福建省住房和城乡建设厅注册中心")
    page.office_uscc.setText("11100000000013338W")
    page.address.setText("福州市鼓楼区")
    page.passphrase.setText(PASSPHRASE)
    page.confirm.setText(PASSPHRASE)


def test_a_new_office_is_guided_to_an_administrator_an_identity_and_a_key(
        qtbot: QtBot, tmp_path: Path) -> None:
    wizard, db = _wizard(qtbot, tmp_path)
    try:
        _fill_admin(wizard, confirm="something else")
        wizard.next()
        assert wizard.currentPage() is wizard.admin_page and not has_users(db)
        assert wizard.admin_page.error.text()  # the mismatch is said, nothing is created
        _fill_admin(wizard)
        wizard.next()
        assert wizard.currentPage() is wizard.office_page and has_users(db)
        wizard.office_page.passphrase.setText("short")
        wizard.office_page.confirm.setText("short")
        wizard.next()  # too short a passphrase: refused by the key service, said on the page
        assert wizard.currentPage() is wizard.office_page and wizard.office_page.error.text()
        _fill_office(wizard)
        wizard.next()
        assert wizard.currentPage() is wizard.backup_page
        admin = Services.build(db, authenticate(db, "admin", PASSWORD))
        (key,) = admin.keys.list_keys()
        assert wizard.setup.fingerprint == key.fingerprint and wizard.setup.key_id == key.key_id
        assert key.fingerprint in wizard.backup_page.summary.text()
        office = admin.office.settings().office
        assert (office.office_name, office.office_uscc) == ("福建省住房和城乡建设厅注册中心",
                                                            "11100000000013338W")
        sheet = tmp_path / "key-backup.pdf"
        save_key_sheet_pdf(sheet, wizard.setup, wizard.backup_page.sheet_texts())
        pdf = pdfium.PdfDocument(str(sheet))
        # NFKC: the embedded font maps some characters to their CJK radical forms (⼝ for 口)
        text = unicodedata.normalize("NFKC", pdf[0].get_textpage().get_text_range())
        pdf.close()
        assert key.fingerprint.split()[0] in text and key.key_id in text
        assert PASSPHRASE not in text and "口令" in text
        wizard.next()
        assert wizard.currentPage() is wizard.demo_page
        wizard.accept()  # finishing without a demo register leaves the real one as it is
        assert wizard.setup.demo_path is None
    finally:
        db.dispose()


def test_the_demo_register_is_a_separate_file_marked_as_a_demo(qtbot: QtBot, tmp_path: Path) -> None:
    wizard, db = _wizard(qtbot, tmp_path)
    try:
        _fill_admin(wizard)
        wizard.next()
        path = make_demo_register(wizard.setup, folder=tmp_path / "demo")
    finally:
        db.dispose()
    assert path != tmp_path / "new.sqlite3" and path.exists()
    demo = Database(f"sqlite:///{path.as_posix()}")
    try:
        authenticate(demo, "admin", PASSWORD)  # the same administrator signs in there
        with demo.session_scope(write=False) as s:
            assert read_setting(s, DEMO_MARKER)["state"] == "complete"
            from app.models import Certificate, Person

            # the 300 generated persons, and one per rule case (issue 9's demo cases)
            assert len(s.scalars(select(Person.id)).all()) >= 300
            assert read_setting(s, DEMO_MARKER)["persons"] == 300
            certs = s.scalars(select(Certificate)).all()
            assert certs and all(c.specimen for c in certs)
    finally:
        demo.dispose()


def test_a_trust_file_opened_from_the_desktop_starts_the_gui_and_says_where_it_goes(
        qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    import app.__main__ as entry
    from app.services.base import Actor
    from app.services.users_service import bootstrap_admin
    from app.ui.shell import application
    from app.ui.shell.main_window import MainWindow

    db_file = tmp_path / "r.sqlite3"
    monkeypatch.setenv("REGISTRY_DB_URL", f"sqlite:///{db_file.as_posix()}")
    db = Database(f"sqlite:///{db_file.as_posix()}")
    from app.models.db import upgrade

    upgrade(db.engine)
    bootstrap_admin(db, "admin", PASSWORD)
    db.dispose()
    trust = tmp_path / "福建省.rotrust"
    trust.write_text('{"format": "registry-office-trust-store"}', "utf-8")
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "information",
                        staticmethod(lambda parent, title, body, *a: told.append(body)))
    monkeypatch.setattr(application.LoginDialog, "ask",
                        staticmethod(lambda db, parent=None, office_name="": Actor("admin", "admin")))

    def exec_() -> int:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, MainWindow):
                w.close()
        return 0

    monkeypatch.setattr(QApplication.instance(), "exec", exec_)
    monkeypatch.setenv("REGISTRY_CONFIG_DIR", str(tmp_path / "config"))
    assert entry.main([str(trust)]) == 0
    assert len(told) == 1 and str(trust) in told[0] and "keys import-trust" in told[0]
