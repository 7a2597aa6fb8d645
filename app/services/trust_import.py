"""Who may change what the register knows about another office's keys and withdrawn certificates.

The rules (docs/payload.md sections 5 and 8), inside the caller's transaction:

- A trust file's authority comes from its signatures, judged against what we already know:
  signed by a key we hold as the office's *current* key (active: not retired, compromised or
  reserved) -> ``confirmed``; a first contact -> ``new_office`` (compare fingerprints by phone);
  signed only by keys we have never seen -> ``unconfirmed``, applied only when an admin accepts
  it after checking the fingerprints; signed only by keys we know as retired, compromised or
  reserved -> ``suspicious``: it changes nothing, and if it tried to, the import is refused
  and the attempt is written to the audit log.
- Importing never loosens: a known retirement, compromise or end date can only move earlier,
  a start only later; a file that would un-retire or un-compromise a key is ignored on that
  point and says so (``ignored``). Our own keys are never changed by a file.
- A revocation list counts only when signed by the office's current key; entries are only
  ever added or made more serious (superseded -> revoked); the list's date becomes the "as of"
  the help desk reports, never moving back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.codes.keys import DEMO_OFFICE_USCC, TrustedKey, fingerprint
from app.codes.revocations import RevocationList, parse_revocation_document
from app.codes.trust_file import TrustFile
from app.errors import RuleViolation
from app.models.base import utcnow
from app.models.certificates import IssuerKey
from app.models.revocations import RevocationEntryRecord, RevocationListRecord
from app.services.audit import append_audit
from app.services.base import Actor
from app.services.office_settings import TRUST_REFRESHED_AT, put_setting


@dataclass(frozen=True)
class RevocationImport:
    office_code: str
    office_name: str
    as_of: datetime            # the date of the newest list we hold for this office
    added: int
    upgraded: int              # superseded -> revoked
    unchanged: int
    outdated: bool             # older than the list we already had (its news still counted)


@dataclass(frozen=True)
class TrustImport:
    office_code: str
    office_name: str
    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]
    # new_office (first contact: compare fingerprints by phone), confirmed (signed by the
    # office's current key), unconfirmed (known office, no such signature; accepted
    # explicitly), stale (signed only by keys no longer current, and changing nothing).
    continuity: str
    fingerprints: dict[str, str]
    ignored: tuple[str, ...] = ()  # "key_id: what the file tried to loosen"
    revocations: RevocationImport | None = None


def _earlier(known: datetime | None, offered: datetime | None) -> datetime | None:
    """An end date may only move earlier; a missing one never clears a known one."""
    if known is None:
        return offered
    return known if offered is None else min(known, offered)


def _merge(row: IssuerKey, k: TrustedKey, ignored: list[str]) -> dict[str, Any]:
    """The tightened values for ``row`` from the file's ``k`` (only what differs)."""
    change: dict[str, Any] = {}
    if k.valid_from > row.valid_from:
        change["valid_from"] = k.valid_from
    elif k.valid_from < row.valid_from:
        ignored.append(f"{row.key_id}: valid_from earlier")
    for name in ("valid_until", "retired_at", "compromised_at"):
        known, offered = getattr(row, name), getattr(k, name)
        merged = _earlier(known, offered)
        if merged != known:
            change[name] = merged
        if known is not None and (offered is None or offered > known):
            ignored.append(f"{row.key_id}: {name} later or cleared")
    if "compromised_at" in change:
        change["compromise_reason"] = k.compromise_reason
    if k.reserved and not row.reserved and row.retired_at is None and row.compromised_at is None:
        change["reserved"] = True          # back to "announced only": tighter
    elif row.reserved and not k.reserved:
        change["reserved"] = False         # the office activates its announced key
    if k.office_name != row.office_name:
        change["office_name"] = k.office_name
    return change


def _continuity(parsed: TrustFile, existing: dict[str, IssuerKey]) -> str:
    known = [r for r in existing.values() if r.office_code == parsed.office_code]
    if not known:
        return "new_office"
    signers = [existing.get(kid) for kid in parsed.signed_by]
    if any(r is not None and r.office_code == parsed.office_code and r.source == "imported"
           and _current(r) for r in signers):
        return "confirmed"
    if any(r is None for r in signers):
        return "unconfirmed"
    return "suspicious"


def _current(row: IssuerKey) -> bool:
    return row.retired_at is None and row.compromised_at is None and not row.reserved \
        and not row.demo


def apply_trust_file(s: Session, actor: Actor, parsed: TrustFile,
                     accept_unconfirmed: bool) -> tuple[TrustImport, dict[str, Any] | None]:
    """Apply ``parsed``; returns the result, and an audit record to write if the caller must
    refuse the file as suspicious (written in its own transaction, as the refusal rolls back)."""
    if parsed.office_code == DEMO_OFFICE_USCC or any(k.demo for k in parsed.keys):
        raise RuleViolation("trust_file_demo_office", office=parsed.office_name)
    existing = {r.key_id: r for r in s.scalars(select(IssuerKey))}
    own_codes = {r.office_code for r in existing.values() if r.source == "own" and not r.demo}
    fingerprints = {k.key_id: fingerprint(k.public_key) for k in parsed.keys}
    if parsed.office_code in own_codes:
        foreign = [k.key_id for k in parsed.keys
                   if k.key_id not in existing or existing[k.key_id].source != "own"]
        if foreign:
            # A file in our own name with keys we never made: someone impersonates us.
            raise RuleViolation("trust_file_own_office", key_id=foreign[0])
        ids = tuple(k.key_id for k in parsed.keys)
        return TrustImport(parsed.office_code, parsed.office_name, (), (), ids, "own_office",
                           fingerprints), None
    continuity = _continuity(parsed, existing)
    if continuity == "unconfirmed" and not accept_unconfirmed:
        raise RuleViolation("trust_file_unconfirmed", office=parsed.office_name)
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    ignored: list[str] = []
    changes: dict[str, dict[str, Any]] = {}
    for k in parsed.keys:
        row = existing.get(k.key_id)
        if row is None:
            added.append(k.key_id)
        elif row.source != "imported" or row.office_code != parsed.office_code:
            unchanged.append(k.key_id)  # never let a file change one of our own keys
        else:
            change = _merge(row, k, ignored)
            (updated if change else unchanged).append(k.key_id)
            if change:
                changes[k.key_id] = change
    if continuity == "suspicious":
        if added or updated or ignored:
            audit = {"office_code": parsed.office_code, "office_name": parsed.office_name,
                     "signed_by": list(parsed.signed_by), "would_add": added,
                     "would_change": updated, "would_loosen": ignored}
            return TrustImport(parsed.office_code, parsed.office_name, (), (), (),
                               "suspicious", fingerprints, tuple(ignored)), audit
        # An old genuine file (signed before a rotation we already know of): nothing to do,
        # and it does not count as a refresh of the trust store either.
        return TrustImport(parsed.office_code, parsed.office_name, (), (),
                           tuple(unchanged), "stale", fingerprints), None
    now = utcnow()
    for k in parsed.keys:
        if k.key_id in added:
            s.add(IssuerKey(key_id=k.key_id, office_code=k.office_code, office_name=k.office_name,
                            public_key=k.public_key, private_key_encrypted=None,
                            valid_from=k.valid_from, valid_until=k.valid_until,
                            retired_at=k.retired_at, compromised_at=k.compromised_at,
                            compromise_reason=k.compromise_reason, reserved=k.reserved,
                            source="imported", imported_at=now))
        for name, value in changes.get(k.key_id, {}).items():
            setattr(existing[k.key_id], name, value)
    s.flush()
    seal_root_added = _store_seal_root(s, parsed)
    # Importing a current file refreshes the trust store even when nothing in it changed:
    # the help desk's "trust store is old" warning counts from here.
    put_setting(s, TRUST_REFRESHED_AT, now.isoformat())
    if added or updated or seal_root_added:
        append_audit(s, actor, "trust_imported", "issuer_key", parsed.office_code,
                     {"office_name": parsed.office_name, "added": added, "updated": updated,
                      "seal_root_added": seal_root_added,
                      "ignored": ignored, "continuity": continuity,
                      "signed_by": list(parsed.signed_by), "version": parsed.version})
    revocations = None
    if parsed.revocation_list is not None:
        revocations = apply_revocation_list(s, actor, parse_revocation_document(
            parsed.revocation_list))
    return TrustImport(parsed.office_code, parsed.office_name, tuple(added), tuple(updated),
                       tuple(unchanged), continuity, fingerprints, tuple(ignored),
                       revocations), None


def _store_seal_root(s: Session, parsed: TrustFile) -> bool:
    """Trust the office's seal roots (issue 13: PDF and OFD) once its keys were accepted."""
    from app.services.seal_trust import store_seal_roots  # it imports key_service

    return store_seal_roots(s, parsed)


def _to_trusted(row: IssuerKey) -> TrustedKey:
    return TrustedKey(row.key_id, row.office_code, row.office_name, bytes(row.public_key),
                      row.valid_from, row.valid_until, row.retired_at, row.source,
                      compromised_at=row.compromised_at, reserved=bool(row.reserved),
                      demo=bool(row.demo))


def apply_revocation_list(s: Session, actor: Actor, rl: RevocationList) -> RevocationImport:
    rows = list(s.scalars(select(IssuerKey).where(IssuerKey.office_code == rl.office_code)))
    if not rows:
        raise RuleViolation("revocation_list_unknown_office", office=rl.office_name)
    if any(r.source == "own" for r in rows):
        # Our own register is the authority on our certificates.
        raise RuleViolation("revocation_list_own_office")
    signed = set(rl.signed_by([_to_trusted(r) for r in rows]))
    if not any(_current(r) for r in rows if r.key_id in signed):
        raise RuleViolation("revocation_list_not_current_key", office=rl.office_name)
    known = {e.serial: e for e in s.scalars(select(RevocationEntryRecord).where(
        RevocationEntryRecord.office_code == rl.office_code))}
    added = upgraded = unchanged = 0
    for e in rl.entries:
        row = known.get(e.serial)
        if row is None:
            row = RevocationEntryRecord(office_code=rl.office_code, serial=e.serial,
                                        state=e.state, at=e.at, reason=e.reason,
                                        listed_at=rl.issued_at)
            s.add(row)
            known[e.serial] = row
            added += 1
        elif row.state == "superseded" and e.state == "revoked":
            row.state, row.at, row.reason, row.listed_at = e.state, e.at, e.reason, rl.issued_at
            upgraded += 1
        else:
            unchanged += 1
    record = s.get(RevocationListRecord, rl.office_code)
    outdated = record is not None and rl.issued_at <= record.issued_at
    if record is None:
        record = RevocationListRecord(office_code=rl.office_code, office_name=rl.office_name,
                                      issued_at=rl.issued_at, signed_by=",".join(sorted(signed)),
                                      entries=len(known), imported_at=utcnow())
        s.add(record)
    elif not outdated:
        record.issued_at, record.office_name = rl.issued_at, rl.office_name
        record.signed_by, record.imported_at = ",".join(sorted(signed))[:200], utcnow()
    record.entries = len(known)
    s.flush()
    from app.services.seal_trust import store_seal_crls  # issue 13; it imports key_service

    seal_crls = store_seal_crls(s, rl.office_code, rl.seal_crls)
    append_audit(s, actor, "revocations_imported", "revocation_list", rl.office_code,
                 {"office_name": rl.office_name, "issued_at": rl.issued_at.isoformat(),
                  "added": added, "upgraded": upgraded, "outdated": outdated,
                  "seal_crls": seal_crls})
    return RevocationImport(rl.office_code, rl.office_name, record.issued_at, added, upgraded,
                            unchanged, outdated)
