"""Demo filings: one per selected person, each with the timeline that leads to its state.

The k-th filing gets the k-th (type, state) pair of a cycle over every type and state, so even
a small demo shows every tab and badge of the filing screens. Each filing's events follow the
real transition table (:mod:`app.domain.filing_rules`), so the timeline is one the filing
service could have written; 补正 requests, review opinions and messages come with them.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from app.domain import filing_rules as fr

if TYPE_CHECKING:
    from app.demo.generator import Chunk, DemoBuilder, RegRef

ACTOR_PERSON = "demo"
ACTOR_REVIEWER = "demo-reviewer"

# The actions that lead from draft to each state.
_TO_AUTHORITY = ("submit", "employer_confirm")
PATHS: dict[str, tuple[str, ...]] = {
    fr.DRAFT: (),
    fr.SUBMITTED: ("submit",),
    fr.EMPLOYER_CONFIRMED: ("submit", "employer_confirm"),
    fr.ACCEPTED: (*_TO_AUTHORITY, "accept"),
    fr.CORRECTIONS_REQUESTED: (*_TO_AUTHORITY, "accept", "request_corrections"),
    fr.APPROVED: (*_TO_AUTHORITY, "accept", "approve"),
    fr.REJECTED: (*_TO_AUTHORITY, "accept", "reject"),
    fr.WITHDRAWN: ("submit", "withdraw"),
}
_OPINIONS = {
    fr.APPROVED: "经审查，申报材料齐全，符合注册条件，准予注册。",
    fr.REJECTED: "经审查，聘用单位社保缴纳记录与申报单位不一致，不予批准。",
}
_CORRECTIONS = (
    ("请补充上传与原聘用单位解除劳动关系的证明材料。", "原件扫描件不清晰，无法辨认公章。"),
    ("请补充上传本人近期一寸免冠照片。", "照片背景不符合要求。"),
    ("请补充上传劳动合同首页及签字页。", "缺少签字页。"),
)


@dataclass(frozen=True)
class FilingPlan:
    person_id: uuid.UUID
    employer_id: uuid.UUID | None
    regs: tuple[RegRef, ...]
    unregistered: tuple[tuple[str, str], ...]


def _form(rng: random.Random, ftype: str) -> dict[str, Any]:
    if ftype == fr.MODIFICATION:
        reason = rng.choice(list(fr.MODIFICATION_REASONS))
        return {"reason": reason, "reason_text": "印章磨损" if reason == "other" else ""}
    if ftype == fr.CANCELLATION:
        reason = rng.choice(list(fr.CANCELLATION_REASONS))
        return {"reason": reason, "reason_text": "另有安排" if reason == "other" else "",
                "forced": False}
    return {}


def _choose(b: DemoBuilder, plan: FilingPlan) -> tuple[str, str]:
    if not plan.regs:
        # Only an initial registration makes sense (and not an approved one: that would have
        # created a registration); take a state the cycle wanted for one.
        state = (b.pending_initial.pop() if b.pending_initial
                 else b.rng.choice([s for s in fr.STATES if s != fr.APPROVED]))
        return fr.INITIAL, state
    if plan.unregistered and b.pending_initial:
        return fr.INITIAL, b.pending_initial.pop()
    while True:
        ftype, state = b.next_filing_kind()
        if ftype == fr.INITIAL and state != fr.APPROVED and not plan.unregistered:
            b.pending_initial.append(state)  # keep it for a person who can file it
            continue
        return ftype, state


def filing_rows(b: DemoBuilder, out: Chunk, plan: FilingPlan) -> None:
    rng = b.rng
    ftype, state = _choose(b, plan)
    reg: RegRef | None = None
    if ftype == fr.INITIAL and (not plan.regs or (state != fr.APPROVED and plan.unregistered)):
        kind, spec = rng.choice(plan.unregistered)
    else:
        candidates = list(plan.regs)
        if ftype == fr.CONTINUATION:  # prefer one inside its continuation window
            soon = [r for r in candidates if r.valid_until <= b.today + timedelta(days=180)]
            candidates = soon or candidates
        reg = rng.choice(candidates)
        kind, spec = reg.kind, reg.specialty
    employer, old_employer = plan.employer_id, None
    if ftype == fr.CHANGE:
        old_employer, employer = plan.employer_id, b.other_employer(plan.employer_id)
    data = _form(rng, ftype)
    if ftype == fr.INITIAL and reg is not None:
        data["registration_number"] = reg.number

    fid = uuid.UUID(int=rng.getrandbits(128), version=4)
    path = PATHS[state]
    created = b.now - timedelta(days=rng.randrange(len(path) * 3 + 1, 400),
                                minutes=rng.randrange(600))
    at = created
    out.add("filing_events", (uuid.UUID(int=rng.getrandbits(128), version=4), fid, 1, at,
                              ACTOR_PERSON, "create", None, fr.DRAFT, None))
    current, submitted_at, decided_at = fr.DRAFT, None, None
    for seq, action in enumerate(path, start=2):
        at = at + timedelta(days=rng.randrange(0, 3), hours=rng.randrange(1, 9))
        target = fr.TRANSITIONS[action].target
        actor = ACTOR_REVIEWER if action in ("accept", "approve", "reject",
                                              "request_corrections") else ACTOR_PERSON
        note = None
        if action == "request_corrections":
            content, reason = rng.choice(_CORRECTIONS)
            note = content
            out.add("correction_requests", (uuid.UUID(int=rng.getrandbits(128), version=4), fid,
                                            at, ACTOR_REVIEWER, content, reason, "open", None,
                                            None, None))
            out.add("review_messages", (uuid.UUID(int=rng.getrandbits(128), version=4), fid,
                                        plan.person_id, at, ACTOR_REVIEWER,
                                        f"请补正：{content}（原因：{reason}）", None))
        out.add("filing_events", (uuid.UUID(int=rng.getrandbits(128), version=4), fid, seq, at,
                                  actor, action, current, target, note))
        if action == "submit":
            submitted_at = at
        current = target
    opinion = _OPINIONS.get(state)
    if opinion:
        decided_at = at
        out.add("review_messages", (uuid.UUID(int=rng.getrandbits(128), version=4), fid,
                                    plan.person_id, at, ACTOR_REVIEWER, opinion,
                                    at + timedelta(days=1) if rng.random() < 0.5 else None))
    submitted = submitted_at is not None
    out.add("filings", (
        fid, b.next_filing_number(), plan.person_id, ftype, kind, spec, state,
        reg.id if reg else None, employer, old_employer, data, submitted, submitted,
        False, False, ACTOR_PERSON, submitted_at, decided_at,
        ACTOR_REVIEWER if decided_at else None, opinion, 1, created, at))
