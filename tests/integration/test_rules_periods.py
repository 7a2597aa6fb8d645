"""The rules of the source documents through the services, on SQLite and PostgreSQL: the period
in force (004 §3.3, 002 二(二)4), continuation deadlines and lapse as per-kind settings, and the
certificates an approved change makes untrue (000/002/003)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from app.errors import RuleViolation
from app.messages import describe
from app.models.db import Database
from app.services.base import Actor
from app.services.certificate_service import CertificateService, today_in_china
from app.services.settings_service import SettingsService
from app.services.verification_service import VerificationService
from tests.helpers.certificates import OFFICE_USCC, PASSPHRASE, init_office_key
from tests.helpers.register import PDF, World, refused


@pytest.fixture
def w(db: Database, actors: dict[str, Actor]) -> World:
    init_office_key(db, actors["admin"])
    return World(db)


def certs(db: Database, actor: Actor) -> CertificateService:
    return CertificateService(db, actor)


def _registered_until(w: World, kind: str, specialty: str, until: date):  # type: ignore[no-untyped-def]
    """A person registered so that the period ends on ``until`` (approved a period earlier)."""
    from app.domain.kinds import kind_rules
    from app.domain.validity import anniversary
    years = kind_rules(kind).validity_years
    w.day = anniversary(until + timedelta(days=1), -years)
    p, _ = w.registered(kind, specialty)
    r = w.reg.list_registrations(person_id=p.id)[0]
    assert r.valid_until == until
    return p, r


def test_architect_continuation_before_expiry_leaves_no_gap(w: World, db: Database,
                                                            actors: dict[str, Actor]) -> None:
    # The reproduction: approved 59 days before expiry, annotation used to be refused
    # ("注册有效期自 2027-02-04 起才开始") until the new period began.
    expiry = date(2025, 2, 3)
    p, r = _registered_until(w, "architect", "architecture", expiry)
    office = certs(db, actors["clerk"])
    before = office.annotate(r.registration_number, PASSPHRASE, on=expiry - timedelta(days=100))
    w.day = expiry - timedelta(days=59)
    w.approve_through(w.file(p.id, "continuation", "architect", "architecture").id)
    r = w.reg.get_registration(r.id)
    assert (r.valid_until, r.next_valid_from, r.next_valid_until) == (
        expiry, expiry + timedelta(days=1), date(2027, 2, 3))
    # the printed period still holds: the earlier certificate is not superseded
    assert office.get(before.serial).state != "superseded"
    # usable for 加注 on the approval day, the last day of the old period and the first of the new
    on_approval = office.annotate(r.registration_number, PASSPHRASE, on=w.day)
    assert on_approval.window_end == expiry  # cut at the period in force
    last_old = office.annotate(r.registration_number, PASSPHRASE, on=expiry)
    first_new = office.annotate(r.registration_number, PASSPHRASE, on=expiry + timedelta(days=1))
    view = office.get_view(first_new.serial)
    assert [(s.valid_from, s.valid_until) for s in view.specialties] == [
        (expiry + timedelta(days=1), date(2027, 2, 3))]
    assert office.get(last_old.serial).state == "superseded"  # by the new period's annotation


def test_constructor_continuation_starts_on_approval_and_supersedes(w: World, db: Database,
                                                                    actors: dict[str, Actor]) -> None:
    expiry = date(2025, 6, 30)
    p, r = _registered_until(w, "constructor", "building", expiry)
    office = certs(db, actors["clerk"])
    w.day = date(2025, 1, 10)
    old = office.annotate(r.registration_number, PASSPHRASE, on=w.day)
    w.approve_through(w.file(p.id, "continuation", "constructor", "building").id)
    r = w.reg.get_registration(r.id)
    assert (r.valid_from, r.next_valid_from) == (date(2025, 1, 10), None)  # 有效期从准予延续注册之日起计算
    # 002: "电子证书信息发生变更的，需登录政务平台重新下载": marked at once, with what changed
    info = office.get(old.serial)
    assert info.state == "superseded" and info.supersede_reason is not None
    assert info.supersede_reason.startswith("continuation:SB")
    (field, printed, now), = info.supersede_changes
    assert field == "specialty.building" and printed.endswith(f"~{expiry}")
    assert now == f"{date(2025, 1, 10)}~{r.valid_until}"
    # the signed revocation list tells verifiers away from the register why (issue 10)
    from app.services.key_service import withdrawn_certificates

    with db.session_scope(write=False) as s:
        listed = {e.serial: e for e in withdrawn_certificates(s, OFFICE_USCC)}
    assert listed[old.serial].state == "superseded"
    assert listed[old.serial].reason == info.supersede_reason
    new = office.annotate(r.registration_number, PASSPHRASE, on=w.day)
    assert office.get(new.serial).state != "superseded"


def test_change_of_employer_supersedes_and_the_help_desk_says_what_changed(
        w: World, db: Database, actors: dict[str, Actor]) -> None:
    w.day = today_in_china()  # the help desk judges "now" against the register's marks
    p, _ = w.registered()
    r = w.reg.list_registrations(person_id=p.id)[0]
    office = certs(db, actors["clerk"])
    cert = office.annotate(r.registration_number, PASSPHRASE, on=w.day)
    w.reg.update_person(p.id, {"employer_id": w.emp_b.id})
    f = w.file(p.id, "change")
    w.clerk.attach(f.id, purpose="release_certificate", filename="解聘证明.pdf", content=PDF)
    done = w.approve_through(f.id)
    assert done.data["applied"]["certificates_superseded"] == [cert.serial]
    info = office.get(cert.serial)
    assert info.supersede_reason == f"change:{done.number}"
    (field, printed, now), = info.supersede_changes
    assert field == "employer_uscc" and printed == w.emp_a.uscc and now == w.emp_b.uscc
    payload = office.get_view(cert.serial).payload
    at = datetime.now(UTC) + timedelta(minutes=1)
    result = VerificationService(db, actors["helpdesk"]).verify_text(payload, "cli", at=at)
    assert result.status == "superseded"
    assert result.supersede_reason == f"change:{done.number}"
    assert result.supersede_changes == (("employer_uscc", w.emp_a.uscc, w.emp_b.uscc),)


def test_seal_reissue_supersedes_and_cancellation_revokes(w: World, db: Database,
                                                           actors: dict[str, Actor]) -> None:
    p, _ = w.registered("constructor", "building")
    r = w.reg.list_registrations(person_id=p.id)[0]
    office = certs(db, actors["clerk"])
    first = office.annotate(r.registration_number, PASSPHRASE, on=w.day)
    w.approve_through(w.file(p.id, "modification", "constructor", "building",
                             data={"reason": "seal_lost"}).id)
    info = office.get(first.serial)
    assert info.state == "superseded" and info.supersede_reason.startswith("modification:")
    assert info.supersede_changes == (("seal_number", f"{r.registration_number}(00)",
                                       f"{r.registration_number}(01)"),)
    second = office.annotate(r.registration_number, PASSPHRASE, on=w.day)
    w.approve_through(w.file(p.id, "cancellation", "constructor", "building",
                             data={"reason": "retired"}).id)
    assert office.get(second.serial).state == "revoked"


def test_lapsed_registration_per_kind_setting(w: World, db: Database, actors: dict[str, Actor]) -> None:
    expiry = date(2024, 12, 31)
    arch, ra = _registered_until(w, "architect", "architecture", expiry)
    eng, re_ = _registered_until(w, "engineer", "structural", date(2025, 1, 5))
    office = certs(db, actors["clerk"])
    w.day = date(2025, 3, 1)
    # 000/001: "证照过期" -> "请申请办理'延续注册'业务" (architects, constructors by default)
    with pytest.raises(RuleViolation) as exc:
        office.annotate(ra.registration_number, PASSPHRASE, on=w.day)
    assert exc.value.code == "certificate_registration_lapsed" and "延续注册" in describe(exc.value, "zh")
    f = w.approve_through(w.file(arch.id, "continuation", "architect", "architecture").id)
    after = w.reg.get_registration(ra.id)
    assert f.state == "approved" and after.valid_from == w.day  # from approval: no period to follow
    office.annotate(ra.registration_number, PASSPHRASE, on=w.day)
    # engineers: 004 gives only the half year; the refusal says what to file instead
    with pytest.raises(RuleViolation) as exc:
        office.annotate(re_.registration_number, PASSPHRASE, on=w.day)
    assert exc.value.code == "certificate_registration_lapsed_reregister"
    assert "重新注册" in describe(exc.value, "zh")
    refused("continuation_lapsed", w.file, eng.id, "continuation")
    # the office may decide otherwise: the setting, and the annotation text follows it
    SettingsService(db, actors["admin"]).update_settings(
        {"rules.engineer.continuation_after_lapse": 1})
    with pytest.raises(RuleViolation) as exc:
        office.annotate(re_.registration_number, PASSPHRASE, on=w.day)
    assert exc.value.code == "certificate_registration_lapsed"
    assert w.file(eng.id, "continuation").state == "draft"


def test_constructor_deadline_setting(w: World, db: Database, actors: dict[str, Actor]) -> None:
    expiry = date(2025, 6, 30)
    p, _ = _registered_until(w, "constructor", "building", expiry)
    w.day = expiry - timedelta(days=29)
    err = refused("continuation_deadline_passed", w.file, p.id, "continuation", "constructor", "building")
    assert "应在有效期届满30日前提出延续注册申请" in describe(err, "zh")
    w.day = expiry - timedelta(days=30)
    assert w.file(p.id, "continuation", "constructor", "building").state == "draft"


def test_pending_change_does_not_fail_annotation_but_continuation_does(
        w: World, db: Database, actors: dict[str, Actor]) -> None:
    # 001 §3.3: "申报完初始注册、重新注册、延续注册等业务后，电子证照提示'加注失败'"
    p, _ = w.registered()
    r = w.reg.list_registrations(person_id=p.id)[0]
    office = certs(db, actors["clerk"])
    w.reg.update_person(p.id, {"employer_id": w.emp_b.id})
    change = w.file(p.id, "change")
    w.clerk.attach(change.id, purpose="release_certificate", filename="解聘证明.pdf", content=PDF)
    w.to_authority(change.id)
    office.annotate(r.registration_number, PASSPHRASE, on=w.day)
    w.clerk.employer_consent(change.id)
    w.clerk.withdraw(change.id)
    w.day = r.valid_until - timedelta(days=30)
    cont = w.file(p.id, "continuation")
    w.submit(cont.id)
    with pytest.raises(RuleViolation) as exc:
        office.annotate(r.registration_number, PASSPHRASE, on=w.day)
    assert exc.value.code == "certificate_filing_pending"
    assert describe(exc.value, "zh").startswith("加注失败")


def test_approved_information_correction_supersedes(w: World, db: Database,
                                                    actors: dict[str, Actor]) -> None:
    p, _ = w.registered()
    r = w.reg.list_registrations(person_id=p.id)[0]
    office = certs(db, actors["clerk"])
    cert = office.annotate(r.registration_number, PASSPHRASE, on=w.day)
    c = w.reg.create_info_correction(p.id, field="name", new_value="张维", reason="户籍姓名变更")
    w.reviewer_reg.decide_info_correction(c.id, approved=True)
    info = office.get(cert.serial)
    assert info.state == "superseded" and info.supersede_reason.startswith("info_correction:")
    assert info.supersede_changes == (("name", "张伟", "张维"),)
