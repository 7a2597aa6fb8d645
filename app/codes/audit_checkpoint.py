"""Signed audit checkpoints: the audit chain's anchor outside the database.

A checkpoint says "entry ``seq`` of office ``office_code``'s audit log had chain hash ``hash``",
signed with the office's Ed25519 signing key. The private key is stored only encrypted with a
passphrase that is never in the database, so someone who copies or edits the database file
cannot sign a checkpoint for a chain they rewrote; a checkpoint kept away from the database (a
file on a USB stick, the copy a workstation keeps in its own data directory) therefore exposes
a wiped, cut or recomputed chain. The format is documented in ``docs/security.md``.

The file is JSON: the canonical body (sorted keys, no spaces, UTF-8) is what is signed; the
public key travels with it so the file can be checked anywhere, and the key id (first 8 bytes
of SHA-256 over the public key) ties it to the office's trust file.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.exceptions import InvalidSignature

from app.codes.keys import Signer, key_id_for, load_public_key, public_raw
from app.codes.signed_json import b64 as _b64
from app.codes.signed_json import canonical
from app.codes.signed_json import unb64 as _unb64
from app.errors import InvalidInput

CHECKPOINT_FORMAT = "registry-office-audit-checkpoint"
CHECKPOINT_VERSION = 1
MAX_FILE_BYTES = 64 * 1024


@dataclass(frozen=True)
class Checkpoint:
    office_code: str
    seq: int
    hash: str  # hex SHA-256 chain hash of entry ``seq``
    at: datetime
    key_id: str
    public_key: bytes
    signature: bytes

    def body(self) -> dict[str, Any]:
        return checkpoint_body(self.office_code, self.seq, self.hash, self.at, self.key_id)

    def signature_ok(self) -> bool:
        """The signature verifies with the carried public key, which matches the key id."""
        if len(self.public_key) != 32 or key_id_for(self.public_key) != self.key_id:
            return False
        try:
            load_public_key(self.public_key).verify(self.signature, canonical(self.body()))
        except (InvalidSignature, ValueError):
            return False
        return True

    def to_file(self) -> bytes:
        doc = {**self.body(), "public_key": _b64(self.public_key), "signature": _b64(self.signature)}
        return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def checkpoint_body(office_code: str, seq: int, chain_hash: str, at: datetime,
                    key_id: str) -> dict[str, Any]:
    return {"format": CHECKPOINT_FORMAT, "version": CHECKPOINT_VERSION, "office_code": office_code,
            "seq": seq, "hash": chain_hash, "at": at.isoformat(), "key_id": key_id}


def sign_checkpoint(signer: Signer, office_code: str, seq: int, chain_hash: str,
                    at: datetime) -> Checkpoint:
    body = checkpoint_body(office_code, seq, chain_hash, at, signer.key_id)
    signature = signer.private_key.sign(canonical(body))
    return Checkpoint(office_code, seq, chain_hash, at, signer.key_id,
                      public_raw(signer.private_key), signature)


def _bad(reason: str) -> InvalidInput:
    return InvalidInput("checkpoint_file_invalid", field="checkpoint", reason=reason)


def parse_checkpoint(data: bytes) -> Checkpoint:
    """Read a checkpoint file; malformed files are ``InvalidInput`` (a bad signature is not:
    the caller reports it as a finding, so a forged file is named as such)."""
    if len(data) > MAX_FILE_BYTES:
        raise _bad("file too large")
    try:
        doc = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise _bad("not JSON") from None
    if not isinstance(doc, dict) or doc.get("format") != CHECKPOINT_FORMAT:
        raise _bad("not a Registry Office audit checkpoint")
    if doc.get("version") != CHECKPOINT_VERSION:
        raise _bad(f"unsupported version {doc.get('version')!r}")
    seq, chain_hash = doc.get("seq"), doc.get("hash")
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1:
        raise _bad("seq must be a positive integer")
    if not isinstance(chain_hash, str) or len(chain_hash) != 64:
        raise _bad("hash must be 64 hex digits")
    try:
        bytes.fromhex(chain_hash)
        at = datetime.fromisoformat(str(doc.get("at")))
        public_key = _unb64(str(doc.get("public_key")))
        signature = _unb64(str(doc.get("signature")))
    except ValueError:
        raise _bad("hash, date, key or signature unreadable") from None
    if at.tzinfo is None:
        raise _bad("at: no time zone")
    office_code, key_id = doc.get("office_code"), doc.get("key_id")
    if not isinstance(office_code, str) or not isinstance(key_id, str):
        raise _bad("office_code or key_id missing")
    return Checkpoint(office_code, seq, chain_hash, at, key_id, public_key, signature)
