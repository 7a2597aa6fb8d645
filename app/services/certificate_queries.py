"""Read side of certificates: the state of a certificate today and its summary for lists.

Split from :mod:`app.services.certificate_service` so the verification service and the UI can
share the state rule without the annotation machinery.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from app.codes.payload import PayloadError, decode_unverified
from app.domain.kinds import kind_rules
from app.models import Attachment, Certificate, Employer, Person
from app.services.verification_views import change_rows

VALID, WINDOW_EXPIRED, SUPERSEDED, REVOKED = "valid", "window_expired", "superseded", "revoked"
STATES = (VALID, WINDOW_EXPIRED, SUPERSEDED, REVOKED)  # named in labels.toml and ui/common/labels.py


def certificate_state(cert: Certificate, today: date) -> str:
    """Revoked beats superseded beats the window: the most serious fact is shown."""
    if cert.revoked_at is not None:
        return REVOKED
    if cert.superseded_at is not None:
        return SUPERSEDED
    return VALID if cert.window_start <= today <= cert.window_end else WINDOW_EXPIRED


@dataclass(frozen=True)
class CertificateInfo:
    serial: str
    state: str
    person_id: uuid.UUID
    name: str
    id_number: str
    kind: str
    kind_name_zh: str
    registration_number: str
    employer_name: str | None
    employer_uscc: str | None
    annotated_on: date
    window_start: date
    window_end: date
    issued_at: datetime
    issued_by: str
    key_id: str
    specimen: bool
    superseded_at: datetime | None
    superseded_by: str | None      # serial of the certificate that replaced it
    revoked_at: datetime | None
    revoke_reason: str | None
    # An approved filing made it untrue: ``<filing type>:<number>`` and (field, printed, now).
    supersede_reason: str | None = None
    supersede_changes: tuple[tuple[str, str | None, str | None], ...] = ()


def info(s: Session, cert: Certificate, today: date) -> CertificateInfo:
    person = s.get(Person, cert.person_id)
    assert person is not None
    # The employer as certified (in the signed payload), not today's: a list of old
    # certificates must show what was printed on them.
    try:
        claims = decode_unverified(cert.payload)
        uscc, name = claims.employer_uscc, claims.employer_name
    except (PayloadError, ValueError):
        uscc, name = None, None
    if uscc and not name:
        name = s.scalars(select(Employer.name).where(Employer.uscc == uscc)).first()
    newer = s.get(Certificate, cert.superseded_by) if cert.superseded_by else None
    return CertificateInfo(
        serial=cert.serial, state=certificate_state(cert, today), person_id=cert.person_id,
        name=person.name, id_number=person.id_number, kind=cert.kind,
        kind_name_zh=kind_rules(cert.kind).name_zh, registration_number=cert.registration_number,
        employer_name=name, employer_uscc=uscc, annotated_on=cert.annotated_on,
        window_start=cert.window_start, window_end=cert.window_end, issued_at=cert.issued_at,
        issued_by=cert.issued_by, key_id=cert.key_id, specimen=cert.specimen,
        superseded_at=cert.superseded_at, superseded_by=newer.serial if newer else None,
        revoked_at=cert.revoked_at, revoke_reason=cert.revoke_reason,
        supersede_reason=cert.supersede_reason, supersede_changes=change_rows(cert.supersede_changes))


def current_attachment(s: Session, person_id: uuid.UUID, purpose: str) -> Attachment | None:
    """The person's current photo/signature (contracts.md: ``superseded_at IS NULL``)."""
    return s.scalars(select(Attachment).where(
        Attachment.person_id == person_id, Attachment.purpose == purpose,
        Attachment.superseded_at.is_(None)).order_by(Attachment.created_at.desc())).first()


def attachment_at(s: Session, person_id: uuid.UUID, purpose: str, at: datetime) -> Attachment | None:
    """The attachment that was current at ``at`` (history is kept, so a re-print of an old
    certificate shows the signature it was annotated with)."""
    return s.scalars(select(Attachment).where(
        Attachment.person_id == person_id, Attachment.purpose == purpose,
        Attachment.created_at <= at,
        or_(Attachment.superseded_at.is_(None), Attachment.superseded_at > at))
        .order_by(Attachment.created_at.desc())).first()
