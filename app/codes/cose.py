"""COSE_Sign1 (RFC 9052) with EdDSA/Ed25519, built on cbor2 and ``cryptography``.

Why not pycose: pycose 1.1.0 signs EdDSA correctly, but its decoder breaks with cbor2 >= 6
(cbor2 now hands back the contents of a CBOR tag as a tuple, and pycose only accepts a list:
``TypeError: Bytes cannot be decoded as COSE message``). A verifier must also be strict in a
way a general library is not: exactly one algorithm (EdDSA), the key id in the *protected*
header so it is covered by the signature, no detached payload, nothing else. The structure is
small enough to write down exactly; tests check interoperability both ways with pycose.

Structure produced (tag 18)::

    COSE_Sign1 = [ protected: bstr .cbor {1: -8, 4: kid}, unprotected: {}, payload: bstr,
                   signature: bstr(64) ]
    Sig_structure = ["Signature1", protected, external_aad = b"", payload]
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass

import cbor2
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

COSE_SIGN1_TAG = 18
HEADER_ALG = 1
HEADER_KID = 4
ALG_EDDSA = -8


class CoseFormatError(ValueError):
    """The bytes are not a COSE_Sign1 message of the shape this product issues."""


@dataclass(frozen=True)
class Sign1:
    """A parsed, not yet verified, COSE_Sign1 message."""

    protected: bytes   # the serialized protected header, exactly as signed
    kid: bytes
    payload: bytes
    signature: bytes

    def signed_bytes(self) -> bytes:
        return sig_structure(self.protected, self.payload)

    def verify(self, public_key: Ed25519PublicKey) -> bool:
        try:
            public_key.verify(self.signature, self.signed_bytes())
        except InvalidSignature:
            return False
        return True


def sig_structure(protected: bytes, payload: bytes) -> bytes:
    return cbor2.dumps(["Signature1", protected, b"", payload])


def sign1(payload: bytes, kid: bytes, private_key: Ed25519PrivateKey) -> bytes:
    """Sign ``payload``; Ed25519 is deterministic, so equal inputs give equal bytes."""
    protected = cbor2.dumps({HEADER_ALG: ALG_EDDSA, HEADER_KID: kid})
    signature = private_key.sign(sig_structure(protected, payload))
    return cbor2.dumps(cbor2.CBORTag(COSE_SIGN1_TAG, [protected, {}, payload, signature]))


def loads_exact(data: bytes) -> object:
    """One CBOR item that fills ``data`` exactly.

    ``cbor2.loads`` stops after the first item and ignores whatever follows; a verifier must
    not, or bytes appended after a signed message would give one certificate many texts.
    """
    stream = io.BytesIO(data)
    obj = cbor2.CBORDecoder(stream).decode()
    if stream.tell() != len(data):
        raise CoseFormatError(f"{len(data) - stream.tell()} bytes after the CBOR item")
    return obj


def parse_sign1(data: bytes) -> Sign1:
    """Parse strictly; anything else raises :class:`CoseFormatError`."""
    try:
        obj = loads_exact(data)
    except CoseFormatError:
        raise
    except Exception as exc:  # cbor2 raises several types for broken input
        raise CoseFormatError(f"not CBOR: {exc}") from exc
    # cbor2 >= 6 hands back a tag's contents as immutable types (tuple, frozendict).
    # Untagged COSE_Sign1 is allowed by RFC 9052 when the context says what it is.
    if isinstance(obj, cbor2.CBORTag):
        if obj.tag != COSE_SIGN1_TAG:
            raise CoseFormatError(f"CBOR tag {obj.tag} is not COSE_Sign1")
        obj = obj.value
    if not isinstance(obj, list | tuple) or len(obj) != 4:
        raise CoseFormatError("COSE_Sign1 must be an array of 4")
    protected, unprotected, payload, signature = obj
    if not isinstance(protected, bytes) or not isinstance(unprotected, Mapping):
        raise CoseFormatError("bad header types")
    if not isinstance(payload, bytes) or not isinstance(signature, bytes) or len(signature) != 64:
        raise CoseFormatError("bad payload or signature")
    try:
        header = loads_exact(protected)
    except Exception as exc:
        raise CoseFormatError("protected header is not CBOR") from exc
    if not isinstance(header, Mapping) or header.get(HEADER_ALG) != ALG_EDDSA:
        raise CoseFormatError("algorithm must be EdDSA (-8) in the protected header")
    kid = header.get(HEADER_KID)
    if not isinstance(kid, bytes) or not kid:
        raise CoseFormatError("key id missing from the protected header")
    if set(header) - {HEADER_ALG, HEADER_KID} or unprotected:
        # Nothing unsigned may influence how the message is read.
        raise CoseFormatError("unexpected header parameters")
    return Sign1(protected, kid, payload, signature)
