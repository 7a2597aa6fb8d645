"""Filing use cases on a real register (SQLite and PostgreSQL): every rule, roles, effects."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.domain.kinds import kind_rules, validate_registration_number
from app.domain.validity import add_months
from app.errors import ConcurrentEdit, PermissionDenied, RuleViolation
from app.messages import describe
from app.models import Certificate
from app.models.db import Database
from app.services.audit import verify_chain
from tests.helpers.register import PDF, TODAY, World, audit_actions, jpeg, refused


@pytest.fixture
def w(db: Database) -> World:
    return World(db)


def test_initial_registration_with_a_correction_round(w: World, db: Database) -> None:
    p = w.person()
    f = w.file(p.id)
    assert f.state == "draft" and f.number.startswith("SB2026")
    assert f.allowed_actions == ("submit",)
    w.to_authority(f.id)
    f = w.reviewer.request_corrections(f.id, content="补充社保证明", reason="社保缴纳记录不全")
    assert f.state == "corrections_requested" and len(f.open_corrections) == 1
    assert f.allowed_actions == ()  # the reviewer cannot answer for the person
    # the 补正 upload must be 200 KB-500 KB
    refused("correction_upload_size", w.clerk.answer_corrections, f.id, filename="a.jpg", content=jpeg(100))
    refused("correction_upload_size", w.clerk.answer_corrections, f.id, filename="a.jpg", content=jpeg(600))
    f = w.clerk.answer_corrections(f.id, filename="社保证明.jpg", content=jpeg(300), note="已补充")
    assert f.state == "employer_confirmed"  # back to where the authority had it
    assert not f.open_corrections and f.corrections[0].state == "answered"
    assert [a.purpose for a in f.attachments] == ["correction"]
    w.reviewer.accept(f.id)
    f = w.reviewer.approve(f.id, opinion="材料齐全，予以注册")
    assert f.state == "approved" and f.decided_by == "reviewer"
    assert [e.action for e in f.events] == ["create", "submit", "employer_confirm",
                                            "request_corrections", "answer_corrections", "accept",
                                            "approve"]
    assert [e.to_state for e in f.events][-1] == "approved"
    regs = w.reg.list_registrations(person_id=p.id)
    assert len(regs) == 1
    r = regs[0]
    validate_registration_number("engineer", r.registration_number, "structural")
    assert r.registration_number.startswith("S2611")  # prefix, year, employer's province
    assert (r.valid_from, r.valid_until) == (TODAY, date(2029, 3, 1))
    assert r.seal_number == r.registration_number and r.status == "active"
    assert r.employer_id == w.emp_a.id
    record = w.reg.person_record(p.id)
    assert record.has_photo and record.has_signature and record.filings[0].state == "approved"
    msgs = w.clerk.messages(p.id)
    assert any("补正内容：补充社保证明" in m.body for m in msgs)
    assert any("予以注册" in m.body for m in msgs)
    assert [h.number for h in w.clerk.history(p.id)] == [f.number]
    actions = audit_actions(db, f.id)
    for a in ("filing_created", "filing_submit", "filing_request_corrections",
              "filing_answer_corrections", "filing_approve"):
        assert a in actions
    assert "registration_created" in audit_actions(db, r.id)
    with db.session_scope(write=False) as s:
        assert verify_chain(s).ok


def test_roles_are_checked_by_the_service(w: World) -> None:
    p = w.person()
    f = w.file(p.id)
    with pytest.raises(PermissionDenied):
        w.reviewer.submit(f.id, conditions_accepted=True, commitment_accepted=True)
    w.to_authority(f.id)
    with pytest.raises(PermissionDenied):
        w.clerk.accept(f.id)
    w.reviewer.accept(f.id)
    with pytest.raises(PermissionDenied):
        w.clerk.approve(f.id)
    with pytest.raises(PermissionDenied):
        w.reviewer.create_filing(person_id=p.id, filing_type="initial", kind="engineer",
                                 specialty="geotechnical")
    assert w.clerk.get_filing(f.id).state == "accepted"  # nothing moved


@pytest.mark.parametrize(("kw", "code"), [
    ({"conditions": False}, "conditions_not_accepted"),
    ({"commitment": False}, "commitment_not_accepted"),
])
def test_submission_needs_conditions_and_commitment(w: World, kw: dict[str, bool], code: str) -> None:
    f = w.file(w.person().id)
    refused(code, w.submit, f.id, **kw)
    assert w.clerk.get_filing(f.id).state == "draft"


def test_every_filing_needs_photo_and_signature(w: World, db: Database) -> None:
    p = w.person(photo=False)
    f = w.file(p.id)
    refused("photo_missing", w.submit, f.id)
    # a superseded photo does not count
    from tests.helpers.register import add_photo_and_signature

    add_photo_and_signature(db, p.id)
    with db.session_scope() as s:
        from app.models import Attachment, utcnow

        for a in s.scalars(select(Attachment).where(Attachment.person_id == p.id,
                                                    Attachment.purpose == "signature")):
            a.superseded_at = utcnow()
    refused("signature_missing", w.submit, f.id)


def test_social_security_warning_and_its_stored_override(w: World) -> None:
    p = w.person()
    w.reg.flag_social_security(p.id, "社保核查异常")
    f = w.file(p.id)
    refused("social_security_warning", w.submit, f.id)
    f = w.submit(f.id, override=True)
    assert f.state == "submitted" and f.social_security_override
    assert "社保" in (f.events[-1].note or "")
    # without the flag the override is not recorded
    q = w.person()
    g = w.submit(w.file(q.id).id, override=True)
    assert not g.social_security_override


def test_initial_registration_rules(w: World) -> None:
    p, _ = w.registered()
    refused("initial_already_registered", w.file, p.id)
    unqualified = w.person(qualified=False)
    refused("initial_needs_qualification", w.file, unqualified.id)
    q = w.person()
    w.file(q.id)
    refused("filing_already_open", w.file, q.id)


def test_reviewer_may_give_the_registration_number_and_it_is_validated(w: World) -> None:
    p = w.person()
    f = w.file(p.id)
    w.to_authority(f.id)
    w.reviewer.accept(f.id)
    refused("registration_number_prefix", w.reviewer.approve, f.id, registration_number="AY174101880")
    f = w.reviewer.approve(f.id, registration_number="S174101880")
    assert w.reg.list_registrations(person_id=p.id)[0].registration_number == "S174101880"
    other = w.person()
    g = w.file(other.id)
    w.to_authority(g.id)
    w.reviewer.accept(g.id)
    refused("registration_number_taken", w.reviewer.approve, g.id, registration_number="S174101880")


def test_constructor_numbers_seals_and_reissue(w: World) -> None:
    p, _ = w.registered("constructor", "building")
    r = w.reg.list_registrations(person_id=p.id)[0]
    validate_registration_number("constructor", r.registration_number)
    # 002: "由军地代字和16位数字编码组成": 京, level 1, province 11, qualified 2018, registered 2026
    assert r.registration_number.startswith("京11120182026") and len(r.registration_number) == 17
    assert r.seal_number == f"{r.registration_number}(00)"
    # a second specialty is 增项注册 (not a second 初始注册) and shares the number
    w.reg.add_qualification(p.id, kind="constructor", specialty="municipal", certificate_number="Q2",
                            issued_on=date(2019, 1, 1))
    refused("initial_use_addition", w.file, p.id, "initial", "constructor", "municipal")
    w.approve_through(w.file(p.id, "addition", "constructor", "municipal").id)
    numbers = {x.registration_number for x in w.reg.list_registrations(person_id=p.id)}
    assert numbers == {r.registration_number}
    # 更改补办 for a lost seal re-issues it: (01), then (02)
    for n in (1, 2):
        m = w.file(p.id, "modification", "constructor", "building", data={"reason": "seal_lost"})
        w.approve_through(m.id)
        assert w.reg.get_registration(r.id).seal_number == f"{r.registration_number}({n:02d})"
    refused("modification_reason_required", w.file, p.id, "modification", "constructor", "building")


def test_change_of_employer(w: World, db: Database) -> None:
    p, _ = w.registered()
    refused("change_same_employer", w.file, p.id, "change")
    w.reg.update_person(p.id, {"employer_id": w.emp_b.id})  # seed: update the personal details first
    f = w.file(p.id, "change")
    assert f.employer_id == w.emp_b.id and f.old_employer_id == w.emp_a.id
    refused("change_needs_release_certificate", w.submit, f.id)
    w.clerk.attach(f.id, purpose="release_certificate", filename="解聘证明.pdf", content=PDF)
    w.approve_through(f.id)
    r = w.reg.list_registrations(person_id=p.id)[0]
    assert r.employer_id == w.emp_b.id and r.employer_name == "福州市政工程有限公司"
    assert "registration_change" in audit_actions(db, r.id)


def test_continuation_only_in_its_window_and_its_new_validity(w: World) -> None:
    p, _ = w.registered()  # valid 2026-03-02 .. 2029-03-01
    refused("continuation_not_open", w.file, p.id, "continuation")
    w.day = date(2028, 9, 2)  # window opens the day after 2028-09-01
    f = w.file(p.id, "continuation")
    w.day = date(2028, 10, 15)
    w.approve_through(f.id)
    r = w.reg.list_registrations(person_id=p.id)[0]
    # 004 §3.3: approved before expiry, the current period stays in force and the next one,
    # recorded now, takes effect the day after the current expiry
    assert (r.valid_from, r.valid_until) == (date(2026, 3, 2), date(2029, 3, 1))
    assert (r.next_valid_from, r.next_valid_until) == (date(2029, 3, 2), date(2032, 3, 1))
    assert r.days_left == (date(2032, 3, 1) - date(2028, 10, 15)).days
    w.day = date(2029, 3, 2)
    r = w.reg.list_registrations(person_id=p.id)[0]
    assert (r.valid_from, r.valid_until, r.next_valid_until) == (date(2029, 3, 2), date(2032, 3, 1), None)
    w.day = date(2032, 3, 2)
    # engineers: no continuation after lapse (004 gives only the half year); the sentence says
    # what to file instead
    err = refused("continuation_lapsed", w.file, p.id, "continuation")
    assert "重新注册" in describe(err, "zh")


def test_cancellation_revokes_current_certificates_and_needs_judgment_when_forced(
        w: World, db: Database) -> None:
    p, _ = w.registered()
    r = w.reg.list_registrations(person_id=p.id)[0]
    with db.session_scope() as s:
        for serial, superseded in (("CERT-OLD", True), ("CERT-NOW", False)):
            s.add(Certificate(serial=serial, person_id=p.id, kind="engineer",
                              registration_number=r.registration_number, annotated_on=TODAY,
                              window_start=TODAY, window_end=TODAY + timedelta(days=179),
                              issued_by="clerk", key_id="k1", payload="x",
                              superseded_at=None if not superseded else func.now()))
    refused("cancellation_reason_required", w.file, p.id, "cancellation", data={"forced": True})
    f = w.file(p.id, "cancellation", data={"reason": "left_employer", "forced": True})
    refused("cancellation_needs_judgment", w.submit, f.id)
    w.clerk.attach(f.id, purpose="judgment", filename="判决书.pdf", content=PDF)
    f = w.approve_through(f.id)
    assert f.data["applied"]["certificates_revoked"] == 1
    assert w.reg.get_registration(r.id).state == "cancelled"
    with db.session_scope(write=False) as s:
        certs = {c.serial: c for c in s.scalars(select(Certificate))}
        assert certs["CERT-NOW"].revoked_at is not None and "注销" in certs["CERT-NOW"].revoke_reason
        assert certs["CERT-OLD"].revoked_at is None
    # never a second initial registration: re-registration instead
    refused("initial_after_cancellation", w.file, p.id)
    refused("registration_cancelled", w.file, p.id, "continuation")


@pytest.mark.parametrize(("months_later", "keeps"), [(6, True), (33, False)])
def test_reregistration_keeps_or_extends_validity(w: World, months_later: int, keeps: bool) -> None:
    p, _ = w.registered()
    r = w.reg.list_registrations(person_id=p.id)[0]
    refused("reregistration_needs_cancelled", w.file, p.id, "reregistration")
    w.approve_through(w.file(p.id, "cancellation", data={"reason": "retired"}).id)
    w.day = add_months(TODAY, months_later)
    w.approve_through(w.file(p.id, "reregistration").id)
    after = w.reg.get_registration(r.id)
    assert after.state == "active"
    if keeps:
        assert (after.valid_from, after.valid_until) == (r.valid_from, r.valid_until)
    else:  # inside the last half year: extended (engineers: from the old expiry)
        assert after.valid_from == r.valid_until + timedelta(days=1)
        assert after.valid_until == date(2032, 3, 1)


def test_withdrawal_per_state_and_refiling(w: World) -> None:
    p = w.person()
    f = w.file(p.id)
    refused("withdraw_not_allowed", w.clerk.withdraw, f.id)  # a draft is not filed yet
    w.submit(f.id)
    assert w.clerk.withdraw(f.id).state == "withdrawn"
    g = w.clerk.refile(f.id)
    assert g.state == "draft" and g.number != f.number
    w.to_authority(g.id)
    refused("withdraw_needs_employer_consent", w.clerk.withdraw, g.id)
    g = w.clerk.employer_consent(g.id)
    assert "withdraw" in g.allowed_actions
    assert w.clerk.withdraw(g.id).state == "withdrawn"
    h = w.clerk.refile(g.id)
    w.to_authority(h.id)
    w.reviewer.accept(h.id)
    refused("withdraw_not_allowed", w.clerk.withdraw, h.id)
    refused("filing_not_refilable", w.clerk.refile, h.id)
    assert {x.state for x in w.clerk.history(p.id)} == {"withdrawn"}


def test_rejection_needs_an_opinion(w: World) -> None:
    f = w.file(w.person().id)
    w.to_authority(f.id)
    w.reviewer.accept(f.id)
    refused("opinion_required", w.reviewer.reject, f.id, opinion="  ")
    f = w.reviewer.reject(f.id, opinion="资格证书信息与库中不符")
    assert f.state == "rejected" and f.opinion == "资格证书信息与库中不符"
    refused("filing_action_not_allowed", w.reviewer.approve, f.id)


def test_stale_version_is_refused(w: World) -> None:
    f = w.file(w.person().id)
    w.submit(f.id)
    with pytest.raises(ConcurrentEdit):
        w.clerk.employer_confirm(f.id, expected_version=f.version)
    now = w.clerk.get_filing(f.id)
    assert w.clerk.employer_confirm(f.id, expected_version=now.version).state == "employer_confirmed"


def test_uploads_close_when_the_authority_has_the_filing(w: World) -> None:
    f = w.file(w.person().id)
    refused("upload_media_type", w.clerk.attach, f.id, purpose="other", filename="x.exe", content=b"MZ\x90")
    w.to_authority(f.id)
    refused("filing_upload_closed", w.clerk.attach, f.id, purpose="other", filename="x.pdf", content=PDF)


def test_lists_and_counts(w: World) -> None:
    p = w.person(name="李娜")
    f = w.file(p.id)
    w.submit(f.id)
    assert [x.number for x in w.clerk.list_filings(states=["submitted"])] == [f.number]
    assert [x.number for x in w.clerk.list_filings(text="李")] == [f.number]
    assert w.clerk.list_filings(text="王") == []
    assert w.clerk.counts_by_state()["submitted"] == 1
    assert w.clerk.get_filing(f.number).id == f.id


def test_constructor_past_the_age_cap_cannot_register(w: World) -> None:
    rules = kind_rules("constructor")
    assert rules.age_cap_years == 65
    # 002 "有效期截至65周岁当日": the 65th birthday (TODAY for this person) is still a day of a
    # period; the day after it nothing can be granted.
    old = w.person(kind="constructor", specialty="building", birth=date(1961, 3, 1))
    refused("age_cap_reached", w.file, old.id, "initial", "constructor", "building")
    today_65 = w.person(kind="constructor", specialty="building", birth=date(1961, 3, 2),
                        name="钱六")
    f = w.approve_through(w.file(today_65.id, "initial", "constructor", "building").id)
    r = w.reg.list_registrations(person_id=today_65.id)[0]
    assert f.state == "approved" and (r.valid_from, r.valid_until) == (TODAY, TODAY)


def test_a_draft_can_be_discarded_but_a_filed_filing_cannot(w: World, db: Database) -> None:
    p = w.person()
    f = w.file(p.id)
    assert f.can_discard and f.employer_name == "北京建工设计院有限公司"
    w.clerk.attach(f.id, purpose="other", filename="说明.pdf", content=PDF)
    w.clerk.discard_draft(f.id, expected_version=f.version)
    assert w.clerk.list_filings(person_id=p.id) == []
    assert "filing_draft_discarded" in audit_actions(db, f.id)
    g = w.file(p.id)  # the specialty is free again
    w.submit(g.id)
    refused("filing_action_not_allowed", w.clerk.discard_draft, g.id)


def test_change_view_names_both_employers(w: World) -> None:
    p, approved = w.registered()
    assert approved.registration_number is not None
    w.reg.update_person(p.id, {"employer_id": w.emp_b.id})
    f = w.file(p.id, "change")
    assert (f.old_employer_name, f.employer_name) == ("北京建工设计院有限公司", "福州市政工程有限公司")
    assert f.registration_number == approved.registration_number


def test_approval_rechecks_the_register(w: World, db: Database) -> None:
    """A registration that appeared meanwhile (an import) stops an initial approval cleanly."""
    from app.models import Registration

    p = w.person()
    f = w.file(p.id)
    w.to_authority(f.id)
    w.reviewer.accept(f.id)
    with db.session_scope() as s:
        s.add(Registration(person_id=p.id, kind="engineer", specialty="structural",
                           registration_number="S174101880", valid_from=TODAY,
                           valid_until=date(2029, 3, 1), first_registered_on=TODAY))
    refused("initial_already_registered", w.reviewer.approve, f.id)
    assert w.clerk.get_filing(f.id).state == "accepted"


def test_two_reviewers_approving_at_once_create_one_registration(w: World) -> None:
    import threading

    from app.services.filing_service import FilingService
    from tests.helpers.register import REVIEWER

    p = w.person()
    f = w.file(p.id)
    w.to_authority(f.id)
    w.reviewer.accept(f.id)
    barrier = threading.Barrier(2)
    results: list[str] = []

    def approve() -> None:
        svc = FilingService(w.db, REVIEWER, today=lambda: w.day)
        barrier.wait()
        try:
            svc.approve(f.id)
            results.append("ok")
        except (RuleViolation, ConcurrentEdit) as exc:
            results.append(exc.code)

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == ["filing_action_not_allowed", "ok"]
    assert len(w.reg.list_registrations(person_id=p.id)) == 1


def test_unknown_new_employer_is_bad_input(w: World) -> None:
    import uuid

    from app.errors import NotFound

    p, _ = w.registered()
    with pytest.raises(NotFound):
        w.file(p.id, "change", new_employer_id=uuid.uuid4())
    f = w.file(p.id, "change", new_employer_id=w.emp_b.id)
    assert f.employer_id == w.emp_b.id
    with pytest.raises(NotFound):
        w.clerk.update_draft(f.id, new_employer_id=uuid.uuid4())
    refused("change_same_employer", w.clerk.update_draft, f.id, new_employer_id=w.emp_a.id)


def test_create_and_submit_is_one_transaction(w: World, db: Database) -> None:
    """The wizard's 上报: created, attached and submitted together, or nothing at all."""
    from app.models import AuditEntry, Filing
    from app.services.filing_views import NewAttachment

    def count(model: type) -> int:
        with db.session_scope(write=False) as s:
            return int(s.scalar(select(func.count()).select_from(model)) or 0)

    p, _ = w.registered()
    w.reg.update_person(p.id, {"employer_id": w.emp_b.id})
    bare = w.person(photo=False)
    filings_before, audit_before = count(Filing), count(AuditEntry)
    refused("photo_missing", w.clerk.create_and_submit, person_id=bare.id, filing_type="initial",
            kind="engineer", specialty="structural", conditions_accepted=True,
            commitment_accepted=True)
    # a refused attachment undoes the filing too
    refused("upload_media_type", w.clerk.create_and_submit, person_id=p.id, filing_type="change",
            kind="engineer", specialty="structural",
            attachments=[NewAttachment("release_certificate", "x.exe", b"MZ\x90")],
            conditions_accepted=True, commitment_accepted=True)
    assert (count(Filing), count(AuditEntry)) == (filings_before, audit_before)
    assert w.clerk.list_filings(person_id=bare.id) == []

    f = w.clerk.create_and_submit(
        person_id=p.id, filing_type="change", kind="engineer", specialty="structural",
        attachments=[NewAttachment("release_certificate", "解聘证明.pdf", PDF)],
        conditions_accepted=True, commitment_accepted=True)
    assert f.state == "submitted" and [a.purpose for a in f.attachments] == ["release_certificate"]
    assert [e.action for e in f.events] == ["create", "submit"]
    assert audit_actions(db, f.id) == ["filing_created", "filing_submit"]
    with pytest.raises(PermissionDenied):
        w.reviewer.create_and_submit(person_id=bare.id, filing_type="initial", kind="engineer",
                                     specialty="structural", conditions_accepted=True,
                                     commitment_accepted=True)


def test_perform_takes_the_actions_of_the_table(w: World) -> None:
    f = w.file(w.person().id)
    w.submit(f.id)
    for action in ("submit", "answer_corrections", "discard_draft", "nonsense"):
        refused("filing_action_unknown", w.clerk.perform, f.id, action)
    refused("filing_action_unknown", w.clerk.perform, f.id, "forward")  # no such step (004)
    refused("filing_action_not_allowed", w.clerk.perform, f.id, "employer_consent")  # the table decides
    assert w.clerk.perform(f.id, "employer_confirm", note="单位已确认").state == "employer_confirmed"
    with pytest.raises(PermissionDenied):
        w.clerk.perform(f.id, "accept")
    w.reviewer.perform(f.id, "accept")
    refused("required", w.reviewer.perform, f.id, "request_corrections", content="补充材料")
    g = w.reviewer.perform(f.id, "request_corrections", content="补充材料", reason="材料不全")
    assert g.state == "corrections_requested"
    w.clerk.answer_corrections(f.id, filename="补正.jpg", content=jpeg(300))
    refused("opinion_required", w.reviewer.perform, f.id, "reject")
    done = w.reviewer.perform(f.id, "approve", opinion="同意")
    assert done.state == "approved" and done.opinion == "同意"


def test_filing_page_and_upload_limits(w: World, db: Database) -> None:
    from app.models import AppSetting
    from app.services.office_settings import UploadLimits

    p = w.person()
    other = w.person(kind="engineer", specialty="geotechnical", name="王芳")
    f, g = w.file(p.id), w.file(other.id, "initial", "engineer", "geotechnical")
    for x in (f, g):
        w.to_authority(x.id)
        w.reviewer.accept(x.id)
    page = w.clerk.filing_page(f.number)
    assert page.filing.id == f.id and page.filing.state == "accepted"
    assert [m.body for m in page.messages] == ["申报已受理"]  # only this filing's messages
    assert page.messages[0].filing_number == f.number
    assert page.person_id_number == w.reg.get_person(p.id).id_number

    assert w.clerk.upload_limits() == UploadLimits(200 * 1024, 500 * 1024, 10 * 1024 * 1024)
    with db.session_scope() as s:
        s.add(AppSetting(key="correction_upload_max_bytes", value=800 * 1024))
    assert w.clerk.upload_limits().correction_max_bytes == 800 * 1024
