"""What a verification returns: frozen dataclasses for the help desk, the CLI and the log.

Kept apart from :mod:`app.services.verification_service` (the use cases), as
:mod:`app.services.filing_views` is from the filing service.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from app.codes.payload import CertificateClaims
from app.codes.verify import NOT_A_CERTIFICATE


@dataclass(frozen=True)
class SpecialtyInfo:
    code: str
    valid_from: date
    valid_until: date


@dataclass(frozen=True)
class CertificateInfo:
    """The holder's data as the signed code states it."""

    serial: str
    kind: str
    name: str
    gender: str
    birth_date: date
    registration_number: str
    employer_name: str | None
    employer_uscc: str | None
    specialties: tuple[SpecialtyInfo, ...]
    registration_valid_until: date
    issued_at: datetime
    window_start: date
    window_end: date
    photo_hash: str
    specimen: bool = False          # signed claim 11: a demo/training certificate (样本)


@dataclass(frozen=True)
class IssuerInfo:
    key_id: str
    office_code: str
    office_name: str
    source: str  # own / imported


@dataclass(frozen=True)
class VerificationResult:
    status: str
    checked_at: datetime            # the instant the dates were judged at
    source: str
    raw: str | None = None
    warnings: tuple[str, ...] = ()
    detail: str | None = None       # check_code's reason (bad_signature, issuer_mismatch, ...)
    certificate: CertificateInfo | None = None
    issuer: IssuerInfo | None = None
    days_remaining: int | None = None  # last day of the use window minus today (China dates)
    photo: bytes | None = None          # the register's current photo when its hash matches
    photo_media_type: str | None = None
    # Issue 13: the register's handwritten-signature image, only when the photo matched.
    signature: bytes | None = None
    superseded_at: datetime | None = None
    # Why the register marked it superseded (``<filing type>:<filing number>``, see
    # app/services/certificate_supersede.py) and what changed: (field, printed, now).
    supersede_reason: str | None = None
    supersede_changes: tuple[tuple[str, str | None, str | None], ...] = ()
    revoked_at: datetime | None = None
    revoke_reason: str | None = None
    employer_name_in_register: str | None = None  # when the code carries only the USCC
    log_id: str | None = None
    # A specimen keeps its status (a demo certificate can be valid) but is never a real one.
    specimen: bool = False
    # With ``at`` in the past: what is true *today* when it differs from then ("revoked" /
    # "superseded"), since when and why — the help desk must know it is withdrawn now.
    now_state: str | None = None
    now_state_at: datetime | None = None
    now_reason: str | None = None
    # Set when revoked/superseded came from another office's signed list, not our register:
    # the list's date ("as of"), because a later withdrawal cannot be known here.
    revocations_as_of: datetime | None = None
    key_compromised_at: datetime | None = None  # the signing key is distrusted from then on

    @property
    def ok(self) -> bool:
        return self.status == "valid"


@dataclass(frozen=True)
class LogEntry:
    id: str
    at: datetime
    operator: str
    source: str
    status: str
    serial: str | None
    holder_name: str | None


@dataclass(frozen=True)
class FileVerification:
    """Every code found in one file, in page order, or the one ``no_code_found`` result."""

    name: str
    results: tuple[VerificationResult, ...]

    @property
    def verdict(self) -> VerificationResult:
        """What the help desk shows: our certificate wins over foreign codes on the page."""
        ours = [r for r in self.results if r.status != NOT_A_CERTIFICATE]
        return (ours or list(self.results))[0]




def certificate_info(c: CertificateClaims) -> CertificateInfo:
    return CertificateInfo(
        serial=c.serial, kind=c.kind, name=c.name, gender=c.gender, birth_date=c.birth_date,
        registration_number=c.registration_number, employer_name=c.employer_name,
        employer_uscc=c.employer_uscc,
        specialties=tuple(SpecialtyInfo(s.code, s.valid_from, s.valid_until) for s in c.specialties),
        registration_valid_until=c.registration_valid_until, issued_at=c.issued_at,
        window_start=c.window_start, window_end=c.window_end, photo_hash=c.photo_hash.hex(),
        specimen=c.specimen)


def change_rows(changes: dict[str, Any] | None) -> tuple[tuple[str, str | None, str | None], ...]:
    """The stored ``{field: [printed, now]}`` as rows for views, in field order."""
    rows = []
    for field, pair in sorted((changes or {}).items()):
        printed, now = [*pair, None, None][:2] if isinstance(pair, list) else (None, None)
        rows.append((str(field), None if printed is None else str(printed),
                     None if now is None else str(now)))
    return tuple(rows)
