"""Frozen views of filings and what surrounds them, built from ORM rows inside a session.

The GUI and the CLI get these, never live rows (nothing lazy-loads on the GUI thread). Shared
by the register, filing, appeal and attachment services, so it imports none of them. Views
carry codes (types, states, actions), never their names: the UI names them through
``app/ui/common/labels.py``, the CLI through ``resources/messages/labels.toml``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.domain import filing_rules as fr
from app.models import (
    Attachment,
    CorrectionRequest,
    Employer,
    Filing,
    FilingEvent,
    Person,
    Registration,
    ReviewMessage,
)

T = TypeVar("T")


@dataclass(frozen=True)
class AttachmentInfo:
    id: uuid.UUID
    purpose: str
    filename: str
    media_type: str
    size: int
    sha256: str
    created_at: datetime
    created_by: str
    filing_id: uuid.UUID | None
    correction_id: uuid.UUID | None
    person_id: uuid.UUID | None


@dataclass(frozen=True)
class NewAttachment:
    """A file handed to a filing use case (the wizard's release certificate or judgment)."""

    purpose: str  # release_certificate / judgment / other
    filename: str
    content: bytes




@dataclass(frozen=True)
class FilingEventView:
    seq: int
    at: datetime
    actor: str
    action: str  # a transition of filing_rules, or create / refile
    from_state: str | None
    to_state: str
    note: str | None


@dataclass(frozen=True)
class CorrectionView:
    id: uuid.UUID
    filing_id: uuid.UUID
    requested_at: datetime
    requested_by: str
    content: str
    reason: str
    state: str  # open / answered
    answered_at: datetime | None
    answered_by: str | None
    answer_note: str | None


@dataclass(frozen=True)
class MessageView:
    id: uuid.UUID
    filing_id: uuid.UUID | None
    filing_number: str | None
    person_id: uuid.UUID
    at: datetime
    author: str
    body: str
    read_at: datetime | None


@dataclass(frozen=True)
class FilingSummary:
    id: uuid.UUID
    number: str
    person_id: uuid.UUID
    person_name: str
    type: str
    kind: str
    specialty: str
    state: str
    created_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    version: int


@dataclass(frozen=True)
class FilingView:
    id: uuid.UUID
    number: str
    person_id: uuid.UUID
    person_name: str
    type: str
    kind: str
    specialty: str
    state: str
    registration_id: uuid.UUID | None
    registration_number: str | None
    employer_id: uuid.UUID | None
    employer_name: str | None
    old_employer_id: uuid.UUID | None
    old_employer_name: str | None
    data: dict[str, Any]
    conditions_accepted: bool
    commitment_accepted: bool
    social_security_override: bool
    employer_consent: bool
    created_by: str
    created_at: datetime
    submitted_at: datetime | None
    decided_at: datetime | None
    decided_by: str | None
    opinion: str | None
    version: int
    events: tuple[FilingEventView, ...]
    open_corrections: tuple[CorrectionView, ...]
    corrections: tuple[CorrectionView, ...]
    attachments: tuple[AttachmentInfo, ...]
    # What the acting staff member may do next (the table and the role together).
    allowed_actions: tuple[str, ...]
    can_refile: bool
    can_discard: bool  # a draft may be thrown away (it was never filed)


@dataclass(frozen=True)
class FilingPage:
    """One screen's worth: the filing, its messages and the applicant's ID number ("" when
    the acting staff member may not read persons)."""

    filing: FilingView
    messages: tuple[MessageView, ...]
    person_id_number: str


def attachment_info(a: Attachment) -> AttachmentInfo:
    return AttachmentInfo(a.id, a.purpose, a.filename, a.media_type, a.size, a.sha256, a.created_at,
                          a.created_by, a.filing_id, a.correction_id, a.person_id)


def correction_view(c: CorrectionRequest) -> CorrectionView:
    return CorrectionView(c.id, c.filing_id, c.requested_at, c.requested_by, c.content, c.reason,
                          c.state, c.answered_at, c.answered_by, c.answer_note)


def event_view(e: FilingEvent) -> FilingEventView:
    return FilingEventView(e.seq, e.at, e.actor, e.action, e.from_state, e.to_state, e.note)


def message_view(m: ReviewMessage, filing_number: str | None) -> MessageView:
    return MessageView(m.id, m.filing_id, filing_number, m.person_id, m.at, m.author, m.body, m.read_at)


def filing_summary(f: Filing, person_name: str) -> FilingSummary:
    return FilingSummary(f.id, f.number, f.person_id, person_name, f.type, f.kind, f.specialty,
                         f.state, f.created_at, f.submitted_at, f.decided_at, f.version)


def filing_view(session: Session, f: Filing, role: str | None) -> FilingView:
    person = session.get(Person, f.person_id)
    corrections = session.scalars(
        select(CorrectionRequest).where(CorrectionRequest.filing_id == f.id)
        .order_by(CorrectionRequest.requested_at)).all()
    attachments = session.scalars(
        select(Attachment).where(Attachment.filing_id == f.id).order_by(Attachment.created_at)).all()
    cviews = tuple(correction_view(c) for c in corrections)
    reg = s_get(session, Registration, f.registration_id)
    employer = s_get(session, Employer, f.employer_id)
    old_employer = s_get(session, Employer, f.old_employer_id)
    return FilingView(
        f.id, f.number, f.person_id, person.name if person else "", f.type,
        f.kind, f.specialty, f.state, f.registration_id,
        reg.registration_number if reg else None, f.employer_id, employer.name if employer else None,
        f.old_employer_id, old_employer.name if old_employer else None,
        dict(f.data or {}), f.conditions_accepted, f.commitment_accepted,
        f.social_security_override, f.employer_consent, f.created_by, f.created_at,
        f.submitted_at, f.decided_at, f.decided_by, f.opinion, f.version,
        tuple(event_view(e) for e in f.events),
        tuple(c for c in cviews if c.state == "open"), cviews,
        tuple(attachment_info(a) for a in attachments),
        fr.allowed_actions(f.state, employer_consent=f.employer_consent, role=role),
        fr.can_refile(f.state), f.state == fr.DRAFT,
    )


def s_get(session: Session, model: type[T], key: uuid.UUID | None) -> T | None:
    return session.get(model, key) if key is not None else None
