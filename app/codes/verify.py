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

The payload rules are the verifier's own (a stolen key must not be able to mint a certificate
the office never could): ``nbf`` is 00:00 China time of the annotation day (the day of
``iat``), ``nbf <= iat < exp``, ``exp - nbf`` at most the kind's use window (180 days) and never
past the registration's expiry, and ``iat`` inside the key's period — before a retired key's
retirement, before a compromised key's compromise. Breaking one is ``invalid_signature`` with
the rule's word in ``detail``. A key compromised *after* it signed leaves the certificate
valid with the warning ``key_compromised``; a specimen (demo) certificate keeps its status and
carries the warning ``specimen``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.codes.keys import TrustedKey, load_public_key
from app.codes.payload import (
    CertificateClaims,
    NotOurFormat,
    PayloadError,
    china_date,
    claims_from_message,
    decode_message,
    payload_text,
)
from app.domain.kinds import kind_rules

VALID = "valid"
EXPIRED = "expired"
NOT_YET_VALID = "not_yet_valid"
REGISTRATION_EXPIRED = "registration_expired"
INVALID_SIGNATURE = "invalid_signature"
UNKNOWN_ISSUER = "unknown_issuer"
NOT_A_CERTIFICATE = "not_a_certificate"
STATUSES = (VALID, EXPIRED, NOT_YET_VALID, REGISTRATION_EXPIRED, INVALID_SIGNATURE,
            UNKNOWN_ISSUER, NOT_A_CERTIFICATE)

# Warnings check_code itself attaches (the verification service adds the register's).
CODE_WARNINGS = ("key_compromised", "specimen")

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
    # Facts that do not change the status: key_compromised (signed before the key was
    # distrusted), specimen (a demo certificate: show 样本 / SPECIMEN).
    warnings: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return self.status == VALID


def check_code(text: str, lookup_key: KeyLookup, at: datetime) -> CodeCheck:
    """Judge ``text`` (the QR code's content) at the instant ``at`` (timezone-aware)."""
    if at.tzinfo is None:
        raise ValueError("check_code needs a timezone-aware instant")
    # Keyboard-wedge scanners add a newline; nothing else is normalised (case matters). What
    # comes before "RO1:" is an office's verifier address, not signed: it is dropped.
    text = payload_text(text.strip())
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
    broken = key_rule_broken(claims, key) or payload_rule_broken(claims)
    if broken:
        return CodeCheck(INVALID_SIGNATURE, key=key, detail=broken)
    warnings = tuple(w for w, on in (("key_compromised", key.compromised_at is not None),
                                     ("specimen", claims.specimen)) if on)
    if at < claims.not_before:
        return CodeCheck(NOT_YET_VALID, claims, key, warnings=warnings)
    if china_date(at) > claims.registration_valid_until:
        return CodeCheck(REGISTRATION_EXPIRED, claims, key, warnings=warnings)
    if at >= claims.expires:
        return CodeCheck(EXPIRED, claims, key, warnings=warnings)
    return CodeCheck(VALID, claims, key, warnings=warnings)


def key_rule_broken(claims: CertificateClaims, key: TrustedKey) -> str | None:
    """Why ``key`` cannot have signed ``claims`` legitimately, or None."""
    iat = claims.issued_at
    if key.reserved:
        return "key_reserved"  # announced for later: signs nothing yet
    if key.compromised_at is not None and iat >= key.compromised_at:
        return "key_compromised"
    if key.demo and not claims.specimen:
        # The demo key's passphrase is published: it vouches for nothing but specimens.
        return "demo_key_not_specimen"
    if not key.may_have_signed_at(iat):
        # Signed before the key existed or after it was retired: a stolen or misused key.
        return "key_not_valid_at_issue"
    return None


def payload_rule_broken(claims: CertificateClaims) -> str | None:
    """The annotation rules every genuine payload keeps (docs/payload.md section 6)."""
    nbf, exp, iat = claims.not_before, claims.expires, claims.issued_at
    if china_date(iat) != claims.window_start:
        return "window_not_from_annotation_day"  # nbf must be 00:00 of the day of iat
    if not nbf <= iat < exp:
        return "issued_outside_window"
    if exp - nbf > timedelta(days=kind_rules(claims.kind).use_window_days):
        return "window_too_long"
    if claims.window_end > claims.registration_valid_until:
        return "window_past_registration"
    return None


def lookup_from(keys: list[TrustedKey]) -> KeyLookup:
    """A ``lookup_key`` over a list of keys (e.g. loaded once from the trust store)."""
    by_id = {k.key_id: k for k in keys}
    return lambda key_id: by_id.get(key_id)


__all__ = ["STATUSES", "CodeCheck", "KeyLookup", "check_code", "lookup_from"]
