"""The trust file (docs/payload.md section 5): an office's public keys, signed, for other offices.

Version 2 (written) carries each key's state (active, retired, compromised, reserved) and room
for the office's X25519 encryption key and its seal-certificate root (filled by later issues);
version 1 (older exports) still reads, its states derived from ``retired_at``. This module only
reads and checks the file and proves which keys signed it; which of those signatures give the
file authority over what the importer already knows is the importer's rule
(:mod:`app.services.trust_import`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from app.codes import signed_json as sj
from app.codes.keys import KEY_STATES, Signer, TrustedKey, key_id_for, load_public_key
from app.errors import InvalidInput

TRUST_FORMAT = "registry-office-trust-store"
TRUST_VERSION = 2
READABLE_VERSIONS = (1, 2)
BODY_MEMBERS = ("format", "version", "exported_at", "office", "keys")
FIELD = "trust_file"
canonical = sj.canonical  # kept for callers of the version-1 module


@dataclass(frozen=True)
class EncryptionKey:
    """The office's X25519 public key for data sent to it (issue 12 fills it)."""

    algorithm: str        # "X25519"
    public_key: bytes     # raw 32 bytes
    valid_from: datetime


@dataclass(frozen=True)
class SealRoot:
    """The root certificates of the office's electronic seals (issue 13): the ECDSA root of its
    PDF seals and, in the member ``sm2``, the SM2 root (GB/T 38540 seal maker) of its OFD seals."""

    certificate: bytes    # DER X.509
    sha256: str           # hex of SHA-256 over the DER bytes
    sm2_certificate: bytes | None = None  # DER X.509 (SM2), None for an office without OFD seals


def _der_member(der: bytes) -> dict[str, str]:
    return {"format": "x509-der", "certificate": sj.b64(der),
            "sha256": hashlib.sha256(der).hexdigest()}


@dataclass(frozen=True)
class TrustFile:
    office_code: str
    office_name: str
    exported_at: datetime
    keys: tuple[TrustedKey, ...]
    signed_by: tuple[str, ...]  # key ids whose signatures over the body verified
    version: int = TRUST_VERSION
    encryption_key: EncryptionKey | None = None
    seal_root: SealRoot | None = None
    revocation_list: dict[str, Any] | None = None  # the embedded signed list, read separately
    role: str | None = None  # issue 12: "central" / "field" (None: not stated, older files)


def _key_entry(k: TrustedKey) -> dict[str, Any]:
    return {"key_id": k.key_id, "algorithm": "Ed25519", "public_key": sj.b64(k.public_key),
            "office_code": k.office_code, "office_name": k.office_name, "state": k.state,
            "valid_from": sj.iso(k.valid_from), "valid_until": sj.iso(k.valid_until),
            "retired_at": sj.iso(k.retired_at), "compromised_at": sj.iso(k.compromised_at),
            "compromise_reason": k.compromise_reason}


def trust_body(office_code: str, office_name: str, keys: list[TrustedKey],
               exported_at: datetime, encryption_key: EncryptionKey | None = None,
               seal_root: SealRoot | None = None, role: str | None = None) -> dict[str, Any]:
    if any(k.demo for k in keys):
        raise ValueError("a demo key is never published as an office's key")
    office: dict[str, Any] = {"code": office_code, "name": office_name,
                              "encryption_key": None, "seal_root": None}
    if encryption_key is not None:
        office["encryption_key"] = {"algorithm": encryption_key.algorithm,
                                    "public_key": sj.b64(encryption_key.public_key),
                                    "valid_from": encryption_key.valid_from.isoformat()}
    if role is not None:
        office["role"] = role  # issue 12: optional, inside the signed body
    if seal_root is not None:
        office["seal_root"] = {**_der_member(seal_root.certificate),
                               "sm2": _der_member(seal_root.sm2_certificate)
                               if seal_root.sm2_certificate is not None else None}
    return {"format": TRUST_FORMAT, "version": TRUST_VERSION, "exported_at": exported_at.isoformat(),
            "office": office,
            "keys": [_key_entry(k) for k in sorted(keys, key=lambda k: k.valid_from)]}


def build_trust_file(office_code: str, office_name: str, keys: list[TrustedKey],
                     signers: list[Signer], exported_at: datetime,
                     revocation_list: dict[str, Any] | None = None, **office_extras: Any) -> bytes:
    """The JSON document for other offices; signed by every own key that could be unlocked.

    ``revocation_list`` (a signed document of :mod:`app.codes.revocations`) travels beside the
    body, outside what the file's signatures cover: it carries its own signature and date.
    """
    doc = sj.signed_document(trust_body(office_code, office_name, keys, exported_at,
                                        **office_extras), signers)
    if revocation_list is not None:
        doc["revocation_list"] = revocation_list
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _bad(reason: str, **params: Any) -> InvalidInput:
    return InvalidInput("trust_file_invalid", field=FIELD, reason=reason, **params)


def _when(value: Any, name: str, optional: bool = False) -> datetime | None:
    return sj.parse_when(value, name, _bad, optional)


def _text(value: Any, name: str, optional: bool = False) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > 400:
        raise _bad(f"{name}: must be text")
    return value


def _key(i: int, k: Any, office_code: str, office_name: str, version: int) -> TrustedKey:
    where = f"key {i + 1}"
    if not isinstance(k, dict) or k.get("algorithm") != "Ed25519":
        raise _bad(f"{where}: algorithm must be Ed25519")
    try:
        pub = sj.unb64(str(k.get("public_key", "")))
        load_public_key(pub)
    except ValueError:
        raise _bad(f"{where}: public key is not a 32-byte Ed25519 key") from None
    if k.get("key_id") != key_id_for(pub):
        raise _bad(f"{where}: key id does not match the public key")
    if k.get("office_code") != office_code:
        raise _bad(f"{where}: belongs to another office")
    valid_from = _when(k.get("valid_from"), f"{where} valid_from")
    assert valid_from is not None
    retired = _when(k.get("retired_at"), f"{where} retired_at", True)
    compromised = _when(k.get("compromised_at"), f"{where} compromised_at", True) \
        if version >= 2 else None
    state = k.get("state") if version >= 2 else ("retired" if retired else "active")
    if state not in KEY_STATES:
        raise _bad(f"{where}: unknown state {state!r}")
    # The state and the dates must tell the same story; a file where they disagree was not
    # written by this program.
    consistent = {"active": retired is None and compromised is None,
                  "reserved": retired is None and compromised is None,
                  "retired": retired is not None and compromised is None,
                  "compromised": compromised is not None}[str(state)]
    if not consistent:
        raise _bad(f"{where}: state {state} does not match its dates")
    return TrustedKey(
        key_id=str(k["key_id"]), office_code=office_code,
        office_name=_text(k.get("office_name") or office_name, f"{where} office_name") or office_name,
        public_key=pub, valid_from=valid_from,
        valid_until=_when(k.get("valid_until"), f"{where} valid_until", True),
        retired_at=retired, source="imported", compromised_at=compromised,
        compromise_reason=_text(k.get("compromise_reason"), f"{where} compromise_reason", True)
        if version >= 2 else None,
        reserved=state == "reserved")


def _encryption_key(value: Any) -> EncryptionKey | None:
    if value is None:
        return None
    if not isinstance(value, dict) or value.get("algorithm") != "X25519":
        raise _bad("office encryption_key: algorithm must be X25519")
    try:
        raw = sj.unb64(str(value.get("public_key", "")))
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise _bad("office encryption_key: public key must be 32 bytes")
    valid_from = _when(value.get("valid_from"), "office encryption_key valid_from")
    assert valid_from is not None
    return EncryptionKey("X25519", raw, valid_from)


def _der(value: Any, name: str) -> bytes:
    if not isinstance(value, dict) or value.get("format") != "x509-der":
        raise _bad(f"office {name}: format must be x509-der")
    try:
        der = sj.unb64(str(value.get("certificate", "")))
    except ValueError:
        der = b""
    if not der or value.get("sha256") != hashlib.sha256(der).hexdigest():
        raise _bad(f"office {name}: certificate missing or its sha256 does not match")
    return der


def _seal_root(value: Any) -> SealRoot | None:
    if value is None:
        return None
    der = _der(value, "seal_root")
    sm2 = value.get("sm2")  # absent in files written before the OFD root travelled
    return SealRoot(der, hashlib.sha256(der).hexdigest(),
                    _der(sm2, "seal_root sm2") if sm2 is not None else None)


def parse_trust_file(data: bytes) -> TrustFile:
    """Read and check a trust file; every problem is an ``InvalidInput`` naming the reason."""
    doc = sj.load_document(data, FIELD, "trust_file_not_json")
    if not isinstance(doc, dict) or doc.get("format") != TRUST_FORMAT:
        raise _bad("not a Registry Office trust file")
    version = doc.get("version")
    if isinstance(version, bool) or version not in READABLE_VERSIONS:
        raise _bad(f"unsupported version {version!r}")
    data_c = sj.body_bytes(doc, BODY_MEMBERS, "trust_file_damaged", FIELD)
    office = doc.get("office")
    if not isinstance(office, dict) or not isinstance(office.get("code"), str) \
            or not office.get("code") or not isinstance(office.get("name"), str) \
            or not office["name"].strip():
        raise _bad("office code or name missing")
    code, name = office["code"], office["name"]
    raw_keys = doc.get("keys")
    if not isinstance(raw_keys, list) or not raw_keys:
        raise _bad("no keys")
    keys = [_key(i, k, code, name, int(version)) for i, k in enumerate(raw_keys)]
    by_id = {k.key_id: k for k in keys}
    if len(by_id) != len(keys):
        raise _bad("a key is listed twice")
    try:
        sigs = sj.signatures(doc)
    except ValueError as exc:
        raise _bad(str(exc)) from None
    signed_by: list[str] = []
    for key_id, signature in sigs:
        key = by_id.get(key_id)
        if key is None:
            raise _bad("signed by a key that is not in the file")
        if not sj.verifies(key.public_key, signature, data_c):
            raise InvalidInput("trust_file_signature", field=FIELD, key_id=key.key_id)
        signed_by.append(key.key_id)
    exported_at = _when(doc.get("exported_at"), "exported_at")
    assert exported_at is not None
    extra_enc = _encryption_key(office.get("encryption_key")) if version >= 2 else None
    extra_seal = _seal_root(office.get("seal_root")) if version >= 2 else None
    rl = doc.get("revocation_list")
    if rl is not None and not isinstance(rl, dict):
        raise _bad("revocation_list must be an object")
    role = office.get("role")
    if role is not None and role not in ("central", "field"):
        raise _bad("office role must be central or field")
    return TrustFile(code, name, exported_at, tuple(keys), tuple(signed_by), int(version),
                     extra_enc, extra_seal, rl, role)
