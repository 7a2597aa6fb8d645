"""Annotation (加注) of e-certificates and the certificates' history, state and print view.

Annotation follows domain.md section 5 and the seeds' FAQ (000/001): the use window is 180 days
from the annotation day, cut at the registration's expiry and, for constructors, at the 65th
birthday (:func:`app.domain.validity.use_window`). It is refused, each with its own code:

- ``certificate_registration_lapsed``  "证照过期": file a continuation first;
- ``certificate_no_photo`` / ``_no_signature`` / ``_no_photo_signature`` "没查到相关证照";
- ``certificate_no_mobile``  "正在生成证照": the holder's own mobile number is not on file;
- ``certificate_filing_pending``  "加注失败": a filing for it is still being processed;
- ``certificate_registration_cancelled`` / ``_not_started`` / ``certificate_age_cap``.

Each annotation is a ``certificates`` row: a GB/T 36904 licence identifier (the serial part is
kept for a registration and the version counts its annotations), the signed QR payload, and the
window. A new annotation whose content differs (any registration change, a new photo)
supersedes the earlier ones; approved cancellations revoke (app/services/filing_apply.py).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.codes.claims_view import CertificateView, SpecialtyView
from app.codes.payload import (
    CHINA_TZ,
    CertificateClaims,
    PayloadError,
    SpecialtyClaim,
    china_date,
    decode_unverified,
    encode_payload,
)
from app.domain import filing_rules as fr
from app.domain.kinds import kind_rules
from app.domain.validity import Period, periods_of, use_window
from app.errors import InvalidInput, NotFound, RuleViolation
from app.models import (
    Attachment,
    Certificate,
    Employer,
    Filing,
    IssuerKey,
    Person,
    Registration,
    utcnow,
)
from app.services.audit import append_audit
from app.services.audit_service import auto_checkpoint
from app.services.base import Actor, Service, next_sequence
from app.services.certificate_queries import (
    STATES,
    CertificateInfo,
    attachment_at,
    certificate_state,
    current_attachment,
    info,
)
from app.services.key_service import current_signer
from app.services.office_role import require_central
from app.services.office_settings import DEMO_MARKER, continuation_policy, read_setting

__all__ = ["STATES", "CertificateInfo", "CertificateService", "CertificateView", "today_in_china"]


def today_in_china() -> date:
    return china_date(utcnow())


def _registrations(s: Session, number: str, kind: str | None) -> tuple[Person, str, list[Registration]]:
    q = select(Registration).where(Registration.registration_number == number)
    if kind:
        q = q.where(Registration.kind == kind)
    regs = list(s.scalars(q.order_by(Registration.specialty)))
    if not regs:
        raise NotFound("certificate_registration_not_found", field="registration_number", value=number)
    owners = {(r.person_id, r.kind) for r in regs}
    if len(owners) > 1:
        raise InvalidInput("certificate_registration_ambiguous", field="registration_number",
                           value=number, kinds=sorted({k for _, k in owners}))
    # Lock the holder (PostgreSQL; SQLite writers are serialised by BEGIN IMMEDIATE): two
    # workstations annotating the same person at once would otherwise pick the same version.
    person = s.scalars(select(Person).where(Person.id == regs[0].person_id).with_for_update()).one()
    return person, regs[0].kind, regs


def _in_force(r: Registration, on: date) -> Period | None:
    """The registration's period in force on ``on`` (the current one, or the next once begun)."""
    return periods_of(r.valid_from, r.valid_until, r.prior_valid_from, r.prior_valid_until).in_force(on)


def _check_can_annotate(s: Session, person: Person, kind: str, regs: list[Registration],
                        on: date) -> list[tuple[Registration, Period]]:
    """The registrations (specialties) the certificate shows, each with its period in force
    on the annotation day, or the refusal with its code."""
    active = [r for r in regs if r.state == "active"]
    if not active:
        raise RuleViolation("certificate_registration_cancelled", field="registration_number",
                            value=regs[0].registration_number)
    pending = s.scalars(select(Filing).where(
        Filing.person_id == person.id, Filing.kind == kind,
        Filing.type.in_(sorted(fr.ANNOTATION_BLOCKING_TYPES)),
        Filing.state.in_(sorted(fr.OPEN_STATES - {fr.DRAFT}))).order_by(Filing.created_at)).first()
    if pending is not None:
        # The filing's type and state travel as codes (for --json and the UI); the sentence
        # names the filing number, which the clerk can open.
        raise RuleViolation("certificate_filing_pending", number=pending.number,
                            filing_type=pending.type, state=pending.state)
    current = [(r, p) for r in active if (p := _in_force(r, on)) is not None]
    if not current:
        if any(r.valid_from > on for r in active):
            raise RuleViolation("certificate_registration_not_started",
                                valid_from=min(r.valid_from for r in active).isoformat())
        # "证照过期" -> "请申请办理'延续注册'业务" (seeds 000/001), where the office's rules let
        # a lapsed registration file one; otherwise the sentence names what to file instead.
        code = ("certificate_registration_lapsed" if continuation_policy(s, kind).after_lapse
                else "certificate_registration_lapsed_reregister")
        raise RuleViolation(code, valid_until=max(r.valid_until for r in active).isoformat())
    if not (person.mobile or "").strip():
        raise RuleViolation("certificate_no_mobile", field="mobile")
    photo = current_attachment(s, person.id, "photo")
    signature = current_attachment(s, person.id, "signature")
    if photo is None or signature is None:
        code = ("certificate_no_photo_signature" if photo is None and signature is None
                else "certificate_no_photo" if photo is None else "certificate_no_signature")
        raise RuleViolation(code)
    return current


def _substance(claims: CertificateClaims) -> CertificateClaims:
    """The claims without what every annotation changes: equal substance = nothing to supersede."""
    return dataclasses.replace(claims, serial_number="1", version=1, key_id="",
                               issued_at=datetime(1970, 1, 1, tzinfo=UTC), employer_name=None,
                               window_start=date(1970, 1, 1), window_end=date(1970, 1, 1))


def _serial_for(s: Session, kind: str, number: str, on: date) -> tuple[str, int]:
    """Keep the serial of the registration's certificate, count the version; else a new one."""
    previous = s.scalars(select(Certificate).where(
        Certificate.kind == kind, Certificate.registration_number == number)
        .order_by(Certificate.issued_at.desc())).first()
    if previous is not None:
        parts = previous.serial.split(".")
        if len(parts) == 10 and parts[7].isdigit() and parts[8].isdigit():
            return parts[7], int(parts[8]) + 1
    return f"{on.year}{next_sequence(s, f'certificate:{on.year}'):07d}", 1


def signing_instant(on: date, now: datetime, key_row: IssuerKey) -> datetime:
    """The payload's ``iat``: an instant of the annotation day, as every verifier requires
    (``nbf`` is 00:00 China time of the day of ``iat``). Today: now. Another day (the CLI's
    ``--on``, the demo's backdated examples): noon of that day in China, which the signing key
    must have been able to sign at; otherwise refused rather than issuing a certificate that
    no verifier accepts."""
    if china_date(now) == on:
        return now.replace(microsecond=0)
    noon = datetime.combine(on, time(12), CHINA_TZ).astimezone(UTC)
    if noon > now:
        raise RuleViolation("certificate_annotation_in_future", on=on.isoformat())
    end = key_row.retired_at or key_row.valid_until
    if noon < key_row.valid_from or (end is not None and noon > end):
        raise RuleViolation("certificate_annotation_before_key", on=on.isoformat(),
                            key_valid_from=key_row.valid_from.date().isoformat())
    return noon


def annotate_in_session(s: Session, actor: Actor, registration_number: str, passphrase: str,
                       on: date, kind: str | None = None, specimen: bool = False) -> Certificate:
    """The annotation use case inside the caller's transaction (roles checked by the caller)."""
    number = (registration_number or "").strip().upper()
    if not number:
        raise InvalidInput("required", field="registration_number")
    person, kind, regs = _registrations(s, number, kind)
    rules = kind_rules(kind)
    current = _check_can_annotate(s, person, kind, regs, on)
    # Everything annotated in a demo register is a specimen, whoever asks for it.
    specimen = specimen or read_setting(s, DEMO_MARKER) is not None
    window = use_window(rules, on, max(p.end for _, p in current), person.birth_date)
    if window.end < window.start:
        raise RuleViolation("certificate_age_cap", cap_date=window.end.isoformat())
    signer, key_row = current_signer(s, passphrase, specimen=specimen)
    if not key_row.demo:
        # The key is unlocked anyway: anchor the audit log with a signed checkpoint (issue 10).
        auto_checkpoint(s, signer, key_row.office_code, actor)
    photo = current_attachment(s, person.id, "photo")
    assert photo is not None
    employer_id = current[0][0].employer_id or person.employer_id
    employer = s.get(Employer, employer_id) if employer_id else None
    serial_number, version = _serial_for(s, kind, number, on)
    now = utcnow()  # the row keeps microseconds: attachments are matched against it
    issued_at = signing_instant(on, now, key_row)
    claims = CertificateClaims(
        serial_number=serial_number, version=version, kind=kind, registration_number=number,
        name=person.name, gender=person.gender, birth_date=person.birth_date,
        employer_uscc=employer.uscc if employer else None,
        employer_name=employer.name if employer else None,
        specialties=tuple(SpecialtyClaim(r.specialty, p.start, p.end) for r, p in current),
        photo_hash=bytes.fromhex(photo.sha256)[:8], issuer=key_row.office_code,
        issued_at=issued_at, window_start=window.start, window_end=window.end,
        specimen=specimen)
    payload = encode_payload(claims, signer)
    cert = Certificate(
        serial=claims.serial, person_id=person.id, kind=kind, registration_number=number,
        annotated_on=on, window_start=window.start, window_end=window.end,
        issued_at=now, issued_by=actor.username, key_id=signer.key_id,
        payload=payload, photo_sha256=photo.sha256, specimen=specimen)
    s.add(cert)
    s.flush()
    superseded = _supersede_earlier(s, actor, cert, claims)
    append_audit(s, actor, "certificate_annotated", "certificate", cert.id, {
        "serial": cert.serial, "registration_number": number, "kind": kind,
        "window_start": window.start, "window_end": window.end, "cut_by": window.cut_by,
        "key_id": signer.key_id, "specimen": specimen, "superseded": superseded})
    return cert


def _supersede_earlier(s: Session, actor: Actor, cert: Certificate, claims: CertificateClaims) -> list[str]:
    now, done = utcnow(), []
    earlier = s.scalars(select(Certificate).where(
        Certificate.kind == cert.kind, Certificate.registration_number == cert.registration_number,
        Certificate.id != cert.id, Certificate.superseded_at.is_(None),
        Certificate.revoked_at.is_(None)))
    for old in earlier:
        try:
            same = _substance(decode_unverified(old.payload)) == _substance(claims)
        except (PayloadError, ValueError):
            same = False  # unreadable old payload: certainly not the current data
        if same:
            continue  # nothing changed: the earlier printout still tells the truth
        old.superseded_at, old.superseded_by = now, cert.id
        append_audit(s, actor, "certificate_superseded", "certificate", old.id,
                     {"serial": old.serial, "superseded_by": cert.serial})
        done.append(old.serial)
    return done


def revoke_in_session(s: Session, actor: Actor, cert: Certificate, reason: str) -> None:
    if cert.revoked_at is not None:
        raise RuleViolation("certificate_already_revoked", serial=cert.serial)
    cert.revoked_at, cert.revoke_reason = utcnow(), reason.strip()
    append_audit(s, actor, "certificate_revoked", "certificate", cert.id,
                 {"serial": cert.serial, "reason": cert.revoke_reason})



class CertificateService(Service):
    def annotate(self, registration_number: str, passphrase: str, on: date | None = None,
                 kind: str | None = None, specimen: bool = False) -> CertificateInfo:
        """加注: a new certificate with a 180-day use window (cut as the rules say)."""
        self.require("certificate.annotate")
        with self.db.session_scope() as s:
            require_central(s, "annotate")  # issue 12: the central office annotates
            cert = annotate_in_session(s, self.actor, registration_number, passphrase,
                                       on or today_in_china(), kind, specimen)
            return info(s, cert, today_in_china())

    def revoke(self, serial: str, reason: str) -> CertificateInfo:
        """Withdraw one certificate (e.g. issued in error); cancellations revoke on approval."""
        self.require("certificate.revoke")
        if not (reason or "").strip():
            raise InvalidInput("required", field="reason")
        with self.db.session_scope() as s:
            require_central(s, "revoke")  # issue 12: the central office revokes
            cert = self._by_serial(s, serial)
            revoke_in_session(s, self.actor, cert, reason)
            return info(s, cert, today_in_china())

    @staticmethod
    def _by_serial(s: Session, serial: str) -> Certificate:
        cert = s.scalars(select(Certificate).where(Certificate.serial == (serial or "").strip())).first()
        if cert is None:
            raise NotFound("certificate_not_found", field="serial", value=serial)
        return cert

    def get(self, serial: str) -> CertificateInfo:
        self.require("certificate.read")
        with self.db.session_scope(write=False) as s:
            return info(s, self._by_serial(s, serial), today_in_china())

    def list_for_person(self, id_number: str, id_type: str | None = None) -> list[CertificateInfo]:
        """A person's certificates, newest first, each with its state today."""
        self.require("certificate.read")
        with self.db.session_scope(write=False) as s:
            q = select(Person).where(Person.id_number == (id_number or "").strip().upper())
            if id_type:
                q = q.where(Person.id_type == id_type)
            persons = list(s.scalars(q))
            if not persons:
                raise NotFound("person_not_found", field="id_number", ref=id_number)
            rows = s.scalars(select(Certificate).where(
                Certificate.person_id.in_([p.id for p in persons]))
                .order_by(Certificate.issued_at.desc()))
            today = today_in_china()
            return [info(s, c, today) for c in rows]

    def find(self, *, kind: str | None = None, state: str | None = None, employer: str | None = None,
             annotated_since: date | None = None, limit: int | None = None) -> list[CertificateInfo]:
        """Certificates for a batch: filters by kind, state today, employer (USCC or part of
        the name, as certified), annotation date."""
        self.require("certificate.read")
        if limit is not None and not 1 <= limit <= 1_000_000:  # (issue 11) bindable, sane
            raise InvalidInput("search_limit", field="limit", max=1_000_000)
        if state is not None and state not in STATES:
            raise InvalidInput("certificate_state_unknown", field="state", state=state, allowed=list(STATES))
        today = today_in_china()
        q = select(Certificate)
        if kind:
            kind_rules(kind)
            q = q.where(Certificate.kind == kind)
        if annotated_since:
            q = q.where(Certificate.annotated_on >= annotated_since)
        if state == "revoked":
            q = q.where(Certificate.revoked_at.is_not(None))
        elif state == "superseded":
            q = q.where(Certificate.revoked_at.is_(None), Certificate.superseded_at.is_not(None))
        elif state in ("valid", "window_expired"):
            q = q.where(Certificate.revoked_at.is_(None), Certificate.superseded_at.is_(None))
            q = q.where(Certificate.window_end >= today if state == "valid" else Certificate.window_end < today)
        out = []
        with self.db.session_scope(write=False) as s:
            for cert in s.scalars(q.order_by(Certificate.annotated_on, Certificate.serial)):
                item = info(s, cert, today)
                if employer and employer not in (item.employer_uscc or "") and employer not in (item.employer_name or ""):
                    continue
                out.append(item)
                if limit and len(out) >= limit:
                    break
        return out

    def get_view(self, serial: str) -> CertificateView:
        """Everything the renderer prints, from the signed payload and the register."""
        return self.get_views([serial])[0]

    def get_views(self, serials: Sequence[str]) -> list[CertificateView]:
        """The views of any certificates, valid or not, for an on-screen preview (marked as
        such); printing and exporting go through :meth:`printable_views`."""
        self.require("certificate.read")
        with self.db.session_scope(write=False) as s:
            return [_view(s, self._by_serial(s, serial)) for serial in serials]

    def printable_views(self, serials: Sequence[str],
                        allow_invalid: bool = False) -> list[CertificateView]:
        """The views for printing or exporting, in one transaction, for the GUI and the CLI
        alike: only a certificate in its use window, not superseded or revoked, may be printed
        as a certificate (an archive copy needs ``allow_invalid``), and only by staff holding
        ``certificate.print``. Refuses the whole batch if one of them may not be printed."""
        self.require("certificate.print")
        views = self.get_views(serials)
        for view in views:
            if view.state != "valid" and not allow_invalid:
                raise RuleViolation("certificate_not_printable", serial=view.serial, state=view.state)
        return views

    def printable_view(self, serial: str, allow_invalid: bool = False) -> CertificateView:
        """One certificate's view for printing (see :meth:`printable_views`)."""
        return self.printable_views([serial], allow_invalid)[0]


def _office_name(s: Session, key_id: str) -> str:
    row = s.get(IssuerKey, key_id)
    return row.office_name if row is not None else ""


def _view(s: Session, cert: Certificate) -> CertificateView:
    """What the renderer prints: the signed payload's data, completed from the register."""
    claims = decode_unverified(cert.payload)
    person = s.get(Person, cert.person_id)
    assert person is not None
    rules = kind_rules(cert.kind)
    photo = s.scalars(select(Attachment).where(
        Attachment.person_id == person.id, Attachment.purpose == "photo",
        Attachment.sha256 == cert.photo_sha256)).first() if cert.photo_sha256 else None
    signature = attachment_at(s, person.id, "signature", cert.issued_at)
    employer_name = claims.employer_name
    if employer_name is None and claims.employer_uscc:
        # Dropped from the QR code for space; printed from the register.
        employer_name = s.scalars(select(Employer.name).where(
            Employer.uscc == claims.employer_uscc)).first()
    regs = {r.specialty: r for r in s.scalars(select(Registration).where(
        Registration.person_id == person.id, Registration.kind == cert.kind,
        Registration.registration_number == cert.registration_number))}
    seal = next((r.seal_number for r in regs.values() if r.seal_number), None)
    use = use_window(rules, cert.window_start, claims.registration_valid_until, claims.birth_date)
    return CertificateView(
        serial=cert.serial, state=certificate_state(cert, today_in_china()),
        # A register holding demo data says so on every printout (issue 10), also on a
        # certificate annotated before the demo data arrived.
        specimen=cert.specimen or claims.specimen or read_setting(s, DEMO_MARKER) is not None,
        kind=cert.kind, kind_name_zh=rules.name_zh,
        kind_name_en=rules.name_en, layout=rules.layout, authority_zh=rules.authority_zh,
        authority_en=rules.authority_en, office_name=_office_name(s, cert.key_id),
        name=claims.name, gender=claims.gender, gender_zh="男" if claims.gender == "M" else "女",
        birth_date=claims.birth_date, id_type=person.id_type, id_number=person.id_number,
        registration_number=cert.registration_number, seal_number=seal,
        employer_name=employer_name, employer_uscc=claims.employer_uscc,
        specialties=tuple(SpecialtyView(
            sp.code, rules.specialty(sp.code).zh, rules.specialty(sp.code).en,
            sp.valid_from, sp.valid_until) for sp in claims.specialties),
        registration_valid_until=claims.registration_valid_until,
        annotated_on=cert.annotated_on, window_start=cert.window_start,
        window_end=cert.window_end,
        window_cut_by=use.cut_by if use.end == cert.window_end else None,
        issued_at=cert.issued_at, key_id=cert.key_id, payload=cert.payload,
        photo=bytes(photo.data) if photo else None,
        photo_media_type=photo.media_type if photo else None,
        signature=bytes(signature.data) if signature else None,
        signature_media_type=signature.media_type if signature else None,
        superseded_at=cert.superseded_at, revoked_at=cert.revoked_at,
        revoke_reason=cert.revoke_reason)


def certificate_view(s: Session, cert: Certificate) -> CertificateView:
    """What the renderer prints, inside the caller's transaction (the sync export seals the
    central office's files for its field offices, issue 12)."""
    return _view(s, cert)
