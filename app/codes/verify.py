"""Offline check of a scanned certificate code: format, issuer key, signature, then dates.

:func:`check_code` needs no database: the caller passes ``lookup_key`` (key id -> trusted key)
from its trust store. The order of the checks matters to the help desk: a foreign QR code
(a URL, a payment code) is ``not_a_certificate``, never "expired"; a code that carries our
prefix but does not decode or whose signature fails is ``invalid_signature`` (forged, altered
or damaged); dates are judged only once the signature proves who wrote them.

Dates: ``not_yet_valid`` before the use window; ``registration_expired`` once the registration
itself has lapsed (the holder needs a continuation, not just a new printout; it takes precedence
over ``expired`` because the use window is always cut at the registration's expiry, so both
would be true); ``expired`` when only the 180-day use window is over.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from app.codes.keys import TrustedKey, load_public_key
from app.codes.payload import (
    CertificateClaims,
    NotOurFormat,
    PayloadError,
    china_date,
    claims_from_message,
    decode_message,
)

VALID = "valid"
EXPIRED = "expired"
NOT_YET_VALID = "not_yet_valid"
REGISTRATION_EXPIRED = "registration_expired"
INVALID_SIGNATURE = "invalid_signature"
UNKNOWN_ISSUER = "unknown_issuer"
NOT_A_CERTIFICATE = "not_a_certificate"
STATUSES = (VALID, EXPIRED, NOT_YET_VALID, REGISTRATION_EXPIRED, INVALID_SIGNATURE,
            UNKNOWN_ISSUER, NOT_A_CERTIFICATE)

KeyLookup = Callable[[str], TrustedKey | None]


@dataclass(frozen=True)
class CodeCheck:
    """The result. ``claims`` and ``key`` are set only once the signature has been verified."""

    status: str
    claims: CertificateClaims | None = None
    key: TrustedKey | None = None
    # Why, in a stable word: no_prefix, unsupported_version, damaged, bad_signature,
    # issuer_mismatch, key_not_valid_at_issue, malformed_claims, key_id (unknown_issuer).
    detail: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == VALID


def check_code(text: str, lookup_key: KeyLookup, at: datetime) -> CodeCheck:
    """Judge ``text`` (the QR code's content) at the instant ``at`` (timezone-aware)."""
    if at.tzinfo is None:
        raise ValueError("check_code needs a timezone-aware instant")
    # Keyboard-wedge scanners add a newline; nothing else is normalised (case matters).
    text = text.strip()
    try:
        message = decode_message(text)
    except NotOurFormat as exc:
        return CodeCheck(NOT_A_CERTIFICATE, detail=str(exc))
    except PayloadError:
        return CodeCheck(INVALID_SIGNATURE, detail="damaged")
    kid = message.kid.hex()
    key = lookup_key(kid)
    if key is None:
        return CodeCheck(UNKNOWN_ISSUER, detail=kid)
    try:
        public = load_public_key(key.public_key)
    except ValueError:
        return CodeCheck(UNKNOWN_ISSUER, key=key, detail=kid)
    if not message.verify(public):
        return CodeCheck(INVALID_SIGNATURE, key=key, detail="bad_signature")
    try:
        claims = claims_from_message(message)
    except PayloadError:
        return CodeCheck(INVALID_SIGNATURE, key=key, detail="malformed_claims")
    if claims.issuer != key.office_code:
        # One office's key must not vouch for certificates in another office's name.
        return CodeCheck(INVALID_SIGNATURE, key=key, detail="issuer_mismatch")
    if not key.may_have_signed_at(claims.issued_at):
        # Signed before the key existed or after it was retired: a stolen or misused key.
        return CodeCheck(INVALID_SIGNATURE, key=key, detail="key_not_valid_at_issue")
    if at < claims.not_before:
        return CodeCheck(NOT_YET_VALID, claims, key)
    if china_date(at) > claims.registration_valid_until:
        return CodeCheck(REGISTRATION_EXPIRED, claims, key)
    if at >= claims.expires:
        return CodeCheck(EXPIRED, claims, key)
    return CodeCheck(VALID, claims, key)


def lookup_from(keys: list[TrustedKey]) -> KeyLookup:
    """A ``lookup_key`` over a list of keys (e.g. loaded once from the trust store)."""
    by_id = {k.key_id: k for k in keys}
    return lambda key_id: by_id.get(key_id)


__all__ = ["STATUSES", "CodeCheck", "KeyLookup", "check_code", "lookup_from"]
