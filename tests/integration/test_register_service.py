"""Persons, employers, qualifications and uploads on a real register (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.errors import ConcurrentEdit, InvalidInput, PermissionDenied, RuleViolation
from app.models import AppSetting, AuditEntry, PersonNameKey
from app.models.db import Database
from app.services.attachment_service import AttachmentService
from app.services.register_service import EmployerInput, RegisterService
from tests.helpers.register import (
    CLERK,
    PDF,
    REVIEWER,
    World,
    audit_actions,
    jpeg,
    resident_id,
    uscc,
)


@pytest.fixture
def w(db: Database) -> World:
    return World(db)


def code(fn, *args, **kw) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises((RuleViolation, InvalidInput)) as exc:
        fn(*args, **kw)
    return exc.value.code


def test_person_identity_is_derived_from_a_resident_id(w: World, db: Database) -> None:
    p = w.reg.create_person(id_number="11010519491231002x", name=" 王  芳 ")
    assert (p.id_number, p.gender, p.birth_date, p.name) == ("11010519491231002X", "F",
                                                             date(1949, 12, 31), "王 芳")
    assert code(w.reg.create_person, id_number="110108198805120316", name="李雷",
                birth_date=date(1988, 5, 13)) == "id_birth_date_mismatch"
    assert code(w.reg.create_person, id_number="110108198805120316", name="李雷",
                gender="女") == "id_gender_mismatch"
    assert code(w.reg.create_person, id_number="110108198805120317", name="李雷") == "id_check_char"
    ok = w.reg.create_person(id_number="110108198805120316", name="李雷", gender="男",
                             birth_date=date(1988, 5, 12))
    assert ok.gender == "M"
    with db.session_scope(write=False) as s:
        keys = set(s.scalars(select(PersonNameKey.key).where(PersonNameKey.person_id == ok.id)))
        assert {"lilei", "ll"} <= keys
        assert s.scalars(select(AuditEntry).where(AuditEntry.entity_id == str(ok.id))).first().action \
            == "person_created"


def test_duplicate_id_is_refused_with_the_existing_name(w: World) -> None:
    w.reg.create_person(id_number="440106199508172628", name="陈静")
    with pytest.raises(RuleViolation) as exc:
        w.reg.create_person(id_number="440106199508172628", name="陈晶")
    assert exc.value.code == "person_duplicate" and exc.value.params["name"] == "陈静"


def test_other_id_types_need_birth_date_and_gender(w: World) -> None:
    assert code(w.reg.create_person, id_type="passport", id_number="E12345678", name="Anna Li") == "required"
    p = w.reg.create_person(id_type="passport", id_number="e1234 5678", name="Anna Li", gender="F",
                            birth_date=date(1990, 1, 2))
    assert p.id_number == "E12345678"
    assert code(w.reg.create_person, id_type="visa", id_number="X", name="A") == "id_type_unknown"


def test_bad_names_and_mobiles_are_refused(w: World) -> None:
    n = resident_id(date(1990, 1, 1), 7)
    assert code(w.reg.create_person, id_number=n, name="   ") == "required"
    assert code(w.reg.create_person, id_number=n, name="张3") == "name_invalid"
    assert code(w.reg.create_person, id_number=n, name="张三", mobile="12345") == "mobile_invalid"
    assert code(w.reg.create_person, id_number=n, name="张三", employment_start=date(2020, 1, 1),
                employment_end=date(2019, 1, 1)) == "employment_dates"


def test_update_person_contact_details_and_identity_until_official(w: World) -> None:
    p = w.person(qualified=True)
    p2 = w.reg.update_person(p.id, {"mobile": "139-0013-9000", "name": "张维"}, expected_version=p.version)
    assert p2.mobile == "13900139000" and p2.name == "张维" and p2.version > p.version
    with pytest.raises(ConcurrentEdit):
        w.reg.update_person(p.id, {"mobile": "13700137000"}, expected_version=p.version)
    # once a filing has been submitted, identity goes through 信息更正
    f = w.file(p.id)
    w.submit(f.id)
    assert code(w.reg.update_person, p.id, {"name": "张卫"}) == "identity_change_needs_info_correction"
    assert w.reg.update_person(p.id, {"employer_id": w.emp_b.id}).employer_name == "福州市政工程有限公司"


def test_employers_validated_unique_and_searchable(w: World) -> None:
    assert code(w.reg.add_employer, uscc="91350100M000100Y44", name="x") == "uscc_check_char"
    assert code(w.reg.add_employer, uscc=w.emp_a.uscc, name="x") == "employer_duplicate"
    w.reg.add_employer(uscc=uscc("110105", 3), name="北京建工集团有限责任公司")
    w.reg.add_employer(uscc=uscc("110105", 4), name="中国北京建工_测试%公司")
    names = [e.name for e in w.reg.find_employers("北京建工")]
    # prefix matches first (their order is the database's collation, so compare as a set)
    assert set(names[:2]) == {"北京建工设计院有限公司", "北京建工集团有限责任公司"}
    assert "中国北京建工_测试%公司" in names  # contains-matches come after prefix matches
    assert [e.name for e in w.reg.find_employers("建工_测试%")] == ["中国北京建工_测试%公司"]
    assert w.reg.find_employers("") == []
    assert w.reg.get_employer(w.emp_b.uscc).id == w.emp_b.id
    assert [e.id for e in w.reg.find_employers(w.emp_b.uscc[:8])] == [w.emp_b.id]


def test_person_with_a_new_or_known_employer_is_one_use_case(w: World, db: Database) -> None:
    new_code = uscc("440300", 7)
    form = EmployerInput(uscc=new_code.lower(), name=" 深圳  建科院 ", industry="勘察设计",
                         qualification_cert_no=None)
    # A refused person leaves no employer behind: both are written in one transaction.
    assert code(w.reg.create_person, id_number="440106199508172628", name="陈3",
                employer=form) == "name_invalid"
    assert code(w.reg.create_person, id_number=resident_id(date(1990, 1, 2), 1), name="陈静",
                employer=EmployerInput(uscc=new_code, name="")) == "required"
    assert w.reg.find_employers(new_code) == []
    p = w.reg.create_person(id_number="440106199508172628", name="陈静", employer=form,
                            employment_start=date(2024, 1, 1))
    employer = w.reg.get_employer(new_code)
    assert (p.employer_id, p.employer_uscc) == (employer.id, new_code)
    assert (employer.name, employer.industry, employer.qualification_cert_no) == ("深圳 建科院", "勘察设计", None)
    assert audit_actions(db, employer.id) == ["employer_created"]
    # A known USCC finds the stored employer: the form's other details do not overwrite it.
    q = w.reg.create_person(id_number=resident_id(date(1990, 1, 2), 2), name="林立",
                            employer=EmployerInput(uscc=w.emp_a.uscc, name="别的名字"))
    assert q.employer_id == w.emp_a.id and w.reg.get_employer(w.emp_a.id).name == "北京建工设计院有限公司"
    assert code(w.reg.create_person, id_number=resident_id(date(1990, 1, 2), 3), name="林立",
                employer=EmployerInput(uscc="", name="无代码公司")) == "required"
    with pytest.raises(ValueError):
        w.reg.create_person(id_number=resident_id(date(1990, 1, 2), 4), name="林立",
                            employer_id=w.emp_a.id, employer=EmployerInput(uscc=w.emp_a.uscc))


def test_moving_a_person_to_a_new_employer_is_one_use_case(w: World, db: Database) -> None:
    p = w.person(qualified=False, photo=False)
    other = uscc("320100", 8)
    # The version check refuses before anything is written: no employer appears.
    with pytest.raises(ConcurrentEdit):
        w.reg.update_person(p.id, {}, expected_version=p.version + 1,
                            employer=EmployerInput(uscc=other, name="南京设计院"))
    assert w.reg.find_employers(other) == []
    moved = w.reg.update_person(p.id, {"mobile": "13900139000"}, expected_version=p.version,
                                employer=EmployerInput(uscc=other, name="南京设计院"))
    assert (moved.employer_name, moved.mobile) == ("南京设计院", "13900139000")
    back = w.reg.update_person(p.id, {}, employer=EmployerInput(uscc=w.emp_b.uscc))
    assert back.employer_id == w.emp_b.id
    assert audit_actions(db, p.id).count("person_updated") == 2
    with pytest.raises(ValueError):
        w.reg.update_person(p.id, {"employer_id": w.emp_a.id}, employer=EmployerInput(uscc=other))
    record = w.reg.person_record(p.id)
    assert record.employer is not None and record.employer.id == w.emp_b.id


def test_qualifications(w: World) -> None:
    p = w.person(qualified=False)
    q = w.reg.add_qualification(p.id, kind="engineer", specialty="geotechnical", certificate_number="Y01",
                                issued_on=date(2015, 1, 1))
    assert q.specialty_label == "注册土木工程师（岩土）"
    assert code(w.reg.add_qualification, p.id, kind="engineer", specialty="geotechnical",
                certificate_number="Y02", issued_on=date(2015, 1, 1)) == "qualification_duplicate"
    assert code(w.reg.add_qualification, p.id, kind="engineer", specialty="nuclear",
                certificate_number="Y02", issued_on=date(2015, 1, 1)) == "specialty_unknown"


def test_person_record_and_registration_status(w: World) -> None:
    p, _ = w.registered()
    rec = w.reg.person_record(p.id)
    assert rec.has_photo and rec.has_signature
    assert [r.status for r in rec.registrations] == ["active"]
    assert rec.registrations[0].days_left == (rec.registrations[0].valid_until - w.day).days
    w.day = date(2030, 1, 1)
    assert w.reg.person_record(p.id).registrations[0].status == "expired"
    assert w.reg.list_registrations(expiring_before=date(2029, 4, 1))[0].person_id == p.id


def test_reviewer_cannot_write_persons(db: Database, w: World) -> None:
    with pytest.raises(PermissionDenied):
        RegisterService(db, REVIEWER).create_person(id_number="440106199508172628", name="陈静")


def test_correction_size_limits_come_from_office_settings(db: Database, w: World) -> None:
    svc = AttachmentService(db, CLERK)
    assert svc.limits()["correction_upload_min_bytes"] == 200 * 1024
    with db.session_scope() as s:
        s.add(AppSetting(key="correction_upload_min_bytes", value=50 * 1024))
    f = w.file(w.person().id)
    w.to_authority(f.id)
    w.reviewer.request_corrections(f.id, content="补充劳动合同", reason="缺少劳动合同")
    g = w.clerk.answer_corrections(f.id, filename="合同.jpg", content=jpeg(80))
    assert g.state == "employer_confirmed"
    info, data = svc.read(g.attachments[0].id)
    assert info.media_type == "image/jpeg" and len(data) == info.size and info.size >= 80 * 1024


def test_filing_uploads_through_the_attachment_service(db: Database, w: World) -> None:
    svc = AttachmentService(db, CLERK)
    f = w.file(w.person().id)
    a = svc.add_filing_upload(f.id, "release_certificate", "证明.pdf", PDF)
    assert a.media_type == "application/pdf" and len(a.sha256) == 64
    assert code(svc.add_filing_upload, f.id, "photo", "x.jpg", jpeg(10)) == "upload_purpose_invalid"
    assert code(svc.add_filing_upload, f.id, "other", "x.pdf", b"") == "upload_empty"
    assert [x.id for x in svc.list_attachments(filing_id=f.id)] == [a.id]


def test_a_duplicate_that_slips_past_the_check_is_refused_by_the_database(
        w: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two workstations inserting the same ID at once: the unique constraint decides."""
    import app.services.register_service as rs

    w.reg.create_person(id_number="440106199508172628", name="陈静")
    monkeypatch.setattr(rs, "check_unique_id", lambda *a, **k: None)
    assert code(w.reg.create_person, id_number="440106199508172628", name="陈静") == "person_duplicate"
    assert len(w.reg.list_registrations()) == 0  # the register still answers after the rollback


def test_import_an_existing_registration_then_continue_it(db: Database, w: World) -> None:
    p = w.person(kind="constructor", specialty="building")
    args = dict(kind="constructor", specialty="building", registration_number="京111050700001",
                valid_from=date(2023, 6, 1), valid_until=date(2026, 5, 31), first_registered_on=date(2007, 6, 1))
    with pytest.raises(PermissionDenied):
        w.reg.import_registration(p.id, **args)  # the clerk may not create registrations
    assert code(w.reviewer_reg.import_registration, p.id, **{**args, "valid_until": date(2023, 1, 1)}) \
        == "validity_dates"
    assert code(w.reviewer_reg.import_registration, p.id, **{**args, "registration_number": "京12"}) \
        == "registration_number_format"
    r = w.reviewer_reg.import_registration(p.id, **args)
    assert r.seal_number == "京111050700001(00)" and r.employer_id == w.emp_a.id
    assert code(w.reviewer_reg.import_registration, p.id, **args) == "registration_exists"
    q = w.person(kind="constructor", specialty="building")
    assert code(w.reviewer_reg.import_registration, q.id, **args) == "registration_number_taken"
    # the imported registration works with filings: no initial registration, a continuation in
    # its window (2025-12-01 .. 2026-05-31; the fixture's day is 2026-03-02)
    assert code(w.file, p.id, "initial", "constructor", "building") == "initial_already_registered"
    f = w.approve_through(w.file(p.id, "continuation", "constructor", "building").id)
    after = w.reg.get_registration(r.id)
    # constructors count the new period from approval (rules/constructor.toml)
    assert (after.valid_from, after.valid_until) == (w.day, date(2029, 3, 1))
    assert f.registration_number == "京111050700001"
