"""The office's signing keys and the trust store (``issuer_keys``): init, rotate, export, import.

- ``init``: the office's first Ed25519 key; its private half is stored only as PKCS#8
  encrypted with the passphrase (which is never stored).
- ``rotate``: a new key signs from now on; the old one is retired (``retired_at`` and
  ``valid_until`` set) but stays in the trust store, so what it signed still verifies.
- ``compromise``: a key distrusted from a date (stolen, leaked): nothing it signed from then on
  verifies; the help desk is told why.
- ``export_trust`` / ``import_trust``: the JSON trust file (:mod:`app.codes.trust_file`) with
  the signed revocation list, carried to other offices; the import rules (who may change a
  known key, never loosening) are :mod:`app.services.trust_import`.
- The demo register's key (published passphrase) is marked ``demo``: it signs only
  specimens, is never the office's key and never exported.
Every change writes an audit entry in the same transaction. Role: ``keys.manage``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from app.codes.keys import (
    DEMO_PASSPHRASE,
    Signer,
    TrustedKey,
    check_passphrase_strength,
    decrypt_private_key,
    encrypt_private_key,
    fingerprint,
    generate_private_key,
    key_id_for,
    public_raw,
)
from app.codes.revocations import RevocationEntry, parse_revocation_list, revocation_document
from app.codes.trust_file import SealRoot, build_trust_file, parse_trust_file
from app.domain.validators import parse_uscc
from app.errors import InvalidInput, NotFound, RuleViolation
from app.models.base import utcnow
from app.models.certificates import Certificate, IssuerKey
from app.services.audit import append_audit
from app.services.base import Actor, Service
from app.services.office_settings import (
    OFFICE_CODE,
    OFFICE_NAME,
    OFFICE_USCC,
    read_setting,
)
from app.services.trust_import import (
    RevocationImport,
    TrustImport,
    apply_revocation_list,
    apply_trust_file,
)


@dataclass(frozen=True)
class KeyInfo:
    key_id: str
    office_code: str
    office_name: str
    source: str            # own / imported
    # active (own, signs now) / trusted (imported, usable) / retired / compromised / reserved
    state: str
    valid_from: datetime
    valid_until: datetime | None
    retired_at: datetime | None
    has_private_key: bool
    fingerprint: str
    compromised_at: datetime | None = None
    compromise_reason: str | None = None
    demo: bool = False


def office_identity(session: Session, code: str | None = None, name: str | None = None) -> tuple[str, str]:
    """(USCC, name) of this office: arguments first, then the office settings.

    The office is identified by its unified social credit code everywhere a certificate names
    its issuer (the payload's ``iss``, the licence identifier, the trust file).
    """
    raw_code = code or read_setting(session, OFFICE_USCC) or read_setting(session, OFFICE_CODE)
    if not raw_code:
        raise InvalidInput("office_code_missing", field="office_code")
    uscc = parse_uscc(raw_code, field="office_code")
    office_name = (name or read_setting(session, OFFICE_NAME)).strip()
    if not office_name:
        raise InvalidInput("office_name_missing", field="office_name")
    return uscc, office_name


def to_trusted(row: IssuerKey) -> TrustedKey:
    return TrustedKey(row.key_id, row.office_code, row.office_name, bytes(row.public_key),
                      row.valid_from, row.valid_until, row.retired_at, row.source,
                      compromised_at=row.compromised_at, compromise_reason=row.compromise_reason,
                      reserved=bool(row.reserved), demo=bool(row.demo))


def _info(row: IssuerKey) -> KeyInfo:
    state = to_trusted(row).state
    if state == "active" and row.source != "own":
        state = "trusted"
    return KeyInfo(row.key_id, row.office_code, row.office_name, row.source, state,
                   row.valid_from, row.valid_until, row.retired_at,
                   row.private_key_encrypted is not None, fingerprint(bytes(row.public_key)),
                   row.compromised_at, row.compromise_reason, bool(row.demo))


def _usable_own(demo: bool) -> list[Any]:
    return [IssuerKey.source == "own", IssuerKey.retired_at.is_(None),
            IssuerKey.compromised_at.is_(None), IssuerKey.reserved.is_(False),
            IssuerKey.demo.is_(demo), IssuerKey.private_key_encrypted.is_not(None)]


def active_own_key(session: Session) -> IssuerKey | None:
    """The office's signing key: own, not retired, compromised, reserved, and never the demo's."""
    return session.scalars(select(IssuerKey).where(*_usable_own(False))
                           .order_by(IssuerKey.valid_from.desc())).first()


def demo_key(session: Session) -> IssuerKey | None:
    """The demo register's key, if this register holds one."""
    return session.scalars(select(IssuerKey).where(*_usable_own(True))
                           .order_by(IssuerKey.valid_from.desc())).first()


def current_signer(session: Session, passphrase: str,
                   specimen: bool = False) -> tuple[Signer, IssuerKey]:
    """Unlock the key to sign with inside the caller's transaction: the office's active key, or
    for a specimen the demo key when the register holds one (a real key never needs the demo's
    published passphrase, and the demo key never signs a real certificate)."""
    row = (demo_key(session) if specimen else None) or active_own_key(session)
    if row is None:
        raise RuleViolation("signing_key_missing")
    if not passphrase:
        raise InvalidInput("key_passphrase_required", field="passphrase")
    assert row.private_key_encrypted is not None
    key = decrypt_private_key(bytes(row.private_key_encrypted), passphrase)
    return Signer(row.key_id, key), row


def load_trusted_keys(session: Session) -> list[TrustedKey]:
    """Every key certificates may be verified with (own, retired and imported)."""
    return [to_trusted(r) for r in session.scalars(select(IssuerKey))]


def _new_key_row(session: Session, passphrase: str, office_code: str, office_name: str,
                 now: datetime) -> IssuerKey:
    key = generate_private_key()
    pub = public_raw(key)
    row = IssuerKey(key_id=key_id_for(pub), office_code=office_code, office_name=office_name,
                    public_key=pub, private_key_encrypted=encrypt_private_key(key, passphrase),
                    valid_from=now, source="own", imported_at=now)
    session.add(row)
    session.flush()
    return row


def _now() -> datetime:
    # Whole seconds: the payload's iat has whole seconds, and a certificate signed in the first
    # second of a key's life must not look older than the key.
    return utcnow().replace(microsecond=0)


def create_office_key(s: Session, actor: Actor, passphrase: str, office_code: str | None = None,
                      office_name: str | None = None) -> IssuerKey:
    """``keys init`` inside the caller's transaction (roles checked by the caller)."""
    check_passphrase_strength(passphrase)
    if passphrase == DEMO_PASSPHRASE:
        # Published in the README: a key under it would be anyone's key.
        raise InvalidInput("key_passphrase_demo", field="passphrase")
    if active_own_key(s) is not None:
        raise RuleViolation("signing_key_exists")
    code, name = office_identity(s, office_code, office_name)
    row = _new_key_row(s, passphrase, code, name, _now())
    # Issue 12: the X25519 key bundles from other offices are sealed to, made with the office
    # key under the same passphrase and named in the same audit entry.
    from app.services.sync_identity import create_encryption_key, own_encryption_key

    enc = own_encryption_key(s) or create_encryption_key(s, actor, passphrase, None, audit=False)
    append_audit(s, actor, "key_created", "issuer_key", row.key_id,
                 {"office_code": code, "office_name": name, "encryption_key": enc.key_id})
    return row


def withdrawn_certificates(s: Session, office_code: str) -> list[RevocationEntry]:
    """Every certificate of ours that must not be used: the revocation list's entries.

    Read generically from the register: a certificate with ``revoked_at`` is revoked (reason:
    ``revoke_reason``), one with ``superseded_at`` superseded (reason: the newer serial or the filing); a
    revocation wins over a supersession. Only certificates in our office's name (the issuer in
    the serial), so specimens signed by the demo key never enter the office's list.
    """
    newer = aliased(Certificate)
    out = []
    query = (select(Certificate, newer.serial)
             .outerjoin(newer, newer.id == Certificate.superseded_by)
             .where((Certificate.revoked_at.is_not(None)) | (Certificate.superseded_at.is_not(None)))
             .order_by(Certificate.serial))
    for c, newer_serial in s.execute(query.execution_options(yield_per=2000)):
        parts = c.serial.split(".")
        if len(parts) != 10 or parts[6] != office_code:
            continue
        if c.revoked_at is not None:
            out.append(RevocationEntry(c.serial, "revoked", c.revoked_at, c.revoke_reason))
        elif c.superseded_at is not None:
            # the newer certificate's serial, else the approved filing that changed the
            # printed facts (issue 9: "<filing type>:<filing number>")
            out.append(RevocationEntry(c.serial, "superseded", c.superseded_at,
                                       newer_serial or c.supersede_reason))
    return out


def create_demo_key(s: Session, actor: Actor, office_code: str, office_name: str,
                    valid_from: datetime) -> IssuerKey:
    """The demo register's key: published passphrase, ``demo`` set, signs only specimens.

    ``valid_from`` lies back far enough for the demo's backdated examples (a window that is
    over, a superseded certificate) to verify as what they show."""
    row = _new_key_row(s, DEMO_PASSPHRASE, office_code, office_name, valid_from.replace(microsecond=0))
    row.demo = True
    s.flush()
    append_audit(s, actor, "demo_key_created", "issuer_key", row.key_id,
                 {"office_code": office_code, "office_name": office_name})
    return row


class KeyService(Service):
    def init_office_key(self, passphrase: str, office_code: str | None = None,
                        office_name: str | None = None, seals: bool = True) -> KeyInfo:
        """The office's signing key and, unless ``seals`` is false or the office already has
        them, its electronic seals (issue 13) under the same passphrase, in one transaction."""
        from app.services.seal_service import create_seals_in_session, own_root  # it imports us

        self.require("keys.manage")
        with self.db.session_scope() as s:
            row = create_office_key(s, self.actor, passphrase, office_code, office_name)
            # Issue 13: the seal CA is made with the office key, under the same passphrase
            # (an office that already has its seals keeps them).
            if seals and own_root(s) is None:
                create_seals_in_session(s, self.actor, passphrase)
            return _info(row)

    def rotate(self, passphrase: str, new_passphrase: str | None = None) -> KeyInfo:
        """New key from now on; the old one retired (kept to verify what it signed)."""
        from app.services.audit_service import make_checkpoint  # it imports this module

        self.require("keys.manage")
        with self.db.session_scope() as s:
            old_signer, old = current_signer(s, passphrase)  # proves the operator holds the key
            # The old key's last act: a checkpoint of the audit log as it stands (issue 10).
            make_checkpoint(s, old_signer, old.office_code, self.actor)
            new_pass = new_passphrase or passphrase
            check_passphrase_strength(new_pass)
            now = _now()
            old.retired_at = old.valid_until = now
            row = _new_key_row(s, new_pass, old.office_code, old.office_name, now)
            append_audit(s, self.actor, "key_rotated", "issuer_key", row.key_id,
                         {"retired": old.key_id, "passphrase_changed": new_pass != passphrase})
            return _info(row)

    def list_keys(self) -> list[KeyInfo]:
        self.require("keys.manage")
        with self.db.session_scope(write=False) as s:
            rows = s.scalars(select(IssuerKey).order_by(IssuerKey.source, IssuerKey.office_code,
                                                        IssuerKey.valid_from))
            return [_info(r) for r in rows]

    def compromise(self, key_id: str, since: datetime, reason: str) -> KeyInfo:
        """Distrust a key from ``since`` (stolen, leaked): nothing it signed from then on is
        valid. Our own key (then exported to the other offices) or an imported one (the other
        office phoned). Only ever moves the date earlier. The office's active key must be
        rotated first, so the office can go on signing."""
        self.require("keys.manage")
        if since.tzinfo is None:
            raise InvalidInput("verify_at_naive", value=since.isoformat())
        if not (reason or "").strip():
            raise InvalidInput("required", field="reason")
        with self.db.session_scope() as s:
            row = s.get(IssuerKey, key_id)
            if row is None:
                raise NotFound("trusted_key_not_found", field="key_id", key_id=key_id)
            if row.source == "own" and not row.demo and row is active_own_key(s):
                raise RuleViolation("key_compromise_active")
            if row.compromised_at is not None and row.compromised_at <= since:
                return _info(row)  # already distrusted from an earlier date: never loosen
            row.compromised_at, row.compromise_reason = since, reason.strip()
            signed_after = s.scalars(select(Certificate.serial).where(
                Certificate.key_id == key_id, Certificate.issued_at >= since)).all()
            append_audit(s, self.actor, "key_compromised", "issuer_key", key_id,
                         {"since": since.isoformat(), "reason": row.compromise_reason,
                          "own_certificates_signed_after": len(signed_after)})
            return _info(row)

    def _signers(self, s: Session, passphrase: str) -> tuple[IssuerKey, list[IssuerKey], list[Signer]]:
        own = list(s.scalars(select(IssuerKey).where(IssuerKey.source == "own",
                                                     IssuerKey.demo.is_(False))
                             .order_by(IssuerKey.valid_from)))
        active = active_own_key(s)
        if active is None:
            raise RuleViolation("signing_key_missing")
        signers = []
        for row in own:
            if row.private_key_encrypted is None or row.compromised_at is not None:
                continue  # a compromised key's signature would prove nothing
            try:
                signers.append(Signer(row.key_id, decrypt_private_key(
                    bytes(row.private_key_encrypted), passphrase)))
            except InvalidInput:
                if row is active:
                    raise  # the current key must sign; older ones may have another passphrase
        return active, own, signers

    def export_trust(self, passphrase: str) -> bytes:
        """Our public keys as a trust file, signed by every own key the passphrase unlocks,
        with our signed revocation list beside them. The demo key is never in it."""
        self.require("keys.manage")
        with self.db.session_scope() as s:
            active, own, signers = self._signers(s, passphrase)
            now = utcnow()
            current = [x for x in signers if x.key_id == active.key_id]
            entries = withdrawn_certificates(s, active.office_code)
            rl = revocation_document(active.office_code, active.office_name, entries, current, now)
            _add_seal_crls(s, rl, passphrase)  # issue 13: our seals' CRLs travel with the list
            data = build_trust_file(active.office_code, active.office_name,
                                    [to_trusted(r) for r in own], signers, now, rl,
                                    seal_root=_own_seal_root(s), **_sync_extras(s))
            append_audit(s, self.actor, "trust_exported", "issuer_key", active.key_id,
                         {"keys": [r.key_id for r in own], "signed_by": [x.key_id for x in signers],
                          "revocations": len(entries)})
            return data

    def export_revocations(self, passphrase: str) -> bytes:
        """Our signed revocation list alone (help desks refresh it more often than keys)."""
        self.require("keys.manage")
        with self.db.session_scope() as s:
            active, _, signers = self._signers(s, passphrase)
            current = [x for x in signers if x.key_id == active.key_id]
            entries = withdrawn_certificates(s, active.office_code)
            doc = revocation_document(active.office_code, active.office_name, entries, current,
                                      utcnow())
            _add_seal_crls(s, doc, passphrase)
            append_audit(s, self.actor, "revocations_exported", "revocation_list",
                         active.office_code, {"entries": len(entries)})
            return (json.dumps(doc, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    def import_trust(self, data: bytes, accept_unconfirmed: bool = False) -> TrustImport:
        """Import another office's trust file under the rules of :mod:`trust_import`."""
        self.require("keys.manage")
        parsed = parse_trust_file(data)
        with self.db.session_scope() as s:
            result, suspicious = apply_trust_file(s, self.actor, parsed, accept_unconfirmed)
        if suspicious is not None:
            # The refusal must leave a trace: in its own transaction, nothing else is written.
            with self.db.session_scope() as s:
                append_audit(s, self.actor, "trust_import_suspicious", "issuer_key",
                             parsed.office_code, suspicious)
            raise RuleViolation("trust_file_suspicious", office=parsed.office_name,
                                signed_by=", ".join(parsed.signed_by))
        return result

    def import_revocations(self, data: bytes) -> RevocationImport:
        self.require("keys.manage")
        rl = parse_revocation_list(data)
        with self.db.session_scope() as s:
            return apply_revocation_list(s, self.actor, rl)

    def remove_trust(self, key_id: str) -> KeyInfo:
        """Stop trusting an imported key (e.g. the other office reports it stolen)."""
        self.require("keys.manage")
        with self.db.session_scope() as s:
            row = s.get(IssuerKey, key_id)
            if row is None or row.source != "imported":
                raise NotFound("trusted_key_not_found", field="key_id", key_id=key_id)
            info = _info(row)
            s.delete(row)
            append_audit(s, self.actor, "trust_removed", "issuer_key", key_id,
                         {"office_code": row.office_code, "office_name": row.office_name})
            return info


def _own_seal_root(s: Session) -> SealRoot | None:
    """The roots of our electronic seals (issue 13, PDF and OFD) for the trust file."""
    from app.services.seal_trust import own_seal_root  # it imports this module

    return own_seal_root(s)


def _add_seal_crls(s: Session, doc: dict[str, Any], passphrase: str) -> None:
    """Our seal CRLs beside a revocation list's signed body (issue 13, payload.md section 8)."""
    from app.codes.revocations import seal_crl_entries
    from app.services.seal_trust import own_seal_crls  # it imports this module

    crls = own_seal_crls(s, passphrase)
    if crls:
        doc["seal_crls"] = seal_crl_entries(crls)


def _sync_extras(s: Session) -> dict[str, Any]:
    """Issue 12: the office's encryption key and role in its trust file (v2 ``office``)."""
    from app.services.sync_identity import office_role, published_encryption_key

    return {"encryption_key": published_encryption_key(s), "role": office_role(s)}
