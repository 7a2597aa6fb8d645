"""The help-desk screen with a file's own seals (issue 13): a sealed, a modified and an unsealed
PDF dropped one after the other, the seals shown beside the QR result, and the register's
signature image on the card. Screenshots go to $REGISTRY_SCREENSHOTS when set."""

from __future__ import annotations

import hashlib
import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from sqlalchemy import select

from app.models import Attachment, Certificate
from app.models.db import Database
from app.printing.samples import sample_signature, sample_view
from app.printing.sealed_files import seal_file
from app.services.seal_service import store_imported_root
from app.ui.common.background import wait_for_idle
from app.ui.verification.verification_view import VerificationView
from tests.helpers.seals import append_page_change, foreign_sealing
from tests.helpers.verification import OFFICE, certificate_pdf, issue_all


@pytest.fixture
def desk(qtbot, db: Database, staff, make_context, tmp_path: Path):  # type: ignore[no-untyped-def]
    issued = issue_all(db, today=date.today())
    sealing = foreign_sealing(office="样本办公室")  # an office CA whose root the help desk imported from a trust file
    with db.session_scope() as s:
        store_imported_root(s, sealing.root, OFFICE)
        person_id = s.scalars(select(Certificate.person_id).where(
            Certificate.serial == issued["valid"].claims.serial)).one()
        png = sample_signature("张伟")
        s.add(Attachment(person_id=person_id, purpose="signature", filename="signature.png",
                         media_type="image/png", size=len(png), sha256=hashlib.sha256(png).hexdigest(),
                         data=png, created_by="clerk"))
    plain = certificate_pdf(issued["valid"], tmp_path / "plain.pdf").read_bytes()
    view = sample_view("constructor")
    files = {"unsigned": tmp_path / "unsigned.pdf", "sealed": tmp_path / "sealed.pdf",
             "modified": tmp_path / "modified.pdf", "untrusted": tmp_path / "untrusted.pdf"}
    files["unsigned"].write_bytes(plain)
    sealed = seal_file(plain, "pdf", view, sealing)
    files["sealed"].write_bytes(sealed)
    files["modified"].write_bytes(append_page_change(sealed))
    files["untrusted"].write_bytes(seal_file(plain, "pdf", view, foreign_sealing()))
    desk_view = VerificationView(make_context(staff["helpdesk"], verify_sound=False),
                                 autostart_camera=False)
    qtbot.addWidget(desk_view)
    desk_view.resize(1280, 900)
    desk_view.show()
    qtbot.waitExposed(desk_view)
    yield desk_view, files
    desk_view.stop_camera()
    wait_for_idle(10000)


def _drop(view: VerificationView, path: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    view.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                              Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))


def _check(qtbot, view: VerificationView, path: Path, name: str) -> str:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.seals_panel.checked, timeout=30000), \
            qtbot.waitSignal(view.verified, timeout=30000):
        _drop(view, path)
    qtbot.wait(50)
    shots = os.environ.get("REGISTRY_SCREENSHOTS")
    if shots:
        Path(shots).mkdir(parents=True, exist_ok=True)
        view.grab().save(str(Path(shots) / f"help_desk_{name}.png"))
    return view.seals_panel.verdict


def test_sealed_modified_unsigned_and_untrusted_pdfs(qtbot, desk) -> None:  # type: ignore[no-untyped-def]
    view, files = desk
    assert _check(qtbot, view, files["sealed"], "sealed") == "unmodified"
    assert view.banner.headline.text() == "有效"  # the QR result is still shown
    assert "电子证书专用章" in view.seals_panel.lines.text()
    assert "签章后未被修改" in view.seals_panel.lines.text()
    assert view.seals_panel.isVisible()
    # The signature image: shown because the photo hash matched, at least 60 mm wide on screen.
    assert view.signature_panel.isVisible() and not view.signature_panel.image.pixmap().isNull()
    assert view.signature_panel.image.width() >= 60 / 25.4 * view.logicalDpiX()

    assert _check(qtbot, view, files["modified"], "modified") == "modified"
    assert "签章后文件已被修改" in view.seals_panel.lines.text()
    assert view.banner.headline.text() == "有效"  # the code itself is intact: both are shown

    assert _check(qtbot, view, files["unsigned"], "unsigned") == "unsigned"
    assert "未加电子签章" in view.seals_panel.lines.text()

    assert _check(qtbot, view, files["untrusted"], "untrusted") == "unknown_signer"
    assert "不是受信任的办公室" in view.seals_panel.lines.text()

    view.verify_text("not a code", "manual")
    qtbot.waitUntil(lambda: not view.seals_panel.isVisible(), timeout=5000)  # a code has no file
