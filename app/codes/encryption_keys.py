"""The office's X25519 encryption key (issue 12): bundles from other offices are sealed to it.

Made beside the Ed25519 signing key and kept the same way: the private half only as PKCS#8
encrypted with the office passphrase (cryptography's best available encryption), never in
clear. The public half is published in the trust file v2 as ``office.encryption_key``.
PyNaCl (libsodium) does the sealing; this module only converts between the two libraries'
raw 32-byte forms.
"""

from __future__ import annotations

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.codes.keys import load_encrypted_pkcs8
from app.errors import InvalidInput

ALGORITHM = "X25519"


def generate_encryption_key() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


def encryption_public_raw(key: X25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def encrypt_encryption_key(key: X25519PrivateKey, passphrase: str) -> bytes:
    return key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                             serialization.BestAvailableEncryption(passphrase.encode("utf-8")))


def decrypt_encryption_key(blob: bytes, passphrase: str) -> bytes:
    """The raw 32-byte private key (what libsodium takes), or ``key_passphrase_wrong``."""
    key = load_encrypted_pkcs8(blob, passphrase)
    if not isinstance(key, X25519PrivateKey):
        raise InvalidInput("key_not_x25519", field="passphrase")
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw,
                             serialization.NoEncryption())
