"""The help desk shows what an approved change made untrue on a certificate (000/002/003)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.models.db import Database
from app.services.certificate_service import CertificateService, today_in_china
from app.services.verification_service import VerificationService
from app.ui.verification.verification_banner import HolderCard
from tests.helpers.certificates import PASSPHRASE, init_office_key
from tests.helpers.register import PDF, World


def test_holder_card_names_the_filing_and_what_changed(qtbot, db: Database, staff) -> None:  # type: ignore[no-untyped-def]
    init_office_key(db, staff["admin"])
    w = World(db, today=today_in_china())
    p, _ = w.registered()
    r = w.reg.list_registrations(person_id=p.id)[0]
    office = CertificateService(db, staff["clerk"])
    cert = office.annotate(r.registration_number, PASSPHRASE, on=w.day)
    w.reg.update_person(p.id, {"employer_id": w.emp_b.id})
    f = w.file(p.id, "change")
    w.clerk.attach(f.id, purpose="release_certificate", filename="解聘证明.pdf", content=PDF)
    done = w.approve_through(f.id)
    result = VerificationService(db, staff["helpdesk"]).verify_text(
        office.get_view(cert.serial).payload, "wedge", at=datetime.now(UTC) + timedelta(minutes=1))
    card = HolderCard()
    qtbot.addWidget(card)
    card.resize(900, 520)
    card.show()
    card.show_result(result)
    note = card.supersede_note
    assert note.isVisible()
    text = note.text()
    assert f"变更注册 {done.number} 已审批通过" in text and "需重新下载电子证书" in text
    assert f"证书上为 {w.emp_a.uscc}，登记库现为 {w.emp_b.uscc}" in text
    # a valid certificate shows no note
    fresh = office.annotate(r.registration_number, PASSPHRASE, on=w.day)
    card.show_result(VerificationService(db, staff["helpdesk"]).verify_text(
        office.get_view(fresh.serial).payload, "wedge"))
    assert not note.isVisible()
