"""Ed25519 signing keys of an office and the trust-store file offices exchange.

- A key's id is the first 8 bytes of SHA-256 over its raw 32-byte public key, written as 16
  lower-case hex digits; the same 8 bytes are the COSE ``kid``. It can be recomputed by anyone,
  so a trust file cannot pair a key id with a different key.
- Private keys are stored only as PKCS#8 DER encrypted with the office passphrase
  (``BestAvailableEncryption``); the passphrase itself is never stored.
- The trust file and the revocation list that offices exchange are in
  :mod:`app.codes.trust_file` and :mod:`app.codes.revocations`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from app.errors import InvalidInput

KEY_ID_BYTES = 8
MIN_PASSPHRASE = 10
# The demo register's key: its passphrase is published (README, docs/user), so it is never an
# office's key, never exported, and whatever it signs is at most a specimen.
DEMO_PASSPHRASE = "registry-office-demo-only"
DEMO_OFFICE_USCC = "91350100M000100Y43"  # the GB 32100 standard's own example code


def generate_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_raw(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    # cryptography's serialization package loads its SSH key support too (~5 ms): only
    # here, not on every start of `verify FILE` (issue 16).
    from cryptography.hazmat.primitives import serialization

    pub = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return pub.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id_for(public_key: bytes) -> str:
    return hashlib.sha256(public_key).digest()[:KEY_ID_BYTES].hex()


def fingerprint(public_key: bytes) -> str:
    """Full SHA-256 of the public key in groups of four, read aloud to confirm a key by phone."""
    digest = hashlib.sha256(public_key).hexdigest().upper()
    return " ".join(digest[i:i + 4] for i in range(0, len(digest), 4))


def check_passphrase_strength(passphrase: str) -> None:
    if len(passphrase or "") < MIN_PASSPHRASE:
        raise InvalidInput("key_passphrase_too_short", field="passphrase", min=MIN_PASSPHRASE)


def encrypt_private_key(key: Ed25519PrivateKey, passphrase: str) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                             serialization.BestAvailableEncryption(passphrase.encode("utf-8")))


def load_encrypted_pkcs8(blob: bytes, passphrase: str) -> object:
    """A passphrase-encrypted PKCS#8 private key (the office's signing and encryption keys),
    or ``key_passphrase_wrong``; the caller checks the key's type."""
    from cryptography.hazmat.primitives import serialization

    try:
        return serialization.load_der_private_key(blob, password=passphrase.encode("utf-8"))
    except (ValueError, TypeError):
        # cryptography says "Bad decrypt. Incorrect password?" as a ValueError.
        raise InvalidInput("key_passphrase_wrong", field="passphrase") from None


def decrypt_private_key(blob: bytes, passphrase: str) -> Ed25519PrivateKey:
    key = load_encrypted_pkcs8(blob, passphrase)
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput("key_not_ed25519", field="passphrase")
    return key


def load_public_key(raw: bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(raw)


@dataclass(frozen=True)
class Signer:
    """An unlocked private key, held only for the use case that needs it."""

    key_id: str
    private_key: Ed25519PrivateKey

    @property
    def kid(self) -> bytes:
        return bytes.fromhex(self.key_id)

    @classmethod
    def from_private_key(cls, key: Ed25519PrivateKey) -> Signer:
        return cls(key_id_for(public_raw(key)), key)


KEY_STATES = ("active", "retired", "compromised", "reserved")


@dataclass(frozen=True)
class TrustedKey:
    """A public key we accept signatures from (our own or imported from another office).

    Life cycle (docs/payload.md section 4), as the EU DCC and X.509 practice do it:

    - *active*: signs now;
    - *retired* (``retired_at``): normal rotation; what it signed before retirement stays valid;
    - *compromised* (``compromised_at``): distrusted from that instant; nothing it signed at or
      after it is valid, and what it signed before carries a warning;
    - *reserved*: published ahead of use (the next key), verifies nothing yet.
    """

    key_id: str
    office_code: str   # the office's unified social credit code; equals the payload's ``iss``
    office_name: str
    public_key: bytes  # raw 32 bytes
    valid_from: datetime
    valid_until: datetime | None = None  # no signatures after this instant
    retired_at: datetime | None = None   # rotated out: still verifies what it signed before
    source: str = "own"
    compromised_at: datetime | None = None  # distrusted from this instant on
    compromise_reason: str | None = None
    reserved: bool = False               # announced, not yet signing
    demo: bool = False                   # the demo key: its passphrase is published

    @property
    def state(self) -> str:
        if self.compromised_at is not None:
            return "compromised"
        if self.retired_at is not None:
            return "retired"
        return "reserved" if self.reserved else "active"

    @property
    def is_current(self) -> bool:
        """May speak for its office today: active, not demo."""
        return self.state == "active" and not self.demo

    def signing_end(self) -> datetime | None:
        ends = [t for t in (self.valid_until, self.retired_at) if t is not None]
        return min(ends) if ends else None

    def may_have_signed_at(self, at: datetime) -> bool:
        end = self.signing_end()
        return (not self.reserved and self.valid_from <= at and (end is None or at <= end)
                and (self.compromised_at is None or at < self.compromised_at))
