"""Annotation as a service, on SQLite and PostgreSQL: windows, refusals, serials, supersession."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.codes.payload import decode_unverified, qr_version
from app.codes.verify import VALID, check_code
from app.domain.validators import check_licence_identifier
from app.errors import NotFound, PermissionDenied, RuleViolation
from app.models import AuditEntry, Certificate, Filing, Person, Registration
from app.models.db import Database
from app.services.base import Actor
from app.services.certificate_demo import synthetic_photo
from app.services.certificate_service import CertificateService, today_in_china
from app.services.verification_service import VerificationService
from tests.helpers.certificates import (
    PASSPHRASE,
    add_holder,
    add_image,
    init_office_key,
)

ON = date(2026, 11, 23)


@pytest.fixture
def office(db: Database, actors: dict[str, Actor]) -> CertificateService:
    init_office_key(db, actors["admin"])
    return CertificateService(db, actors["clerk"])


def _refusal(svc: CertificateService, number: str = "京1112026000012345", on: date = ON) -> str:
    with pytest.raises((RuleViolation, NotFound)) as err:
        svc.annotate(number, PASSPHRASE, on=on)
    return err.value.code


def test_annotation_makes_a_signed_certificate(db: Database, office: CertificateService,
                                               actors: dict[str, Actor]) -> None:
    add_holder(db)
    cert = office.annotate("京1112026000012345", PASSPHRASE, on=ON)
    expected = "valid" if cert.window_start <= today_in_china() <= cert.window_end else "window_expired"
    assert cert.state == expected
    assert (cert.window_start, cert.window_end) == (ON, ON + timedelta(days=179))
    assert check_licence_identifier(cert.serial)
    assert cert.serial.startswith("1.2.156.3005.2.11100000000013338W011.11100000000013338W.2026")
    assert cert.serial.split(".")[8] == "001"
    view = office.get_view(cert.serial)
    assert qr_version(view.payload) <= 14
    lookup = VerificationService(db, actors["helpdesk"]).key_lookup()
    result = check_code(view.payload, lookup, datetime(2026, 12, 1, tzinfo=UTC))
    assert result.status == VALID and result.claims is not None
    assert result.claims.name == "张三丰" and result.claims.employer_uscc == "91110108MA01KQ7E79"
    assert view.photo is not None and view.photo.startswith(b"\xff\xd8")
    assert view.signature is not None and view.kind_name_zh == "一级建造师"
    assert view.employer_name == "中建一局集团第三建筑有限公司"  # from the register if dropped
    assert [s.name_zh for s in view.specialties] == ["建筑工程"]
    assert view.office_name == "测试省注册管理中心"
    with db.session_scope(write=False) as s:
        assert s.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "certificate_annotated")) == 1


def test_window_cut_at_registration_expiry(db: Database, office: CertificateService) -> None:
    add_holder(db, valid_until=date(2027, 1, 31))
    cert = office.annotate("京1112026000012345", PASSPHRASE, on=ON)
    assert cert.window_end == date(2027, 1, 31)
    assert office.get_view(cert.serial).window_cut_by == "registration_expiry"


def test_window_cut_at_65th_birthday_for_constructors(db: Database, office: CertificateService) -> None:
    add_holder(db, birth_date=date(1962, 1, 15), valid_until=date(2027, 1, 15))
    cert = office.annotate("京1112026000012345", PASSPHRASE, on=ON)
    assert cert.window_end == date(2027, 1, 15)


def test_feb29_birthday_age_cap_is_1_march(db: Database, office: CertificateService) -> None:
    # Born 29 Feb 1960: the 65th birthday in 2025 (not a leap year) counts as 1 March
    # (resources/rules/common.toml feb29_anniversary = "mar1").
    add_holder(db, birth_date=date(1960, 2, 29), valid_from=date(2023, 1, 1), valid_until=date(2025, 12, 31))
    cert = office.annotate("京1112026000012345", PASSPHRASE, on=date(2024, 12, 1))
    assert cert.window_end == date(2025, 3, 1)
    assert office.get_view(cert.serial).window_cut_by == "age_cap"


def test_age_cap_cut_inside_the_window(db: Database, office: CertificateService) -> None:
    add_holder(db, birth_date=date(1962, 2, 28), valid_from=date(2026, 1, 1), valid_until=date(2028, 12, 31))
    # 65th birthday 2027-02-28; annotated 2026-11-23 -> cut on that day, not 2027-05-21.
    # (An annotation is dated on its day: never ahead, so the example lies in the past.)
    cert = office.annotate("京1112026000012345", PASSPHRASE, on=ON)
    assert cert.window_end == date(2027, 2, 28)


def test_annotation_ahead_of_its_day_refused(db: Database, office: CertificateService) -> None:
    add_holder(db)
    tomorrow = today_in_china() + timedelta(days=1)
    assert _refusal(office, on=tomorrow) == "certificate_annotation_in_future"


def test_no_age_cap_for_architects(db: Database, office: CertificateService) -> None:
    add_holder(db, kind="architect", number="2011110012", specialties=("architecture",),
               birth_date=date(1962, 1, 15), valid_until=date(2027, 12, 31))
    cert = office.annotate("2011110012", PASSPHRASE, on=ON)
    assert cert.window_end == ON + timedelta(days=179)


def test_over_age_refused(db: Database, office: CertificateService) -> None:
    add_holder(db, birth_date=date(1961, 1, 15), valid_until=date(2027, 12, 31))
    assert _refusal(office) == "certificate_age_cap"


def test_refusals_each_have_their_code(db: Database, office: CertificateService) -> None:
    assert _refusal(office, "京0000000000000000") == "certificate_registration_not_found"
    add_holder(db, valid_until=date(2026, 11, 22))
    assert _refusal(office) == "certificate_registration_lapsed"
    add_holder(db, number="京1112026000000002", id_number="440106199508172628", photo=False)
    assert _refusal(office, "京1112026000000002") == "certificate_no_photo"
    add_holder(db, number="京1112026000000003", id_number="51010419761203415X", signature=False)
    assert _refusal(office, "京1112026000000003") == "certificate_no_signature"
    add_holder(db, number="京1112026000000004", id_number="11010519491231002X", photo=False, signature=False)
    assert _refusal(office, "京1112026000000004") == "certificate_no_photo_signature"
    add_holder(db, number="京1112026000000005", id_number="440524188001010014", mobile=None)
    assert _refusal(office, "京1112026000000005") == "certificate_no_mobile"
    add_holder(db, number="京1112026000000006", id_number="110101199003077777", state="cancelled")
    assert _refusal(office, "京1112026000000006") == "certificate_registration_cancelled"
    add_holder(db, number="京1112026000000007", id_number="110101199003074475", valid_from=date(2027, 1, 1))
    assert _refusal(office, "京1112026000000007") == "certificate_registration_not_started"


def test_pending_filing_refuses_annotation(db: Database, office: CertificateService) -> None:
    pid = add_holder(db)
    with db.session_scope() as s:
        s.add(Filing(number="SB2026000001", person_id=pid, type="continuation", kind="constructor",
                     specialty="building", state="employer_confirmed", created_by="clerk"))
    with pytest.raises(RuleViolation) as err:
        office.annotate("京1112026000012345", PASSPHRASE, on=ON)
    assert err.value.code == "certificate_filing_pending"
    assert err.value.params["number"] == "SB2026000001"
    with db.session_scope() as s:
        s.scalars(select(Filing)).one().state = "approved"
    office.annotate("京1112026000012345", PASSPHRASE, on=ON)


def test_wrong_passphrase_and_role(db: Database, office: CertificateService,
                                   actors: dict[str, Actor]) -> None:
    add_holder(db)
    with pytest.raises(Exception) as err:
        office.annotate("京1112026000012345", "not the passphrase", on=ON)
    assert getattr(err.value, "code", None) == "key_passphrase_wrong"
    with pytest.raises(PermissionDenied):
        CertificateService(db, actors["helpdesk"]).annotate("京1112026000012345", PASSPHRASE, on=ON)
    with db.session_scope(write=False) as s:
        assert s.scalar(select(func.count()).select_from(Certificate)) == 0


def test_reannotation_after_change_supersedes(db: Database, office: CertificateService) -> None:
    pid = add_holder(db)
    first = office.annotate("京1112026000012345", PASSPHRASE, on=ON)
    # Same data again: the earlier printout still tells the truth, so it is not superseded.
    same = office.annotate("京1112026000012345", PASSPHRASE, on=ON + timedelta(days=5))
    assert office.get(first.serial).state != "superseded"
    assert same.serial.split(".")[7] == first.serial.split(".")[7]  # serial kept
    assert same.serial.split(".")[8] == "002"                      # version counts
    with db.session_scope() as s:  # a registration change: new photo
        from app.models import Attachment

        for a in s.scalars(select(Attachment).where(Attachment.purpose == "photo")):
            a.superseded_at = datetime.now(UTC)
        add_image(s, pid, "photo", synthetic_photo("another"), "image/jpeg")
    third = office.annotate("京1112026000012345", PASSPHRASE, on=ON + timedelta(days=10))
    for old in (first, same):
        got = office.get(old.serial)
        assert got.state == "superseded" and got.superseded_by == third.serial
    states = [c.state for c in office.list_for_person("110108198805120316")]
    assert states.count("superseded") == 2 and len(states) == 3
    assert office.get_view(first.serial).photo != office.get_view(third.serial).photo


def test_constructor_specialties_share_one_certificate(db: Database, office: CertificateService) -> None:
    add_holder(db, specialties=("building", "municipal"))
    cert = office.annotate("京1112026000012345", PASSPHRASE, on=ON)
    view = office.get_view(cert.serial)
    assert [s.code for s in view.specialties] == ["building", "municipal"]
    assert qr_version(view.payload) <= 14


def test_lapsed_specialty_left_off(db: Database, office: CertificateService) -> None:
    add_holder(db, specialties=("building", "municipal"))
    with db.session_scope() as s:
        reg = s.scalars(select(Registration).where(Registration.specialty == "municipal")).one()
        reg.valid_until = date(2026, 6, 30)
    cert = office.annotate("京1112026000012345", PASSPHRASE, on=ON)
    assert [s.code for s in decode_unverified(office.get_view(cert.serial).payload).specialties] == ["building"]


def test_cancellation_revocation_agrees_with_filings(db: Database, office: CertificateService,
                                                    actors: dict[str, Actor]) -> None:
    from app.services.filing_apply import revoke_certificates

    add_holder(db)
    cert = office.annotate("京1112026000012345", PASSPHRASE, on=ON)
    with db.session_scope() as s:
        reg = s.scalars(select(Registration)).one()
        assert revoke_certificates(s, actors["reviewer"], reg, "注销注册") == 1
    got = office.get(cert.serial)
    assert got.state == "revoked" and got.revoke_reason == "注销注册"
    assert [c.serial for c in office.find(state="revoked")] == [cert.serial]
    with pytest.raises(RuleViolation):
        CertificateService(db, actors["reviewer"]).revoke(cert.serial, "again")


def test_find_filters(db: Database, office: CertificateService) -> None:
    add_holder(db)
    add_holder(db, kind="engineer", number="S174101880", specialties=("structural",),
               id_number="440106199508172628", employer_uscc="91350100M000100Y43",
               employer_name="福建某设计院")
    a = office.annotate("京1112026000012345", PASSPHRASE, on=ON)
    b = office.annotate("S174101880", PASSPHRASE, on=date(2025, 1, 10))  # window long over
    assert [c.serial for c in office.find(kind="engineer")] == [b.serial]
    assert [c.serial for c in office.find(employer="91350100M000100Y43")] == [b.serial]
    assert [c.serial for c in office.find(employer="中建")] == [a.serial]
    assert [c.serial for c in office.find(annotated_since=date(2026, 1, 1))] == [a.serial]
    assert [c.serial for c in office.find(state="window_expired")] == [b.serial]
    with db.session_scope(write=False) as s:
        assert s.scalar(select(func.count()).select_from(Person)) == 2


def test_annotations_in_a_demo_register_are_specimens(db: Database, office: CertificateService) -> None:
    from app.models import AppSetting

    add_holder(db)
    assert office.annotate("京1112026000012345", PASSPHRASE, on=ON).specimen is False
    with db.session_scope() as s:
        s.add(AppSetting(key="demo", value={"state": "complete"}))
    assert office.annotate("京1112026000012345", PASSPHRASE, on=ON).specimen is True


def test_concurrent_reannotations_get_distinct_versions(db: Database, office: CertificateService) -> None:
    from concurrent.futures import ThreadPoolExecutor

    add_holder(db)
    office.annotate("京1112026000012345", PASSPHRASE, on=ON)
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda d: office.annotate("京1112026000012345", PASSPHRASE,
                                                          on=ON + timedelta(days=d)), range(1, 5)))
    versions = sorted(r.serial.split(".")[8] for r in results)
    assert versions == ["002", "003", "004", "005"]


def test_only_valid_certificates_print_unless_archived(db: Database, office: CertificateService,
                                                       actors: dict[str, Actor]) -> None:
    add_holder(db)
    old = office.annotate("京1112026000012345", PASSPHRASE, on=date(2025, 1, 10))  # window over
    assert office.get(old.serial).state == "window_expired"
    with pytest.raises(RuleViolation) as err:
        office.printable_view(old.serial)
    assert err.value.code == "certificate_not_printable"
    assert office.printable_view(old.serial, allow_invalid=True).serial == old.serial
    with pytest.raises(PermissionDenied):
        CertificateService(db, actors["admin"]).printable_view(old.serial, allow_invalid=True)


def test_feb29_birthday_with_the_feb28_convention(db: Database, office: CertificateService,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import app.domain.validity as validity

    common = validity._common()
    monkeypatch.setattr(validity, "_common", lambda: {**common, "feb29_anniversary": "feb28"})
    add_holder(db, birth_date=date(1960, 2, 29), valid_from=date(2023, 1, 1), valid_until=date(2025, 12, 31))
    cert = office.annotate("京1112026000012345", PASSPHRASE, on=date(2024, 12, 1))
    assert cert.window_end == date(2025, 2, 28)
