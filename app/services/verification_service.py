"""Verifying a certificate at the help desk: code check, what the register knows, warnings, log.

Order of the verdict (each step only runs when the previous one passed):

1. format (our prefix?) -> ``not_a_certificate``; decode, trust-store key -> ``unknown_issuer``;
   signature -> ``invalid_signature`` (forged, altered or damaged) — :func:`check_code`;
2. time: ``not_yet_valid``, ``registration_expired``, ``expired`` (use window) — also
   :func:`check_code`;
3. what this office's register knows: ``revoked`` (the certificate was cancelled, or the
   registration it shows was cancelled) and ``superseded`` (a newer annotation exists).
   Revocation is reported even over a time verdict: "cancelled" is what the operator must
   act on, while "expired" of a cancelled certificate would invite the holder to renew it.

Warnings do not change the verdict but tell the operator how far to trust it:
``trust_store_stale`` (other offices' keys not imported or refreshed for longer than the
office's setting),
``clock_behind`` (this computer's clock is earlier than a time already seen: someone may
have turned it back to make an expired certificate look valid), ``not_in_register`` (signed
with one of our own keys but unknown to our register), ``photo_mismatch`` (the holder's photo
in the register changed since the certificate was annotated).

Each verification is logged (``verification_log``) with an audit entry, in one transaction.
A file (image, PDF or text) is one call, :meth:`VerificationService.verify_file`, for the help
desk and the CLI alike; reading it is :mod:`app.services.verification_files`.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.codes.payload import CHINA_TZ, CertificateClaims, china_date
from app.codes.verify import STATUSES as code_verify_statuses
from app.codes.verify import CodeCheck, KeyLookup, check_code, lookup_from
from app.errors import InvalidInput
from app.inputs import write_atomic
from app.models import Attachment
from app.models.base import utcnow
from app.models.certificates import Certificate, IssuerKey, VerificationRecord
from app.models.people import Employer, Registration
from app.models.revocations import RevocationEntryRecord, RevocationListRecord
from app.services.audit import append_audit
from app.services.base import Service
from app.services.certificate_supersede import change_rows
from app.services.key_service import load_trusted_keys, to_trusted
from app.services.office_role import sync_warnings
from app.services.office_settings import (
    DEMO_MARKER,
    NEWEST_SEEN_AT,
    TRUST_MAX_AGE_DAYS,
    TRUST_REFRESHED_AT,
    VerificationSettings,
    put_setting,
    read_setting,
    verification_settings,
    write_settings,
)
from app.services.office_settings import imaging_settings as read_imaging_settings
from app.services.signature_compare import signature_image
from app.services.verification_files import MAX_CODES_PER_FILE, codes_in_file, codes_in_text
from app.services.verification_views import (
    FileVerification,
    IssuerInfo,
    LogEntry,
    VerificationResult,
    certificate_info,
)


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

TRUST_MAX_AGE_LIMIT = 3650  # days; a longer "maximum age" would switch the warning off
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


def _newest_seen(session: Session) -> datetime | None:
    return _instant(read_setting(session, NEWEST_SEEN_AT))


class VerificationService(Service):
    """Help-desk verification (``verify.run``) and its log (``verify.log``)."""

    # -- trust store --------------------------------------------------------------------------
    def key_lookup(self) -> KeyLookup:
        """A snapshot of the trust store for the camera thread (no database access per frame)."""
        self.require("verify.run")
        with self.db.session_scope(write=False) as s:
            return lookup_from(load_trusted_keys(s))

    # -- verifying ----------------------------------------------------------------------------
    def verify_text(self, text: str, source: str = "manual", at: datetime | None = None,
                    log: bool = True) -> VerificationResult:
        """Judge the text of a scanned code at ``at`` (default: now) and log the verification."""
        self.require("verify.run")
        if source not in SOURCES:
            raise InvalidInput("verify_source_unknown", source=source, allowed=SOURCES)
        if at is not None and at.tzinfo is None:
            raise InvalidInput("verify_at_naive", value=at.isoformat())
        clock = utcnow()
        when = at or clock
        with self.db.session_scope() as s:
            keys = {r.key_id: r for r in s.scalars(select(IssuerKey))}
            check = check_code(text, lookup_from([to_trusted(r) for r in keys.values()]), when)
            result = self._judge(s, text, check, when, source, keys)
            result = self._with_warnings(s, result, check, clock)
            if log:
                result = self._log(s, result, clock)
        return result

    def verify_file(self, path: Path, source: str = "file",
                    at: datetime | None = None) -> FileVerification:
        """Every code in an image, a PDF or a text file (one code a line), each judged and
        logged; a file without any is logged as ``no_code_found``. The file's size is checked
        before it is read (:mod:`app.services.verification_files`). Slow: a worker thread."""
        self.require("verify.run")
        with self.db.session_scope(write=False) as s:  # the office's pixel limit
            max_pixels = read_imaging_settings(s).max_pixels
        return self._verify_codes(codes_in_file(path, max_pixels), str(path), source, at)

    def verify_data(self, data: bytes, name: str, source: str = "cli",
                    at: datetime | None = None) -> FileVerification:
        """As :meth:`verify_file` for the text of a file that has no path (the CLI's stdin)."""
        self.require("verify.run")
        return self._verify_codes(codes_in_text(data, name), name, source, at)

    def _verify_codes(self, texts: list[str], name: str, source: str,
                      at: datetime | None) -> FileVerification:
        if not texts:
            return FileVerification(name, (self.record_no_code(source, name),))
        if len(texts) > MAX_CODES_PER_FILE:  # refused whole: never verify a part silently
            raise InvalidInput("too_many_codes", field="input", path=name, count=len(texts),
                               max=MAX_CODES_PER_FILE)
        return FileVerification(name, tuple(self.verify_text(t, source, at=at) for t in texts))

    def record_no_code(self, source: str, what: str | None = None) -> VerificationResult:
        """Log an attempt that found no code at all (a file without one, a timed-out scan)."""
        self.require("verify.run")
        clock = utcnow()
        result = VerificationResult(NO_CODE_FOUND, clock, source, detail=what)
        with self.db.session_scope() as s:
            return self._log(s, result, clock)

    def _judge(self, s: Session, text: str, check: CodeCheck, when: datetime, source: str,
               keys: dict[str, IssuerKey]) -> VerificationResult:
        key_row = keys.get(check.key.key_id) if check.key is not None else None
        issuer = (IssuerInfo(key_row.key_id, key_row.office_code, key_row.office_name,
                             key_row.source) if key_row is not None else None)
        claims = check.claims
        if claims is None:
            # A failed signature proves nothing about who issued it: name no office.
            return VerificationResult(check.status, when, source, raw=text.strip(),
                                      detail=check.detail)
        status = check.status
        row = s.scalars(select(Certificate).where(Certificate.serial == claims.serial)).first()
        facts, as_of = self._withdrawals(s, row, claims)
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
        revoked_at, reason = (revoked.at, revoked.reason) if revoked is not None else (None, None)
        superseded_at = superseded.at if superseded is not None else None
        # Issue 9: which approved filing superseded it, and what changed on the printed fields.
        supersede_reason = row.supersede_reason if superseded is not None and row is not None else None
        supersede_changes = (change_rows(row.supersede_changes)
                             if superseded is not None and row is not None else ())
        photo, media = self._photo(s, row, claims)
        signature = signature_image(s, row, claims) if photo is not None else None  # issue 13
        employer = None
        if claims.employer_name is None and claims.employer_uscc:
            # The name is dropped from large codes; the register may know it by its code.
            employer = s.scalar(select(Employer.name).where(Employer.uscc == claims.employer_uscc))
        return VerificationResult(
            status, when, source, raw=text.strip(), detail=check.detail,
            certificate=certificate_info(claims), issuer=issuer,
            days_remaining=(claims.window_end - china_date(when)).days,
            photo=photo, photo_media_type=media, signature=signature, superseded_at=superseded_at,
            supersede_reason=supersede_reason, supersede_changes=supersede_changes,
            revoked_at=revoked_at, revoke_reason=reason, employer_name_in_register=employer,
            specimen=claims.specimen,
            now_state=now_fact.state if now_fact else None,
            now_state_at=now_fact.at if now_fact else None,
            now_reason=now_fact.reason if now_fact else None,
            revocations_as_of=as_of if facts or row is None else None,
            key_compromised_at=check.key.compromised_at if check.key is not None else None)

    def _withdrawals(self, s: Session, row: Certificate | None,
                     claims: CertificateClaims) -> tuple[list[Withdrawal], datetime | None]:
        """Why the certificate must not be used, with dates: from our register when it is one
        of ours, else from the issuing office's signed revocation list (and that list's date).

        Read generically: any revocation-like fact is (state, since, reason); the register's
        ``revoked_at`` and ``superseded_at`` today, more states when the register adds them."""
        if row is not None:
            facts = []
            if row.revoked_at is not None:
                facts.append(Withdrawal(REVOKED, row.revoked_at, row.revoke_reason))
            elif self._registration_cancelled(s, row, claims):
                facts.append(Withdrawal(REVOKED, None, "registration_cancelled"))
            if row.superseded_at is not None:
                facts.append(Withdrawal(SUPERSEDED, row.superseded_at, None))
            return facts, None
        listed = s.scalars(select(RevocationEntryRecord).where(
            RevocationEntryRecord.serial == claims.serial,
            RevocationEntryRecord.office_code == claims.issuer)).first()
        record = s.get(RevocationListRecord, claims.issuer)
        as_of = record.issued_at if record is not None else None
        if listed is None:
            return [], as_of
        return [Withdrawal(listed.state, listed.at, listed.reason)], as_of

    @staticmethod
    def _registration_cancelled(s: Session, row: Certificate, claims: CertificateClaims) -> bool:
        states = set(s.scalars(select(Registration.state).where(
            Registration.person_id == row.person_id, Registration.kind == claims.kind,
            Registration.registration_number == claims.registration_number)))
        return bool(states) and states == {"cancelled"}

    @staticmethod
    def _photo(s: Session, row: Certificate | None,
               claims: CertificateClaims) -> tuple[bytes | None, str | None]:
        """The register's current photo of the holder, only if it is the one that was signed."""
        prefix = claims.photo_hash.hex()
        query = select(Attachment).where(Attachment.purpose == "photo",
                                         Attachment.superseded_at.is_(None))
        if row is not None:
            query = query.where(Attachment.person_id == row.person_id)
        else:
            # A certificate we do not hold a row for (e.g. restored register): by hash alone.
            query = query.where(Attachment.sha256.like(f"{prefix}%"))
        for att in s.scalars(query.limit(2)):
            if att.sha256.startswith(prefix) and hashlib.sha256(att.data).hexdigest() == att.sha256:
                return att.data, att.media_type
        return None, None

    def _with_warnings(self, s: Session, result: VerificationResult, check: CodeCheck,
                       clock: datetime) -> VerificationResult:
        # What the signed code itself says (specimen, a key compromised after it signed), then
        # this register: a demo register says so on every verification.
        warnings: list[str] = list(check.warnings)
        if read_setting(s, DEMO_MARKER) is not None:
            warnings.append("demo_register")
        if result.now_state == REVOKED:
            warnings.append("revoked_now")
        elif result.now_state == SUPERSEDED:
            warnings.append("superseded_now")
        # The trust store's age: when other offices' keys were last imported or refreshed.
        # An office that trusts only its own keys has no list that could go stale.
        newest_import = s.scalar(select(func.max(IssuerKey.imported_at))
                                 .where(IssuerKey.source == "imported"))
        refreshed = _instant(read_setting(s, TRUST_REFRESHED_AT))
        stamps = [t for t in (newest_import, refreshed) if t is not None]
        if stamps and clock - max(stamps) > timedelta(days=read_setting(s, TRUST_MAX_AGE_DAYS)):
            warnings.append("trust_store_stale")
        warnings += sync_warnings(s, clock)  # issue 12: a field office out of sync says so
        newest = _newest_seen(s)
        behind = newest is not None and clock < newest - CLOCK_TOLERANCE
        # A certificate signed "in the future" also proves the clock is behind.
        if check.claims is not None and check.claims.issued_at > clock + CLOCK_TOLERANCE:
            behind = True
        if behind:
            warnings.append("clock_behind")
        cert = result.certificate
        if cert is not None:
            if result.issuer is not None and result.issuer.source == "own":
                known = s.scalar(select(func.count()).select_from(Certificate)
                                 .where(Certificate.serial == cert.serial))
                if not known:
                    warnings.append("not_in_register")
            if result.photo is None and result.status not in ("invalid_signature",):
                has_photo = s.scalar(select(func.count()).select_from(Attachment).join(
                    Certificate, Certificate.person_id == Attachment.person_id).where(
                    Certificate.serial == cert.serial, Attachment.purpose == "photo",
                    Attachment.superseded_at.is_(None)))
                if has_photo:
                    warnings.append("photo_mismatch")
        if not warnings:
            return result
        return replace(result, warnings=tuple(warnings))

    def _log(self, s: Session, result: VerificationResult, clock: datetime) -> VerificationResult:
        cert = result.certificate
        record = VerificationRecord(
            at=clock, operator=self.actor.username, source=result.source, status=result.status,
            serial=cert.serial if cert else None, holder_name=cert.name if cert else None,
            raw=result.raw[:RAW_LOG_LIMIT] if result.raw else None)
        s.add(record)
        s.flush()
        newest = _newest_seen(s)
        if newest is None or clock > newest:
            put_setting(s, NEWEST_SEEN_AT, clock.isoformat())
        append_audit(s, self.actor, "certificate_verified", "verification_log", record.id,
                     {"status": result.status, "source": result.source,
                      "serial": cert.serial if cert else None})
        return replace(result, log_id=str(record.id))

    # -- log ----------------------------------------------------------------------------------
    def recent(self, limit: int = 200, operator: str | None = None) -> list[LogEntry]:
        """Newest first. Everyone who verifies sees their own; ``verify.log`` sees everyone's."""
        self.require("verify.run")
        if operator != self.actor.username:
            self.require("verify.log")
        with self.db.session_scope(write=False) as s:
            query = select(VerificationRecord).order_by(VerificationRecord.at.desc()).limit(limit)
            if operator is not None:
                query = query.where(VerificationRecord.operator == operator)
            return [LogEntry(str(r.id), r.at, r.operator, r.source, r.status, r.serial,
                             r.holder_name) for r in s.scalars(query)]

    def export_log_csv(self, target: Path, since: datetime | None = None,
                       until: datetime | None = None) -> int:
        """Write the log as CSV (UTF-8 with BOM so Excel shows Chinese). Returns the row count."""
        self.require("verify.log")
        with self.db.session_scope() as s:
            query = select(VerificationRecord).order_by(VerificationRecord.at)
            if since is not None:
                query = query.where(VerificationRecord.at >= since)
            if until is not None:
                query = query.where(VerificationRecord.at < until)
            count = 0

            def write(raw: Any) -> None:
                nonlocal count
                fh = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
                out = csv.writer(fh)
                out.writerow(["time_utc", "time_china", "operator", "source", "status", "serial",
                              "holder_name"])
                for r in s.execute(query.execution_options(yield_per=1000)).scalars():
                    china = r.at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M:%S")
                    out.writerow([r.at.isoformat(timespec="seconds"), china, r.operator,
                                  r.source, r.status, r.serial or "", _csv_safe(r.holder_name)])
                    count += 1
                fh.flush()
                fh.detach()  # the atomic writer flushes, syncs and renames the raw file

            # temporary file + rename; a directory or a device named as target is refused
            write_atomic(target, field="csv", write=write)
            append_audit(s, self.actor, "verification_log_exported", "verification_log", None,
                         {"rows": count, "file": target.name,
                          "since": since.isoformat() if since else None,
                          "until": until.isoformat() if until else None})
        return count

    # -- settings -----------------------------------------------------------------------------
    def settings(self) -> VerificationSettings:
        with self.db.session_scope(write=False) as s:
            return verification_settings(s)

    def update_settings(self, trust_max_age_days: int) -> VerificationSettings:
        self.require("settings.manage")
        if isinstance(trust_max_age_days, bool) or not isinstance(trust_max_age_days, int) \
                or not 1 <= trust_max_age_days <= TRUST_MAX_AGE_LIMIT:
            raise InvalidInput("verify_trust_age_invalid", value=trust_max_age_days)
        with self.db.session_scope() as s:
            write_settings(s, self.actor, {TRUST_MAX_AGE_DAYS.key: trust_max_age_days},
                           audit_action="verification_settings_changed")
            return verification_settings(s)


def _csv_safe(value: str | None) -> str:
    """Spreadsheets run cells starting with = + - @ as formulas; names never start so."""
    text = value or ""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
