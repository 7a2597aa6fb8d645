"""The verdict on a certificate's code and its log entry, on a Core connection (issue 16).

One implementation for every caller: the help desk's :class:`VerificationService` runs it on
its session's connection, the CLI's ``verify FILE`` through :class:`CoreVerification` on a
:class:`~app.store.engine.Store` of its own, so that a run loads no ORM model. The register is
read through :class:`~app.store.verify_reads.VerifyReads`; the log entry, the audit entry and
the "newest time seen" are written through Core (:mod:`app.store.audit_append`).

Order of the verdict (each step only runs when the previous one passed):

1. format (our prefix?) -> ``not_a_certificate``; decode, trust-store key -> ``unknown_issuer``;
   signature -> ``invalid_signature`` (forged, altered or damaged) — :func:`check_code`;
2. time: ``not_yet_valid``, ``registration_expired``, ``expired`` (use window) — also
   :func:`check_code`;
3. what this office's register knows: ``revoked`` (the certificate was cancelled, or the
   registration it shows was cancelled) and ``superseded`` (a newer annotation exists).
   Revocation is reported even over a time verdict: "cancelled" is what the operator must
   act on, while "expired" of a cancelled certificate would invite the holder to renew it.

Warnings do not change the verdict: see :func:`_warnings`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select, update
from sqlalchemy.engine import Connection

from app.codes.payload import CertificateClaims, china_date
from app.codes.verify import STATUSES as code_verify_statuses
from app.codes.verify import CodeCheck, KeyLookup, check_code, lookup_from
from app.domain.clock import utcnow
from app.domain.sync_freeze import freeze_state, warnings_for
from app.errors import InvalidInput
from app.services.base import Actor, require_permission
from app.services.office_settings import (
    DEMO_MARKER,
    MAX_PIXELS,
    NEWEST_SEEN_AT,
    OFFICE_ROLE,
    SYNC_FREEZE_AFTER_DAYS,
    SYNC_WARN_AFTER_DAYS,
    TRUST_MAX_AGE_DAYS,
    TRUST_REFRESHED_AT,
    setting_value,
)
from app.services.verification_files import MAX_CODES_PER_FILE, codes_in_file, codes_in_text
from app.services.verification_views import (
    FileVerification,
    IssuerInfo,
    VerificationResult,
    certificate_info,
    change_rows,
)
from app.store.audit_append import append_entry
from app.store.engine import Store
from app.store.tables import app_settings, verification_log
from app.store.text_checks import check_row_values
from app.store.verify_reads import CertificateRow, VerifyReads


@dataclass(frozen=True)
class Withdrawal:
    state: str                 # revoked / superseded
    at: datetime | None        # None: true whenever (the registration itself is cancelled)
    reason: str | None


REVOKED = "revoked"
SUPERSEDED = "superseded"
NO_CODE_FOUND = "no_code_found"
# Every status a verification can end in: the signed code's own, then what the register adds.
STATUSES = (*code_verify_statuses, REVOKED, SUPERSEDED, NO_CODE_FOUND)
SOURCES = ("camera", "wedge", "file", "cli", "manual")

# Workstations' clocks differ by a little; only a clock clearly behind is a warning.
CLOCK_TOLERANCE = timedelta(minutes=10)
RAW_LOG_LIMIT = 4000  # longer "codes" (someone scanned a document) are cut in the log


def _instant(value: object) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None  # a damaged setting must not block the help desk
    if parsed is not None and parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


def key_lookup(conn: Connection) -> KeyLookup:
    """A snapshot of the trust store (the camera thread verifies frames without the database)."""
    return lookup_from(VerifyReads(conn).trusted_keys())


def max_pixels(conn: Connection) -> int:
    """The office's pixel limit for a picture (``imaging.max_pixels``)."""
    return setting_value(MAX_PIXELS, VerifyReads(conn).setting(MAX_PIXELS.key))


def verify_text(conn: Connection, actor: Actor, text: str, source: str = "manual",
                at: datetime | None = None, log: bool = True) -> VerificationResult:
    """Judge the text of a scanned code at ``at`` (default: now) and log the verification."""
    require_permission(actor, "verify.run")
    if source not in SOURCES:
        raise InvalidInput("verify_source_unknown", source=source, allowed=SOURCES)
    if at is not None and at.tzinfo is None:
        raise InvalidInput("verify_at_naive", value=at.isoformat())
    clock = utcnow()
    when = at or clock
    reads = VerifyReads(conn)
    keys = reads.trusted_keys()
    check = check_code(text, lookup_from(keys), when)
    result = _judge(reads, text, check, when, source, {k.key_id: k for k in keys})
    result = _with_warnings(reads, result, check, clock)
    return log_result(conn, actor, result, clock) if log else result


def record_no_code(conn: Connection, actor: Actor, source: str,
                   what: str | None = None) -> VerificationResult:
    """Log an attempt that found no code at all (a file without one, a timed-out scan)."""
    require_permission(actor, "verify.run")
    clock = utcnow()
    return log_result(conn, actor, VerificationResult(NO_CODE_FOUND, clock, source, detail=what),
                      clock)


def _judge(reads: VerifyReads, text: str, check: CodeCheck, when: datetime, source: str,
           keys: dict[str, object]) -> VerificationResult:
    key = keys.get(check.key.key_id) if check.key is not None else None
    issuer = (IssuerInfo(check.key.key_id, check.key.office_code, check.key.office_name,
                         check.key.source) if key is not None and check.key is not None else None)
    claims = check.claims
    if claims is None:
        # A failed signature proves nothing about who issued it: name no office.
        return VerificationResult(check.status, when, source, raw=text.strip(), detail=check.detail)
    status = check.status
    row = reads.certificate(claims.serial)
    facts, as_of = _withdrawals(reads, row, claims)
    then = [f for f in facts if f.at is None or f.at <= when]
    later = [f for f in facts if f.at is not None and f.at > when]
    revoked = next((f for f in then if f.state == REVOKED), None)
    superseded = next((f for f in then if f.state == SUPERSEDED), None)
    if revoked is not None:
        status = REVOKED
    elif superseded is not None and status == "valid":
        status = SUPERSEDED
    # Judged at a past instant: say also what is true today (issue 10, "revoked now").
    now_fact = None
    if revoked is None:
        now_fact = next((f for f in later if f.state == REVOKED), None)
        if now_fact is None and superseded is None:
            now_fact = next((f for f in later if f.state == SUPERSEDED), None)
    # Issue 9: which approved filing superseded it, and what changed on the printed fields.
    shown = superseded is not None and row is not None
    person_id = row.person_id if row is not None else None
    prefix = claims.photo_hash.hex()
    photo = reads.current_photo(person_id, prefix)
    employer = None
    if claims.employer_name is None and claims.employer_uscc:
        # The name is dropped from large codes; the register may know it by its code.
        employer = reads.employer_name(claims.employer_uscc)
    return VerificationResult(
        status, when, source, raw=text.strip(), detail=check.detail,
        certificate=certificate_info(claims), issuer=issuer,
        days_remaining=(claims.window_end - china_date(when)).days,
        photo=photo[0] if photo else None, photo_media_type=photo[1] if photo else None,
        # Issue 13: the signature image only beside the holder's own photo.
        signature=reads.signature_image(person_id, prefix) if photo else None,
        superseded_at=superseded.at if superseded is not None else None,
        supersede_reason=row.supersede_reason if shown and row is not None else None,
        supersede_changes=change_rows(row.supersede_changes) if shown and row is not None else (),
        revoked_at=revoked.at if revoked is not None else None,
        revoke_reason=revoked.reason if revoked is not None else None,
        employer_name_in_register=employer, specimen=claims.specimen,
        now_state=now_fact.state if now_fact else None,
        now_state_at=now_fact.at if now_fact else None,
        now_reason=now_fact.reason if now_fact else None,
        revocations_as_of=as_of if facts or row is None else None,
        key_compromised_at=check.key.compromised_at if check.key is not None else None)


def _withdrawals(reads: VerifyReads, row: CertificateRow | None,
                 claims: CertificateClaims) -> tuple[list[Withdrawal], datetime | None]:
    """Why the certificate must not be used, with dates: from our register when it is one
    of ours, else from the issuing office's signed revocation list (and that list's date)."""
    if row is not None:
        facts = []
        if row.revoked_at is not None:
            facts.append(Withdrawal(REVOKED, row.revoked_at, row.revoke_reason))
        else:
            states = reads.registration_states(row.person_id, claims.kind,
                                               claims.registration_number)
            if states and states == {"cancelled"}:
                facts.append(Withdrawal(REVOKED, None, "registration_cancelled"))
        if row.superseded_at is not None:
            facts.append(Withdrawal(SUPERSEDED, row.superseded_at, None))
        return facts, None
    listed = reads.listed_withdrawal(claims.serial, claims.issuer)
    as_of = reads.revocation_list_date(claims.issuer)
    if listed is None:
        return [], as_of
    return [Withdrawal(listed.state, listed.at, listed.reason)], as_of


def _warnings(reads: VerifyReads, result: VerificationResult, check: CodeCheck,
              clock: datetime) -> list[str]:
    """``demo_register``; ``revoked_now``/``superseded_now``; ``trust_store_stale`` (other
    offices' keys not imported or refreshed for longer than the office's setting);
    ``clock_behind`` (this computer's clock is earlier than a time already seen: someone may
    have turned it back to make an expired certificate look valid); ``not_in_register``
    (signed with one of our own keys but unknown to our register); ``photo_mismatch`` (the
    holder's photo in the register changed since the certificate was annotated)."""
    warnings: list[str] = list(check.warnings)  # the signed code's own (specimen, compromise)
    if reads.setting(DEMO_MARKER.key) is not None:
        warnings.append("demo_register")
    if result.now_state == REVOKED:
        warnings.append("revoked_now")
    elif result.now_state == SUPERSEDED:
        warnings.append("superseded_now")
    # An office that trusts only its own keys has no list that could go stale.
    refreshed = _instant(setting_value(TRUST_REFRESHED_AT, reads.setting(TRUST_REFRESHED_AT.key)))
    stamps = [t for t in (reads.newest_import(), refreshed) if t is not None]
    max_age = setting_value(TRUST_MAX_AGE_DAYS, reads.setting(TRUST_MAX_AGE_DAYS.key))
    if stamps and clock - max(stamps) > timedelta(days=max_age):
        warnings.append("trust_store_stale")
    warnings += _sync_warnings(reads, clock)  # issue 12: a field office out of sync says so
    newest = _instant(reads.setting(NEWEST_SEEN_AT.key))
    behind = newest is not None and clock < newest - CLOCK_TOLERANCE
    # A certificate signed "in the future" also proves the clock is behind.
    if check.claims is not None and check.claims.issued_at > clock + CLOCK_TOLERANCE:
        behind = True
    if behind:
        warnings.append("clock_behind")
    cert = result.certificate
    if cert is not None:
        if result.issuer is not None and result.issuer.source == "own" \
                and reads.certificate(cert.serial) is None:
            warnings.append("not_in_register")
        if result.photo is None and result.status != "invalid_signature" \
                and reads.has_current_photo(cert.serial):
            warnings.append("photo_mismatch")
    return warnings


def _sync_warnings(reads: VerifyReads, clock: datetime) -> list[str]:
    """``sync_overdue`` / ``sync_frozen``: a field office's copy of its central office's
    revocations may be old (the same decision as ``app.services.office_role.freeze_level``)."""
    field = setting_value(OFFICE_ROLE, reads.setting(OFFICE_ROLE.key)) == "field"
    if not field:
        return []
    state = freeze_state(field, reads.last_from_central(), clock.astimezone(UTC).date(),
                         setting_value(SYNC_WARN_AFTER_DAYS, reads.setting(SYNC_WARN_AFTER_DAYS.key)),
                         setting_value(SYNC_FREEZE_AFTER_DAYS,
                                       reads.setting(SYNC_FREEZE_AFTER_DAYS.key)))
    return warnings_for(state)


def _with_warnings(reads: VerifyReads, result: VerificationResult, check: CodeCheck,
                   clock: datetime) -> VerificationResult:
    warnings = _warnings(reads, result, check, clock)
    return replace(result, warnings=tuple(warnings)) if warnings else result


def log_result(conn: Connection, actor: Actor, result: VerificationResult,
               clock: datetime) -> VerificationResult:
    """The verification log's row, the newest time seen, and the audit entry."""
    cert = result.certificate
    record_id = uuid.uuid4()
    row = {"id": record_id, "at": clock, "operator": actor.username, "source": result.source,
           "status": result.status, "serial": cert.serial if cert else None,
           "holder_name": cert.name if cert else None,
           "raw": result.raw[:RAW_LOG_LIMIT] if result.raw else None}
    check_row_values(verification_log, row)
    conn.execute(insert(verification_log).values(**row))
    stored = conn.execute(select(app_settings.c.value)
                          .where(app_settings.c.key == NEWEST_SEEN_AT.key)).first()
    newest = _instant(stored[0]) if stored is not None else None
    if newest is None or clock > newest:
        if stored is None:
            conn.execute(insert(app_settings).values(key=NEWEST_SEEN_AT.key, value=clock.isoformat()))
        else:
            conn.execute(update(app_settings).where(app_settings.c.key == NEWEST_SEEN_AT.key)
                         .values(value=clock.isoformat()))
    append_entry(conn, actor.username, "certificate_verified", "verification_log", record_id,
                 {"status": result.status, "source": result.source,
                  "serial": cert.serial if cert else None})
    return replace(result, log_id=str(record_id))


class CoreVerification:
    """``verify FILE`` for the CLI without the ORM: the same verdict and log as
    :class:`~app.services.verification_service.VerificationService`, one transaction per code."""

    def __init__(self, store: Store, actor: Actor) -> None:
        self.store = store
        self.actor = actor

    def verify_file(self, path: Path, source: str = "cli",
                    at: datetime | None = None) -> FileVerification:
        require_permission(self.actor, "verify.run")
        with self.store.begin(write=False) as conn:  # the office's pixel limit
            limit = max_pixels(conn)
        return self._verify_codes(codes_in_file(path, limit), str(path), source, at)

    def verify_data(self, data: bytes, name: str, source: str = "cli",
                    at: datetime | None = None) -> FileVerification:
        require_permission(self.actor, "verify.run")
        return self._verify_codes(codes_in_text(data, name), name, source, at)

    def _verify_codes(self, texts: list[str], name: str, source: str,
                      at: datetime | None) -> FileVerification:
        return verify_codes(self.store, self.actor, texts, name, source, at)


def verify_codes(store: Store, actor: Actor, texts: list[str], name: str, source: str,
                 at: datetime | None) -> FileVerification:
    """Every code of one file judged and logged (each in its own transaction); a file
    without any is logged as ``no_code_found``; too many codes are refused whole."""
    if not texts:
        with store.begin() as conn:
            return FileVerification(name, (record_no_code(conn, actor, source, name),))
    if len(texts) > MAX_CODES_PER_FILE:  # refused whole: never verify a part silently
        raise InvalidInput("too_many_codes", field="input", path=name, count=len(texts),
                           max=MAX_CODES_PER_FILE)
    results = []
    for text in texts:
        with store.begin() as conn:
            results.append(verify_text(conn, actor, text, source, at=at))
    return FileVerification(name, tuple(results))
