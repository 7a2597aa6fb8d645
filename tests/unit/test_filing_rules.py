"""The filing state machine and the rules of seed 004, as pure functions."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.domain import filing_rules as fr
from app.domain.kinds import kind_rules
from app.domain.validity import ContinuationPolicy
from app.errors import InvalidInput, RuleViolation
from app.messages import describe

ENGINEER = kind_rules("engineer")
ACTIVE = fr.RegistrationFacts("active", date(2024, 1, 1), date(2026, 12, 31), "emp-old")
CANCELLED = fr.RegistrationFacts("cancelled", date(2024, 1, 1), date(2026, 12, 31), "emp-old")
# The defaults of the office settings (app/services/office_settings.py, docs/rules.md).
ENGINEER_POLICY = ContinuationPolicy(opens_months=6, deadline_days=0, after_lapse=False)
ARCHITECT_POLICY = ContinuationPolicy(opens_months=6, deadline_days=0, after_lapse=True)
CONSTRUCTOR_POLICY = ContinuationPolicy(opens_months=0, deadline_days=30, after_lapse=True)


def facts(filing_type: str, **kw: object) -> fr.FilingFacts:
    base: dict[str, object] = dict(filing_type=filing_type, specialty_label="结构", today=date(2026, 9, 1),
                                   registration=ACTIVE, has_qualification=True,
                                   person_employer_id="emp-old", new_employer_id=None,
                                   kind="engineer", continuation=ENGINEER_POLICY,
                                   kind_label="勘察设计注册工程师",
                                   kind_label_en="Registered Survey and Design Engineer")
    base.update(kw)
    return fr.FilingFacts(**base)  # type: ignore[arg-type]


def code_of(fn, *args, **kw) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises((RuleViolation, InvalidInput)) as exc:
        fn(*args, **kw)
    # every code must have a sentence in the catalogue
    assert "操作失败" not in describe(exc.value, "zh"), exc.value.code
    return exc.value.code


# --- the transition table ------------------------------------------------------------------

def test_happy_path_through_the_table() -> None:
    state = fr.DRAFT
    for action in ("submit", "employer_confirm", "accept", "approve"):
        state = fr.next_state(state, action)
    assert state == fr.APPROVED


def test_corrections_return_to_their_origin() -> None:
    for origin in (fr.EMPLOYER_CONFIRMED, fr.ACCEPTED):
        s = fr.next_state(origin, "request_corrections")
        assert s == fr.CORRECTIONS_REQUESTED
        assert fr.next_state(s, "answer_corrections", return_state=origin) == origin
    assert code_of(fr.next_state, fr.CORRECTIONS_REQUESTED, "answer_corrections") == "correction_origin_unknown"


def test_withdraw_freely_while_personally_reported() -> None:
    # Seed 004 §5: "只有申报状态为'个人已上报'或'企业已上报'才可以撤回".
    assert fr.next_state(fr.SUBMITTED, "withdraw") == fr.WITHDRAWN


def test_withdraw_once_employer_reported_needs_employer_consent() -> None:
    # "如果该申报数据已上报到主管部门，主管部门还未受理前，个人操作撤回后需要企业同意后方可撤回":
    # 企业已上报 is the data with the authority, not yet 受理.
    assert code_of(fr.next_state, fr.EMPLOYER_CONFIRMED, "withdraw") == "withdraw_needs_employer_consent"
    assert fr.next_state(fr.EMPLOYER_CONFIRMED, "employer_consent") == fr.EMPLOYER_CONFIRMED
    assert fr.next_state(fr.EMPLOYER_CONFIRMED, "withdraw", employer_consent=True) == fr.WITHDRAWN
    assert code_of(fr.next_state, fr.EMPLOYER_CONFIRMED, "employer_consent",
                   employer_consent=True) == "employer_consent_already"


def test_the_states_are_the_documents_states() -> None:
    # 004: 个人已上报, 企业已上报, 受理, 补正, 审批通过/不通过, 个人撤回 (§2.4, §5); nothing between
    # the employer's report and 受理.
    assert fr.STATES == (fr.DRAFT, fr.SUBMITTED, fr.EMPLOYER_CONFIRMED, fr.ACCEPTED,
                         fr.CORRECTIONS_REQUESTED, fr.APPROVED, fr.REJECTED, fr.WITHDRAWN)
    assert [fr.state_params(s)["state"] for s in fr.STATES] == [
        "草稿", "个人已上报", "企业已上报", "已受理", "待补正", "审批通过", "审批不通过", "个人撤回"]
    assert fr.next_state(fr.SUBMITTED, "employer_confirm") == fr.EMPLOYER_CONFIRMED
    assert fr.next_state(fr.EMPLOYER_CONFIRMED, "accept") == fr.ACCEPTED


@pytest.mark.parametrize("state", [fr.DRAFT, fr.ACCEPTED, fr.CORRECTIONS_REQUESTED, fr.APPROVED,
                                   fr.REJECTED, fr.WITHDRAWN])
def test_withdraw_refused_elsewhere(state: str) -> None:
    assert code_of(fr.next_state, state, "withdraw", employer_consent=True) == "withdraw_not_allowed"


def test_unknown_action_is_bad_input() -> None:
    with pytest.raises(InvalidInput):
        fr.next_state(fr.DRAFT, "bribe")


def test_allowed_actions_follow_the_table_and_the_role() -> None:
    assert fr.allowed_actions(fr.DRAFT) == ("submit",)
    assert fr.allowed_actions(fr.EMPLOYER_CONFIRMED) == ("accept", "request_corrections", "employer_consent")
    assert "withdraw" in fr.allowed_actions(fr.EMPLOYER_CONFIRMED, employer_consent=True)
    assert fr.allowed_actions(fr.ACCEPTED, role="clerk") == ()
    assert fr.allowed_actions(fr.ACCEPTED, role="reviewer") == ("request_corrections", "approve", "reject")
    assert fr.allowed_actions(fr.CORRECTIONS_REQUESTED, role="clerk") == ("answer_corrections",)
    for terminal in fr.TERMINAL_STATES:
        assert fr.allowed_actions(terminal) == ()
    assert fr.can_refile(fr.WITHDRAWN) and not fr.can_refile(fr.REJECTED)


def test_errors_name_states_and_actions_in_both_languages() -> None:
    # The names come from resources/messages/labels.toml (tests/unit/test_labels_catalogue.py
    # checks that it names every code).
    assert fr.state_params("submitted") == {"state": "个人已上报", "state_en": "Submitted by the person"}
    assert fr.state_params("employer_confirmed")["state"] == "企业已上报"
    with pytest.raises(RuleViolation) as exc:
        fr.next_state(fr.DRAFT, "accept")
    assert describe(exc.value, "zh") == "申报当前状态为“草稿”，不能执行“受理”"
    assert describe(exc.value, "en") == 'The filing is "Draft": "Accept" is not possible now'


# --- property tests of the state machine ---------------------------------------------------

steps = st.lists(st.tuples(st.sampled_from(fr.ACTIONS), st.booleans()), max_size=25)


def _run(seq: list[tuple[str, bool]]) -> list[tuple[str, str, str]]:
    """Apply actions as the service would; returns the successful (from, action, to) steps."""
    state, consent, origin = fr.DRAFT, False, None
    done = []
    for action, _ in seq:
        try:
            new = fr.next_state(state, action, employer_consent=consent, return_state=origin)
        except (RuleViolation, InvalidInput):
            continue
        if action == "employer_consent":
            consent = True
        if action == "request_corrections":
            origin = state
        done.append((state, action, new))
        state = new
    return done


@settings(max_examples=400, deadline=None)
@given(steps)
def test_no_sequence_reaches_approved_without_accept(seq: list[tuple[str, bool]]) -> None:
    done = _run(seq)
    actions = [a for _, a, _ in done]
    if done and done[-1][2] == fr.APPROVED:
        assert "accept" in actions
        assert actions.index("accept") < actions.index("approve")
        assert "submit" in actions and "employer_confirm" in actions


@settings(max_examples=400, deadline=None)
@given(steps)
def test_withdrawn_only_from_allowed_states_and_terminal_states_are_final(seq: list[tuple[str, bool]]) -> None:
    done = _run(seq)
    for i, (src, action, dst) in enumerate(done):
        assert dst in fr.STATES
        if dst == fr.WITHDRAWN:
            assert src in {fr.SUBMITTED, fr.EMPLOYER_CONFIRMED}
            if src == fr.EMPLOYER_CONFIRMED:
                assert any(a == "employer_consent" for _, a, _ in done[:i])
        assert src not in fr.TERMINAL_STATES
        # the UI's list and the machine agree
        assert action in fr.allowed_actions(src, employer_consent=any(
            a == "employer_consent" for _, a, _ in done[:i]))


@given(st.sampled_from(fr.STATES), st.booleans())
def test_allowed_actions_never_offer_a_refused_action(state: str, consent: bool) -> None:
    for action in fr.ACTIONS:
        offered = action in fr.allowed_actions(state, employer_consent=consent)
        try:
            fr.next_state(state, action, employer_consent=consent, return_state=fr.ACCEPTED)
            ok = True
        except (RuleViolation, InvalidInput):
            ok = False
        assert offered == ok


# --- rules about what may be filed --------------------------------------------------------

def test_initial_only_once_per_specialty_even_after_cancellation() -> None:
    assert code_of(fr.check_filing, facts("initial"), ENGINEER, at_submission=False) == "initial_already_registered"
    assert code_of(fr.check_filing, facts("initial", registration=CANCELLED), ENGINEER,
                   at_submission=False) == "initial_after_cancellation"
    fr.check_filing(facts("initial", registration=None), ENGINEER, at_submission=True)


def test_initial_needs_qualification_and_employer() -> None:
    assert code_of(fr.check_filing, facts("initial", registration=None, has_qualification=False),
                   ENGINEER, at_submission=False) == "initial_needs_qualification"
    assert code_of(fr.check_filing, facts("initial", registration=None, person_employer_id=None),
                   ENGINEER, at_submission=False) == "employer_required"


def test_only_one_open_filing_per_specialty() -> None:
    assert code_of(fr.check_filing, facts("continuation", open_filing_number="SB2026000001"),
                   ENGINEER, at_submission=False) == "filing_already_open"


def test_change_needs_different_employer_and_release_certificate() -> None:
    assert code_of(fr.check_filing, facts("change"), ENGINEER, at_submission=False) == "change_needs_new_employer"
    assert code_of(fr.check_filing, facts("change", new_employer_id="emp-old"), ENGINEER,
                   at_submission=False) == "change_same_employer"
    fr.check_filing(facts("change", new_employer_id="emp-new"), ENGINEER, at_submission=False)
    assert code_of(fr.check_filing, facts("change", new_employer_id="emp-new"), ENGINEER,
                   at_submission=True) == "change_needs_release_certificate"
    fr.check_filing(facts("change", new_employer_id="emp-new", uploads=frozenset({"release_certificate"})),
                    ENGINEER, at_submission=True)


def test_engineer_continuation_only_in_the_half_year_before_expiry() -> None:
    # 004 §3.3 注1 "只有在注册期满前半年内可申报。超过半年不允许申报"; valid until 2026-12-31:
    # the window is 2026-07-01 .. 2026-12-31, and after lapse engineers may not file one.
    assert code_of(fr.check_filing, facts("continuation", today=date(2026, 6, 30)), ENGINEER,
                   at_submission=False) == "continuation_not_open"
    fr.check_filing(facts("continuation", today=date(2026, 7, 1)), ENGINEER, at_submission=False)
    fr.check_filing(facts("continuation", today=date(2026, 12, 31)), ENGINEER, at_submission=False)
    with pytest.raises(RuleViolation) as exc:
        fr.check_filing(facts("continuation", today=date(2027, 1, 1)), ENGINEER, at_submission=False)
    assert exc.value.code == "continuation_lapsed"
    # the sentence says what to file instead
    assert "重新注册" in describe(exc.value, "zh") and "re-registration" in describe(exc.value, "en")


def test_architect_lapsed_registration_can_file_a_continuation() -> None:
    # 000: "证照过期" -> "请申请办理'延续注册'业务".
    f = facts("continuation", today=date(2027, 3, 1), kind="architect", continuation=ARCHITECT_POLICY)
    fr.check_filing(f, kind_rules("architect"), at_submission=True)


def test_constructor_continuation_deadline_is_30_days_before_expiry() -> None:
    # 002: "应在有效期届满30日前提出延续注册申请" - a deadline; no opening day is stated.
    cons = kind_rules("constructor")

    def f(day: date) -> fr.FilingFacts:
        return facts("continuation", today=day, kind="constructor", continuation=CONSTRUCTOR_POLICY)
    fr.check_filing(f(date(2024, 6, 1)), cons, at_submission=False)  # early: allowed
    fr.check_filing(f(date(2026, 12, 1)), cons, at_submission=False)  # the 30th day before
    with pytest.raises(RuleViolation) as exc:
        fr.check_filing(f(date(2026, 12, 2)), cons, at_submission=False)
    assert exc.value.code == "continuation_deadline_passed"
    assert "应在有效期届满30日前提出延续注册申请" in describe(exc.value, "zh")
    fr.check_filing(f(date(2027, 1, 5)), cons, at_submission=False)  # lapsed: 001 "证照过期"


@pytest.mark.parametrize("ftype", ["change", "continuation", "modification", "cancellation"])
def test_filings_on_a_registration_need_an_active_one(ftype: str) -> None:
    assert code_of(fr.check_filing, facts(ftype, registration=None), ENGINEER,
                   at_submission=False) == "registration_required"
    assert code_of(fr.check_filing, facts(ftype, registration=CANCELLED, new_employer_id="x",
                                          data={"reason": "other", "reason_text": "x"}),
                   ENGINEER, at_submission=False) == "registration_cancelled"


def test_reregistration_needs_a_cancelled_registration() -> None:
    assert code_of(fr.check_filing, facts("reregistration"), ENGINEER,
                   at_submission=False) == "reregistration_needs_cancelled"
    fr.check_filing(facts("reregistration", registration=CANCELLED), ENGINEER, at_submission=True)


def test_modification_needs_a_reason() -> None:
    assert code_of(fr.normalise_form, "modification", {}) == "modification_reason_required"
    assert code_of(fr.normalise_form, "modification", {"reason": "whim"}) == "reason_unknown"
    assert code_of(fr.normalise_form, "modification", {"reason": "other"}) == "reason_text_required"
    assert fr.normalise_form("modification", {"reason": "seal_lost", "junk": 1}) == {
        "reason": "seal_lost", "reason_text": ""}


def test_cancellation_needs_reason_and_forced_needs_judgment() -> None:
    assert code_of(fr.normalise_form, "cancellation", {"forced": True}) == "cancellation_reason_required"
    data = {"reason": "left_employer", "forced": True}
    fr.check_filing(facts("cancellation", data=data), ENGINEER, at_submission=False)
    assert code_of(fr.check_filing, facts("cancellation", data=data), ENGINEER,
                   at_submission=True) == "cancellation_needs_judgment"
    fr.check_filing(facts("cancellation", data=data, uploads=frozenset({"judgment"})), ENGINEER,
                    at_submission=True)
    fr.check_filing(facts("cancellation", data={"reason": "retired"}), ENGINEER, at_submission=True)


def test_unknown_type_is_bad_input() -> None:
    assert code_of(fr.normalise_form, "promotion", {}) == "filing_type_unknown"


# --- rules of every submission ------------------------------------------------------------

def sub(**kw: bool) -> fr.SubmissionFacts:
    base = dict(conditions_accepted=True, commitment_accepted=True, has_photo=True, has_signature=True,
                social_security_flag=False, social_security_override=False)
    base.update(kw)
    return fr.SubmissionFacts(**base)


@pytest.mark.parametrize(("kw", "code"), [
    ({"conditions_accepted": False}, "conditions_not_accepted"),
    ({"commitment_accepted": False}, "commitment_not_accepted"),
    ({"social_security_flag": True}, "social_security_warning"),
    ({"has_photo": False}, "photo_missing"),
    ({"has_signature": False}, "signature_missing"),
])
def test_submission_refusals(kw: dict[str, bool], code: str) -> None:
    assert code_of(fr.check_submission, sub(**kw)) == code


def test_social_security_warning_can_be_overridden() -> None:
    fr.check_submission(sub(social_security_flag=True, social_security_override=True))


def test_seal_numbers_per_kind() -> None:
    assert fr.seal_number(kind_rules("constructor"), "京111050700001", 0) == "京111050700001(00)"
    assert fr.seal_number(kind_rules("constructor"), "京111050700001", 2) == "京111050700001(02)"
    assert fr.seal_number(ENGINEER, "S174101880", 3) == "S174101880"


def test_age_cap_refuses_registration_filings() -> None:
    constructor = kind_rules("constructor")
    cap = date(2026, 9, 1)
    for ftype in ("continuation", "reregistration"):
        reg = CANCELLED if ftype == "reregistration" else fr.RegistrationFacts(
            "active", date(2024, 1, 1), date(2026, 10, 31), "emp-old")
        assert code_of(fr.check_filing, facts(ftype, registration=reg, age_cap_date=cap,
                                              today=date(2026, 9, 2), kind="constructor",
                                              continuation=CONSTRUCTOR_POLICY), constructor,
                       at_submission=False) == "age_cap_reached"
    # "有效期截至65周岁当日": the birthday itself is still a day of a period
    fr.check_filing(facts("initial", registration=None, age_cap_date=date(2026, 9, 1), kind="constructor"),
                    constructor, at_submission=False)


def test_constructor_addition_is_an_initial_for_a_further_specialty() -> None:
    # 002 names 增项注册; modelled (an assumption) as 初始注册's rules for a further specialty.
    cons = kind_rules("constructor")
    first = facts("initial", registration=None, kind="constructor")
    fr.check_filing(first, cons, at_submission=True)
    assert code_of(fr.check_filing, facts("initial", registration=None, kind="constructor",
                                          kind_registered=True), cons,
                   at_submission=False) == "initial_use_addition"
    add = facts("addition", registration=None, kind="constructor", kind_registered=True)
    fr.check_filing(add, cons, at_submission=True)
    assert code_of(fr.check_filing, facts("addition", registration=None, kind="constructor"), cons,
                   at_submission=False) == "addition_needs_registration"
    assert code_of(fr.check_filing, facts("addition", kind="constructor", kind_registered=True), cons,
                   at_submission=False) == "initial_already_registered"
    assert code_of(fr.check_filing, facts("addition", registration=None, kind="constructor",
                                          kind_registered=True, has_qualification=False), cons,
                   at_submission=False) == "initial_needs_qualification"
    # architects and engineers have no 增项注册
    assert code_of(fr.check_filing, facts("addition", registration=None, kind_registered=True),
                   ENGINEER, at_submission=False) == "filing_type_not_for_kind"
    assert fr.types_for_kind("engineer") == tuple(t for t in fr.FILING_TYPES if t != "addition")
    assert "addition" in fr.types_for_kind("constructor")


@pytest.mark.parametrize(("fn", "args", "kw"), [
    (fr.next_state, (fr.WITHDRAWN, "approve"), {}),
    (fr.next_state, (fr.ACCEPTED, "withdraw"), {}),
    (fr.check_filing, (facts("continuation", registration=None, specialty_label_en="Structural"), ENGINEER),
     {"at_submission": False}),
    (fr.check_filing, (facts("initial", specialty_label_en="Structural"), ENGINEER), {"at_submission": False}),
])
def test_english_messages_carry_english_labels(fn, args, kw) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RuleViolation) as exc:
        fn(*args, **kw)
    en = describe(exc.value, "en")
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en), en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in describe(exc.value, "zh"))
