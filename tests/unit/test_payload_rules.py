"""Issue 10: what a stolen or retired key cannot mint any more, and one text per certificate.

Each test signs for real with the key the verifier trusts: the signature is genuine, so only
the verifier's own rules (docs/payload.md section 6) stand between the thief and ``valid``.
"""

from __future__ import annotations

import zlib
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import base45
import cbor2

from app.codes.cose import sign1
from app.codes.payload import PREFIX, SpecialtyClaim, decode_message, encode_payload
from app.codes.verify import (
    EXPIRED,
    INVALID_SIGNATURE,
    NOT_YET_VALID,
    VALID,
    check_code,
    lookup_from,
)
from tests.helpers.codes import claims, fixed_signer, trusted

SIGNER = fixed_signer()
RETIRED_AT = datetime(2026, 6, 1, tzinfo=UTC)
RETIRED = trusted(SIGNER, retired_at=RETIRED_AT, valid_until=RETIRED_AT)
AT = datetime(2026, 12, 6, 3, 0, tzinfo=UTC)


def _check(c: object, key: object = RETIRED, at: datetime = AT):  # type: ignore[no-untyped-def]
    return check_code(encode_payload(c, SIGNER), lookup_from([key]), at)  # type: ignore[arg-type]


def _backdated(day: date, window_end: date, **kw: object):  # type: ignore[no-untyped-def]
    return claims(issued_at=datetime.combine(day, datetime.min.time(), UTC).replace(hour=2),
                  window_start=day, window_end=window_end, **kw)


def test_leaked_retired_key_cannot_mint_a_ten_year_window() -> None:
    """The issue's attack: backdated inside the old period, with a ten-year use window."""
    spec = (SpecialtyClaim("building", date(2025, 1, 1), date(2036, 12, 31)),)
    forged = _backdated(date(2026, 5, 1), date(2036, 4, 30), specialties=spec)
    result = _check(forged)
    assert (result.status, result.detail) == (INVALID_SIGNATURE, "window_too_long")


def test_backdated_within_the_rules_expires_with_the_old_period() -> None:
    """What a thief of a retired key can still make is bounded: a 180-day window from a day
    before the retirement, so it is over 180 days after the retirement at the latest."""
    forged = _backdated(date(2026, 5, 31), date(2026, 11, 26))
    assert _check(forged, at=datetime(2026, 11, 1, tzinfo=UTC)).status == VALID
    assert _check(forged, at=AT).status == EXPIRED
    after = _backdated(date(2026, 6, 2), date(2026, 11, 28))
    assert _check(after).detail == "key_not_valid_at_issue"


def test_nbf_is_the_annotation_day_and_iat_inside_the_window() -> None:
    day = datetime(2026, 5, 1, 2, 0, tzinfo=UTC)
    # Window starting on another day than the annotation (either way).
    early = claims(issued_at=day, window_start=date(2026, 4, 1), window_end=date(2026, 9, 27))
    late = claims(issued_at=day, window_start=date(2026, 5, 10), window_end=date(2026, 11, 5))
    for c in (early, late):
        assert _check(c, at=datetime(2026, 5, 20, tzinfo=UTC)).detail == \
            "window_not_from_annotation_day"
    # 00:30 China time on 1 May is 30 April in UTC: the China day counts.
    china_morning = claims(issued_at=datetime(2026, 4, 30, 16, 30, tzinfo=UTC),
                           window_start=date(2026, 5, 1), window_end=date(2026, 10, 27))
    assert _check(china_morning, at=datetime(2026, 5, 2, tzinfo=UTC)).status == VALID


def test_window_never_past_the_registration() -> None:
    spec = (SpecialtyClaim("building", date(2025, 1, 1), date(2026, 8, 31)),)
    c = _backdated(date(2026, 5, 1), date(2026, 9, 30), specialties=spec)
    assert _check(c, at=datetime(2026, 5, 2, tzinfo=UTC)).detail == "window_past_registration"
    ok = _backdated(date(2026, 5, 1), date(2026, 8, 31), specialties=spec)
    assert _check(ok, at=datetime(2026, 5, 2, tzinfo=UTC)).status == VALID


def test_exactly_180_days_is_the_limit() -> None:
    start = date(2026, 5, 1)
    ok = _backdated(start, start + timedelta(days=179))
    assert _check(ok, at=datetime(2026, 5, 2, tzinfo=UTC)).status == VALID
    long = _backdated(start, start + timedelta(days=180))
    assert _check(long, at=datetime(2026, 5, 2, tzinfo=UTC)).detail == "window_too_long"


def test_compromised_key_from_a_date() -> None:
    since = datetime(2026, 3, 1, tzinfo=UTC)
    key = trusted(SIGNER, compromised_at=since, compromise_reason="laptop stolen")
    before = _backdated(date(2026, 2, 1), date(2026, 7, 30))
    after = _backdated(date(2026, 3, 2), date(2026, 8, 28))
    at = datetime(2026, 4, 1, tzinfo=UTC)
    good = _check(before, key, at)
    assert good.status == VALID and "key_compromised" in good.warnings  # the help desk is told
    bad = _check(after, key, at)
    assert (bad.status, bad.detail, bad.claims) == (INVALID_SIGNATURE, "key_compromised", None)


def test_reserved_and_demo_keys() -> None:
    c = _backdated(date(2026, 5, 1), date(2026, 10, 27))
    at = datetime(2026, 5, 2, tzinfo=UTC)
    assert _check(c, trusted(SIGNER, reserved=True), at).detail == "key_reserved"
    demo = trusted(SIGNER, demo=True)
    assert _check(c, demo, at).detail == "demo_key_not_specimen"
    specimen = _check(replace(c, specimen=True), demo, at)
    assert specimen.status == VALID and "specimen" in specimen.warnings


def test_specimen_keeps_its_status_with_a_warning() -> None:
    c = _backdated(date(2026, 5, 1), date(2026, 10, 27), specimen=True)
    assert _check(c, at=datetime(2026, 4, 30, 12, tzinfo=UTC)).status == NOT_YET_VALID
    result = _check(c, at=datetime(2026, 5, 2, tzinfo=UTC))
    assert result.status == VALID and result.warnings == ("specimen",)


def _reencode(raw: bytes) -> str:
    return PREFIX + base45.b45encode(zlib.compress(raw, 9)).decode("ascii")


def test_trailing_bytes_after_cose_refused() -> None:
    """One certificate, one text: bytes after the COSE structure are not ignored."""
    text = encode_payload(claims(), SIGNER)
    lookup = lookup_from([trusted(SIGNER)])
    at = datetime(2027, 1, 10, tzinfo=UTC)
    assert check_code(text, lookup, at).status == VALID
    raw = zlib.decompress(base45.b45decode(text[len(PREFIX):]))
    assert _reencode(raw) == text  # the re-encoding itself is faithful
    for tail in (b"\x00", b"\xf6", cbor2.dumps({"x": 1})):
        result = check_code(_reencode(raw + tail), lookup, at)
        assert (result.status, result.detail) == (INVALID_SIGNATURE, "damaged"), tail


def test_trailing_bytes_inside_the_signed_parts_refused() -> None:
    """Also inside the protected header and the claims, even when the key signed them."""
    message = decode_message(encode_payload(claims(), SIGNER))
    lookup = lookup_from([trusted(SIGNER)])
    at = datetime(2027, 1, 10, tzinfo=UTC)
    padded = sign1(message.payload + b"\x00", SIGNER.kid, SIGNER.private_key)
    result = check_code(_reencode(padded), lookup, at)
    assert (result.status, result.detail) == (INVALID_SIGNATURE, "malformed_claims")


def test_window_must_be_whole_china_days() -> None:
    message = decode_message(encode_payload(claims(), SIGNER))
    cwt = cbor2.loads(message.payload)
    cwt[5] += 60  # nbf one minute after midnight: same dates shown, another signed text
    text = _reencode(sign1(cbor2.dumps(cwt), SIGNER.kid, SIGNER.private_key))
    result = check_code(text, lookup_from([trusted(SIGNER)]), datetime(2027, 1, 10, tzinfo=UTC))
    assert (result.status, result.detail) == (INVALID_SIGNATURE, "malformed_claims")
