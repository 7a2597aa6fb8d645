"""What the filing wizard has gathered so far, and what a person can file for.

Kept apart from the wizard's pages so that the pages (:mod:`filing_form_page`) and the wizard
(:mod:`filing_wizard`) both depend on it without depending on each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from PySide6.QtCore import QCoreApplication

from app.domain.filing_rules import types_for_kind
from app.domain.validity import ContinuationPolicy, continuation_window
from app.services.filing_views import FilingView, NewAttachment
from app.services.register_common import PersonView, QualificationView, RegistrationView
from app.ui.common.context import UiContext


@dataclass
class Target:
    """One thing a filing may be about: a qualification (initial) or a registration."""

    kind: str
    specialty: str
    registration: RegistrationView | None = None


@dataclass
class WizardState:
    person: PersonView
    qualifications: list[QualificationView]
    registrations: list[RegistrationView]
    filing_type: str = "initial"
    target: Target | None = None
    social_security_override: bool = False
    data: dict[str, str | bool] = field(default_factory=dict)
    attachments: list[NewAttachment] = field(default_factory=list)
    # The office's continuation rules per kind (PersonRecord.continuation).
    continuation: dict[str, ContinuationPolicy] = field(default_factory=dict)


def targets_for(state: WizardState, filing_type: str, today: date | None = None) -> tuple[list[Target], str]:
    """What the person can file ``filing_type`` for, and why not when the list is empty."""
    today = today or date.today()
    regs = state.registrations
    registered = {(r.kind, r.specialty) for r in regs}
    active = [r for r in regs if r.state == "active"]
    # A registered constructor adds a specialty by 增项注册, not by a second 初始注册 (seed 002).
    adds_by_addition = {r.kind for r in active if "addition" in types_for_kind(r.kind)}
    if filing_type == "initial":
        out = [Target(q.kind, q.specialty) for q in state.qualifications
               if (q.kind, q.specialty) not in registered and q.kind not in adds_by_addition]
        return out, QCoreApplication.translate("FilingTexts", "没有可申报初始注册的资格：每个专业只能初始注册一次，且须先取得该专业的执业资格。")
    if filing_type == "addition":
        out = [Target(q.kind, q.specialty) for q in state.qualifications
               if (q.kind, q.specialty) not in registered and q.kind in adds_by_addition]
        return out, QCoreApplication.translate("FilingTexts", "增项注册只适用于已注册的一级建造师，且须先取得所增专业的执业资格。")
    if filing_type == "continuation":
        return _continuation_targets(state, active, today)
    if filing_type == "reregistration":
        return ([Target(r.kind, r.specialty, r) for r in regs if r.state != "active"],
                QCoreApplication.translate("FilingTexts", "没有已注销的注册，不能申报重新注册。"))
    return ([Target(r.kind, r.specialty, r) for r in active], QCoreApplication.translate("FilingTexts", "没有有效的注册。"))


def _continuation_targets(state: WizardState, active: list[RegistrationView],
                          today: date) -> tuple[list[Target], str]:
    """Registrations inside their kind's continuation window, or lapsed where the office's
    rules allow a continuation after lapse (docs/rules.md); else why not."""
    def tr(text: str) -> str:
        return QCoreApplication.translate("FilingTexts", text)

    out: list[Target] = []
    hint = tr("没有注册处于延续注册申报期内。")
    for r in active:
        policy = state.continuation.get(r.kind, ContinuationPolicy(6, 0, True))
        # The latest period granted decides (a continued one is already recorded).
        start, until = r.next_valid_from or r.valid_from, r.next_valid_until or r.valid_until
        window = continuation_window(policy, start, until)
        if window.contains(today) or (today > until and policy.after_lapse):
            out.append(Target(r.kind, r.specialty, r))
        elif today < window.start:
            hint = tr("{0} 的延续注册申报期自 {1} 开始（本办公室的延续注册规则，见设置）。").format(
                r.registration_number, window.start.isoformat())
        elif today <= until:
            hint = tr("{0} 的延续注册应在有效期届满{1}日前申报，已于 {2} 截止。").format(
                r.registration_number, policy.deadline_days, window.end.isoformat())
        else:
            hint = tr("{0} 已于 {1} 期满，不能再申报延续注册：请先申报注销注册，再申报重新注册。").format(
                r.registration_number, until.isoformat())
    return out, hint


class WizardHost(Protocol):
    """What the form and confirmation pages use of the wizard that holds them."""

    ctx: UiContext
    state: WizardState
    created: FilingView | None
    submitting: bool

    def confirm(self, title: str, text: str) -> bool: ...

    def submit(self) -> None: ...
