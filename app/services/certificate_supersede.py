"""Marking earlier certificates when an approved filing makes their printed content untrue.

Seeds 000/003 "注册信息发生变更的，需登录政务平台重新下载电子证书" and 002 "电子证书信息发生
变更的，需登录政务平台重新下载": when a 变更, 延续 or 更改补办 (or a 信息更正) is approved, every
current certificate of the person's registration whose printed content no longer matches the
register is marked superseded at once, with the reason and ``{field: [printed, now]}`` of what
changed; the help desk shows both. 注销 revokes instead (app/services/filing_apply.py). A
certificate whose content still holds stays valid: an architect's continuation approved
before expiry keeps the printed period in force, so nothing is marked.

Verifiers away from this register learn of it through the signed revocation list (the trust
files); this module only keeps the register's own state.
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.codes.payload import CertificateClaims, PayloadError, decode_unverified
from app.domain.validity import Period, periods_of
from app.models import Certificate, Employer, Person, Registration, utcnow
from app.services.audit import append_audit
from app.services.base import Actor
from app.services.verification_views import change_rows  # noqa: F401  (where it was)

# The fields a change record names (``specialty.<code>`` for a specialty's period), and the
# other words its readers need: named in labels.toml [certificate_field].
CHANGE_FIELDS = ("name", "gender", "birth_date", "employer_uscc", "seal_number", "id_number")
LABELLED = (*CHANGE_FIELDS, "specialty", "info_correction", "cancelled")


def _period_text(p: Period) -> str:
    return f"{p.start.isoformat()}~{p.end.isoformat()}"


def certificate_changes(claims: CertificateClaims, person: Person, regs: dict[str, Registration],
                        employer_uscc: str | None) -> dict[str, list[Any]]:
    """What printed on a certificate (its signed claims) no longer matches the register:
    ``{field: [printed, now]}``; a specialty's period is compared with the registration's
    periods (the one printed must still be one of them, unchanged)."""
    changes: dict[str, list[Any]] = {}
    for field, printed, now in (("name", claims.name, person.name),
                                ("gender", claims.gender, person.gender),
                                ("birth_date", claims.birth_date.isoformat(),
                                 person.birth_date.isoformat()),
                                ("employer_uscc", claims.employer_uscc, employer_uscc)):
        if printed != now:
            changes[field] = [printed, now]
    for sp in claims.specialties:
        printed_period = Period(sp.valid_from, sp.valid_until)
        reg = regs.get(sp.code)
        if reg is None or reg.state != "active":
            changes[f"specialty.{sp.code}"] = [_period_text(printed_period), "cancelled"]
            continue
        periods = periods_of(reg.valid_from, reg.valid_until, reg.prior_valid_from,
                             reg.prior_valid_until)
        if printed_period not in (periods.latest, periods.prior):
            changes[f"specialty.{sp.code}"] = [_period_text(printed_period),
                                               _period_text(periods.latest)]
    return changes


def supersede_reason(cause: str, reference: str) -> str:
    """The stored reason: ``<cause>:<reference>``, a filing type (or ``info_correction``) and
    the filing's number, so each reader names the cause in its own language."""
    return f"{cause}:{reference}"


def mark_superseded_by_change(s: Session, actor: Actor, person_id: uuid.UUID, kind: str,
                              reason: str, extra: dict[str, list[Any]] | None = None) -> list[str]:
    """Mark the person's current certificates of ``kind`` that no longer match as superseded;
    ``extra`` are changes the signed claims do not carry (the seal number, the ID number),
    which make every current certificate untrue. Returns the serials marked."""
    person = s.get(Person, person_id)
    assert person is not None
    regs = {r.specialty: r for r in s.scalars(select(Registration).where(
        Registration.person_id == person_id, Registration.kind == kind))}
    now, done = utcnow(), []
    certs = s.scalars(select(Certificate).where(
        Certificate.person_id == person_id, Certificate.kind == kind,
        Certificate.superseded_at.is_(None), Certificate.revoked_at.is_(None))
        .order_by(Certificate.issued_at))
    for cert in certs:
        try:
            claims = decode_unverified(cert.payload)
        except (PayloadError, ValueError):
            continue  # unreadable: nothing to compare; left to the staff's judgement
        mine = {k: r for k, r in regs.items() if r.registration_number == cert.registration_number}
        reg_employer = next((r.employer_id for r in mine.values() if r.employer_id), None)
        employer_id = reg_employer or person.employer_id
        uscc = s.scalar(select(Employer.uscc).where(Employer.id == employer_id)) if employer_id else None
        changes = certificate_changes(claims, person, mine, uscc)
        changes.update(extra or {})
        if not changes:
            continue
        cert.superseded_at, cert.supersede_reason = now, reason
        cert.supersede_changes = changes
        append_audit(s, actor, "certificate_superseded", "certificate", cert.id,
                     {"serial": cert.serial, "reason": reason, "changes": changes})
        done.append(cert.serial)
    return done
