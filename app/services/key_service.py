"""The office's signing keys and the trust store (``issuer_keys``): init, rotate, export, import.

- ``init``: the office's first Ed25519 key; its private half is stored only as PKCS#8
  encrypted with the passphrase (which is never stored).
- ``rotate``: a new key signs from now on; the old one is retired (``retired_at`` and
  ``valid_until`` set) but stays in the trust store, so what it signed still verifies.
- ``export_trust`` / ``import_trust``: the JSON trust file (:mod:`app.codes.keys`) carried to
  other offices. Import refuses malformed, damaged or unsigned files, is idempotent, and for an
  office already known requires a signature by a key we already trust (or an explicit
  confirmation after comparing fingerprints by phone).
Every change writes an audit entry in the same transaction. Role: ``keys.manage``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.codes.keys import (
    Signer,
    TrustedKey,
    build_trust_file,
    check_passphrase_strength,
    decrypt_private_key,
    encrypt_private_key,
    fingerprint,
    generate_private_key,
    key_id_for,
    parse_trust_file,
    public_raw,
)
from app.domain.validators import parse_uscc
from app.errors import InvalidInput, NotFound, RuleViolation
from app.models.base import utcnow
from app.models.certificates import IssuerKey
from app.services.audit import append_audit
from app.services.base import Actor, Service
from app.services.office_settings import (
    OFFICE_CODE,
    OFFICE_NAME,
    OFFICE_USCC,
    TRUST_REFRESHED_AT,
    put_setting,
    read_setting,
)


@dataclass(frozen=True)
class KeyInfo:
    key_id: str
    office_code: str
    office_name: str
    source: str            # own / imported
    state: str             # active (signs now) / retired / trusted (imported, usable)
    valid_from: datetime
    valid_until: datetime | None
    retired_at: datetime | None
    has_private_key: bool
    fingerprint: str


@dataclass(frozen=True)
class TrustImport:
    office_code: str
    office_name: str
    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]
    # new_office (first contact: compare fingerprints by phone), confirmed (signed by a key we
    # already trusted), unconfirmed (known office, no such signature; accepted explicitly).
    continuity: str
    fingerprints: dict[str, str]


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
                      row.valid_from, row.valid_until, row.retired_at, row.source)


def _info(row: IssuerKey) -> KeyInfo:
    if row.source == "own":
        state = "retired" if row.retired_at is not None else "active"
    else:
        state = "retired" if row.retired_at is not None else "trusted"
    return KeyInfo(row.key_id, row.office_code, row.office_name, row.source, state,
                   row.valid_from, row.valid_until, row.retired_at,
                   row.private_key_encrypted is not None, fingerprint(bytes(row.public_key)))


def active_own_key(session: Session) -> IssuerKey | None:
    return session.scalars(select(IssuerKey).where(
        IssuerKey.source == "own", IssuerKey.retired_at.is_(None),
        IssuerKey.private_key_encrypted.is_not(None)).order_by(IssuerKey.valid_from.desc())).first()


def current_signer(session: Session, passphrase: str) -> tuple[Signer, IssuerKey]:
    """Unlock the office's active key inside the caller's transaction."""
    row = active_own_key(session)
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
    if active_own_key(s) is not None:
        raise RuleViolation("signing_key_exists")
    code, name = office_identity(s, office_code, office_name)
    row = _new_key_row(s, passphrase, code, name, _now())
    append_audit(s, actor, "key_created", "issuer_key", row.key_id,
                 {"office_code": code, "office_name": name})
    return row


class KeyService(Service):
    def init_office_key(self, passphrase: str, office_code: str | None = None,
                        office_name: str | None = None) -> KeyInfo:
        from app.services.seal_service import create_seals_in_session, own_root  # it imports us

        self.require("keys.manage")
        with self.db.session_scope() as s:
            row = create_office_key(s, self.actor, passphrase, office_code, office_name)
            # Issue 13: the seal CA is made with the office key, under the same passphrase
            # (an office that already has its seals keeps them).
            if own_root(s) is None:
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

    def export_trust(self, passphrase: str) -> bytes:
        """Our public keys as a trust file, signed by every own key the passphrase unlocks."""
        self.require("keys.manage")
        with self.db.session_scope() as s:
            own = list(s.scalars(select(IssuerKey).where(IssuerKey.source == "own")
                                 .order_by(IssuerKey.valid_from)))
            active = active_own_key(s)
            if active is None:
                raise RuleViolation("signing_key_missing")
            signers = []
            for row in own:
                if row.private_key_encrypted is None:
                    continue
                try:
                    signers.append(Signer(row.key_id, decrypt_private_key(
                        bytes(row.private_key_encrypted), passphrase)))
                except InvalidInput:
                    if row is active:
                        raise  # the current key must sign; older ones may have another passphrase
            data = build_trust_file(active.office_code, active.office_name,
                                    [to_trusted(r) for r in own], signers, utcnow())
            append_audit(s, self.actor, "trust_exported", "issuer_key", active.key_id,
                         {"keys": [r.key_id for r in own], "signed_by": [x.key_id for x in signers]})
            return data

    def import_trust(self, data: bytes, accept_unconfirmed: bool = False) -> TrustImport:
        self.require("keys.manage")
        parsed = parse_trust_file(data)
        with self.db.session_scope() as s:
            own = active_own_key(s)
            existing = {r.key_id: r for r in s.scalars(select(IssuerKey))}
            known_office = [r for r in existing.values() if r.office_code == parsed.office_code]
            if own is not None and parsed.office_code == own.office_code:
                foreign = [k.key_id for k in parsed.keys
                           if k.key_id not in existing or existing[k.key_id].source != "own"]
                if foreign:
                    # A file in our own name with keys we never made: someone impersonates us.
                    raise RuleViolation("trust_file_own_office", key_id=foreign[0])
            new_ids = [k.key_id for k in parsed.keys if k.key_id not in existing]
            if not known_office:
                continuity = "new_office"
            elif {r.key_id for r in known_office} & set(parsed.signed_by):
                continuity = "confirmed"
            else:
                continuity = "unconfirmed"
                if new_ids and not accept_unconfirmed:
                    raise RuleViolation("trust_file_unconfirmed", office=parsed.office_name)
            added, updated, unchanged = [], [], []
            for k in parsed.keys:
                row = existing.get(k.key_id)
                if row is None:
                    s.add(IssuerKey(key_id=k.key_id, office_code=k.office_code,
                                    office_name=k.office_name, public_key=k.public_key,
                                    private_key_encrypted=None, valid_from=k.valid_from,
                                    valid_until=k.valid_until, retired_at=k.retired_at,
                                    source="imported", imported_at=utcnow()))
                    added.append(k.key_id)
                elif row.source == "imported" and (
                        (row.valid_until, row.retired_at, row.office_name)
                        != (k.valid_until, k.retired_at, k.office_name)):
                    row.valid_until, row.retired_at, row.office_name = k.valid_until, k.retired_at, k.office_name
                    updated.append(k.key_id)
                else:
                    unchanged.append(k.key_id)  # never let a file change one of our own keys
            # Importing a current file refreshes the trust store even when nothing in it changed:
            # the help desk's "trust store is old" warning counts from here.
            put_setting(s, TRUST_REFRESHED_AT, utcnow().isoformat())
            if added or updated:
                append_audit(s, self.actor, "trust_imported", "issuer_key", parsed.office_code,
                             {"office_name": parsed.office_name, "added": added, "updated": updated,
                              "continuity": continuity, "signed_by": list(parsed.signed_by)})
            return TrustImport(parsed.office_code, parsed.office_name, tuple(added), tuple(updated),
                               tuple(unchanged), continuity,
                               {k.key_id: fingerprint(k.public_key) for k in parsed.keys})

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
