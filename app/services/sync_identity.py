"""The office as a sync partner (issue 12): its role, its X25519 key, and pairing with others.

- The encryption key pair is made with the office key (``KeyService.init_office_key``) or
  later for an office that has only a signing key (``sync keygen`` /
  :func:`create_encryption_key`); its private half is encrypted with the office passphrase.
- Pairing reads another office's trust file v2, shows a fingerprint both sides compare (read
  aloud or as a QR code) and, once the operator confirms it, imports the office's keys into the
  trust store and keeps its encryption key in ``sync_offices``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.codes import signed_json as sj
from app.codes.encryption_keys import (
    ALGORITHM,
    decrypt_encryption_key,
    encrypt_encryption_key,
    encryption_public_raw,
    generate_encryption_key,
)
from app.codes.keys import check_passphrase_strength, decrypt_private_key
from app.codes.trust_file import EncryptionKey, TrustFile
from app.errors import InvalidInput, RuleViolation
from app.models.base import utcnow
from app.models.certificates import IssuerKey
from app.models.sync import OfficeEncryptionKey, SyncOffice
from app.services.audit import append_audit
from app.services.base import Actor
from app.services.office_settings import OFFICE_ROLE, read_setting


@dataclass(frozen=True)
class PairingPreview:
    code: str
    name: str
    role: str                 # central / field / "" (the file does not say)
    fingerprint: str          # what both sides compare (8 groups of 4 hex digits)
    fingerprint_words: tuple[str, ...]  # the same, group by group, to read aloud


def office_role(s: Session) -> str:
    return read_setting(s, OFFICE_ROLE)


def own_encryption_key(s: Session) -> OfficeEncryptionKey | None:
    return s.scalars(select(OfficeEncryptionKey).where(OfficeEncryptionKey.retired_at.is_(None))
                     .order_by(OfficeEncryptionKey.created_at.desc())).first()


def published_encryption_key(s: Session) -> EncryptionKey | None:
    """For the trust file v2 ``office.encryption_key``."""
    row = own_encryption_key(s)
    if row is None:
        return None
    return EncryptionKey(ALGORITHM, bytes(row.public_key), row.created_at.replace(microsecond=0))


def create_encryption_key(s: Session, actor: Actor, passphrase: str,
                          signing_key: IssuerKey | None, audit: bool = True) -> OfficeEncryptionKey:
    """The office's X25519 pair under the office passphrase, inside the caller's transaction.

    ``signing_key``: when given, the passphrase must unlock it, so both keys stay under one
    passphrase (as the seals are). ``audit=False``: the caller's own entry names the key
    (``keys init`` writes one ``key_created`` entry for both keys)."""
    check_passphrase_strength(passphrase)
    if own_encryption_key(s) is not None:
        raise RuleViolation("encryption_key_exists")
    if signing_key is not None and signing_key.private_key_encrypted is not None:
        decrypt_private_key(bytes(signing_key.private_key_encrypted), passphrase)
    key = generate_encryption_key()
    pub = encryption_public_raw(key)
    row = OfficeEncryptionKey(key_id=hashlib.sha256(pub).hexdigest()[:16], public_key=pub,
                              private_key_encrypted=encrypt_encryption_key(key, passphrase),
                              created_at=utcnow().replace(microsecond=0))
    s.add(row)
    s.flush()
    if audit:
        append_audit(s, actor, "encryption_key_created", "office_encryption_key", row.key_id, {})
    return row


def unlock_encryption_key(s: Session, passphrase: str) -> bytes:
    row = own_encryption_key(s)
    if row is None:
        raise RuleViolation("encryption_key_missing")
    if not passphrase:
        raise InvalidInput("key_passphrase_required", field="passphrase")
    return decrypt_encryption_key(bytes(row.private_key_encrypted), passphrase)


def pairing_fingerprint(parsed: TrustFile) -> str:
    """SHA-256 over the office code, its signing keys and its encryption key; 128 bits shown.

    Both offices compute it from the same trust file, so a file swapped on the way (another
    key, another encryption key) shows different digits."""
    if parsed.encryption_key is None:
        raise RuleViolation("sync_partner_no_encryption_key", office=parsed.office_name)
    body = {"code": parsed.office_code,
            "keys": sorted(sj.b64(k.public_key) for k in parsed.keys
                           if k.state in ("active", "reserved")),
            "encryption_key": sj.b64(parsed.encryption_key.public_key)}
    digest = hashlib.sha256(sj.canonical(body)).hexdigest().upper()[:32]
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


def preview(parsed: TrustFile) -> PairingPreview:
    fp = pairing_fingerprint(parsed)
    return PairingPreview(parsed.office_code, parsed.office_name, parsed.role or "", fp,
                          tuple(fp.split()))


def same_fingerprint(expected: str, given: str) -> bool:
    def norm(text: str) -> str:
        return "".join(ch for ch in (text or "").upper() if ch.isalnum())
    return norm(expected) == norm(given) and bool(norm(given))


def store_partner(s: Session, actor: Actor, parsed: TrustFile, now: datetime) -> SyncOffice:
    """Keep (or refresh) the paired office's encryption key; the trust store has its keys."""
    assert parsed.encryption_key is not None
    fp = pairing_fingerprint(parsed)
    row = s.get(SyncOffice, parsed.office_code)
    if row is None:
        row = SyncOffice(code=parsed.office_code, name=parsed.office_name,
                         role=parsed.role or "central", encryption_key=parsed.encryption_key.public_key,
                         fingerprint=fp, paired_at=now, paired_by=actor.username,
                         last_sent_seq=0, last_received_seq=0, acked_seq=0)
        s.add(row)
    else:
        row.name, row.fingerprint = parsed.office_name, fp
        row.encryption_key = parsed.encryption_key.public_key
        row.role = parsed.role or row.role
        row.paired_at, row.paired_by = now, actor.username
    s.flush()
    return row


def own_pairing_fingerprint(s: Session) -> str | None:
    """The fingerprint a partner sees when it previews our trust file (for our own screen, so
    both operators compare the same digits); None without a signing or an encryption key.

    Built from the same parts the trust file carries: our office code, our non-demo own keys
    and our published encryption key (added for the Offices & keys screen, task i12b)."""
    from app.services.key_service import active_own_key, to_trusted  # it imports this module

    active = active_own_key(s)
    enc = published_encryption_key(s)
    if active is None or enc is None:
        return None
    own = s.scalars(select(IssuerKey).where(IssuerKey.source == "own", IssuerKey.demo.is_(False)))
    parsed = TrustFile(active.office_code, active.office_name, utcnow(),
                       tuple(to_trusted(r) for r in own), (), encryption_key=enc)
    return pairing_fingerprint(parsed)
