"""Filings (申报): their types and states, the transition table, and the rules of seed 004.

Everything here is pure: the service gathers the facts (the registration, the uploads, the
person's flags) into small frozen dataclasses and these functions decide, raising
:class:`RuleViolation` with a code the CLI and the UI turn into a sentence. The UI asks
:func:`allowed_actions` which buttons to show; the service asks :func:`next_state` before it
moves a filing, so the two can never disagree.

Names of types and states are shared with other packages: see ``docs/dev/contracts.md``.
This module holds codes and rules only: the CLI and the error messages name the codes from
``resources/messages/labels.toml`` (:func:`app.messages.label`), the UI from
``app/ui/common/labels.py``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any, Final

from app.domain.kinds import KindRules
from app.domain.roles import allowed as role_allows
from app.domain.validity import ContinuationPolicy, continuation_window
from app.errors import InvalidInput, RuleViolation
from app.messages import label

# --- types and states ---------------------------------------------------------------------

INITIAL: Final = "initial"
CHANGE: Final = "change"
CONTINUATION: Final = "continuation"
MODIFICATION: Final = "modification"
CANCELLATION: Final = "cancellation"
REREGISTRATION: Final = "reregistration"
# 增项注册: seed 002 names it ("初始注册、增项注册、重新注册、延续注册") without its rules. Assumed
# (docs/rules.md): a registered constructor's filing for a further specialty, with the rules of
# 初始注册 for that specialty; the registration keeps the holder's one number.
ADDITION: Final = "addition"
FILING_TYPES: Final = (INITIAL, CHANGE, CONTINUATION, MODIFICATION, CANCELLATION, REREGISTRATION,
                       ADDITION)
# The kinds a filing type exists for (absent: every kind).
TYPE_KINDS: Final[dict[str, frozenset[str]]] = {ADDITION: frozenset({"constructor"})}
# Seed 001 §3.3: "申报完初始注册、重新注册、延续注册等业务后，电子证照提示'加注失败'，原因为证照
# 信息还未上报到住房和城乡建设部" - while one of these is open, annotation fails.
ANNOTATION_BLOCKING_TYPES: Final = frozenset({INITIAL, REREGISTRATION, CONTINUATION, ADDITION})

DRAFT: Final = "draft"
# The states seed 004 names: 个人已上报, 企业已上报 (the employer has reported it to the
# authority, §5 "该申报数据已上报到主管部门"), 受理, 补正, 审批通过/不通过 and 个人撤回 (§2.4).
# Drafts are the office's own (the form before 上报). An earlier "with_authority" state between
# 企业已上报 and 受理 is in no document; migration 0005 folds it into employer_confirmed.
SUBMITTED: Final = "submitted"
EMPLOYER_CONFIRMED: Final = "employer_confirmed"
ACCEPTED: Final = "accepted"
CORRECTIONS_REQUESTED: Final = "corrections_requested"
APPROVED: Final = "approved"
REJECTED: Final = "rejected"
WITHDRAWN: Final = "withdrawn"
STATES: Final = (DRAFT, SUBMITTED, EMPLOYER_CONFIRMED, ACCEPTED, CORRECTIONS_REQUESTED, APPROVED, REJECTED, WITHDRAWN)
# A decided filing never moves again; it shows in the history (历史申报).
TERMINAL_STATES: Final = frozenset({APPROVED, REJECTED, WITHDRAWN})
OPEN_STATES: Final = frozenset(STATES) - TERMINAL_STATES

# --- the transition table -----------------------------------------------------------------

# Special targets: a 补正 answer returns to the state the request came from; the employer's
# consent to a withdrawal is recorded on the filing without moving it.
RETURN: Final = "<return>"
SAME: Final = "<same>"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    permission: str  # app.domain.roles permission the acting staff member needs


def _t(action: str, sources: set[str], target: str, permission: str) -> Transition:
    return Transition(action, frozenset(sources), target, permission)


# The order is the order of the buttons.
TRANSITIONS: Final[dict[str, Transition]] = {t.action: t for t in (
    _t("submit", {DRAFT}, SUBMITTED, "filing.submit"),
    # The office records the employer's report (企业已上报): the data is now with the authority.
    _t("employer_confirm", {SUBMITTED}, EMPLOYER_CONFIRMED, "filing.submit"),
    _t("accept", {EMPLOYER_CONFIRMED}, ACCEPTED, "filing.accept"),
    _t("request_corrections", {EMPLOYER_CONFIRMED, ACCEPTED}, CORRECTIONS_REQUESTED,
       "filing.request_correction"),
    _t("answer_corrections", {CORRECTIONS_REQUESTED}, RETURN, "filing.answer_correction"),
    _t("approve", {ACCEPTED}, APPROVED, "filing.approve"),
    _t("reject", {ACCEPTED}, REJECTED, "filing.reject"),
    # withdraw from employer_confirmed needs the employer's consent: see check_withdrawal.
    _t("withdraw", {SUBMITTED, EMPLOYER_CONFIRMED}, WITHDRAWN, "filing.withdraw"),
    _t("employer_consent", {EMPLOYER_CONFIRMED}, SAME, "filing.withdraw"),
)}
ACTIONS: Final = tuple(TRANSITIONS)
# What a filing's timeline records besides the transitions; "forward" only in timelines
# written before migration 0005 (the step to the removed with_authority state).
EVENT_ACTIONS: Final = ("create", "refile", *ACTIONS, "forward")
CORRECTION_SOURCES: Final = TRANSITIONS["request_corrections"].sources


# --- error parameters naming a code ---------------------------------------------------------
# An error sentence names a state or a type in the reader's language: the parameter carries
# both names (``state`` and ``state_en``, see app.messages.describe), taken from labels.toml.

def _named(param: str, table: str, code: str) -> dict[str, str]:
    return {param: label(table, code, "zh"), f"{param}_en": label(table, code, "en")}


def state_params(state: str) -> dict[str, str]:
    return _named("state", "filing_state", state)


def type_params(filing_type: str) -> dict[str, str]:
    return _named("filing_type", "filing_type", filing_type)


def action_params(action: str) -> dict[str, str]:
    """``action`` may also be ``edit`` or ``discard``: changes to a draft a state can refuse."""
    return _named("action", "filing_action", action)


def subject_params(subject: str) -> dict[str, str]:
    return _named("subject", "appeal_subject", subject)


def check_type(filing_type: str) -> str:
    if filing_type not in FILING_TYPES:
        raise InvalidInput("filing_type_unknown", field="filing_type", filing_type=filing_type,
                           allowed=list(FILING_TYPES))
    return filing_type


def _types_for(kind: str) -> tuple[str, ...]:
    return tuple(t for t in FILING_TYPES if kind in TYPE_KINDS.get(t, frozenset({kind})))


def types_for_kind(kind: str) -> tuple[str, ...]:
    """The filing types a kind has (增项注册 only for constructors)."""
    return _types_for(kind)


def check_withdrawal(state: str, employer_consent: bool) -> None:
    """Seed 004 §5 "只有申报状态为'个人已上报'或'企业已上报'才可以撤回，如果该申报数据已上报到
    主管部门，主管部门还未受理前，个人操作撤回后需要企业同意后方可撤回": 个人已上报 freely;
    企业已上报 (with the authority, not yet 受理) only with the employer's consent."""
    if state == SUBMITTED:
        return
    if state == EMPLOYER_CONFIRMED:
        if not employer_consent:
            raise RuleViolation("withdraw_needs_employer_consent")
        return
    raise RuleViolation("withdraw_not_allowed", **state_params(state))


def next_state(state: str, action: str, *, employer_consent: bool = False,
               return_state: str | None = None) -> str:
    """The state after ``action``, or RuleViolation if the table does not allow it."""
    t = TRANSITIONS.get(action)
    if t is None:
        raise InvalidInput("filing_action_unknown", field="action", action=action, allowed=list(ACTIONS))
    if action == "withdraw":
        check_withdrawal(state, employer_consent)
        return WITHDRAWN
    if state not in t.sources:
        raise RuleViolation("filing_action_not_allowed", **action_params(action), **state_params(state))
    if t.target == RETURN:
        if return_state not in CORRECTION_SOURCES:
            # The request's origin is part of the record; without it the filing cannot move.
            raise RuleViolation("correction_origin_unknown")
        assert return_state is not None
        return return_state
    if t.target == SAME:
        if employer_consent:
            raise RuleViolation("employer_consent_already")
        return state
    return t.target


def allowed_actions(state: str, *, employer_consent: bool = False,
                    role: str | None = None) -> tuple[str, ...]:
    """Actions the table allows in ``state`` (and, given a role, that the role may take)."""
    result: list[str] = []
    for action, t in TRANSITIONS.items():
        if role is not None and not role_allows(role, t.permission):
            continue
        try:
            # Any valid origin will do here: only whether the action is possible matters.
            next_state(state, action, employer_consent=employer_consent, return_state=ACCEPTED)
        except (RuleViolation, InvalidInput):
            continue
        result.append(action)
    return tuple(result)


def can_refile(state: str) -> bool:
    """Seed 004 §5 注: a withdrawn filing can be filed again (as a new draft with its data)."""
    return state == WITHDRAWN


# --- form data per type -------------------------------------------------------------------

# 更改补办原因. The seal reasons make the practice seal be re-issued (counter NN goes up).
MODIFICATION_REASONS: Final = ("seal_lost", "seal_damaged", "certificate_info", "other")
SEAL_REISSUE_REASONS: Final = frozenset({"seal_lost", "seal_damaged"})

# 注销原因. Death or incapacity are handled offline (seed 004 §3.5 注1), so they are not here.
CANCELLATION_REASONS: Final = ("left_employer", "no_longer_practising", "retired", "other")
# The reasons a filing type asks for (the others have none).
REASONS: Final[dict[str, tuple[str, ...]]] = {MODIFICATION: MODIFICATION_REASONS,
                                              CANCELLATION: CANCELLATION_REASONS}


def _reason(data: Mapping[str, Any], choices: tuple[str, ...], prefix: str) -> dict[str, Any]:
    reason = str(data.get("reason") or "").strip()
    text = str(data.get("reason_text") or "").strip()
    if not reason:
        raise RuleViolation(f"{prefix}_reason_required", field="reason")
    if reason not in choices:
        raise InvalidInput("reason_unknown", field="reason", reason=reason, allowed=list(choices))
    if reason == "other" and not text:
        raise RuleViolation("reason_text_required", field="reason_text")
    return {"reason": reason, "reason_text": text}


def normalise_form(filing_type: str, data: Mapping[str, Any] | None) -> dict[str, Any]:
    """The type's own form, validated; unknown keys are dropped so nothing unchecked is stored."""
    check_type(filing_type)
    data = data or {}
    if filing_type == MODIFICATION:
        return _reason(data, MODIFICATION_REASONS, "modification")
    if filing_type == CANCELLATION:
        form = _reason(data, CANCELLATION_REASONS, "cancellation")
        form["forced"] = bool(data.get("forced", False))
        return form
    if filing_type == INITIAL and data.get("registration_number"):
        # The number the authority assigned, if the office is told it before approval.
        return {"registration_number": str(data["registration_number"]).strip().upper()}
    return {}


# 申辩 subjects (seed 004 §2.6: 社保异常, 人员查重异常, ...).
APPEAL_SUBJECTS: Final = ("social_security", "duplicate_person", "other")


# --- rules about the register (checked at creation and again at submission) ---------------

@dataclass(frozen=True)
class RegistrationFacts:
    state: str  # active / cancelled
    valid_from: date  # the latest period granted (app.models.people.Registration)
    valid_until: date
    employer_id: str | None


@dataclass(frozen=True)
class FilingFacts:
    """What the rules need to know about a filing and the register around it."""

    filing_type: str
    specialty_label: str
    today: date
    registration: RegistrationFacts | None  # the person's registration for kind + specialty
    has_qualification: bool
    person_employer_id: str | None  # the employer in the person's record
    new_employer_id: str | None  # change: the employer the person moves to
    open_filing_number: str | None = None  # another open filing for the same specialty
    uploads: frozenset[str] = frozenset()  # attachment purposes on the filing
    data: Mapping[str, Any] | None = None
    age_cap_date: date | None = None  # validity.age_cap_date of the person for this kind
    specialty_label_en: str = ""
    kind_registered: bool = False  # an active registration of this kind in another specialty
    kind: str = ""
    continuation: ContinuationPolicy | None = None  # the office's settings for this kind
    kind_label: str = ""
    kind_label_en: str = ""


def check_filing(facts: FilingFacts, rules: KindRules, *, at_submission: bool) -> None:
    """Every rule of seed 004 about what may be filed. Uploads are checked only at submission,
    since they are attached to a draft after it is created."""
    check_type(facts.filing_type)
    if facts.open_filing_number:
        raise RuleViolation("filing_already_open", number=facts.open_filing_number)
    reg = facts.registration
    label = {"specialty": facts.specialty_label,
             "specialty_en": facts.specialty_label_en or facts.specialty_label}
    kind_label = type_params(facts.filing_type)
    kinds = TYPE_KINDS.get(facts.filing_type)
    if kinds is not None and facts.kind and facts.kind not in kinds:
        raise RuleViolation("filing_type_not_for_kind", **kind_label, kind=facts.kind_label,
                            kind_en=facts.kind_label_en or facts.kind_label)
    if (facts.filing_type in (INITIAL, CONTINUATION, REREGISTRATION, ADDITION)
            and facts.age_cap_date is not None
            and facts.today > facts.age_cap_date):
        # 一级建造师 (seed 002): "有效期截至65周岁当日" - past that day a new period would end
        # before it starts, so there is nothing to grant.
        raise RuleViolation("age_cap_reached", age=rules.age_cap_years,
                            cap_date=facts.age_cap_date.isoformat())
    if facts.filing_type == INITIAL and facts.kind_registered and ADDITION in _types_for(facts.kind):
        # A registered constructor adds a specialty by 增项注册 (seed 002), not a second 初始注册.
        raise RuleViolation("initial_use_addition", **label)
    if facts.filing_type == ADDITION and not facts.kind_registered:
        raise RuleViolation("addition_needs_registration", **label)
    if facts.filing_type in (INITIAL, ADDITION):
        if reg is not None:
            # "每个注册专业只可以申报一次初始注册，不能重复注册" - even after cancellation.
            code = "initial_after_cancellation" if reg.state == "cancelled" else "initial_already_registered"
            raise RuleViolation(code, **label)
        if not facts.has_qualification:
            raise RuleViolation("initial_needs_qualification", **label)
        if not facts.person_employer_id:
            raise RuleViolation("employer_required", field="employer")
        return
    if reg is None:
        raise RuleViolation("registration_required", **label, **kind_label)
    if facts.filing_type == REREGISTRATION:
        if reg.state != "cancelled":
            raise RuleViolation("reregistration_needs_cancelled", **label)
        if not facts.person_employer_id:
            raise RuleViolation("employer_required", field="employer")
        return
    if reg.state == "cancelled":
        raise RuleViolation("registration_cancelled", **label, **kind_label)
    if facts.filing_type == CHANGE:
        check_change(reg.employer_id, facts.new_employer_id, facts.uploads, at_submission)
    elif facts.filing_type == CONTINUATION:
        assert facts.continuation is not None, "the service passes the office's policy"
        check_continuation(facts.continuation, reg.valid_from, reg.valid_until, facts.today,
                           kind=facts.kind_label, kind_en=facts.kind_label_en)
    elif facts.filing_type == MODIFICATION:
        normalise_form(MODIFICATION, facts.data)
    elif facts.filing_type == CANCELLATION:
        form = normalise_form(CANCELLATION, facts.data)
        if at_submission and form["forced"] and "judgment" not in facts.uploads:
            raise RuleViolation("cancellation_needs_judgment")


def check_change(old_employer_id: str | None, new_employer_id: str | None,
                 uploads: frozenset[str], at_submission: bool) -> None:
    """Seed 004 §3.2: the new employer differs from the old one; a release certificate is uploaded."""
    if not new_employer_id:
        raise RuleViolation("change_needs_new_employer", field="employer")
    if old_employer_id is not None and str(old_employer_id) == str(new_employer_id):
        raise RuleViolation("change_same_employer", field="employer")
    if at_submission and "release_certificate" not in uploads:
        raise RuleViolation("change_needs_release_certificate")


def check_continuation(policy: ContinuationPolicy, valid_from: date, valid_until: date,
                       today: date, *, kind: str = "", kind_en: str = "") -> None:
    """When a continuation may be filed, per the kind's settings (docs/rules.md): the window
    before expiry (seed 004: the last half year), the deadline (seed 002: 30 days before
    expiry) and whether a lapsed registration may still file one (seeds 000/001)."""
    window = continuation_window(policy, valid_from, valid_until)
    dates = {"opens": window.start.isoformat(), "closes": window.end.isoformat(),
             "valid_until": valid_until.isoformat(), "today": today.isoformat(),
             "kind": kind, "kind_en": kind_en or kind}
    if today > valid_until:
        if policy.after_lapse:
            return
        # Engineers (seed 004 gives only the half year): the way back is 注销 then 重新注册,
        # whose period is extended automatically (§3.3 注2).
        raise RuleViolation("continuation_lapsed", **dates)
    if today < window.start:
        raise RuleViolation("continuation_not_open", **dates)
    if today > window.end:
        raise RuleViolation("continuation_deadline_passed", days=policy.deadline_days,
                            after_lapse=int(policy.after_lapse), **dates)


# --- rules of the submission itself (every filing type) -----------------------------------

@dataclass(frozen=True)
class SubmissionFacts:
    conditions_accepted: bool  # 审批条件 ticked
    commitment_accepted: bool  # 个人承诺书: "本人作出上述承诺"
    has_photo: bool
    has_signature: bool
    social_security_flag: bool
    social_security_override: bool  # the applicant confirmed going on despite the warning


def check_submission(facts: SubmissionFacts) -> None:
    """Seed 004 §3.1.1: conditions, commitment, the social-security warning, photo and signature."""
    if not facts.conditions_accepted:
        raise RuleViolation("conditions_not_accepted")
    if not facts.commitment_accepted:
        raise RuleViolation("commitment_not_accepted")
    if facts.social_security_flag and not facts.social_security_override:
        raise RuleViolation("social_security_warning")
    if not facts.has_photo:
        raise RuleViolation("photo_missing")
    if not facts.has_signature:
        raise RuleViolation("signature_missing")


def seal_number(rules: KindRules, registration_number: str, reissue: int) -> str:
    """The practice seal number per the kind's ``seal_number_format`` (NN counts re-issues)."""
    return rules.seal_number_format.format(registration_number=registration_number, reissue=reissue)
