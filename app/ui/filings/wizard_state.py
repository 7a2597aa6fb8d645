"""What the filing wizard has gathered so far, and what a person can file for.

Kept apart from the wizard's pages so that the pages (:mod:`filing_form_page`) and the wizard
(:mod:`filing_wizard`) both depend on it without depending on each other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from PySide6.QtCore import QCoreApplication

from app.domain.kinds import kind_rules
from app.domain.validity import continuation_window
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


def targets_for(state: WizardState, filing_type: str, today: date | None = None) -> tuple[list[Target], str]:
    """What the person can file ``filing_type`` for, and why not when the list is empty."""
    today = today or date.today()
    regs = state.registrations
    registered = {(r.kind, r.specialty) for r in regs}
    active = [r for r in regs if r.state == "active"]
    if filing_type == "initial":
        out = [Target(q.kind, q.specialty) for q in state.qualifications
               if (q.kind, q.specialty) not in registered]
        return out, QCoreApplication.translate("FilingTexts", "没有可申报初始注册的资格：每个专业只能初始注册一次，且须先取得该专业的执业资格。")
    if filing_type == "continuation":
        out, hint = [], QCoreApplication.translate("FilingTexts", "没有注册处于延续注册申报期内（有效期届满前半年内）。")
        for r in active:
            window = continuation_window(kind_rules(r.kind), r.valid_until)
            if window.contains(today):
                out.append(Target(r.kind, r.specialty, r))
            elif today < window.start:
                hint = QCoreApplication.translate("FilingTexts", "延续注册只能在有效期届满前半年内申报：{0} 的申报期自 {1} 开始。").format(
                    r.registration_number, window.start.isoformat())
        return out, hint
    if filing_type == "reregistration":
        return ([Target(r.kind, r.specialty, r) for r in regs if r.state != "active"],
                QCoreApplication.translate("FilingTexts", "没有已注销的注册，不能申报重新注册。"))
    return ([Target(r.kind, r.specialty, r) for r in active], QCoreApplication.translate("FilingTexts", "没有有效的注册。"))


class WizardHost(Protocol):
    """What the form and confirmation pages use of the wizard that holds them."""

    ctx: UiContext
    state: WizardState
    created: FilingView | None
    submitting: bool

    def confirm(self, title: str, text: str) -> bool: ...

    def submit(self) -> None: ...
